// Portfolio margin (account.mode 'portfolio') through the public API: Deribit's published
// example, and properties that hold whatever the parameters (web/marginkit.d.ts
// PortfolioModelInput, README "Portfolio margin").
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';

let mk;
before(async () => { mk = await createMarginKit(); });

const close = (a, b, rel, what) => assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`);

describe('Deribit\'s published portfolio-margin example', () => {
  // Deribit Knowledge Base, "Portfolio Margin": BTC index 65,666.19, BTC-PERPETUAL +0.314538364
  // BTC at mark 65,910.57, BTC-28JUN24 -0.001187534 BTC at mark 67,371.75. Inverse futures are
  // sized in USD: coins x mark. The published risk-matrix margin is 4e-10 below the sum of its
  // published parts, hence 1e-8.
  const market = {
    time: '2024-05-29T08:00:00Z',
    underlyings: { BTC: { index: 65666.19, forwards: { '28JUN24': 67371.75 }, vol: 0.5 } },
    markPrices: { 'BTC-PERPETUAL': 65910.57, 'BTC-28JUN24': 67371.75 },
  };
  const account = {
    mode: 'portfolio',
    collateral: { BTC: 1 },
    positions: [
      { instrument: 'BTC-PERPETUAL', size: 0.314538364 * 65910.57, entryPrice: 65000 },
      { instrument: 'BTC-28JUN24', size: -0.001187534 * 67371.75, entryPrice: 67000 },
    ],
  };

  it('worst case, roll shock, risk-matrix margin and MM, in BTC', () => {
    const risk = mk.accountRisk(account, market);
    const [group] = risk.portfolio.groups;
    assert.equal(group.currency, 'BTC');
    close(group.worstCase, 0.05968587238, 1e-8, 'worst case');
    assert.equal(group.scenarios[group.bindingScenario].spotMove, -0.16);
    close(group.rollShock, 0.00315725898, 1e-8, 'roll shock');
    close(group.initialMargin, 0.06284313098, 1e-8, 'risk-matrix margin');
    close(group.maintenanceMargin, 0.050274504784, 1e-8, 'MM');
    close(risk.maintenanceMarginUsd, 0.050274504784 * 65666.19, 1e-8, 'MM in USD');
    assert.deepEqual(group.instruments, ['BTC-PERPETUAL', 'BTC-28JUN24']);
    assert.equal(group.pnl.length, group.scenarios.length);
  });
});

describe('properties', () => {
  const market = {
    time: '2026-11-24T08:00:00Z',
    underlyings: { BTC: { index: 100000, forwards: { '27DEC26': 101000, '26MAR27': 103000 }, vol: 0.6, rate: 0.03 } },
  };
  const linear = (k, type, expiry = '27DEC26') => `BTC_USDC-${expiry}-${k}-${type}`;
  const book = (mode, positions) => ({ mode, collateral: { USDC: 1e6 }, positions });
  const books = {
    'covered call (long future, short call)': [
      { instrument: 'BTC_USDC-27DEC26', size: 1, entryPrice: 101000 }, { instrument: linear(110000, 'C'), size: -1, entryPrice: 3000 }],
    'call credit spread': [
      { instrument: linear(100000, 'C'), size: -2, entryPrice: 7000 }, { instrument: linear(110000, 'C'), size: 2, entryPrice: 3000 }],
    'put debit spread': [
      { instrument: linear(100000, 'P'), size: 3, entryPrice: 6000 }, { instrument: linear(90000, 'P'), size: -3, entryPrice: 2000 }],
    'calendar': [
      { instrument: linear(100000, 'C'), size: -1, entryPrice: 7000 }, { instrument: linear(100000, 'C', '26MAR27'), size: 1, entryPrice: 12000 }],
    'box': [
      { instrument: linear(90000, 'C'), size: 2, entryPrice: 12000 }, { instrument: linear(90000, 'P'), size: -2, entryPrice: 900 },
      { instrument: linear(110000, 'C'), size: -2, entryPrice: 3000 }, { instrument: linear(110000, 'P'), size: 2, entryPrice: 11000 }],
  };

  for (const [name, positions] of Object.entries(books)) {
    it(`${name}: portfolio margin is not above cross margin, and never negative`, () => {
      const cross = mk.accountRisk(book('cross', positions), market);
      const pm = mk.accountRisk(book('portfolio', positions), market);
      assert.ok(pm.initialMarginUsd >= 0 && pm.maintenanceMarginUsd >= 0);
      assert.ok(pm.initialMarginUsd <= cross.initialMarginUsd + 1e-9,
        `${name}: portfolio IM ${pm.initialMarginUsd} above cross ${cross.initialMarginUsd}`);
      assert.equal(pm.equityUsd, cross.equityUsd);
    });
  }

  it('protective put: the put lowers the future\'s portfolio requirement', () => {
    // Not compared with cross margin: Deribit's portfolio margin charges a future the whole price
    // range (16 % for BTC) where its standard margin charges 2 %, and a long put alone needs no
    // standard margin but can lose value in scenarios.
    const future = { instrument: 'BTC_USDC-27DEC26', size: 1, entryPrice: 101000 };
    const naked = mk.accountRisk(book('portfolio', [future]), market);
    const hedged = mk.accountRisk(book('portfolio', [future, { instrument: linear(90000, 'P'), size: 1, entryPrice: 2000 }]), market);
    assert.ok(hedged.initialMarginUsd < naked.initialMarginUsd, `${hedged.initialMarginUsd} vs ${naked.initialMarginUsd}`);
  });

  it('a defined-risk spread needs no more than its maximum loss', () => {
    // Short 2 calls at 100,000, long 2 at 110,000: at worst it pays 2 x 10,000 at expiry, less
    // what it is worth now (its value is already in equity).
    const positions = books['call credit spread'];
    const pm = mk.accountRisk(book('portfolio', positions), market);
    const spreadValue = -pm.optionsValueUsd;
    assert.ok(pm.initialMarginUsd <= 2 * 10000 - spreadValue + 1e-6, `${pm.initialMarginUsd} vs ${2 * 10000 - spreadValue}`);
  });

  it('a box has no scenario loss', () => {
    const pm = mk.accountRisk(book('portfolio', books.box), market);
    assert.ok(pm.initialMarginUsd < 1e-6, `box IM ${pm.initialMarginUsd}`);
  });

  it('at each reported liquidation price equity equals the model\'s MM there, within 1e-6', () => {
    const account = { mode: 'portfolio', collateral: { USDC: 100000 },
      positions: [{ instrument: linear(90000, 'P'), size: -4, entryPrice: 2500 }, { instrument: linear(110000, 'C'), size: -3, entryPrice: 3000 }] };
    const risk = mk.accountRisk(account, market);
    const levels = risk.liquidation[0].liquidation;
    assert.ok(levels.length >= 2, 'a short strangle on 100,000 USDC has liquidation prices on both sides');
    for (const { price } of levels) {
      const r = price / 100000;
      const moved = { ...market, underlyings: { BTC: { ...market.underlyings.BTC, index: price,
        forwards: { '27DEC26': 101000 * r, '26MAR27': 103000 * r } } } };
      const at = mk.accountRisk(account, moved, { liquidationLevels: false });
      close(at.equityUsd, at.maintenanceMarginUsd, 1e-6, `equity vs MM at ${price}`);
    }
  });

  it('preview in portfolio mode: maxSize is accepted and one increment more is not; prepared = fresh', () => {
    const account = book('portfolio', books['covered call (long future, short call)']);
    const order = { instrument: linear(120000, 'C'), side: 'sell', size: 1 };
    const p = mk.preview({ ...account, collateral: { USDC: 40000 } }, market, order);
    assert.ok(p.maxSize > 0);
    const at = mk.preview({ ...account, collateral: { USDC: 40000 } }, market, { ...order, size: p.maxSize });
    const past = mk.preview({ ...account, collateral: { USDC: 40000 } }, market, { ...order, size: p.maxSize + p.sizeIncrement });
    assert.equal(at.accepted, true);
    assert.equal(past.accepted, false);
    const prepared = mk.prepare({ ...account, collateral: { USDC: 40000 } }, market);
    try {
      assert.deepEqual(prepared.preview(order), p);
    } finally {
      prepared.delete();
    }
  });

  it("a preview's P&L matrix columns follow its positions option; everything else is the same", () => {
    const account = book('portfolio', [...books['covered call (long future, short call)'], ...books.calendar]);
    const order = { instrument: linear(100000, 'C'), side: 'sell', size: 1 };  // grows a held position
    const prepared = mk.prepare({ ...account, collateral: { USDC: 80000 } }, market);
    try {
      const all = prepared.preview(order);
      for (const positions of ['changed', 'none']) {
        const some = prepared.preview(order, { positions });
        for (const side of ['before', 'after']) {
          const [a] = all[side].portfolio.groups;
          const [b] = some[side].portfolio.groups;
          const kept = positions === 'changed' ? [order.instrument] : [];
          assert.deepEqual(b.instruments, kept);
          assert.deepEqual(b.pnl, a.pnl.map((row) => kept.map((name) => row[a.instruments.indexOf(name)])));
          assert.deepEqual({ ...b, instruments: 0, pnl: 0 }, { ...a, instruments: 0, pnl: 0 });
          assert.deepEqual({ ...some[side], portfolio: 0, positions: 0 }, { ...all[side], portfolio: 0, positions: 0 });
        }
        assert.deepEqual(some.liquidationAfter, all.liquidationAfter);
        assert.equal(some.maxSize, all.maxSize);
      }
    } finally {
      prepared.delete();
    }
  });

  it('model parameters are strict data', () => {
    const account = book('portfolio', books.calendar);
    assert.throws(() => mk.accountRisk(account, market, { portfolioModel: { mmFactr: 0.5 } }),
      (e) => e.code === 'UNSUPPORTED_FIELD' && e.field === 'config.portfolioModel.mmFactr');
    assert.throws(() => mk.accountRisk(account, market, { portfolioModel: 'span' }),
      (e) => e.code === 'INVALID_ENUM' && e.field === 'config.portfolioModel');
    const wider = mk.accountRisk(account, market, { portfolioModel: { priceRange: { BTC: 0.3 } } });
    const base = mk.accountRisk(account, market);
    assert.ok(wider.initialMarginUsd >= base.initialMarginUsd);
  });
});
