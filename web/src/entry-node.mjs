// Node entry, bundled to CommonJS (dist/marginkit.cjs); the ESM node entry re-exports it so that
// `import` and `require` share one engine. Node's fetch cannot read file paths, so the bytes are
// read here and handed over.
import createMarginKitModule from 'marginkit-glue-cjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeCreateMarginKit } from './create.mjs';

export { MarginKitError } from './errors.mjs';

export const createMarginKit = makeCreateMarginKit(
  createMarginKitModule,
  () => readFile(join(__dirname, 'marginkit.wasm')),
);
