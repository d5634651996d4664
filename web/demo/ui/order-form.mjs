// The order: instrument, side, size, optional limit price; in isolated mode the margin to assign
// (or, for futures and perpetuals, a leverage). Previewed live as it is typed.
import { h, fill } from './dom.mjs';
import { labelled, numberInput, textInput } from './inputs.mjs';

export function renderOrderForm(container, state, onChange) {
  const order = state.order;
  const set = (key) => (v) => { order[key] = v; onChange(); };
  const side = (value) => h('label', { class: `side side-${value}` },
    h('input', { type: 'radio', name: 'order-side', value, checked: order.side === value, dataset: { field: 'order.side' },
      onchange: () => { order.side = value; onChange(); } }),
    value === 'buy' ? 'Buy' : 'Sell');
  fill(container,
    h('h2', null, 'Order'),
    labelled('Instrument', textInput({ field: 'order.instrument', value: order.instrument, wide: true,
      placeholder: 'BTC-26DEC26-110000-C', list: 'instrument-names', onInput: set('instrument') }),
    'Venue-style name: BTC-26DEC26-110000-C, ETH_USDC-26DEC26-3500-P, BTC-26MAR27, ETH-PERPETUAL, BTC_USDC (spot)'),
    h('div', { class: 'sides', role: 'radiogroup' }, side('buy'), side('sell')),
    h('div', { class: 'inline' },
      labelled('Size', numberInput({ field: 'order.size', value: order.size, placeholder: '1', onInput: set('size') })),
      labelled('Price', numberInput({ field: 'order.price', value: order.price, placeholder: 'mark', onInput: set('price'),
        title: 'Limit price: USD per coin, inverse option premiums in coins. Empty: the mark.' }))),
    state.mode === 'isolated' ? h('div', { class: 'inline' },
      labelled('Isolated margin', numberInput({ field: 'order.isolatedMargin', value: order.isolatedMargin, placeholder: 'its IM',
        onInput: set('isolatedMargin') })),
      labelled('Leverage', numberInput({ field: 'order.leverage', value: order.leverage, placeholder: 'futures only',
        onInput: set('leverage') }))) : null);
}
