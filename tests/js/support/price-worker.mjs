// An ES module worker_threads worker: imports marginkit (node's ES entry), prices what it is
// sent and posts the Greeks back. With { wasmModule } in the message it instantiates that
// already-compiled module instead of reading the .wasm itself.
import { parentPort } from 'node:worker_threads';
import { createMarginKit, MarginKitError } from 'marginkit';

parentPort.on('message', async ({ option, wasmModule }) => {
  try {
    const mk = await createMarginKit(wasmModule ? { wasmModule } : undefined);
    let invalidCode;
    try { mk.price({ ...option, vol: -1 }); } catch (e) { invalidCode = e instanceof MarginKitError ? e.code : String(e); }
    parentPort.postMessage({ resolved: import.meta.resolve('marginkit'), greeks: mk.price(option), invalidCode });
  } catch (error) {
    parentPort.postMessage({ error: `${error?.name}: ${error?.message ?? error}` });
  }
});
