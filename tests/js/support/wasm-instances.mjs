// The public API does not expose the wasm memory. To observe it without touching the package,
// importing this module wraps the global WebAssembly.instantiate (do it before any engine is
// created) and keeps every instance made from then on; memoryOf gives an instance's exported
// WebAssembly.Memory. A wasm heap never shrinks, so "no leak" is "its byteLength does not change".
// allocatorOf reads the allocator's state instead, which sees a leak long before the heap grows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const instances = [];
const originalInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function instantiate(...args) {
  const result = await originalInstantiate.apply(this, args);
  instances.push(result instanceof WebAssembly.Instance ? result : result.instance);
  return result;
};

export function memoryOf(instance) {
  const memories = Object.values(instance.exports).filter((v) => v instanceof WebAssembly.Memory);
  assert.equal(memories.length, 1, 'the wasm instance exports one memory');
  return memories[0];
}

// The module's own malloc and free (exported for the glue under minified names, which the
// package's CommonJS glue spells out: Module["_malloc"] = Module["asm"]["u"]), and `top()`: where
// a 1 MiB block lands, i.e. the start of the free space above everything allocated (a fresh
// engine has no freed hole that large). A leak of L bytes per call moves it up by N (L + the
// allocator's 8-byte header, rounded up to 8) over N calls, however much free heap is left.
export function allocatorOf(instance) {
  const glue = readFileSync(createRequire(import.meta.url).resolve('marginkit'), 'utf8');
  const exportOf = (name) => {
    const found = glue.match(new RegExp(`Module\\["${name}"\\] = Module\\["asm"\\]\\["(\\w+)"\\]`));
    assert.ok(found, `the glue names no export for ${name}`);
    const fn = instance.exports[found[1]];
    assert.equal(typeof fn, 'function', `${name} is export ${found[1]}`);
    return fn;
  };
  const malloc = exportOf('_malloc');
  const free = exportOf('_free');
  const top = () => {
    const block = malloc(1 << 20);
    assert.ok(block > 0, 'malloc(1 MiB) failed');
    free(block);
    return block;
  };
  return { malloc, free, top };
}
