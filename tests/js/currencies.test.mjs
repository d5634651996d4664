// Per-currency figures (AccountRisk.currencies): each coin's equity, margins and available margin
// in the coin, as Deribit's sub-account of that coin shows them. Checked against Deribit's own
// published figures (its inverse futures example, and its coin formulas for short options), a
// position's coin P&L worked out here, and the property that, with every collateral price at its
// index, the entries times their index add up to the USD totals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMarginKit } from 'marginkit';
import { isolatedSampleAccount } from './support/samples.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = JSON.parse(readFileSync(join(repoRoot, 'examples', 'sample-account.json'), 'utf8'));

let mk;
before(async () => { mk = await createMarginKit(); });

function assertClose(actual, expected, rel, message) {
  assert.ok(Number.isFinite(actual), `${message}: ${actual}`);
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300),
    `${message}: got ${actual}, expected ${expected}`);
}

const currency = (risk, name) => {
  const found = risk.currencies.filter((c) => c.currency === name);
  assert.equal(found.length, 1, `one ${name} entry among ${risk.currencies.map((c) => c.currency)}`);
  return found[0];
};

// Sum of figure x index over the entries, against the USD total.
function assertAddsUp(risk, what) {
  const sum = (key) => risk.currencies.reduce((s, c) => s + c[key] * c.index, 0);
  const gross = risk.currencies.reduce((s, c) => s + Math.abs(c.equity * c.index), 0) + risk.initialMarginUsd;
  const tolerance = 1e-13 * gross;
  for (const [key, usd] of [['equity', 'equityUsd'], ['initialMargin', 'initialMarginUsd'],
    ['maintenanceMargin', 'maintenanceMarginUsd'], ['availableMargin', 'availableMarginUsd']]) {
    assert.ok(Math.abs(sum(key) - risk[usd]) <= tolerance, `${what}: sum of ${key} x index ${sum(key)} vs ${usd} ${risk[usd]}`);
  }
}

function assertShape(risk, isolated = false) {
  const names = risk.currencies.map((c) => c.currency);
  assert.deepEqual(names, [...names].sort(), 'sorted by name');
  for (const c of risk.currencies) {
    assert.deepEqual(Object.keys(c).sort(),
      ['availableMargin', 'balance', 'currency', 'equity', 'index', 'initialMargin', 'maintenanceMargin']);
    for (const [k, v] of Object.entries(c)) if (k !== 'currency') assert.ok(Number.isFinite(v), `${c.currency}.${k}`);
    if (!isolated) assert.equal(c.availableMargin, c.equity - c.initialMargin);
    assert.ok(c.initialMargin >= 0 && c.maintenanceMargin >= 0);
  }
}

// Deribit's published inverse futures example (deribit.com/docs/example-futures): long US$1,000 of
// BTC futures at 600; at 700 the profit is 1000/600 - 1000/700 = 0.238095 BTC (166.66 USD);
// the margin, 4 % of US$1,000, is 40 USD = 40/600 BTC = 0.0666 BTC at 600.
describe('Deribit\'s published inverse futures example', () => {
  const market = (index) => ({ time: '2026-11-24T08:00:00Z', underlyings: { BTC: { index } } });
  const account = { collateral: { BTC: 1 }, positions: [{ instrument: 'BTC-PERPETUAL', size: 1000, entryPrice: 600 }] };
  const config = { schedule: { futures: { initialRate: 0.04, maintenanceRate: 0.02, rateStep: 0 } } };

  it('at 700: a profit of 0.238095 BTC, 166.67 USD', () => {
    const risk = mk.accountRisk(account, market(700), config);
    assertShape(risk);
    assert.deepEqual(risk.currencies.map((c) => c.currency), ['BTC']);
    const btc = currency(risk, 'BTC');
    assert.equal(btc.index, 700);
    assert.equal(btc.balance, 1);
    assertClose(btc.equity - 1, 0.238095, 3e-6, 'P&L in BTC (published, to 6 digits)');
    assertClose(btc.equity - 1, 1000 / 600 - 1000 / 700, 1e-14, 'P&L in BTC');
    assertClose((btc.equity - 1) * 700, 166.66, 1e-4, 'P&L in USD (published)');
    // The margin in coins: 4 % of the notional in coins, 1,000 / 700.
    assertClose(btc.initialMargin, 0.04 * 1000 / 700, 1e-14, 'IM in BTC at 700');
    assertClose(btc.maintenanceMargin, 0.02 * 1000 / 700, 1e-14, 'MM in BTC at 700');
    assertAddsUp(risk, 'example at 700');
  });

  it('at 600: margin 40 USD = 0.0666 BTC', () => {
    const risk = mk.accountRisk(account, market(600), config);
    const btc = currency(risk, 'BTC');
    assertClose(btc.initialMargin, 40 / 600, 1e-14, 'IM in BTC');
    assert.equal(Math.floor(btc.initialMargin * 1e4) / 1e4, 0.0666, 'as published (truncated)');
    assertClose(risk.initialMarginUsd, 40, 1e-14, 'IM in USD');
    assert.equal(btc.equity, 1, 'no P&L at the entry price');
    assertClose(btc.availableMargin, 1 - 40 / 600, 1e-14, 'available');
  });
});

