// A second, adversarial reading of isolated mode and the account after the fill (issue 9, points
// 1 and 2), through the public API. Each test is a reproducer of a problem found by that reading;
// those marked `todo` are design questions left open (they run, and report, without failing).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';

let mk;
before(async () => { mk = await createMarginKit(); });

const marketAt = (index, vol = 0.6) => ({
  time: '2026-11-24T08:00:00Z',
  underlyings: { BTC: { index, forwards: { '27DEC26': index * 1.01, '26MAR27': index * 1.02 }, vol } },
});
const market = marketAt(100000);
const PERP = 'BTC_USDC-PERPETUAL';
const rowOf = (risk, name) => risk.positions.find((p) => p.instrument === name);

// A seeded generator (the same sequence every run).
function random(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('no rounding rejections at the mark (isolated)', () => {
  it('an option bought or sold at its mark with its default margin and ample balance is accepted', () => {
    // The fill price (the mark) and the mark the position is then valued at came from two
    // evaluations of Black-76 (with and without the Greeks) that differ in the last bits: a long
    // option's isolated equity (margin 0 + P&L) came out -2e-11 < MM 0, WOULD_TRIGGER_LIQUIDATION,
    // and a short's IM a few ulps above the margin assigned for it, INSUFFICIENT_INITIAL_MARGIN
    // (about one order in ten).
    const rnd = random(2026);
    const failures = [];
    for (let i = 0; i < 300; i++) {
      const index = 1000 + rnd() * 200000;
      const strike = Math.max(1000, Math.round((index * (0.5 + rnd())) / 1000) * 1000);
      const type = rnd() < 0.5 ? 'C' : 'P';
      const expiry = rnd() < 0.5 ? '27DEC26' : '26MAR27';
      const name = rnd() < 0.5 ? `BTC-${expiry}-${strike}-${type}` : `BTC_USDC-${expiry}-${strike}-${type}`;
      const size = Math.round(rnd() * 1000) / 100 || 0.01;
      const m = marketAt(index, 0.2 + rnd());
      for (const side of ['buy', 'sell']) {
        const p = mk.preview({ mode: 'isolated', collateral: { USDC: 1e9, BTC: 1e4 } }, m, { instrument: name, side, size });
        if (!p.accepted || p.maxSize < size) failures.push(`${side} ${size} ${name} at index ${index}: ${p.rejectReason}, maxSize ${p.maxSize}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});

describe('adding to an isolated position (default margin)', () => {
  const account = { mode: 'isolated', collateral: { USDC: 1e7 }, positions: [] };

  it('two orders that add up to one are judged as the one', () => {
    // Deribit's futures IM rate grows with size (2 % + 0.5 % per 100 coins): 200 BTC need 3 %,
    // 600,000 USD. Two orders of 100 each assigned 100's IM (2.5 %, 250,000): 500,000 in all,
    // below even the position's MM, so the pair was WOULD_TRIGGER_LIQUIDATION while the single
    // order of 200 is accepted.
    const one = mk.preview(account, market, { instrument: PERP, side: 'buy', size: 200 });
    const two = mk.preview(account, market, [
      { instrument: PERP, side: 'buy', size: 100 },
      { instrument: PERP, side: 'buy', size: 100 },
    ]);
    assert.equal(one.accepted, true, one.rejectReason);
    assert.equal(two.accepted, true, two.rejectReason);
    assert.equal(rowOf(two.after, PERP).isolatedEquityUsd, rowOf(one.after, PERP).isolatedEquityUsd);
  });

  it('adding to a position held at exactly its initial margin, with ample balance, is accepted', () => {
    const opened = mk.preview(account, market, { instrument: PERP, side: 'buy', size: 1 });
    const im = rowOf(opened.after, PERP).initialMarginUsd;
    const held = { ...account, positions: [{ instrument: PERP, size: 1, entryPrice: 100000, isolatedMargin: im }] };
    const added = mk.preview(held, market, { instrument: PERP, side: 'buy', size: 0.5 });
    // The position of 1.5 needs 2.0075 % of 150,000 = 3,011.25; 1 held 2,005 and the order
    // assigned 0.5's own IM, 1,001.25: 3,006.25, margin_call, maxSize 0, and a top-up of 5 USDC
    // that would not have helped (a balance is not the position's margin).
    assert.equal(added.accepted, true, added.rejectReason);
    assert.ok(added.maxSize >= 0.5, `maxSize ${added.maxSize}`);
    const row = rowOf(added.after, PERP);
    assert.ok(row.isolatedEquityUsd >= row.initialMarginUsd, `${row.isolatedEquityUsd} < ${row.initialMarginUsd}`);
  });

  it('a position held at exactly its IM and partly closed stays at its IM (no margin call)', () => {
    // The margin kept, margin x (1 - closed / size), rounded a few ulps below the IM of what
    // remains where the IM is proportional to size (options, flat futures rates): the account
    // after was margin_call, with INSUFFICIENT_INITIAL_MARGIN and WOULD_TRIGGER_MARGIN_CALL
    // warnings, and would have refused every order that adds risk (about one close in five).
    const failures = [];
    for (const name of ['BTC_USDC-27DEC26-90000-P', PERP]) {
      for (const profile of ['deribit', 'bybit', 'derive']) {
        for (let k = 1; k < 40; k++) {
          const size = 0.37 + k * 0.113;
          const opened = mk.preview({ mode: 'isolated', collateral: { USDC: 1e9 } }, market, { instrument: name, side: 'sell', size }, { profile });
          const row = rowOf(opened.after, name);
          const held = { mode: 'isolated', collateral: { USDC: 1e9 },
            positions: [{ instrument: name, size: row.size, entryPrice: row.mark, isolatedMargin: row.isolatedEquityUsd }] };
          const part = Math.round(size * (0.1 + 0.013 * k) * 100) / 100;
          const closed = mk.preview(held, market, { instrument: name, side: 'buy', size: part }, { profile });
          if (!['healthy', 'warning'].includes(closed.after.status)) failures.push(`${profile} ${name} ${size} less ${part}: ${closed.after.status}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it('under a tier table: adding across a bracket brings the whole position to its IM', () => {
    const config = { schedule: { futures: { tiers: [
      { upTo: 5, initialRate: 0.01, maintenanceRate: 0.005 },
      { upTo: 1e9, initialRate: 0.1, maintenanceRate: 0.05 },
    ], tierUnit: 'coins', tierMode: 'whole' } } };
    const held = { ...account, positions: [{ instrument: PERP, size: 4, entryPrice: 100000, isolatedMargin: 4000 }] };
    const added = mk.preview(held, market, { instrument: PERP, side: 'buy', size: 2 }, config);
    assert.equal(added.accepted, true, added.rejectReason);
    assert.ok(Math.abs(rowOf(added.after, PERP).isolatedEquityUsd - 60000) < 1e-6);
  });
});

describe('the account after adding to an inverse future', () => {
  it('averages the entry price harmonically: the position\'s P&L is its lots\'', () => {
    // 10,000 USD bought at 100,000 (0.1 BTC) and 10,000 at 50,000 (0.2 BTC): 0.3 BTC for 20,000
    // USD, entry 66,666.67. At a mark of 100,000 the lots gain 0 and 0.1 BTC: 10,000 USD. The
    // arithmetic mean (75,000) made it 6,666.67, and closing it all realised that.
    const account = { collateral: { BTC: 10 }, positions: [{ instrument: 'BTC-PERPETUAL', size: 10000, entryPrice: 100000 }] };
    const add = { instrument: 'BTC-PERPETUAL', side: 'buy', size: 10000, price: 50000 };
    const added = mk.preview(account, market, add);
    assert.ok(Math.abs(rowOf(added.after, 'BTC-PERPETUAL').unrealizedPnlUsd - 10000) < 1e-6,
      `${rowOf(added.after, 'BTC-PERPETUAL').unrealizedPnlUsd}`);
    const closed = mk.preview(account, market, [add, { instrument: 'BTC-PERPETUAL', side: 'sell', size: 20000 }]);
    assert.ok(Math.abs(closed.after.collateralUsd - (10 * 100000 + 10000)) < 1e-6, `${closed.after.collateralUsd}`);
  });
});

describe('isolated available margin with a haircut', () => {
  it('a balance wholly assigned leaves 0 available, whatever price it counts at', () => {
    // 1 BTC counted at 90,000 (collateralPrices under the index, 100,000), all of it assigned
    // to an inverse perpetual: the margin was valued at the index, 100,000, so an accepted
    // preview showed -10,000 available, as if over-assigned.
    const haircut = { ...market, collateralPrices: { BTC: 90000 } };
    const p = mk.preview({ mode: 'isolated', collateral: { BTC: 1 } }, haircut,
      { instrument: 'BTC-PERPETUAL', side: 'buy', size: 10000, isolatedMargin: 1 });
    assert.equal(p.accepted, true, p.rejectReason);
    assert.equal(p.after.availableMarginUsd, 0);
  });
});

describe('design questions (decided: plain tests; todo: still open)', () => {
  it('topUp makes a rejected isolated order acceptable when the position\'s own margin falls short',
    { todo: 'a balance is not a position\'s margin: adding topUp.amount of topUp.asset changes nothing' }, () => {
      const account = { mode: 'isolated', collateral: { USDC: 1e6 }, positions: [] };
      // A limit buy 0.5 % above the mark, default margin (the IM at the mark): its isolated
      // equity starts 500 below its IM.
      const order = { instrument: PERP, side: 'buy', size: 1, price: 100500 };
      const p = mk.preview(account, market, order);
      assert.equal(p.rejectReason, 'INSUFFICIENT_INITIAL_MARGIN');
      const topped = { ...account, collateral: { USDC: 1e6 + p.topUp.amount } };
      assert.equal(mk.preview(topped, market, order).accepted, true);
    });

  it('a long option cannot be liquidated: bought a little above its mark, it is not WOULD_TRIGGER_LIQUIDATION',
    () => {
      const CALL = 'BTC_USDC-27DEC26-110000-C';
      const account = { mode: 'isolated', collateral: { USDC: 1e6 }, positions: [] };
      const atMark = mk.preview(account, market, { instrument: CALL, side: 'buy', size: 1 });
      const mark = rowOf(atMark.after, CALL).mark;
      const p = mk.preview(account, market, { instrument: CALL, side: 'buy', size: 1, price: mark + 1 });
      assert.equal(p.accepted, true, p.rejectReason);
    });

  it('the account after buying an option in isolated mode can be given back (its isolatedMargin is 0)',
    () => {
      const CALL = 'BTC_USDC-27DEC26-110000-C';
      const account = { mode: 'isolated', collateral: { USDC: 1e6 }, positions: [{ instrument: CALL, size: 1, entryPrice: 3900, isolatedMargin: 0 }] };
      assert.doesNotThrow(() => mk.accountRisk(account, market));
    });

  it('an isolated position short of its own IM does not block an order on another instrument',
    () => {
      const account = { mode: 'isolated', collateral: { USDC: 1e6, BTC: 10 },
        positions: [{ instrument: PERP, size: 1, entryPrice: 100000, isolatedMargin: 1800 }] };
      assert.equal(mk.accountRisk(account, market).status, 'margin_call');
      const p = mk.preview(account, market, { instrument: 'BTC-PERPETUAL', side: 'buy', size: 1000 });
      assert.equal(p.accepted, true, p.rejectReason);
    });

  it('a size past the leverage a tier table allows: leverage above the schedule\'s maximum is a coded error (the issue asks for one), and maxSize stops before it', () => {
    const config = { schedule: { futures: { tiers: [
      { upTo: 5, initialRate: 0.01, maintenanceRate: 0.005 },
      { upTo: 1e9, initialRate: 0.1, maintenanceRate: 0.05 },
    ], tierUnit: 'coins', tierMode: 'whole' } } };
    const account = { mode: 'isolated', collateral: { USDC: 1e7 }, positions: [] };
    const order = { instrument: PERP, side: 'buy', size: 1, leverage: 50 };
    const p = mk.preview(account, market, order, config);
    assert.equal(p.maxSize, 5);
    assert.throws(() => mk.preview(account, market, { ...order, size: p.maxSize + p.sizeIncrement }, config),
      (e) => e.code === 'OUT_OF_RANGE' && e.field === 'orders[0].leverage');
  });

  it('closing a position whose loss exceeds what backs it reduces risk and is accepted',
    { todo: 'the realised loss overdraws the balance: INSUFFICIENT_BALANCE beats REDUCES_RISK (cross and isolated)' }, () => {
      // Cross: 100 USDC, long 1 at 100,150 marked 100,000: equity -50, in liquidation.
      const cross = { collateral: { USDC: 100 }, positions: [{ instrument: PERP, size: 1, entryPrice: 100150 }] };
      const p = mk.preview(cross, market, { instrument: PERP, side: 'sell', size: 1 });
      assert.equal(p.accepted, true, p.rejectReason);
    });
});
