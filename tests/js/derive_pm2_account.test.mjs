// Derive PM2 as an account's portfolio model (account.mode 'portfolio', config.portfolioModel
// 'derive-pm2'): published cases of tests/reference/derive_pm2_subset.json restated as accounts
// and markets. The engine maps positions to the model (options at the smile's vol at their strike,
// the perpetual at its mark) with oracle confidences 1, no collateral handed to the model and one
// rate per underlying, so the cases that fit are those; MM has no confidence charge, so cases whose
// only difference is a confidence below 1 check MM against the published value and IM against
// mk.derivePm2 on the same case with its confidences set to 1.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMarginKit, MarginKitError } from 'marginkit';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const file = JSON.parse(readFileSync(join(repoRoot, 'tests', 'reference', 'derive_pm2_subset.json'), 'utf8'));
const shipped = JSON.parse(readFileSync(join(repoRoot, 'portfolio-models', 'derive-pm2.json'), 'utf8'));

let mk;
before(async () => { mk = await createMarginKit(); });

const T0 = Date.UTC(2026, 0, 1);
const iso = (seconds) => new Date(T0 + seconds * 1000).toISOString();

// Whether the engine's mapping can hold a case: one rate, no collateral, no fixed forward, stable
// coin above the peg threshold, vols the market takes, something at risk.
function fits(c) {
  const { inputs: i, params: p } = c;
  const rates = new Set(i.expiries.map((e) => e.rate));
  const vols = new Map();
  for (const o of i.options) {
    const key = `${o.expirySeconds}/${o.strike}`;
    if (vols.has(key) && vols.get(key) !== o.markVol) return false;
    vols.set(key, o.markVol);
  }
  return rates.size <= 1 && [...rates].every((r) => r >= 0) && i.collaterals.length === 0 &&
    i.expiries.every((e) => e.forwardFixed === 0 && e.expirySeconds > 0) &&
    i.options.every((o) => o.markVol > 0 && o.markVol <= 10) &&
    i.stable.price >= p.contingency.pegLossThreshold && (i.options.length > 0 || i.perp);
}
const confident = (c) => c.inputs.spot.confidence === 1 && (!c.inputs.perp || c.inputs.perp.confidence === 1) &&
  c.inputs.expiries.every((e) => e.forwardConfidence === 1 && e.rateConfidence === 1 && e.volConfidence === 1);

// The case as an account and a market of ETH options (linear, USDC) and ETH_USDC-PERPETUAL.
function restate(c) {
  const { inputs } = c;
  const amounts = new Map();
  for (const o of inputs.options) {
    const key = JSON.stringify([o.expirySeconds, o.strike, o.kind]);
    amounts.set(key, (amounts.get(key) ?? 0) + o.amount);
  }
  const positions = [];
  for (const [key, size] of amounts) {
    const [seconds, strike, type] = JSON.parse(key);
    if (size === 0) continue;
    positions.push({
      instrument: { kind: 'option', underlying: 'ETH', settlement: 'linear', expiry: iso(seconds), type, strike },
      size, entryPrice: 1,
    });
  }
  const markPrices = {};
  if (inputs.perp && inputs.perp.amount !== 0) {
    positions.push({ instrument: 'ETH_USDC-PERPETUAL', size: inputs.perp.amount, entryPrice: inputs.perp.price });
    markPrices['ETH_USDC-PERPETUAL'] = inputs.perp.price;
  }
  const eth = { index: inputs.spot.price, rate: inputs.expiries[0]?.rate ?? 0, forwards: {} };
  for (const e of inputs.expiries) eth.forwards[iso(e.expirySeconds)] = e.forward;
  const smile = [...new Map(inputs.options.map((o) => [`${o.expirySeconds}/${o.strike}`,
    { expiry: iso(o.expirySeconds), strike: o.strike, vol: o.markVol }])).values()];
  if (smile.length) eth.vol = { smile };
  return {
    account: { mode: 'portfolio', collateral: { USDC: 1e7 }, positions },
    market: { time: T0, underlyings: { ETH: eth }, markPrices },
    config: { portfolioModel: { name: 'derive-pm2', params: c.params }, liquidationLevels: false },
  };
}

// A requirement against the published net margin: computed net = published MtM - requirement.
function assertRequirement(requirement, c, net, what) {
  const expected = c.expected[net];
  const computed = c.expected.mtm - requirement;
  const { rel, abs } = c.expected.tolerance;
  assert.ok(Math.abs(computed - expected) <= Math.max(abs, rel * Math.abs(expected)),
    `${c.id} ${what}: ${computed} vs published ${expected}`);
}

