// The readable report of check and preview, from the same report --json prints.
import {
  greeksTable, heading, levelsTable, orderLines, outcomeLines, portfolioTable, riskTable, stressTable, verdictLines,
} from './report-sections.mjs';

function checkSections(report, inputs, paint) {
  const { risk, preview } = report;
  const sections = [];
  if (preview) {
    sections.push(orderLines(inputs.orders));
    sections.push(riskTable([{ header: 'before', risk: preview.before }, { header: 'after', risk: preview.after }], paint, preview.change));
  } else {
    sections.push(riskTable([{ header: 'now', risk }], paint));
  }
  if (risk.portfolio) sections.push(portfolioTable(risk.portfolio));
  if (risk.liquidation.length) {
    const levels = risk.liquidation;
    sections.push(levelsTable(levels, [{ header: 'liquidation', levels, key: 'liquidation' },
      { header: 'margin call', levels, key: 'marginCall' }, { header: 'warning', levels, key: 'warning' }],
    'Index prices where the status of the account now changes'));
  }
  if (risk.greeks.length) sections.push(greeksTable(risk.greeks, 'Greeks now per underlying:'));
  if (preview) sections.push(outcomeLines(preview, inputs.orders, paint));
  return sections;
}

function previewSections(report, inputs, paint) {
  const { preview } = report;
  const sections = [
    orderLines(inputs.orders),
    riskTable([{ header: 'before', risk: preview.before }, { header: 'after', risk: preview.after }], paint, preview.change),
    outcomeLines(preview, inputs.orders, paint),
  ];
  if (preview.after.portfolio) sections.push(portfolioTable(preview.after.portfolio));
  if (preview.liquidationAfter.length) {
    // Rows are the entries after (isolated: the order may add a position), each beside its entry
    // before when there is one.
    const key = (entry) => entry.instrument ?? entry.underlying;
    const after = preview.liquidationAfter;
    const byKey = new Map(preview.liquidationBefore.map((entry) => [key(entry), entry]));
    const before = after.map((entry) => byKey.get(key(entry)));
    sections.push(levelsTable(after, [{ header: 'liquidation before', levels: before, key: 'liquidation' },
      { header: 'liquidation after', levels: after, key: 'liquidation' },
      { header: 'margin call after', levels: after, key: 'marginCall' },
      { header: 'warning after', levels: after, key: 'warning' }]));
  }
  if (preview.after.greeks.length) sections.push(greeksTable(preview.after.greeks, 'Greeks after the order per underlying:'));
  return sections;
}

export function renderReport(report, inputs, paint) {
  const sections = [heading(report, inputs)];
  sections.push(...(report.command === 'check' ? checkSections(report, inputs, paint) : previewSections(report, inputs, paint)));
  if (report.stress.length) sections.push(stressTable(report.stress, paint));
  sections.push(verdictLines(report.decision, paint));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
