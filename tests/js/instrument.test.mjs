// mk.instrument(): the instrument as the engine reads it. Expiries are checked against
// Date.UTC (venue expiries are at 08:00 UTC), not against values the engine printed.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit, MarginKitError } from 'marginkit';

let mk;
before(async () => { mk = await createMarginKit(); });

const rejects = (fn, code, field) => assert.throws(fn, (e) => {
  assert.ok(e instanceof MarginKitError, `not a MarginKitError: ${e}`);
  assert.equal(e.code, code, e.message);
  assert.equal(e.field, field, e.message);
  return true;
});

describe('mk.instrument', () => {
  it('names: every kind, with the documented contract, expiry at 08:00 UTC', () => {
    const expiry = Date.UTC(2026, 11, 27, 8);
    const rows = [
      ['BTC-27DEC26-100000-C', { kind: 'option', underlying: 'BTC', settlement: 'inverse', settlementAsset: 'BTC', type: 'call', strike: 100000, contract: { amount: 1, unit: 'BTC' } }],
      ['ETH_USDC-27DEC26-3500-P', { kind: 'option', underlying: 'ETH', settlement: 'linear', settlementAsset: 'USDC', type: 'put', strike: 3500, contract: { amount: 1, unit: 'ETH' } }],
      ['BTC-27DEC26', { kind: 'future', underlying: 'BTC', settlement: 'inverse', settlementAsset: 'BTC', contract: { amount: 1, unit: 'USD' } }],
      ['BTC_USDT-27DEC26', { kind: 'future', underlying: 'BTC', settlement: 'linear', settlementAsset: 'USDT', contract: { amount: 1, unit: 'BTC' } }],
      ['ETH-PERPETUAL', { kind: 'perpetual', underlying: 'ETH', settlement: 'inverse', settlementAsset: 'ETH', contract: { amount: 1, unit: 'USD' } }],
      ['ETH_USDC-PERPETUAL', { kind: 'perpetual', underlying: 'ETH', settlement: 'linear', settlementAsset: 'USDC', contract: { amount: 1, unit: 'ETH' } }],
      ['BTC_USDC', { kind: 'spot', underlying: 'BTC', settlement: 'linear', settlementAsset: 'USDC', contract: { amount: 1, unit: 'BTC' } }],
    ];
    for (const [name, expected] of rows) {
      const got = mk.instrument(name);
      assert.equal(got.name, name);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(got[key], value, `${name}.${key}`);
      if (expected.kind === 'option' || expected.kind === 'future') {
        assert.equal(got.expiryMs, expiry, name);
        assert.equal(got.expiry, new Date(expiry).toISOString(), name);
      } else {
        assert.equal(got.expiry, undefined, name);
      }
    }
  });

  it('one instrument, one name: spellings of a strike and fields give the canonical name', () => {
    for (const spelling of ['BTC-27DEC26-100000.0-C', 'BTC-27DEC26-0100000-C', 'BTC-27DEC26-100000.000-C']) {
      assert.equal(mk.instrument(spelling).name, 'BTC-27DEC26-100000-C');
    }
    assert.equal(mk.instrument('ETH-27DEC26-0.50-P').name, 'ETH-27DEC26-0.5-P');
    const byFields = mk.instrument({ kind: 'option', underlying: 'BTC', expiry: '27DEC26', type: 'call', strike: 100000 });
    assert.deepEqual(byFields, mk.instrument('BTC-27DEC26-100000-C'));
  });

  it('an expiry by fields keeps its exact time', () => {
    const at = '2026-12-27T16:30:00.123Z';
    const got = mk.instrument({ kind: 'future', underlying: 'ETH', settlement: 'linear', expiry: at });
    assert.equal(got.expiry, at);
    assert.equal(got.expiryMs, Date.parse(at));
    assert.equal(got.name, 'ETH_USDC-27DEC26');
  });

  it('bad instruments: a coded error naming the field', () => {
    rejects(() => mk.instrument('BTC-XX'), 'INVALID_INSTRUMENT', 'instrument');
    rejects(() => mk.instrument('BTC-27DEC26-100000000000000000000-C'), 'OUT_OF_RANGE', 'instrument');
    rejects(() => mk.instrument({ kind: 'future', underlying: 'BTC', expiry: '1999-12-27' }), 'INSTRUMENT_EXPIRED', 'instrument.expiry');
    rejects(() => mk.instrument({ kind: 'option', underlying: 'BTC', expiry: '27DEC26', type: 'call', strike: 1, strke: 2 }), 'UNSUPPORTED_FIELD', 'instrument.strke');
    rejects(() => mk.instrument({ kind: 'option', underlying: 'BTC', settlementAsset: 'USDC', expiry: '27DEC26', type: 'call', strike: 1 }), 'INVALID_ENUM', 'instrument.settlementAsset');
    rejects(() => mk.instrument(5), 'INVALID_TYPE', 'instrument');
    rejects(() => mk.instrument(), 'MISSING_FIELD', 'instrument');
    rejects(() => mk.instrument('BTC-27DEC26-1\uD800-C'), 'INVALID_JSON', 'instrument');
    // The engine answers as before after every error.
    assert.equal(mk.instrument('BTC-PERPETUAL').kind, 'perpetual');
  });
});
