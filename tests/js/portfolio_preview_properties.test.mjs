// Portfolio previews (deribit, span, derive-pm2) against independent expectations: a fresh
// preview at maxSize is accepted and one increment more is not, the account after equals
// mk.accountRisk of the filled account, levels after equal the filled account's, prepared = fresh.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';

let mk;
before(async () => { mk = await createMarginKit(); });

const market = {
  time: '2026-11-24T08:00:00Z',
  underlyings: {
    BTC: { index: 100000, forwards: { '27DEC26': 101000 }, vol: 0.6, rate: 0.03 },
    ETH: { index: 4000, forwards: { '27DEC26': 4040 }, vol: 0.6, rate: 0.03 },
  },
  markPrices: { 'BTC_USDC-27DEC26': 101000, 'ETH_USDC-27DEC26': 4040 },
};

describe('span: the short option minimum of an underlying the order does not touch', () => {
  // ETH: far out-of-the-money short calls, bound by the short option minimum
  // (0.01 x 4000 x 1000 = 40,000 USD); the order is on BTC.
  const account = {
    mode: 'portfolio',
    collateral: { USDC: 100000 },
    positions: [{ instrument: 'ETH_USDC-27DEC26-40000-C', size: -1000, entryPrice: 0.01 }],
  };
  const config = { portfolioModel: 'span' };
  const order = { instrument: 'BTC_USDC-27DEC26', side: 'sell', size: 1 };

  it('the account as it stands is charged the minimum', () => {
    const risk = mk.accountRisk(account, market, config);
    assert.equal(risk.portfolio.groups[0].shortOptionMinimum, 0.01 * 4000 * 1000);
    assert.ok(risk.initialMarginUsd >= 40000);
  });

  it('maxSize is accepted by a preview at that size, one increment more is not', () => {
    const p = mk.preview(account, market, order, config);
    assert.ok(p.accepted);
    const atMax = mk.preview(account, market, { ...order, size: p.maxSize }, config);
    assert.ok(atMax.accepted, `maxSize ${p.maxSize} rejected: IM after ${atMax.after.initialMarginUsd}, equity ${atMax.after.equityUsd}`);
    const over = mk.preview(account, market, { ...order, size: p.maxSize + p.sizeIncrement }, config);
    assert.ok(!over.accepted, `maxSize ${p.maxSize} + one increment accepted`);
  });
});

describe('scenario grids: the preview\'s account after, coin-settled and USDC groups on one underlying', () => {
  const mixed = {
    mode: 'portfolio',
    collateral: { USDC: 200000, BTC: 2 },
    positions: [
      { instrument: 'BTC-27DEC26-120000-C', size: -3, entryPrice: 0.02 },
      { instrument: 'BTC-PERPETUAL', size: 50000, entryPrice: 100000 },
      { instrument: 'BTC_USDC-27DEC26-90000-P', size: -2, entryPrice: 3000 },
      { instrument: 'BTC_USDC-27DEC26', size: 0.5, entryPrice: 101000 },
      { instrument: 'ETH_USDC-27DEC26-40000-C', size: -100, entryPrice: 0.01 },
    ],
  };
  const mkt = { ...market, markPrices: { ...market.markPrices, 'BTC-PERPETUAL': 100050 } };
  const orders = [
    [{ instrument: 'BTC-27DEC26-120000-C', side: 'sell', size: 2 }, (a) => { a.positions[0].size = -5; }],
    [{ instrument: 'BTC_USDC-27DEC26-80000-P', side: 'sell', size: 1 },
      (a) => { a.positions.push({ instrument: 'BTC_USDC-27DEC26-80000-P', size: -1, entryPrice: 1 }); }],
    [{ instrument: 'ETH_USDC-27DEC26-40000-C', side: 'buy', size: 100 }, (a) => { a.positions.splice(4, 1); }],
  ];
  const rel = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  for (const model of ['deribit', 'span']) {
    const config = { portfolioModel: model, liquidationLevels: false };
    for (const [order, fill] of orders) {
      it(`${model}: ${order.side} ${order.instrument}: after = accountRisk of the filled account; prepared = fresh; maxSize holds`, () => {
        const p = mk.preview(mixed, mkt, order, config);
        const filled = structuredClone(mixed);
        fill(filled);
        const direct = mk.accountRisk(filled, mkt, config);
        assert.ok(rel(p.after.initialMarginUsd, direct.initialMarginUsd), `IM ${p.after.initialMarginUsd} vs ${direct.initialMarginUsd}`);
        assert.ok(rel(p.after.maintenanceMarginUsd, direct.maintenanceMarginUsd), 'MM');
        const groups = (r) => r.portfolio.groups.map((g) => [g.underlying, g.currency, g.initialMargin, g.shortOptionMinimum]);
        assert.deepEqual(groups(p.after), groups(direct));
        for (const g of direct.portfolio.groups) {
          const shortCoins = filled.positions.filter((q) => q.instrument.startsWith(g.underlying) && /-[CP]$/.test(q.instrument) &&
            q.size < 0 && (g.currency === 'USDC') === q.instrument.includes('_USDC')).reduce((a, q) => a - q.size, 0);
          const index = mkt.underlyings[g.underlying].index;
          const minimum = (model === 'span' ? 0.01 : 0) * (g.currency === 'USDC' ? index : 1) * shortCoins;
          assert.ok(rel(g.shortOptionMinimum, minimum), `${g.underlying}/${g.currency} minimum ${g.shortOptionMinimum} vs ${minimum}`);
          assert.ok(g.initialMargin >= minimum * (1 - 1e-12));
        }
        for (const positions of ['all', 'changed', 'none']) {
          const prepared = mk.prepare(mixed, mkt, config);
          try {
            const fresh = mk.preview(mixed, mkt, order, config);
            const viaPrepared = prepared.preview(order, { positions });
            if (positions === 'all') assert.deepEqual(viaPrepared, fresh);
            assert.deepEqual(viaPrepared.after.portfolio.groups.map((g) => g.scenarioPnl),
              fresh.after.portfolio.groups.map((g) => g.scenarioPnl));
            for (const g of viaPrepared.after.portfolio.groups) {
              assert.equal(g.bindingPnl.length, g.instruments.length);
              assert.ok(g.pnl.every((row) => row.length === g.instruments.length));
            }
          } finally {
            prepared.delete();
          }
        }
        if (p.maxSize < 1e6) {
          assert.ok(mk.preview(mixed, mkt, { ...order, size: p.maxSize }, config).accepted, `maxSize ${p.maxSize}`);
          assert.ok(!mk.preview(mixed, mkt, { ...order, size: p.maxSize + p.sizeIncrement }, config).accepted, `maxSize ${p.maxSize} + 1`);
        }
      });
    }
  }
});

