// Cold start, run by bench/run.mjs in a fresh node process per sample: V8 keeps compiled wasm
// modules alive and shares them between instances with the same bytes, so only the first
// createMarginKit in a process pays for compilation. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const wasmBinary = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'marginkit.wasm'));
const t0 = performance.now();
const { createMarginKit } = await import('marginkit');
const t1 = performance.now();
const mk = await createMarginKit({ wasmBinary });
const t2 = performance.now();
mk.price({ type: 'call', model: 'bsm', underlying: 100, strike: 100, t: 0.5, vol: 0.6 });
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, createMs: t2 - t1, firstPriceMs: t3 - t2 }));
