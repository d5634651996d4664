// examples/wallet-extension's pre-trade gate in node, without a browser: gate.js judged on
// previews the engine computes (accepted and far from liquidation, rejected, accepted but close to
// liquidation, in liquidation after a risk-reducing order, isolated margin, the bundled sample),
// the threshold's edges, and the small pure modules around it (threshold.js, review.js,
// protocol.js, signature.js).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';
import { blockedByEngineError, gatePreview } from '../../examples/wallet-extension/gate.js';
import { refusedAnswer, parseSignRequest, SIGN_ORDER } from '../../examples/wallet-extension/protocol.js';
import { previewConfig, reviewSignRequest } from '../../examples/wallet-extension/review.js';
import { placeholderSignature } from '../../examples/wallet-extension/signature.js';
import {
  DEFAULT_THRESHOLD_PERCENT, THRESHOLD_STORAGE_KEY, checkThresholdPercent, parseThresholdText, thresholdFromStorage,
} from '../../examples/wallet-extension/threshold.js';
import * as format from '../../examples/wallet-extension/format.js';
import { MARKET, REQUESTS, onlyLiquidationLevel } from './support/wallet_orders.mjs';

let mk;
const preview = ({ account, market, order }, config) => mk.preview(account, market, order, config);

// The next double above a positive x.
function nextUp(x) {
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] += 1n;
  return new Float64Array(bits.buffer)[0];
}

before(async () => {
  mk = await createMarginKit();
});

describe('wallet gate: the orders are what the tests say (checked with the engine)', () => {
  it('safe: accepted, liquidation far below the index', () => {
    const p = preview(REQUESTS.safe);
    assert.equal(p.accepted, true);
    const level = onlyLiquidationLevel(p);
    assert.equal(level.direction, 'below');
    assert.ok(level.distancePercent < -40 && level.distancePercent > -60, String(level.distancePercent));
  });
  it('rejected: the engine does not accept it', () => {
    const p = preview(REQUESTS.rejected);
    assert.equal(p.accepted, false);
    assert.equal(p.rejectReason, 'WOULD_TRIGGER_LIQUIDATION');
  });
  it('nearLiquidation: accepted, liquidation between 5 % and 6 % below the index', () => {
    const p = preview(REQUESTS.nearLiquidation);
    assert.equal(p.accepted, true);
    assert.equal(p.after.status, 'healthy');
    const level = onlyLiquidationLevel(p);
    assert.equal(level.direction, 'below');
    assert.ok(level.distancePercent < -5 && level.distancePercent > -6, String(level.distancePercent));
  });
});

