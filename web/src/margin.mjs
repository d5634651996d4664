// accountRisk and preview over the Embind module: inputs go in as JSON text, results come back as
// JSON text, so every check and formula lives in the C++ core (src/io, src/margin, ...).
import { fail } from './errors.mjs';

// JSON has no NaN or Infinity (JSON.stringify would turn them into null, which the core would
// then report as a missing field): name them here, with their path.
function findNonFinite(value, path, seen) {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  const entries = Array.isArray(value) ? value.map((v, i) => [`${path}[${i}]`, v])
    : Object.entries(value).map(([k, v]) => [`${path}.${k}`, v]);
  for (const [childPath, child] of entries) {
    const found = findNonFinite(child, childPath, seen);
    if (found) return found;
  }
  return undefined;
}

function toJson(value, field, optional = false) {
  if (value === undefined && optional) return '';
  if (value === null || typeof value !== 'object') {
    fail(value === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE', field, `${field} must be an object`);
  }
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return fail('INVALID_JSON', field, `${field} cannot be written as JSON: ${error.message}`);
  }
  const nonFinite = findNonFinite(value, field, new Set());
  if (nonFinite) fail('NOT_FINITE', nonFinite, `${nonFinite} must be a finite number`);
  return text;
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
      // One order is orders[0] everywhere, in error fields too.
      toJson(orders !== null && typeof orders === 'object' && !Array.isArray(orders) ? [orders] : orders, 'orders'),
      toJson(config, 'config', true));
    throwStatus(result.status);
    return JSON.parse(result.json);
  }

  return { accountRisk, preview };
}
