// Checks at the JS door: shapes and types that the core cannot see (a string where a number
// belongs, an unknown enum name, a missing field). Values are checked again in the core.
import { fail } from './errors.mjs';

export function requireObject(value, field) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail('INVALID_TYPE', field, `${field} must be an object`);
  }
  return value;
}

export function requireNumber(source, field, fallback) {
  const value = source[field];
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    fail('MISSING_FIELD', field, `${field} is required`);
  }
  if (typeof value !== 'number') {
    fail('INVALID_TYPE', field, `${field} must be a number, got ${typeof value}`);
  }
  return value;
}

// Maps a string option to the small integer the core uses; `choices` is { name: integer }.
export function requireEnum(source, field, choices, fallback) {
  const value = source[field];
  if (value === undefined && fallback !== undefined) return choices[fallback];
  if (value === undefined) {
    fail('MISSING_FIELD', field, `${field} is required: one of ${Object.keys(choices).join(', ')}`);
  }
  if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(choices, value)) {
    fail('INVALID_ENUM', field,
      `${field} must be one of ${Object.keys(choices).map((c) => `'${c}'`).join(', ')}, got ${String(value)}`);
  }
  return choices[value];
}

export const OPTION_TYPES = { call: 1, put: -1 };
export const MODELS = { bsm: 0, black76: 1 };
export const SETTLEMENTS = { linear: 0, inverse: 1 };
export const GREEK_UNITS = { annual: 0, trader: 1 };
