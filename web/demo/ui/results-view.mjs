// The preview's figures: acceptance, warnings, max size; margins before/after/change; status
// levels (liquidation, margin call, warning prices) per underlying; Greeks per underlying.
// Every figure carries data-k, its name, which the browser test reads.
import { h, fill } from './dom.mjs';
import { DASH, number, percent, signedPercent, signedUsd, size, STATUS_TEXT, usd } from './format.mjs';

export function renderSummary(container, { risk, preview, hasOrder, previewFailed }) {
  if (!risk) { fill(container, h('h2', null, 'Preview'), h('p', { class: 'hint' }, 'Fix the fields marked in red to see the account.')); return; }
  if (!hasOrder || !preview) {
    fill(container, h('h2', null, 'Preview'),
      h('p', { class: 'hint', dataset: { k: 'accepted' } }, previewFailed ? 'The order has an error: see the field marked in red.' : 'Type an order to preview it; below, the account as it stands.'));
    return;
  }
  const accepted = preview.accepted;
  fill(container,
    h('h2', null, 'Preview'),
    h('div', { class: `verdict ${accepted ? 'ok' : 'bad'}`, dataset: { k: 'accepted' } },
      accepted ? 'Accepted' : `Rejected: ${preview.rejectReason}`),
    h('dl', { class: 'key-figures' },
      h('dt', null, 'Max size'), h('dd', { dataset: { k: 'maxSize' } }, size(preview.maxSize, preview.sizeIncrement)),
      h('dt', null, 'Step'), h('dd', { dataset: { k: 'sizeIncrement' } }, String(preview.sizeIncrement)),
      accepted ? null : [h('dt', null, 'Top-up needed'),
        h('dd', { dataset: { k: 'topUp' } }, `${usd(preview.topUp.usd)} (${number(preview.topUp.amount, 6)} ${preview.topUp.asset})`)]),
    h('ul', { class: 'warnings' }, preview.warnings.map((w) => h('li', { dataset: { code: w.code }, class: `warning-${severity(w.code)}` },
      h('code', null, w.code), ' ', w.message))));
}

function severity(code) {
  if (['INSUFFICIENT_INITIAL_MARGIN', 'WOULD_TRIGGER_LIQUIDATION', 'INSUFFICIENT_BALANCE', 'WOULD_TRIGGER_MARGIN_CALL'].includes(code)) return 'bad';
  if (['MARGIN_RATIO_WARNING', 'LIQUIDATION_PRICE_WITHIN_X_PERCENT', 'FLIPS_POSITION'].includes(code)) return 'warn';
  return 'info';
}

const FIGURES = [
  ['status', 'Status', (r) => STATUS_TEXT[r.status], null],
  ['equity', 'Equity', (r) => usd(r.equityUsd), 'equityUsd'],
  ['im', 'Initial margin (IM)', (r) => usd(r.initialMarginUsd), 'initialMarginUsd'],
  ['mm', 'Maintenance margin (MM)', (r) => usd(r.maintenanceMarginUsd), 'maintenanceMarginUsd'],
  ['available', 'Available margin', (r) => usd(r.availableMarginUsd), 'availableMarginUsd'],
  ['ratio', 'Margin ratio (MM / equity)', (r) => percent(r.marginRatio), null],
  ['imratio', 'IM / equity', (r) => percent(r.initialMarginRatio), null],
  ['leverage', 'Leverage', (r) => (r.leverage === null ? 'n/a' : `${number(r.leverage, 2)}x`), null],
];

