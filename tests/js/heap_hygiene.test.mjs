// Heap hygiene of prepared accounts (mk.prepare). The wasm heap never shrinks: what piles up
// in it stays as address space for good. Each scenario runs in a fresh `node --expose-gc`
// process (tests/js/support/heap-hygiene-child.mjs) on the sample account, whose prepared account
// holds about 10.8 KB of wasm heap; a fresh engine has a 16 MiB heap with about 9 MiB free.
//  - 20,000 prepared accounts made and deleted: the heap does not grow at all (freed blocks
//    reused); nor does it when prepared accounts of 7 to 607 positions are made and deleted in
//    random order.
//  - 20,000 dropped without delete(), with gc() and a macrotask every 500: at most ~1,000 are
//    garbage at any time (500 since the last collection, and up to 500 whose callbacks have not
//    run yet), 1,000 x 10.8 KB = 10.5 MiB, so the heap may not grow past 16 + 12 MiB; it stays
//    at 16 MiB in practice (reported).
//  - The JS engine is told what a live prepared account holds: process.memoryUsage().arrayBuffers
//    grows with live prepared accounts about as much as the wasm heap, and falls back after
//    delete().
//  - Left to itself (no gc() calls, a macrotask after each prepared account), V8 collects
//    forgotten prepared accounts as they add up: reported, and bounded only loosely (by V8's
//    64 MiB external memory limit), since when it collects is V8's choice.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const child = join(dirname(fileURLToPath(import.meta.url)), 'support', 'heap-hygiene-child.mjs');
const MiB = 1024 * 1024;

function scenario(name, count) {
  const out = execFileSync(process.execPath, ['--expose-gc', child, name, String(count)], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;

describe('wasm heap of prepared accounts', () => {
  it('20,000 made and deleted leave the heap flat', (t) => {
    const r = scenario('delete', 20_000);
    assert.equal(r.endBytes, r.startBytes, `20,000 deleted prepared accounts grew the heap from ${mib(r.startBytes)} to ${mib(r.endBytes)}`);
    t.diagnostic(`heap ${mib(r.startBytes)} -> ${mib(r.endBytes)}`);
  });

  it('prepared accounts of many sizes deleted in any order: the freed memory is reused', (t) => {
    const r = scenario('mixed', 1000);
    assert.equal(r.endBytes, r.warmBytes, `1,000 more prepared accounts of 7-607 positions grew the heap from ${mib(r.warmBytes)} to ${mib(r.endBytes)}`);
    t.diagnostic(`heap ${mib(r.startBytes)}, after warm-up ${mib(r.warmBytes)}, end ${mib(r.endBytes)}`);
  });

  it('20,000 dropped without delete(), with gc() every 500, stay within 12 MiB of heap growth', (t) => {
    const r = scenario('gc', 20_000);
    assert.ok(r.endBytes <= r.startBytes + 12 * MiB,
      `20,000 forgotten prepared accounts grew the heap from ${mib(r.startBytes)} to ${mib(r.endBytes)}`);
    // The last callbacks come when the engine runs them (here, at times, not within a second).
    assert.ok(r.collected >= 19_000, `only ${r.collected} of 20,000 forgotten prepared accounts were collected`);
    t.diagnostic(`heap ${mib(r.startBytes)} -> ${mib(r.endBytes)}; ${r.collected} collected`);
  });

  it('the JS engine is told what live prepared accounts hold, and no more after delete()', (t) => {
    const r = scenario('live', 8_000);
    // The wasm heap grows in steps (up to 20 % ahead) and started with some free: loose bounds.
    const ratio = r.arrayBuffersGrowthBytes / r.wasmGrowthBytes;
    assert.ok(ratio > 0.7 && ratio < 1.5,
      `8,000 live prepared accounts: external memory ${mib(r.arrayBuffersGrowthBytes)} for ${mib(r.wasmGrowthBytes)} of wasm heap growth`);
    assert.ok(r.arrayBuffersAfterDeleteBytes < MiB,
      `after delete() and gc(), ${mib(r.arrayBuffersAfterDeleteBytes)} of external memory remain`);
    t.diagnostic(`8,000 live: wasm heap +${mib(r.wasmGrowthBytes)}, external memory +${mib(r.arrayBuffersGrowthBytes)} `
      + `(${(r.arrayBuffersGrowthBytes / 8000 / 1024).toFixed(1)} KB each); after delete(): ${r.arrayBuffersAfterDeleteBytes} bytes`);
  });

  it('left to itself, V8 collects forgotten prepared accounts as they add up (reported; loosely bounded)', (t) => {
    const r = scenario('natural', 20_000);
    // 20,000 x 10.8 KB = 206 MiB if nothing were collected.
    assert.ok(r.endBytes <= r.startBytes + 96 * MiB, `heap ${mib(r.startBytes)} -> ${mib(r.endBytes)}`);
    t.diagnostic(`no gc() calls, a macrotask after each: heap ${mib(r.startBytes)} -> ${mib(r.endBytes)}; `
      + `${r.collected} of 20,000 collected by the end`);
  });
});
