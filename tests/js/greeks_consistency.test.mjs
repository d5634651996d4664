// Account Greeks through the public API are the derivatives of equity under the documented
// revaluation rule (README "Account risk"; web/marginkit.d.ts UnderlyingGreeks): mk.accountRisk
// on a market and on the same market with one index moved by a ratio r (support/moved-market.mjs:
// forwards, futures marks, the coin's collateral price in proportion; smile strikes scaled, which
// holds vols at the same moneyness, as the smile is given by strike; marked options repriced at
// their implied vol). For each underlying and each position row:
//   deltaCoins = d equity / d index       (central difference of equityUsd / valueUsd)
//   gammaPerUsd = d deltaCoins / d index  (central difference of the reported delta)
//              = d2 equity / d index2     (second difference of equity)
// Books: skewed two-expiry smiles (options between and on the slices), flat vols, option marks,
// linear and inverse options, futures, perpetuals, coin collateral priced below its index.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';
import { moveMarket } from './support/moved-market.mjs';

let mk;
before(async () => { mk = await createMarginKit(); });

// Central differences at steps h and h/2 (relative to the index), one Richardson step: error
// O(h^4) x the fifth derivative. Equity varies over index x vol x sqrt(t) >= 0.15 x index here
// (33 days at 60 %), so with h = 1e-3 that is (1e-3 / 0.15)^4 ~ 2e-9 of the book's gross Greeks
// (sums of |.| over its rows and collateral: a book's Greeks may cancel, its gross do not);
// allowed: 1e-7. On top, rounding: each value differenced carries a few 1e-16 of its parts
// (collateral, option values, futures notionals; or the deltas summed), which a difference
// divides by (h index) or (h index)^2, times at most ~20 for the Richardson combination.
const STEP = 1e-3;
const TOLERANCE = 1e-7;
const rounding = (parts, index, order) => (64 * 2.2e-16 * parts) / (STEP * index) ** order;

function richardson(valueAt, index, second) {
  const central = (h) => {
    const up = valueAt(1 + h), down = valueAt(1 - h);
    return second
      ? (up - 2 * valueAt(1) + down) / (h * index) ** 2
      : (up - down) / (2 * h * index);
  };
  return (4 * central(STEP / 2) - central(STEP)) / 3;
}

const noLevels = { liquidationLevels: false };

