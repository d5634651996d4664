// esbuild builds the same src/main.js (and src/worker.js) into dist-esbuild/. esbuild leaves
// `new URL('./marginkit.wasm', import.meta.url)` and `new Worker(new URL('./worker.js', ...))`
// untouched, so: (1) the worker is a second entry point, emitted beside main.js as worker.js;
// (2) the package's .wasm (subpath export `marginkit/marginkit.wasm`) is copied beside them;
// (3) the output is ES modules, so that import.meta.url is each bundle's own URL.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, 'dist-esbuild');

await build({
  absWorkingDir: here,
  entryPoints: ['src/main.js', 'src/worker.js'],
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  logLevel: 'info',
});
copyFileSync(createRequire(import.meta.url).resolve('marginkit/marginkit.wasm'), join(outdir, 'marginkit.wasm'));
writeFileSync(join(outdir, 'index.html'), readFileSync(join(here, 'index.html'), 'utf8')
  .replace('<script type="module" src="/src/main.js"></script>', '<script type="module" src="main.js"></script>')
  .replace('+ Vite', '+ esbuild'));
