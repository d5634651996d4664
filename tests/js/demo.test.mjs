// The web demo (web/demo, built by scripts/build-demo.mjs) in a real headless Chromium: the page
// loads the sample, a person types an order, and every figure the page shows (margins before and
// after, available, margin ratio, status, max size, liquidation / margin-call / warning prices,
// warnings) must be what mk.preview gives in node for the same inputs, at the displayed precision.
// Then a rejected order, the stress sliders (against mk.stress), portfolio mode (the heatmap
// drawn, each group's binding scenario against node's), and the URL: a fresh page opened at it
// shows the same state. No console errors. A screenshot is saved to build/test-artifacts/demo.png.
// Every wait is a hang guard: the page says when it is done (body[data-busy="0"]).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMarginKit } from 'marginkit';
import { launchChromium } from './support/chromium.mjs';
import { startStaticServer } from './support/static-server.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const demoDir = join(repoRoot, 'build', 'demo');
const artifacts = join(repoRoot, 'build', 'test-artifacts');
const sample = JSON.parse(readFileSync(join(repoRoot, 'examples', 'sample-account.json'), 'utf8'));
const HANG_GUARD_MS = 30000;

const ORDER = { instrument: 'BTC-26DEC26-105000-C', side: 'sell', size: 2.5 };
const HUGE = 500;

// A displayed figure ('$61,011.03', '-36.87 %', '5.09', '4.93x') as its number and the number
// of decimals it shows.
function parseShown(text) {
  const match = /(-)?\$?([\d,]+(?:\.(\d+))?)/.exec(text);
  assert.ok(match, `no number in '${text}'`);
  const value = Number(match[2].replace(/,/g, '')) * (match[1] ? -1 : 1);
  return { value, decimals: match[3]?.length ?? 0 };
}

// `text` shows `expected` rounded to its decimals (half a unit of the last digit, plus a hair
// for the prepared preview's rounding against the one-shot one).
function assertShows(text, expected, what) {
  const { value, decimals } = parseShown(text);
  const tolerance = 0.5 * 10 ** -decimals + 1e-9 * Math.abs(expected);
  assert.ok(Math.abs(value - expected) <= tolerance, `${what}: page shows '${text}', node computes ${expected}`);
}

// Every price in a levels cell ('$107,691.52 (+9.89 %), $3,411.44 (-5.24 %)' or 'none').
function assertLevels(text, levels, what) {
  if (levels.length === 0) { assert.equal(text, 'none', what); return; }
  const parts = text.split('), ');
  assert.equal(parts.length, levels.length, `${what}: '${text}' against ${levels.length} levels`);
  parts.forEach((part, i) => {
    const [price, distance] = part.split(' (');
    assertShows(price, levels[i].price, `${what} [${i}] price`);
    assertShows(distance, levels[i].distancePercent, `${what} [${i}] distance`);
  });
}

const STATUS = { healthy: 'healthy', warning: 'warning', margin_call: 'margin call', liquidation: 'liquidation' };