// Deribit's standard margin for inverse options, in coins (S = F = 10,000, mark 0.025 BTC):
// short put K = 9,000: IM max(max(0.15 - OTM/S, 0.1) + mark, MM) = 0.1 + 0.025 = 0.125 BTC
// (OTM = 1,000), MM max(0.075, 0.075 x mark) + mark = 0.1 BTC; short call K = 10,000:
// IM 0.15 + 0.025 = 0.175 BTC, MM 0.075 + 0.025 = 0.1 BTC.
describe('Deribit\'s coin formulas for short options', () => {
  const market = (marks) => ({
    time: '2026-11-24T08:00:00Z',
    underlyings: { BTC: { index: 10_000, forwards: { '25DEC26': 10_000 } } },
    markPrices: marks,
  });
  const PUT = 'BTC-25DEC26-9000-P';
  const CALL = 'BTC-25DEC26-10000-C';

  it('short put and short call: margins in BTC, equity less the options\' value', () => {
    const account = {
      collateral: { BTC: 1 },
      positions: [{ instrument: PUT, size: -1, entryPrice: 0.025 }, { instrument: CALL, size: -2, entryPrice: 0.025 }],
    };
    const risk = mk.accountRisk(account, market({ [PUT]: 0.025, [CALL]: 0.025 }));
    assertShape(risk);
    const btc = currency(risk, 'BTC');
    assertClose(btc.initialMargin, 0.125 + 2 * 0.175, 1e-14, 'IM in BTC');
    assertClose(btc.maintenanceMargin, 0.1 + 2 * 0.1, 1e-14, 'MM in BTC');
    assertClose(btc.equity, 1 - 3 * 0.025, 1e-15, 'equity in BTC: the short options\' value is size x mark');
    assertClose(btc.availableMargin, 1 - 0.075 - 0.475, 1e-14, 'available in BTC');
    assertAddsUp(risk, 'short options');
  });

  it('a preview: buying a put pays 0.025 BTC and holds it as option value', () => {
    const p = mk.preview({ collateral: { BTC: 1 } }, market({ [PUT]: 0.025 }), { instrument: PUT, side: 'buy', size: 1 });
    const [before, after] = [currency(p.before, 'BTC'), currency(p.after, 'BTC')];
    assert.equal(before.balance, 1);
    assertClose(after.balance, 0.975, 1e-15, 'balance after paying the premium');
    assertClose(after.equity, 1, 1e-15, 'equity: the premium is now option value');
    assert.equal(after.initialMargin, 0);
  });
});

