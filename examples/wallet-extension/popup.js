// The popup prices the option itself (marginkit in the page) and asks the service worker for the
// same price, then shows both. Inline scripts are not allowed by MV3, hence this external module.
import { createMarginKit } from './vendor/marginkit.mjs';
import { OPTION } from './option.js';

const TIMEOUT_MS = 10000;

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function priceHere() {
  const mk = await withTimeout(createMarginKit(), 'createMarginKit');
  return mk.price(OPTION);
}

async function priceInServiceWorker() {
  const answer = await withTimeout(chrome.runtime.sendMessage({ type: 'marginkit:price' }), 'service worker');
  if (!answer?.ok) throw new Error(`service worker: ${answer?.error?.message ?? 'no answer'}`);
  return answer.greeks;
}

function show(id, settled) {
  const cell = document.getElementById(id);
  cell.textContent = settled.status === 'fulfilled'
    ? `${settled.value.price.toFixed(2)} USD (delta ${settled.value.delta.toFixed(4)})`
    : `error: ${settled.reason?.message ?? settled.reason}`;
  return settled.status === 'fulfilled' ? settled.value : { error: String(settled.reason?.message ?? settled.reason) };
}

const [popup, serviceWorker] = await Promise.allSettled([priceHere(), priceInServiceWorker()]);
window.__marginkitResult = { popup: show('popup', popup), serviceWorker: show('service-worker', serviceWorker) };
