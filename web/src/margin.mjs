// accountRisk and preview over the Embind module: inputs go in as JSON text, results come back as
// JSON text, so every check and formula lives in the C++ core (src/io, src/margin, ...).
import { fail } from './errors.mjs';

function toJson(value, field, optional = false) {
  if (value === undefined && optional) return '';
  if (value === null || typeof value !== 'object') {
    fail(value === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE', field, `${field} must be an object`);
  }
  try {
    return JSON.stringify(value);
  } catch (error) {
    return fail('INVALID_JSON', field, `${field} cannot be written as JSON: ${error.message}`);
  }
}

export function makeMargin(wasm, throwStatus) {
  function accountRisk(account, market, config) {
    const result = wasm._accountRisk(toJson(account, 'account'), toJson(market, 'market'),
      toJson(config, 'config', true));
    throwStatus(result.status);
    return JSON.parse(result.json);
  }

  function preview(account, market, orders, config) {
    const result = wasm._preview(toJson(account, 'account'), toJson(market, 'market'),
      toJson(orders, 'orders'), toJson(config, 'config', true));
    throwStatus(result.status);
    return JSON.parse(result.json);
  }

  return { accountRisk, preview };
}
