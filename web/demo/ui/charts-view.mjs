// The charts card: which underlying, chart (a) margin against price and chart (c) P&L profile,
// with what each shows and any note on what could not be drawn.
import { h, fill } from './dom.mjs';
import { select } from './inputs.mjs';
import { usd } from './format.mjs';
import { clearChart, resizeCharts } from '../charts/uplot-common.mjs';
import { drawMarginChart } from '../charts/margin-chart.mjs';
import { drawPnlChart, expiryText } from '../charts/pnl-chart.mjs';

export function renderCharts(container, { charts, chartsError, afterNote, hasPreview }, state, onUnderlyingChange) {
  for (const box of container.querySelectorAll('.chart')) clearChart(box);
  const coins = state.market.underlyings.map((u) => u.name.trim()).filter(Boolean);
  const marginBox = h('div', { class: 'chart', id: 'margin-chart' });
  const pnlBox = h('div', { class: 'chart', id: 'pnl-chart' });
  const notes = [];
  if (chartsError) notes.push(`The charts could not be computed: ${chartsError.code} ${chartsError.message}`);
  if (hasPreview && afterNote) notes.push(`After-order curves left out: ${afterNote}.`);
  const margin = charts?.margin;
  const offChart = margin ? margin.markers.filter((m) => !m.drawn && m.side === (margin.after ? 'after' : 'before')) : [];
  if (margin?.markers.some((m) => m.instrument)) notes.push('Isolated margin: the markers are each position\'s own levels (its isolated equity against its margins), drawn on the account\'s equity curve.');
  if (offChart.length) notes.push(`Beyond the chart: ${offChart.map((m) => `${m.kind} ${usd(m.price)}`).join(', ')}.`);
  const expiry = charts?.pnl.after?.expiry ?? charts?.pnl.before.expiry;
  fill(container,
    h('div', { class: 'card-head' },
      h('h2', null, 'Charts'),
      h('label', { class: 'labelled' }, h('span', { class: 'label' }, 'Underlying'),
        select({ field: 'view.underlying', value: charts?.underlying ?? state.view.underlying, options: coins.map((c) => [c, c]),
          onChange: (v) => { state.view.underlying = v; onUnderlyingChange(); } }))),
    notes.map((n) => h('p', { class: 'note' }, n)),
    h('h3', null, 'Equity and margin against the index'),
    h('p', { class: 'hint' }, 'The account revalued by mk.stress at each index level (forwards and futures marks move with it, vols at the same moneyness), others held. ',
      'Solid: after the order; dashed: before. Markers: the engine\'s liquidation, margin-call and warning prices. Drag to zoom, double-click to reset.'),
    marginBox,
    h('h3', null, 'P&L profile'),
    h('p', { class: 'hint' }, `P&L from today's marks of the ${charts?.underlying ?? ''} positions and ${charts?.underlying ?? 'the'} coin held. `,
      expiry ? `At expiry (${expiryText(expiry.ms)}): ${expiry.instruments.join(', ')} settle at the index; later expiries are revalued at that date with the forwards' basis held. ` : '',
      'Move the days slider to add a curve at that date.'),
    pnlBox);
  if (!charts) return;
  drawMarginChart(marginBox, charts.margin);
  drawPnlChart(pnlBox, { prices: charts.margin.prices, index: charts.margin.index, underlying: charts.underlying, ...charts.pnl });
}

export function resizeAllCharts(container) {
  resizeCharts(container.querySelectorAll('.chart'));
}
