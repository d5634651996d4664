// The web demo's page-independent modules, in node: the URL state round trip, page state ->
// engine inputs (and an engine error's field back to the page field), the order's preview with
// the account after the fill that the after-order curves revalue (prepared afresh, it has the
// preview's `after`; refused by the engine, the preview comes without it and says why), and the
// P&L profile at expiry (against mk.stress a minute before it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';
import { decodeState, encodeState } from '../../web/demo/state/url-state.mjs';
import { checkState, emptyPosition, stateFromInputs } from '../../web/demo/state/page-state.mjs';
import { buildInputs, fieldFor } from '../../web/demo/state/engine-inputs.mjs';
import { orderPreview } from '../../web/demo/engine/order-preview.mjs';
import { pnlProfile } from '../../web/demo/engine/pnl-profile.mjs';
import { isolatedSampleAccount } from './support/samples.mjs';

const sample = JSON.parse(readFileSync(new URL('../../examples/sample-account.json', import.meta.url), 'utf8'));
const mk = await createMarginKit();

describe('demo: state in the URL', () => {
  it('round-trips through the deflated hash, and reads the plain JSON one', async () => {
    const state = stateFromInputs(sample);
    const hash = await encodeState(state);
    assert.match(hash, /^z=[A-Za-z0-9_-]+$/);
    assert.deepEqual(await decodeState(`#${hash}`), state);
    const plain = `#j=${Buffer.from(JSON.stringify(state)).toString('base64url')}`;
    assert.deepEqual(await decodeState(plain), state);
    assert.equal(await decodeState(''), undefined);
    await assert.rejects(decodeState('#x=abc'), /not 'z=' or 'j='/);
    assert.throws(() => checkState({ ...state, v: 99 }), /version 99/);
  });
});

describe('demo: page state -> engine inputs', () => {
  it('gives back the sample as the engine takes it', () => {
    const { account, market, order, problems } = buildInputs(stateFromInputs(sample));
    assert.deepEqual(problems, []);
    assert.deepEqual(account, sample.account);
    assert.deepEqual(market, sample.market);
    assert.deepEqual(order, sample.order);
  });

  it('maps engine error fields to the page field they came from, past draft rows', () => {
    const state = stateFromInputs(sample);
    state.account.positions.splice(1, 0, emptyPosition()); // a draft: left out, indices shift
    const { fields, account, draftRows } = buildInputs(state);
    assert.equal(account.positions.length, sample.account.positions.length);
    assert.deepEqual(draftRows, ['positions.1']);
    assert.equal(fieldFor(fields, 'account.positions[1].size'), 'positions.2.size');
    assert.equal(fieldFor(fields, 'account.positions[0].instrument.strike'), 'positions.0.instrument');
    assert.equal(fieldFor(fields, 'market.underlyings.BTC.vol.atm.26DEC26'), 'underlyings.0.atm.0.value');
    assert.equal(fieldFor(fields, 'market.underlyings.ETH.vol'), 'underlyings.1.flat');
    assert.equal(fieldFor(fields, 'market.underlyings.ETH.forwards.26MAR27'), 'underlyings.1.forwards.1.value');
    assert.equal(fieldFor(fields, 'account.collateral.BTC'), 'collateral.1.value');
    assert.equal(fieldFor(fields, 'orders[0].size'), 'order.size');
    assert.equal(fieldFor(fields, 'moves[0].days'), 'stress.days');
    assert.equal(fieldFor(fields, 'config.profile'), 'profile');
  });

  it('reports text that is not a number at its field, and sends nothing', () => {
    const state = stateFromInputs(sample);
    state.order.size = '3x';
    assert.deepEqual(buildInputs(state).problems.map((p) => [p.uiKey, p.code]), [['order.size', 'NOT_A_NUMBER']]);
  });
});

