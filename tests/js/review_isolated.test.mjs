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
