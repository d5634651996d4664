// The preview's accountAfter (option accountAfter: true; web/marginkit.d.ts TradePreview.accountAfter):
//  - fed back to mk.accountRisk with the same config it reproduces the preview's `after`: status,
//    totals, Greeks, currencies, the portfolio requirement and every row exactly; liquidation
//    levels to 1e-10 relative (searched afresh); balances added in another order only when the
//    orders bring in an asset that sorts before one held (to 1e-15 relative then). For the
//    sample and its order, and orders that open, add to, reduce, close and flip positions on
//    options, inverse and linear futures and perpetuals and spot, at the mark and at limit
//    prices, one and several at a time, in cross, portfolio (two models) and isolated mode;
//  - it is an account input: the package's own schema validator (marginkit/validate) finds
//    nothing wrong with it, and the fill rules hold in figures worked out here: premiums paid and
//    credited, realised P&L, entries averaged by coins and harmonically (inverse futures and
//    perpetuals), flips opening at the fill price, closed positions absent, isolated margins
//    released in proportion and added as notional / leverage;
//  - prepared.preview with the option equals mk.preview's; without the option the preview has no
//    accountAfter and is otherwise the same; bad values are INVALID_TYPE on their field in both
//    places; a figure beyond an input's limits throws on its accountAfter field.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';
import { validate } from 'marginkit/validate';
import { isolatedSampleAccount } from './support/samples.mjs';
import { thrownBy as thrown } from './support/thrown.mjs';

const sample = JSON.parse(readFileSync(new URL('../../examples/sample-account.json', import.meta.url), 'utf8'));
const { market } = sample;
let mk;
before(async () => { mk = await createMarginKit(); });

const TOTALS = ['status', 'collateralUsd', 'unrealizedPnlUsd', 'optionsValueUsd', 'equityUsd', 'initialMarginUsd',
  'maintenanceMarginUsd', 'availableMarginUsd', 'marginRatio', 'initialMarginRatio', 'leverage'];
const withoutLevel = ({ liquidationPrice, ...row }) => row;

// `preview.after` against the account it returns, valued afresh with `config`: the same figures.
function assertReproduces(preview, config, label, { marketUsed = market } = {}) {
  const { accountAfter, after } = preview;
  assert.ok(accountAfter, `${label}: no accountAfter`);
  assert.deepEqual(validate('account', accountAfter), [], `${label}: not a valid account input`);
  const risk = mk.accountRisk(accountAfter, marketUsed, config);
  for (const key of TOTALS) assert.equal(risk[key], after[key], `${label}: ${key}`);
  assert.deepEqual(risk.currencies, after.currencies, `${label}: currencies`);
  assert.deepEqual(risk.greeks, after.greeks, `${label}: greeks`);
  // Every row `after` carries, as valued afresh (liquidation prices are levels: below).
  const rows = new Map(risk.positions.map((r) => [r.instrument, r]));
  for (const row of after.positions) {
    assert.deepEqual(withoutLevel(rows.get(row.instrument) ?? {}), withoutLevel(row), `${label}: row ${row.instrument}`);
  }
  if (after.positions.length === accountAfter.positions.length) {
    assert.deepEqual(risk.positions.map((r) => r.instrument), after.positions.map((r) => r.instrument), `${label}: row order`);
    assert.deepEqual(risk.portfolio, after.portfolio, `${label}: portfolio`);
  }
  // Liquidation levels: the same counts, prices to 1e-10 relative.
  assert.equal(risk.liquidation.length, preview.liquidationAfter.length, `${label}: levels`);
  risk.liquidation.forEach((levels, i) => {
    for (const kind of ['liquidation', 'marginCall', 'warning']) {
      const mine = levels[kind];
      const theirs = preview.liquidationAfter[i][kind];
      assert.equal(mine.length, theirs.length, `${label}: ${kind} count`);
      mine.forEach((level, j) => assert.ok(Math.abs(level.price - theirs[j].price) <= 1e-10 * level.price,
        `${label}: ${kind} ${level.price} against ${theirs[j].price}`));
    }
  });
  return risk;
}

const positionOf = (account, name) => account.positions.find((p) => p.instrument === name);
const rowOf = (risk, name) => risk.positions.find((p) => p.instrument === name);