function assertNear(actual, expected, tolerance, message) {
  assert.ok(Number.isFinite(actual), `${message}: ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance,
    `${message}: reported ${actual}, difference ${expected} (off by ${actual - expected}, tolerance ${tolerance})`);
}

const sum = (items, f) => items.reduce((s, x) => s + f(x), 0);

// Checks every underlying's Greeks and every row's of `account` on `market`.
function checkBook(account, market) {
  const risk = mk.accountRisk(account, market, noLevels);
  assert.ok(risk.greeks.length > 0);
  const equityParts = Math.abs(risk.collateralUsd) + sum(risk.positions, (p) => Math.abs(p.valueUsd) + p.notionalUsd);
  for (const g of risk.greeks) {
    const cache = new Map();
    const at = (ratio) => {
      if (!cache.has(ratio)) {
        cache.set(ratio, ratio === 1 ? risk : mk.accountRisk(account, moveMarket(mk, market, g.underlying, ratio), noLevels));
      }
      return cache.get(ratio);
    };
    const greeksAt = (ratio) => at(ratio).greeks.find((x) => x.underlying === g.underlying);
    const rows = risk.positions.filter((p) => p.instrument.split(/[-_]/)[0] === g.underlying);
    const coinCollateralUsd = (account.collateral?.[g.underlying] ?? 0) * (market.collateralPrices?.[g.underlying] ?? g.index);
    const grossDelta = sum(rows, (p) => Math.abs(p.deltaCoins)) + Math.abs(coinCollateralUsd) / g.index;
    const grossGamma = sum(rows, (p) => Math.abs(p.gammaPerUsd));

    assertNear(g.deltaCoins, richardson((r) => at(r).equityUsd, g.index, false),
      TOLERANCE * grossDelta + rounding(equityParts, g.index, 1), `${g.underlying} deltaCoins vs d equity / d index`);
    assertNear(g.gammaPerUsd, richardson((r) => greeksAt(r).deltaCoins, g.index, false),
      TOLERANCE * grossGamma + rounding(grossDelta, g.index, 1), `${g.underlying} gammaPerUsd vs d deltaCoins / d index`);
    assertNear(g.gammaPerUsd, richardson((r) => at(r).equityUsd, g.index, true),
      TOLERANCE * grossGamma + rounding(equityParts, g.index, 2), `${g.underlying} gammaPerUsd vs d2 equity / d index2`);
    assertNear(g.deltaUsd, g.deltaCoins * g.index, 1e-12 * Math.abs(g.deltaUsd), `${g.underlying} deltaUsd`);

    risk.positions.forEach((p, i) => {
      if (!rows.includes(p)) return;
      assertNear(p.deltaCoins, richardson((r) => at(r).positions[i].valueUsd, g.index, false),
        TOLERANCE * Math.abs(p.deltaCoins) + rounding(Math.abs(p.valueUsd) + p.notionalUsd, g.index, 1),
        `${p.instrument} deltaCoins vs d valueUsd / d index`);
      assertNear(p.gammaPerUsd, richardson((r) => at(r).positions[i].deltaCoins, g.index, false),
        TOLERANCE * Math.abs(p.gammaPerUsd) + rounding(Math.abs(p.deltaCoins), g.index, 1),
        `${p.instrument} gammaPerUsd vs d deltaCoins / d index`);
    });
  }
  return risk;
}

const time = '2026-11-24T08:00:00Z';
// A skewed smile on two expiries at strikes that are no option's (where the smile's slope changes
// equity has a kink in the index: README); options on 29JAN27 sit between them (total variance).
const smile = ['27DEC26', '26MAR27'].flatMap((expiry, i) => [
  [70150, 0.86], [85310, 0.68], [97450, 0.6], [110230, 0.57], [135170, 0.63],
].map(([strike, vol]) => ({ expiry, strike, vol: vol + 0.02 * i })));

const smileMarket = {
  time,
  underlyings: {
    BTC: { index: 97_000, forwards: { '27DEC26': 97_600, '26MAR27': 99_100 }, rate: 0.02, vol: { smile } },
    ETH: { index: 3_450, vol: 0.7, rate: 0.03 },
  },
  markPrices: { 'BTC_USDC-PERPETUAL': 97_040, 'BTC-27DEC26': 97_650 },
  // Haircuts: collateral priced below its index.
  collateralPrices: { BTC: 90_000, ETH: 3_100 },
};

describe('account Greeks are derivatives of equity under the revaluation rule', () => {
  it('options on a skewed smile, futures, perpetuals and haircut collateral', () => {
    checkBook({
      collateral: { USDC: 150_000, BTC: 1.2, ETH: 10 },
      positions: [
        { instrument: 'BTC_USDC-27DEC26-90000-P', size: -6, entryPrice: 2_500 },
        { instrument: 'BTC_USDC-26MAR27-120000-C', size: 3, entryPrice: 3_000 },
        { instrument: 'BTC-27DEC26-105000-C', size: -4, entryPrice: 0.02 },
        { instrument: 'BTC-29JAN27-80000-P', size: 5, entryPrice: 0.01 },
        { instrument: 'BTC_USDC-29JAN27-100000-C', size: -2, entryPrice: 6_000 },
        { instrument: 'BTC_USDC-PERPETUAL', size: 1.5, entryPrice: 95_000 },
        { instrument: 'BTC-PERPETUAL', size: -40_000, entryPrice: 99_000 },
        { instrument: 'BTC-27DEC26', size: 25_000, entryPrice: 96_000 },
        { instrument: 'BTC_USDC-26MAR27', size: -0.5, entryPrice: 98_000 },
        { instrument: 'ETH_USDC-27DEC26-3200-P', size: -20, entryPrice: 90 },
        { instrument: 'ETH-PERPETUAL', size: 10_000, entryPrice: 3_300 },
      ],
    }, smileMarket);
  });

  it('vols implied from option marks (held when the index moves), flat vols elsewhere', () => {
    const market = {
      time,
      underlyings: { BTC: { index: 97_000, forwards: { '27DEC26': 97_600, '26MAR27': 99_100 }, vol: 0.55 } },
      markPrices: { 'BTC-27DEC26-90000-P': 0.012, 'BTC_USDC-26MAR27-110000-C': 6_400, 'BTC-26MAR27': 99_300 },
      collateralPrices: { BTC: 94_000 },
    };
    checkBook({
      collateral: { USDC: 80_000, BTC: 0.4 },
      positions: [
        { instrument: 'BTC-27DEC26-90000-P', size: -7, entryPrice: 0.01 },
        { instrument: 'BTC_USDC-26MAR27-110000-C', size: 2, entryPrice: 6_000 },
        { instrument: 'BTC-27DEC26-100000-C', size: 3, entryPrice: 0.03 },
        { instrument: 'BTC-26MAR27', size: -30_000, entryPrice: 99_000 },
      ],
    }, market);
  });

  it('collateral priced below its index counts at price / index coins', () => {
    // By hand: 2 BTC at 90,000 with the index at 97,000 move by 90,000 / 97,000 USD per USD.
    const risk = checkBook({ collateral: { BTC: 2, USDC: 1_000 } }, smileMarket);
    const btc = risk.greeks.find((g) => g.underlying === 'BTC');
    assert.ok(Math.abs(btc.deltaCoins - 2 * 90_000 / 97_000) <= 1e-15, `deltaCoins ${btc.deltaCoins}`);
    assert.equal(btc.gammaPerUsd, 0);
  });
});
