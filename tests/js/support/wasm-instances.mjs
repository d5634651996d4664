// The public API does not expose the wasm memory. To observe it without touching the package,
// importing this module wraps the global WebAssembly.instantiate (do it before any engine is
// created) and keeps every instance made from then on; memoryOf gives an instance's exported
// WebAssembly.Memory. A wasm heap never shrinks, so "no leak" is "its byteLength does not change".
import assert from 'node:assert/strict';

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
