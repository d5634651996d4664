// Derive's PM2 portfolio margin through the public API (mk.derivePm2) and its conformance runner
// (scripts/check-derive-pm2.mjs), on the published cases in tests/reference/derive_pm2_subset.json:
// the runner passes all of them and names a case whose expected value was changed; bad input is
// a MarginKitError naming its JSON path, and the engine keeps working after it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMarginKit, MarginKitError } from 'marginkit';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const casesPath = join(repoRoot, 'tests', 'reference', 'derive_pm2_subset.json');
const file = JSON.parse(readFileSync(casesPath, 'utf8'));
const shortCall = file.cases.find((c) => c.id === 'test_12_risk_cancelling_naked_short_call');
const clone = (x) => structuredClone(x);

let mk;
let scratch;
before(async () => {
  mk = await createMarginKit();
  scratch = mkdtempSync(join(tmpdir(), 'marginkit-pm2-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

function runChecker(path) {
  return spawnSync(process.execPath, [join('scripts', 'check-derive-pm2.mjs'), path],
    { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
}

describe('scripts/check-derive-pm2.mjs', () => {
  it('passes every published case, one line each', () => {
    const run = runChecker(casesPath);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.at(-1), '51 passed, 0 failed');
    assert.deepEqual(lines.slice(0, -1), file.cases.map((c) => `ok   ${c.id}`));
  });

  it('fails a case whose expected value was changed, naming it, the field and both numbers', () => {
    const doctored = clone(file);
    const target = doctored.cases.find((c) => c.id === shortCall.id);
    target.expected.mm += 1;  // the tolerance here is rel 1e-6 of 11,824.86: 0.0118
    const path = join(scratch, 'doctored.json');
    writeFileSync(path, JSON.stringify(doctored));
    const run = runChecker(path);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.at(-1), '50 passed, 1 failed');
    const failures = lines.filter((line) => line.startsWith('FAIL'));
    assert.equal(failures.length, 1, failures.join('\n'));
    const match = failures[0].match(new RegExp(`^FAIL ${shortCall.id}: mm computed (\\S+), expected (\\S+), difference (\\S+) `));
    assert.ok(match, failures[0]);
    const [computed, expected, difference] = match.slice(1).map(Number);
    assert.ok(Math.abs(computed - shortCall.expected.mm) < 1e-6, failures[0]);
    assert.equal(expected, target.expected.mm);
    assert.equal(difference, computed - expected);
  });

  it('rejects a malformed file with a message and exit code 2', () => {
    const path = join(scratch, 'malformed.json');
    const broken = clone(file);
    delete broken.cases[3].expected.im;
    writeFileSync(path, JSON.stringify(broken));
    let run = runChecker(path);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cases\[3\] \(test_10_collateral_negative_margin_from_collateral\)\.expected\.im must be a finite number/);
    writeFileSync(path, '{"format": "marginkit-oracle/derive-pm2/v1", "cases": [');
    run = runChecker(path);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read .* as JSON/);
    run = runChecker(join(scratch, 'absent.json'));
    assert.equal(run.status, 2);
  });
});

describe('mk.derivePm2', () => {
  it('gives the published numbers, diagnostics in the file\'s shape and one P&L per scenario', () => {
    const result = mk.derivePm2(shortCall.inputs, shortCall.params);
    const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    for (const key of ['mtm', 'mm', 'im']) assert.ok(close(result[key], shortCall.expected[key]), key);
    const d = shortCall.diagnostics;
    for (const key of ['worstPnl', 'basisContingency', 'worstRegularPnl', 'worstTailPnl', 'worstSkewPnl', 'imFactor']) {
      assert.ok(close(result.diagnostics[key], d[key]), `${key}: ${result.diagnostics[key]} vs ${d[key]}`);
    }
    assert.equal(result.diagnostics.binding, d.binding);
    assert.equal(result.diagnostics.perExpiry.length, 1);
    assert.ok(close(result.diagnostics.perExpiry[0].volShockUp, d.perExpiry[0].volShockUp));
    assert.equal(result.scenarios.length, shortCall.params.scenarios.length);
    shortCall.params.scenarios.forEach((s, i) => {
      const { pnl, ...scenario } = result.scenarios[i];
      assert.deepEqual(scenario, s);
      assert.ok(Number.isFinite(pnl));
    });
    // The worst scenario is s = 1.18 with vol up (the model description's worked example).
    const worst = result.scenarios[result.diagnostics.worstScenario];
    assert.deepEqual([worst.spotShock, worst.vol, worst.pnl], [1.18, 'up', result.diagnostics.worstPnl]);
  });

  it('cash only: nothing at risk, MtM = MM = IM = cash', () => {
    const result = mk.derivePm2({ spot: { price: 3000, confidence: 1 }, stable: { price: 1 }, cash: 1000 },
      shortCall.params);
    assert.deepEqual([result.mtm, result.mm, result.im], [1000, 1000, 1000]);
    assert.equal(result.diagnostics.perExpiry.length, 0);
  });

  function assertError(fn, code, field) {
    assert.throws(fn, (error) => {
      assert.ok(error instanceof MarginKitError, String(error));
      assert.equal(error.code, code, error.message);
      assert.equal(error.field, field, error.message);
      return true;
    });
    // The engine keeps working.
    assert.equal(mk.derivePm2(shortCall.inputs, shortCall.params).mm, mk.derivePm2(shortCall.inputs, shortCall.params).mm);
  }

  it('an unknown key is UNSUPPORTED_FIELD with its JSON path', () => {
    const inputs = clone(shortCall.inputs);
    inputs.options[0].markVolatility = 0.5;
    assertError(() => mk.derivePm2(inputs, shortCall.params), 'UNSUPPORTED_FIELD', 'inputs.options[0].markVolatility');
    const params = clone(shortCall.params);
    params.volShock.volRangeSideways = 1;
    assertError(() => mk.derivePm2(shortCall.inputs, params), 'UNSUPPORTED_FIELD', 'params.volShock.volRangeSideways');
  });

  it('a string for a number is INVALID_TYPE with its JSON path', () => {
    const params = clone(shortCall.params);
    params.skew.minKStar = '0.01';
    assertError(() => mk.derivePm2(shortCall.inputs, params), 'INVALID_TYPE', 'params.skew.minKStar');
    const inputs = clone(shortCall.inputs);
    inputs.options[0].kind = 'straddle';
    assertError(() => mk.derivePm2(inputs, shortCall.params), 'INVALID_ENUM', 'inputs.options[0].kind');
  });

  it('a missing field is MISSING_FIELD with its JSON path; no parameter has a default', () => {
    const inputs = clone(shortCall.inputs);
    delete inputs.spot.price;
    assertError(() => mk.derivePm2(inputs, shortCall.params), 'MISSING_FIELD', 'inputs.spot.price');
    const params = clone(shortCall.params);
    delete params.lossFactors.im;
    assertError(() => mk.derivePm2(shortCall.inputs, params), 'MISSING_FIELD', 'params.lossFactors.im');
    assertError(() => mk.derivePm2(shortCall.inputs), 'MISSING_FIELD', 'params');
  });

  it('non-finite and out-of-range numbers are refused with their JSON path', () => {
    const inputs = clone(shortCall.inputs);
    inputs.cash = Number.NaN;
    assertError(() => mk.derivePm2(inputs, shortCall.params), 'NOT_FINITE', 'inputs.cash');
    const confident = clone(shortCall.inputs);
    confident.expiries[0].volConfidence = 1.5;
    assertError(() => mk.derivePm2(confident, shortCall.params), 'OUT_OF_RANGE', 'inputs.expiries[0].volConfidence');
    const orphan = clone(shortCall.inputs);
    orphan.options[0].expirySeconds += 1;
    assertError(() => mk.derivePm2(orphan, shortCall.params), 'MISSING_MARKET_DATA', 'inputs.options[0].expirySeconds');
  });
});
