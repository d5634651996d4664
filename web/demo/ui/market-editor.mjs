// The market: valuation time; per underlying its index, rate, forwards and vols (flat, ATM per
// expiry, smile points); option and futures marks; collateral prices.
import { h, fill } from './dom.mjs';
import { emptyUnderlying } from '../state/page-state.mjs';
import { keyColumn, labelled, numberInput, rowsEditor, textInput, valueColumn } from './inputs.mjs';

export function renderMarketEditor(container, state, onChange) {
  const market = state.market;
  const rerender = () => { renderMarketEditor(container, state, onChange); onChange(); };
  fill(container,
    h('h2', null, 'Market'),
    labelled('Time (UTC)', textInput({ field: 'market.time', value: market.time, placeholder: '2026-11-24T08:00:00Z',
      onInput: (v) => { market.time = v; onChange(); } })),
    market.underlyings.map((u, k) => underlyingEditor(u, k, () => { market.underlyings.splice(k, 1); rerender(); }, onChange)),
    h('button', { type: 'button', class: 'add', onclick: () => { market.underlyings.push(emptyUnderlying()); rerender(); } }, '+ underlying'),
    h('details', { class: 'sub', open: market.markPrices.length > 0 },
      h('summary', null, 'Marks (optional)'),
      h('p', { class: 'hint' }, 'An option mark fixes its vol; futures and perpetual marks in USD, option marks in their settlement currency.'),
      rowsEditor({ fieldBase: 'markPrices', rows: market.markPrices, addLabel: 'mark', onChange,
        columns: [keyColumn('Instrument', 'BTC-26DEC26-100000-C', { wide: true, list: 'instrument-names' }), valueColumn('Mark', '0.054')],
        newRow: () => ['', ''] })),
    h('details', { class: 'sub', open: market.collateralPrices.length > 0 },
      h('summary', null, 'Collateral prices (optional)'),
      h('p', { class: 'hint' }, 'USD per unit; coins default to their index, USD coins to 1. A price below the index is a haircut.'),
      rowsEditor({ fieldBase: 'collateralPrices', rows: market.collateralPrices, addLabel: 'price', onChange,
        columns: [keyColumn('Asset', 'BTC'), valueColumn('USD price', '97000')], newRow: () => ['', ''] })));
}

function underlyingEditor(u, k, remove, onChange) {
  const base = `underlyings.${k}`;
  const set = (key) => (v) => { u[key] = v; onChange(); };
  return h('fieldset', { class: 'underlying', dataset: { field: base } },
    h('legend', null,
      textInput({ field: `${base}.name`, value: u.name, placeholder: 'BTC', onInput: set('name') }),
      h('button', { type: 'button', class: 'remove', title: 'Remove this underlying', onclick: remove }, '×')),
    h('div', { class: 'inline' },
      labelled('Index', numberInput({ field: `${base}.index`, value: u.index, placeholder: '98000', onInput: set('index') })),
      labelled('Rate', numberInput({ field: `${base}.rate`, value: u.rate, placeholder: '0', onInput: set('rate') })),
      labelled('Flat vol', numberInput({ field: `${base}.flat`, value: u.flat, placeholder: '0.6', onInput: set('flat'),
        title: 'Decimal: 0.6 = 60 %' }))),
    h('div', { class: 'columns' },
      h('div', null, h('h4', null, 'Forwards'),
        rowsEditor({ fieldBase: `${base}.forwards`, rows: u.forwards, addLabel: 'forward', onChange,
          columns: [keyColumn('Expiry', '26DEC26'), valueColumn('Forward', '98400')], newRow: () => ['', ''] })),
      h('div', null, h('h4', null, 'ATM vols'),
        rowsEditor({ fieldBase: `${base}.atm`, rows: u.atm, addLabel: 'ATM vol', onChange,
          columns: [keyColumn('Expiry', '26DEC26'), valueColumn('Vol', '0.52')], newRow: () => ['', ''] }))),
    h('details', { class: 'sub', open: u.smile.length > 0 },
      h('summary', null, 'Smile points'),
      rowsEditor({ fieldBase: `${base}.smile`, rows: u.smile, addLabel: 'smile point', onChange,
        columns: [
          keyColumn('Expiry', '26DEC26'),
          { key: 'strike', label: 'Strike', placeholder: '100000', number: true, get: (r) => r[1], set: (r, v) => { r[1] = v; } },
          { key: 'value', label: 'Vol', placeholder: '0.55', number: true, get: (r) => r[2], set: (r, v) => { r[2] = v; } },
        ],
        newRow: () => ['', '', ''] })));
}
