// Chart (a): equity, maintenance margin and initial margin against the underlying's index,
// before (dashed) and after (solid) the order, with the liquidation, margin-call and warning
// prices the engine found marked on the equity curve (equity = MM at a liquidation price,
// = IM at a margin call, MM / equity = the warning ratio at a warning).
import { drawChart, moneyAxis, priceAxis, valueText, verticalLine } from './uplot-common.mjs';

const COLORS = { equity: '#1f5fbf', maintenance: '#c0392b', initial: '#e67e22' };
const MARKERS = [
  ['liquidation', 'liquidation', '#c0392b'],
  ['marginCall', 'margin call', '#e67e22'],
  ['warning', 'warning', '#d4ac0d'],
];

const line = (label, color, dashed) => ({
  label, stroke: color, width: dashed ? 1.5 : 2, dash: dashed ? [6, 4] : undefined, value: valueText, points: { show: false },
});

export function drawMarginChart(box, margin) {
  const { prices, before, after, markers, underlying, index } = margin;
  const series = [{ label: `${underlying} index`, value: (u, v) => valueText(u, v) }];
  const data = [prices];
  const add = (s, values) => { series.push(s); data.push(values); };
  if (after) {
    add(line('equity after', COLORS.equity), after.equity);
    add(line('MM after', COLORS.maintenance), after.maintenance);
    add(line('IM after', COLORS.initial), after.initial);
  }
  add(line(after ? 'equity before' : 'equity', COLORS.equity, Boolean(after)), before.equity);
  add(line(after ? 'MM before' : 'MM', COLORS.maintenance, Boolean(after)), before.maintenance);
  add(line(after ? 'IM before' : 'IM', COLORS.initial, Boolean(after)), before.initial);
  // Markers of the state shown solid: after the order when there is one.
  const side = after ? 'after' : 'before';
  const equity = after ? after.equity : before.equity;
  for (const [kind, label, color] of MARKERS) {
    const at = new Set(markers.filter((m) => m.kind === kind && m.side === side && m.drawn).map((m) => m.price));
    add({ label: `${label} price`, stroke: color, fill: color, paths: () => null, value: valueText,
      points: { show: true, size: 11, stroke: color, fill: color } },
    prices.map((p, i) => (at.has(p) ? equity[i] : null)));
  }
  return drawChart(box, {
    series,
    scales: { x: { time: false } },
    axes: [priceAxis(`${underlying} index (USD)`), moneyAxis('USD')],
    cursor: { drag: { x: true, y: false } },
    plugins: [verticalLine(index, 'index')],
  }, data);
}
