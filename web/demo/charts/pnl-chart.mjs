// Chart (c): P&L from today's marks of one underlying's positions (and its coin held as
// collateral) against its index: at the first expiry, today, and after the stress slider's days;
// after the order solid, before dashed.
import { drawChart, moneyAxis, priceAxis, valueText, verticalLine } from './uplot-common.mjs';

const line = (label, color, { dashed = false, width = 2 } = {}) => ({
  label, stroke: color, width, dash: dashed ? [6, 4] : undefined, value: valueText, points: { show: false },
});

export function drawPnlChart(box, { prices, index, underlying, before, after }) {
  const main = after ?? before;
  const series = [{ label: `${underlying} index`, value: valueText }];
  const data = [prices];
  const add = (s, values) => { if (values) { series.push(s); data.push(values); } };
  const tag = after ? ' (after order)' : '';
  if (main.expiry) add(line(`at expiry ${expiryText(main.expiry.ms)}${tag}`, '#7d3c98'), main.atExpiry);
  add(line(`today${tag}`, '#1f5fbf'), main.today);
  if (main.atDays) add(line(`in ${main.days} days${tag}`, '#16a085'), main.atDays);
  if (after) {
    if (before.expiry) add(line('at expiry, before order', '#7d3c98', { dashed: true, width: 1.5 }), before.atExpiry);
    add(line('today, before order', '#1f5fbf', { dashed: true, width: 1.5 }), before.today);
  }
  return drawChart(box, {
    series,
    scales: { x: { time: false } },
    axes: [priceAxis(`${underlying} index (USD)`), moneyAxis('P&L USD')],
    cursor: { drag: { x: true, y: false } },
    plugins: [verticalLine(index, 'index')],
  }, data);
}

export function expiryText(ms) {
  return new Date(ms).toISOString().replace('T', ' ').replace(/:00\.000Z$/, ' UTC');
}
