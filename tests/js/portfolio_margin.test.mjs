// Portfolio margin (account.mode 'portfolio') through the public API: Deribit's published
// example, and properties that hold whatever the parameters (web/marginkit.d.ts
// PortfolioModelInput, README "Portfolio margin").
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
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
          assert.deepEqual(b.bindingPnl, a.bindingPnl.filter((part) => kept.includes(part.instrument)));
          assert.deepEqual({ ...b, instruments: 0, pnl: 0, bindingPnl: 0 }, { ...a, instruments: 0, pnl: 0, bindingPnl: 0 });
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
    assert.throws(() => mk.accountRisk(account, market, { portfolioModel: 'spam' }),
      (e) => e.code === 'INVALID_ENUM' && e.field === 'config.portfolioModel');
    const wider = mk.accountRisk(account, market, { portfolioModel: { priceRange: { BTC: 0.3 } } });
    const base = mk.accountRisk(account, market);
    assert.ok(wider.initialMarginUsd >= base.initialMarginUsd);
  });
});

// The 'span' model (portfolio-models/span.json: CME SPAN's 16 scenarios with illustrative
// parameters) and the named sets as files. Its scan risk is checked against textbook Black-76
// natively (tests/native/span_model_test.cpp); here what the API shows of it.
describe('the span model and the shipped model files', () => {
  const market = {
    time: '2026-11-24T08:00:00Z',
    underlyings: { BTC: { index: 100000, forwards: { '27DEC26': 101000 }, vol: 0.6, rate: 0.03 } },
    markPrices: { 'BTC_USDC-27DEC26': 101000 },
  };
  const book = (positions) => ({ mode: 'portfolio', collateral: { USDC: 1e6 }, positions });
  const covered = book([{ instrument: 'BTC_USDC-27DEC26', size: 0.5, entryPrice: 101000 },
    { instrument: 'BTC_USDC-27DEC26-110000-C', size: -1, entryPrice: 3000 }]);
  const modelFile = (name) => JSON.parse(readFileSync(new URL(`../../portfolio-models/${name}.json`, import.meta.url), 'utf8'));

  it('16 scenarios, the requirement in parts, each position\'s part of the binding loss', () => {
    const risk = mk.accountRisk(covered, market, { portfolioModel: 'span' });
    const [group] = risk.portfolio.groups;
    assert.equal(group.scenarios.length, 16);
    assert.deepEqual(group.scenarios.filter((s) => s.tail).map((s) => [s.spotMove, s.vol, s.weight]),
      [[3 * 0.15, 'none', 0.35], [-3 * 0.15, 'none', 0.35]]);
    assert.deepEqual(group.contingencies, []);
    assert.equal(group.rollShock, 0);
    assert.equal(group.shortOptionMinimum, 0.01 * 100000);
    assert.equal(group.initialMargin, Math.max(group.worstCase, group.shortOptionMinimum));
    close(group.maintenanceMargin, 0.9 * group.initialMargin, 1e-15, 'MM');
    assert.deepEqual(group.bindingPnl.map((p) => p.instrument), group.instruments);
    const binding = group.scenarios[group.bindingScenario];
    group.bindingPnl.forEach((p, i) => {
      close(p.pnl, binding.weight * group.pnl[group.bindingScenario][i], 1e-15, `${p.instrument} pnl`);
      close(p.pnlUsd, p.pnl * group.currencyUsd, 1e-15, `${p.instrument} pnlUsd`);
    });
    close(group.bindingPnl.reduce((a, p) => a + p.pnl, 0), -group.worstCase, 1e-12, 'parts add up');
  });

  it('far out-of-the-money short calls are charged the short option minimum', () => {
    const risk = mk.accountRisk(book([{ instrument: 'BTC_USDC-27DEC26-400000-C', size: -3, entryPrice: 1 }]), market,
      { portfolioModel: 'span' });
    assert.ok(risk.portfolio.groups[0].worstCase < 1);
    assert.equal(risk.initialMarginUsd, 0.01 * 100000 * 3);
    close(risk.maintenanceMarginUsd, 0.9 * 3000, 1e-15, 'MM');
  });

  it('a model file\'s keys, given as overrides, give what its name gives', () => {
    for (const name of ['deribit', 'span']) {
      const file = modelFile(name);
      assert.equal(file.name, name);
      const byName = mk.accountRisk(covered, market, { portfolioModel: name });
      const byKeys = mk.accountRisk(covered, market, { portfolioModel: { ...file.model, name: name === 'span' ? 'deribit' : 'span' } });
      assert.deepEqual(byKeys.portfolio, byName.portfolio, name);
    }
    assert.deepEqual(mk.accountRisk(covered, market).portfolio, mk.accountRisk(covered, market, { portfolioModel: 'deribit' }).portfolio);
  });

  it('overrides key by key; a vol scan bigger than the vol revalues at zero vol, never an error', () => {
    const span = mk.accountRisk(covered, market, { portfolioModel: 'span' });
    const wider = mk.accountRisk(covered, market, { portfolioModel: { name: 'span', priceRange: { BTC: 0.25 } } });
    assert.ok(wider.initialMarginUsd > span.initialMarginUsd);
    const [group] = mk.accountRisk(covered, market, { portfolioModel: { name: 'span', volPointsDown: 0.9 } }).portfolio.groups;
    const unmoved = group.scenarios.findIndex((s) => s.spotMove === 0 && s.vol === 'down');
    // At zero vol the call is worth its discounted intrinsic value on the forward, 0 below the
    // strike: the short call gains its whole value (-optionsValueUsd, the book's only option).
    const call = group.instruments.indexOf('BTC_USDC-27DEC26-110000-C');
    close(group.pnl[unmoved][call], -span.optionsValueUsd, 1e-12, 'short call P&L at zero vol');
  });

  it('bad parameters are coded errors on their path', () => {
    const cases = [
      [{ name: 'derive-pm3' }, 'INVALID_ENUM', 'config.portfolioModel.name'],
      [{ name: 'span', extremeCover: 0.3 }, 'UNSUPPORTED_FIELD', 'config.portfolioModel.extremeCover'],
      [{ name: 'span', shortOptionMinimum: 2 }, 'OUT_OF_RANGE', 'config.portfolioModel.shortOptionMinimum'],
      [{ gridVols: ['up', 'sideways'] }, 'INVALID_ENUM', 'config.portfolioModel.gridVols[1]'],
      [{ name: 'span', priceRange: { BTC: 0.4 } }, 'OUT_OF_RANGE', 'config.portfolioModel.tailMoves[1]'],
    ];
    for (const [model, code, field] of cases) {
      assert.throws(() => mk.accountRisk(covered, market, { portfolioModel: model }),
        (e) => e.code === code && e.field === field, JSON.stringify(model));
    }
  });
});