describe('web demo in Chromium', { timeout: 240000 }, () => {
  let server;
  let browser;
  let page;
  let mk;
  const consoleErrors = [];
  const pageErrors = [];
  const failedRequests = [];

  const settled = () => page.waitForFunction(() => document.body.dataset.busy === '0', null, { timeout: HANG_GUARD_MS });
  const shown = (k) => page.locator(`[data-k="${k}"]`).first().textContent();
  const shownIn = (row, k) => row.locator(`[data-k="${k}"]`).textContent();

  before(async () => {
    const output = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-demo.mjs')], { encoding: 'utf8' });
    console.log(output.trimEnd());
    mk = await createMarginKit();
    server = await startStaticServer({ mounts: { '/': demoDir } });
    browser = await launchChromium({ timeout: HANG_GUARD_MS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(HANG_GUARD_MS);
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => { if (r.status() >= 400) failedRequests.push(`${r.url()} HTTP ${r.status()}`); });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads, and renders its first figures (time printed, not asserted)', async (t) => {
    await page.goto(`${server.origin}/`);
    await settled();
    const firstRender = await page.evaluate(() => performance.getEntriesByName('demo:first-render', 'mark')[0]?.startTime);
    assert.equal(typeof firstRender, 'number', 'the page marks its first render');
    t.diagnostic(`first render ${firstRender.toFixed(0)} ms after navigation start (localhost)`);
    console.log(`demo first render: ${firstRender.toFixed(0)} ms after navigation start`);
    const wasm = server.requests.filter((r) => r.path === '/marginkit.wasm');
    assert.deepEqual(wasm.map((r) => r.status), [200], 'the worker fetched the wasm once');
  });

  it('loads the sample, previews a typed order live, and shows what mk.preview gives in node', async () => {
    await page.click('#load-sample');
    await settled();
    await page.fill('[data-field="order.instrument"]', '');
    await page.type('[data-field="order.instrument"]', ORDER.instrument);
    await page.click('label.side-sell');
    await page.fill('[data-field="order.size"]', '');
    await page.type('[data-field="order.size"]', String(ORDER.size)); // keystroke by keystroke
    await settled();

    const node = mk.preview(sample.account, sample.market, ORDER);
    for (const [side, risk] of [['before', node.before], ['after', node.after]]) {
      assert.equal(await shown(`status.${side}`), STATUS[risk.status], `status ${side}`);
      assertShows(await shown(`equity.${side}`), risk.equityUsd, `equity ${side}`);
      assertShows(await shown(`im.${side}`), risk.initialMarginUsd, `IM ${side}`);
      assertShows(await shown(`mm.${side}`), risk.maintenanceMarginUsd, `MM ${side}`);
      assertShows(await shown(`available.${side}`), risk.availableMarginUsd, `available ${side}`);
      assertShows(await shown(`ratio.${side}`), risk.marginRatio * 100, `margin ratio ${side}`);
      for (const g of risk.greeks) {
        assertShows(await shown(`greeks.${g.underlying}.deltaUsd.${side}`), g.deltaUsd, `${g.underlying} delta USD ${side}`);
      }
    }
    assert.equal(await shown('accepted'), node.accepted ? 'Accepted' : `Rejected: ${node.rejectReason}`);
    assertShows(await shown('maxSize'), node.maxSize, 'max size');
    const codes = await page.locator('ul.warnings li').evaluateAll((items) => items.map((li) => li.dataset.code));
    assert.deepEqual(codes, node.warnings.map((w) => w.code), 'warnings, in order');

    for (const entry of node.liquidationAfter) {
      const row = page.locator(`table.levels tr[data-underlying="${entry.underlying}"]`);
      const beforeEntry = node.liquidationBefore.find((l) => l.underlying === entry.underlying);
      assertLevels(await shownIn(row, 'liquidation.before'), beforeEntry.liquidation, `${entry.underlying} liquidation before`);
      assertLevels(await shownIn(row, 'liquidation.after'), entry.liquidation, `${entry.underlying} liquidation after`);
      assertLevels(await shownIn(row, 'marginCall.after'), entry.marginCall, `${entry.underlying} margin call after`);
      assertLevels(await shownIn(row, 'warning.after'), entry.warning, `${entry.underlying} warning after`);
    }
    assert.ok(node.liquidationAfter.some((l) => l.liquidation.length > 0), 'the order has a liquidation price to check');

    // The margin and P&L charts are drawn (uPlot canvases).
    for (const id of ['margin-chart', 'pnl-chart']) {
      const size = await page.locator(`#${id} canvas`).evaluate((c) => [c.width, c.height]);
      assert.ok(size[0] > 0 && size[1] > 0, `${id} has a canvas`);
    }
  });

  it('a huge order is rejected and shows its warning code', async () => {
    await page.fill('[data-field="order.size"]', String(HUGE));
    await settled();
    const node = mk.preview(sample.account, sample.market, { ...ORDER, size: HUGE });
    assert.equal(node.accepted, false);
    assert.equal(await shown('accepted'), `Rejected: ${node.rejectReason}`);
    const codes = await page.locator('ul.warnings li').evaluateAll((items) => items.map((li) => li.dataset.code));
    assert.ok(codes.includes(node.rejectReason), `${node.rejectReason} among ${codes}`);
    assert.deepEqual(codes, node.warnings.map((w) => w.code));
    assertShows(await shown('maxSize'), node.maxSize, 'max size');
    await page.fill('[data-field="order.size"]', String(ORDER.size));
    await settled();
  });

  it('the stress sliders show what mk.stress gives in node', async () => {
    await page.fill('[data-field="stress.spot"]', '-12');
    await page.fill('[data-field="stress.vol"]', '5');
    await page.fill('[data-field="stress.days"]', '3');
    await settled();
    const move = { days: 3, BTC: { spot: -0.12, vol: 0.05 }, ETH: { spot: -0.12, vol: 0.05 } };
    const [node] = mk.stress(sample.account, sample.market, move);
    assert.equal(await shown('stress.status.before'), STATUS[node.status]);
    assertShows(await shown('stress.equity.before'), node.equityUsd, 'stressed equity');
    assertShows(await shown('stress.pnl.before'), node.pnlUsd, 'stressed P&L');
    assertShows(await shown('stress.im.before'), node.initialMarginUsd, 'stressed IM');
    assertShows(await shown('stress.mm.before'), node.maintenanceMarginUsd, 'stressed MM');
    assertShows(await shown('stress.available.before'), node.availableMarginUsd, 'stressed available');
    assertShows(await shown('stress.ratio.before'), node.marginRatio * 100, 'stressed margin ratio');
    assert.notEqual(await shown('stress.equity.after'), '—', 'the account after the order is stressed too');
  });

  it('portfolio mode: the heatmap is drawn and each group\'s binding scenario is node\'s', async () => {
    await page.selectOption('[data-field="mode"]', 'portfolio');
    await settled();
    const node = mk.preview({ ...sample.account, mode: 'portfolio' }, sample.market, ORDER, { portfolioModel: 'deribit' });
    assertShows(await shown('im.after'), node.after.initialMarginUsd, 'portfolio IM after');
    assertShows(await shown('mm.after'), node.after.maintenanceMarginUsd, 'portfolio MM after');

    // The heatmap's canvas has been painted (not blank).
    const painted = await page.locator('#heatmap canvas').first().evaluate((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0 && !(data[i] > 240 && data[i + 1] > 240 && data[i + 2] > 240)) coloured++;
      }
      return { coloured, width: canvas.width, height: canvas.height };
    });
    assert.ok(painted.width > 0 && painted.height > 0 && painted.coloured > 1000, `heatmap canvas ${JSON.stringify(painted)}`);

    // Each group's binding scenario: 'spot +16 %, vol up: -0.421675 BTC'.
    const VOL = { same: 'none', up: 'up', down: 'down' };
    for (const group of node.after.portfolio.groups) {
      const text = await page.locator(`table.groups tr[data-underlying="${group.underlying}"][data-currency="${group.currency}"] [data-k="binding"]`).textContent();
      const match = /^spot ([+\-±])([\d.]+) %, vol (\w+)( \(tail\))?: (.+) (\w+)$/.exec(text);
      assert.ok(match, `binding text '${text}'`);
      const scenario = group.scenarios[group.bindingScenario];
      const spotMove = (match[1] === '-' ? -1 : 1) * Number(match[2]) / 100;
      assert.ok(Math.abs(spotMove - scenario.spotMove) < 1e-3, `${group.underlying}/${group.currency}: '${text}' against spot ${scenario.spotMove}`);
      assert.equal(VOL[match[3]], scenario.vol, `${group.underlying}/${group.currency} vol state`);
      assert.equal(Boolean(match[4]), scenario.tail, `${group.underlying}/${group.currency} tail`);
      assertShows(match[5], scenario.pnl, `${group.underlying}/${group.currency} binding P&L`);
      assert.equal(match[6], group.currency);
    }
    const first = node.after.portfolio.groups[0];
    const caption = await shown('heatmap.binding');
    assert.ok(caption.startsWith(`${first.underlying} in ${first.currency}, after the order.`), caption);
  });

  it('the URL holds the state: a page opened at it shows the same fields and figures', async () => {
    await settled();
    const url = page.url();
    assert.match(url, /#[zj]=/, 'the state is in the hash');
    const snapshot = (p) => p.evaluate(() => ({
      fields: [...document.querySelectorAll('[data-field]')].filter((el) => el.matches('input, select'))
        .map((el) => `${el.dataset.field}=${el.type === 'radio' ? el.checked : el.value}`),
      figures: [...document.querySelectorAll('[data-k]')].map((el) => `${el.dataset.k}=${el.textContent}`),
    }));
    const here = await snapshot(page);
    const other = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    other.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    other.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await other.goto(url);
      await other.waitForFunction(() => document.body.dataset.busy === '0', null, { timeout: HANG_GUARD_MS });
      const there = await snapshot(other);
      assert.ok(here.fields.includes('mode=portfolio') && here.fields.includes('stress.spot=-12'), 'the state under test');
      assert.deepEqual(there.fields, here.fields, 'inputs restored');
      assert.deepEqual(there.figures, here.figures, 'figures restored');
    } finally {
      await other.close();
    }
  });

  it('saves a screenshot, with no console error, page error or failed request', async () => {
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'demo.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(failedRequests, []);
  });
});

describe('scripts/serve-demo.mjs', { timeout: 60000 }, () => {
  it('serves build/demo and prints its URL (PORT=0: any free port)', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'serve-demo.mjs')], {
      env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = /http:\/\/localhost:\d+\//.exec(out);
          if (match) resolve(match[0]);
        });
        child.on('exit', (code) => reject(new Error(`serve-demo exited with ${code}: ${out}`)));
      });
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /marginkit demo/);
      const wasm = await fetch(new URL('marginkit.wasm', url));
      assert.equal(wasm.headers.get('content-type'), 'application/wasm');
      assert.equal((await fetch(new URL('%2e%2e/package.json', url))).status, 404, 'nothing outside build/demo');
    } finally {
      child.kill();
    }
  });
});
