// marginkit inside node worker_threads: a worker that imports it (ES module) and one that
// require()s it (CommonJS) each load their own engine and price exactly as the main thread does;
// a WebAssembly.Module compiled once on the main thread can be posted to workers and
// instantiated there with createMarginKit({ wasmModule }).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createMarginKit } from 'marginkit';
import { OPTION } from '../../examples/vite-app/src/option.js';

const ESM_WORKER = new URL('./support/price-worker.mjs', import.meta.url);
const CJS_WORKER = new URL('./support/price-worker.cjs', import.meta.url);
const distDir = join(fileURLToPath(new URL('../../dist/', import.meta.url)));
const WAIT_MS = 20_000;

// Sends `message` to a fresh worker running `file`, returns its reply, and always terminates it.
async function askWorker(file, message) {
  const worker = new Worker(file);
  try {
    worker.postMessage(message);
    const [reply] = await once(worker, 'message', { signal: AbortSignal.timeout(WAIT_MS) });
    assert.equal(reply.error, undefined, `the worker reported: ${reply.error}`);
    return reply;
  } finally {
    await worker.terminate();
  }
}

describe('marginkit in node worker_threads', { timeout: 60_000 }, () => {
  let expected;
  before(async () => {
    expected = (await createMarginKit()).price(OPTION);
  });

  it('an ES module worker imports marginkit and gets the main thread\'s numbers', async () => {
    const reply = await askWorker(ESM_WORKER, { option: OPTION });
    assert.equal(fileURLToPath(reply.resolved), join(distDir, 'marginkit.node.mjs'));
    assert.deepEqual(reply.greeks, expected);
    assert.equal(reply.invalidCode, 'NON_POSITIVE');
  });

  it('a CommonJS worker requires marginkit and gets the main thread\'s numbers', async () => {
    const reply = await askWorker(CJS_WORKER, { option: OPTION });
    assert.equal(reply.resolved, join(distDir, 'marginkit.cjs'));
    assert.deepEqual(reply.greeks, expected);
    assert.equal(reply.invalidCode, 'NON_POSITIVE');
  });

  it('workers in parallel, each instantiating a WebAssembly.Module compiled once and posted to it', async () => {
    const wasmPath = createRequire(import.meta.url).resolve('marginkit/marginkit.wasm');
    const wasmModule = await WebAssembly.compile(await readFile(wasmPath));
    const replies = await Promise.all([ESM_WORKER, CJS_WORKER, ESM_WORKER, CJS_WORKER]
      .map((file) => askWorker(file, { option: OPTION, wasmModule })));
    for (const reply of replies) assert.deepEqual(reply.greeks, expected);
  });
});
