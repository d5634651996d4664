// Review of the pm2merge branch: properties of portfolio previews checked against independent
// expectations (a fresh preview at maxSize, the account after valued by mk.accountRisk).
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
