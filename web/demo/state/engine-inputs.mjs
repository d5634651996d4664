// Page state (typed text) -> marginkit's inputs, with a map from every engine field path to the
// page field it came from, so that an engine error is shown beside that field. Numbers are read
// strictly: an empty field is "not given" (the engine says if it is required); text that is not a
// number is reported here, at its field, and nothing is sent to the engine.
//
// UI keys name the page's inputs (data-field attributes): 'positions.3.size', 'collateral.0.value',
// 'underlyings.1.atm.0.value', 'order.size', 'stress.days', ...

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function buildInputs(state) {
  const fields = [];        // [enginePath, uiKey], most specific last
  const problems = [];      // page-level errors: { uiKey, code, message }
  const draftRows = [];     // uiKeys of rows left out because their name is blank
  const link = (path, uiKey) => fields.push([path, uiKey]);
  const number = (raw, path, uiKey) => {
    link(path, uiKey);
    const t = String(raw ?? '').trim();
    if (t === '') return undefined;
    if (!NUMBER.test(t)) {
      problems.push({ uiKey, field: path, code: 'NOT_A_NUMBER', message: `'${t}' is not a number` });
      return undefined;
    }
    return Number(t);
  };
  const name = (raw) => String(raw ?? '').trim();
  const isolated = state.mode === 'isolated';

  // Account.
  link('account', 'account');
  link('account.mode', 'mode');
  const account = { mode: state.mode, collateral: {}, positions: [] };
  link('account.collateral', 'collateral');
  state.account.collateral.forEach(([asset, amount], row) => {
    const key = name(asset);
    if (key === '') { draftRows.push(`collateral.${row}`); return; }
    link(`account.collateral.${key}`, `collateral.${row}.value`);
    account.collateral[key] = number(amount, `account.collateral.${key}`, `collateral.${row}.value`);
  });
  link('account.positions', 'positions');
  const positionRows = []; // engine index -> row
  state.account.positions.forEach((p, row) => {
    if (name(p.instrument) === '') { draftRows.push(`positions.${row}`); return; }
    const i = account.positions.length;
    positionRows.push(row);
    const path = `account.positions[${i}]`;
    link(path, `positions.${row}.instrument`);
    link(`${path}.instrument`, `positions.${row}.instrument`);
    const position = {
      instrument: instrumentRef(p.instrument),
      size: number(p.size, `${path}.size`, `positions.${row}.size`),
      entryPrice: number(p.entryPrice, `${path}.entryPrice`, `positions.${row}.entryPrice`),
    };
    if (isolated) position.isolatedMargin = number(p.isolatedMargin, `${path}.isolatedMargin`, `positions.${row}.isolatedMargin`);
    account.positions.push(position);
  });

  // Market.
  link('market', 'market');
  const market = { time: timeValue(state.market.time), underlyings: {} };
  link('market.time', 'market.time');
  link('market.underlyings', 'underlyings');
  state.market.underlyings.forEach((u, k) => {
    const coin = name(u.name);
    if (coin === '') { draftRows.push(`underlyings.${k}`); return; }
    const base = `market.underlyings.${coin}`;
    link(base, `underlyings.${k}.name`);
    const out = { index: number(u.index, `${base}.index`, `underlyings.${k}.index`) };
    const rate = number(u.rate, `${base}.rate`, `underlyings.${k}.rate`);
    if (rate !== undefined) out.rate = rate;
    const forwards = keyedNumbers(u.forwards, `${base}.forwards`, `underlyings.${k}.forwards`);
    if (forwards) out.forwards = forwards;
    const vol = {};
    link(`${base}.vol`, `underlyings.${k}.flat`);
    const flat = number(u.flat, `${base}.vol.flat`, `underlyings.${k}.flat`);
    if (flat !== undefined) vol.flat = flat;
    const atm = keyedNumbers(u.atm, `${base}.vol.atm`, `underlyings.${k}.atm`);
    if (atm) vol.atm = atm;
    const smile = [];
    u.smile.forEach(([expiry, strike, v], row) => {
      if (name(expiry) === '') { draftRows.push(`underlyings.${k}.smile.${row}`); return; }
      const path = `${base}.vol.smile[${smile.length}]`;
      const ui = `underlyings.${k}.smile.${row}`;
      link(path, `${ui}.key`);
      link(`${path}.expiry`, `${ui}.key`);
      smile.push({ expiry: timeValue(expiry), strike: number(strike, `${path}.strike`, `${ui}.strike`),
        vol: number(v, `${path}.vol`, `${ui}.value`) });
    });
    if (smile.length) vol.smile = smile;
    if (Object.keys(vol).length === 1 && 'flat' in vol) out.vol = vol.flat;
    else if (Object.keys(vol).length) out.vol = vol;
    market.underlyings[coin] = out;
  });
  const marks = keyedNumbers(state.market.markPrices, 'market.markPrices', 'markPrices');
  if (marks) market.markPrices = marks;
  const prices = keyedNumbers(state.market.collateralPrices, 'market.collateralPrices', 'collateralPrices');
  if (prices) market.collateralPrices = prices;

  // Config: the venue profile, and the portfolio model in portfolio mode.
  link('config', 'profile');
  link('config.profile', 'profile');
  const config = {};
  if (state.profile) config.profile = state.profile;
  if (state.mode === 'portfolio') {
    link('config.portfolioModel', 'model');
    config.portfolioModel = state.model;
  }

  // The order: none while its instrument is blank.
  let order = null;
  if (name(state.order.instrument) !== '') {
    link('orders', 'order.instrument');
    link('orders[0]', 'order.instrument');
    link('orders[0].instrument', 'order.instrument');
    link('orders[0].side', 'order.side');
    order = {
      instrument: instrumentRef(state.order.instrument),
      side: state.order.side,
      size: number(state.order.size, 'orders[0].size', 'order.size'),
    };
    const price = number(state.order.price, 'orders[0].price', 'order.price');
    if (price !== undefined) order.price = price;
    if (isolated) {
      const margin = number(state.order.isolatedMargin, 'orders[0].isolatedMargin', 'order.isolatedMargin');
      if (margin !== undefined) order.isolatedMargin = margin;
      const leverage = number(state.order.leverage, 'orders[0].leverage', 'order.leverage');
      if (leverage !== undefined) order.leverage = leverage;
    }
  }

  // The stress move: every underlying, or the one chosen; sliders in percent and vol points.
  link('moves', 'stress.spot');
  link('moves[0]', 'stress.spot');
  link('moves[0].days', 'stress.days');
  const spot = number(state.stress.spot, 'moves[0].spot', 'stress.spot');
  const volPoints = number(state.stress.vol, 'moves[0].vol', 'stress.vol');
  const days = number(state.stress.days, 'moves[0].days', 'stress.days');
  const move = { days: days ?? 0 };
  link('stress.target', 'stress.target');
  if (state.stress.target !== 'all' && !(state.stress.target in market.underlyings)) {
    problems.push({ uiKey: 'stress.target', field: 'stress.target', code: 'UNKNOWN_UNDERLYING',
      message: `the market has no underlying '${state.stress.target}' to move` });
  }
  for (const coin of Object.keys(market.underlyings)) {
    if (state.stress.target !== 'all' && state.stress.target !== coin) continue;
    link(`moves[0].${coin}`, 'stress.spot');
    link(`moves[0].${coin}.spot`, 'stress.spot');
    link(`moves[0].${coin}.vol`, 'stress.vol');
    move[coin] = { spot: (spot ?? 0) / 100, vol: (volPoints ?? 0) / 100 };
  }

  return { account, market, config, order, move, fields, problems, draftRows, positionRows };

  // { key: number } from [key, text] rows; rows with a blank key are drafts. undefined when empty.
  function keyedNumbers(list, path, uiBase) {
    link(path, uiBase);
    const out = {};
    list.forEach(([key, value], row) => {
      const k = name(key);
      if (k === '') { draftRows.push(`${uiBase}.${row}`); return; }
      link(`${path}.${k}`, `${uiBase}.${row}.value`);
      out[k] = number(value, `${path}.${k}`, `${uiBase}.${row}.value`);
    });
    return Object.keys(out).length ? out : undefined;
  }
}

// An instrument as typed: a venue name, or the JSON of its fields ({"kind": ...}).
function instrumentRef(raw) {
  const t = String(raw).trim();
  if (t.startsWith('{')) {
    try { return JSON.parse(t); } catch { return t; } // the engine then names it INVALID_INSTRUMENT
  }
  return t;
}

// market.time and expiries: milliseconds when all digits, else the text (ISO or '27DEC26').
function timeValue(raw) {
  const t = String(raw ?? '').trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

// The page field an engine error names: the longest known engine path that is the error's field
// or a prefix of it ending at a '.' or '['. undefined when none matches.
export function fieldFor(fields, enginePath) {
  let best;
  for (const [path, uiKey] of fields) {
    if (enginePath === path || (enginePath.startsWith(path) && '.['.includes(enginePath[path.length]))) {
      if (!best || path.length >= best[0].length) best = [path, uiKey];
    }
  }
  return best?.[1];
}
