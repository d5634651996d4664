// accountRisk, preview and prepare over the wasm module (web/src/exports.mjs): inputs go in as JSON text, results
// come back as JSON text, so every check and formula lives in the C++ core (src/io, src/margin, ...).
import { makeDocuments } from './documents.mjs';
import { fail, guard } from './errors.mjs';

// One order is orders[0] everywhere, in error fields too.
const asOrderList = (orders) =>
  (orders !== null && typeof orders === 'object' && !Array.isArray(orders) ? [orders] : orders);

// `limits`: the core's input limits ({ maxNestingDepth, maxDocumentBytes }).
export function makeMargin(wasm, throwStatus, limits) {
  const toJson = makeDocuments(limits);
  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((handle) => wasm._preparedDelete(handle))
    : undefined;

  // An account the wasm side keeps prepared (src/preview/prepared_account_preview.hpp), known
  // here by its handle. delete() frees it at once; one the caller forgets is freed when garbage
  // collected.
  // The JS engine sees only this small object, not the wasm memory behind it, and starts a
  // collection by the memory it sees: `weight`, a buffer as large as that wasm memory
  // (created.bytes), lets it see it (V8 counts ArrayBuffers as external memory; measured in node,
  // tests/js/heap_hygiene.test.mjs, and in Chromium), so forgotten prepared accounts bring on
  // collections in proportion to what they hold. It lives and dies with the prepared account;
  // delete() lets it go.
  function prepare(account, market, config) {
    const created = wasm._prepare(toJson(account, 'account'), toJson(market, 'market'),
      toJson(config, 'config', true));
    throwStatus(created.status);
    let handle = created.handle;
    let weight = null;
    try {
      weight = new ArrayBuffer(created.bytes);
    } catch {
      // No room for it (RangeError): the prepared account works all the same, only unweighed.
    }
    const live = (what) => {
      if (handle === 0) fail('INVALID_HANDLE', 'prepared', `prepared.${what}() after delete()`);
      return handle;
    };
    const answer = (result) => {
      throwStatus(result.status);
      return JSON.parse(result.json);
    };
    const self = Object.freeze({
      risk: guard(() => answer(wasm._preparedRisk(live('risk')))),
      preview: guard((orders, options) => answer(wasm._preparedPreview(live('preview'),
        toJson(asOrderList(orders), 'orders'), toJson(options, 'options', true)))),
      stress: guard((moves) => answer(wasm._preparedStress(live('stress'), toJson(moves, 'moves')))),
      get deleted() {
        return handle === 0;
      },
      delete() {
        if (handle === 0) return;
        registry?.unregister(self);
        wasm._preparedDelete(handle);
        handle = 0;
        weight = null;
      },
    });
    registry?.register(self, handle, self);
    return self;
  }

  function instrument(ref) {
    const result = wasm._instrument(toJson(ref, 'instrument', false, true));
    throwStatus(result.status);
    return JSON.parse(result.json);
  }

  function accountRisk(account, market, config) {
    const result = wasm._accountRisk(toJson(account, 'account'), toJson(market, 'market'),
      toJson(config, 'config', true));
    throwStatus(result.status);
    return JSON.parse(result.json);
  }

  function preview(account, market, orders, config) {
    const result = wasm._preview(toJson(account, 'account'), toJson(market, 'market'),
      toJson(asOrderList(orders), 'orders'), toJson(config, 'config', true));
    throwStatus(result.status);
    return JSON.parse(result.json);
  }

  function stress(account, market, moves, config) {
    const result = wasm._stress(toJson(account, 'account'), toJson(market, 'market'), toJson(moves, 'moves'),
      toJson(config, 'config', true));
    throwStatus(result.status);
    return JSON.parse(result.json);
  }

  return { instrument, accountRisk, preview, prepare, stress };
}