describe('wallet gate: decisions', () => {
  it('allows an accepted order far from liquidation', () => {
    assert.deepEqual(gatePreview(preview(REQUESTS.safe), DEFAULT_THRESHOLD_PERCENT), { allowed: true, reasons: [] });
  });

  it('blocks a rejected order with the engine reason and its message', () => {
    const p = preview(REQUESTS.rejected);
    const gate = gatePreview(p, DEFAULT_THRESHOLD_PERCENT);
    assert.equal(gate.allowed, false);
    // In liquidation after it: its levels are where it would leave liquidation, not reported.
    assert.deepEqual(gate.reasons.map((r) => r.code), ['ORDER_REJECTED']);
    assert.equal(gate.reasons[0].rejectReason, 'WOULD_TRIGGER_LIQUIDATION');
    const warning = p.warnings.find((w) => w.code === 'WOULD_TRIGGER_LIQUIDATION');
    assert.equal(gate.reasons[0].message, `marginkit rejects the order: ${warning.message}.`);
  });

  it('blocks an accepted order whose liquidation is within the threshold, naming the level', () => {
    const p = preview(REQUESTS.nearLiquidation);
    const level = onlyLiquidationLevel(p);
    const gate = gatePreview(p, 10);
    assert.equal(gate.allowed, false);
    assert.equal(gate.reasons.length, 1);
    const [reason] = gate.reasons;
    assert.deepEqual({ ...reason, message: undefined }, {
      code: 'LIQUIDATION_TOO_CLOSE', underlying: 'BTC', price: level.price,
      distancePercent: level.distancePercent, direction: 'below', thresholdPercent: 10, message: undefined,
    });
    assert.match(reason.message, /^BTC would be liquidated at 94,421\.04 USD, 5\.58 % below the index: closer than the 10 % you allow\.$/);
  });

  it('allows the same order under a tighter threshold', () => {
    assert.deepEqual(gatePreview(preview(REQUESTS.nearLiquidation), 5), { allowed: true, reasons: [] });
  });

  it('the threshold edge: a level exactly at it is allowed, one double inside is blocked', () => {
    const p = preview(REQUESTS.nearLiquidation);
    const distance = Math.abs(onlyLiquidationLevel(p).distancePercent);
    assert.equal(gatePreview(p, distance).allowed, true);
    assert.equal(gatePreview(p, nextUp(distance)).allowed, false);
  });

  it('agrees with the engine\'s LIQUIDATION_PRICE_WITHIN_X_PERCENT warning at the same threshold', () => {
    const distance = Math.abs(onlyLiquidationLevel(preview(REQUESTS.nearLiquidation)).distancePercent);
    for (const threshold of [1, 5, distance, nextUp(distance), 10, 100]) {
      const p = preview(REQUESTS.nearLiquidation, previewConfig(threshold));
      const warned = p.warnings.some((w) => w.code === 'LIQUIDATION_PRICE_WITHIN_X_PERCENT');
      const blocked = gatePreview(p, threshold).reasons.some((r) => r.code === 'LIQUIDATION_TOO_CLOSE');
      assert.equal(blocked, warned, `threshold ${threshold}`);
    }
  });

  it('at the largest threshold (100 %) any liquidation price below the index blocks; none at all is allowed', () => {
    assert.equal(gatePreview(preview(REQUESTS.safe), 100).allowed, false);
    const longCall = preview({
      account: { mode: 'cross', collateral: { USDC: 50000 } }, market: MARKET,
      order: { instrument: 'BTC_USDC-26DEC26-100000-C', side: 'buy', size: 1 },
    });
    assert.deepEqual(longCall.liquidationAfter.map((e) => e.liquidation), [[]]);
    assert.deepEqual(gatePreview(longCall, 100), { allowed: true, reasons: [] });
  });

  it('blocks an accepted risk-reducing order that leaves the account in liquidation', () => {
    const p = preview({
      account: { mode: 'cross', collateral: { USDC: 1000 }, positions: [{ instrument: 'BTC_USDC-PERPETUAL', size: 1, entryPrice: 100000 }] },
      market: MARKET,
      order: { instrument: 'BTC_USDC-PERPETUAL', side: 'sell', size: 0.1 },
    });
    assert.equal(p.accepted, true);
    assert.equal(p.after.status, 'liquidation');
    const gate = gatePreview(p, 1);
    assert.equal(gate.allowed, false);
    assert.deepEqual(gate.reasons.map((r) => r.code), ['IN_LIQUIDATION_AFTER']);
  });

  it('isolated margin: the reason names the position', () => {
    const p = preview({
      account: { mode: 'isolated', collateral: { USDC: 10000 } }, market: MARKET,
      order: { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 1, leverage: 20 },
    });
    assert.equal(p.accepted, true);
    const gate = gatePreview(p, DEFAULT_THRESHOLD_PERCENT);
    assert.deepEqual(gate.reasons.map((r) => [r.code, r.underlying, r.instrument]),
      [['LIQUIDATION_TOO_CLOSE', 'BTC', 'BTC_USDC-PERPETUAL']]);
    assert.match(gate.reasons[0].message, /^BTC_USDC-PERPETUAL would be liquidated at /);
  });

  it('the bundled sample order: BTC liquidation 9.89 % above the index, blocked at 10 %, allowed at 9.5 %', () => {
    const sample = JSON.parse(readFileSync(new URL('../../examples/sample-account.json', import.meta.url), 'utf8'));
    const p = preview(sample);
    const btc = p.liquidationAfter.find((e) => e.underlying === 'BTC').liquidation;
    assert.equal(btc.length, 1);
    assert.ok(btc[0].distancePercent > 9.5 && btc[0].distancePercent < 10);
    assert.deepEqual(gatePreview(p, 10).reasons.map((r) => [r.code, r.underlying, r.direction]),
      [['LIQUIDATION_TOO_CLOSE', 'BTC', 'above']]);
    assert.equal(gatePreview(p, 9.5).allowed, true);
  });

  it('refuses a threshold outside (0, 100] or not a number', () => {
    const p = preview(REQUESTS.safe);
    for (const bad of [0, -1, 100.000001, Number.NaN, Infinity, '10', null, undefined]) {
      assert.throws(() => gatePreview(p, bad), /liquidation threshold/, String(bad));
    }
    assert.equal(gatePreview(p, Number.MIN_VALUE).allowed, true);
  });

  it('refuses to judge a preview computed without liquidation levels', () => {
    const p = preview(REQUESTS.nearLiquidation, { liquidationLevels: false });
    assert.deepEqual(p.liquidationAfter, []);
    assert.throws(() => gatePreview(p, 10), /no liquidation levels for BTC/);
    assert.throws(() => gatePreview({}, 10), /needs a marginkit preview/);
  });

  it('an engine error blocks, with its code and field', () => {
    assert.deepEqual(blockedByEngineError({ code: 'NON_POSITIVE', field: 'orders[0].size', message: 'm' }), {
      allowed: false, reasons: [{ code: 'ENGINE_ERROR', engineCode: 'NON_POSITIVE', field: 'orders[0].size', message: 'm' }],
    });
  });
});

