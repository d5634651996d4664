// mk.prepare through the public API:
//  - against a from-scratch valuation: p.preview(orders).after and .liquidationAfter equal
//    mk.accountRisk of the account after the orders, built here by hand from the documented fill
//    rules (a buy of an option pays its premium from the settlement asset, a sell is not credited;
//    closing futures realises P&L into the settlement asset; spot moves balances; isolated margin
//    as given, or a new position's initial margin), and .before equals mk.accountRisk of the
//    account; numbers to 1e-12 relative, liquidation prices to 1e-9;
//    for single orders and arrays (buy/sell; options, futures, perpetuals, spot; new, grown,
//    reduced, closed and flipped positions), on the sample account and constructed ones;
//  - statelessness: one prepared account answering all of its orders in turn gives, for each,
//    what a freshly prepared one gives (mk.preview and mk.accountRisk make one per call):
//    liquidation prices (and their distances) to 1e-9 relative, everything else exactly;
//  - per-preview options (positions, sizeIncrement, liquidationWarningPercent) act as in
//    mk.preview; those fixed at preparation are UNSUPPORTED_FIELD; the creation config is honoured;
//  - errors carry mk.preview's code and field, and the prepared account answers as before
//    afterwards;
//  - delete(): INVALID_HANDLE on field 'prepared', `deleted`, a second delete() does nothing;
//  - wasm memory (the instance's exported Memory, caught as tests/js/memory.test.mjs does; a
//    wasm heap never shrinks, so "no leak" is "byteLength does not change"): 2,000 prepared accounts
//    made and deleted, or forgotten and garbage-collected, leave a fresh engine's heap where it
//    was, while 2,000 kept alive do grow it (so a leak of them would have shown).
//  - mk.portfolio, its deprecated old name, is mk.prepare itself and still works.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { setImmediate as nextTask } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createMarginKit, MarginKitError } from 'marginkit';
import { instances, memoryOf } from './support/wasm-instances.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = JSON.parse(readFileSync(join(repoRoot, 'examples', 'sample-account.json'), 'utf8'));


let mk;
before(async () => {
  mk = await createMarginKit();
});

// ---------------------------------------------------------------------------------------------
// accounts, markets, orders

// A BTC/ETH market with a smile, a marked option and a marked perpetual.
const market = {
  time: '2026-11-24T08:00:00Z',
  underlyings: {
    BTC: {
      index: 100000,
      forwards: { '27DEC26': 101000 },
      vol: { smile: [{ expiry: '27DEC26', strike: 80000, vol: 0.8 }, { expiry: '27DEC26', strike: 100000, vol: 0.6 },
        { expiry: '27DEC26', strike: 120000, vol: 0.55 }] },
    },
    ETH: { index: 3500, rate: 0.05, vol: 0.7 },
  },
  markPrices: { 'BTC-27DEC26-90000-P': 0.012, 'BTC_USDC-PERPETUAL': 100700 },
};

const buy = (instrument, size, extra = {}) => ({ instrument, side: 'buy', size, ...extra });
const sell = (instrument, size, extra = {}) => ({ instrument, side: 'sell', size, ...extra });

