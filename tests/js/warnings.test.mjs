// Preview warnings through the public API (mk.preview, and a prepared account's preview): every
// code of mk.warningCodes is produced, each carries the fields web/marginkit.d.ts documents for
// it (and no others), every figure is finite and agrees with the rest of the preview, and the
// message holds its figures rounded (at most 6 significant digits, no "-0").
//
// The scenarios use a linear BTC perpetual, whose margins are simple enough to work out here:
// one coin at index 100,000 has IM 2.005 % and MM 1.505 % of its notional (Deribit's futures
// rates, 2 % / 1.5 % plus 0.5 % per 100 coins): IM 2,005 USD, MM 1,505 USD.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';

const PERP = 'BTC_USDC-PERPETUAL';
const CALL = 'BTC_USDC-27DEC26-100000-C';
const market = () => ({ time: '2026-11-24T08:00:00Z', underlyings: { BTC: { index: 100_000, vol: 0.6 } } });
const IM_ONE = 2005; // USD, one coin of PERP at 100,000
const MM_ONE = 1505;

// The fields each code carries (web/marginkit.d.ts, PreviewWarning): required, then optional.
const FIELDS = {
  INSUFFICIENT_INITIAL_MARGIN: [['amountUsd'], ['instrument']],
  WOULD_TRIGGER_MARGIN_CALL: [['statusBefore', 'statusAfter'], ['instrument']],
  WOULD_TRIGGER_LIQUIDATION: [['statusBefore', 'statusAfter'], ['instrument']],
  MARGIN_RATIO_WARNING: [['marginRatio'], ['instrument']],
  LIQUIDATION_PRICE_WITHIN_X_PERCENT: [['underlying', 'price', 'distancePercent', 'direction'], ['instrument']],
  REDUCES_RISK: [[], []],
  INCREASES_RISK: [[], []],
  FLIPS_POSITION: [['instrument', 'fromSize', 'toSize'], []],
  INSUFFICIENT_BALANCE: [['asset', 'amount'], []],
};
const NUMBER_FIELDS = ['price', 'distancePercent', 'amountUsd', 'amount', 'marginRatio', 'fromSize', 'toSize'];
const STATUS_FIELDS = ['statusBefore', 'statusAfter'];

let mk;
before(async () => { mk = await createMarginKit(); });

// The same preview through mk.preview and through a prepared account: equal, warnings included.
function preview(account, orders, config) {
  const once = mk.preview(account, market(), orders, config);
  const prepared = mk.prepare(account, market(), config);
  try {
    const options = config?.liquidationWarningPercent === undefined ? undefined
      : { liquidationWarningPercent: config.liquidationWarningPercent };
    assert.deepEqual(prepared.preview(orders, options), once, 'prepared.preview equals mk.preview');
  } finally {
    prepared.delete();
  }
  return once;
}

const warning = (p, code) => {
  const found = p.warnings.filter((w) => w.code === code);
  assert.equal(found.length, 1, `${code} once among ${p.warnings.map((w) => w.code).join(', ')}`);
  return found[0];
};

// Significant digits of a number as written: "101235" 6, "1234570000" 6, "0.000123" 3.
function significantDigits(text) {
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  return (text.includes('.') ? digits : digits.replace(/0+$/, '')).length;
}

