// Stress sliders (spot %, vol points, days) and the account in the moved market, before and
// after the order (mk.stress's rule; README "Stress tests").
import { h, fill } from './dom.mjs';
import { select } from './inputs.mjs';
import { DASH, percent, signedUsd, STATUS_TEXT, usd } from './format.mjs';

const SLIDERS = [
  { key: 'spot', label: 'Spot', unit: '%', min: -60, max: 60, step: 1 },
  { key: 'vol', label: 'Vol', unit: 'vol pts', min: -40, max: 40, step: 1 },
  { key: 'days', label: 'Days', unit: 'days', min: 0, max: 90, step: 1 },
];

export function renderStressControls(container, state, onChange) {
  const coins = state.market.underlyings.map((u) => u.name.trim()).filter(Boolean);
  const slider = ({ key, label, unit, min, max, step }) => {
    const readout = h('output', { dataset: { k: `stress.${key}` } }, `${state.stress[key]} ${unit}`);
    return h('label', { class: 'slider' },
      h('span', { class: 'label' }, label),
      h('input', { type: 'range', min, max, step, value: state.stress[key], dataset: { field: `stress.${key}` },
        oninput: (event) => { state.stress[key] = event.target.value; readout.textContent = `${event.target.value} ${unit}`; onChange(); } }),
      readout);
  };
  fill(container,
    h('div', { class: 'stress-controls' },
      SLIDERS.map(slider),
      h('div', { class: 'inline' },
        h('label', { class: 'labelled' }, h('span', { class: 'label' }, 'Move'),
          select({ field: 'stress.target', value: state.stress.target,
            options: [['all', 'every underlying'], ...coins.map((c) => [c, c])],
            onChange: (v) => { state.stress.target = v; onChange(); } })),
        h('button', { type: 'button', onclick: () => { Object.assign(state.stress, { spot: '0', vol: '0', days: '0' }); renderStressControls(container, state, onChange); onChange(); } }, 'Reset'))));
}

const ROWS = [
  ['status', 'Status', (o) => STATUS_TEXT[o.status]],
  ['equity', 'Equity', (o) => usd(o.equityUsd)],
  ['pnl', 'P&L', (o) => signedUsd(o.pnlUsd)],
  ['im', 'Initial margin', (o) => usd(o.initialMarginUsd)],
  ['mm', 'Maintenance margin', (o) => usd(o.maintenanceMarginUsd)],
  ['available', 'Available', (o) => usd(o.availableMarginUsd)],
  ['ratio', 'Margin ratio', (o) => percent(o.marginRatio)],
];

export function renderStressResults(container, stress) {
  const cell = (outcome, key, format, side) => h('td', { dataset: { k: `stress.${key}.${side}` }, class: key === 'status' && outcome ? `status-${outcome.status}` : undefined },
    outcome ? format(outcome) : DASH);
  fill(container, h('table', { class: 'figures' },
    h('thead', null, h('tr', null, h('th'), h('th', null, 'Before order'), h('th', null, 'After order'))),
    h('tbody', null, ROWS.map(([key, label, format]) => h('tr', null,
      h('th', null, label), cell(stress?.before, key, format, 'before'), cell(stress?.after, key, format, 'after'))))));
}
