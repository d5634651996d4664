// The account: collateral balances and positions (add and remove rows). Isolated mode adds each
// position's isolated margin.
import { h, fill } from './dom.mjs';
import { emptyPosition } from '../state/page-state.mjs';
import { keyColumn, rowsEditor, valueColumn } from './inputs.mjs';

export function renderAccountEditor(container, state, onChange) {
  const isolated = state.mode === 'isolated';
  const positionColumns = [
    { key: 'instrument', label: 'Instrument', placeholder: 'BTC-26DEC26-100000-C', wide: true, list: 'instrument-names',
      get: (p) => p.instrument, set: (p, v) => { p.instrument = v; } },
    { key: 'size', label: 'Size', placeholder: '-2', number: true, title: 'Contracts; negative = short',
      get: (p) => p.size, set: (p, v) => { p.size = v; } },
    { key: 'entryPrice', label: 'Entry price', placeholder: '0.052', number: true,
      title: 'USD per coin; inverse option premiums in coins',
      get: (p) => p.entryPrice, set: (p, v) => { p.entryPrice = v; } },
  ];
  if (isolated) {
    positionColumns.push({ key: 'isolatedMargin', label: 'Isolated margin', number: true,
      title: 'In the settlement currency: coins for inverse instruments, USDC/USDT for linear ones',
      get: (p) => p.isolatedMargin, set: (p, v) => { p.isolatedMargin = v; } });
  }
  fill(container,
    h('h2', null, 'Account'),
    h('h3', null, 'Collateral'),
    rowsEditor({
      fieldBase: 'collateral', rows: state.account.collateral, addLabel: 'asset', onChange,
      columns: [keyColumn('Asset', 'USDC'), valueColumn('Amount', '10000')],
      newRow: () => ['', ''],
    }),
    h('h3', null, 'Positions'),
    rowsEditor({
      fieldBase: 'positions', rows: state.account.positions, addLabel: 'position', onChange,
      columns: positionColumns, newRow: emptyPosition, emptyText: 'No positions: add one, or load the sample.',
    }),
    isolated ? h('p', { class: 'hint' }, 'Isolated margins start at each position\'s initial margin; edit them to see the effect.') : null);
}
