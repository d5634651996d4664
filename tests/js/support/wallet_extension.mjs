// examples/wallet-extension as a user installs it, for the Chromium tests: the packed package is
// copied into the extension (copy-marginkit.mjs, as a user runs it after npm install) and the
// unpacked MV3 extension is loaded into headless Chromium, with every console error, uncaught
// error and CSP violation of its pages and service worker recorded. Every wait has a timeout (a
// hang guard: a glue blocked by CSP never settles its promise).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { copyExampleApp, installPackedPackage } from './consumer.mjs';

export const WAIT_MS = 20000;

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Returns the path of a fresh copy of the extension with vendor/ filled from the packed package.
export function prepareExtension() {
  const installed = installPackedPackage();
  const dir = copyExampleApp('wallet-extension');
  // The copy resolves marginkit from the copy's folder upwards: build/consumer/node_modules.
  const output = execFileSync(process.execPath, ['copy-marginkit.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.match(output, new RegExp(`${join(installed, 'dist').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    'vendor/ must come from the packed package');
  for (const file of ['marginkit.mjs', 'marginkit.wasm']) {
    assert.deepEqual(readFileSync(join(dir, 'vendor', file)), readFileSync(join(installed, 'dist', file)));
  }
  return dir;
}

// Launches Chromium with the extension in `dir`. Returns { context, worker, extensionId,
// consoleErrors, pageErrors, close }; pages report CSP violations in window.__cspViolations.
export async function launchExtension(dir) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'marginkit-ext-'));
  const consoleErrors = [];
  const pageErrors = [];
  let context;
  const close = async () => {
    await context?.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    context = await withTimeout(chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
    }), WAIT_MS, 'launching Chromium');
    // The context's console event covers the extension's pages and its service worker (including
    // messages logged before the test attaches to the worker).
    context.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.location()?.url ?? ''}: ${message.text()}`);
    });
    context.on('weberror', (error) => pageErrors.push(String(error.error())));
    // Record CSP violations in every page before its own scripts run.
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline/eval)'}`);
      });
    });
    let [worker] = context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://'));
    worker ??= await context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith('chrome-extension://'),
      timeout: WAIT_MS,
    });
    const extensionId = new URL(worker.url()).host;
    return { context, worker, extensionId, consoleErrors, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}