// [what, account, market, orders[]] : one prepared account answers all its orders.
const books = [
  ['the sample account', sample.account, sample.market, [
    sample.order,
    buy('BTC-26DEC26-90000-P', 1), // grow a long put, premium in BTC
    buy('BTC-26DEC26-100000-C', 2), // close the short calls
    sell('BTC-26MAR27', 80000), // flip the inverse future
    buy('ETH_USDC-PERPETUAL', 8), // close the linear perp
    buy('ETH_USDC-PERPETUAL', 10), // flip it
    sell('ETH_USDC-26DEC26-3500-P', 5), // grow short linear puts
    buy('ETH-26MAR27-4000-C', 3, { price: 0.08 }), // a new inverse call at a limit
    buy('BTC-PERPETUAL', 10000), // a new inverse perp
    buy('BTC_USDC', 0.2), // spot
    sell('ETH_USDC', 1),
    [sell('BTC-26DEC26-110000-C', 1), buy('ETH_USDC-PERPETUAL', 4), buy('BTC_USDC', 0.01)],
    [buy('BTC_USDC-26MAR27-120000-C', 1), sell('BTC-26DEC26-90000-P', 1.5)],
    { instrument: { kind: 'option', underlying: 'ETH', settlement: 'linear', expiry: '26DEC26', type: 'call', strike: 4000 },
      side: 'sell', size: 2 },
  ]],
  ['a mixed book with a smile and marks', {
    collateral: { USDC: 60000, BTC: 0.6, ETH: 4 },
    positions: [
      { instrument: 'BTC-27DEC26-100000-C', size: -2, entryPrice: 0.05 },
      { instrument: 'BTC-27DEC26-90000-P', size: 1.5, entryPrice: 0.03 },
      { instrument: 'BTC-27DEC26', size: 50000, entryPrice: 99500 },
      { instrument: 'ETH_USDC-27DEC26-3500-P', size: -10, entryPrice: 150 },
      { instrument: 'BTC_USDC-PERPETUAL', size: 0.5, entryPrice: 99000 },
    ],
  }, market, [
    buy('BTC-27DEC26-90000-P', 1, { price: 0.015 }), // the marked put, above its mark
    sell('BTC_USDC-PERPETUAL', 2), // flip the marked perp
    sell('BTC-27DEC26-110000-C', 3),
    [buy('ETH_USDC', 2), sell('ETH_USDC-27DEC26-3500-P', 1)],
  ]],
  ['coin-margined BTC only', {
    collateral: { BTC: 2 },
    positions: [
      { instrument: 'BTC-27DEC26-100000-P', size: -3, entryPrice: 0.04 },
      { instrument: 'BTC-PERPETUAL', size: 30000, entryPrice: 99000 },
    ],
  }, market, [
    sell('ETH_USDC-27DEC26-3500-P', 2), // a new underlying
    sell('BTC-PERPETUAL', 10000, { price: 102000 }),
    buy('ETH_USDC', 1), // pays USDC it does not hold
  ]],
  ['isolated', {
    mode: 'isolated',
    collateral: { USDC: 30000, ETH: 1 },
    positions: [
      { instrument: 'BTC_USDC-PERPETUAL', size: 0.5, entryPrice: 99000, isolatedMargin: 2000 },
      { instrument: 'ETH-PERPETUAL', size: 10000, entryPrice: 3400, isolatedMargin: 0.5 },
      { instrument: 'BTC_USDC-27DEC26-90000-P', size: -1, entryPrice: 1500, isolatedMargin: 15000 },
    ],
  }, market, [
    buy('BTC_USDC-PERPETUAL', 0.2),
    sell('BTC-27DEC26-110000-C', 1, { isolatedMargin: 0.3 }),
    buy('ETH_USDC-PERPETUAL', 1),
    [sell('ETH-PERPETUAL', 4000, { isolatedMargin: 0.1 }), buy('BTC_USDC-27DEC26-90000-P', 1)],
  ]],
];

// ---------------------------------------------------------------------------------------------
// helpers

const isLevels = (x) => x !== null && typeof x === 'object' && 'underlying' in x && 'marginCall' in x;

// Level prices to 1e-9 relative; distancePercent = (price / index - 1) * 100 to what that allows.
function assertSameLevels(actual, expected, path) {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), path);
  assert.equal(actual.underlying, expected.underlying, path);
  assert.equal(actual.index, expected.index, `${path}.index`);
  for (const kind of ['liquidation', 'marginCall', 'warning']) {
    const [a, e] = [actual[kind], expected[kind]];
    assert.equal(a.length, e.length, `${path}.${kind}: ${JSON.stringify(a)} vs ${JSON.stringify(e)}`);
    e.forEach((level, k) => {
      const where = `${path}.${kind}[${k}]`;
      assert.deepEqual(Object.keys(a[k]).sort(), Object.keys(level).sort(), where);
      assert.equal(a[k].direction, level.direction, where);
      const tolerance = 1e-9 * level.price;
      assert.ok(Math.abs(a[k].price - level.price) <= tolerance, `${where}.price: ${a[k].price} vs ${level.price}`);
      assert.ok(Math.abs(a[k].distancePercent - level.distancePercent) <= (100 * tolerance) / expected.index,
        `${where}.distancePercent: ${a[k].distancePercent} vs ${level.distancePercent}`);
    });
  }
}

// Deep equality, every number exactly (Object.is), except liquidation levels (above).
function assertSameAnswer(actual, expected, path = 'result') {
  if (isLevels(expected)) return assertSameLevels(actual, expected, path);
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path} is not an array`);
    assert.equal(actual.length, expected.length, `${path}.length`);
    expected.forEach((item, i) => assertSameAnswer(actual[i], item, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path} is not an object`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const key of Object.keys(expected)) assertSameAnswer(actual[key], expected[key], `${path}.${key}`);
  } else {
    assert.ok(Object.is(actual, expected), `${path}: ${actual} vs ${expected}`);
  }
  return undefined;
}

