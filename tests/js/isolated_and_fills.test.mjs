// Isolated mode and the account after the fill, through the public API (issue 9, points 1 and 2;
// rules in web/marginkit.d.ts OrderInput, AccountRisk and mk.preview). Every figure by hand.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit, MarginKitError } from 'marginkit';
import { thrownBy as thrown } from './support/thrown.mjs';

let mk;
before(async () => { mk = await createMarginKit(); });

const marketAt = (index) => ({
  time: '2026-11-24T08:00:00Z',
  underlyings: { BTC: { index, forwards: { '27DEC26': index * 1.01 }, vol: 0.6 } },
});
const market = marketAt(100000);
const PERP = 'BTC_USDC-PERPETUAL';
const codes = (p) => p.warnings.map((w) => w.code);
const rowOf = (risk, name) => risk.positions.find((p) => p.instrument === name);

describe('isolated mode', () => {
  it('available margin is the collateral no position holds', () => {
    const all = { mode: 'isolated', collateral: { USDC: 5000 }, positions: [{ instrument: PERP, size: 0.5, entryPrice: 98500, isolatedMargin: 5000 }] };
    assert.equal(mk.accountRisk(all, market).availableMarginUsd, 0);
    const some = { ...all, collateral: { USDC: 2000, BTC: 1 }, positions: [{ instrument: PERP, size: 0.1, entryPrice: 99000, isolatedMargin: 500 }] };
    assert.equal(mk.accountRisk(some, market).availableMarginUsd, 2000 + 100000 - 500);
  });

  it('positions or an order assigned more than the balance: INSUFFICIENT_BALANCE, named in the warnings', () => {
    const over = { mode: 'isolated', collateral: { USDC: 5000 }, positions: [{ instrument: PERP, size: 0.5, entryPrice: 98500, isolatedMargin: 50000 }] };
    assert.equal(mk.accountRisk(over, market).availableMarginUsd, -45000);
    const adds = mk.preview(over, market, { instrument: PERP, side: 'buy', size: 0.01 });
    assert.equal(adds.accepted, false);
    assert.equal(adds.rejectReason, 'INSUFFICIENT_BALANCE');
    assert.ok(codes(adds).includes('INSUFFICIENT_BALANCE'), codes(adds).join());
    // Closing part releases its share of the margin: it helps, and is accepted.
    assert.equal(mk.preview(over, market, { instrument: PERP, side: 'sell', size: 0.25 }).accepted, true);
    const fits = { mode: 'isolated', collateral: { USDC: 5000 }, positions: [] };
    const order = (isolatedMargin) => ({ instrument: PERP, side: 'buy', size: 0.1, isolatedMargin });
    const tooMuch = mk.preview(fits, market, order(5001));
    assert.equal(tooMuch.rejectReason, 'INSUFFICIENT_BALANCE');
    assert.equal(tooMuch.topUp.asset, 'USDC');
    assert.ok(Math.abs(tooMuch.topUp.amount - 1) < 1e-6, `top-up ${tooMuch.topUp.amount}`);
    assert.equal(mk.preview(fits, market, order(5000)).accepted, true);
  });

  it('leverage: margin = notional at the fill price / leverage; adding adds the order\'s margin', () => {
    const account = { mode: 'isolated', collateral: { USDC: 1e6, BTC: 10 }, positions: [] };
    const linear = mk.preview(account, market, { instrument: PERP, side: 'buy', size: 0.5, price: 96000, leverage: 10 });
    // The position's isolated equity is its margin plus its P&L at the mark: 4,800 + 0.5 x 4,000.
    assert.ok(Math.abs(rowOf(linear.after, PERP).isolatedEquityUsd - (4800 + 2000)) < 1e-9);
    // Available: 1e6 USDC and 10 BTC at 100,000, less the 4,800 assigned.
    assert.ok(Math.abs(linear.after.availableMarginUsd - (1e6 + 10 * 100000 - 4800)) < 1e-6);
    const inverse = mk.preview(account, market, { instrument: 'BTC-PERPETUAL', side: 'buy', size: 1000, leverage: 5 });
    // 1,000 USD at 100,000 and 5x: 0.002 BTC, 200 USD.
    assert.ok(Math.abs(rowOf(inverse.after, 'BTC-PERPETUAL').isolatedEquityUsd - 200) < 1e-9);
    // Adding to a position: its margin grows by the order's (here what the position's IM grows
    // by, at 2 % + 0.5 % per 100 coins: from 2,005 for 1 BTC to 3,011.25 for 1.5, 1,006.25; more
    // than 0.5 BTC's own IM, 1,001.25).
    const held = { ...account, positions: [{ instrument: PERP, size: 1, entryPrice: 100000, isolatedMargin: 3000 }] };
    const added = mk.preview(held, market, { instrument: PERP, side: 'buy', size: 0.5 });
    assert.ok(Math.abs(rowOf(added.after, PERP).isolatedEquityUsd - 4006.25) < 1e-9);
  });

  it('bad leverage is a coded error naming orders[i].leverage', () => {
    const isolated = { mode: 'isolated', collateral: { USDC: 1e6 }, positions: [] };
    const cases = [
      ['negative', isolated, { leverage: -5 }, 'NON_POSITIVE'],
      ['zero', isolated, { leverage: 0 }, 'NON_POSITIVE'],
      ['above the schedule\'s maximum (1 / 2 % IM)', isolated, { leverage: 60 }, 'OUT_OF_RANGE'],
      ['above 1000', isolated, { leverage: 1e4 }, 'OUT_OF_RANGE'],
      ['subnormal (a margin of infinity)', isolated, { leverage: 4.9e-324 }, 'OUT_OF_RANGE'],
      ['below 0.01', isolated, { leverage: 0.005 }, 'OUT_OF_RANGE'],
      ['a string', isolated, { leverage: '10' }, 'INVALID_TYPE'],
      ['beside isolatedMargin', isolated, { leverage: 5, isolatedMargin: 100 }, 'UNSUPPORTED_FIELD'],
      ['in a cross account', { collateral: { USDC: 1e6 } }, { leverage: 5 }, 'UNSUPPORTED_FIELD'],
      ['on an option', isolated, { leverage: 5, instrument: 'BTC_USDC-27DEC26-110000-C', side: 'sell' }, 'UNSUPPORTED_FIELD'],
    ];
    for (const [what, account, fields, code] of cases) {
      const error = thrown(() => mk.preview(account, market, { instrument: PERP, side: 'buy', size: 0.5, ...fields }));
      assert.ok(error instanceof MarginKitError, what);
      assert.deepEqual({ code: error.code, field: error.field }, { code, field: 'orders[0].leverage' }, `${what}: ${error.message}`);
    }
  });

  it('an order given exactly its initial margin is never rejected for rounding, and maxSize covers it', () => {
    const schedule = { futures: { initialRate: 0.1, maintenanceRate: 0.05, rateStep: 0 } };
    for (const index of [65666.19, 3333.33, 101010.1, 12345.678, 0.3217]) {
      for (const size of [10, 20, 70, 1230]) {
        const p = mk.preview({ mode: 'isolated', collateral: { BTC: 1e6 / index } }, marketAt(index),
          { instrument: 'BTC-PERPETUAL', side: 'buy', size }, { schedule });
        assert.equal(p.accepted, true, `index ${index} size ${size}: ${p.rejectReason}`);
        assert.ok(p.maxSize >= size, `index ${index} size ${size}: maxSize ${p.maxSize}`);
      }
    }
  });
});

