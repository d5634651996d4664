// The browser build (dist/marginkit.mjs) in a real Chromium, driven by playwright-core: a page
// imports it from a same-origin server, which fetches dist/marginkit.wasm next to it
// (application/wasm, streaming compilation), and gets the same numbers as node. Then again under
// a strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval': no eval, no inline
// script), with zero violations; a control page without 'wasm-unsafe-eval' shows that the policy
// and the violation counter are live.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMarginKit } from 'marginkit';
import { launchChromium } from './support/chromium.mjs';
import { SAMPLE_OPTION } from './support/reference.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = join(repoRoot, 'dist');
const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'";
const NO_WASM_CSP = "script-src 'self'";
const IV_INPUT = { type: 'put', model: 'bsm', underlying: 3000, strike: 2800, t: 0.3, rate: 0.04, carry: 0.01, price: 150 };
const BATCH = { type: [1, -1, 1], underlying: 3000, strike: [2800, 3000, 3300], t: 0.3, vol: 0.7, rate: 0.04 };

// What every test page runs (as a module): price, impliedVol, a batch, an error; then it
// reports (window.__marginkitResult, which the test waits for) once the violations of that work
// have been dispatched. A securitypolicyviolation event is fired from a task queued when the
// violation happens (a violation in the page's last statement is missed by a report made at
// once or after a microtask), so the report waits for a rendering frame and then a task, rather
// than for a fixed time. The listener (LISTENER) is registered before any of this runs.
const PAGE_MODULE = `
import { createMarginKit, MarginKitError } from '/dist/marginkit.mjs';
const violationsDispatched = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const report = async (result) => {
  await violationsDispatched();
  window.__marginkitResult = { ...result, violations: (window.__violations || []).slice() };
};
try {
  const mk = await createMarginKit();
  const again = await createMarginKit();
  let error;
  try { mk.price({ ...${JSON.stringify(SAMPLE_OPTION)}, vol: 'high' }); }
  catch (e) { error = { isMarginKitError: e instanceof MarginKitError, code: e.code, field: e.field }; }
  const batch = mk.priceBatch(${JSON.stringify(BATCH)});
  const result = {
    sameEngine: mk === again,
    version: mk.version,
    errorCodes: mk.errorCodes,
    greeks: mk.price(${JSON.stringify(SAMPLE_OPTION)}),
    impliedVol: mk.impliedVol(${JSON.stringify(IV_INPUT)}),
    batch: Object.fromEntries(Object.entries(batch).map(([k, v]) => [k, Array.from(v)])),
    error,
  };
  await report(result);
} catch (e) {
  await report({ loadError: String(e && e.message || e), loadErrorName: e && e.name });
}
`;
const LISTENER = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI);
});
`;
const page = (scripts) => `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>marginkit</title></head>
<body>${scripts}</body></html>
`;

const ROUTES = {
  // No policy: inline module script.
  '/index.html': { type: 'text/html; charset=utf-8', body: page(`<script>${LISTENER}</script><script type="module">${PAGE_MODULE}</script>`) },
  // Strict policy: only same-origin external scripts, wasm compilation allowed.
  '/csp.html': { type: 'text/html; charset=utf-8', csp: STRICT_CSP,
    body: page('<script src="/listener.js"></script><script type="module" src="/main.js"></script>') },
  // Control: the same page without 'wasm-unsafe-eval' must be refused wasm compilation.
  '/csp-no-wasm.html': { type: 'text/html; charset=utf-8', csp: NO_WASM_CSP,
    body: page('<script src="/listener.js"></script><script type="module" src="/main.js"></script>') },
  '/listener.js': { type: 'text/javascript; charset=utf-8', body: LISTENER },
  '/main.js': { type: 'text/javascript; charset=utf-8', body: PAGE_MODULE },
};
const MIME = { '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };

function startServer() {
  const requests = [];
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    let status = 404;
    let type = 'text/plain';
    let body = 'not found';
    let csp;
    if (ROUTES[pathname]) {
      ({ type, body, csp } = ROUTES[pathname]);
      status = 200;
    } else if (/^\/dist\/marginkit\.(mjs|wasm)$/.test(pathname)) {
      const file = pathname.slice('/dist/'.length);
      type = MIME[file.slice(file.lastIndexOf('.'))];
      body = readFileSync(join(distDir, file));
      status = 200;
    }
    const headers = { 'content-type': type, 'cache-control': 'no-store' };
    if (csp) headers['content-security-policy'] = csp;
    response.writeHead(status, headers);
    response.end(body);
    requests.push({ path: pathname, status, type });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      origin: `http://127.0.0.1:${server.address().port}`,
      requests,
      close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); }),
    }));
  });
}

