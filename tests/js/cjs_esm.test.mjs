// The package from both module systems, in fresh node processes started in the package root (so
// that 'marginkit' resolves by self-reference through the exports map): require() works, require
// and import share one engine and one MarginKitError class, and nothing needs code generation
// from strings (node --disallow-code-generation-from-strings).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createMarginKit } from 'marginkit';
import { GREEK_NAMES, referenceGreeks, SAMPLE_OPTION } from './support/reference.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const execFileAsync = promisify(execFile);
const OPTION = JSON.stringify(SAMPLE_OPTION);

// Runs `node [flags] -e code` in the package root; returns the JSON its last stdout line holds.
async function runNode(flags, code) {
  let out;
  try {
    out = await execFileAsync(process.execPath, [...flags, '-e', code], {
      cwd: repoRoot, timeout: 30000, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' },
    });
  } catch (error) {
    assert.fail(`node ${flags.join(' ')} failed (${error.code ?? error.signal}):\n${error.stderr}\n${error.stdout}`);
  }
  const lines = out.stdout.trim().split('\n');
  assert.equal(out.stderr.trim(), '', `unexpected stderr from node ${flags.join(' ')}`);
  return JSON.parse(lines.at(-1));
}

const CJS_PRICE = `
const { createMarginKit, MarginKitError } = require('marginkit');
createMarginKit().then((mk) => {
  let code;
  try { mk.price({ ...${OPTION}, vol: -1 }); } catch (e) { code = e instanceof MarginKitError && e.code; }
  console.log(JSON.stringify({ resolved: require.resolve('marginkit'), greeks: mk.price(${OPTION}), code }));
}, (e) => { console.error(e); process.exit(1); });
`;

const ESM_PRICE = `
import { createMarginKit, MarginKitError } from 'marginkit';
const mk = await createMarginKit();
let code;
try { mk.price({ ...${OPTION}, vol: -1 }); } catch (e) { code = e instanceof MarginKitError && e.code; }
console.log(JSON.stringify({ resolved: import.meta.resolve('marginkit'), greeks: mk.price(${OPTION}), code }));
`;

describe('CommonJS and ES modules', () => {
  let expected;
  before(async () => {
    expected = (await createMarginKit()).price(SAMPLE_OPTION);
    // The numbers themselves are right (against the independent reference).
    const ref = referenceGreeks(SAMPLE_OPTION);
    for (const name of GREEK_NAMES) {
      assert.ok(Math.abs(expected[name] - ref[name]) <= 1e-11 * Math.abs(ref[name]) + 1e-15, name);
    }
  });

  it("require('marginkit') works from CommonJS (dist/marginkit.cjs)", async () => {
    const r = await runNode([], CJS_PRICE);
    assert.match(r.resolved, /[/\\]dist[/\\]marginkit\.cjs$/);
    assert.deepEqual(r.greeks, expected);
    assert.equal(r.code, 'NON_POSITIVE');
  });

  it("import 'marginkit' works from an ES module (dist/marginkit.node.mjs)", async () => {
    const r = await runNode(['--input-type=module'], ESM_PRICE);
    assert.match(r.resolved, /[/\\]dist[/\\]marginkit\.node\.mjs$/);
    assert.deepEqual(r.greeks, expected);
    assert.equal(r.code, 'NON_POSITIVE');
  });

  it('a CommonJS script using require and import gets the same engine and error class', async () => {
    const r = await runNode([], `
      (async () => {
        const required = require('marginkit');
        const imported = await import('marginkit');
        const a = await required.createMarginKit();
        const b = await imported.createMarginKit();
        const c = await required.createMarginKit();
        let crossInstanceof = false;
        try { b.price({ ...${OPTION}, t: 0 }); } catch (e) { crossInstanceof = e instanceof required.MarginKitError; }
        console.log(JSON.stringify({
          sameEngine: a === b && b === c,
          sameFactory: required.createMarginKit === imported.createMarginKit,
          sameErrorClass: required.MarginKitError === imported.MarginKitError,
          crossInstanceof,
          greeks: b.price(${OPTION}),
        }));
      })().catch((e) => { console.error(e); process.exit(1); });
    `);
    assert.deepEqual(r, { sameEngine: true, sameFactory: true, sameErrorClass: true, crossInstanceof: true, greeks: expected });
  });

  it('an ES module using import and createRequire gets the same engine', async () => {
    const r = await runNode(['--input-type=module'], `
      import { createRequire } from 'node:module';
      import * as imported from 'marginkit';
      const required = createRequire(process.cwd() + '/package.json')('marginkit');
      const [a, b] = await Promise.all([imported.createMarginKit(), required.createMarginKit()]);
      console.log(JSON.stringify({ sameEngine: a === b, sameErrorClass: imported.MarginKitError === required.MarginKitError,
        exports: Object.keys(imported).sort() }));
    `);
    assert.deepEqual(r, { sameEngine: true, sameErrorClass: true, exports: ['MarginKitError', 'createMarginKit'] });
  });

  for (const [label, flags, code] of [
    ['require', ['--disallow-code-generation-from-strings'], CJS_PRICE],
    ['import', ['--disallow-code-generation-from-strings', '--input-type=module'], ESM_PRICE],
  ]) {
    it(`node --disallow-code-generation-from-strings loads and computes through ${label}`, async () => {
      // First make sure the flag bites in this node.
      const probe = await runNode(['--disallow-code-generation-from-strings'], `
        let evalBlocked = false, functionBlocked = false;
        try { eval('1 + 1'); } catch (e) { evalBlocked = e instanceof EvalError; }
        try { new Function('return 1'); } catch (e) { functionBlocked = e instanceof EvalError; }
        console.log(JSON.stringify({ evalBlocked, functionBlocked }));
      `);
      assert.deepEqual(probe, { evalBlocked: true, functionBlocked: true });
      const r = await runNode(flags, code);
      assert.deepEqual(r.greeks, expected);
      assert.equal(r.code, 'NON_POSITIVE');
    });
  }

  it('loads without fetch (node --no-experimental-fetch), through require and import', async () => {
    assert.deepEqual((await runNode(['--no-experimental-fetch'], CJS_PRICE)).greeks, expected);
    assert.deepEqual((await runNode(['--no-experimental-fetch', '--input-type=module'], ESM_PRICE)).greeks, expected);
  });
});
