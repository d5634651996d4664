// The CommonJS twin of price-worker.mjs: require('marginkit') inside a worker_threads worker.
const { parentPort } = require('node:worker_threads');
const { createMarginKit, MarginKitError } = require('marginkit');

parentPort.on('message', async ({ option, wasmModule }) => {
  try {
    const mk = await createMarginKit(wasmModule ? { wasmModule } : undefined);
    let invalidCode;
    try { mk.price({ ...option, vol: -1 }); } catch (e) { invalidCode = e instanceof MarginKitError ? e.code : String(e); }
    parentPort.postMessage({ resolved: require.resolve('marginkit'), greeks: mk.price(option), invalidCode });
  } catch (error) {
    parentPort.postMessage({ error: `${error && error.name}: ${error && error.message || error}` });
  }
});
