// Inputs bound to the page state: each carries data-field (its UI key), which is where an error
// about it is shown, and reports every keystroke.
import { h } from './dom.mjs';

export function textInput({ field, value, onInput, placeholder, list, title, wide, inputmode }) {
  return h('input', {
    type: 'text', value: value ?? '', placeholder, list, title, inputmode, spellcheck: 'false', autocomplete: 'off',
    class: wide ? 'wide' : undefined,
    dataset: { field },
    oninput: (event) => onInput(event.target.value),
  });
}

export function numberInput(options) {
  return textInput({ inputmode: 'decimal', ...options });
}

export function select({ field, value, options, onChange, disabled, title }) {
  return h('select', {
    dataset: { field }, disabled, title,
    onchange: (event) => onChange(event.target.value),
  }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

// A labelled control on one line.
export function labelled(text, control, hint) {
  return h('label', { class: 'labelled' }, h('span', { class: 'label' }, text), control, hint ? h('small', { class: 'hint' }, hint) : null);
}

// An editable table: one input per column, a remove button per row, an add button. rows is the
// state's own array (edited in place); columns: { key, label, get(row), set(row, text), ... }.
export function rowsEditor({ fieldBase, rows, columns, newRow, addLabel, onChange, emptyText }) {
  const body = h('tbody');
  const render = () => {
    body.replaceChildren(...rows.map((row, r) => h('tr', { dataset: { field: `${fieldBase}.${r}` } },
      columns.map((c) => h('td', null, (c.number ? numberInput : textInput)({
        field: `${fieldBase}.${r}.${c.key}`, value: c.get(row), placeholder: c.placeholder, list: c.list,
        wide: c.wide, title: c.title,
        onInput: (text) => { c.set(row, text); onChange(); },
      }))),
      h('td', { class: 'row-action' }, h('button', {
        type: 'button', class: 'remove', title: 'Remove this row', 'aria-label': 'Remove this row',
        onclick: () => { rows.splice(r, 1); render(); onChange(); },
      }, '×')))));
    if (rows.length === 0 && emptyText) body.append(h('tr', null, h('td', { colspan: columns.length + 1, class: 'empty' }, emptyText)));
  };
  render();
  return h('div', { class: 'rows-editor', dataset: { field: fieldBase } },
    h('table', null,
      h('thead', null, h('tr', null, columns.map((c) => h('th', null, c.label)), h('th'))),
      body),
    h('button', { type: 'button', class: 'add', onclick: () => { rows.push(newRow()); render(); onChange(); } }, `+ ${addLabel}`));
}

// Columns of [key, value] rows.
export const keyColumn = (label, placeholder, extra = {}) => ({ key: 'key', label, placeholder, get: (r) => r[0], set: (r, v) => { r[0] = v; }, ...extra });
export const valueColumn = (label, placeholder, extra = {}) => ({ key: 'value', label, placeholder, number: true, get: (r) => r[1], set: (r, v) => { r[1] = v; }, ...extra });