describe('accountAfter reproduces the preview\'s after', () => {
  it('the sample and its order: the short call added at its mark, the premium credited in BTC', () => {
    const preview = mk.preview(sample.account, market, sample.order, { accountAfter: true });
    assertReproduces(preview, undefined, 'sample');
    const { accountAfter } = preview;
    const mark = rowOf(preview.after, sample.order.instrument).mark;
    assert.deepEqual(accountAfter.positions, [...sample.account.positions,
      { instrument: sample.order.instrument, size: -sample.order.size, entryPrice: mark }]);
    assert.deepEqual(accountAfter.collateral, { ...sample.account.collateral, BTC: sample.account.collateral.BTC + sample.order.size * mark });
    assert.equal(accountAfter.mode, 'cross');
  });

  // Orders on the sample's book (see examples/sample-account.json): what each does in a comment.
  const ORDERS = [
    sample.order,                                                                // a new short call
    { instrument: 'BTC-26DEC26-100000-C', side: 'buy', size: 1 },                // reduces a short (mark)
    { instrument: 'BTC-26DEC26-100000-C', side: 'buy', size: 2, price: 0.03 },   // closes it
    { instrument: 'BTC-26DEC26-100000-C', side: 'buy', size: 5, price: 0.06 },   // flips it long
    { instrument: 'BTC-26DEC26-100000-C', side: 'sell', size: 5, price: 0.06 },  // adds at another price
    { instrument: 'BTC_USDC-26MAR27-120000-C', side: 'buy', size: 3, price: 4000 }, // flips a linear option
    { instrument: 'BTC-26MAR27', side: 'buy', size: 20000, price: 101000 },      // inverse future: harmonic
    { instrument: 'BTC-26MAR27', side: 'sell', size: 20000 },                    // reduces: realised P&L
    { instrument: 'BTC-26MAR27', side: 'sell', size: 80000 },                    // flips it short
    { instrument: 'ETH_USDC-PERPETUAL', side: 'sell', size: 3, price: 3500 },    // linear perpetual: adds
    { instrument: 'ETH_USDC-PERPETUAL', side: 'buy', size: 8, price: 3700 },     // closes it
    { instrument: 'ETH_USDC-PERPETUAL', side: 'buy', size: 20 },                 // flips it long
    { instrument: 'BTC-PERPETUAL', side: 'buy', size: 10000 },                   // a new inverse perpetual
    { instrument: 'BTC_USDC', side: 'buy', size: 0.1 },                          // spot: balances only
    { instrument: 'BTC_USDC', side: 'sell', size: 0.2, price: 99000 },
    [{ instrument: 'BTC-PERPETUAL', side: 'buy', size: 10000, price: 97000 },    // several at once: opens,
      { instrument: 'BTC-PERPETUAL', side: 'buy', size: 30000, price: 99000 },   // adds,
      { instrument: 'BTC-PERPETUAL', side: 'sell', size: 50000 },                // flips,
      { instrument: 'ETH-26MAR27-4500-C', side: 'sell', size: 12, price: 0.08 }, // closes an option
      { instrument: 'BTC_USDC-26DEC26-95000-P', side: 'sell', size: 1 }],        // and opens another
  ];
  const CASES = [
    ['cross', sample.account, undefined],
    ['cross, bybit (tier table, maxEntryMark)', sample.account, { profile: 'bybit' }],
    ['portfolio, deribit', { ...sample.account, mode: 'portfolio' }, { portfolioModel: 'deribit' }],
    ['portfolio, span', { ...sample.account, mode: 'portfolio' }, { portfolioModel: 'span' }],
    ['isolated', isolatedSampleAccount(), undefined],
  ];
  for (const [name, account, config] of CASES) {
    it(`${name}: every order, by mk.preview and prepared.preview alike`, () => {
      const prepared = mk.prepare(account, market, config);
      try {
        for (const orders of ORDERS) {
          const label = `${name}: ${JSON.stringify(orders)}`;
          const preview = mk.preview(account, market, orders, { ...config, accountAfter: true });
          assertReproduces(preview, config, label);
          assert.deepEqual(prepared.preview(orders, { accountAfter: true }), preview, `${label}: prepared`);
          // Rows of the ordered instruments only: those rows still reproduce.
          assertReproduces(prepared.preview(orders, { accountAfter: true, positions: 'changed' }), config, `${label}, changed`);
        }
      } finally {
        prepared.delete();
      }
    });
  }

  it('an asset the orders bring in: added among the balances by name, and after reproduced exactly', () => {
    const withSol = { ...market, underlyings: { ...market.underlyings, SOL: { index: 151.37 } } };
    for (let i = 1; i <= 40; i += 1) {
      const account = { collateral: { BTC: 0.6 + i / 997, ETH: 4 + i / 89, USDC: 60000 + i * 1234.567 }, positions: sample.account.positions };
      const order = { instrument: 'SOL_USDC', side: 'buy', size: i * 0.37 };
      const preview = mk.preview(account, withSol, order, { accountAfter: true });
      assert.equal(preview.accountAfter.collateral.SOL, i * 0.37);
      assert.deepEqual(Object.keys(preview.accountAfter.collateral), ['BTC', 'ETH', 'SOL', 'USDC']);
      assertReproduces(preview, undefined, `SOL ${i}`, { marketUsed: withSol });
    }
  });
});

