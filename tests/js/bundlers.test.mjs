// The packed package in a consumer's app, built by the three bundlers users reach for, run in a
// real Chromium: examples/vite-app (copied to build/consumer/apps/vite-app, with the `npm pack`ed
// package in its node_modules/marginkit) prices one option on the main thread and in a module Web
// Worker. Built and served by `vite build` + `vite preview`, by `vite` (dev server),
// by webpack 5 and by esbuild; each page must load without a failed request or console error, and
// both of its results must equal node's, bit for bit.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';
import { OPTION } from '../../examples/vite-app/src/option.js';
import { launchChromium, runPage } from './support/chromium.mjs';
import { copyExampleAppWithPackage, repoRoot } from './support/consumer.mjs';
import { startStaticServer } from './support/static-server.mjs';

const TOOLS = {
  vite: join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
  webpack: join(repoRoot, 'node_modules', 'webpack-cli', 'bin', 'cli.js'),
};
const BUILD_TIMEOUT_MS = 60_000;
const SERVER_START_TIMEOUT_MS = 30_000;
const PAGE_TIMEOUT_MS = 30_000;
// Colour off, so that logs and the printed server URL are plain text.
const TOOL_ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

// Runs `node <script> ...args` in `cwd` to completion (or kills it after BUILD_TIMEOUT_MS).
function runNode(cwd, args) {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: TOOL_ENV, timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({
        code: error ? (error.code ?? error.signal ?? 'error') : 0,
        log: stripAnsi(`${stdout}\n${stderr}`),
      }));
  });
}

// Starts a long-running `node <script> ...args` (a Vite server), waits until its output shows
// an http:// URL, and returns { url, log, stop }. stop() kills that process by its pid.
async function startNodeServer(cwd, args) {
  const child = spawn(process.execPath, args, { cwd, env: TOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no server URL after ${SERVER_START_TIMEOUT_MS} ms:\n${log}`)),
        SERVER_START_TIMEOUT_MS);
      const onData = (chunk) => {
        log += stripAnsi(String(chunk));
        const match = log.match(/Local:\s+(http:\/\/\S+)/);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code ?? signal}) before printing its URL:\n${log}`));
      });
    });
    return { url, log: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// What a build log says when a browser bundle reaches for a node built-in: webpack 5 "Can't
// resolve 'fs'" (+ "BREAKING CHANGE: ... polyfills for node.js core modules"), esbuild 'Could not
// resolve "fs"' ("... is built into node"), Vite 'Module "fs" has been externalized for browser
// compatibility'. Any quoted built-in name in a log counts.
const NODE_BUILTIN_PROBLEM = /["'](node:)?(fs|fs\/promises|path|module|url|os|crypto|worker_threads|child_process)["']|externalized for browser compatibility|built into node|polyfills? for node/i;

describe('marginkit in bundled browser apps (examples/vite-app)', { timeout: 170_000 }, () => {
  let app;
  let browser;
  let expected;

  before(async () => {
    app = copyExampleAppWithPackage('vite-app');
    browser = await launchChromium();
    const mk = await createMarginKit();
    expected = mk.price(OPTION);
  });

  after(async () => {
    await browser?.close();
  });

  // Loads the page and checks what every bundler's page must show.
  async function checkPage(url) {
    const { result, failedRequests, consoleErrors, pageErrors } = await runPage(browser, url, { timeoutMs: PAGE_TIMEOUT_MS });
    assert.equal(result.error, undefined, `the page reported: ${result.error}`);
    assert.deepEqual(failedRequests, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(result.main, expected, 'main thread result differs from node');
    assert.deepEqual(result.worker, expected, 'Web Worker result differs from node');
  }

  // Fetches url from node: 200 and application/wasm (which browsers need to compile while it downloads).
  async function assertServesWasm(url) {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    assert.equal(response.status, 200, `${url}: HTTP ${response.status}`);
    assert.match(response.headers.get('content-type') ?? '', /^application\/wasm/, url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.deepEqual(Array.from(bytes.subarray(0, 4)), [0x00, 0x61, 0x73, 0x6d], `${url} is not a wasm module`);
  }

  it('vite build + vite preview: the .wasm is an emitted asset, in the page and in the worker', async () => {
    rmSync(join(app, 'dist'), { recursive: true, force: true });
    const built = await runNode(app, [TOOLS.vite, 'build']);
    assert.equal(built.code, 0, built.log);
    assert.doesNotMatch(built.log, /\(!\)|warn|error/i, built.log);
    assert.doesNotMatch(built.log, NODE_BUILTIN_PROBLEM, built.log);
    const assets = readdirSync(join(app, 'dist', 'assets'));
    const wasm = assets.filter((name) => name.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `one .wasm asset expected, got ${assets.join(', ')}`);

    const server = await startNodeServer(app, [TOOLS.vite, 'preview', '--host', '127.0.0.1', '--port', '0', '--strictPort']);
    try {
      await assertServesWasm(new URL(`assets/${wasm[0]}`, server.url));
      await checkPage(server.url);
    } finally {
      await server.stop();
    }
  });

  it('vite dev server: the pre-bundled package still finds its .wasm in node_modules (no optimizeDeps.exclude)', async () => {
    const server = await startNodeServer(app, [TOOLS.vite, '--host', '127.0.0.1', '--port', '0', '--strictPort']);
    try {
      await checkPage(server.url);
    } finally {
      await server.stop();
    }
  });

  it('webpack 5: no node built-in is needed, the .wasm and the worker are emitted', async () => {
    const built = await runNode(app, [TOOLS.webpack, '--config', 'webpack.config.cjs']);
    assert.equal(built.code, 0, built.log);
    assert.doesNotMatch(built.log, /\bWARNING\b|\bERROR\b/, built.log);
    assert.doesNotMatch(built.log, NODE_BUILTIN_PROBLEM, built.log);
    const out = join(app, 'dist-webpack');
    assert.equal(readdirSync(out).filter((name) => name.endsWith('.wasm')).length, 1, readdirSync(out).join(', '));

    const server = await startStaticServer({ mounts: { '/': out } });
    try {
      await checkPage(`${server.origin}/`);
      const wasmRequests = server.requests.filter((r) => r.path.endsWith('.wasm'));
      assert.ok(wasmRequests.length >= 2, `main thread and worker each fetch the .wasm: ${JSON.stringify(server.requests)}`);
      assert.deepEqual(server.requests.filter((r) => r.status !== 200), []);
    } finally {
      await server.close();
    }
  });

  it('esbuild: worker as a second entry point, the .wasm copied beside the bundles', async () => {
    const built = await runNode(app, ['build-esbuild.mjs']);
    assert.equal(built.code, 0, built.log);
    assert.doesNotMatch(built.log, /\[WARNING\]|\[ERROR\]|✘|▲/, built.log);
    assert.doesNotMatch(built.log, NODE_BUILTIN_PROBLEM, built.log);
    const out = join(app, 'dist-esbuild');

    const server = await startStaticServer({ mounts: { '/': out } });
    try {
      await checkPage(`${server.origin}/`);
      const wasmRequests = server.requests.filter((r) => r.path === '/marginkit.wasm');
      assert.ok(wasmRequests.length >= 2, `main thread and worker each fetch the .wasm: ${JSON.stringify(server.requests)}`);
      assert.deepEqual(server.requests.filter((r) => r.status !== 200), []);
    } finally {
      await server.close();
    }
  });
});
