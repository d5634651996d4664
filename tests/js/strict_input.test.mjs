// "Never wrong silently": every class of failure the issue found on the old code (before
// 949851e, "Strict input everywhere"), through the public API, with the old reproducers where
// they can be written. Each was a wrong answer given as if right (a misspelt key ignored, NaN out
// as null beside status 'healthy', a negative margin, wrong units, nonsense read as something
// else) or an engine killed by its input. Each now throws a MarginKitError whose code AND field
// (the JSON path of the offending input) are checked, and after every error the engine answers
// the valid samples exactly as before (cross and isolated, one-shot calls and a prepared account).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMarginKit, MarginKitError } from 'marginkit';
import { isolatedSampleAccount } from './support/samples.mjs';
import { thrownBy } from './support/thrown.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = JSON.parse(readFileSync(join(repoRoot, 'examples', 'sample-account.json'), 'utf8'));
const clone = (x) => structuredClone(x);
const { account, market, order } = sample;

// An isolated account on the sample market (linear and inverse futures, a short option).
const isolated = isolatedSampleAccount();
const isolatedOrder = { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 0.1, isolatedMargin: 1000 };

let mk;
let prepared; // made once from the sample, asked again after every error
const baseline = {};
function answers() {
  return {
    risk: mk.accountRisk(account, market),
    preview: mk.preview(account, market, order),
    isolatedRisk: mk.accountRisk(isolated, market),
    isolatedPreview: mk.preview(isolated, market, isolatedOrder),
    preparedRisk: prepared.risk(),
    preparedPreview: prepared.preview(order),
  };
}
before(async () => {
  mk = await createMarginKit();
  prepared = mk.prepare(account, market);
  Object.assign(baseline, answers());
});
after(() => prepared?.delete());

// ---------------------------------------------------------------------------------------------
// helpers

function assertEngineWorks() {
  assert.deepEqual(answers(), baseline, 'the engine answers the valid samples as before the error');
}

// fn must throw (never return a result) a MarginKitError with this code and field; then the
// engine must answer the valid samples exactly as before. Returns the error.
function assertRejects(fn, code, field) {
  const error = thrownBy(fn);
  assert.ok(error instanceof MarginKitError, `expected a MarginKitError, got ${error?.name}: ${error?.message}`);
  assert.equal(error.name, 'MarginKitError');
  assert.deepEqual({ code: error.code, field: error.field }, { code, field }, error.message);
  assert.ok(typeof error.message === 'string' && error.message.length > 0);
  assertEngineWorks();
  return error;
}

// The same input through mk.accountRisk, mk.preview, mk.prepare (making it) and, for orders
// and options, a prepared account's preview.
function assertRejectedEverywhere({ account: a = account, market: m = market, orders = order, config }, code, field) {
  const aboutOrders = field.startsWith('orders');
  if (!aboutOrders) {
    assertRejects(() => mk.accountRisk(a, m, config), code, field);
    assertRejects(() => mk.prepare(a, m, config), code, field);
  }
  assertRejects(() => mk.preview(a, m, orders, config), code, field);
  if (aboutOrders) {
    const p = mk.prepare(a, m, config);
    try {
      assertRejects(() => p.preview(orders), code, field);
    } finally {
      p.delete();
    }
  }
}

