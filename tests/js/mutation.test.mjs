// A seeded, structure-aware mutation test of the public JS API: valid samples (a cross account,
// market, two orders, a full config and a prepared account's preview options; an isolated
// account and orders) have every node (leaf, object, array, document) replaced in turn by NaN,
// +-Infinity, +-1e308, its negative, zero, a string, a boolean, an object, an array, null,
// nothing (the key deleted), 40 nested arrays, or its key misspelt, and mk.accountRisk,
// mk.preview and a prepared account (risk and preview) are asked about each. Every answer must be
// a finite result with non-negative margins, or a MarginKitError with a documented code naming the mutated input
// (the rules are in tests/js/support/mutation-campaign.mjs, which runs the campaign in a worker
// so that a call that never returns fails this test instead of hanging it). Every 100 cases the
// engine must answer the unmutated samples exactly as at the start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';

const SEED = 20261124;
// The whole plan is about 2,200 cases (6,400 calls, about 6 s here): all of it runs. The cap only
// matters if the samples grow: then a seeded sample of the plan runs.
const MAX_CASES = 4000;
const STALL_MS = 20_000; // no case may take this long: the worker is then stopped

function runCampaign() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./support/mutation-campaign.mjs', import.meta.url), {
      workerData: { seed: SEED, maxCases: MAX_CASES },
    });
    let last = { index: -1, label: '(starting)' };
    let lastAt = Date.now();
    let report;
    const watchdog = setInterval(() => {
      if (Date.now() - lastAt > STALL_MS) {
        clearInterval(watchdog);
        worker.terminate();
        reject(new Error(`case ${last.index} did not return within ${STALL_MS / 1000} s (worker stopped): ${last.label}`));
      }
    }, 500);
    worker.on('message', (message) => {
      lastAt = Date.now();
      if (message.type === 'case') last = message;
      else if (message.type === 'report') report = message;
    });
    worker.on('error', (error) => {
      clearInterval(watchdog);
      reject(new Error(`the campaign failed at case ${last.index} (${last.label}): ${error.stack ?? error}`));
    });
    worker.on('exit', (code) => {
      clearInterval(watchdog);
      if (report) resolve(report);
      else reject(new Error(`the campaign's worker exited (${code}) without a report; last case ${last.index}: ${last.label}`));
    });
  });
}

describe('mutations of valid inputs: a finite answer or a MarginKitError naming the input, never else', () => {
  it(`seed ${SEED}: every mutation of every node of the samples`, { timeout: 120_000 }, async (t) => {
    const started = Date.now();
    const report = await runCampaign();
    const seconds = (Date.now() - started) / 1000;

    const table = (object) => Object.entries(object).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    t.diagnostic(`seed ${report.seed}: ${report.cases} cases (${report.chosen} chosen of ${report.planned} planned, ${report.skipped} not applicable), ${report.calls} calls, ${seconds.toFixed(1)} s`);
    t.diagnostic(`nodes mutated: ${report.nodes.map(([name, n]) => `${name} ${n}`).join(', ')}`);
    t.diagnostic(`outcomes: ${table(report.counts)}`);
    t.diagnostic(`error codes: ${table(report.codes)}`);
    for (const [mutation, outcomes] of Object.entries(report.byMutation)) t.diagnostic(`  ${mutation}: ${table(outcomes)}`);
    t.diagnostic(`engine checked against the unmutated samples ${report.engineChecks} times`);

    // No loop passed empty: the plan covers both samples, every mutation, and both kinds of outcome.
    assert.ok(report.cases >= 2000, `only ${report.cases} cases ran`);
    assert.ok(report.calls >= 2.5 * report.cases, `only ${report.calls} calls for ${report.cases} cases`);
    assert.equal(Object.keys(report.byMutation).length, 15, `mutations run: ${Object.keys(report.byMutation)}`);
    assert.ok(report.nodes.every(([, n]) => n >= 30), JSON.stringify(report.nodes));
    assert.ok((report.counts.success ?? 0) >= 500, `successes: ${report.counts.success}`);
    assert.ok((report.counts.exact ?? 0) >= 1000, `exact answers checked: ${report.counts.exact}`);
    assert.ok((report.counts['at the path'] ?? 0) >= 500, `errors at the mutated path: ${report.counts['at the path']}`);
    assert.ok(report.engineChecks >= report.cases / 100, `engine checks: ${report.engineChecks}`);

    assert.deepEqual(report.engineProblems, [], 'the engine answers the unmutated samples as at the start');
    const shown = report.violations.slice(0, 40).join('\n  ');
    assert.equal(report.violations.length, 0, `${report.violations.length} outcomes break the contract:\n  ${shown}`);
  });
});
