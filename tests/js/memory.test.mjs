// Memory behaviour of the engine: a batch that grows the wasm heap past its initial 16 MiB does not
// disturb earlier results (they are copies) and is computed correctly (heap views are re-read
// after growth); a million price() calls, many impliedVol() calls and many batches (including
// failing ones) leave the heap where it was, and the allocator too.
//
// The wasm memory is observed through tests/js/support/wasm-instances.mjs (imported before the
// engine is created). A wasm heap never shrinks, so "no leak" is "its byteLength does not
// change"; but a leak of L bytes per call shows there only once the calls add up to more than
// the free heap (about 11 MiB in a fresh engine): L >~ 11 bytes over 1e6 calls, L >~ 1 KB over
// 1e4. So the fresh engine's allocator is read too (allocatorOf: where a 1 MiB block lands, the
// start of the unused top of the heap), which moves by 24 bytes per leaked 16-byte block:
// every loop must leave it within 4 KiB, which a 16-byte leak per call of the smallest loop
// (1e4 calls) exceeds 58 times over, as the test checks by holding 1e4 such blocks itself.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { allocatorOf, instances, memoryOf } from './support/wasm-instances.mjs';
const { createMarginKit, MarginKitError } = await import('marginkit');

const MiB = 1024 * 1024;
const OUTPUTS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'];

function columns(n, seed) {
  let s = seed;
  const random = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const b = { type: new Int8Array(n), underlying: new Float64Array(n), strike: new Float64Array(n),
    t: new Float64Array(n), vol: new Float64Array(n), rate: new Float64Array(n), carry: new Float64Array(n) };
  for (let i = 0; i < n; i += 1) {
    b.type[i] = random() < 0.5 ? 1 : -1;
    b.underlying[i] = 100 + 1000 * random();
    b.strike[i] = b.underlying[i] * (0.7 + 0.6 * random());
    b.t[i] = 0.01 + 2 * random();
    b.vol[i] = 0.1 + random();
    b.rate[i] = 0.05 * random();
    b.carry[i] = 0.03 * random();
  }
  return b;
}

function rowOption(b, i) {
  return { type: b.type[i] === 1 ? 'call' : 'put', model: 'bsm', underlying: b.underlying[i], strike: b.strike[i],
    t: b.t[i], vol: b.vol[i], rate: b.rate[i], carry: b.carry[i] };
}

