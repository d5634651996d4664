// validate(kind, value): does a document meet marginkit's rules for its kind, as the engine reads
// it? [] when it does, else every problem as { path, message }, the path in the engine's style
// ('account.positions[2].size'). The checks are the JSON Schemas of schemas/ compiled at build
// time (scripts/build-schemas.mjs); no ajv, no wasm at run time. The schemas cannot see across
// documents (an account's instruments against the market's time and data, an order against the
// account's mode): the engine checks those too. See web/marginkit.schemas.d.ts.
import * as compiled from 'marginkit-schema-validators';
import { makeDocuments } from '../src/documents.mjs';
import { MarginKitError } from '../src/errors.mjs';
import { wording } from './messages.mjs';
import { locate, member } from './paths.mjs';

// The order of scripts/build-schemas.mjs's DOCUMENT_KINDS: its validators are kind_0, kind_1, ...
export const kinds = Object.freeze(['account', 'market', 'orders', 'config', 'preview-options', 'stress-moves']);

// Each kind's name in error paths, as the engine names the document.
const ROOTS = { account: 'account', market: 'market', orders: 'orders', config: 'config', 'preview-options': 'options',
  'stress-moves': 'moves' };
// Documents the API takes as optional: undefined is "not given", as there.
const OPTIONAL = new Set(['config', 'preview-options']);

// The engine's own JS door (web/src/documents.mjs) with the engine's limits (src/common/checks.hpp;
// mk.limits): what JSON cannot carry faithfully (NaN, BigInt, a Map, a cycle, ...) is refused
// with its path before any schema is asked, as the engine refuses it.
// (A copy: this module runs without the wasm. tests/js/schemas.test.mjs holds it to mk.limits.)
export const limits = Object.freeze({ maxNestingDepth: 32, maxDocumentBytes: 64 * 1024 * 1024 });
const toJson = makeDocuments(limits);

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function problem(path, message) {
  return { path, message };
}

export function validate(kind, value) {
  const index = kinds.indexOf(kind);
  if (index < 0) throw new TypeError(`validate: unknown kind ${String(kind)}; the kinds are ${kinds.join(', ')}`);
  if (value === undefined && OPTIONAL.has(kind)) return [];
  const root = ROOTS[kind];
  let data;
  try {
    // One order is orders[0], everywhere (mk.preview wraps it before its door).
    data = JSON.parse(toJson(kind === 'orders' && isObject(value) ? [value] : value, root));
  } catch (error) {
    if (!(error instanceof MarginKitError)) throw error;
    const { field, message } = error;
    return [problem(field, message.startsWith(`${field} `) ? message.slice(field.length + 1) : message)];
  }
  // One move is moves[0] (the engine's reader says so).
  if (kind === 'stress-moves' && isObject(data)) data = [data];
  const check = compiled[`kind_${index}`];
  if (check(data)) return [];
  const { errors } = check;
  // A key that is not a valid name (propertyNames) gives its own errors (pattern, ...) and then one
  // 'propertyNames' error naming the key: the first say what is wrong, the last which key.
  const keyOf = new Map();
  errors.forEach((error, j) => {
    if (error.keyword !== 'propertyNames') return;
    for (let i = j - 1; i >= 0 && errors[i].instancePath === error.instancePath && CAUSES.has(errors[i].keyword); i -= 1) {
      keyOf.set(i, error.params.propertyName);
    }
  });
  const problems = [];
  const seen = new Set();
  errors.forEach((error, i) => {
    // 'if': the failing branch's own errors say what is wrong; 'propertyNames': its causes do.
    if (error.keyword === 'if' || error.keyword === 'propertyNames') return;
    let at = locate(root, data, error.instancePath);
    if (keyOf.has(i)) at = { path: `${at.path}.${keyOf.get(i)}`, value: keyOf.get(i), aboutKey: true };
    else if (error.keyword === 'required') at = member(at, error.params.missingProperty);
    else if (error.keyword === 'additionalProperties') at = member(at, error.params.additionalProperty);
    const message = error.keyword === 'additionalProperties' && error.params.additionalProperty === '$schema' &&
      error.instancePath === ''
      ? "is for editors (the document's JSON Schema): marginkit takes no $schema key, remove it before passing the document"
      : wording(error, at.value, at.aboutKey);
    const id = `${at.path}\n${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    // The engine looks at an object's keys before its values, in sorted order (its JSON objects
    // are ordered maps): a key it does not take comes first among that object's problems (a
    // misspelt required key is "not a field", then "required"), the keys in that order.
    const object = error.keyword === 'additionalProperties' ? locate(root, data, error.instancePath).path : null;
    const before = object === null ? -1 : problems.findIndex((p) => inside(p.path, object) &&
      (p.unknownKey === undefined || p.unknownKey > error.params.additionalProperty));
    const entry = { ...problem(at.path, message), unknownKey: object === null ? undefined : error.params.additionalProperty };
    if (before < 0) problems.push(entry);
    else problems.splice(before, 0, entry);
  });
  return problems.map(({ path, message }) => problem(path, message));
}

const inside = (path, object) => path === object || path.startsWith(`${object}.`) || path.startsWith(`${object}[`);

// The keywords a key's name can fail (see propertyNames in schemas/).
const CAUSES = new Set(['pattern', 'type', 'enum', 'const', 'not']);