describe("derive-pm2 as an account's portfolio model, on the published cases", () => {
  const cases = file.cases.filter(fits);
  it('has cases to check', () => assert.ok(cases.length >= 10, `${cases.length} cases fit`));
  for (const c of cases) {
    it(c.id, () => {
      const { account, market, config } = restate(c);
      const risk = mk.accountRisk(account, market, config);
      const [group, ...others] = risk.portfolio.groups;
      assert.equal(others.length, 0);
      assert.equal(group.additive, false);
      assert.deepEqual(group.pnl, []);
      assertRequirement(group.maintenanceMargin, c, 'mm', 'MM');
      assert.equal(risk.maintenanceMarginUsd, group.maintenanceMarginUsd);
      if (confident(c)) {
        assertRequirement(group.initialMargin, c, 'im', 'IM');
      } else {
        const inputs = structuredClone(c.inputs);
        inputs.spot.confidence = 1;
        if (inputs.perp) inputs.perp.confidence = 1;
        for (const e of inputs.expiries) Object.assign(e, { forwardConfidence: 1, rateConfidence: 1, volConfidence: 1 });
        const model = mk.derivePm2(inputs, c.params);
        const required = model.mtm - model.im;
        assert.ok(Math.abs(group.initialMargin - required) <= 1e-6 * Math.max(1, Math.abs(required)),
          `${c.id} IM: ${group.initialMargin} vs mk.derivePm2 ${required}`);
      }
      assert.equal(group.scenarios.length, c.params.scenarios.length);
      assert.ok(group.basisShock >= 0 && group.basisShock <= group.worstCase + 1e-9 * Math.max(1, group.worstCase));
      if (group.bindingPart === 'basis') assert.equal(group.basisShock, group.worstCase);
      assert.ok(group.initialMargin >= group.maintenanceMargin);
    });
  }
});

describe('derive-pm2 by name: the shipped parameter set', () => {
  const c = file.cases.find((x) => x.id === 'test_18_structures_OTM_call_spread');
  it('equals giving portfolio-models/derive-pm2.json\'s params in full', () => {
    const { account, market } = restate(c);
    const byName = mk.accountRisk(account, market, { portfolioModel: 'derive-pm2' });
    const given = mk.accountRisk(account, market, { portfolioModel: { name: 'derive-pm2', params: shipped.model.params } });
    assert.deepEqual(byName.portfolio, given.portfolio);
  });
  it('takes overrides key by key', () => {
    const { account, market } = restate(c);
    const base = mk.accountRisk(account, market, { portfolioModel: 'derive-pm2' });
    const mm = shipped.model.params.lossFactors.mm;
    const doubled = mk.accountRisk(account, market,
      { portfolioModel: { name: 'derive-pm2', params: { lossFactors: { mm: 2 * mm } } } });
    const [g0] = base.portfolio.groups;
    const [g1] = doubled.portfolio.groups;
    const flat = g0.maintenanceContingencies.reduce((sum, c) => sum + c.amount, 0);
    assert.ok(Math.abs((g1.maintenanceMargin - flat) - 2 * (g0.maintenanceMargin - flat)) <= 1e-9 * g0.maintenanceMargin);
    assert.equal(g1.initialMargin, g0.initialMargin);
  });
});

describe('derive-pm2: what it cannot margin is refused, not guessed', () => {
  const market = { time: T0, underlyings: { BTC: { index: 60000, vol: 0.5 } } };
  const refuse = (fn, code, field) => assert.throws(fn, (e) => e instanceof MarginKitError && e.code === code &&
    e.field === field, `${code} on ${field}`);
  it('a dated future or a coin-settled contract in the account', () => {
    const account = { mode: 'portfolio', collateral: { USDC: 1e6 },
      positions: [{ instrument: 'BTC-PERPETUAL', size: 1000, entryPrice: 60000 }] };
    refuse(() => mk.accountRisk(account, market, { portfolioModel: 'derive-pm2' }), 'INVALID_INSTRUMENT',
      'account.positions[0].instrument');
  });
  it('in an order', () => {
    const account = { mode: 'portfolio', collateral: { USDC: 1e6 }, positions: [] };
    refuse(() => mk.preview(account, market, [{ instrument: 'BTC-27DEC30', side: 'buy', size: 10 }],
      { portfolioModel: 'derive-pm2' }), 'INVALID_INSTRUMENT', 'orders[0].instrument');
  });
  it('grid keys, unknown params and bad numbers, on their path', () => {
    const account = { mode: 'portfolio', collateral: { USDC: 1e6 }, positions: [] };
    refuse(() => mk.accountRisk(account, market, { portfolioModel: { name: 'derive-pm2', buckets: 3 } }),
      'UNSUPPORTED_FIELD', 'config.portfolioModel.buckets');
    refuse(() => mk.accountRisk(account, market, { portfolioModel: { name: 'derive-pm2', params: { basis: { spotShockUp: -1 } } } }),
      'OUT_OF_RANGE', 'config.portfolioModel.params.basis.spotShockUp');
    refuse(() => mk.accountRisk(account, market, { portfolioModel: { name: 'derive-pm2', params: { lossFactor: {} } } }),
      'UNSUPPORTED_FIELD', 'config.portfolioModel.params.lossFactor');
    refuse(() => mk.accountRisk(account, market, { portfolioModel: 'derive-pm3' }), 'INVALID_ENUM', 'config.portfolioModel');
    refuse(() => mk.accountRisk(account, market, { portfolioModel: { name: 'derive-pm2', params: { scenarios: [] } } }),
      'OUT_OF_RANGE', 'config.portfolioModel.params.scenarios');
  });
  it('null in the overrides is "not given", as everywhere in the config', () => {
    const c = file.cases.find((x) => x.id === 'test_18_structures_OTM_call_spread');
    const { account, market } = restate(c);
    const shippedRisk = mk.accountRisk(account, market, { portfolioModel: 'derive-pm2' });
    const withNulls = mk.accountRisk(account, market,
      { portfolioModel: { name: 'derive-pm2', params: { skew: null, lossFactors: { mm: null } } } });
    assert.deepEqual(withNulls.portfolio, shippedRisk.portfolio);
  });
});

