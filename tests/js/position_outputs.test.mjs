// Per-position outputs echo the inputs exactly and say what the engine used: the given mark as
// given, the forward, the vol (implied from a mark, checked with mk.impliedVol and mk.price) and
// the time to expiry (checked with Date.UTC, ACT/365).
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
    const isolated = {
      mode: 'isolated',
      collateral: { USDC: 20000, BTC: 1 },
      positions: [
        { instrument: 'BTC_USDC-PERPETUAL', size: 0.5, entryPrice: 98000, isolatedMargin: 5000 },
        { instrument: 'BTC-27DEC26', size: -20000, entryPrice: 99000, isolatedMargin: 0.05 },
      ],
    };
    const levels = mk.accountRisk(isolated, market).liquidation;
    assert.deepEqual(levels.map((l) => l.instrument), ['BTC_USDC-PERPETUAL', 'BTC-27DEC26']);
    assert.deepEqual(levels.map((l) => l.underlying), ['BTC', 'BTC']);
    for (const l of mk.accountRisk(account, market).liquidation) assert.equal(l.instrument, undefined);
  });
});