async function openPage(browser, url) {
  const tab = await browser.newPage();
  const failedRequests = [];
  const consoleErrors = [];
  const pageErrors = [];
  tab.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
  tab.on('response', (r) => { if (r.status() >= 400) failedRequests.push(`${r.url()} HTTP ${r.status()}`); });
  tab.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  tab.on('pageerror', (e) => pageErrors.push(String(e)));
  try {
    // The timeouts only guard against a hang: the page says when it is done.
    await tab.goto(url, { timeout: 20000 });
    await tab.waitForFunction(() => window.__marginkitResult !== undefined, null, { timeout: 20000 });
    const result = await tab.evaluate(() => window.__marginkitResult);
    const violations = await tab.evaluate(() => window.__violations);
    return { result, violations, failedRequests, consoleErrors, pageErrors };
  } finally {
    await tab.close();
  }
}

describe('in Chromium', { timeout: 120000 }, () => {
  let server;
  let browser;
  let node;
  before(async () => {
    const mk = await createMarginKit();
    node = {
      greeks: mk.price(SAMPLE_OPTION),
      impliedVol: mk.impliedVol(IV_INPUT),
      batch: Object.fromEntries(Object.entries(mk.priceBatch(BATCH)).map(([k, v]) => [k, Array.from(v)])),
      version: mk.version,
      errorCodes: [...mk.errorCodes],
    };
    server = await startServer();
    browser = await launchChromium({ timeout: 30000 });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const assertSameAsNode = (r) => {
    assert.equal(r.loadError, undefined, `the page failed: ${r.loadErrorName}: ${r.loadError}`);
    assert.deepEqual(r.greeks, node.greeks, 'price() in the browser = price() in node');
    assert.equal(r.impliedVol, node.impliedVol);
    assert.deepEqual(r.batch, node.batch);
    assert.equal(r.version, node.version);
    assert.deepEqual(r.errorCodes, node.errorCodes);
    assert.equal(r.sameEngine, true, 'createMarginKit() returns one engine per page');
    assert.deepEqual(r.error, { isMarginKitError: true, code: 'INVALID_TYPE', field: 'vol' });
  };

  it('a page importing /dist/marginkit.mjs computes what node computes', async () => {
    const from = server.requests.length;
    const r = await openPage(browser, `${server.origin}/index.html`);
    assert.deepEqual(r.failedRequests, []);
    assert.deepEqual(r.consoleErrors, []);
    assert.deepEqual(r.pageErrors, []);
    assertSameAsNode(r.result);
    assert.deepEqual(r.violations, []);
    const wasm = server.requests.slice(from).filter((q) => q.path === '/dist/marginkit.wasm');
    assert.equal(wasm.length, 1, 'the .wasm is fetched once, next to the module');
    assert.equal(wasm[0].status, 200);
    assert.equal(wasm[0].type, 'application/wasm');
  });

  it(`under "Content-Security-Policy: ${STRICT_CSP}": no violation, same result`, async () => {
    const r = await openPage(browser, `${server.origin}/csp.html`);
    assert.deepEqual(r.violations, [], 'securitypolicyviolation events');
    assert.deepEqual(r.result.violations, [], 'violations counted in the page');
    assert.deepEqual(r.failedRequests, []);
    assert.deepEqual(r.consoleErrors, []);
    assert.deepEqual(r.pageErrors, []);
    assertSameAsNode(r.result);
  });

  it(`control: under "${NO_WASM_CSP}" wasm is refused, and the violation is seen`, async (t) => {
    const r = await openPage(browser, `${server.origin}/csp-no-wasm.html`);
    assert.ok(r.result.loadError, 'the engine cannot load without wasm-unsafe-eval');
    t.diagnostic(`rejected with ${r.result.loadErrorName}: ${r.result.loadError}`);
    assert.ok(r.violations.length > 0, 'the violation listener works');
    assert.ok(r.violations.every((v) => v.startsWith('script-src')), r.violations.join('; '));
  });
});
