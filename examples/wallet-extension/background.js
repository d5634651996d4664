// MV3 module service worker: the wallet's back end. marginkit loads its .wasm from
// ./vendor/marginkit.wasm (next to the module, via import.meta.url); the extension CSP allows
// compiling it with 'wasm-unsafe-eval'. Listeners are registered synchronously on the first turn
// (Chrome wakes a stopped worker for them); the engine is created lazily (engine.js).
//
// Messages:
//   from a dApp page (externally_connectable, onMessageExternal): a sign request (protocol.js);
//     the answer is sent when the user decides in the confirmation window.
//   from the extension's own pages (onMessage):
//     { type: 'marginkit:price' }                          -> { ok: true, greeks }   (popup)
//     { type: REVIEW, requestId }                          -> { ok: true, requestId, origin, order, review }
//     { type: DECIDE, requestId, decision: 'sign'|'reject' } -> { ok: true, signed | rejected, review? }
//   every failure -> { ok: false, error: { name, code, field, message } }
import { getEngine } from './engine.js';
import { OPTION } from './option.js';
import { DECIDE, REVIEW, badRequestAnswer, parseSignRequest, walletErrorAnswer } from './protocol.js';
import { decide, openSignRequest, reviewRequest, windowClosed } from './sign-requests.js';

async function priceOption() {
  const mk = await getEngine();
  return mk.price(OPTION);
}

chrome.runtime.onMessageExternal.addListener((message, sender, sendResponse) => {
  let request;
  try {
    request = parseSignRequest(message);
  } catch (error) {
    sendResponse(badRequestAnswer(error.message));
    return false;
  }
  openSignRequest(request, sender.origin, sendResponse).catch((error) => sendResponse(walletErrorAnswer(error)));
  return true; // answered when the user decides
});

const handlers = {
  'marginkit:price': async () => ({ greeks: await priceOption() }),
  [REVIEW]: (message) => reviewRequest(message.requestId),
  [DECIDE]: (message) => decide(message.requestId, message.decision),
};

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlers[message?.type];
  // Only the extension's own pages talk to this listener (content scripts would too; it has none).
  if (!handler || sender.id !== chrome.runtime.id) return false;
  handler(message).then(
    (result) => sendResponse({ ok: true, ...result }),
    (error) => sendResponse({ ok: false, error: { name: error?.name, code: error?.code, field: error?.field, message: String(error?.message ?? error) } }),
  );
  return true; // sendResponse is called asynchronously
});

chrome.windows.onRemoved.addListener((windowId) => {
  windowClosed(windowId).catch((error) => console.warn('answering a closed confirmation window:', error));
});

// For tests and for the DevTools console of the service worker: `await marginkitPrice()`.
globalThis.marginkitPrice = priceOption;
