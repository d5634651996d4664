// Per-position outputs echo the inputs exactly and say what the engine used: the given mark as
// given, the forward, the vol (implied from a mark, checked with mk.impliedVol and mk.price) and
// the time to expiry (checked with Date.UTC, ACT/365). In isolated mode each row carries its own
// liquidation price (checked with the closed form of a linear perpetual), in every API.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';

let mk;
before(async () => { mk = await createMarginKit(); });

const time = '2026-11-24T08:00:00Z';
const expiry = Date.UTC(2026, 11, 27, 8);
const years = (expiry - Date.parse(time)) / (365 * 24 * 3600 * 1000);
const market = {
  time,
  underlyings: { BTC: { index: 98000, forwards: { '27DEC26': 98500 }, vol: 0.55 } },
  markPrices: { 'BTC-27DEC26-100000-C': 0.0241, 'BTC-27DEC26': 98600.5 },
};
const account = {
  collateral: { BTC: 2 },
  positions: [
    { instrument: 'BTC-27DEC26-100000-C', size: -1, entryPrice: 0.02 },
    { instrument: 'BTC-27DEC26-90000-P', size: 1, entryPrice: 0.01 },
    { instrument: 'BTC-27DEC26', size: 10000, entryPrice: 97000 },
    { instrument: 'BTC-PERPETUAL', size: -5000, entryPrice: 99000 },
  ],
};

// Each position on its own margin: a linear perpetual and an inverse future.
const isolated = {
  mode: 'isolated',
  collateral: { USDC: 20000, BTC: 1 },
  positions: [
    { instrument: 'BTC_USDC-PERPETUAL', size: 0.5, entryPrice: 98000, isolatedMargin: 5000 },
    { instrument: 'BTC-27DEC26', size: -20000, entryPrice: 99000, isolatedMargin: 0.05 },
  ],
};

