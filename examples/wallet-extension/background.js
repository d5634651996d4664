// MV3 module service worker. marginkit loads its .wasm from ./vendor/marginkit.wasm (next to the
// module, via import.meta.url); the extension CSP allows compiling it with 'wasm-unsafe-eval'.
//
// Service workers may not use top-level await, and listeners must be registered synchronously
// on the first turn, so the engine is a promise created once and awaited inside the listener.
import { createMarginKit } from './vendor/marginkit.mjs';
import { OPTION } from './option.js';

let engine;
function getEngine() {
  engine ??= createMarginKit().catch((error) => {
    engine = undefined; // let the next message try again
    throw error;
  });
  return engine;
}

async function priceOption() {
  const mk = await getEngine();
  return mk.price(OPTION);
}

// Message: { type: 'marginkit:price' } -> { ok: true, greeks } | { ok: false, error }.
// (An order preview will be answered here too once the margin engine exists.)
chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (message?.type !== 'marginkit:price') return false;
  priceOption().then(
    (greeks) => sendResponse({ ok: true, greeks }),
    (error) => sendResponse({ ok: false, error: { name: error?.name, code: error?.code, message: String(error?.message ?? error) } }),
  );
  return true; // sendResponse is called asynchronously
});

// For tests and for the DevTools console of the service worker: `await marginkitPrice()`.
globalThis.marginkitPrice = priceOption;
