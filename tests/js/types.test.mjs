// TypeScript consumers of the packed package. examples/typescript-consumer is copied to
// build/consumer/apps/typescript-consumer, beside build/consumer/node_modules/marginkit (the
// unpacked `npm pack` tarball), and the repository's tsc type-checks it once per tsconfig:
// moduleResolution node10, node16, nodenext and bundler (module preserve and esnext), each with
// the import and the require style where that mode has it, and skipLibCheck off so the shipped
// declarations are checked too. Each resolution of 'marginkit' must land on the expected shipped
// .d.mts/.d.cts. The repository's JavaScript examples (examples/*.mjs) are copied into the app
// (repo-examples/, inside its package scope so that 'marginkit' is the installed package, not the
// repository's self-reference) and type-checked as JS (allowJs + checkJs) against it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { copyExampleApp, installPackedPackage, repoRoot } from './support/consumer.mjs';

const TSC = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const TSC_TIMEOUT_MS = 300_000; // generous: a loaded 2-core machine; not a performance limit
const MTS = 'dist/marginkit.d.mts';
const CTS = 'dist/marginkit.d.cts';

// tsconfig -> { importing file (relative to the app) -> declaration file it must resolve to }.
const CONFIGS = {
  node10: { 'src/esm.mts': CTS, 'src/cjs.cts': CTS, 'src/require.cjs': CTS }, // "types", no exports
  node16: { 'src/esm.mts': MTS, 'src/cjs.cts': CTS, 'src/require.cjs': CTS },
  nodenext: { 'src/esm.mts': MTS, 'src/cjs.cts': CTS, 'src/require.cjs': CTS },
  bundler: { 'src/esm.mts': MTS, 'src/browser.mts': MTS, 'src/cjs.cts': CTS, 'src/require.cjs': CTS },
  // module esnext has no `import x = require()` (TS1202): src/cjs.cts is not part of it.
  'bundler-esnext': { 'src/esm.mts': MTS, 'src/browser.mts': MTS, 'src/require.cjs': CTS },
};

let app;
let packageDir;

// Runs tsc on one tsconfig of the app; resolves { code, output }.
function tsc(config, extraArgs = []) {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, '--noEmit', '--pretty', 'false', '-p', config, ...extraArgs],
      { cwd: app, timeout: TSC_TIMEOUT_MS, maxBuffer: 64 << 20, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({
        code: error ? (error.code ?? error.signal ?? 'error') : 0,
        output: `${stdout}${stderr}`,
      }));
  });
}

// Type-checks `config`; fails with tsc's diagnostics unless it exits 0.
async function typeCheck(config, extraArgs) {
  const result = await tsc(config, extraArgs);
  if (result.code !== 0) {
    // Repeat without --traceResolution so that the message holds only the diagnostics.
    const plain = extraArgs?.length ? await tsc(config) : result;
    assert.fail(`tsc -p ${config} exited ${result.code}:\n${plain.output.trim()}`);
  }
  return result.output;
}

// From tsc --traceResolution: { importing file (relative to the app) -> resolved 'marginkit' file }.
function marginkitResolutions(trace) {
  const resolved = {};
  let from;
  for (const line of trace.split('\n')) {
    const start = line.match(/^======== Resolving module 'marginkit' from '(.+)'\. ========$/);
    if (start) from = relative(app, start[1]).replaceAll('\\', '/');
    const end = line.match(/^======== Module name 'marginkit' was (?:successfully resolved to '([^']+)'|not resolved)/);
    if (end && from !== undefined) {
      resolved[from] = end[1] ? relative(packageDir, end[1]).replaceAll('\\', '/') : '(not resolved)';
      from = undefined;
    }
  }
  return resolved;
}

describe('TypeScript consumers of the packed package', () => {
  before(() => {
    packageDir = installPackedPackage();
    app = copyExampleApp('typescript-consumer');
    // The repository's JS examples, checked as an editor with checkJs does: every marginkit call and
    // its arguments are checked; untyped data (parsed JSON, caught errors) stays `any`.
    mkdirSync(join(app, 'repo-examples'));
    for (const file of readdirSync(join(repoRoot, 'examples')).filter((name) => name.endsWith('.mjs'))) {
      copyFileSync(join(repoRoot, 'examples', file), join(app, 'repo-examples', file));
    }
    writeFileSync(join(app, 'tsconfig.repo-examples.json'), JSON.stringify({
      extends: './tsconfig.base.json',
      compilerOptions: {
        module: 'nodenext', moduleResolution: 'nodenext', noImplicitAny: false, useUnknownInCatchVariables: false,
      },
      include: ['repo-examples/*.mjs'],
    }, null, 2));
  });

  for (const [name, expected] of Object.entries(CONFIGS)) {
    it(`moduleResolution ${name}: tsconfig.${name}.json type-checks, each file against the right .d.ts`, async () => {
      const trace = await typeCheck(`tsconfig.${name}.json`, ['--traceResolution']);
      assert.deepEqual(marginkitResolutions(trace), expected,
        `which shipped declaration file each file's 'marginkit' resolves to (${name})`);
    });
  }

  it('the declarations need no DOM lib (tsconfig.node-no-dom.json: lib es2022 + @types/node only)', async () => {
    await typeCheck('tsconfig.node-no-dom.json');
  });

  it('the repository\'s JavaScript examples (examples/*.mjs) type-check with checkJs', async () => {
    const trace = await typeCheck('tsconfig.repo-examples.json', ['--traceResolution']);
    const resolutions = marginkitResolutions(trace);
    assert.ok(Object.keys(resolutions).length > 0, 'the examples import marginkit');
    for (const [file, target] of Object.entries(resolutions)) {
      assert.equal(target, MTS, `${file} resolves 'marginkit' into the packed package`);
    }
  });
});
