// The wasm module under the public API (its C exports as web/src/exports.mjs wraps them), for tests that read what the API keeps to itself (the
// pricing enums' integers): the CommonJS glue scripts/build.mjs staged in build/wasm, given the
// packaged .wasm. Run `node scripts/build.mjs` first (npm test does).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from './consumer.mjs';
import { bindExports } from '../../../web/src/exports.mjs';

export async function engineModule() {
  const glue = join(repoRoot, 'build', 'wasm', 'package-glue', 'glue.cjs.cjs');
  const wasm = join(repoRoot, 'dist', 'marginkit.wasm');
  assert.ok(existsSync(glue) && existsSync(wasm), `${glue} and ${wasm}: run node scripts/build.mjs`);
  const createModule = createRequire(import.meta.url)(glue);
  return bindExports(await createModule({ wasmBinary: readFileSync(wasm) }));
}