describe('accountAfter follows the fill rules', () => {
  const time = '2026-11-24T08:00:00Z';
  const btc = { time, underlyings: { BTC: { index: 100000, vol: 0.6 }, ETH: { index: 3000, vol: 0.7 } } };
  const account = {
    collateral: { BTC: 1, USDC: 100000 },
    positions: [
      { instrument: 'BTC-PERPETUAL', size: 10000, entryPrice: 100000 },
      { instrument: 'BTC_USDC-PERPETUAL', size: 1, entryPrice: 90000 },
      { instrument: 'BTC-27DEC26-100000-C', size: -2, entryPrice: 0.05 },
      { instrument: 'ETH_USDC-PERPETUAL', size: 0, entryPrice: 3000 },
    ],
  };
  const after = (orders) => {
    const preview = mk.preview(account, btc, orders, { accountAfter: true });
    assertReproduces(preview, undefined, JSON.stringify(orders), { marketUsed: btc });
    return preview.accountAfter;
  };

  it('adding averages the entry: harmonically for an inverse perpetual, by coins for a linear one', () => {
    // 10,000 USD at 100,000 (0.1 BTC) and 10,000 at 50,000 (0.2 BTC): 20,000 USD for 0.3 BTC.
    const inverse = positionOf(after({ instrument: 'BTC-PERPETUAL', side: 'buy', size: 10000, price: 50000 }), 'BTC-PERPETUAL');
    assert.equal(inverse.size, 20000);
    assert.ok(Math.abs(inverse.entryPrice - 20000 / 0.3) < 1e-9, `${inverse.entryPrice}`);
    const linear = positionOf(after({ instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 3, price: 110000 }), 'BTC_USDC-PERPETUAL');
    assert.equal(linear.size, 4);
    assert.equal(linear.entryPrice, (90000 + 3 * 110000) / 4);
  });

  it('reducing keeps the entry and realises P&L; closing removes the position; flipping opens at the fill price', () => {
    const reduced = after({ instrument: 'BTC-PERPETUAL', side: 'sell', size: 4000, price: 125000 });
    assert.deepEqual(positionOf(reduced, 'BTC-PERPETUAL'), { instrument: 'BTC-PERPETUAL', size: 6000, entryPrice: 100000 });
    // Inverse P&L in coins: 4,000 x (1 / 100,000 - 1 / 125,000) = 0.008 BTC.
    assert.ok(Math.abs(reduced.collateral.BTC - 1.008) < 1e-15, `${reduced.collateral.BTC}`);
    const closed = after({ instrument: 'BTC_USDC-PERPETUAL', side: 'sell', size: 1, price: 95000 });
    assert.equal(positionOf(closed, 'BTC_USDC-PERPETUAL'), undefined);
    assert.equal(closed.collateral.USDC, 100000 + 5000);
    const flipped = after({ instrument: 'BTC_USDC-PERPETUAL', side: 'sell', size: 3, price: 80000 });
    assert.deepEqual(positionOf(flipped, 'BTC_USDC-PERPETUAL'), { instrument: 'BTC_USDC-PERPETUAL', size: -2, entryPrice: 80000 });
    assert.equal(flipped.collateral.USDC, 100000 - 10000);
  });

  it('options: a buy pays its premium, a sell is credited it; at the mark without a limit price', () => {
    const bought = after({ instrument: 'BTC-27DEC26-100000-C', side: 'buy', size: 5, price: 0.04 });
    assert.deepEqual(positionOf(bought, 'BTC-27DEC26-100000-C'), { instrument: 'BTC-27DEC26-100000-C', size: 3, entryPrice: 0.04 });
    assert.ok(Math.abs(bought.collateral.BTC - (1 - 5 * 0.04)) < 1e-15);
    const name = 'BTC_USDC-27DEC26-90000-P';
    const preview = mk.preview(account, btc, { instrument: name, side: 'sell', size: 2 }, { accountAfter: true });
    const mark = rowOf(preview.after, name).mark;
    assert.deepEqual(positionOf(preview.accountAfter, name), { instrument: name, size: -2, entryPrice: mark });
    assert.equal(preview.accountAfter.collateral.USDC, 100000 + 2 * mark);
  });

  it('a position given at size 0 and not traded stays; untouched positions and balances are as given', () => {
    const accountAfter = after({ instrument: 'BTC-PERPETUAL', side: 'buy', size: 10 });
    assert.deepEqual(accountAfter.positions.filter((p) => p.instrument !== 'BTC-PERPETUAL'),
      account.positions.filter((p) => p.instrument !== 'BTC-PERPETUAL'));
    assert.deepEqual(accountAfter.collateral, account.collateral);
  });

  it('balances may end at 0 or below: an overdraft is negative (and rejected), an asset brought in at 0 is listed', () => {
    const overdrawn = mk.preview(account, btc, { instrument: 'BTC_USDC', side: 'buy', size: 2, price: 100000 }, { accountAfter: true });
    assert.equal(overdrawn.rejectReason, 'INSUFFICIENT_BALANCE');
    assert.deepEqual(overdrawn.accountAfter.collateral, { BTC: 3, USDC: -100000 });
    assertReproduces(overdrawn, undefined, 'overdrawn', { marketUsed: btc });
    // Closing at the entry price realises 0 USDT, an asset the account does not hold.
    const usdt = { collateral: { USDC: 1000 }, positions: [{ instrument: 'BTC_USDT-PERPETUAL', size: 0.01, entryPrice: 99000 }] };
    const flat = mk.preview(usdt, btc, { instrument: 'BTC_USDT-PERPETUAL', side: 'sell', size: 0.01, price: 99000 }, { accountAfter: true });
    assert.deepEqual(flat.accountAfter, { mode: 'cross', collateral: { USDC: 1000, USDT: 0 }, positions: [] });
    assertReproduces(flat, undefined, 'flat', { marketUsed: btc });
  });

  it('isolated: closing releases margin in proportion, leverage adds notional / leverage, isolatedMargin adds itself', () => {
    const isolated = isolatedSampleAccount();
    const order = [
      { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 0.5, price: 100000, leverage: 20 },
      { instrument: 'BTC-26MAR27', side: 'buy', size: 10000 },
      { instrument: 'BTC-26DEC26-110000-C', side: 'sell', size: 1, price: 0.02, isolatedMargin: 0.15 },
    ];
    const preview = mk.preview(isolated, market, order, { accountAfter: true });
    assertReproduces(preview, undefined, 'isolated');
    const { accountAfter } = preview;
    assert.equal(accountAfter.mode, 'isolated');
    // 0.5 at 98,500 + 0.5 at 100,000: 1 at 99,250; margin 4,000 + 0.5 x 100,000 / 20.
    assert.deepEqual(positionOf(accountAfter, 'BTC_USDC-PERPETUAL'),
      { instrument: 'BTC_USDC-PERPETUAL', size: 1, entryPrice: 99250, isolatedMargin: 4000 + 2500 });
    // A third of the short future bought back: a third of its 0.05 BTC released, entry kept.
    const future = positionOf(accountAfter, 'BTC-26MAR27');
    assert.equal(future.size, -20000);
    assert.equal(future.entryPrice, 99000);
    assert.ok(Math.abs(future.isolatedMargin - 0.05 * (2 / 3)) < 1e-15, `${future.isolatedMargin}`);
    // The short call grows at another price: entry by coins, the order's own margin added.
    assert.deepEqual(positionOf(accountAfter, 'BTC-26DEC26-110000-C'),
      { instrument: 'BTC-26DEC26-110000-C', size: -2, entryPrice: (0.01 + 0.02) / 2, isolatedMargin: 0.2 + 0.15 });
    // Premium credited to BTC; the realised P&L of the future too (it settles in BTC).
    const mark = rowOf(preview.before, 'BTC-26MAR27').mark;
    assert.ok(Math.abs(accountAfter.collateral.BTC - (0.5 + 0.02 + 10000 * (1 / mark - 1 / 99000))) < 1e-15);
    assert.equal(accountAfter.collateral.USDC, 5000);
  });
});

