// price, impliedVol and priceBatch over the wasm module (web/src/exports.mjs). Validation and defaults here; every
// formula lives in the C++ core.
import { fail } from './errors.mjs';
import {
  GREEK_UNITS, MODELS, OPTION_TYPES, SETTLEMENTS, requireEnum, requireNumber, requireObject,
} from './validate.mjs';

const BATCH_COLUMNS = ['underlying', 'strike', 't', 'vol', 'rate', 'carry'];
const BATCH_DEFAULTS = { rate: 0, carry: 0 };
const BATCH_OUTPUTS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'];

export function makePricing(wasm, throwStatus) {
  function price(option) {
    requireObject(option, 'option');
    const result = wasm._price(
      requireEnum(option, 'type', OPTION_TYPES),
      requireEnum(option, 'model', MODELS),
      requireNumber(option, 'underlying'),
      requireNumber(option, 'strike'),
      requireNumber(option, 't'),
      requireNumber(option, 'vol'),
      requireNumber(option, 'rate', 0),
      requireNumber(option, 'carry', 0),
      requireEnum(option, 'settlement', SETTLEMENTS, 'linear'),
      requireEnum(option, 'units', GREEK_UNITS, 'annual'),
    );
    throwStatus(result.status);
    return result.greeks;
  }

  function impliedVol(option) {
    requireObject(option, 'option');
    const result = wasm._impliedVol(
      requireEnum(option, 'type', OPTION_TYPES),
      requireEnum(option, 'model', MODELS),
      requireNumber(option, 'underlying'),
      requireNumber(option, 'strike'),
      requireNumber(option, 't'),
      requireNumber(option, 'rate', 0),
      requireNumber(option, 'carry', 0),
      requireNumber(option, 'price'),
      requireEnum(option, 'settlement', SETTLEMENTS, 'linear'),
    );
    throwStatus(result.status);
    return result.vol;
  }

  function priceBatch(batch, into) {
    requireObject(batch, 'batch');
    const types = batch.type;
    if (types === undefined) fail('MISSING_FIELD', 'type', 'type is required: an Int8Array of +1 (call) / -1 (put)');
    if (!(types instanceof Int8Array) && !Array.isArray(types)) {
      fail('INVALID_TYPE', 'type', 'type must be an Int8Array of +1 (call) / -1 (put)');
    }
    if (Array.isArray(types)) {
      const row = types.findIndex((v) => v !== 1 && v !== -1);
      if (row >= 0) fail('INVALID_ENUM', 'type', `type[${row}] must be +1 (call) or -1 (put), got ${String(types[row])}`, row);
    }
    const count = types.length;
    const columns = BATCH_COLUMNS.map((field) => batchColumn(batch, field, count));
    const model = requireEnum(batch, 'model', MODELS, 'bsm');
    const settlement = requireEnum(batch, 'settlement', SETTLEMENTS, 'linear');
    const units = requireEnum(batch, 'units', GREEK_UNITS, 'annual');
    const targets = outputTargets(into, count);
    const onInvalidRow = batch.onInvalidRow ?? 'throw';
    if (onInvalidRow !== 'throw' && onInvalidRow !== 'nan') {
      fail('INVALID_ENUM', 'onInvalidRow', "onInvalidRow must be 'throw' or 'nan'");
    }

    // One scratch block per call: column descriptors, inputs, outputs, error codes, types.
    const inputDoubles = columns.reduce((sum, c) => sum + (typeof c === 'number' ? 1 : count), 0);
    const descriptorBytes = 12 * 8;
    const inputBytes = inputDoubles * 8;
    const outputBytes = 6 * count * 8;
    const codeBytes = count * 4;
    const total = descriptorBytes + inputBytes + outputBytes + codeBytes + count + 8;
    const base = wasm._malloc(total);
    if (!base) fail('OUT_OF_RANGE', 'type', `cannot allocate scratch memory for ${count} options`);
    try {
      const heap = wasm.HEAPF64; // read after malloc: growing the heap replaces the buffer
      let cursor = base + descriptorBytes;
      columns.forEach((column, i) => {
        heap[base / 8 + 2 * i] = cursor;
        if (typeof column === 'number') {
          heap[cursor / 8] = column;
          heap[base / 8 + 2 * i + 1] = 0;
          cursor += 8;
        } else {
          heap.set(column, cursor / 8);
          heap[base / 8 + 2 * i + 1] = 1;
          cursor += count * 8;
        }
      });
      const outputs = cursor;
      const codes = outputs + outputBytes;
      const typeAddress = codes + codeBytes;
      wasm.HEAP8.set(types, typeAddress);
      const invalidRows = wasm._priceBatch(count, typeAddress, base, model, settlement, units, outputs, codes);
      const codeView = wasm.HEAP32.subarray(codes / 4, codes / 4 + count);
      if (invalidRows > 0 && onInvalidRow === 'throw') {
        const row = codeView.findIndex((code) => code !== 0);
        throwRowError(batch, columns, row, model, settlement, units);
      }
      const result = {};
      BATCH_OUTPUTS.forEach((name, i) => {
        const start = outputs / 8 + i * count;
        const results = wasm.HEAPF64.subarray(start, start + count);
        // Copies, never heap views: into the caller's arrays when given, else fresh ones. Fresh
        // ones by the constructor, not slice(): V8's slice zero-fills the new buffer before
        // copying into it, the constructor does not (about 2 ms of 7 per 48 MB of results).
        if (targets[name]) targets[name].set(results);
        result[name] = targets[name] ?? new Float64Array(results);
      });
      if (onInvalidRow === 'nan') {
        result.errorCode = new Int32Array(codeView); // a copy, as above
        result.invalidCount = invalidRows;
      }
      return result;
    } finally {
      wasm._free(base);
    }
  }

  // The batch kernel reports only a code per row; pricing that row alone names the field.
  function throwRowError(batch, columns, row, model, settlement, units) {
    const value = (i) => (typeof columns[i] === 'number' ? columns[i] : columns[i][row]);
    const result = wasm._price(batch.type[row], model, value(0), value(1), value(2), value(3),
      value(4), value(5), settlement, units);
    const field = result.status.field || 'type';
    const message = result.status.message || `type must be +1 (call) or -1 (put), got ${batch.type[row]}`;
    const code = result.status.code === 0 ? 'INVALID_ENUM' : wasm.codeName(result.status.code);
    fail(code, field, `row ${row}: ${message}`, row);
  }

  return { price, impliedVol, priceBatch };
}

