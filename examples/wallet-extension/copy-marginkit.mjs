// Copies marginkit's browser build (ES module + .wasm) from node_modules into ./vendor/, because an
// extension can load only files inside its own folder. Run after `npm install marginkit`:
//   node copy-marginkit.mjs
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Resolve the package from this folder (node_modules here or in any parent).
let packageJson;
try {
  packageJson = createRequire(join(here, 'package.json')).resolve('marginkit/package.json');
} catch {
  console.error('marginkit is not installed: run `npm install marginkit` first.');
  process.exit(1);
}
const dist = join(dirname(packageJson), 'dist');
const vendor = join(here, 'vendor');
mkdirSync(vendor, { recursive: true });
for (const file of ['marginkit.mjs', 'marginkit.wasm']) {
  copyFileSync(join(dist, file), join(vendor, file));
  console.log(`copied ${join(dist, file)} -> ${join(vendor, file)}`);
}
