// examples/wallet-extension in its real home: the packed package is copied into the extension
// (copy-marginkit.mjs, as a user runs it after npm install), the unpacked MV3 extension is loaded
// into headless Chromium, and both its module service worker and its popup must price the option
// exactly as node does, under the extension CSP "script-src 'self' 'wasm-unsafe-eval'", with no
// CSP violation and no console error. Every wait has a timeout: a glue blocked by CSP never
// settles its promise.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMarginKit } from 'marginkit';
import { WAIT_MS, launchExtension, prepareExtension, withTimeout } from './support/wallet_extension.mjs';

const OPTION = { type: 'call', model: 'black76', underlying: 50000, strike: 50000, t: 0.25, vol: 0.6 };

test('example wallet extension: manifest CSP is strict', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../examples/wallet-extension/manifest.json', import.meta.url), 'utf8'));
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.content_security_policy,
    { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" });
  assert.deepEqual(manifest.background, { service_worker: 'background.js', type: 'module' });
  const gitignore = readFileSync(new URL('../../examples/wallet-extension/.gitignore', import.meta.url), 'utf8');
  assert.match(gitignore, /^vendor\/$/m);
});

test('example wallet extension: service worker and popup price like node (MV3, strict CSP)', { timeout: 120000 }, async () => {
  const expected = { ...(await createMarginKit()).price(OPTION) };
  const dir = prepareExtension();
  assert.ok(existsSync(join(dir, 'vendor', 'marginkit.wasm')));

  const { worker, context, extensionId, consoleErrors, pageErrors, close } = await launchExtension(dir);
  try {
    assert.equal(new URL(worker.url()).pathname, '/background.js');
    assert.match(extensionId, /^[a-p]{32}$/);

    // The engine runs in the service worker itself.
    const inWorker = await withTimeout(
      worker.evaluate(async () => ({ ...(await globalThis.marginkitPrice()) })),
      WAIT_MS, 'pricing in the service worker');
    assert.deepEqual(inWorker, expected);

    // The popup prices in the page and asks the service worker (chrome.runtime messaging).
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`popup: ${error}`));
    await page.goto(`chrome-extension://${extensionId}/popup.html`, { timeout: WAIT_MS });
    await page.waitForFunction(() => window.__marginkitResult !== undefined, null, { timeout: WAIT_MS });
    const { popup, serviceWorker } = await page.evaluate(() => window.__marginkitResult);
    assert.deepEqual(popup, expected, 'popup');
    assert.deepEqual(serviceWorker, expected, 'service worker via chrome.runtime.sendMessage');
    assert.match(await page.textContent('#popup'), /^5961\.77 USD/);
    assert.match(await page.textContent('#service-worker'), /^5961\.77 USD/);

    const cspViolations = await page.evaluate(() => window.__cspViolations);
    assert.deepEqual(cspViolations, [], 'CSP violations in the popup');
    assert.deepEqual(pageErrors, [], 'uncaught errors');
    assert.deepEqual(consoleErrors, [], 'console errors');
  } finally {
    await close();
  }
});
