// The published artefact as the package linters and a size budget see it: @arethetypeswrong/cli
// on the `npm pack`ed tarball (types resolve under node10, node16 from CJS and ESM, and bundler),
// publint on the unpacked package, and hygiene: the packed files equal an allow-list, no runtime
// dependencies, one .wasm, no code generated from strings, and what a browser downloads
// (dist/marginkit.mjs + dist/marginkit.wasm) stays under a gzipped size budget.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { installPackedPackage, packedTarball, repoRoot } from './support/consumer.mjs';
import { PACKAGE_FILES } from './support/package-files.mjs';

const ATTW = join(repoRoot, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
const TOOL_TIMEOUT_MS = 120_000;
const BROWSER_GZIP_BUDGET_BYTES = 128_000; // 128 KB: dist/marginkit.mjs + dist/marginkit.wasm, gzipped (portfolio margin and risk measures must fit too)
const ALLOWED_FILES = PACKAGE_FILES;
const BROWSER_FILES = ['dist/marginkit.mjs', 'dist/marginkit.wasm'];
const JS_FILE = /\.(?:mjs|cjs|js)$/;

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    execFile(command, args, {
      cwd: repoRoot, timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 << 20, encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_update_notifier: 'false' },
      ...options,
    }, (error, stdout, stderr) => resolve({ code: error ? (error.code ?? error.signal ?? 'error') : 0, stdout, stderr }));
  });
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

let tarball;
let packageDir;
let pkg;

