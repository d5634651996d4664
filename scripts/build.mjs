// Builds the npm package files into dist/: the wasm module (CMake + Emscripten, build/wasm), its
// two JS glues, the JS face bundled once as an ES module (browsers, workers, bundlers) and once as
// CommonJS (node), a node ES entry that re-exports the CommonJS one (one engine per process), and
// the hand-written type declarations; then the validators of the input documents
// (scripts/build-schemas.mjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { buildSchemas } from './build-schemas.mjs';
import { formatSizeReport, sizeReport } from './size_report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasmBuild = join(root, 'build', 'wasm');
const bindings = join(wasmBuild, 'src', 'bindings');
const dist = join(root, 'dist');
const env = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(':') };
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });

if (!existsSync(join(wasmBuild, 'CMakeCache.txt'))) {
  run('emcmake', ['cmake', '-S', '.', '-B', wasmBuild, '-DCMAKE_BUILD_TYPE=Release',
    '-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch']);
}
run('cmake', ['--build', wasmBuild, '--target', 'marginkit_esm', 'marginkit_cjs', '-j', '2']);

mkdirSync(dist, { recursive: true });
const staging = join(wasmBuild, 'package-glue');
mkdirSync(staging, { recursive: true });

// The ES glue names its own .wasm with new URL(..., import.meta.url), which bundlers would try to
// resolve and emit; the module is always handed its bytes by web/src, so that reference goes.
const esmGlue = readFileSync(join(bindings, 'marginkit.esm.mjs'), 'utf8');
const glueUrl = 'new URL("marginkit.esm.wasm",import.meta.url).toString()';
if (!esmGlue.includes(glueUrl)) throw new Error('build: the ES glue no longer has the expected wasm URL; update scripts/build.mjs');
writeFileSync(join(staging, 'glue.esm.mjs'), esmGlue.replace(glueUrl, '"marginkit.wasm"'));
copyFileSync(join(bindings, 'marginkit.cjs.cjs'), join(staging, 'glue.cjs.cjs'));
for (const glue of ['glue.esm.mjs', 'glue.cjs.cjs']) {
  const text = readFileSync(join(staging, glue), 'utf8');
  if (/new Function|eval\(/.test(text)) throw new Error(`build: ${glue} generates code from strings (breaks strict CSP)`);
}

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const banner = { js: `/* marginkit ${version} | MIT */` };
const define = { __MARGINKIT_VERSION__: JSON.stringify(version) };
await build({
  entryPoints: [join(root, 'web', 'src', 'entry-browser.mjs')],
  outfile: join(dist, 'marginkit.mjs'),
  // Minified: this file is what browsers download (the node build below stays readable).
  bundle: true, format: 'esm', platform: 'browser', target: 'es2020', banner, define, logLevel: 'warning',
  minify: true,
  alias: { 'marginkit-glue-esm': join(staging, 'glue.esm.mjs') },
});
await build({
  entryPoints: [join(root, 'web', 'src', 'entry-node.mjs')],
  outfile: join(dist, 'marginkit.cjs'),
  bundle: true, format: 'cjs', platform: 'node', target: 'node18', banner, define, logLevel: 'warning',
  alias: { 'marginkit-glue-cjs': join(staging, 'glue.cjs.cjs') },
});
writeFileSync(join(dist, 'marginkit.node.mjs'), `${banner.js}
// Node's ES entry re-exports the CommonJS build, so import and require share one engine.
import marginkit from './marginkit.cjs';

export const { createMarginKit, MarginKitError } = marginkit;
`);
// One .wasm serves both glues: it must be the same bytes from both links.
if (!readFileSync(join(bindings, 'marginkit.esm.wasm')).equals(readFileSync(join(bindings, 'marginkit.cjs.wasm')))) {
  throw new Error('build: the ES and CommonJS links gave different .wasm files; their flags must differ only in the glue');
}
copyFileSync(join(bindings, 'marginkit.esm.wasm'), join(dist, 'marginkit.wasm'));
copyFileSync(join(root, 'web', 'marginkit.d.ts'), join(dist, 'marginkit.d.mts'));
copyFileSync(join(root, 'web', 'marginkit.d.ts'), join(dist, 'marginkit.d.cts'));
await buildSchemas({ root });
console.log('build: dist/ is up to date');

// What the browser download is made of (scripts/size_report.mjs). Information only: a failure here
// does not fail the build.
try {
  const glue = await transform(readFileSync(join(staging, 'glue.esm.mjs'), 'utf8'), { minify: true, format: 'esm', target: 'es2020' });
  console.log(formatSizeReport(sizeReport({
    wasmPath: join(dist, 'marginkit.wasm'),
    symbolsPath: join(bindings, 'marginkit.esm.mjs.symbols'),
    wasmBuild,
    jsPath: join(dist, 'marginkit.mjs'),
    glueGzip: gzipSync(glue.code).length,
  })));
} catch (error) {
  console.log(`build: no size report (${error.message})`);
}