describe('accountAfter is opt-in, the same in both doors, and strict', () => {
  it('absent by default; asking for it changes nothing else', () => {
    const plain = mk.preview(sample.account, market, sample.order);
    assert.equal('accountAfter' in plain, false);
    const { accountAfter, ...rest } = mk.preview(sample.account, market, sample.order, { accountAfter: true });
    assert.ok(accountAfter);
    assert.deepEqual(rest, plain);
    assert.equal('accountAfter' in mk.preview(sample.account, market, sample.order, { accountAfter: false }), false);
    assert.equal('accountAfter' in mk.preview(sample.account, market, sample.order, { accountAfter: null }), false);
  });

  it('prepared: the option from mk.prepare\'s config, overridden per preview', () => {
    const prepared = mk.prepare(sample.account, market, { accountAfter: true });
    try {
      const preview = prepared.preview(sample.order);
      assert.deepEqual(preview, mk.preview(sample.account, market, sample.order, { accountAfter: true }));
      assert.equal('accountAfter' in prepared.preview(sample.order, { accountAfter: false }), false);
    } finally {
      prepared.delete();
    }
  });

  it('a value that is not true or false is INVALID_TYPE on its field, in both places', () => {
    for (const bad of ['yes', 1, {}, []]) {
      const one = thrown(() => mk.preview(sample.account, market, sample.order, { accountAfter: bad }));
      assert.deepEqual([one.code, one.field], ['INVALID_TYPE', 'config.accountAfter'], String(bad));
      const prep = thrown(() => mk.prepare(sample.account, market, { accountAfter: bad }));
      assert.deepEqual([prep.code, prep.field], ['INVALID_TYPE', 'config.accountAfter'], String(bad));
      const prepared = mk.prepare(sample.account, market);
      try {
        const options = thrown(() => prepared.preview(sample.order, { accountAfter: bad }));
        assert.deepEqual([options.code, options.field], ['INVALID_TYPE', 'options.accountAfter'], String(bad));
      } finally {
        prepared.delete();
      }
    }
  });

  it('beyond an input\'s limits: the preview throws on the accountAfter field; without the option it answers', () => {
    const rows = [
      // 10 BTC at 1e15: the USDC balance would be -1e16.
      [{ collateral: { USDC: 10000 } }, { instrument: 'BTC_USDC', side: 'buy', size: 10, price: 1e15 }, 'OUT_OF_RANGE', 'accountAfter.collateral.USDC'],
      // 1e15 USD of a perpetual added to 1e15: a size of 2e15.
      [{ collateral: { BTC: 1 }, positions: [{ instrument: 'BTC-PERPETUAL', size: 1e15, entryPrice: 98000 }] },
        { instrument: 'BTC-PERPETUAL', side: 'buy', size: 1e15 }, 'OUT_OF_RANGE', 'accountAfter.positions[0].size'],
      // A call struck at 20x the index fills at its mark, far below 1e-12 BTC.
      [sample.account, { instrument: 'BTC-26DEC26-2000000-C', side: 'buy', size: 1 }, 'OUT_OF_RANGE', `accountAfter.positions[${sample.account.positions.length}].entryPrice`],
      // An isolated margin of 2e15 USDC.
      [{ mode: 'isolated', collateral: { USDC: 1e15 }, positions: [{ instrument: 'BTC_USDC-PERPETUAL', size: 1, entryPrice: 98000, isolatedMargin: 1e15 }] },
        { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 1, isolatedMargin: 1e15 }, 'OUT_OF_RANGE', 'accountAfter.positions[0].isolatedMargin'],
    ];
    for (const [account, order, code, field] of rows) {
      const error = thrown(() => mk.preview(account, market, order, { accountAfter: true }));
      assert.deepEqual([error.code, error.field], [code, field], error.message);
      assert.match(error.message, /the account after the orders is beyond an input's limits/);
      assert.ok(mk.preview(account, market, order), field);
    }
  });
});
