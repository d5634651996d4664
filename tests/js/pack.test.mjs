// The published artefact: `npm pack` holds exactly the package files, and a fresh project that
// installs the tarball (offline: the package has no dependencies) can import and require it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GREEK_NAMES, referenceGreeks, SAMPLE_OPTION } from './support/reference.mjs';
import { PACKAGE_FILES } from './support/package-files.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const execFileAsync = promisify(execFile);

const EXPECTED_FILES = PACKAGE_FILES;

async function run(command, args, cwd, timeout = 120000) {
  try {
    return await execFileAsync(command, args, {
      cwd, timeout, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024,
      // A private npm cache so that nothing from (or to) the user's cache is involved.
      env: { ...process.env, NODE_OPTIONS: '', npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false' },
    });
  } catch (error) {
    assert.fail(`${command} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${error.stderr}\n${error.stdout}`);
  }
}

let work;
let packed; // npm pack --json's entry
let tarball;
let project;

describe('npm pack', () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'marginkit-pack-'));
    const { stdout } = await run('npm', ['pack', '--pack-destination', work, '--json', '--loglevel=error'], repoRoot);
    [packed] = JSON.parse(stdout);
    tarball = join(work, packed.filename);
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds exactly the package files, none of them empty', () => {
    const paths = packed.files.map((f) => f.path);
    assert.deepEqual([...paths].sort(), [...EXPECTED_FILES].sort());
    for (const file of packed.files) assert.ok(file.size > 0, `${file.path} is empty`);
    assert.equal(packed.name, 'marginkit');
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(packed.version, pkg.version);
    assert.equal(packed.bundled.length, 0, 'no bundled dependencies');
  });

  it('the packed files are the built ones (declarations = web/marginkit.d.ts)', () => {
    const sizes = Object.fromEntries(packed.files.map((f) => [f.path, f.size]));
    for (const path of EXPECTED_FILES) {
      assert.equal(sizes[path], readFileSync(join(repoRoot, path)).length, `${path} differs from the working tree`);
    }
    const dts = readFileSync(join(repoRoot, 'web', 'marginkit.d.ts'), 'utf8');
    assert.equal(readFileSync(join(repoRoot, 'dist', 'marginkit.d.mts'), 'utf8'), dts);
    assert.equal(readFileSync(join(repoRoot, 'dist', 'marginkit.d.cts'), 'utf8'), dts);
  });

  describe('installed into a fresh project', () => {
    let expected;
    before(async () => {
      project = join(work, 'app');
      mkdirSync(project);
      await run('npm', ['init', '-y', '--loglevel=error'], project);
      await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--offline', '--loglevel=error'], project);
      expected = referenceGreeks(SAMPLE_OPTION);
    });

    const check = (result, label) => {
      assert.match(result.resolved.replaceAll('\\', '/'), /\/app\/node_modules\/marginkit\/dist\//, `${label} resolves into node_modules`);
      for (const name of GREEK_NAMES) {
        const tolerance = 1e-11 * Math.abs(expected[name]) + 1e-15;
        assert.ok(Math.abs(result.greeks[name] - expected[name]) <= tolerance,
          `${label} ${name}: ${result.greeks[name]} vs reference ${expected[name]}`);
      }
      assert.equal(result.errorCode, 'INSTRUMENT_EXPIRED', `${label}: MarginKitError from the package`);
      assert.ok(result.batchPrice === result.greeks.price, `${label}: priceBatch agrees`);
    };

    const body = (resolveExpression) => `
const mk = await createMarginKit();
let errorCode;
try { mk.price({ ...option, t: 0 }); } catch (e) { errorCode = e instanceof MarginKitError ? e.code : String(e); }
const batch = mk.priceBatch({ type: [1], model: option.model, underlying: option.underlying, strike: [option.strike],
  t: option.t, vol: option.vol, rate: option.rate });
console.log(JSON.stringify({ resolved: ${resolveExpression}, greeks: mk.price(option), errorCode, batchPrice: batch.price[0] }));
`;

    it('an ES module script imports it and prices an option', async () => {
      writeFileSync(join(project, 'esm.mjs'), `import { createMarginKit, MarginKitError } from 'marginkit';
const option = ${JSON.stringify(SAMPLE_OPTION)};
${body("fileURLToPathLike(import.meta.resolve('marginkit'))")}
function fileURLToPathLike(url) { return decodeURIComponent(new URL(url).pathname); }
`);
      const { stdout } = await run(process.execPath, ['esm.mjs'], project, 30000);
      check(JSON.parse(stdout.trim().split('\n').at(-1)), 'ESM');
    });

    it('a CommonJS script requires it and prices an option', async () => {
      writeFileSync(join(project, 'cjs.cjs'), `const { createMarginKit, MarginKitError } = require('marginkit');
const option = ${JSON.stringify(SAMPLE_OPTION)};
(async () => {
${body("require.resolve('marginkit')")}
})().catch((e) => { console.error(e); process.exit(1); });
`);
      const { stdout } = await run(process.execPath, ['cjs.cjs'], project, 30000);
      check(JSON.parse(stdout.trim().split('\n').at(-1)), 'CJS');
    });

    it('its ./marginkit.wasm and ./package.json subpaths resolve', async () => {
      writeFileSync(join(project, 'subpaths.cjs'), `console.log(JSON.stringify({
  wasm: require.resolve('marginkit/marginkit.wasm'), pkg: require('marginkit/package.json').name }));`);
      const { stdout } = await run(process.execPath, ['subpaths.cjs'], project, 30000);
      const r = JSON.parse(stdout.trim());
      assert.match(r.wasm.replaceAll('\\', '/'), /\/node_modules\/marginkit\/dist\/marginkit\.wasm$/);
      assert.equal(r.pkg, 'marginkit');
    });
  });
});
