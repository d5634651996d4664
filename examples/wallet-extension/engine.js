// The service worker's marginkit engine, created on first use. Service workers may not use
// top-level await (and must register their listeners on the first turn), so the engine is a
// promise made once and awaited inside the listeners.
import { createMarginKit } from './vendor/marginkit.mjs';

let engine;
export function getEngine() {
  engine ??= createMarginKit().catch((error) => {
    engine = undefined; // let the next message try again
    throw error;
  });
  return engine;
}
