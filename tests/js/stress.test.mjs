// Stress tests (mk.stress, prepared.stress) through the public API: a move is the market moved by
// the documented rule, so each outcome is mk.accountRisk of that market moved by hand.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';

let mk;
before(async () => { mk = await createMarginKit(); });

const market = {
  time: '2026-11-24T08:00:00Z',
  underlyings: {
    BTC: { index: 100000, forwards: { '27DEC26': 101000 }, vol: 0.6 },
    ETH: { index: 3500, vol: 0.7 },
  },
  markPrices: { 'BTC-27DEC26': 101200, 'BTC-PERPETUAL': 100050 },
};
const account = {
  collateral: { USDC: 50000, BTC: 0.5 },
  positions: [
    { instrument: 'BTC_USDC-27DEC26-90000-P', size: -2, entryPrice: 2000 },
    { instrument: 'BTC-27DEC26', size: 20000, entryPrice: 99000 },
    { instrument: 'BTC-PERPETUAL', size: -10000, entryPrice: 100000 },
    { instrument: 'ETH_USDC-PERPETUAL', size: 3, entryPrice: 3400 },
  ],
};
const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

describe('mk.stress', () => {
  it('a spot and vol move is mk.accountRisk of the market moved by hand (flat vol, no smile, no option marks)', () => {
    const [out] = mk.stress(account, market, { BTC: { spot: -0.2, vol: 0.1 } });
    const r = 0.8;
    const moved = {
      ...market,
      underlyings: { BTC: { index: 80000, forwards: { '27DEC26': 101000 * r }, vol: 0.7 }, ETH: market.underlyings.ETH },
      markPrices: { 'BTC-27DEC26': 101200 * r, 'BTC-PERPETUAL': 100050 * r },
    };
    const byHand = mk.accountRisk(account, moved, { liquidationLevels: false });
    const now = mk.accountRisk(account, market, { liquidationLevels: false });
    close(out.equityUsd, byHand.equityUsd, 'equity');
    close(out.initialMarginUsd, byHand.initialMarginUsd, 'IM');
    close(out.maintenanceMarginUsd, byHand.maintenanceMarginUsd, 'MM');
    assert.equal(out.status, byHand.status);
    close(out.pnlUsd, byHand.equityUsd - now.equityUsd, 'P&L');
    out.positions.forEach((p, i) => close(p.pnlUsd, byHand.positions[i].valueUsd - now.positions[i].valueUsd, p.instrument));
    // ETH did not move: its perpetual's P&L is 0.
    assert.equal(out.positions[3].pnlUsd, 0);
  });

  it('days move time on; a position that would expire within the move is OUT_OF_RANGE on moves[i].days', () => {
    const [week] = mk.stress(account, market, { days: 7 });
    const moved = { ...market, time: '2026-12-01T08:00:00Z' };
    close(week.equityUsd, mk.accountRisk(account, moved, { liquidationLevels: false }).equityUsd, 'equity a week on');
    assert.throws(() => mk.stress(account, market, [{ days: 1 }, { days: 40 }]),
      (e) => e.code === 'OUT_OF_RANGE' && e.field === 'moves[1].days');
  });

  it('an option mark is re-priced at its implied vol, shocked: no move leaves it as given', () => {
    const marked = { ...market, markPrices: { ...market.markPrices, 'BTC_USDC-27DEC26-90000-P': 2100 } };
    const [none, up] = mk.stress(account, marked, [{}, { BTC: { vol: 0.05 } }]);
    const now = mk.accountRisk(account, marked, { liquidationLevels: false });
    close(none.equityUsd, now.equityUsd, 'no move');
    assert.ok(up.positions[0].pnlUsd < 0, 'a short put loses when vol rises');
    // 2 puts x vega per vol point x 5 points, to first order.
    const vega = now.positions[0].vegaUsd;
    assert.ok(Math.abs(up.positions[0].pnlUsd - vega * 5) < 0.05 * Math.abs(vega * 5), `${up.positions[0].pnlUsd} vs ${vega * 5}`);
  });

  it('the prepared account stresses the same, and bad moves are coded errors naming their path', () => {
    const moves = [{ BTC: { spot: 0.1 } }, { BTC: { spot: -0.3, volRelative: 0.5 }, ETH: { spot: -0.4 }, days: 3 }];
    const p = mk.prepare(account, market);
    try {
      assert.deepEqual(p.stress(moves), mk.stress(account, market, moves));
    } finally {
      p.delete();
    }
    const bad = [
      [{ BTC: { spot: -1 } }, 'OUT_OF_RANGE', 'moves[0].BTC.spot'],
      [{ BTC: { spto: 0.1 } }, 'UNSUPPORTED_FIELD', 'moves[0].BTC.spto'],
      [{ BTC: { spot: '0.1' } }, 'INVALID_TYPE', 'moves[0].BTC.spot'],
      [{ SOL: { spot: 0.1 } }, 'MISSING_MARKET_DATA', 'moves[0].SOL'],
      [{ days: -1 }, 'OUT_OF_RANGE', 'moves[0].days'],
      [[], 'OUT_OF_RANGE', 'moves'],
    ];
    for (const [moves, code, field] of bad) {
      assert.throws(() => mk.stress(account, market, moves), (e) => e.code === code && e.field === field, JSON.stringify(moves));
    }
  });

  it('in portfolio mode the margins are the scenario model\'s in the moved market', () => {
    const pm = { ...account, mode: 'portfolio' };
    const [out] = mk.stress(pm, market, { BTC: { spot: -0.1 } });
    const r = 0.9;
    const moved = { ...market, underlyings: { ...market.underlyings, BTC: { index: 90000, forwards: { '27DEC26': 101000 * r }, vol: 0.6 } },
      markPrices: { 'BTC-27DEC26': 101200 * r, 'BTC-PERPETUAL': 100050 * r } };
    close(out.maintenanceMarginUsd, mk.accountRisk(pm, moved, { liquidationLevels: false }).maintenanceMarginUsd, 'portfolio MM');
  });
});
