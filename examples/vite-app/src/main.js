// The same file is built by Vite, webpack 5 and esbuild (see README.md): price one option on the
// main thread and again in a module Web Worker, show both, and expose them for the tests as
// window.__marginkitResult = { main, worker }.
import { createMarginKit } from 'marginkit';
import { OPTION } from './option.js';

function priceInWorker(option) {
  return new Promise((resolve, reject) => {
    // Keep this expression literal: bundlers recognise `new Worker(new URL(..., import.meta.url))`
    // and bundle worker.js (with its own copy of marginkit) as a separate file.
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => {
      worker.terminate();
      if (event.data.error) reject(new Error(`worker: ${event.data.error}`));
      else resolve(event.data.greeks);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`worker failed to start: ${event.message || 'unknown error'}`));
    };
    worker.postMessage(option);
  });
}

async function run() {
  const mk = await createMarginKit();
  const main = mk.price(OPTION);
  const worker = await priceInWorker(OPTION);
  return { main, worker };
}

const output = document.getElementById('output');
run().then(
  (result) => {
    output.textContent = JSON.stringify(result, null, 2);
    window.__marginkitResult = result;
  },
  (error) => {
    output.textContent = String(error?.stack ?? error);
    window.__marginkitResult = { error: `${error?.name}: ${error?.message ?? error}` };
  },
);