const NULLABLE = new Set(['marginRatio', 'initialMarginRatio', 'leverage', 'rejectReason']);
// Every number finite; null only where documented.
function assertFiniteResult(value, path = 'result') {
  if (value === null) {
    assert.ok(NULLABLE.has(path.split('.').pop()), `${path} is null`);
    return;
  }
  if (typeof value === 'number') {
    assert.ok(Number.isFinite(value), `${path} is ${value}`);
    return;
  }
  if (typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    assertFiniteResult(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
  }
}

const withBtc = (patch) => {
  const m = clone(market);
  Object.assign(m.underlyings.BTC, patch);
  return m;
};
const withPositions = (positions, extra = {}) => ({ collateral: { BTC: 1, USDC: 10_000 }, positions, ...extra });
// `base` followed by `count` array levels: the path nlohmann's and our walk give a value nested
// that deep ('orders[0].instrument[0][0]...').
const nestedArrays = (count, leaf = 1) => {
  let value = leaf;
  for (let i = 0; i < count; i += 1) value = [value];
  return value;
};

// ---------------------------------------------------------------------------------------------

describe('never wrong silently: every old failure is an error with its code and JSON path', () => {
  it('misspelt or misplaced keys are UNSUPPORTED_FIELD, never ignored', () => {
    // `postions`: the old code saw no positions, MM 0 and status 'healthy'.
    const postions = { mode: 'cross', collateral: account.collateral, postions: account.positions };
    assertRejectedEverywhere({ account: postions }, 'UNSUPPORTED_FIELD', 'account.postions');
    // `colateral`: no collateral, so the short options sent equity negative.
    const colateral = { colateral: account.collateral, positions: account.positions };
    assertRejectedEverywhere({ account: colateral }, 'UNSUPPORTED_FIELD', 'account.colateral');
    // `mdoe: 'isolated'` was a cross account (whose isolatedMargin keys were then ignored too).
    assertRejectedEverywhere({ account: { ...isolated, mode: undefined, mdoe: 'isolated' }, orders: isolatedOrder },
      'UNSUPPORTED_FIELD', 'account.mdoe');
    // An order's `prce` filled at the mark.
    assertRejectedEverywhere({ orders: { ...order, prce: 0.001 } }, 'UNSUPPORTED_FIELD', 'orders[0].prce');
    assertRejectedEverywhere({ orders: [order, { ...order, sise: 1 }] }, 'UNSUPPORTED_FIELD', 'orders[1].sise');

    // Market data misspelt or misplaced.
    const marks = { 'BTC-26DEC26-100000-C': 0.03 };
    assertRejectedEverywhere({ market: { ...market, markPrice: marks } }, 'UNSUPPORTED_FIELD', 'market.markPrice');
    assertRejectedEverywhere({ market: withBtc({ markPrices: marks }) }, 'UNSUPPORTED_FIELD', 'market.underlyings.BTC.markPrices');
    assertRejectedEverywhere({ market: { ...market, collateralPrice: { BTC: 1 } } }, 'UNSUPPORTED_FIELD', 'market.collateralPrice');
    assertRejectedEverywhere({ account: { ...account, collateralPrices: { BTC: 1 } } }, 'UNSUPPORTED_FIELD', 'account.collateralPrices');
    const froward = withBtc({ froward: market.underlyings.BTC.forwards });
    delete froward.underlyings.BTC.forwards;
    assertRejectedEverywhere({ market: froward }, 'UNSUPPORTED_FIELD', 'market.underlyings.BTC.froward');
    assertRejectedEverywhere({ market: { ...market, forwards: { '26DEC26': 98_400 } } }, 'UNSUPPORTED_FIELD', 'market.forwards');
    assertRejectedEverywhere({ market: withBtc({ rates: 0.05 }) }, 'UNSUPPORTED_FIELD', 'market.underlyings.BTC.rates');
    assertRejectedEverywhere({ market: { ...market, rate: 0.05 } }, 'UNSUPPORTED_FIELD', 'market.rate');
    assertRejectedEverywhere({ market: withBtc({ vol: { ...market.underlyings.BTC.vol, rate: 0.05 } }) },
      'UNSUPPORTED_FIELD', 'market.underlyings.BTC.vol.rate');
    const smile = [{ expiry: '26DEC26', strike: 100_000, vol: 0.5 }];
    assertRejectedEverywhere({ market: withBtc({ vol: { ...market.underlyings.BTC.vol, smiel: smile } }) },
      'UNSUPPORTED_FIELD', 'market.underlyings.BTC.vol.smiel');
    assertRejectedEverywhere({ market: withBtc({ smile }) }, 'UNSUPPORTED_FIELD', 'market.underlyings.BTC.smile');
    assertRejectedEverywhere({ market: withBtc({ vol: { smile: [{ ...smile[0], vlo: 0.5 }] } }) },
      'UNSUPPORTED_FIELD', 'market.underlyings.BTC.vol.smile[0].vlo');

    // Positions, instruments by fields, config, schedule, a prepared account's per-preview options.
    const positions = clone(account.positions);
    positions[4].entryprice = positions[4].entryPrice;
    delete positions[4].entryPrice;
    assertRejectedEverywhere({ account: { ...account, positions } }, 'UNSUPPORTED_FIELD', 'account.positions[4].entryprice');
    const byFields = { kind: 'option', underlying: 'BTC', expiry: '26DEC26', type: 'call', strik: 100_000 };
    assertRejectedEverywhere({ orders: { ...order, instrument: byFields } }, 'UNSUPPORTED_FIELD', 'orders[0].instrument.strik');
    assertRejectedEverywhere({ config: { warningRatoi: 0.5 } }, 'UNSUPPORTED_FIELD', 'config.warningRatoi');
    assertRejectedEverywhere({ config: { schedule: { option: { maintenanceRate: 0.1 } } } }, 'UNSUPPORTED_FIELD', 'config.schedule.option');
    assertRejectedEverywhere({ config: { schedule: { futures: { maintenanceRat: 0.1 } } } },
      'UNSUPPORTED_FIELD', 'config.schedule.futures.maintenanceRat');
    assertRejects(() => prepared.preview(order, { sizeIncrment: 1 }), 'UNSUPPORTED_FIELD', 'options.sizeIncrment');
  });

  it('NaN out as null beside "healthy": past vols are left out, absurd forwards and amounts refused', () => {
    // An ATM vol or a smile point for an expiry already past: the old code interpolated total
    // variance through it and wrote NaN (as null). Such points are now left out (documented), so
    // the result is that of the market without them, every number finite.
    // (With these points the old code gave optionsValueUsd null and 27 more nulls, 'healthy'.)
    const march = [{ expiry: '26MAR27', strike: 90_000, vol: 0.6 }, { expiry: '26MAR27', strike: 120_000, vol: 0.55 }];
    for (const [label, withPast, without] of [
      ['an ATM vol', withBtc({ vol: { atm: { '20NOV26': 3, '26MAR27': 0.55 } } }), withBtc({ vol: { atm: { '26MAR27': 0.55 } } })],
      ['ATM vols, one at the valuation time', withBtc({ vol: { atm: { '24NOV25': 3, '2026-11-24T08:00:00Z': 0.1, '26MAR27': 0.55 } } }),
        withBtc({ vol: { atm: { '26MAR27': 0.55 } } })],
      ['a smile point', withBtc({ vol: { smile: [{ expiry: '24NOV25', strike: 100_000, vol: 3 }, ...march] } }), withBtc({ vol: { smile: march } })],
      ['smile points beside a flat vol', withBtc({ vol: { flat: 0.5, smile: [{ expiry: '2026-11-23T08:00:00Z', strike: 90_000, vol: 5 },
        { expiry: '20NOV26', strike: 100_000, vol: 0.01 }, ...march] } }), withBtc({ vol: { flat: 0.5, smile: march } })],
      ['a forward', withBtc({ forwards: { ...market.underlyings.BTC.forwards, '20NOV26': 50_000 } }), market],
    ]) {
      const risk = mk.accountRisk(account, withPast);
      assertFiniteResult(risk, `accountRisk with past ${label}`);
      assert.deepEqual(risk, mk.accountRisk(account, without), `past ${label} change the result`);
      const preview = mk.preview(account, withPast, order);
      assertFiniteResult(preview, `preview with past ${label}`);
      assert.deepEqual(preview, mk.preview(account, without, order), `past ${label} change the preview`);
    }

    // A valuation one minute before the only expiry with a forward, valuing another expiry: the
    // basis annualised over one minute was carried to March until the forward overflowed.
    const oneMinuteBefore = {
      time: Date.UTC(2026, 11, 26, 7, 59),
      underlyings: { BTC: { index: 98_000, forwards: { '26DEC26': 98_100 }, vol: 0.5 } },
    };
    const future = withPositions([{ instrument: 'BTC-26MAR27', size: 1000, entryPrice: 98_000 }]);
    const option = withPositions([{ instrument: 'BTC-26MAR27-100000-C', size: -1, entryPrice: 0.05 }]);
    for (const a of [future, option]) {
      assertRejectedEverywhere({ account: a, market: oneMinuteBefore, orders: { instrument: 'BTC-PERPETUAL', side: 'buy', size: 10 } },
        'OUT_OF_RANGE', 'market.underlyings.BTC.forwards');
    }
    // Only an order in that expiry: the market is refused when the order is valued.
    const marchOrder = { instrument: 'BTC-26MAR27', side: 'buy', size: 10 };
    assertRejects(() => mk.preview(withPositions([]), oneMinuteBefore, marchOrder), 'OUT_OF_RANGE', 'market.underlyings.BTC.forwards');
    const empty = mk.prepare(withPositions([]), oneMinuteBefore);
    try {
      assertRejects(() => empty.preview(marchOrder), 'OUT_OF_RANGE', 'market.underlyings.BTC.forwards');
    } finally {
      empty.delete();
    }
    // The same forward valuing its own expiry is fine.
    const own = mk.accountRisk(withPositions([{ instrument: 'BTC-26DEC26', size: 1000, entryPrice: 98_000 }]), oneMinuteBefore);
    assertFiniteResult(own);

    // isolatedMargin: 1e308 gave NaN margins; the limit is 1e15 (mk's kMaxAmount).
    const huge = clone(isolated);
    huge.positions[0].isolatedMargin = 1e308;
    assertRejectedEverywhere({ account: huge, orders: isolatedOrder }, 'OUT_OF_RANGE', 'account.positions[0].isolatedMargin');
    assertRejectedEverywhere({ account: isolated, orders: { ...isolatedOrder, isolatedMargin: 1e308 } },
      'OUT_OF_RANGE', 'orders[0].isolatedMargin');
    huge.positions[0].isolatedMargin = 1e16;
    assertRejectedEverywhere({ account: huge, orders: isolatedOrder }, 'OUT_OF_RANGE', 'account.positions[0].isolatedMargin');
  });

  it('negative margin: schedule coefficients outside [0, 10] are OUT_OF_RANGE', () => {
    // maintenanceRate -1 gave the sample account an MM of -92,932 USD.
    assertRejectedEverywhere({ config: { schedule: { options: { maintenanceRate: -1 } } } },
      'OUT_OF_RANGE', 'config.schedule.options.maintenanceRate');
    for (const key of ['initialBase', 'initialFloor', 'maintenanceRate', 'putMarkRate']) {
      for (const value of [-1e-9, -1, 10.5]) {
        assertRejects(() => mk.accountRisk(account, market, { schedule: { options: { [key]: value } } }),
          'OUT_OF_RANGE', `config.schedule.options.${key}`);
      }
    }
    for (const key of ['initialRate', 'maintenanceRate', 'rateStep']) {
      for (const value of [-0.01, 11]) {
        assertRejects(() => mk.preview(account, market, order, { schedule: { futures: { [key]: value } } }),
          'OUT_OF_RANGE', `config.schedule.futures.${key}`);
      }
    }
    // Zero and the limit are allowed, and margins stay >= 0.
    const zero = mk.accountRisk(account, market, { schedule: { options: { initialBase: 0, initialFloor: 0, maintenanceRate: 0, putMarkRate: 0 }, futures: { initialRate: 0, maintenanceRate: 0, rateStep: 0 } } });
    assertFiniteResult(zero);
    assert.ok(zero.maintenanceMarginUsd >= 0 && zero.initialMarginUsd >= 0, JSON.stringify(zero));
    for (const p of zero.positions) assert.ok(p.maintenanceMarginUsd >= 0 && p.initialMarginUsd >= 0, JSON.stringify(p));
    assertFiniteResult(mk.accountRisk(account, market, { schedule: { options: { maintenanceRate: 10 } } }));
  });

  it('venue rules: each new schedule key and config.profile is a coded error naming the field', () => {
    const options = (o) => ({ config: { schedule: { options: o } } });
    const futures = (f) => ({ config: { schedule: { futures: f } } });
    const tier = (upTo, initialRate, maintenanceRate) => ({ upTo, initialRate, maintenanceRate });
    assertRejectedEverywhere({ config: { profile: 'binance' } }, 'INVALID_ENUM', 'config.profile');
    for (const key of ['otmRate', 'callMarkRate', 'liquidationFeeRate', 'putMaintenanceMultiple', 'callMaintenanceMultiple']) {
      for (const value of [-1e-9, 10.5]) {
        assertRejects(() => mk.accountRisk(account, market, { schedule: { options: { [key]: value } } }),
          'OUT_OF_RANGE', `config.schedule.options.${key}`);
      }
    }
    assertRejectedEverywhere(options({ referencePrice: 'spot' }), 'INVALID_ENUM', 'config.schedule.options.referencePrice');
    assertRejectedEverywhere(options({ premiumBasis: 'entry' }), 'INVALID_ENUM', 'config.schedule.options.premiumBasis');
    assertRejectedEverywhere(futures({ tiers: [tier(10, 0.02, 0.01), tier(10, 0.03, 0.02)] }),
      'OUT_OF_RANGE', 'config.schedule.futures.tiers[1].upTo');
    assertRejectedEverywhere(futures({ tiers: [tier(10, 0.02, 0.01), tier(20, 0.01, 0.02)] }),
      'OUT_OF_RANGE', 'config.schedule.futures.tiers[1].initialRate');
    assertRejectedEverywhere(futures({ tiers: [tier(10, -0.02, 0.01)] }), 'OUT_OF_RANGE', 'config.schedule.futures.tiers[0].initialRate');
    assertRejectedEverywhere(futures({ tiers: [5] }), 'INVALID_TYPE', 'config.schedule.futures.tiers[0]');
    assertRejectedEverywhere(futures({ tiers: [{ ...tier(1, 0.1, 0.1), upto: 2 }] }), 'UNSUPPORTED_FIELD', 'config.schedule.futures.tiers[0].upto');
    assertRejectedEverywhere(futures({ tiers: [tier(1, 0.1, 0.1)], tierMode: 'stepped' }), 'INVALID_ENUM', 'config.schedule.futures.tierMode');
    assertRejectedEverywhere(futures({ tiers: [tier(1, 0.1, 0.1)], rateStep: 0 }), 'UNSUPPORTED_FIELD', 'config.schedule.futures.rateStep');
    // Every profile, and the most demanding accepted settings, give finite, non-negative margins.
    for (const profile of ['deribit', 'derive', 'bybit', 'okx', 'bit']) {
      const risk = mk.accountRisk(account, market, { profile });
      assertFiniteResult(risk);
      for (const p of risk.positions) assert.ok(p.maintenanceMarginUsd >= 0 && p.initialMarginUsd >= 0, JSON.stringify(p));
    }
    const edge = mk.accountRisk(account, market, { profile: 'bybit', schedule: { options: { otmRate: 10, initialFloor: 0, liquidationFeeRate: 10, putMaintenanceMultiple: 10, callMaintenanceMultiple: 0 } } });
    assertFiniteResult(edge);
    for (const p of edge.positions) assert.ok(p.maintenanceMarginUsd >= 0 && p.initialMarginUsd >= 0, JSON.stringify(p));
  });

  it('wrong units: a settlement asset that does not match the settlement is INVALID_ENUM', () => {
    const inverseCall = { kind: 'option', underlying: 'BTC', expiry: '26DEC26', type: 'call', strike: 100_000 };
    // An inverse option given settlementAsset 'USDC' was valued in coins and counted in USDC.
    const position = (instrument) => withPositions([{ instrument, size: -1, entryPrice: 0.05 }]);
    assertRejectedEverywhere({ account: position({ ...inverseCall, settlementAsset: 'USDC' }) },
      'INVALID_ENUM', 'account.positions[0].instrument.settlementAsset');
    assertRejectedEverywhere({ account: position({ ...inverseCall, settlementAsset: '' }) },
      'INVALID_ENUM', 'account.positions[0].instrument.settlementAsset');
    assertRejectedEverywhere({ orders: { ...order, instrument: { ...inverseCall, settlementAsset: 'USDC' } } },
      'INVALID_ENUM', 'orders[0].instrument.settlementAsset');
    assertRejectedEverywhere({ orders: { ...order, instrument: { ...inverseCall, settlement: 'linear', settlementAsset: 'BTC' } } },
      'INVALID_ENUM', 'orders[0].instrument.settlementAsset');
    // The matching assets are accepted, and equal the names.
    const byName = mk.accountRisk(position('BTC-26DEC26-100000-C'), market);
    assert.deepEqual(mk.accountRisk(position({ ...inverseCall, settlementAsset: 'BTC' }), market), byName);
    assert.deepEqual(mk.accountRisk(position({ ...inverseCall, expiry: '2026-12-26T08:00:00Z' }), market), byName);
  });

  it('nonsense: strikes, expiries, duplicates however spelt, signs, percents and times', () => {
    // Strikes by name outside [1e-12, 1e15], as by fields.
    for (const strike of ['10000000000000000000', '99999999999999999999', '1000000000000001', '0.000000000000000001', '0.0000000000001']) {
      const name = `BTC-26DEC26-${strike}-C`;
      assertRejectedEverywhere({ account: withPositions([{ instrument: name, size: -1, entryPrice: 0.05 }]) },
        'OUT_OF_RANGE', 'account.positions[0].instrument');
      assertRejectedEverywhere({ orders: { ...order, instrument: name } }, 'OUT_OF_RANGE', 'orders[0].instrument');
      assertRejectedEverywhere({ market: { ...market, markPrices: { [name]: 0.01 } } }, 'OUT_OF_RANGE', `market.markPrices.${name}`);
    }
    // Expiries by fields before 2000: 1999-12-27 became a 2099 option, 1 ms a 2070 one.
    const call = (expiry) => ({ kind: 'option', underlying: 'BTC', expiry, type: 'call', strike: 100_000 });
    for (const expiry of ['1999-12-27T08:00:00Z', 1, 0, 1.7e9]) {
      assertRejectedEverywhere({ account: withPositions([{ instrument: call(expiry), size: -1, entryPrice: 0.05 }]) },
        'INSTRUMENT_EXPIRED', 'account.positions[0].instrument.expiry');
      assertRejectedEverywhere({ orders: { ...order, instrument: call(expiry) } }, 'INSTRUMENT_EXPIRED', 'orders[0].instrument.expiry');
    }
    assertRejectedEverywhere({ orders: { ...order, instrument: call('2100-01-01T00:00:00Z') } }, 'OUT_OF_RANGE', 'orders[0].instrument.expiry');

    // One instrument spelt three ways doubled (tripled) the position.
    const one = { instrument: 'BTC-27DEC26-100000-C', size: -1, entryPrice: 0.05 };
    for (const spelling of ['BTC-27DEC26-100000.0-C', 'BTC-27DEC26-0100000-C', 'BTC-27DEC26-100000.000-C']) {
      assertRejectedEverywhere({ account: withPositions([one, { ...one, instrument: spelling }]) },
        'DUPLICATE', 'account.positions[1].instrument');
    }
    assertRejectedEverywhere({ account: withPositions([one, { ...one, instrument: 'BTC-27DEC26-100000.0-C' }, { ...one, instrument: 'BTC-27DEC26-0100000-C' }]) },
      'DUPLICATE', 'account.positions[1].instrument');
    // ... and marks spelt another way now reach the position (the old code ignored them).
    const marked = (key) => ({ ...market, markPrices: { [key]: 0.03 } });
    const canonical = mk.accountRisk(withPositions([one]), marked('BTC-27DEC26-100000-C'));
    assert.equal(canonical.positions[0].mark, 0.03);
    assert.deepEqual(mk.accountRisk(withPositions([one]), marked('BTC-27DEC26-100000.0-C')), canonical);
    assert.deepEqual(mk.accountRisk(withPositions([{ ...one, instrument: 'BTC-27DEC26-0100000-C' }]), marked('BTC-27DEC26-100000-C')), canonical);
    assertRejectedEverywhere({ market: { ...market, markPrices: { 'BTC-27DEC26-100000-C': 0.03, 'BTC-27DEC26-100000.0-C': 0.031 } } },
      'DUPLICATE', 'market.markPrices.BTC-27DEC26-100000.0-C');

    // The same expiry in forwards under two spellings, with different values: one was used at
    // random. Keys are read in sorted order: the later of the two is named.
    for (const forwards of [{ '27DEC26': 98_400, '2026-12-27T08:00:00Z': 98_500 }, { '2026-12-27T08:00:00Z': 98_500, '27DEC26': 98_400 }]) {
      assertRejectedEverywhere({ market: withBtc({ forwards }) }, 'DUPLICATE', 'market.underlyings.BTC.forwards.27DEC26');
    }
    assertRejectedEverywhere({ market: withBtc({ vol: { atm: { '26DEC26': 0.5, '2026-12-26T08:00:00Z': 0.6, '26MAR27': 0.55 } } }) },
      'DUPLICATE', 'market.underlyings.BTC.vol.atm.26DEC26');
    assertRejectedEverywhere({ market: withBtc({ vol: { smile: [{ expiry: '26DEC26', strike: 100_000, vol: 0.5 },
      { expiry: '2026-12-26T08:00:00Z', strike: 100_000, vol: 0.6 }] } }) }, 'DUPLICATE', 'market.underlyings.BTC.vol.smile[1]');

    // A negative isolatedMargin (it was added to equity as a loss).
    const negative = clone(isolated);
    negative.positions[1].isolatedMargin = -0.05;
    assertRejectedEverywhere({ account: negative, orders: isolatedOrder }, 'NON_POSITIVE', 'account.positions[1].isolatedMargin');
    assertRejectedEverywhere({ account: isolated, orders: { ...isolatedOrder, isolatedMargin: -1 } }, 'NON_POSITIVE', 'orders[0].isolatedMargin');

    // liquidationWarningPercent -10 never warned.
    assertRejectedEverywhere({ config: { liquidationWarningPercent: -10 } }, 'OUT_OF_RANGE', 'config.liquidationWarningPercent');
    assertRejects(() => prepared.preview(order, { liquidationWarningPercent: -10 }), 'OUT_OF_RANGE', 'options.liquidationWarningPercent');
    assertRejectedEverywhere({ config: { liquidationWarningPercent: 1001 } }, 'OUT_OF_RANGE', 'config.liquidationWarningPercent');

    // market.time in seconds was read as January 1970 (every option years from expiry).
    const seconds = assertRejects(() => mk.accountRisk(account, { ...market, time: 1.7e9 }), 'OUT_OF_RANGE', 'market.time');
    assert.match(seconds.message, /seconds/);
    assertRejectedEverywhere({ market: { ...market, time: Date.parse(market.time) / 1000 } }, 'OUT_OF_RANGE', 'market.time');
    for (const time of ['1999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', 1e14]) {
      assertRejectedEverywhere({ account: { collateral: { USDC: 1 } }, market: { ...market, time } }, 'OUT_OF_RANGE', 'market.time');
    }
  });

  // Found by this suite: parse_strike refused a strike of more than 20 characters before any
  // range check, so the 1e20 by name was INVALID_INSTRUMENT, and a valid strike by fields
  // whose canonical name is long (1.234567891e-10) was refused.
  it('strikes whose name is over 20 characters: the 1e20 of the issue is OUT_OF_RANGE, a valid one by fields is read', () => {
    assertRejectedEverywhere({ account: withPositions([{ instrument: 'BTC-26DEC26-100000000000000000000-C', size: -1, entryPrice: 0.05 }]) },
      'OUT_OF_RANGE', 'account.positions[0].instrument');
    const shib = { time: '2026-11-24T08:00:00Z', underlyings: { SHIB: { index: 0.00001234, vol: 0.9 } } };
    const tiny = (strike) => ({ collateral: { USDC: 1e6 }, positions: [{ instrument: { kind: 'option', underlying: 'SHIB',
      settlement: 'linear', expiry: '26DEC26', type: 'call', strike }, size: -1000, entryPrice: 0.000001 }] });
    assertFiniteResult(mk.accountRisk(tiny(1.2345e-10), shib));
    assertFiniteResult(mk.accountRisk(tiny(1.234567891e-10), shib));
  });

  it('instance killed by deep nesting: NESTING_TOO_DEEP with the path, and the engine lives on', () => {
    const { maxNestingDepth } = mk.limits;
    assert.equal(maxNestingDepth, 32);
    // 40,000 arrays in an order crashed the wasm (memory access out of bounds), and every later
    // call failed. orders (depth 1) [0] (2) .instrument (3) [0]... : the first level over the limit.
    const deepOrder = { ...order, instrument: nestedArrays(40_000) };
    const orderPath = `orders[0].instrument${'[0]'.repeat(maxNestingDepth - 2)}`;
    assertRejects(() => mk.preview(account, market, deepOrder), 'NESTING_TOO_DEEP', orderPath);
    assertRejects(() => mk.preview(account, market, [order, deepOrder]), 'NESTING_TOO_DEEP', orderPath.replace('orders[0]', 'orders[1]'));
    assertRejects(() => prepared.preview(deepOrder), 'NESTING_TOO_DEEP', orderPath);
    // A document 15,000 objects deep threw a bare RangeError out of JSON.stringify.
    let deep = {};
    const root = deep;
    for (let i = 0; i < 15_000; i += 1) deep = deep.a = {};
    const marketPath = `market.extra${'.a'.repeat(maxNestingDepth - 1)}`;
    assertRejectedEverywhere({ market: { ...market, extra: root } }, 'NESTING_TOO_DEEP', marketPath);
    assertRejectedEverywhere({ account: { ...account, positions: nestedArrays(100_000) } }, 'NESTING_TOO_DEEP',
      `account.positions${'[0]'.repeat(maxNestingDepth - 1)}`);
    assertRejectedEverywhere({ config: { schedule: { options: nestedArrays(1000) } } }, 'NESTING_TOO_DEEP',
      `config.schedule.options${'[0]'.repeat(maxNestingDepth - 2)}`);
    // At the limit the document is read (and its unknown key refused); one level more is not.
    assertRejects(() => mk.accountRisk({ ...account, extra: nestedArrays(maxNestingDepth - 1) }, market),
      'UNSUPPORTED_FIELD', 'account.extra');
    assertRejects(() => mk.accountRisk({ ...account, extra: nestedArrays(maxNestingDepth) }, market),
      'NESTING_TOO_DEEP', `account.extra${'[0]'.repeat(maxNestingDepth - 1)}`);
  });

  it('a document over the size limit is DOCUMENT_TOO_LARGE before it is copied into the wasm', () => {
    const big = { ...market, markPrices: { 'BTC-PERPETUAL': 98_000 }, note: 'x'.repeat(mk.limits.maxDocumentBytes) };
    assertRejects(() => mk.accountRisk(account, big), 'DOCUMENT_TOO_LARGE', 'market');
  });

  it('vague errors: BigInt, lone surrogates, cycles, Maps, Sets, typed arrays, functions and symbols name their exact path', () => {
    const positions = (i, key, value) => {
      const a = clone(account);
      a.positions[i][key] = value;
      return a;
    };
    assertRejectedEverywhere({ account: positions(3, 'size', 50_000n) }, 'INVALID_TYPE', 'account.positions[3].size');
    assertRejectedEverywhere({ market: withBtc({ forwards: { '26DEC26': 98_400n } }) }, 'INVALID_TYPE', 'market.underlyings.BTC.forwards.26DEC26');
    assertRejectedEverywhere({ orders: { ...order, size: 3n } }, 'INVALID_TYPE', 'orders[0].size');
    assertRejectedEverywhere({ config: { sizeIncrement: 1n } }, 'INVALID_TYPE', 'config.sizeIncrement');
    // Lone surrogates, in a value and in a key.
    assertRejectedEverywhere({ account: positions(5, 'instrument', 'ETH-26MAR27-4500-C\uD800') }, 'INVALID_JSON', 'account.positions[5].instrument');
    assertRejectedEverywhere({ orders: { ...order, side: '\uDC00sell' } }, 'INVALID_JSON', 'orders[0].side');
    assertRejectedEverywhere({ account: { ...account, collateral: { ...account.collateral, ['US\uD83D']: 1 } } }, 'INVALID_JSON', 'account.collateral');
    assertRejectedEverywhere({ market: { ...market, markPrices: { ['\uDE00']: 1 } } }, 'INVALID_JSON', 'market.markPrices');
    // A well-formed pair is text like any other (here an unknown underlying).
    assertRejectedEverywhere({ orders: { ...order, instrument: 'BTC-\uD83D\uDE00' } }, 'INVALID_INSTRUMENT', 'orders[0].instrument');
    // Cycles, named where they close.
    const cyclic = clone(account);
    cyclic.positions[2].again = cyclic.positions;
    assertRejectedEverywhere({ account: cyclic }, 'INVALID_JSON', 'account.positions[2].again');
    const cyclicMarket = clone(market);
    cyclicMarket.underlyings.ETH.vol = { atm: {} };
    cyclicMarket.underlyings.ETH.vol.atm.loop = cyclicMarket.underlyings;
    assertRejectedEverywhere({ market: cyclicMarket }, 'INVALID_JSON', 'market.underlyings.ETH.vol.atm.loop');
    // The same object twice but not inside itself is no cycle (here: an unknown key).
    const shared = { USDC: 1 };
    assertRejectedEverywhere({ account: { collateral: shared, positions: [], other: shared } }, 'UNSUPPORTED_FIELD', 'account.other');
    // Maps, Sets, typed arrays, ArrayBuffers, functions, symbols.
    assertRejectedEverywhere({ account: { ...account, collateral: new Map(Object.entries(account.collateral)) } }, 'INVALID_TYPE', 'account.collateral');
    assertRejectedEverywhere({ account: { ...account, positions: new Set(account.positions) } }, 'INVALID_TYPE', 'account.positions');
    assertRejectedEverywhere({ market: withBtc({ index: new Float64Array([98_000]) }) }, 'INVALID_TYPE', 'market.underlyings.BTC.index');
    assertRejectedEverywhere({ market: withBtc({ vol: new ArrayBuffer(8) }) }, 'INVALID_TYPE', 'market.underlyings.BTC.vol');
    // A function or symbol would vanish in JSON.stringify: a price would fill at the mark.
    assertRejectedEverywhere({ orders: { ...order, price: () => 0.01 } }, 'INVALID_TYPE', 'orders[0].price');
    assertRejectedEverywhere({ orders: { ...order, price: Symbol('0.01') } }, 'INVALID_TYPE', 'orders[0].price');
    assertRejectedEverywhere({ account: positions(0, 'isolatedMargin', Symbol.iterator) }, 'INVALID_TYPE', 'account.positions[0].isolatedMargin');
    assertRejects(() => prepared.preview(order, { sizeIncrement: () => 1 }), 'INVALID_TYPE', 'options.sizeIncrement');
  });

  it('any unexpected JS exception inside the API is a MarginKitError (INTERNAL)', () => {
    const throwingGetter = clone(account);
    Object.defineProperty(throwingGetter.positions[1], 'size', { enumerable: true, get() { throw new Error('getter'); } });
    const throwingToJson = { ...order, toJSON() { throw new TypeError('toJSON'); } };
    const throwingProxy = new Proxy(clone(market), { ownKeys() { throw new RangeError('ownKeys'); } });
    const cases = [
      () => mk.accountRisk(throwingGetter, market),
      () => mk.preview(throwingGetter, market, order),
      () => mk.prepare(throwingGetter, market),
      () => mk.preview(account, market, throwingToJson),
      () => prepared.preview(throwingToJson),
      () => prepared.preview([order, throwingToJson]),
      () => mk.accountRisk(account, throwingProxy),
      () => mk.preview(account, market, order, { get warningRatio() { throw new Error('config getter'); } }),
    ];
    for (const fn of cases) {
      const error = assertRejects(fn, 'INTERNAL', '');
      assert.ok(error.cause instanceof Error, 'the original exception is the cause');
      assert.match(error.message, /getter|toJSON|ownKeys/);
    }
  });

  // Found by this suite: a document whose toJSON() returns undefined (JSON.stringify gives no
  // document at all) was reported as INTERNAL. It is an absent document.
  it('a document whose toJSON gives nothing is an absent document, not INTERNAL', () => {
    const nothing = { toJSON() { return undefined; } };
    assertRejects(() => mk.accountRisk(nothing, market), 'MISSING_FIELD', 'account');
    assertRejects(() => mk.preview(account, nothing, order), 'MISSING_FIELD', 'market');
    assert.deepEqual(mk.accountRisk(account, market, nothing), baseline.risk);
  });

  it('after all of the above the engine still answers the samples as at the start', () => {
    assertEngineWorks();
    assert.equal(prepared.deleted, false);
  });
});
