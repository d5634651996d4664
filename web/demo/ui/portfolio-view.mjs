// Portfolio mode: each group's requirement and binding scenario (after the order when there is
// one), and the chosen group's P&L matrix as a heatmap (before or after the order).
import { h, fill } from './dom.mjs';
import { number, scenarioLabel, usd } from './format.mjs';

let heatmapModule = null;
let heatmap = null; // the module, once loaded
const loadHeatmap = () => (heatmapModule ??= import('../charts/heatmap-chart.mjs').then((m) => (heatmap = m)));

const groupName = (g) => `${g.underlying} in ${g.currency}`;
const amount = (x, g) => `${number(x, Math.abs(x) >= 100 ? 2 : 6)} ${g.currency}`;

export function bindingText(g) {
  if (g.bindingPart === 'basis') return 'basis contingency';
  const s = g.scenarios[g.bindingScenario];
  return s ? `${scenarioLabel(s)}: ${amount(s.pnl, g)}` : 'none';
}

// Returns a promise that settles when the heatmap is drawn.
export async function renderPortfolio(container, portfolio, state, onViewChange) {
  const old = container.querySelector('.heatmap');
  if (old) heatmap?.disposeHeatmap(old);
  if (!portfolio) { container.hidden = true; fill(container); return; }
  container.hidden = false;
  const side = state.view.matrix === 'before' || !portfolio.after ? 'before' : 'after';
  const shown = portfolio[side];
  const groups = (portfolio.after ?? portfolio.before).groups;
  const chosen = Math.min(state.view.group, shown.groups.length - 1);
  const box = h('div', { class: 'heatmap', id: 'heatmap' });
  const groupButtons = shown.groups.map((g, i) => h('button', {
    type: 'button', class: i === chosen ? 'tab active' : 'tab',
    onclick: () => { state.view.group = i; onViewChange(); },
  }, groupName(g)));
  const sideButtons = ['before', 'after'].map((s) => h('button', {
    type: 'button', class: s === side ? 'tab active' : 'tab', disabled: s === 'after' && !portfolio.after,
    onclick: () => { state.view.matrix = s; onViewChange(); },
  }, `${s} order`));
  fill(container,
    h('h2', null, `Portfolio margin: ${state.model}`),
    h('table', { class: 'groups' },
      h('thead', null, h('tr', null, ['Group', 'IM', 'MM', 'IM USD', 'Worst case', 'Binding scenario'].map((t) => h('th', null, t)))),
      h('tbody', null, groups.map((g, i) => h('tr', { dataset: { group: i, underlying: g.underlying, currency: g.currency } },
        h('th', null, groupName(g)),
        h('td', null, amount(g.initialMargin, g)), h('td', null, amount(g.maintenanceMargin, g)),
        h('td', null, usd(g.initialMarginUsd)), h('td', null, amount(g.worstCase, g)),
        h('td', { dataset: { k: 'binding' } }, bindingText(g)))))),
    h('p', { class: 'hint' }, portfolio.after ? 'Groups after the order.' : 'Groups of the account as it stands.'),
    h('div', { class: 'tabs' }, groupButtons, h('span', { class: 'spacer' }), sideButtons),
    shown.groups[chosen] ? h('p', { class: 'binding-caption', dataset: { k: 'heatmap.binding' } },
      `${groupName(shown.groups[chosen])}, ${side} the order. Binding scenario (outlined): ${bindingText(shown.groups[chosen])}.`,
      shown.groups[chosen].additive ? '' : ' This model does not add up by position: only the group\'s weighted P&L is shown.') : null,
    box);
  if (!shown.groups[chosen]) return;
  const { drawHeatmap } = await loadHeatmap();
  drawHeatmap(box, shown.groups[chosen]);
}

export function resizePortfolio() {
  const box = document.getElementById('heatmap');
  if (box) heatmap?.resizeHeatmap(box);
}
