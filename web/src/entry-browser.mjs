// Browser, worker and bundler entry (ES module). The .wasm is found next to this file through
// `new URL('./marginkit.wasm', import.meta.url)`, the pattern Vite and webpack 5 rewrite into an
// emitted asset; pass { wasmUrl } (or the bytes) when a bundler does not.
import createMarginKitModule from 'marginkit-glue-esm';
import { makeCreateMarginKit } from './create.mjs';

export { MarginKitError } from './errors.mjs';

export const createMarginKit = makeCreateMarginKit(
  createMarginKitModule,
  async () => new URL('./marginkit.wasm', import.meta.url),
);