// `into` lets a caller reuse its own output arrays across calls (no fresh 8 bytes x rows x 6).
function outputTargets(into, count) {
  if (into === undefined) return {};
  requireObject(into, 'into');
  for (const name of Object.keys(into)) {
    if (!BATCH_OUTPUTS.includes(name)) fail('INVALID_ENUM', `into.${name}`, `into.${name} is not a batch output (${BATCH_OUTPUTS.join(', ')})`);
    const target = into[name];
    if (!(target instanceof Float64Array)) fail('INVALID_TYPE', `into.${name}`, `into.${name} must be a Float64Array`);
    if (target.length !== count) fail('LENGTH_MISMATCH', `into.${name}`, `into.${name} has ${target.length} rows but type has ${count}`);
  }
  return into;
}

function batchColumn(batch, field, count) {
  const value = batch[field];
  if (value === undefined) {
    if (field in BATCH_DEFAULTS) return BATCH_DEFAULTS[field];
    fail('MISSING_FIELD', field, `${field} is required: a Float64Array or a number`);
  }
  if (typeof value === 'number') return value;
  if (value instanceof Float64Array || Array.isArray(value)) {
    if (value.length !== count) {
      fail('LENGTH_MISMATCH', field, `${field} has ${value.length} rows but type has ${count}`);
    }
    if (Array.isArray(value)) {
      // Copying into the heap would turn '100' into 100 and null into 0: refuse instead.
      const row = value.findIndex((v) => typeof v !== 'number');
      if (row >= 0) fail('INVALID_TYPE', field, `${field}[${row}] must be a number, got ${typeof value[row]}`, row);
    }
    return value;
  }
  return fail('INVALID_TYPE', field, `${field} must be a Float64Array or a number`);
}