describe('liquidation levels after a preview = those of the filled account, each model', () => {
  const mkt = { ...market, markPrices: { ...market.markPrices, 'BTC-PERPETUAL': 100050, 'BTC_USDC-PERPETUAL': 100020 } };
  const mixed = { mode: 'portfolio', collateral: { USDC: 30000, BTC: 0.3 }, positions: [
    { instrument: 'BTC-27DEC26-120000-C', size: -3, entryPrice: 0.02 },
    { instrument: 'BTC-PERPETUAL', size: 50000, entryPrice: 100000 },
    { instrument: 'BTC_USDC-27DEC26-90000-P', size: -2, entryPrice: 3000 },
    { instrument: 'BTC_USDC-27DEC26', size: 0.5, entryPrice: 101000 },
    { instrument: 'ETH_USDC-27DEC26-40000-C', size: -100, entryPrice: 0.01 }] };
  const usdc = { mode: 'portfolio', collateral: { USDC: 30000 }, positions: [
    { instrument: 'BTC_USDC-27DEC26-90000-P', size: -2, entryPrice: 3000 },
    { instrument: 'BTC_USDC-PERPETUAL', size: 0.5, entryPrice: 100000 },
    { instrument: 'ETH_USDC-27DEC26-4000-C', size: -10, entryPrice: 300 }] };
  const cases = [
    ['span', mixed, { instrument: 'BTC_USDC-27DEC26-90000-P', side: 'buy', size: 2 }, (a) => { a.positions.splice(2, 1); }],
    ['deribit', mixed, { instrument: 'BTC_USDC-27DEC26-90000-P', side: 'buy', size: 1 }, (a) => { a.positions[2].size = -1; }],
    ['derive-pm2', usdc, { instrument: 'BTC_USDC-27DEC26-90000-P', side: 'sell', size: 1 }, (a) => { a.positions[0].size = -3; }],
    ['derive-pm2', usdc, { instrument: 'BTC_USDC-27DEC26-90000-P', side: 'buy', size: 2 }, (a) => { a.positions.splice(0, 1); }],
  ];
  for (const [model, account, order, fill] of cases) {
    it(`${model}: ${order.side} ${order.instrument}`, () => {
      const config = { portfolioModel: model };
      const p = mk.preview(account, mkt, order, config);
      const filled = structuredClone(account);
      fill(filled);
      // The fill's cash (premium, fees) into the USDC balance: the filled account's equity is the preview's.
      filled.collateral.USDC += p.after.equityUsd - mk.accountRisk(filled, mkt, { ...config, liquidationLevels: false }).equityUsd;
      const direct = mk.accountRisk(filled, mkt, config);
      const levels = (ls) => ls.map((l) => [l.underlying, ...['liquidation', 'marginCall'].map((k) => l[k].map((x) => x.price.toPrecision(9)))]);
      assert.deepEqual(levels(p.liquidationAfter), levels(direct.liquidation));
    });
  }
});
