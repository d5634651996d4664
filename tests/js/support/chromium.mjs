// Debian's Chromium driven by playwright-core (playwright cannot download browsers here). The
// flags keep it off the network: this machine refuses outside connections.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launchChromium(options = {}) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, ...options });
}

// Opens `url`, waits until the page sets window.__marginkitResult (or throws after timeoutMs), and
// returns { result, failedRequests, consoleErrors, pageErrors }.
export async function runPage(browser, url, { timeoutMs = 30000 } = {}) {
  const page = await browser.newPage();
  const failedRequests = [];
  const consoleErrors = [];
  const pageErrors = [];
  page.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) failedRequests.push(`${r.url()} HTTP ${r.status()}`); });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__marginkitResult !== undefined, null, { timeout: timeoutMs });
    const result = await page.evaluate(() => window.__marginkitResult);
    return { result, failedRequests, consoleErrors, pageErrors };
  } finally {
    await page.close();
  }
}