// Every warning: its documented fields and no others, finite figures, statuses among
// mk.statuses, and a message whose numbers are short, never "-0", and each figure's rounding.
function checkShape(p, what) {
  for (const w of p.warnings) {
    const where = `${what}: ${w.code}`;
    assert.ok(mk.warningCodes.includes(w.code), where);
    const [required, optional] = FIELDS[w.code];
    for (const key of required) assert.ok(key in w, `${where} has ${key}`);
    for (const key of Object.keys(w)) {
      assert.ok(['code', 'message', ...required, ...optional].includes(key), `${where}: unexpected field ${key}`);
      assert.notEqual(w[key], null, `${where}.${key} is left out, not null`);
    }
    for (const key of NUMBER_FIELDS) {
      if (key in w) assert.ok(Number.isFinite(w[key]), `${where}.${key} = ${w[key]}`);
    }
    for (const key of STATUS_FIELDS) {
      if (key in w) assert.ok(mk.statuses.includes(w[key]), `${where}.${key} = ${w[key]}`);
    }
    assert.equal(typeof w.message, 'string');
    assert.ok(w.message.length > 0 && w.message.length < 160, `${where}: ${w.message}`);
    // Names carry digits of their own (strikes, expiries): the numbers are what remains.
    let text = w.message;
    for (const name of [w.instrument, w.underlying, w.asset]) if (name) text = text.replaceAll(name, ' ');
    const numbers = text.match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi) ?? [];
    for (const n of numbers) {
      assert.ok(!/e/i.test(n), `${where}: no exponents in "${w.message}"`);
      assert.ok(significantDigits(n) <= 6, `${where}: ${n} has more than 6 significant digits in "${w.message}"`);
      assert.ok(!/^-0(\.0*)?$/.test(n), `${where}: "-0" in "${w.message}"`);
    }
    // Each figure appears in the message, rounded: to 6 significant digits or 2 decimals.
    for (const key of NUMBER_FIELDS) {
      if (!(key in w)) continue;
      const figure = key === 'marginRatio' ? w[key] * 100 : w[key];
      const tolerance = Math.max(0.005, 5e-6 * Math.abs(figure)) * (1 + 1e-9);
      assert.ok(numbers.some((n) => Math.abs(Number(n) - figure) <= tolerance),
        `${where}: ${key} ${figure} rounded in "${w.message}"`);
    }
  }
}

// LIQUIDATION_PRICE_WITHIN_X_PERCENT names the nearest liquidation price of its entry of
// liquidationAfter (matched by underlying and, isolated, instrument), exactly.
function checkLiquidationWarning(p, w, percent = 10) {
  const entry = p.liquidationAfter.find((l) => l.underlying === w.underlying && l.instrument === w.instrument);
  assert.ok(entry, `an entry of liquidationAfter for ${w.underlying} ${w.instrument ?? ''}`);
  const near = entry.liquidation.filter((l) => Math.abs(l.distancePercent) < percent)
    .sort((a, b) => Math.abs(a.distancePercent) - Math.abs(b.distancePercent));
  assert.ok(near.length > 0);
  assert.deepEqual({ price: w.price, distancePercent: w.distancePercent, direction: w.direction },
    { price: near[0].price, distancePercent: near[0].distancePercent, direction: near[0].direction });
}

function checkStatuses(p, w) {
  assert.equal(w.statusBefore, p.before.status);
  assert.equal(w.statusAfter, p.after.status);
}

const seen = new Set();
function record(p, what) {
  checkShape(p, what);
  for (const w of p.warnings) seen.add(w.code);
  return p;
}

