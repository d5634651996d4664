// Systematic mutations of a JSON document, for holding the JSON Schemas to what the engine
// accepts (tests/js/schemas.test.mjs): at every place of the document, each key misspelt,
// removed or set to null; each number replaced by a string, its negative, out of any limit,
// 0, a fraction, NaN and Infinity; each string emptied, lengthened, lower-cased or replaced by a
// number; each array emptied, its first element doubled or dropped, an element replaced by a
// number, and each string that is one of a list of names (`enums`: the schemas' enums) by each
// other name of that list; each boolean by a string. Each mutation changes one thing, so a
// validator and the engine should point at the same field. Returns [{ label, doc }]; `doc` is a
// fresh copy.

const clone = (value) => structuredClone(value);

function setAt(doc, path, value) {
  if (path.length === 0) return value;
  const copy = clone(doc);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = value;
  return copy;
}

function editAt(doc, path, edit) {
  const copy = clone(doc);
  if (path.length === 0) return edit(copy) ?? copy;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1];
  const result = edit(node[last], node, last);
  if (result !== undefined) node[last] = result;
  return copy;
}

const label = (path) => path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('') || '(root)';

function numberVariants(x) {
  return [
    ['a string', String(x)],
    ['negated', x === 0 ? -1 : -x],
    ['times 1e20', x === 0 ? 1e20 : x * 1e20],
    ['over 1e20', x === 0 ? 1e-20 : x / 1e20],
    ['zero', 0],
    ['plus 0.5', x + 0.5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['true', true],
  ];
}

function stringVariants(s) {
  return [
    ['emptied', ''],
    ['with X', `${s}X`],
    ['lower-cased', s.toLowerCase()],
    ['a number', 5],
    ['an object', { s }],
  ];
}

export function mutations(doc, enums = []) {
  const out = [];
  const add = (what, path, mutated) => out.push({ label: `${label(path)} ${what}`, doc: mutated });
  const visit = (value, path) => {
    if (Array.isArray(value)) {
      add('emptied', path, setAt(doc, path, []));
      if (value.length > 0) {
        add('first element doubled', path, editAt(doc, path, (list) => [list[0], ...list]));
        add('first element dropped', path, editAt(doc, path, (list) => list.slice(1)));
        add('first element a number', path, editAt(doc, path, (list) => [7, ...list.slice(1)]));
      }
      value.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        const rename = (to) => editAt(doc, path, (object) => {
          const renamed = {};
          for (const [k, v] of Object.entries(object)) renamed[k === key ? to : k] = v;
          return renamed;
        });
        add(`key '${key}' misspelt '${key}x'`, path, rename(`${key}x`));
        if (key.length > 1) add(`key '${key}' misspelt '${key.slice(0, -1)}'`, path, rename(key.slice(0, -1)));
        add(`key '${key}' removed`, path, editAt(doc, path, (object) => {
          const { [key]: dropped, ...rest } = object;
          return rest;
        }));
        add(`set to null`, [...path, key], setAt(doc, [...path, key], null));
        visit(value[key], [...path, key]);
      }
      add('not an object but a number', path, setAt(doc, path, 3));
      return;
    }
    if (typeof value === 'number') {
      for (const [what, replacement] of numberVariants(value)) add(what, path, setAt(doc, path, replacement));
    } else if (typeof value === 'string') {
      for (const [what, replacement] of stringVariants(value)) add(what, path, setAt(doc, path, replacement));
      const others = new Set(enums.filter((names) => names.includes(value)).flat());
      others.delete(value);
      for (const other of others) add(`changed to '${other}'`, path, setAt(doc, path, other));
    } else if (typeof value === 'boolean') {
      add('a string', path, setAt(doc, path, String(value)));
      add('a number', path, setAt(doc, path, 1));
    }
  };
  visit(doc, []);
  return out;
}

// Every limit of the engine's input documents (src/common/checks.hpp, src/io/*.cpp), with the
// doubles next to it on either side: set at every number of a document, they find a limit the
// schema has wrong at any field, in either direction.
const LIMITS = [
  1e-12, 1e15, -1e15, 1e-6, 1e-4, 0.01, 0.99, 1, 2, 5, -5, 10, -10, 50, 100, -100, 365, 1000, -1000, 36500, 1e6,
  1 / 86400, 946684800000, 4102444800000, -1, 0,
];

function nextUp(x) {
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}
const nextDown = (x) => -nextUp(-x);

export const LIMIT_VALUES = [...new Set(LIMITS.flatMap((x) => [nextDown(x), x, nextUp(x)]))];

export function limitMutations(doc) {
  const out = [];
  const visit = (value, path) => {
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const key of Object.keys(value)) visit(value[key], [...path, key]);
    else if (typeof value === 'number') {
      for (const limit of LIMIT_VALUES) out.push({ label: `${label(path)} set to ${limit}`, doc: setAt(doc, path, limit) });
    }
  };
  visit(doc, []);
  return out;
}
