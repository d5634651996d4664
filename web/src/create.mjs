// createMarginKit: instantiate the wasm module once and wrap it in the public API.
import { MarginKitError, fail } from './errors.mjs';
import { makePricing } from './pricing.mjs';

export const VERSION = '0.1.0';

// `defaultSource()` gives what to instantiate when the caller names nothing: bytes in node, a URL
// in browsers. Options: { wasmModule?: WebAssembly.Module, wasmBinary?: BufferSource,
// wasmUrl?: string | URL }; the first present wins.
export function makeCreateMarginKit(createModule, defaultSource) {
  let shared;
  return function createMarginKit(options) {
    if (options === undefined) {
      // One engine per realm: import and require of the package share it.
      shared ??= instantiate(createModule, {}, defaultSource).catch((error) => {
        shared = undefined;
        throw error;
      });
      return shared;
    }
    if (options === null || typeof options !== 'object') {
      return Promise.reject(new MarginKitError('INVALID_TYPE', 'options', 'options must be an object'));
    }
    return instantiate(createModule, options, defaultSource);
  };
}

async function instantiate(createModule, options, defaultSource) {
  const source = options.wasmModule ?? options.wasmBinary ?? options.wasmUrl ?? (await defaultSource());
  // The glue's own promise never settles when instantiation fails, so a failure is raced in.
  let loadFailed;
  const failure = new Promise((_, reject) => { loadFailed = reject; });
  const wasm = await Promise.race([
    createModule({
      instantiateWasm(imports, receiveInstance) {
        instantiateFrom(source, imports).then(
          ({ instance, module }) => receiveInstance(instance, module),
          loadFailed,
        );
        return {}; // asynchronous instantiation
      },
    }),
    failure,
  ]);
  return makeApi(wasm);
}

async function instantiateFrom(source, imports) {
  if (source instanceof WebAssembly.Module) {
    return { instance: await WebAssembly.instantiate(source, imports), module: source };
  }
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
    return WebAssembly.instantiate(source, imports);
  }
  const response = await fetch(String(source));
  if (!response.ok) {
    fail('INTERNAL', 'wasmUrl', `could not load ${String(source)}: HTTP ${response.status}`);
  }
  const isWasmMime = (response.headers.get('content-type') || '').startsWith('application/wasm');
  if (isWasmMime && WebAssembly.instantiateStreaming) {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

function makeApi(wasm) {
  const codeNames = Array.from({ length: wasm._errorCodeCount() }, (_, i) => wasm._errorCodeName(i));
  wasm.codeName = (code) => codeNames[code] ?? 'INTERNAL';
  const throwStatus = (status) => {
    if (status.code !== 0) throw new MarginKitError(wasm.codeName(status.code), status.field, status.message);
  };
  return Object.freeze({
    version: VERSION,
    errorCodes: Object.freeze(codeNames.slice()),
    ...makePricing(wasm, throwStatus),
  });
}