describe('derive-pm2: liquidation prices', () => {
  it('equity = MM at each reported price (the requirement recomputed there)', () => {
    const account = { mode: 'portfolio', collateral: { USDC: 3000 }, positions: [
      { instrument: { kind: 'option', underlying: 'ETH', settlement: 'linear', expiry: iso(30 * 86400), type: 'put', strike: 2000 }, size: -5, entryPrice: 60 },
      { instrument: 'ETH_USDC-PERPETUAL', size: 2, entryPrice: 2200 },
    ] };
    const market = { time: T0, underlyings: { ETH: { index: 2200, vol: 0.7 } } };
    const risk = mk.accountRisk(account, market, { portfolioModel: 'derive-pm2' });
    const prices = risk.liquidation[0].liquidation;
    assert.ok(prices.length > 0, JSON.stringify(risk.liquidation));
    for (const level of prices) {
      const moved = structuredClone(market);
      moved.underlyings.ETH.index = level.price;
      const there = mk.accountRisk(account, moved, { portfolioModel: 'derive-pm2', liquidationLevels: false });
      assert.ok(Math.abs(there.equityUsd - there.maintenanceMarginUsd) <= 1e-6 * Math.max(1, there.maintenanceMarginUsd),
        `at ${level.price}: equity ${there.equityUsd} MM ${there.maintenanceMarginUsd}`);
    }
  });
});

describe('derive-pm2: previews', () => {
  const account = { mode: 'portfolio', collateral: { USDC: 20000 }, positions: [
    { instrument: 'BTC_USDC-PERPETUAL', size: 0.3, entryPrice: 65000 },
    { instrument: 'BTC_USDC-28JUN24-60000-P', size: -2, entryPrice: 900 },
    { instrument: 'BTC_USDC-28JUN24-75000-C', size: 1, entryPrice: 700 },
  ] };
  const market = { time: '2024-05-29T08:00:00Z', underlyings: { BTC: { index: 65666.19, forwards: { '28JUN24': 67371.75 }, vol: 0.5 } },
    markPrices: { 'BTC_USDC-PERPETUAL': 65910.57 } };
  const config = { portfolioModel: 'derive-pm2' };
  const order = { instrument: 'BTC_USDC-28JUN24-70000-C', side: 'sell', size: 1 };
  it('maxSize is accepted and one increment more is not; the account after is the model\'s', () => {
    const p = mk.preview(account, market, order, config);
    assert.ok(p.maxSize > 0);
    assert.equal(mk.preview(account, market, { ...order, size: p.maxSize }, config).accepted, true);
    assert.equal(mk.preview(account, market, { ...order, size: p.maxSize + p.sizeIncrement }, config).accepted, false);
    const filled = structuredClone(account);
    filled.positions.push({ instrument: order.instrument, size: -1, entryPrice: 1 });  // entry moves equity, not the requirement
    const direct = mk.accountRisk(filled, market, { ...config, liquidationLevels: false });
    assert.ok(Math.abs(p.after.initialMarginUsd - direct.initialMarginUsd) <= 1e-9 * direct.initialMarginUsd);
    assert.ok(Math.abs(p.after.maintenanceMarginUsd - direct.maintenanceMarginUsd) <= 1e-9 * direct.maintenanceMarginUsd);
  });
  it('a prepared account gives what a fresh preview gives', () => {
    const prepared = mk.prepare(account, market, config);
    try {
      assert.deepEqual(prepared.preview(order), mk.preview(account, market, order, config));
      assert.deepEqual(prepared.preview({ ...order, size: 2.5 }), mk.preview(account, market, { ...order, size: 2.5 }, config));
    } finally {
      prepared.delete();
    }
  });
});