describe('per-position outputs', () => {
  it('a given mark comes back exactly as given; no -0 anywhere', () => {
    const risk = mk.accountRisk(account, market);
    const row = (name) => risk.positions.find((p) => p.instrument === name);
    assert.equal(row('BTC-27DEC26-100000-C').mark, 0.0241);
    assert.equal(row('BTC-27DEC26').mark, 98600.5);
    const text = JSON.stringify(risk);
    assert.ok(!/-0(?![.\d])/.test(JSON.stringify(risk, (k, v) => (Object.is(v, -0) ? '-0' : v))), text);
  });

  it('forward, vol and yearsToExpiry are the ones used', () => {
    const risk = mk.accountRisk(account, market);
    const row = (name) => risk.positions.find((p) => p.instrument === name);
    const call = row('BTC-27DEC26-100000-C');
    assert.equal(call.forward, 98500);
    assert.ok(Math.abs(call.yearsToExpiry - years) <= 1e-15, `${call.yearsToExpiry} vs ${years}`);
    // The vol is the one that reprices the given mark (Black-76 on the forward, coin-settled).
    const implied = mk.impliedVol({ type: 'call', model: 'black76', settlement: 'inverse', underlying: 98500, strike: 100000, t: years, price: 0.0241 });
    assert.ok(Math.abs(call.vol / implied - 1) <= 1e-12, `${call.vol} vs ${implied}`);
    const put = row('BTC-27DEC26-90000-P');
    assert.equal(put.vol, 0.55);  // the market's flat vol
    assert.equal(put.forward, 98500);
    const repriced = mk.price({ type: 'put', model: 'black76', settlement: 'inverse', underlying: 98500, strike: 90000, t: years, vol: 0.55 }).price;
    assert.ok(Math.abs(put.mark / repriced - 1) <= 1e-12, `${put.mark} vs ${repriced}`);
    const future = row('BTC-27DEC26');
    assert.equal(future.vol, 0);
    assert.ok(Math.abs(future.yearsToExpiry - years) <= 1e-15);
    const perp = row('BTC-PERPETUAL');
    assert.equal(perp.forward, 98000);  // the index
    assert.equal(perp.yearsToExpiry, 0);
    assert.equal(perp.vol, 0);
  });

  it('isolated levels name their position; cross levels are the whole account', () => {
    const levels = mk.accountRisk(isolated, market).liquidation;
    assert.deepEqual(levels.map((l) => l.instrument), ['BTC_USDC-PERPETUAL', 'BTC-27DEC26']);
    assert.deepEqual(levels.map((l) => l.underlying), ['BTC', 'BTC']);
    for (const l of mk.accountRisk(account, market).liquidation) assert.equal(l.instrument, undefined);
  });

  it('isolated rows carry their own liquidation price: the closed form, the row\'s levels, every API', () => {
    // Long 0.5 BTC_USDC-PERPETUAL at 98,000 on 5,000 USD, MM 1.5 % + 0.5 % x 0.5/100 of the
    // notional: 5,000 + 0.5 (S - 98,000) = 0.015025 x 0.5 S.
    const perpLiquidation = (98_000 * 0.5 - 5000) / (0.5 - 0.015025 * 0.5);
    const withEth = { ...market, underlyings: { ...market.underlyings, ETH: { index: 3600 } } };
    const account = {
      ...isolated,
      collateral: { USDC: 70_000, BTC: 1 },
      // Margin above the notional: no price in [index/100, 100 x index] liquidates it.
      positions: [...isolated.positions, { instrument: 'ETH_USDC-PERPETUAL', size: 1, entryPrice: 3600, isolatedMargin: 60_000 }],
    };
    // Each row's price: its levels' nearest liquidation price, or null when there is none.
    const check = (rows, levels, what) => {
      for (const row of rows) {
        const own = levels.find((l) => l.instrument === row.instrument);
        assert.ok(own, `${what}: levels of ${row.instrument}`);
        const nearest = [...own.liquidation].sort((a, b) => Math.abs(a.distancePercent) - Math.abs(b.distancePercent))[0];
        assert.equal(row.liquidationPrice, nearest ? nearest.price : null, `${what}: ${row.instrument}`);
      }
    };
    const risk = mk.accountRisk(account, withEth);
    const row = (name) => risk.positions.find((p) => p.instrument === name);
    assert.ok(Math.abs(row('BTC_USDC-PERPETUAL').liquidationPrice / perpLiquidation - 1) < 1e-12,
      `${row('BTC_USDC-PERPETUAL').liquidationPrice} vs ${perpLiquidation}`);
    assert.ok(row('BTC-27DEC26').liquidationPrice > 98_000, 'a short future liquidates above');
    assert.equal(row('ETH_USDC-PERPETUAL').liquidationPrice, null);
    check(risk.positions, risk.liquidation, 'accountRisk');

    const order = { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 0.1, isolatedMargin: 500 };
    const preview = mk.preview(account, withEth, order);
    check(preview.before.positions, preview.liquidationBefore, 'preview before');
    check(preview.after.positions, preview.liquidationAfter, 'preview after');
    assert.notEqual(preview.after.positions[0].liquidationPrice, preview.before.positions[0].liquidationPrice,
      'the grown position has a new price');
    const prepared = mk.prepare(account, withEth);
    try {
      assert.deepEqual(prepared.risk().positions, risk.positions);
      const again = prepared.preview(order, { positions: 'changed' });
      check(again.after.positions, again.liquidationAfter, 'prepared preview after');
      assert.equal(again.after.positions[0].liquidationPrice, preview.after.positions[0].liquidationPrice);
    } finally {
      prepared.delete();
    }
    // No levels computed: no price on the rows.
    const noLevels = mk.accountRisk(account, withEth, { liquidationLevels: false });
    for (const r of noLevels.positions) assert.ok(!('liquidationPrice' in r), r.instrument);
  });

  it('cross rows carry no liquidation price of their own (the account\'s are per underlying)', () => {
    for (const r of mk.accountRisk(account, market).positions) assert.ok(!('liquidationPrice' in r), r.instrument);
  });
});
