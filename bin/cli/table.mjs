// Aligned plain-text tables: a header row, a rule, rows; text columns to the left, number
// columns (align 'right') to the right, two spaces between columns.
import { visibleLength } from './colour.mjs';

// columns: [{ header, align? }]; rows: arrays of strings. Returns lines, indented by two spaces.
export function table(columns, rows) {
  const widths = columns.map((column, i) => Math.max(visibleLength(column.header),
    ...rows.map((row) => visibleLength(row[i] ?? ''))));
  const cell = (text, i) => {
    const pad = ' '.repeat(widths[i] - visibleLength(text));
    return columns[i].align === 'right' ? pad + text : text + pad;
  };
  const line = (cells) => `  ${cells.map((text, i) => cell(text ?? '', i)).join('  ')}`.trimEnd();
  return [
    line(columns.map((column) => column.header)),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ];
}