describe('preview warnings carry their figures as fields', () => {
  it('cross, healthy -> margin call: the initial-margin shortfall, the change of status, a near liquidation', () => {
    // 2,000 USDC; buying one coin: equity 2,000, IM 2,005, MM 1,505.
    const p = record(preview({ collateral: { USDC: 2000 }, positions: [] }, { instrument: PERP, side: 'buy', size: 1 }), 'margin call');
    assert.equal(p.after.status, 'margin_call');
    assert.equal(p.rejectReason, 'INSUFFICIENT_INITIAL_MARGIN');
    const im = warning(p, 'INSUFFICIENT_INITIAL_MARGIN');
    assert.equal(im.amountUsd, p.after.initialMarginUsd - p.after.equityUsd);
    assert.ok(Math.abs(im.amountUsd - (IM_ONE - 2000)) < 1e-6, `${im.amountUsd}`);
    assert.equal(im.instrument, undefined, 'cross margin names no position');
    assert.match(im.message, /\b5 USD\b/);
    checkStatuses(p, warning(p, 'WOULD_TRIGGER_MARGIN_CALL'));
    assert.equal(warning(p, 'WOULD_TRIGGER_MARGIN_CALL').statusAfter, 'margin_call');
    // Liquidation where 2,000 + (S - 100,000) = 0.01505 S: S = 98,000 / 0.98495.
    const near = warning(p, 'LIQUIDATION_PRICE_WITHIN_X_PERCENT');
    checkLiquidationWarning(p, near);
    assert.ok(Math.abs(near.price - 98_000 / 0.98495) < 1e-6 * near.price, `${near.price}`);
    assert.equal(near.underlying, 'BTC');
    assert.equal(near.instrument, undefined);
    assert.equal(near.direction, 'below');
    assert.ok(Math.abs(near.distancePercent - (near.price / 100_000 - 1) * 100) < 1e-9);
    warning(p, 'INCREASES_RISK');
  });

  it('cross, healthy -> liquidation: the change of status', () => {
    const p = record(preview({ collateral: { USDC: 1000 }, positions: [] }, { instrument: PERP, side: 'buy', size: 1 }), 'liquidation');
    assert.equal(p.rejectReason, 'WOULD_TRIGGER_LIQUIDATION');
    const w = warning(p, 'WOULD_TRIGGER_LIQUIDATION');
    checkStatuses(p, w);
    assert.deepEqual([w.statusBefore, w.statusAfter], ['healthy', 'liquidation']);
    assert.ok(p.after.equityUsd < MM_ONE);
  });

  it('an account already in liquidation: the reject reason, with the statuses it stays in', () => {
    const account = { collateral: { USDC: 1000 }, positions: [{ instrument: PERP, size: 1, entryPrice: 100_000 }] };
    const p = record(preview(account, { instrument: PERP, side: 'buy', size: 0.5 }), 'stays in liquidation');
    const w = warning(p, 'WOULD_TRIGGER_LIQUIDATION');
    assert.deepEqual([w.statusBefore, w.statusAfter], ['liquidation', 'liquidation']);
  });

  it('cross, warning status: the margin ratio as after.marginRatio', () => {
    const p = record(preview({ collateral: { USDC: 10_000 }, positions: [] }, { instrument: PERP, side: 'buy', size: 1 },
      { warningRatio: 0.1 }), 'margin ratio');
    assert.equal(p.after.status, 'warning');
    const w = warning(p, 'MARGIN_RATIO_WARNING');
    assert.equal(w.marginRatio, p.after.marginRatio);
    assert.ok(Math.abs(w.marginRatio - MM_ONE / 10_000) < 1e-12);
    assert.match(w.message, /15\.05 %/);
  });

  it('a flip and a reduction: sizes from before and after', () => {
    const account = { collateral: { USDC: 50_000 }, positions: [{ instrument: PERP, size: 1, entryPrice: 100_000 }] };
    const flipped = record(preview(account, { instrument: PERP, side: 'sell', size: 2.5 }), 'flip');
    const flip = warning(flipped, 'FLIPS_POSITION');
    assert.deepEqual([flip.instrument, flip.fromSize, flip.toSize], [PERP, 1, -1.5]);
    assert.equal(flipped.before.positions.find((r) => r.instrument === PERP).size, flip.fromSize);
    assert.equal(flipped.after.positions.find((r) => r.instrument === PERP).size, flip.toSize);
    warning(flipped, 'INCREASES_RISK');
    const reduced = record(preview(account, { instrument: PERP, side: 'sell', size: 0.5 }), 'reduce');
    warning(reduced, 'REDUCES_RISK');
    assert.ok(!reduced.warnings.some((w) => w.code === 'INCREASES_RISK' || w.code === 'FLIPS_POSITION'));
  });

  it('an overdrawn balance: the asset and the amount lacking in its units', () => {
    // A 5,000 USDC premium from 1,000 USDC (1 BTC held does not pay it): 4,000 USDC short.
    const p = record(preview({ collateral: { USDC: 1000, BTC: 1 }, positions: [] },
      { instrument: CALL, side: 'buy', size: 1, price: 5000 }), 'overdraft');
    assert.equal(p.rejectReason, 'INSUFFICIENT_BALANCE');
    const w = warning(p, 'INSUFFICIENT_BALANCE');
    assert.deepEqual([w.asset, w.amount], ['USDC', 4000]);
    assert.match(w.message, /4000 USDC/);
  });

  it('isolated: the position short of initial margin, its margin call and its near liquidation', () => {
    // Isolated margin 1,600 USD: between the position's MM (1,505) and IM (2,005).
    const p = record(preview({ mode: 'isolated', collateral: { USDC: 10_000 }, positions: [] },
      { instrument: PERP, side: 'buy', size: 1, isolatedMargin: 1600 }), 'isolated margin call');
    const row = p.after.positions.find((r) => r.instrument === PERP);
    assert.equal(row.status, 'margin_call');
    const im = warning(p, 'INSUFFICIENT_INITIAL_MARGIN');
    assert.equal(im.instrument, PERP);
    assert.equal(im.amountUsd, row.initialMarginUsd - row.isolatedEquityUsd);
    assert.ok(Math.abs(im.amountUsd - (IM_ONE - 1600)) < 1e-6);
    const call = warning(p, 'WOULD_TRIGGER_MARGIN_CALL');
    checkStatuses(p, call);
    assert.equal(call.instrument, PERP);
    const near = warning(p, 'LIQUIDATION_PRICE_WITHIN_X_PERCENT');
    assert.equal(near.instrument, PERP);
    checkLiquidationWarning(p, near);
    // Closed form: 1,600 + (S - 100,000) = 0.01505 S.
    assert.ok(Math.abs(near.price - 98_400 / 0.98495) < 1e-6 * near.price, `${near.price}`);
    assert.equal(p.accepted, false);
    assert.ok(Math.abs(p.topUp.usd - im.amountUsd) <= 1e-8 * im.amountUsd + 1e-8, `${p.topUp.usd} vs ${im.amountUsd}`);
  });

  it('isolated: a margin assigned beyond the balance is an overdraft of that asset', () => {
    const p = record(preview({ mode: 'isolated', collateral: { USDC: 1000 }, positions: [] },
      { instrument: PERP, side: 'buy', size: 1, isolatedMargin: 2500 }), 'isolated margin beyond the balance');
    assert.equal(p.accepted, false);
    assert.equal(p.rejectReason, 'INSUFFICIENT_BALANCE');
    const w = warning(p, 'INSUFFICIENT_BALANCE');
    assert.deepEqual([w.asset, w.amount], ['USDC', 1500]);
    assert.ok(!p.warnings.some((x) => x.code === 'INSUFFICIENT_INITIAL_MARGIN'), 'the position has its initial margin');
  });

  it('isolated: the margin ratio is the position\'s, MM over its isolated equity', () => {
    const p = record(preview({ mode: 'isolated', collateral: { USDC: 10_000 }, positions: [] },
      { instrument: PERP, side: 'buy', size: 1, isolatedMargin: 2500 }, { warningRatio: 0.5 }), 'isolated ratio');
    const row = p.after.positions.find((r) => r.instrument === PERP);
    assert.equal(row.status, 'warning');
    const w = warning(p, 'MARGIN_RATIO_WARNING');
    assert.equal(w.instrument, PERP);
    assert.equal(w.marginRatio, row.maintenanceMarginUsd / row.isolatedEquityUsd);
  });

  it('figures are rounded in messages, exact in fields', () => {
    // An entry price that leaves many digits in the shortfall and the liquidation price.
    const account = { collateral: { USDC: 1234.56789 }, positions: [] };
    const p = record(preview(account, { instrument: PERP, side: 'buy', size: 0.87654321 }, { liquidationWarningPercent: 50 }), 'digits');
    const near = warning(p, 'LIQUIDATION_PRICE_WITHIN_X_PERCENT');
    checkLiquidationWarning(p, near, 50);
    assert.ok(String(near.price).replace(/\D/g, '').length > 6, `${near.price} has many digits`);
  });

  it('every warning code was produced above', () => {
    assert.deepEqual([...mk.warningCodes].filter((code) => !seen.has(code)), []);
  });
});
