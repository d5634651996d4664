// The liquidation search through the public API only, against a dense scan: for random cross
// books (seeded, the same every run), every change of mk.accountRisk's status into or out of
// 'liquidation' that a scan of the index sees is matched by a reported liquidation price, and
// every reported price is such a change. Half of the books get USDC collateral that leaves
// equity - MM just below zero at its least: narrow unhealthy bands, which a grid alone misses.
//
// The scan moves `index` alone. With a flat vol and a `rate` (no forwards, no option marks), that
// is exactly the engine's own scenario: each forward is index x e^(rate t) and moves with it, and
// a flat vol is the same at every moneyness.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { mulberry32 } from './support/random.mjs';
import { createMarginKit } from 'marginkit';

let mk;
before(async () => {
  mk = await createMarginKit();
});


const TIME = '2026-11-24T08:00:00Z';
const EXPIRIES = ['25NOV26', '27NOV26', '4DEC26', '27DEC26', '26MAR27'];
const LOG_RANGE = 4.6; // the search's range: [index / 100, 100 x index], about e^+-4.6
const SCAN_STEPS = 1500;
const NO_LEVELS = { liquidationLevels: false };

function randomBook(random) {
  const uniform = (a, b) => a + (b - a) * random();
  const pick = (list) => list[Math.floor(random() * list.length)];
  const index = uniform(50_000, 150_000);
  const market = {
    time: TIME,
    underlyings: { BTC: { index, vol: uniform(0.3, 1.2), rate: pick([0, 0.03]) } },
  };
  const positions = [];
  const count = 1 + Math.floor(random() * 5);
  for (let i = 0; i < count; i += 1) {
    const side = random() < 0.5 ? 1 : -1;
    let position;
    if (random() < 0.7) {
      const strike = Math.max(500, Math.round(index * Math.exp(uniform(-0.5, 0.5)) / 500) * 500);
      const inverse = random() < 0.5;
      position = {
        instrument: `${inverse ? 'BTC' : 'BTC_USDC'}-${pick(EXPIRIES)}-${strike}-${pick(['C', 'P'])}`,
        size: side * uniform(0.1, 5),
        entryPrice: inverse ? 0.01 : 500,
      };
    } else {
      const instrument = pick(['BTC_USDC-PERPETUAL', 'BTC-PERPETUAL', 'BTC-27DEC26']);
      const size = side * (instrument === 'BTC_USDC-PERPETUAL' ? uniform(0.1, 3) : uniform(1e3, 3e5));
      position = { instrument, size, entryPrice: index * uniform(0.9, 1.1) };
    }
    if (!positions.some((p) => p.instrument === position.instrument)) positions.push(position);
  }
  const collateral = { USDC: uniform(0, 100_000) };
  if (random() < 0.5) collateral.BTC = uniform(0, 1);
  return { account: { collateral, positions }, market };
}

// ln(index ratio) of the scan's levels, 0 among them.
const SCAN_X = Array.from({ length: SCAN_STEPS + 1 }, (_, i) => LOG_RANGE * (2 * i - SCAN_STEPS) / SCAN_STEPS);

function riskAt(book, index) {
  const market = structuredClone(book.market);
  market.underlyings.BTC.index = index;
  return mk.accountRisk(book.account, market, NO_LEVELS);
}

function liquidatedAt(book, index) {
  return riskAt(book, index).status === 'liquidation';
}

// USDC so that the least of equity - MM over the scan is just below zero.
function tuneCollateral(book, random) {
  const index = book.market.underlyings.BTC.index;
  const bare = { ...book, account: { ...book.account, collateral: { ...book.account.collateral, USDC: 0 } } };
  let least = Infinity;
  let scale = 0;
  for (const x of SCAN_X) {
    const r = riskAt(bare, index * Math.exp(x));
    least = Math.min(least, r.equityUsd - r.maintenanceMarginUsd);
    scale = Math.max(scale, Math.abs(r.equityUsd) + r.maintenanceMarginUsd);
  }
  book.account.collateral.USDC = -least - random() * 1e-4 * Math.min(scale, 10 * index);
}

describe('liquidation prices against a dense scan of mk.accountRisk (random cross books)', () => {
  it('every status change the scan sees is reported, and every reported price is one', () => {
    const random = mulberry32(0x6c6971);
    let changesSeen = 0;
    let levelsVerified = 0;
    let narrowPairs = 0;
    for (let b = 0; b < 40; b += 1) {
      const book = randomBook(random);
      if (b % 2 === 0) tuneCollateral(book, random);
      const index = book.market.underlyings.BTC.index;
      const what = `book ${b}: ${JSON.stringify(book)}`;
      const levels = mk.accountRisk(book.account, book.market).liquidation;
      assert.equal(levels.length, 1, what);
      const reported = levels[0].liquidation.map((l) => Math.log(l.price / index));

      const liquidated = SCAN_X.map((x) => liquidatedAt(book, index * Math.exp(x)));
      for (let i = 0; i + 1 < SCAN_X.length; i += 1) {
        if (liquidated[i] === liquidated[i + 1]) continue;
        const inside = reported.filter((x) => x >= SCAN_X[i] - 1e-9 && x <= SCAN_X[i + 1] + 1e-9).length;
        assert.equal(inside % 2, 1,
          `${what}\nthe status changes between x = ${SCAN_X[i]} and ${SCAN_X[i + 1]}; ${inside} levels reported there`);
        changesSeen += 1;
      }
      reported.forEach((x, j) => {
        const price = index * Math.exp(x);
        assert.notEqual(liquidatedAt(book, price * (1 - 1e-8)), liquidatedAt(book, price * (1 + 1e-8)),
          `${what}\nthe status does not change at the reported ${price}`);
        if (j > 0) {
          assert.ok(reported[j - 1] < x, `${what}\nlevels not sorted`);
          if (x - reported[j - 1] < 0.025) narrowPairs += 1;
        }
        levelsVerified += 1;
      });
    }
    // The loops checked something, and the books held narrow bands.
    assert.ok(changesSeen >= 20, `only ${changesSeen} status changes seen by the scan`);
    assert.ok(levelsVerified >= 20, `only ${levelsVerified} levels verified`);
    assert.ok(narrowPairs >= 1, `no two levels closer together than 2.5 % (${narrowPairs})`);
  });
});