describe('wasm memory', () => {
  let mk;
  let memory;
  before(async () => {
    mk = await createMarginKit();
    assert.equal(instances.length, 1, 'the shared engine was instantiated through WebAssembly.instantiate');
    memory = memoryOf(instances[0]);
  });

  it('a batch that grows the heap past 16 MiB is right and leaves earlier results intact', () => {
    const initialBytes = memory.buffer.byteLength;
    assert.ok(initialBytes <= 16 * MiB, `initial heap ${initialBytes / MiB} MiB`);

    const small = columns(1000, 1);
    const early = mk.priceBatch(small);
    const earlyCopy = Object.fromEntries(OUTPUTS.map((n) => [n, early[n].slice()]));
    const earlyPrice = mk.price(rowOption(small, 0));

    const n = 400000; // 12 columns of 400,000 doubles: ~38 MiB of scratch
    const big = columns(n, 2);
    const result = mk.priceBatch(big);
    assert.ok(memory.buffer.byteLength > 16 * MiB,
      `the heap grew (now ${memory.buffer.byteLength / MiB} MiB); otherwise this test does not test growth`);

    // Earlier results: untouched, and never views of the (now replaced) wasm buffer.
    for (const name of OUTPUTS) {
      assert.deepEqual(early[name], earlyCopy[name], `${name} changed after the heap grew`);
      assert.notEqual(early[name].buffer, memory.buffer);
      assert.notEqual(result[name].buffer, memory.buffer);
      assert.equal(result[name].length, n);
    }
    assert.deepEqual(mk.price(rowOption(small, 0)), earlyPrice);

    // The big batch itself is right everywhere, including rows written after growth.
    for (const i of [0, 1, 2, 1234, 99999, 200000, 333333, n - 2, n - 1]) {
      const g = mk.price(rowOption(big, i));
      for (const name of OUTPUTS) assert.ok(Object.is(result[name][i], g[name]), `row ${i} ${name}`);
    }
    for (const name of OUTPUTS) {
      assert.ok(result[name].every(Number.isFinite), `${name}: every row finite`);
    }
    // Run again on the grown heap: the same numbers.
    const again = mk.priceBatch(big);
    for (const name of OUTPUTS) assert.deepEqual(again[name], result[name], `${name} differs on a second run`);
  });

  it('repeated large batches, passing and failing, do not grow the heap further', () => {
    const b = columns(100000, 3);
    mk.priceBatch(b); // warm: the heap is big enough for this size now
    const bad = { ...b, vol: b.vol.slice() };
    bad.vol[99999] = NaN; // the last row fails: the whole scratch block is in use when it throws
    const start = memory.buffer.byteLength;
    for (let k = 0; k < 15; k += 1) {
      mk.priceBatch(b);
      assert.throws(() => mk.priceBatch(bad), (e) => e instanceof MarginKitError && e.index === 99999);
      mk.priceBatch({ ...bad, onInvalidRow: 'nan' });
    }
    assert.equal(memory.buffer.byteLength, start,
      `45 batches of 100,000 rows grew the heap from ${start / MiB} to ${memory.buffer.byteLength / MiB} MiB`);
  });

  it('10^6 price() calls (and errors, impliedVol, small batches) leave a fresh engine\'s heap and allocator where they were', async (t) => {
    // A fresh engine, so that its free heap is small (nothing freed by big batches to hide a leak).
    const instancesBefore = instances.length;
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const wasmBinary = readFileSync(createRequire(import.meta.url).resolve('marginkit/marginkit.wasm'));
    const fresh = await createMarginKit({ wasmBinary });
    assert.equal(instances.length, instancesBefore + 1);
    const freshMemory = memoryOf(instances.at(-1));
    assert.notEqual(freshMemory, memory);
    const allocator = allocatorOf(instances.at(-1));
    const slack = 4096; // bytes the allocator's top may move over a loop (it moves by 0 today)

    const option = { type: 'call', model: 'black76', underlying: 50000, strike: 52000, t: 0.1, vol: 0.6, rate: 0.01, settlement: 'inverse', units: 'trader' };
    const expected = fresh.price(option);
    const ivInput = { type: 'call', model: 'black76', underlying: 50000, strike: 52000, t: 0.1, rate: 0.01, price: 2000 };
    let last;
    const loops = [
      ['price()', 1e6, () => {
        last = fresh.price(option);
      }],
      // Errors carry a std::string message and field across the boundary: they must be freed too.
      ['failing price()', 2e5, (i) => {
        try {
          fresh.price({ ...option, vol: -1 - i });
        } catch (e) {
          if (!(e instanceof MarginKitError)) throw e;
        }
      }],
      ['impliedVol()', 1e5, () => fresh.impliedVol(ivInput)],
      ['small priceBatch()', 1e4, () => fresh.priceBatch({ type: [1, -1, 1], underlying: 100, strike: [90, 100, 110], t: 1, vol: 0.5 })],
    ];
    for (const [, , call] of loops) for (let i = 0; i < 10; i += 1) call(i); // warm
    const start = freshMemory.buffer.byteLength;
    for (const [what, calls, call] of loops) {
      const top = allocator.top();
      const startedAt = performance.now();
      for (let i = 0; i < calls; i += 1) call(i);
      const elapsed = performance.now() - startedAt;
      const moved = allocator.top() - top;
      assert.ok(Math.abs(moved) <= slack, `${calls} ${what} calls moved the allocator's top by ${moved} bytes`);
      assert.equal(freshMemory.buffer.byteLength, start,
        `${calls} ${what} calls grew the heap from ${start / MiB} to ${freshMemory.buffer.byteLength / MiB} MiB`);
      // Informational: the JS-side cost of one call.
      t.diagnostic(`${calls} ${what} calls took ${(elapsed / 1000).toFixed(2)} s (${((elapsed * 1e3) / calls).toFixed(2)} us per call)`);
    }
    assert.deepEqual(last, expected);
    assert.deepEqual(fresh.price(option), expected);

    // Sensitivity: 1e4 blocks of 16 bytes kept (a 16-byte leak per call of the smallest loop)
    // move the top far beyond the slack, and back when freed.
    const top = allocator.top();
    const held = Array.from({ length: 1e4 }, () => allocator.malloc(16));
    const moved = allocator.top() - top;
    for (const block of held) allocator.free(block);
    assert.ok(moved >= 16 * 1e4 && moved > slack, `1e4 leaked 16-byte blocks moved the top by only ${moved} bytes`);
    assert.equal(allocator.top(), top);
  });
});