describe('demo: the order\'s preview and the account after its fill', () => {
  const ORDERS = [
    sample.order,
    { instrument: 'BTC-26DEC26-100000-C', side: 'buy', size: 5, price: 0.06 }, // flips a short option
    { instrument: 'BTC-26MAR27', side: 'buy', size: 20000, price: 101000 },  // inverse future: harmonic
    { instrument: 'ETH_USDC-PERPETUAL', side: 'buy', size: 8 },              // closes a perpetual
    { instrument: 'BTC_USDC', side: 'buy', size: 0.1 },                     // spot
  ];
  const cases = [
    ['cross', sample.account, {}],
    ['portfolio, span', { ...sample.account, mode: 'portfolio' }, { portfolioModel: 'span' }],
    ['isolated', isolatedSampleAccount(), {}],
  ];
  for (const [name, account, config] of cases) {
    it(`${name}: the account after, prepared as the worker does, has the preview's after`, () => {
      const prepared = mk.prepare(account, sample.market, config);
      try {
        for (const order of ORDERS) {
          const label = `${order.side} ${order.size} ${order.instrument}`;
          const { preview, afterNote } = orderPreview(prepared, order);
          assert.equal(afterNote, null, label);
          // Rows of the ordered instrument only (positions 'changed'): none when spot or closed.
          const name = mk.instrument(order.instrument).name;
          const held = preview.accountAfter.positions.some((p) => p.instrument === name);
          assert.deepEqual(preview.after.positions.map((r) => r.instrument), held ? [name] : [], `${label}: rows`);
          const after = mk.prepare(preview.accountAfter, sample.market, config);
          try {
            const risk = after.risk();
            for (const key of ['status', 'equityUsd', 'initialMarginUsd', 'maintenanceMarginUsd', 'availableMarginUsd']) {
              assert.equal(risk[key], preview.after[key], `${label}: ${key}`);
            }
          } finally {
            after.delete();
          }
        }
      } finally {
        prepared.delete();
      }
    });
  }

  it('an account after beyond the engine\'s limits: the preview without it, and why', () => {
    const prepared = mk.prepare(sample.account, sample.market);
    try {
      // A call struck at 20x the index fills at its mark, far below the 1e-12 an entry price needs.
      const order = { instrument: 'BTC-26DEC26-2000000-C', side: 'buy', size: 1 };
      const { preview, afterNote } = orderPreview(prepared, order);
      assert.equal(preview.accountAfter, undefined);
      assert.deepEqual(preview, prepared.preview(order, { positions: 'changed' }));
      assert.match(afterNote, /^accountAfter\.positions\[7\]\.entryPrice /);
      // Other errors are the preview's own.
      assert.throws(() => orderPreview(prepared, { ...order, size: -1 }), (e) => e.field === 'orders[0].size');
    } finally {
      prepared.delete();
    }
  });
});

describe('demo: P&L profile at expiry', () => {
  it('matches mk.stress one minute before the expiry, away from the strikes', () => {
    // Forwards = index (no forwards, rate 0), so settling at the index is what the engine's
    // valuation tends to as the expiry nears.
    const market = { time: '2026-11-24T08:00:00Z', underlyings: { BTC: { index: 98000, vol: 0.5 } } };
    const account = {
      collateral: { USDC: 50000, BTC: 0.3 },
      positions: [
        { instrument: 'BTC_USDC-26DEC26-100000-C', size: -2, entryPrice: 3000 },
        { instrument: 'BTC-26DEC26-90000-P', size: 1.5, entryPrice: 0.03 },
        { instrument: 'BTC-26DEC26', size: 40000, entryPrice: 97000 },
        { instrument: 'BTC_USDC-26DEC26', size: -0.5, entryPrice: 99000 },
        { instrument: 'BTC_USDC-26MAR27-120000-C', size: 1, entryPrice: 5000 },
      ],
    };
    const prices = [60000, 70000, 80000, 85000, 95000, 105000, 115000, 130000];
    const profile = pnlProfile(mk, { account, market, underlying: 'BTC', index: 98000, prices, days: 0 });
    assert.equal(profile.expiry.days, 32);
    assert.deepEqual(profile.expiry.instruments.sort(),
      ['BTC-26DEC26', 'BTC-26DEC26-90000-P', 'BTC_USDC-26DEC26', 'BTC_USDC-26DEC26-100000-C']);
    const minuteBefore = mk.stress(account, market, prices.map((p) => ({ BTC: { spot: p / 98000 - 1 }, days: 32 - 1 / 1440 })));
    prices.forEach((p, i) => {
      assert.ok(Math.abs(profile.atExpiry[i] - minuteBefore[i].pnlUsd) < 1, `at ${p}: ${profile.atExpiry[i]} against ${minuteBefore[i].pnlUsd}`);
    });
    // Today: the whole account's stress P&L (its USD balance does not move; sums in another order).
    const today = mk.stress(account, market, prices.map((p) => ({ BTC: { spot: p / 98000 - 1 } })));
    today.forEach((o, i) => assert.ok(Math.abs(profile.today[i] - o.pnlUsd) < 1e-9 * Math.abs(o.pnlUsd) + 1e-9));
    // market.time in any form the engine reads (a venue code: 08:00 UTC that day) gives the same
    // profile: the days to expiry are the engine's reading, not Date.parse's.
    const venueCode = pnlProfile(mk, { account, market: { ...market, time: '24NOV26' }, underlying: 'BTC', index: 98000, prices, days: 0 });
    venueCode.expiry.instruments.sort();  // as profile's, sorted above
    assert.deepEqual(venueCode, profile);
  });
});
