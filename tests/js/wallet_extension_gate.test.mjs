// examples/wallet-extension as a pre-trade gate, in headless Chromium: a dApp page (the example's
// demo-dapp, served on http://127.0.0.1) asks the wallet to sign an order; the service worker
// opens the confirmation window, whose figures must be node's mk.preview of the same request, and
// whose Sign button must be enabled only when gate.js allows the order. The threshold is changed
// in the options page and the open window follows; the dApp must receive the right answer for
// Sign, Reject and a closed window; no CSP violation, console error or uncaught error anywhere.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';
import * as format from '../../examples/wallet-extension/format.js';
import { gatePreview } from '../../examples/wallet-extension/gate.js';
import { previewConfig } from '../../examples/wallet-extension/review.js';
import { startStaticServer } from './support/static-server.mjs';
import { REQUESTS } from './support/wallet_orders.mjs';
import { WAIT_MS, launchExtension, prepareExtension, withTimeout } from './support/wallet_extension.mjs';

const MONEY_ROWS = ['equityUsd', 'initialMarginUsd', 'maintenanceMarginUsd', 'availableMarginUsd'];

describe('wallet extension: pre-trade gate in Chromium (MV3, strict CSP)', { timeout: 180000 }, () => {
  let mk;
  let extension;
  let server;
  let dapp;
  const cspViolations = [];

  before(async () => {
    mk = await createMarginKit();
    const dir = prepareExtension();
    extension = await launchExtension(dir);
    server = await startStaticServer({ mounts: { '/': join(dir, 'demo-dapp') } });
    dapp = await extension.context.newPage();
    await dapp.goto(`${server.origin}/?wallet=${extension.extensionId}`, { timeout: WAIT_MS });
    await dapp.waitForFunction(() => typeof window.requestSignature === 'function', null, { timeout: WAIT_MS });
  });

  after(async () => {
    await extension?.close();
    await server?.close();
  });

  // The dApp asks; returns the pending answer and the confirmation window, drawn once.
  async function askWallet(request) {
    const opened = extension.context.waitForEvent('page', {
      predicate: (page) => page.url().startsWith(`chrome-extension://${extension.extensionId}/confirm.html?request=`),
      timeout: WAIT_MS,
    });
    const answer = dapp.evaluate(([id, r]) => window.requestSignature(id, r), [extension.extensionId, request]);
    answer.catch(() => {}); // awaited by the test; this only keeps an early failure from being unhandled
    const confirm = await opened;
    await waitForRenders(confirm, 1);
    return { answer, confirm };
  }

  function waitForRenders(page, count) {
    return page.waitForFunction((n) => Number(document.body.dataset.renders ?? 0) >= n, count, { timeout: WAIT_MS });
  }

  const shown = (page, field) => page.textContent(`[data-field="${field}"]`);

  async function collectCsp(page) {
    cspViolations.push(...(await page.evaluate(() => window.__cspViolations ?? [])));
  }

  // Every figure of the window against node's preview of the same request and threshold.
  async function checkFigures(confirm, request, thresholdPercent) {
    const expected = mk.preview(request.account, request.market, request.order, previewConfig(thresholdPercent));
    const review = await confirm.evaluate(() => window.__walletReview);
    assert.deepEqual(review.preview, expected, 'the preview the service worker made');
    assert.equal(review.thresholdPercent, thresholdPercent);
    for (const side of ['before', 'after']) {
      assert.equal(await shown(confirm, `${side}.status`), expected[side].status);
      for (const key of MONEY_ROWS) assert.equal(await shown(confirm, `${side}.${key}`), format.usd(expected[side][key]), `${side}.${key}`);
      assert.equal(await shown(confirm, `${side}.marginRatio`), format.ratio(expected[side].marginRatio));
    }
    assert.equal(await shown(confirm, 'maxSize'), format.size(expected.maxSize));
    for (const [i, entry] of expected.liquidationAfter.entries()) {
      for (const [j, level] of entry.liquidation.entries()) {
        assert.equal(await shown(confirm, `liquidationAfter.${i}.liquidation.${j}`), format.level(level));
      }
    }
    const warnings = await confirm.$$eval('#warnings li', (items) => items.map((li) => li.textContent));
    assert.deepEqual(warnings, expected.warnings.map((w) => `${w.code}: ${w.message}`));
    assert.equal(await shown(confirm, 'thresholdPercent'), `${thresholdPercent} %`);
    return expected;
  }

  async function shownReasons(confirm) {
    return confirm.$$eval('#reasons li', (items) => items.map((li) => ({ code: li.dataset.code, text: li.textContent })));
  }

  async function decide(confirm, button) {
    await collectCsp(confirm);
    const closed = confirm.waitForEvent('close', { timeout: WAIT_MS });
    await confirm.click(button);
    await closed; // the service worker closes the window once it has answered
  }

  const signatureOf = ({ account, market, order }) =>
    `placeholder-signature:${createHash('sha256').update(JSON.stringify({ account, market, order })).digest('hex')}`;

  async function setThreshold(text) {
    const options = await extension.context.newPage();
    try {
      await options.goto(`chrome-extension://${extension.extensionId}/options.html`, { timeout: WAIT_MS });
      await options.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: WAIT_MS });
      await options.fill('#threshold', text);
      await options.click('#save');
      await options.waitForFunction(() => document.getElementById('status').textContent !== '', null, { timeout: WAIT_MS });
      const result = {
        status: await options.textContent('#status'),
        isError: await options.evaluate(() => document.getElementById('status').classList.contains('error')),
        stored: await options.evaluate(() => chrome.storage.local.get(null)),
      };
      await collectCsp(options);
      return result;
    } finally {
      await options.close();
    }
  }

  it('a safe order: every figure is node\'s, Sign is enabled, and the dApp receives the signature', async () => {
    const { answer, confirm } = await askWallet(REQUESTS.safe);
    await checkFigures(confirm, REQUESTS.safe, 10);
    assert.equal(await confirm.isEnabled('#sign'), true);
    assert.deepEqual(await shownReasons(confirm), []);
    assert.match(await confirm.textContent('#origin'), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await confirm.textContent('#order'), 'buy 1 BTC_USDC-PERPETUAL');
    const requestId = new URL(confirm.url()).searchParams.get('request');
    await decide(confirm, '#sign');
    assert.deepEqual(await withTimeout(answer, WAIT_MS, 'dApp answer'),
      { status: 'signed', requestId, signature: signatureOf(REQUESTS.safe) });
  });

  it('a safe order the user rejects: USER_REJECTED', async () => {
    const { answer, confirm } = await askWallet(REQUESTS.safe);
    const requestId = new URL(confirm.url()).searchParams.get('request');
    await decide(confirm, '#reject');
    assert.deepEqual(await withTimeout(answer, WAIT_MS, 'dApp answer'), { status: 'rejected', requestId, reason: 'USER_REJECTED' });
  });

  it('an order the engine rejects: Sign disabled with the engine\'s reason; Reject answers "blocked"', async () => {
    const { answer, confirm } = await askWallet(REQUESTS.rejected);
    const expected = await checkFigures(confirm, REQUESTS.rejected, 10);
    assert.equal(expected.accepted, false);
    assert.equal(await confirm.isDisabled('#sign'), true);
    const gate = gatePreview(expected, 10);
    assert.deepEqual(await shownReasons(confirm), gate.reasons.map((r) => ({ code: r.code, text: r.message })));
    assert.deepEqual(gate.reasons.map((r) => r.rejectReason), ['WOULD_TRIGGER_LIQUIDATION']);
    const requestId = new URL(confirm.url()).searchParams.get('request');
    await decide(confirm, '#reject');
    assert.deepEqual(await withTimeout(answer, WAIT_MS, 'dApp answer'),
      { status: 'blocked', requestId, reason: 'ORDER_REJECTED', reasons: gate.reasons });
  });

  it('an order near liquidation: blocked at 10 %, even when asked directly; the options page refuses bad thresholds; at 5 % it signs', async () => {
    const { answer, confirm } = await askWallet(REQUESTS.nearLiquidation);
    const expected = await checkFigures(confirm, REQUESTS.nearLiquidation, 10);
    assert.equal(await confirm.isDisabled('#sign'), true);
    const reasons = await shownReasons(confirm);
    assert.deepEqual(reasons, gatePreview(expected, 10).reasons.map((r) => ({ code: r.code, text: r.message })));
    assert.deepEqual(reasons.map((r) => r.code), ['LIQUIDATION_TOO_CLOSE']);
    const requestId = new URL(confirm.url()).searchParams.get('request');

    // The disabled button is only a display: the service worker refuses to sign on its own.
    const forced = await confirm.evaluate((id) => chrome.runtime.sendMessage(
      { type: 'marginkit-wallet:decide', requestId: id, decision: 'sign' }), requestId);
    assert.equal(forced.ok, true);
    assert.equal(forced.signed, false);
    assert.deepEqual(forced.review.gate, gatePreview(expected, 10));

    // Invalid thresholds are refused and not stored.
    for (const text of ['0', '150', 'abc', '1e1', '']) {
      const result = await setThreshold(text);
      assert.equal(result.isError, true, text);
      assert.deepEqual(result.stored, {}, text);
    }
    assert.equal(await confirm.evaluate(() => document.body.dataset.renders), '1', 'nothing saved, nothing redrawn');

    // 5 %: the liquidation price (5.58 % below) is no longer within it; the window follows.
    const saved = await setThreshold('5');
    assert.deepEqual(saved, { status: 'Saved: signing is blocked within 5 % of the index.', isError: false, stored: { liquidationThresholdPercent: 5 } });
    await waitForRenders(confirm, 2);
    await checkFigures(confirm, REQUESTS.nearLiquidation, 5);
    assert.equal(await confirm.isEnabled('#sign'), true);
    assert.deepEqual(await shownReasons(confirm), []);
    await decide(confirm, '#sign');
    assert.deepEqual(await withTimeout(answer, WAIT_MS, 'dApp answer'),
      { status: 'signed', requestId, signature: signatureOf(REQUESTS.nearLiquidation) });

    // Back to the default for the tests that follow; now the window must block again.
    assert.equal((await setThreshold('10')).isError, false);
  });

  it('a threshold raised while the window is open blocks an order it allowed', async () => {
    const { answer, confirm } = await askWallet(REQUESTS.safe);
    assert.equal(await confirm.isEnabled('#sign'), true);
    assert.equal((await setThreshold('100')).isError, false); // the safe order's level is 49 % below
    await waitForRenders(confirm, 2);
    const expected = await checkFigures(confirm, REQUESTS.safe, 100);
    assert.equal(await confirm.isDisabled('#sign'), true);
    assert.deepEqual((await shownReasons(confirm)).map((r) => r.code), ['LIQUIDATION_TOO_CLOSE']);
    const requestId = new URL(confirm.url()).searchParams.get('request');
    await decide(confirm, '#reject');
    assert.deepEqual(await withTimeout(answer, WAIT_MS, 'dApp answer'),
      { status: 'blocked', requestId, reason: 'LIQUIDATION_TOO_CLOSE', reasons: gatePreview(expected, 100).reasons });
    assert.equal((await setThreshold('10')).isError, false);
  });

  it('a stored threshold that is not valid blocks signing (never read as a default), and the options page says so', async () => {
    const options = await extension.context.newPage();
    await options.goto(`chrome-extension://${extension.extensionId}/options.html`, { timeout: WAIT_MS });
    await options.evaluate(() => chrome.storage.local.set({ liquidationThresholdPercent: '5' }));
    const { answer, confirm } = await askWallet(REQUESTS.safe);
    assert.equal(await confirm.isDisabled('#sign'), true);
    const reasons = await shownReasons(confirm);
    assert.deepEqual(reasons.map((r) => r.code), ['INVALID_THRESHOLD']);
    assert.match(reasons[0].text, /^Fix the threshold in the options page: the liquidation threshold must be a finite number of percent, got the string "5"\.$/);
    assert.equal(await shown(confirm, 'thresholdPercent'), '(invalid setting)');
    await options.reload();
    await options.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: WAIT_MS });
    assert.match(await options.textContent('#status'), /^The saved threshold is not valid/);
    await collectCsp(options);
    await options.close();
    const requestId = new URL(confirm.url()).searchParams.get('request');
    await decide(confirm, '#reject');
    const got = await withTimeout(answer, WAIT_MS, 'dApp answer');
    assert.deepEqual([got.status, got.requestId, got.reason], ['blocked', requestId, 'INVALID_THRESHOLD']);
    assert.equal((await setThreshold('10')).isError, false);
  });

  it('input the engine refuses: Sign disabled, the error shown with its field', async () => {
    const { answer, confirm } = await askWallet(REQUESTS.badInput);
    assert.equal(await confirm.isDisabled('#sign'), true);
    assert.equal(await confirm.isHidden('#details'), true);
    const [reason, ...more] = await shownReasons(confirm);
    assert.deepEqual(more, []);
    assert.equal(reason.code, 'ENGINE_ERROR');
    assert.match(reason.text, /orders\[0\]\.size must be > 0, got -1 \(field orders\[0\]\.size, NON_POSITIVE\)$/);
    const requestId = new URL(confirm.url()).searchParams.get('request');
    await decide(confirm, '#reject');
    const got = await withTimeout(answer, WAIT_MS, 'dApp answer');
    assert.deepEqual({ ...got, reasons: undefined }, { status: 'blocked', requestId, reason: 'ENGINE_ERROR', reasons: undefined });
    assert.deepEqual(got.reasons.map((r) => [r.code, r.engineCode, r.field]), [['ENGINE_ERROR', 'NON_POSITIVE', 'orders[0].size']]);
  });

  it('closing the window answers as Reject', async () => {
    const { answer, confirm } = await askWallet(REQUESTS.safe);
    const requestId = new URL(confirm.url()).searchParams.get('request');
    await collectCsp(confirm);
    await confirm.close();
    assert.deepEqual(await withTimeout(answer, WAIT_MS, 'dApp answer'), { status: 'rejected', requestId, reason: 'USER_REJECTED' });
  });

  it('a malformed request is answered at once, without a window', async () => {
    const pagesBefore = extension.context.pages().length;
    const got = await withTimeout(dapp.evaluate((id) => new Promise((resolve) => {
      chrome.runtime.sendMessage(id, { type: 'marginkit-wallet:sign-order', account: {} }, resolve);
    }), extension.extensionId), WAIT_MS, 'dApp answer');
    assert.deepEqual(got, { status: 'error', reason: 'BAD_REQUEST', message: 'the sign request has no "market"' });
    assert.equal(extension.context.pages().length, pagesBefore);
  });

  it('no CSP violation, console error or uncaught error in any page or the service worker', async () => {
    await collectCsp(dapp);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(extension.pageErrors, []);
    assert.deepEqual(extension.consoleErrors, []);
  });
});
