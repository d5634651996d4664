// A module Web Worker: it imports marginkit like any module, instantiates its own engine (the
// .wasm is fetched relative to this bundle) and answers each message with the option's Greeks.
import { createMarginKit } from 'marginkit';

const engine = createMarginKit();

self.onmessage = async (event) => {
  try {
    const mk = await engine;
    self.postMessage({ greeks: mk.price(event.data) });
  } catch (error) {
    self.postMessage({ error: `${error?.name}: ${error?.message ?? error}` });
  }
};