export function renderFigures(container, { risk, preview }) {
  const before = preview?.before ?? risk;
  const after = preview?.after;
  const cell = (r, key, format, side) => h('td', { dataset: { k: `${key}.${side}` }, class: key === 'status' && r ? `status-${r.status}` : undefined }, r ? format(r) : DASH);
  fill(container,
    h('h2', null, 'Margin before and after'),
    before ? h('table', { class: 'figures' },
      h('thead', null, h('tr', null, h('th'), h('th', null, 'Before'), h('th', null, 'After'), h('th', null, 'Change'))),
      h('tbody', null, FIGURES.map(([key, label, format, changeKey]) => h('tr', null,
        h('th', null, label), cell(before, key, format, 'before'), cell(after, key, format, 'after'),
        h('td', { dataset: { k: `${key}.change` } }, after && changeKey ? signedUsd(preview.change[changeKey] ?? after[changeKey] - before[changeKey]) : ''))))) : null);
}

// One row per LiquidationLevels entry (cross: per underlying; isolated: per position).
export function renderLevels(container, { risk, preview }) {
  const before = preview?.liquidationBefore ?? risk?.liquidation ?? [];
  const after = preview?.liquidationAfter ?? [];
  const keyOf = (l) => `${l.underlying}|${l.instrument ?? ''}`;
  const keys = [...new Set([...before.map(keyOf), ...after.map(keyOf)])];
  const find = (list, key) => list.find((l) => keyOf(l) === key);
  const prices = (list) => (list?.length ? list.map((l) => `${usd(l.price)} (${signedPercent(l.distancePercent)})`).join(', ') : 'none');
  const cell = (entry, kind, side, u) => h('td', { dataset: { k: `${kind}.${side}` } }, entry ? prices(entry[kind]) : DASH);
  fill(container,
    h('h2', null, 'Status levels (index price, others held)'),
    h('table', { class: 'levels' },
      h('thead', null, h('tr', null, h('th', null, 'Underlying'), h('th', null, 'Index'),
        h('th', null, 'Liquidation before'), h('th', null, 'Liquidation after'), h('th', null, 'Margin call after'), h('th', null, 'Warning after'))),
      h('tbody', null, keys.map((key) => {
        const b = find(before, key);
        const a = find(after, key);
        const any = a ?? b;
        return h('tr', { dataset: { underlying: any.underlying, instrument: any.instrument ?? '' } },
          h('th', null, any.instrument ? `${any.underlying} · ${any.instrument}` : any.underlying),
          h('td', null, usd(any.index)),
          cell(b, 'liquidation', 'before'), cell(a, 'liquidation', 'after'), cell(a, 'marginCall', 'after'), cell(a, 'warning', 'after'));
      }))),
    h('p', { class: 'hint' }, 'Searched over [index / 100, 100 × index]; "none": no such price there.'));
}

const GREEKS = [
  ['deltaCoins', 'Delta (coins)', (x) => number(x, 4)],
  ['deltaUsd', 'Delta USD', usd],
  ['gammaUsdPer1Pct', 'Gamma USD / 1 %', usd],
  ['vegaUsd', 'Vega USD / vol pt', usd],
  ['thetaUsdPerDay', 'Theta USD / day', usd],
];

export function renderGreeks(container, { risk, preview }) {
  const before = preview?.before.greeks ?? risk?.greeks ?? [];
  const after = preview?.after.greeks;
  fill(container,
    h('h2', null, 'Greeks per underlying'),
    h('table', { class: 'greeks' },
      h('thead', null, h('tr', null, h('th'), h('th'), GREEKS.map(([, label]) => h('th', null, label)))),
      h('tbody', null, before.map((g) => {
        const a = after?.find((x) => x.underlying === g.underlying);
        return [
          h('tr', null, h('th', { rowspan: a ? 2 : 1 }, g.underlying), h('td', { class: 'side' }, 'before'),
            GREEKS.map(([key, , format]) => h('td', { dataset: { k: `greeks.${g.underlying}.${key}.before` } }, format(g[key])))),
          a ? h('tr', null, h('td', { class: 'side' }, 'after'),
            GREEKS.map(([key, , format]) => h('td', { dataset: { k: `greeks.${g.underlying}.${key}.after` } }, format(a[key])))) : null,
        ];
      }))),
    h('p', { class: 'hint' }, 'Delta and gamma under the engine\'s revaluation rule (forwards move with the index, vols at the same moneyness).'));
}
