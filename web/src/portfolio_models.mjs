// Portfolio-margin models over the wasm module (web/src/exports.mjs): JSON text in, JSON text out, so that every check
// and formula lives in the C++ core (src/portfolio, src/io/derive_pm2_json.cpp).
import { makeDocuments } from './documents.mjs';

// `limits`: the core's input limits ({ maxNestingDepth, maxDocumentBytes }).
export function makePortfolioModels(wasm, throwStatus, limits) {
  const toJson = makeDocuments(limits);

  // Derive's PM2 model: inputs and params in the format of its published cases.
  function derivePm2(inputs, params) {
    const result = wasm._derivePm2(toJson(inputs, 'inputs'), toJson(params, 'params'));
    throwStatus(result.status);
    return JSON.parse(result.json);
  }

  return { derivePm2 };
}
