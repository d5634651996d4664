// One scenario of tests/js/heap_hygiene.test.mjs, in a fresh process started with --expose-gc
// (a wasm heap never shrinks, so each scenario needs an engine of its own): prints one JSON line.
//
//   node --expose-gc heap-hygiene-child.mjs <scenario> <count>
//     delete   <count> prepared accounts of the sample account, each deleted
//     gc       <count> dropped without delete(); every 500, gc() and a macrotask (so that the
//              FinalizationRegistry callbacks run)
//     natural  <count> dropped without delete(), a macrotask after each, gc() never called: what
//              the JS engine does left to itself
//     live     <count> kept alive (then deleted): the wasm heap they take, and the external
//              memory the JS engine is told of (process.memoryUsage().arrayBuffers)
//     mixed    <count> steps after 300 of warm-up: a prepared account of 7 to 607 positions made and
//              previewed, and a random one of the 7 live deleted (blocks of many sizes freed in
//              any order: does the allocator reuse them?)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setImmediate as nextTask } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { instances, memoryOf } from './wasm-instances.mjs';

const { createMarginKit } = await import('marginkit');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sample = JSON.parse(readFileSync(join(root, 'examples', 'sample-account.json'), 'utf8'));

const [scenario, countText] = process.argv.slice(2);
const count = Number(countText);
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');

const mk = await createMarginKit();
const memory = memoryOf(instances[0]);
const make = () => mk.prepare(sample.account, sample.market);
const collect = async () => {
  globalThis.gc();
  await nextTask();
};

let collected = 0;
const watcher = new FinalizationRegistry(() => {
  collected += 1;
});
make().preview(sample.order); // warm: whatever the first call keeps for good
await collect();
const startBytes = memory.buffer.byteLength; // it only grows: its end is its peak
const result = { scenario, count };

if (scenario === 'delete') {
  for (let i = 0; i < count; i += 1) {
    const p = make();
    if (i % 100 === 0) p.preview(sample.order);
    p.delete();
  }
} else if (scenario === 'gc') {
  for (let i = 0; i < count; i += 1) {
    watcher.register(make(), i);
    if (i % 500 === 499) await collect();
  }
  // The last callbacks can take more than a macrotask to be run (the engine's timing): wait.
  for (let i = 0; i < 40 && collected < count; i += 1) {
    globalThis.gc();
    await new Promise((resolve) => { setTimeout(resolve, 25); });
  }
} else if (scenario === 'natural') {
  for (let i = 0; i < count; i += 1) {
    watcher.register(make(), i);
    await nextTask();
  }
} else if (scenario === 'live') {
  const arrayBuffersBefore = process.memoryUsage().arrayBuffers;
  const kept = Array.from({ length: count }, make);
  result.wasmGrowthBytes = memory.buffer.byteLength - startBytes;
  result.arrayBuffersGrowthBytes = process.memoryUsage().arrayBuffers - arrayBuffersBefore;
  for (const p of kept) p.delete();
  kept.length = 0;
  await collect();
  await collect();
  result.arrayBuffersAfterDeleteBytes = process.memoryUsage().arrayBuffers - arrayBuffersBefore;
} else if (scenario === 'mixed') {
  // The sample account plus 0, 30, 150 or 600 BTC options (deterministic choices).
  const accounts = [0, 30, 150, 600].map((extra) => ({
    ...sample.account,
    positions: [...sample.account.positions, ...Array.from({ length: extra }, (_, j) => ({
      instrument: `BTC-26DEC26-${50050 + 100 * j}-${j % 2 ? 'C' : 'P'}`, size: j % 3 ? 0.1 : -0.1, entryPrice: 0.01,
    }))],
  }));
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const kept = [];
  const step = () => {
    const p = mk.prepare(accounts[Math.floor(random() * accounts.length)], sample.market);
    p.preview(sample.order);
    kept.push(p);
    if (kept.length > 7) kept.splice(Math.floor(random() * kept.length), 1)[0].delete();
  };
  for (let i = 0; i < 300; i += 1) step();
  result.warmBytes = memory.buffer.byteLength;
  for (let i = 0; i < count; i += 1) step();
  for (const p of kept) p.delete();
} else {
  throw new Error(`unknown scenario ${scenario}`);
}

result.collected = collected;
result.startBytes = startBytes;
result.endBytes = memory.buffer.byteLength;
process.stdout.write(`${JSON.stringify(result)}\n`);
