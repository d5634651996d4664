// Browser and worker loading options (needs the DOM lib): the .wasm from a URL, or compiled once
// and the WebAssembly.Module handed to a Web Worker, which calls createMarginKit({ wasmModule }).
import { createMarginKit, MarginKitError } from 'marginkit';
import type { MarginKit } from 'marginkit';

export async function loadFromUrl(url: string | URL): Promise<MarginKit> {
  try {
    return await createMarginKit({ wasmUrl: url });
  } catch (error) {
    if (error instanceof MarginKitError && error.code === 'WASM_LOAD_FAILED') {
      throw new Error(`marginkit.wasm not served at ${String(url)} (${error.field})`);
    }
    throw error;
  }
}

export async function startWorker(wasmUrl: URL, workerUrl: URL): Promise<Worker> {
  const wasmModule: WebAssembly.Module = await WebAssembly.compileStreaming(fetch(wasmUrl));
  await createMarginKit({ wasmModule }); // this thread's engine, from the same compiled module
  const worker = new Worker(workerUrl, { type: 'module' });
  worker.postMessage(wasmModule); // the worker: createMarginKit({ wasmModule: event.data })
  return worker;
}

export function fromBytes(bytes: ArrayBuffer | Uint8Array): Promise<MarginKit> {
  return createMarginKit({ wasmBinary: bytes });
}

// @ts-expect-error wasmUrl is a string or URL
createMarginKit({ wasmUrl: 42 });
