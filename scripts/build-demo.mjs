// Builds the web demo (web/demo) into build/demo/: the page's modules bundled by esbuild with
// uPlot and the ECharts parts the heatmap uses (the heatmap in a chunk of its own, loaded in
// portfolio mode only), the engine worker, the CSS; beside them the built package
// (dist/marginkit.mjs + marginkit.wasm, which the worker imports at run time, not bundled) and
// the bundled sample. Prints each file's size. Needs dist/ (node scripts/build.mjs).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The worker's `import ... from 'marginkit'` stays an import, of the package's browser build
// copied beside it.
const marginkitBeside = {
  name: 'marginkit-beside',
  setup(b) {
    b.onResolve({ filter: /^marginkit$/ }, () => ({ path: './marginkit.mjs', external: true }));
  },
};

export async function buildDemo({ outDir = join(root, 'build', 'demo'), quiet = false } = {}) {
  const dist = join(root, 'dist');
  for (const file of ['marginkit.mjs', 'marginkit.wasm']) {
    if (!existsSync(join(dist, file))) throw new Error(`dist/${file} is missing: build the package first (node scripts/build.mjs)`);
  }
  const profiles = readdirSync(join(root, 'profiles')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'web/demo/main.mjs', worker: 'web/demo/engine/worker.mjs', style: 'web/demo/style.css' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    chunkNames: 'chunks/[name]-[hash]',
    define: { __DEMO_PROFILES__: JSON.stringify(profiles) },
    plugins: [marginkitBeside],
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'web', 'demo', 'index.html'), join(outDir, 'index.html'));
  copyFileSync(join(dist, 'marginkit.mjs'), join(outDir, 'marginkit.mjs'));
  copyFileSync(join(dist, 'marginkit.wasm'), join(outDir, 'marginkit.wasm'));
  copyFileSync(join(root, 'examples', 'sample-account.json'), join(outDir, 'sample-account.json'));
  const sizes = listFiles(outDir).map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(outDir, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  if (!quiet) printSizes(outDir, sizes);
  return { outDir, sizes };
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  }).sort();
}

function printSizes(outDir, sizes) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`demo built in ${relative(process.cwd(), outDir) || '.'}:`);
  for (const { file, raw, gzip } of sizes) console.log(`  ${file.padEnd(40)} ${kb(raw).padStart(10)} ${kb(gzip).padStart(10)} gzip`);
  const isHeatmap = (s) => s.file.startsWith('chunks/heatmap');
  const total = (list) => list.reduce((sum, s) => sum + s.gzip, 0);
  console.log(`  first load (all but the heatmap chunk): ${kb(total(sizes.filter((s) => !isHeatmap(s))))} gzip; ` +
    `heatmap chunk (loaded in portfolio mode): ${kb(total(sizes.filter(isHeatmap)))} gzip`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildDemo().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
