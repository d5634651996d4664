// createMarginKit: instantiate the wasm module once and wrap it in the public API.
import { MarginKitError, fail, guard } from './errors.mjs';
import { bindExports } from './exports.mjs';
import { makeMargin } from './margin.mjs';
import { makePortfolioModels } from './portfolio_models.mjs';
import { makePricing } from './pricing.mjs';

// Replaced at build time (scripts/build.mjs) with package.json's version.
export const VERSION = __MARGINKIT_VERSION__;

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

// Which option supplies the wasm, checked for type; undefined when none does.
function chooseSource(options) {
  if (options.wasmModule !== undefined) {
    if (!(options.wasmModule instanceof WebAssembly.Module)) {
      fail('INVALID_TYPE', 'wasmModule', 'wasmModule must be a WebAssembly.Module');
    }
    return { field: 'wasmModule', source: options.wasmModule };
  }
  if (options.wasmBinary !== undefined) {
    if (!ArrayBuffer.isView(options.wasmBinary) && !(options.wasmBinary instanceof ArrayBuffer)) {
      fail('INVALID_TYPE', 'wasmBinary', 'wasmBinary must be an ArrayBuffer or a typed array');
    }
    return { field: 'wasmBinary', source: options.wasmBinary };
  }
  if (options.wasmUrl !== undefined) {
    if (typeof options.wasmUrl !== 'string' && !(options.wasmUrl instanceof URL)) {
      fail('INVALID_TYPE', 'wasmUrl', 'wasmUrl must be a string or a URL');
    }
    return { field: 'wasmUrl', source: options.wasmUrl };
  }
  return undefined;
}

async function instantiate(createModule, options, defaultSource) {
  const chosen = chooseSource(options);
  let field = chosen?.field ?? 'wasmUrl';
  try {
    const source = chosen ? chosen.source : await defaultSource();
    if (!chosen && typeof source !== 'string' && !(source instanceof URL)) field = 'wasmBinary';
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
    return makeApi(bindExports(wasm));
  } catch (error) {
    if (error instanceof MarginKitError) throw error;
    throw new MarginKitError('WASM_LOAD_FAILED', field,
      `marginkit could not load its wasm from ${field}: ${error?.message ?? error}`);
  }
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
    fail('WASM_LOAD_FAILED', 'wasmUrl', `could not load ${String(source)}: HTTP ${response.status}`);
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
  const limits = Object.freeze({ maxNestingDepth: wasm._maxNestingDepth(), maxDocumentBytes: wasm._maxDocumentBytes() });
  const functions = { ...makePricing(wasm, throwStatus), ...makeMargin(wasm, throwStatus, limits),
    ...makePortfolioModels(wasm, throwStatus, limits) };
  for (const name of Object.keys(functions)) functions[name] = guard(functions[name]);
  // Deprecated alias of prepare (its old name, which read as portfolio margin), for one release:
  // the same function, not a wrapper, so mk.portfolio === mk.prepare.
  functions.portfolio = functions.prepare;
  const names = JSON.parse(wasm._names());
  return Object.freeze({
    version: VERSION,
    errorCodes: Object.freeze(codeNames.slice()),
    statuses: Object.freeze(names.statuses),
    warningCodes: Object.freeze(names.warningCodes),
    rejectReasons: Object.freeze(names.rejectReasons),
    limits,
    ...functions,
  });
}
