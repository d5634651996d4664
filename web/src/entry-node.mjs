// Node entry, bundled to CommonJS (dist/marginkit.cjs); the ESM node entry re-exports it so that
// `import` and `require` share one engine. Node's fetch cannot read file paths, so the bytes are
// read here and handed over.
import createMarginKitModule from 'marginkit-glue-cjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeCreateMarginKit } from './create.mjs';
import { fail } from './errors.mjs';

export { MarginKitError } from './errors.mjs';

async function readPackagedWasm() {
  const path = join(__dirname, 'marginkit.wasm');
  try {
    return await readFile(path);
  } catch (error) {
    // Bundlers that move server code away from node_modules break __dirname.
    return fail('WASM_LOAD_FAILED', 'wasmBinary', `cannot read ${path} (${error.code ?? error.message}); `
      + "bundled server code must load marginkit from node_modules (Next.js: serverExternalPackages: ['marginkit']) or pass { wasmBinary }");
  }
}

export const createMarginKit = makeCreateMarginKit(createMarginKitModule, readPackagedWasm);
