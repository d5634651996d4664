// Input documents (account, market, orders, config) to the JSON text the core reads. JSON.stringify
// alone would be wrong silently: NaN and Infinity become null (then "missing"), functions, symbols
// and Map contents vanish, a BigInt, a cycle or deep nesting throws a bare TypeError/RangeError,
// and a lone surrogate becomes text the core rejects without saying where. So the value is walked
// first, without recursion, and the first problem is reported with its path. The limits are the
// core's own (src/common/checks.hpp), read from the wasm.
import { fail } from './errors.mjs';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (text) => text.isWellFormed()
  : (text) => !LONE_SURROGATE.test(text);

function kindOf(value) {
  return value?.constructor?.name ?? 'object without a prototype';
}

// The path of a stack item, spelt only for an error (a path per value was a string built for
// every number of every document).
function pathOf(item) {
  const parts = [];
  for (let at = item; at.parent !== undefined; at = at.parent) parts.push(at.array ? `[${at.key}]` : `.${at.key}`);
  return item.root + parts.reverse().join('');
}

// Throws for the first value (in document order) that JSON cannot carry faithfully.
function inspect(root, field, maxDepth) {
  const ancestors = new Set();  // objects on the path to the current one: a repeat is a cycle
  const stack = [{ value: root, root: field, parent: undefined, depth: 1 }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item.leave) {
      ancestors.delete(item.leave);
      continue;
    }
    const { depth } = item;
    let { value } = item;
    // As JSON.stringify does: a Date (or anything with toJSON) is written as what toJSON returns.
    if (value !== null && typeof value === 'object' && typeof value.toJSON === 'function') value = value.toJSON();
    switch (typeof value) {
      case 'number':
        if (!Number.isFinite(value)) fail('NOT_FINITE', pathOf(item), `${pathOf(item)} must be a finite number, got ${value}`);
        continue;
      case 'string':
        if (!wellFormed(value)) fail('INVALID_JSON', pathOf(item), `${pathOf(item)} holds a lone surrogate: not valid Unicode text`);
        continue;
      case 'bigint':
        fail('INVALID_TYPE', pathOf(item), `${pathOf(item)} is a BigInt: pass a Number`);
        break;
      case 'function':
      case 'symbol':
        fail('INVALID_TYPE', pathOf(item), `${pathOf(item)} is a ${typeof value}: JSON cannot carry it`);
        break;
      case 'object':
        break;
      default:  // undefined (absent, as in JSON.stringify) and booleans
        continue;
    }
    if (value === null) continue;
    if (ancestors.has(value)) fail('INVALID_JSON', pathOf(item), `${pathOf(item)} contains itself (a circular reference)`);
    if (depth > maxDepth) fail('NESTING_TOO_DEEP', pathOf(item), `${pathOf(item)} nests deeper than ${maxDepth} levels`);
    if (value instanceof Map || value instanceof Set || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      fail('INVALID_TYPE', pathOf(item), `${pathOf(item)} must be a plain object or array, got a ${kindOf(value)}`);
    }
    ancestors.add(value);
    stack.push({ leave: value });
    const isArray = Array.isArray(value);
    const keys = isArray ? Array.from(value.keys()) : Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i -= 1) {  // pushed backwards: popped in document order
      const key = keys[i];
      if (!isArray && !wellFormed(key)) fail('INVALID_JSON', pathOf(item), `${pathOf(item)} has a key holding a lone surrogate`);
      stack.push({ value: value[key], root: item.root, parent: item, key, array: isArray, depth: depth + 1 });
    }
  }
}

export function makeDocuments(limits) {
  // `value` -> JSON text; `optional`: undefined gives '' (the core's defaults); `strings`: a
  // string is a document too (an instrument name).
  return function toJson(value, field, optional = false, strings = false) {
    if (value === undefined && optional) return '';
    if (value === null || (typeof value !== 'object' && !(strings && typeof value === 'string'))) {
      fail(value === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE', field, `${field} must be ${strings ? 'a name or an object' : 'an object'}`);
    }
    inspect(value, field, limits.maxNestingDepth);
    const text = JSON.stringify(value);
    // A toJSON() that gives nothing leaves no document: as if none was given.
    if (text === undefined) return optional ? '' : fail('MISSING_FIELD', field, `${field} is required`);
    // UTF-16 units here; the core counts UTF-8 bytes and checks again.
    if (text.length > limits.maxDocumentBytes) {
      fail('DOCUMENT_TOO_LARGE', field, `${field} is ${text.length} characters of JSON; the limit is ${limits.maxDocumentBytes}`);
    }
    return text;
  };
}