// As assertSameAnswer, numbers to `rel` relative (levels as there). A position row's
// unrealizedPnlUsd is size x (mark - entry), ~0 for one just opened at its mark: it is compared
// to `rel` of the size of its terms (the row's value or notional) instead. So are a currency's
// equity and available margin (its balance + its positions' values, ~0 when a premium credited
// to the balance offsets the short option's value), to `rel` of its balance and margins.
function assertCloseAnswer(actual, expected, rel, path = 'result', floor = 0) {
  if (isLevels(expected)) return assertSameLevels(actual, expected, path);
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path} is not an array`);
    assert.equal(actual.length, expected.length, `${path}.length`);
    expected.forEach((item, i) => assertCloseAnswer(actual[i], item, rel, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path} is not an object`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    const isRow = 'instrument' in expected && 'notionalUsd' in expected;
    const isCurrency = 'currency' in expected && 'balance' in expected;
    for (const key of Object.keys(expected)) {
      const termSize = isRow && key === 'unrealizedPnlUsd'
        ? rel * Math.max(Math.abs(expected.valueUsd), Math.abs(expected.notionalUsd))
        : isCurrency && (key === 'equity' || key === 'availableMargin')
          ? rel * Math.max(Math.abs(expected.balance), expected.initialMargin, expected.maintenanceMargin) : 0;
      assertCloseAnswer(actual[key], expected[key], rel, `${path}.${key}`, termSize);
    }
  } else if (typeof expected === 'number' && Number.isFinite(expected)) {
    assert.ok(Math.abs(actual - expected) <= Math.max(rel * Math.max(Math.abs(actual), Math.abs(expected)), floor),
      `${path}: ${actual} vs ${expected} (rel ${rel}, floor ${floor})`);
  } else {
    assert.ok(Object.is(actual, expected), `${path}: ${actual} vs ${expected}`);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// the account after the orders, by hand

// kind, underlying coin and settlement asset of a venue name ('BTC-27DEC26-100000-C',
// 'ETH_USDC-PERPETUAL', 'BTC_USDC', ...) or of an instrument object, and its name.
function instrumentOf(ref) {
  if (typeof ref !== 'string') {
    const linear = ref.settlement === 'linear';
    const head = linear ? `${ref.underlying}_${ref.settlementAsset ?? 'USDC'}` : ref.underlying;
    const tail = { option: [ref.expiry, ref.strike, ref.type === 'call' ? 'C' : 'P'], future: [ref.expiry],
      perpetual: ['PERPETUAL'], spot: [] }[ref.kind];
    return instrumentOf([head, ...tail].join('-'));
  }
  const [head, ...rest] = ref.split('-');
  const [coin, quote] = head.split('_');
  let kind = 'future';
  if (rest.length === 0) kind = 'spot';
  else if (rest[0] === 'PERPETUAL') kind = 'perpetual';
  else if (rest.length === 3) kind = 'option';
  return { name: ref, kind, coin, settlement: quote ?? coin, inverse: quote === undefined };
}

// The instrument's mark in its own quote, as mk.accountRisk values a position of it; spot at the
// index (the markets here give no spot marks).
function markOf(instrument, market) {
  if (instrument.kind === 'spot') return market.underlyings[instrument.coin].index;
  const probe = { positions: [{ instrument: instrument.name, size: 1, entryPrice: 1 }] };
  return mk.accountRisk(probe, market, { liquidationLevels: false }).positions[0].mark;
}

// The account after `orders` fill at their price (default: the mark), by the rules of
// orders.hpp and web/marginkit.d.ts: a buy of an option pays size x price from the settlement
// asset, a sell is credited it; closing (part of) a future or perpetual realises its P&L into
// the settlement asset; an increase averages the entry price (inverse futures: harmonically, as
// their sizes are USD), a flip opens the remainder at the price; spot moves the coin and the
// settlement asset; in isolated mode what an order closes releases its share of the margin and
// what it opens adds the order's isolatedMargin, or else the initial margin of what it opens,
// and at least what the position's IM grows by when it adds to a position; closed positions go,
// new ones come last.
function accountAfter(account, market, orders) {
  const collateral = { ...account.collateral };
  const positions = (account.positions ?? []).map((p) => ({ ...p, instrument: instrumentOf(p.instrument).name }));
  for (const order of orderList(orders)) {
    const instrument = instrumentOf(order.instrument);
    const price = order.price ?? markOf(instrument, market);
    const signed = order.side === 'buy' ? order.size : -order.size;
    const pay = (asset, amount) => { collateral[asset] = (collateral[asset] ?? 0) + amount; };
    if (instrument.kind === 'spot') {
      pay(instrument.coin, signed);
      pay(instrument.settlement, -signed * price);
      continue;
    }
    let position = positions.find((p) => p.instrument === instrument.name);
    if (!position) {
      position = { instrument: instrument.name, size: 0, entryPrice: 0 };
      positions.push(position);
    }
    const old = position.size;
    const size = old + signed;
    const increases = old === 0 || (old > 0) === (signed > 0);
    const closed = increases ? 0 : Math.min(Math.abs(signed), Math.abs(old));
    if (instrument.kind === 'option') {
      pay(instrument.settlement, -signed * price);
    } else if (closed > 0) {
      const direction = old > 0 ? 1 : -1;
      pay(instrument.settlement, instrument.inverse
        ? direction * closed * (1 / position.entryPrice - 1 / price)
        : direction * closed * (price - position.entryPrice));
    }
    const held = { instrument: position.instrument, size: old, entryPrice: position.entryPrice };
    if (old === 0) position.entryPrice = price;
    else if (increases && price !== position.entryPrice) {
      position.entryPrice = instrument.inverse && instrument.kind !== 'option'
        ? Math.abs(size) / (Math.abs(old) / position.entryPrice + Math.abs(signed) / price)
        : (Math.abs(old) * position.entryPrice + Math.abs(signed) * price) / Math.abs(size);
    }
    else if (size * old < 0) position.entryPrice = price;
    position.size = size;
    if (account.mode === 'isolated') {
      position.isolatedMargin = (position.isolatedMargin ?? 0) * (closed > 0 ? 1 - closed / Math.abs(old) : 1);
      const opened = increases ? signed : (size * old < 0 ? size : 0);
      if (order.isolatedMargin !== undefined) {
        position.isolatedMargin += order.isolatedMargin;
      } else if (opened !== 0) {
        const imOf = (p) => mk.accountRisk({ positions: [p] }, market, { liquidationLevels: false }).positions[0].initialMarginUsd;
        let im = imOf({ instrument: position.instrument, size: opened, entryPrice: price });
        if (increases && old !== 0) {
          im = Math.max(im, imOf({ instrument: position.instrument, size, entryPrice: position.entryPrice }) - imOf(held));
        }
        position.isolatedMargin += instrument.inverse ? im / market.underlyings[instrument.coin].index : im;
      }
    }
  }
  return { ...account, collateral, positions: positions.filter((p) => p.size !== 0) };
}

// A preview's before, after and levels against mk.accountRisk of the account and of the account
// after the orders.
function assertFromScratch(preview, account, market, orders, what) {
  const { liquidation: levelsBefore, ...before } = mk.accountRisk(account, market);
  const { liquidation: levelsAfter, ...after } = mk.accountRisk(accountAfter(account, market, orders), market);
  assertCloseAnswer(preview.before, before, 1e-12, `${what}: before`);
  assertCloseAnswer(preview.liquidationBefore, levelsBefore, 1e-12, `${what}: liquidationBefore`);
  assertCloseAnswer(preview.after, after, 1e-12, `${what}: after`);
  assertCloseAnswer(preview.liquidationAfter, levelsAfter, 1e-12, `${what}: liquidationAfter`);
}

function caught(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return assert.fail('expected a MarginKitError, nothing was thrown');
}

function assertError(error, code, field) {
  assert.ok(error instanceof MarginKitError, `expected a MarginKitError, got ${error?.name}: ${error?.message}`);
  assert.deepEqual({ code: error.code, field: error.field }, { code, field }, error.message);
}

const rowNames = (risk) => risk.positions.map((p) => p.instrument);
const orderList = (orders) => (Array.isArray(orders) ? orders : [orders]);
const label = (orders) => orderList(orders).map((o) => `${o.side} ${o.size} ${JSON.stringify(o.instrument)}`).join(', ');

// A fresh engine (its own 16 MiB heap, nothing freed in it yet) and that heap.
async function freshEngine() {
  const wasmBinary = readFileSync(createRequire(import.meta.url).resolve('marginkit/marginkit.wasm'));
  const count = instances.length;
  const engine = await createMarginKit({ wasmBinary });
  assert.equal(instances.length, count + 1, 'the engine was instantiated through WebAssembly.instantiate');
  return { engine, memory: memoryOf(instances.at(-1)) };
}

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------

describe('mk.prepare against a from-scratch valuation', () => {
  for (const [what, account, mkt, orders] of books) {
    it(`${what}: preview() is mk.accountRisk of the account before and after, built by hand`, () => {
      const p = mk.prepare(account, mkt);
      try {
        for (const order of orders) assertFromScratch(p.preview(order), account, mkt, order, label(order));
      } finally {
        p.delete();
      }
    });
  }

  it('the hand-built accounts after are what the rules say (by hand, for the sample order and a buy)', () => {
    // Selling calls: a new short position last, its premium (3 x the mark, in BTC) credited.
    const sold = accountAfter(sample.account, sample.market, sample.order);
    const callMark = markOf(instrumentOf('BTC-26DEC26-110000-C'), sample.market);
    assert.deepEqual(sold.collateral, { ...sample.account.collateral, BTC: sample.account.collateral.BTC + 3 * callMark });
    assert.deepEqual(sold.positions.at(-1), { instrument: 'BTC-26DEC26-110000-C', size: -3, entryPrice: markOf(instrumentOf('BTC-26DEC26-110000-C'), sample.market) });
    // Buying 2 puts at 0.04 BTC: 0.08 BTC paid, the long grows from 1.5 @ 0.031 to 3.5.
    const bought = accountAfter(sample.account, sample.market, buy('BTC-26DEC26-90000-P', 2, { price: 0.04 }));
    assert.equal(bought.collateral.BTC, 0.6 - 2 * 0.04);
    assert.deepEqual(bought.positions[1], { instrument: 'BTC-26DEC26-90000-P', size: 3.5, entryPrice: (1.5 * 0.031 + 2 * 0.04) / 3.5 });
  });

  it('the levels compared above are there: liquidation prices before and after', () => {
    const p = mk.prepare(sample.account, sample.market);
    const preview = p.preview(sample.order);
    p.delete();
    const count = (levels) => levels.reduce((n, l) => n + l.liquidation.length + l.marginCall.length + l.warning.length, 0);
    assert.ok(count(preview.liquidationBefore) > 0 && count(preview.liquidationAfter) > 0);
  });
});

describe('mk.prepare is stateless: one prepared account answers every order as a fresh one does', () => {
  for (const [what, account, mkt, orders] of books) {
    it(`${what}: risk() is mk.accountRisk, preview() is mk.preview for every order, in turn`, () => {
      const p = mk.prepare(account, mkt);
      try {
        assert.deepEqual(p.risk(), mk.accountRisk(account, mkt));
        for (const order of orders) {
          assertSameAnswer(p.preview(order), mk.preview(account, mkt, order), label(order));
        }
        // The first again, after all the others: the prepared account has not moved.
        assertSameAnswer(p.preview(orders[0]), mk.preview(account, mkt, orders[0]), `${label(orders[0])} again`);
        assert.deepEqual(p.risk(), mk.accountRisk(account, mkt));
      } finally {
        p.delete();
      }
    });
  }
});

describe('prepared.preview options', () => {
  const order = [sell('BTC-26DEC26-110000-C', 1), buy('BTC-26MAR27', 50000), buy('ETH_USDC', 1)];

  it("positions: 'changed' keeps the ordered instruments' rows, 'none' none, as mk.preview does", () => {
    const p = mk.prepare(sample.account, sample.market);
    const all = p.preview(order);
    for (const positions of ['all', 'changed', 'none']) {
      const got = p.preview(order, { positions });
      assertSameAnswer(got, mk.preview(sample.account, sample.market, order, { positions }), positions);
      // Everything but the rows is the 'all' answer.
      const withoutRows = (x) => ({ ...x, before: { ...x.before, positions: [] }, after: { ...x.after, positions: [] } });
      assertSameAnswer(withoutRows(got), withoutRows(all), `${positions} vs all`);
    }
    // By hand: the order sells a new call, grows the future, buys spot (no row).
    const changed = p.preview(order, { positions: 'changed' });
    assert.deepEqual(rowNames(changed.before), ['BTC-26MAR27']);
    assert.deepEqual(rowNames(changed.after), ['BTC-26MAR27', 'BTC-26DEC26-110000-C']);
    assert.deepEqual(changed.after.positions, all.after.positions.filter((r) => rowNames(changed.after).includes(r.instrument)));
    const none = p.preview(order, { positions: 'none' });
    assert.deepEqual([none.before.positions, none.after.positions], [[], []]);
    assert.equal(all.before.positions.length, sample.account.positions.length);
    p.delete();
  });

  it('sizeIncrement and liquidationWarningPercent act as in mk.preview', () => {
    const p = mk.prepare(sample.account, sample.market);
    for (const options of [{ sizeIncrement: 1 }, { liquidationWarningPercent: 50 }, { liquidationWarningPercent: 0 },
      { sizeIncrement: 0.5, positions: 'none', liquidationWarningPercent: 20 }]) {
      assertSameAnswer(p.preview(sample.order, options), mk.preview(sample.account, sample.market, sample.order, options),
        JSON.stringify(options));
    }
    assert.equal(p.preview(sample.order, { sizeIncrement: 1 }).sizeIncrement, 1);
    p.delete();
  });

  it('options fixed at preparation are UNSUPPORTED_FIELD, a bad positions INVALID_ENUM; the prepared account stays usable', () => {
    const p = mk.prepare(sample.account, sample.market);
    const expected = p.preview(sample.order);
    const rows = [
      [{ warningRatio: 0.5 }, 'UNSUPPORTED_FIELD', 'options.warningRatio'],
      [{ schedule: { options: { initialBase: 0.2 } } }, 'UNSUPPORTED_FIELD', 'options.schedule'],
      [{ liquidationLevels: false }, 'UNSUPPORTED_FIELD', 'options.liquidationLevels'],
      [{ positions: 'changed', warningRatio: 0.9 }, 'UNSUPPORTED_FIELD', 'options.warningRatio'],
      [{ positions: 'some' }, 'INVALID_ENUM', 'options.positions'],
      [{ positions: '' }, 'INVALID_ENUM', 'options.positions'],
      [{ position: 'changed' }, 'UNSUPPORTED_FIELD', 'options.position'], // a typo does not pass silently
      [{ sizeIncrement: NaN }, 'NOT_FINITE', 'options.sizeIncrement'],
      [{ sizeIncrement: -1 }, 'NON_POSITIVE', 'options.sizeIncrement'],
    ];
    for (const [options, code, field] of rows) {
      assertError(caught(() => p.preview(sample.order, options)), code, field);
      assert.deepEqual(p.preview(sample.order), expected, `after ${JSON.stringify(options)}`);
    }
    // As a creation config, positions: 'some' is INVALID_ENUM on config.positions.
    assertError(caught(() => mk.prepare(sample.account, sample.market, { positions: 'some' })), 'INVALID_ENUM',
      'config.positions');
    p.delete();
  });
});

describe('the creation config', () => {
  it('warningRatio and liquidationLevels: false are honoured by previews and risk()', () => {
    const config = { warningRatio: 0.5, liquidationLevels: false };
    const p = mk.prepare(sample.account, sample.market, config);
    const got = p.preview(sample.order);
    assertSameAnswer(got, mk.preview(sample.account, sample.market, sample.order, config));
    assert.deepEqual(p.risk(), mk.accountRisk(sample.account, sample.market, config));
    // ... and they made a difference: MM / equity is between 0.5 and the default 0.8 after the order.
    const plain = mk.preview(sample.account, sample.market, sample.order);
    assert.ok(plain.after.marginRatio > 0.5 && plain.after.marginRatio < 0.8, `margin ratio ${plain.after.marginRatio}`);
    assert.equal(plain.after.status, 'healthy');
    assert.equal(got.after.status, 'warning');
    assert.ok(plain.liquidationAfter.length > 0);
    assert.deepEqual([got.liquidationBefore, got.liquidationAfter, p.risk().liquidation], [[], [], []]);
    p.delete();
  });

  it('a schedule is honoured; per-preview keys given at creation are the defaults of previews', () => {
    const config = { schedule: { options: { initialBase: 0.2, maintenanceRate: 0.1 } }, sizeIncrement: 1, positions: 'none' };
    const p = mk.prepare(sample.account, sample.market, config);
    const got = p.preview(sample.order);
    assertSameAnswer(got, mk.preview(sample.account, sample.market, sample.order, config));
    assert.equal(got.sizeIncrement, 1);
    assert.deepEqual(got.after.positions, []);
    assert.ok(got.after.maintenanceMarginUsd > mk.preview(sample.account, sample.market, sample.order).after.maintenanceMarginUsd);
    // and a preview may override them
    const overridden = p.preview(sample.order, { positions: 'all', sizeIncrement: 0.01 });
    assertSameAnswer(overridden, mk.preview(sample.account, sample.market, sample.order,
      { ...config, positions: 'all', sizeIncrement: 0.01 }));
    assert.equal(overridden.after.positions.length, sample.account.positions.length + 1);
    p.delete();
  });

  it('a bad account, market or config fails as in mk.accountRisk', () => {
    const badAccount = { ...sample.account, positions: [{ instrument: 'BTC-26DEC26-100000-X', size: 1, entryPrice: 1 }] };
    const noEth = { ...sample.market, underlyings: { BTC: sample.market.underlyings.BTC } };
    for (const [account, mkt, config] of [[badAccount, sample.market], [sample.account, noEth],
      [sample.account, sample.market, { warningRatio: 2 }], [sample.account, sample.market, { liquidationLevels: 'no' }],
      [undefined, sample.market], [sample.account, { ...sample.market, time: NaN }]]) {
      const expected = caught(() => mk.accountRisk(account, mkt, config));
      assert.ok(expected instanceof MarginKitError, String(expected));
      assertError(caught(() => mk.prepare(account, mkt, config)), expected.code, expected.field);
    }
  });
});

describe('errors in prepared.preview', () => {
  it('carry the code and field mk.preview gives, and leave the prepared account as it was', () => {
    const p = mk.prepare(sample.account, sample.market);
    const expected = p.preview(sample.order);
    const risk = p.risk();
    const bad = [
      [{ instrument: 'BTC-32DEC26-100000-C', side: 'sell', size: 1 }, 'INVALID_INSTRUMENT', 'orders[0].instrument'],
      [{ instrument: 'SOL_USDC-PERPETUAL', side: 'buy', size: 1 }, 'MISSING_MARKET_DATA', 'orders[0].instrument'],
      [{ instrument: 'BTC-20NOV26-100000-C', side: 'buy', size: 1 }, 'INSTRUMENT_EXPIRED', 'orders[0].instrument'],
      [{ ...sample.order, size: NaN }, 'NOT_FINITE', 'orders[0].size'],
      [{ ...sample.order, price: Infinity }, 'NOT_FINITE', 'orders[0].price'],
      [{ ...sample.order, size: 0 }, 'NON_POSITIVE', 'orders[0].size'],
      [{ ...sample.order, side: 'hold' }, 'INVALID_ENUM', 'orders[0].side'],
      [{ ...sample.order, size: '3' }, 'INVALID_TYPE', 'orders[0].size'],
      [[sample.order, { ...sample.order, size: NaN }], 'NOT_FINITE', 'orders[1].size'],
      [[], 'MISSING_FIELD', 'orders'],
      [undefined, 'MISSING_FIELD', 'orders'],
    ];
    for (const [orders, code, field] of bad) {
      const oneShot = caught(() => mk.preview(sample.account, sample.market, orders));
      assertError(oneShot, code, field);
      assertError(caught(() => p.preview(orders)), code, field);
      assert.deepEqual(p.preview(sample.order), expected, `after ${JSON.stringify(orders)}`);
    }
    assert.deepEqual(p.risk(), risk);
    p.delete();
  });
});

describe('delete()', () => {
  it('later calls throw INVALID_HANDLE on field prepared; deleted turns true; a second delete() does nothing', () => {
    const p = mk.prepare(sample.account, sample.market);
    assert.equal(p.deleted, false);
    p.delete();
    assert.equal(p.deleted, true);
    assertError(caught(() => p.risk()), 'INVALID_HANDLE', 'prepared');
    assertError(caught(() => p.preview(sample.order)), 'INVALID_HANDLE', 'prepared');
    assertError(caught(() => p.preview(sample.order, { positions: 'none' })), 'INVALID_HANDLE', 'prepared');
    p.delete();
    assert.equal(p.deleted, true);
    assertError(caught(() => p.risk()), 'INVALID_HANDLE', 'prepared');
  });

  it('deleting one prepared account leaves the others, and one prepared after it does not revive it', () => {
    const [, other, otherMarket, otherOrders] = books[2];
    const a = mk.prepare(sample.account, sample.market);
    const b = mk.prepare(other, otherMarket);
    a.delete();
    const c = mk.prepare(other, otherMarket); // may take a's place in the engine
    assertError(caught(() => a.risk()), 'INVALID_HANDLE', 'prepared');
    assertError(caught(() => a.preview(sample.order)), 'INVALID_HANDLE', 'prepared');
    for (const q of [b, c]) {
      assert.deepEqual(q.risk(), mk.accountRisk(other, otherMarket));
      assertFromScratch(q.preview(otherOrders[0]), other, otherMarket, otherOrders[0], label(otherOrders[0]));
    }
    b.delete();
    assert.deepEqual(c.risk(), mk.accountRisk(other, otherMarket));
    c.delete();
  });

  it('the prepared account is a frozen object: its methods cannot be replaced', () => {
    const p = mk.prepare(sample.account, sample.market);
    assert.ok(Object.isFrozen(p));
    p.delete();
  });
});

describe('mk.portfolio, the deprecated alias', () => {
  it('is mk.prepare itself, and still prepares an account', () => {
    assert.equal(mk.portfolio, mk.prepare);
    const p = mk.portfolio(sample.account, sample.market);
    assert.deepEqual(p.risk(), mk.accountRisk(sample.account, sample.market));
    assert.deepEqual(p.preview(sample.order), mk.preview(sample.account, sample.market, sample.order));
    p.delete();
    assertError(caught(() => p.risk()), 'INVALID_HANDLE', 'prepared');
  });
});

describe('wasm memory', () => {
  it('2,000 prepared accounts made, used and deleted leave the heap flat; 2,000 kept would grow it', async () => {
    const { engine, memory } = await freshEngine();
    const cycle = () => {
      const p = engine.prepare(sample.account, sample.market);
      p.preview(sample.order, { positions: 'changed' });
      p.risk();
      p.delete();
    };
    for (let i = 0; i < 10; i += 1) cycle(); // warm
    const start = memory.buffer.byteLength;
    for (let i = 0; i < 2000; i += 1) cycle();
    assert.equal(memory.buffer.byteLength, start,
      `2,000 prepared accounts grew the heap from ${start / MiB} to ${memory.buffer.byteLength / MiB} MiB`);

    // Sensitivity: the same 2,000 kept alive do not fit in that heap.
    const kept = Array.from({ length: 2000 }, () => engine.prepare(sample.account, sample.market));
    assert.ok(memory.buffer.byteLength > start,
      `2,000 live prepared accounts fit in the ${start / MiB} MiB heap: this test could not see a leak of them`);
    for (const p of kept) p.delete();
  });

  it('forgotten prepared accounts are freed when garbage collected; methods taken off one keep it alive', async () => {
    v8.setFlagsFromString('--expose_gc');
    const gc = vm.runInNewContext('gc');
    const { engine, memory } = await freshEngine();
    const collect = async () => {
      gc();
      await nextTask(); // FinalizationRegistry callbacks run as tasks after a collection
    };
    let collected = 0;
    const watcher = new FinalizationRegistry(() => {
      collected += 1;
    });
    engine.prepare(sample.account, sample.market).preview(sample.order); // warm
    await collect();
    const start = memory.buffer.byteLength;
    for (let i = 0; i < 2000; i += 1) {
      watcher.register(engine.prepare(sample.account, sample.market), i);
      if (i % 50 === 49) await collect();
    }
    for (let i = 0; i < 20 && collected < 2000; i += 1) await collect();
    assert.ok(collected > 1900, `only ${collected} of 2,000 forgotten prepared accounts were collected`);
    assert.equal(memory.buffer.byteLength, start,
      `2,000 forgotten prepared accounts grew the heap from ${start / MiB} to ${memory.buffer.byteLength / MiB} MiB`);

    // `const { preview } = mk.prepare(...)`: the object is gone but its methods still answer.
    const { preview, risk } = engine.prepare(sample.account, sample.market);
    const expected = engine.preview(sample.account, sample.market, sample.order);
    for (let i = 0; i < 10; i += 1) await collect();
    const others = Array.from({ length: 5 }, () => engine.prepare({ collateral: { USDC: 1 } }, sample.market));
    assertSameAnswer(preview(sample.order), expected);
    assert.deepEqual(risk(), engine.accountRisk(sample.account, sample.market));
    for (const p of others) p.delete();
  });
});