describe('package checks', () => {
  before(() => {
    tarball = packedTarball();
    packageDir = installPackedPackage();
    pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  });

  it('@arethetypeswrong/cli finds no problems in the packed tarball', async () => {
    // "./marginkit.wasm" is a binary asset subpath (for require.resolve / bundler asset imports),
    // not a module: attw would report "Resolution failed" for it under every mode, so it is left
    // out; every JS entry point is checked ("./validate", ES modules only, below).
    const { code, stdout, stderr } = await run(process.execPath,
      [ATTW, tarball, '--format', 'json', '--profile', 'strict', '--exclude-entrypoints', './marginkit.wasm', './validate']);
    let report;
    try {
      report = JSON.parse(stdout);
    } catch {
      assert.fail(`attw exited ${code} without JSON:\n${stderr}\n${stdout}`);
    }
    const problems = report.analysis.problems ?? [];
    assert.deepEqual(problems, [], `attw problems:\n${JSON.stringify(report.problems ?? problems, null, 2)}`);
    assert.equal(code, 0, `attw exited ${code}:\n${stderr}`);

    // What each mode resolves ".", in the types and at run time.
    const entry = report.analysis.entrypoints['.'];
    assert.ok(entry, 'attw checked the "." entry point');
    const expected = {
      node10: ['dist/marginkit.d.cts', 'dist/marginkit.cjs'],
      'node16-cjs': ['dist/marginkit.d.cts', 'dist/marginkit.cjs'],
      'node16-esm': ['dist/marginkit.d.mts', 'dist/marginkit.node.mjs'],
      bundler: ['dist/marginkit.d.mts', 'dist/marginkit.mjs'],
    };
    for (const [kind, [types, implementation]] of Object.entries(expected)) {
      const resolution = entry.resolutions[kind];
      assert.equal(resolution?.resolution?.fileName, `/node_modules/marginkit/${types}`, `${kind} types`);
      assert.equal(resolution?.implementationResolution?.fileName, `/node_modules/marginkit/${implementation}`,
        `${kind} implementation`);
    }
  });

  it('@arethetypeswrong/cli: "./validate" is an ES module with its types, under node16 and bundlers', async () => {
    // The validators are ES only (an import condition, no require): attw's esm-only profile.
    const { code, stdout, stderr } = await run(process.execPath,
      [ATTW, tarball, '--format', 'json', '--profile', 'esm-only', '--entrypoints', './validate']);
    const report = JSON.parse(stdout);
    // (The JSON report lists the resolutions the profile ignores too: node10 and CommonJS.)
    const problems = (report.analysis.problems ?? []).filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind));
    assert.deepEqual(problems, [], `attw problems:\n${JSON.stringify(report.problems, null, 2)}`);
    assert.equal(code, 0, `attw exited ${code}:\n${stderr}`);
    const entry = report.analysis.entrypoints['./validate'];
    for (const kind of ['node16-esm', 'bundler']) {
      const resolution = entry.resolutions[kind];
      assert.equal(resolution?.resolution?.fileName, '/node_modules/marginkit/dist/marginkit.schemas.d.mts', `${kind} types`);
      assert.equal(resolution?.implementationResolution?.fileName, '/node_modules/marginkit/dist/marginkit.schemas.mjs',
        `${kind} implementation`);
    }
  });

  it('publint reports no errors or warnings on the unpacked package', async () => {
    // pack: false: packageDir holds exactly the files of the tarball.
    const { messages } = await publint({ pkgDir: packageDir, pack: false, level: 'suggestion' });
    const lines = messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`);
    for (const line of lines) console.log(`publint ${line}`);
    const problems = messages.filter((message) => message.type !== 'suggestion');
    assert.deepEqual(problems.map((m) => m.code), [], `publint:\n${lines.join('\n')}`);
  });

  it('npm pack --dry-run holds exactly the allowed files, one of them .wasm', async () => {
    const { code, stdout, stderr } = await run('npm', ['pack', '--dry-run', '--json', '--loglevel=error']);
    assert.equal(code, 0, `npm pack --dry-run failed:\n${stderr}`);
    const [packed] = JSON.parse(stdout);
    const paths = packed.files.map((file) => file.path).sort();
    assert.deepEqual(paths, [...ALLOWED_FILES].sort());
    assert.deepEqual(paths.filter((path) => path.endsWith('.wasm')), ['dist/marginkit.wasm']);
    assert.equal(packed.bundled.length, 0, 'no bundled dependencies');
  });

  it('has no runtime dependencies', () => {
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies',
      'bundledDependencies']) {
      const value = pkg[field];
      assert.ok(value === undefined || Object.keys(value).length === 0, `package.json ${field}: ${JSON.stringify(value)}`);
    }
  });

  it('the shipped JavaScript generates no code from strings (no eval, no new Function)', () => {
    const jsFiles = ALLOWED_FILES.filter((path) => JS_FILE.test(path));
    assert.ok(jsFiles.length >= 3);
    for (const path of jsFiles) {
      const text = readFileSync(join(packageDir, path), 'utf8');
      assert.doesNotMatch(text, /\bnew\s+Function\b/, `${path} contains new Function`);
      assert.doesNotMatch(text, /\beval\s*\(/, `${path} contains eval(`);
      assert.doesNotMatch(text, /(?<![\w$.])Function\s*\(/, `${path} calls Function(...)`);
    }
  });

  it(`sizes: what a browser downloads is under ${kB(BROWSER_GZIP_BUDGET_BYTES)} gzipped`, () => {
    const packedSize = statSync(tarball).size;
    const unpackedSize = ALLOWED_FILES.reduce((sum, path) => sum + statSync(join(packageDir, path)).size, 0);
    const rows = BROWSER_FILES.map((path) => {
      const bytes = readFileSync(join(packageDir, path));
      return { path, raw: bytes.length, gzip: gzipSync(bytes).length, brotli: brotliCompressSync(bytes).length };
    });
    const browserGzip = rows.reduce((sum, row) => sum + row.gzip, 0);
    const browserBrotli = rows.reduce((sum, row) => sum + row.brotli, 0);
    console.log(`package sizes: packed (tarball) ${kB(packedSize)} (${packedSize} B), unpacked ${kB(unpackedSize)} `
      + `(${unpackedSize} B)`);
    for (const row of rows) {
      console.log(`  browser download ${row.path}: ${row.raw} B raw, ${row.gzip} B gzip, ${row.brotli} B brotli`);
    }
    console.log(`  browser download total: ${kB(browserGzip)} gzip (${browserGzip} B), ${kB(browserBrotli)} brotli; `
      + `budget ${kB(BROWSER_GZIP_BUDGET_BYTES)} gzip`);
    assert.ok(browserGzip < BROWSER_GZIP_BUDGET_BYTES,
      `dist/marginkit.mjs + dist/marginkit.wasm gzipped: ${browserGzip} B, budget ${BROWSER_GZIP_BUDGET_BYTES} B`);
  });
});