describe('wallet gate: review.js (engine + gate, as the service worker runs them)', () => {
  it('passes the threshold to the engine and gates its preview', () => {
    const review = reviewSignRequest(mk, REQUESTS.nearLiquidation, 7);
    assert.deepEqual(review.preview, preview(REQUESTS.nearLiquidation, { liquidationWarningPercent: 7 }));
    assert.equal(review.thresholdPercent, 7);
    assert.equal(review.error, null);
    assert.deepEqual(review.gate.reasons.map((r) => r.code), ['LIQUIDATION_TOO_CLOSE']);
  });

  it('turns the engine\'s refusal of the input into a blocked review showing the field', () => {
    const review = reviewSignRequest(mk, REQUESTS.badInput, 10);
    assert.equal(review.preview, null);
    assert.deepEqual({ code: review.error.code, field: review.error.field }, { code: 'NON_POSITIVE', field: 'orders[0].size' });
    assert.equal(review.gate.allowed, false);
    assert.deepEqual(review.gate.reasons, [{ code: 'ENGINE_ERROR', engineCode: 'NON_POSITIVE', field: 'orders[0].size', message: review.error.message }]);
  });

  it('does not hide an error that is not marginkit\'s', () => {
    const broken = { preview() { throw new TypeError('a bug'); } };
    assert.throws(() => reviewSignRequest(broken, REQUESTS.safe, 10), TypeError);
  });
});

describe('wallet gate: threshold.js', () => {
  it('reads typed text strictly', () => {
    assert.deepEqual(parseThresholdText(' 7.5 '), { ok: true, value: 7.5 });
    assert.deepEqual(parseThresholdText('100'), { ok: true, value: 100 });
    assert.deepEqual(parseThresholdText('.5'), { ok: true, value: 0.5 });
    for (const bad of ['', '0', '0.0', '100.01', '150', '-5', '+5', '1e1', '0x10', 'abc', '10 %', 'Infinity']) {
      assert.equal(parseThresholdText(bad).ok, false, bad);
      assert.match(parseThresholdText(bad).message, /\S/);
    }
  });

  it('the stored setting: default when absent, an invalid stored value throws', () => {
    assert.equal(thresholdFromStorage({}), 10);
    assert.equal(thresholdFromStorage({ [THRESHOLD_STORAGE_KEY]: 2.5 }), 2.5);
    assert.throws(() => thresholdFromStorage({ [THRESHOLD_STORAGE_KEY]: '5' }), TypeError);
    assert.throws(() => thresholdFromStorage({ [THRESHOLD_STORAGE_KEY]: 0 }), RangeError);
    assert.equal(checkThresholdPercent(100), 100);
  });
});

describe('wallet gate: protocol.js and signature.js', () => {
  it('parses a sign request and refuses a malformed envelope', () => {
    const { account, market, order } = REQUESTS.safe;
    assert.deepEqual(parseSignRequest({ type: SIGN_ORDER, order, market, account }), { account, market, order });
    assert.throws(() => parseSignRequest(null), /object/);
    assert.throws(() => parseSignRequest({ type: 'other', account, market, order }), /unknown message type/);
    assert.throws(() => parseSignRequest({ type: SIGN_ORDER, account, order }), /no "market"/);
    assert.throws(() => parseSignRequest({ type: SIGN_ORDER, account, market, order, config: {} }), /unknown key "config"/);
  });

  it('a refusal says "blocked" with the gate\'s reasons, or "rejected" by the user', () => {
    assert.deepEqual(refusedAnswer('id', { allowed: true, reasons: [] }), { status: 'rejected', requestId: 'id', reason: 'USER_REJECTED' });
    const reasons = [{ code: 'LIQUIDATION_TOO_CLOSE', message: 'm' }];
    assert.deepEqual(refusedAnswer('id', { allowed: false, reasons }),
      { status: 'blocked', requestId: 'id', reason: 'LIQUIDATION_TOO_CLOSE', reasons });
  });

  it('the placeholder signature is the SHA-256 of the request', async () => {
    const request = parseSignRequest({ type: SIGN_ORDER, ...REQUESTS.safe });
    const hex = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    assert.equal(await placeholderSignature(request), `placeholder-signature:${hex}`);
  });
});

describe('wallet gate: format.js', () => {
  it('amounts and distances that round to zero show no minus sign', () => {
    assert.equal(format.usd(-0.004), '0.00 USD');
    assert.equal(format.usd(-0), '0.00 USD');
    assert.equal(format.usd(-1234.5), '-1,234.50 USD');
    assert.equal(format.signedPercent(-0.001), '0.00 %');
    assert.equal(format.signedPercent(-9.891), '-9.89 %');
    assert.equal(format.signedPercent(9.891), '+9.89 %');
  });
});
