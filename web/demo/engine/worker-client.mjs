// The page's side of the engine worker: numbered requests, a debounce for typing, and answers
// older than the latest request dropped before they reach the page.

const DEBOUNCE_MS = 60;

export function startEngine({ onAnswer, onLoaded }) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  let nextId = 1;
  let latestId = 0;
  let timer = null;
  let pendingBuild = null;

  worker.onmessage = ({ data }) => {
    if (data.phase === 'loaded') { onLoaded(data); return; }
    if (data.id !== latestId) return; // stale: a newer request is on its way
    onAnswer(data);
  };
  worker.onerror = (event) => {
    onLoaded({ error: { code: 'WASM_LOAD_FAILED', field: '', message: `the engine worker failed: ${event.message ?? 'unknown error'}` } });
  };

  function send(kind, payload) {
    latestId = nextId++;
    worker.postMessage({ id: latestId, kind, ...payload });
    return latestId;
  }

  return {
    // Evaluate soon: `build` is called when the debounce ends, so the request carries the state
    // as it is then. Returns nothing; answers arrive through onAnswer.
    evaluateSoon(build) {
      pendingBuild = build;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const request = pendingBuild();
        pendingBuild = null;
        if (request) send('evaluate', request);
        else latestId = nextId++; // nothing to ask: answers to earlier requests are stale too
      }, DEBOUNCE_MS);
    },
    get pending() { return pendingBuild !== null; },
    get latestId() { return latestId; },
    isolatedDefaults(inputs) { return send('isolatedDefaults', { inputs }); },
  };
}