describe('the account after is the account after the fill', () => {
  const account = { collateral: { USDC: 100000 } };
  const CALL = 'BTC_USDC-27DEC26-110000-C';

  it('a sell is credited its premium at the order price: at 500 and at 80 differ by 420 a contract', () => {
    const at500 = mk.preview(account, market, { instrument: CALL, side: 'sell', size: 2, price: 500 });
    const at80 = mk.preview(account, market, { instrument: CALL, side: 'sell', size: 2, price: 80 });
    assert.equal(at500.after.collateralUsd, 101000);
    assert.equal(at80.after.collateralUsd, 100160);
    assert.ok(Math.abs(at500.after.equityUsd - at80.after.equityUsd - 840) < 1e-6);
    assert.equal(at500.after.initialMarginUsd, at80.after.initialMarginUsd);
  });

  it('closing in parts whose decimal sizes do not add exactly in binary closes: no dust position, no flip', () => {
    const held = { collateral: { USDC: 100000 }, positions: [{ instrument: PERP, size: 0.3, entryPrice: 100000 }] };
    assert.notEqual(0.3 - 0.1 - 0.2, 0, 'the sizes leave a binary residue');
    for (const orders of [[{ instrument: PERP, side: 'sell', size: 0.1 }, { instrument: PERP, side: 'sell', size: 0.2 }],
      [{ instrument: PERP, side: 'sell', size: 0.2 }, { instrument: PERP, side: 'sell', size: 0.1 }]]) {
      const closed = mk.preview(held, market, orders, { accountAfter: true });
      assert.equal(rowOf(closed.after, PERP), undefined, 'the position is closed');
      assert.deepEqual(closed.accountAfter.positions, []);
      assert.ok(!codes(closed).includes('FLIPS_POSITION'), codes(closed).join(', '));
      assert.equal(closed.after.initialMarginUsd, 0);
    }
    // A real remainder stays: 0.3 - 0.1 - 0.1999 is 1e-4 long.
    const left = mk.preview(held, market, [{ instrument: PERP, side: 'sell', size: 0.1 }, { instrument: PERP, side: 'sell', size: 0.1999 }]);
    assert.ok(Math.abs(rowOf(left.after, PERP).size - 1e-4) < 1e-15);
  });

  it('buying one option at 250 costs 250 and adds no margin', () => {
    const bought = mk.preview(account, market, { instrument: CALL, side: 'buy', size: 1, price: 250 });
    assert.equal(bought.after.collateralUsd, 100000 - 250);
    assert.equal(bought.change.initialMarginUsd, 0);
    assert.equal(bought.change.maintenanceMarginUsd, 0);
  });
});
