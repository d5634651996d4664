// The page's whole state, kept as the text the person typed (so that a shared link restores the
// fields exactly, half-typed numbers included), and its conversion from marginkit's own input
// shapes (the bundled sample, or any account/market/order a caller has). Turning it back into
// engine inputs is engine-inputs.mjs's job.

export const STATE_VERSION = 1;

const text = (x) => (x === undefined || x === null ? '' : String(x));
const rows = (record, ...columns) => Object.entries(record ?? {}).map(([k, v]) => [k, ...columns.map((c) => text(c(v)))]);

export function emptyState() {
  return {
    v: STATE_VERSION,
    mode: 'cross',
    model: 'deribit',
    profile: '',
    account: { collateral: [['USDC', '']], positions: [] },
    market: { time: '', underlyings: [], markPrices: [], collateralPrices: [] },
    order: { instrument: '', side: 'buy', size: '', price: '', isolatedMargin: '', leverage: '' },
    stress: { target: 'all', spot: '0', vol: '0', days: '0' },
    view: { underlying: '', group: 0, matrix: 'after' },
  };
}

export function emptyUnderlying(name = '') {
  return { name, index: '', rate: '', flat: '', forwards: [], atm: [], smile: [] };
}

export function emptyPosition() {
  return { instrument: '', size: '', entryPrice: '', isolatedMargin: '' };
}

// { account, market, order } as marginkit takes them -> page state. Only instrument names are
// editable here; an instrument given by fields is shown by its JSON text.
export function stateFromInputs({ account = {}, market = {}, order } = {}) {
  const state = emptyState();
  state.mode = account.mode ?? 'cross';
  state.account.collateral = rows(account.collateral, (v) => v);
  state.account.positions = (account.positions ?? []).map((p) => ({
    instrument: typeof p.instrument === 'string' ? p.instrument : JSON.stringify(p.instrument),
    size: text(p.size),
    entryPrice: text(p.entryPrice),
    isolatedMargin: text(p.isolatedMargin),
  }));
  state.market.time = text(market.time);
  state.market.underlyings = Object.entries(market.underlyings ?? {}).map(([name, u]) => {
    const vol = u.vol;
    const volObject = vol !== null && typeof vol === 'object' ? vol : { flat: vol };
    return {
      name,
      index: text(u.index),
      rate: text(u.rate),
      flat: text(volObject.flat),
      forwards: rows(u.forwards, (v) => v),
      atm: rows(volObject.atm, (v) => v),
      smile: (volObject.smile ?? []).map((p) => [text(p.expiry), text(p.strike), text(p.vol)]),
    };
  });
  state.market.markPrices = rows(market.markPrices, (v) => v);
  state.market.collateralPrices = rows(market.collateralPrices, (v) => v);
  if (order) {
    state.order = {
      instrument: typeof order.instrument === 'string' ? order.instrument : JSON.stringify(order.instrument),
      side: order.side ?? 'buy',
      size: text(order.size),
      price: text(order.price),
      isolatedMargin: text(order.isolatedMargin),
      leverage: text(order.leverage),
    };
  }
  state.view.underlying = underlyingOf(state.order.instrument) ?? state.market.underlyings[0]?.name ?? '';
  return state;
}

// 'BTC-26DEC26-110000-C' -> 'BTC', 'ETH_USDC-PERPETUAL' -> 'ETH': the coin a name starts with,
// used only to pick which underlying the charts show first.
export function underlyingOf(instrumentName) {
  const match = /^([A-Z0-9]{2,10})(?:[_-]|$)/.exec(String(instrumentName ?? '').trim());
  return match ? match[1] : undefined;
}

// A state read from a URL, checked for shape: anything unexpected is an error, not a guess.
export function checkState(state) {
  const problem = (what) => { throw new Error(`the link's state is not one this page wrote: ${what}`); };
  if (state === null || typeof state !== 'object') problem('not an object');
  if (state.v !== STATE_VERSION) problem(`version ${state.v}, this page reads ${STATE_VERSION}`);
  for (const key of ['account', 'market', 'order', 'stress', 'view']) {
    if (state[key] === null || typeof state[key] !== 'object') problem(`${key} missing`);
  }
  if (!Array.isArray(state.account.positions) || !Array.isArray(state.account.collateral)) problem('account rows');
  if (!Array.isArray(state.market.underlyings)) problem('market.underlyings');
  return { ...emptyState(), ...state };
}