describe('per-currency figures of mixed accounts', () => {
  const market = {
    time: '2026-11-24T08:00:00Z',
    underlyings: { BTC: { index: 98_000, forwards: { '27DEC26': 98_500 }, vol: 0.55 }, ETH: { index: 3600, vol: 0.7 } },
  };

  it('every position coin-settled: BTC and ETH entries add up to the USD totals', () => {
    const account = {
      collateral: { BTC: 0.8, ETH: 5 },
      positions: [
        { instrument: 'BTC-27DEC26-100000-C', size: -1, entryPrice: 0.02 },
        { instrument: 'BTC-27DEC26-90000-P', size: 2, entryPrice: 0.01 },
        { instrument: 'BTC-PERPETUAL', size: -5000, entryPrice: 99_000 },
        { instrument: 'ETH-27DEC26', size: 20_000, entryPrice: 3500 },
        { instrument: 'ETH-27DEC26-4000-C', size: -10, entryPrice: 0.03 },
      ],
    };
    const risk = mk.accountRisk(account, market);
    assertShape(risk);
    assert.deepEqual(risk.currencies.map((c) => c.currency), ['BTC', 'ETH']);
    assert.equal(currency(risk, 'BTC').index, 98_000);
    assert.equal(currency(risk, 'ETH').index, 3600);
    assertAddsUp(risk, 'coin-settled');
    // The perpetual's P&L in BTC, -5,000 x (1/99,000 - 1/98,000), is part of BTC equity: the
    // account without it differs by exactly that.
    const without = mk.accountRisk({ ...account, positions: account.positions.filter((q) => q.instrument !== 'BTC-PERPETUAL') }, market);
    assertClose(currency(risk, 'BTC').equity - currency(without, 'BTC').equity, -5000 * (1 / 99_000 - 1 / 98_000), 1e-9,
      'the perpetual\'s coin P&L');
    assert.deepEqual(currency(risk, 'ETH'), currency(without, 'ETH'), 'ETH untouched by a BTC position');
  });

  it('linear positions: a USDC entry (balance + their P&L and values, their margins), USDT apart', () => {
    const account = {
      collateral: { USDC: 10_000, BTC: 0.1 },
      positions: [
        { instrument: 'BTC_USDC-PERPETUAL', size: 0.5, entryPrice: 97_000 },
        { instrument: 'ETH_USDC-27DEC26-3500-P', size: -2, entryPrice: 150 },
        { instrument: { kind: 'perpetual', underlying: 'ETH', settlement: 'linear', settlementAsset: 'USDT' }, size: -1, entryPrice: 3700 },
      ],
    };
    const risk = mk.accountRisk(account, market);
    assertShape(risk);
    assert.deepEqual(risk.currencies.map((c) => c.currency), ['BTC', 'USDC', 'USDT']);
    const [btc, usdc, usdt] = ['BTC', 'USDC', 'USDT'].map((n) => currency(risk, n));
    assert.deepEqual([btc.equity, btc.initialMargin, btc.maintenanceMargin], [0.1, 0, 0], 'BTC: collateral only');
    assert.deepEqual([usdc.index, usdt.index], [1, 1]);
    assert.equal(usdt.balance, 0);
    // The USDT perpetual: short 1 ETH from 3,700 at 3,600 is +100 USDT; IM 2 % + 0.5 %/100 coins.
    assertClose(usdt.equity, 100, 1e-12, 'USDT P&L');
    assertClose(usdt.initialMargin, 3600 * (0.02 + 0.005 / 100), 1e-12, 'USDT IM');
    // The USDC perpetual: +0.5 x 1,000.
    const usdcWithoutPerp = currency(mk.accountRisk({ ...account, positions: account.positions.slice(1) }, market), 'USDC');
    assertClose(usdc.equity - usdcWithoutPerp.equity, 500, 1e-9, 'USDC perpetual P&L');
    assertAddsUp(risk, 'linear');
  });

  it('the sample account, its preview before and after, a prepared account, isolated mode', () => {
    const risk = mk.accountRisk(sample.account, sample.market);
    assertShape(risk);
    assert.deepEqual(risk.currencies.map((c) => c.currency), ['BTC', 'ETH', 'USDC']);
    assertAddsUp(risk, 'sample');
    const p = mk.preview(sample.account, sample.market, sample.order);
    assert.deepEqual(p.before.currencies, risk.currencies);
    assertAddsUp(p.after, 'sample after');
    const prepared = mk.prepare(sample.account, sample.market);
    try {
      assert.deepEqual(prepared.risk().currencies, risk.currencies);
      assert.deepEqual(prepared.preview(sample.order, { positions: 'none' }).after.currencies, p.after.currencies);
    } finally {
      prepared.delete();
    }
    // USDC 5,000 and BTC 0.5; isolated margins 4,000 USDC and 0.05 + 0.2 BTC.
    const isolatedRisk = mk.accountRisk(isolatedSampleAccount(), sample.market);
    assertShape(isolatedRisk, true);
    assertAddsUp(isolatedRisk, 'isolated');
    // Available: the balance no position holds, in each currency's units.
    assert.equal(currency(isolatedRisk, 'USDC').availableMargin, 5000 - 4000);
    assertClose(currency(isolatedRisk, 'BTC').availableMargin, 0.5 - 0.05 - 0.2, 1e-15, 'BTC available');
  });

  it('a coin priced by collateralPrices: its entry keeps the index, the balance counts in USD at the given price', () => {
    const risk = mk.accountRisk({ collateral: { BTC: 1, USDC: 100 } }, { ...market, collateralPrices: { BTC: 97_000, USDC: 0.999 } });
    assert.equal(currency(risk, 'BTC').index, 98_000);
    assert.equal(currency(risk, 'USDC').index, 0.999);
    assertClose(risk.equityUsd, 97_000 + 99.9, 1e-15, 'USD totals at the collateral prices');
  });
});
