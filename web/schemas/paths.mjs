// Where an ajv error is, in the engine's path style ('account.positions[2].size',
// 'market.underlyings.BTC.forwards.27DEC26'): the document's root name, then .key for an object's
// member and [i] for an array's element. ajv names the place by a JSON pointer into the data
// ('/positions/2/size'), which says nothing about arrays: the data does.
const unescape = (segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

// The engine path and the value at a JSON pointer of `data`.
export function locate(root, data, pointer) {
  let path = root;
  let value = data;
  if (pointer === '') return { path, value };
  for (const segment of pointer.slice(1).split('/')) {
    const key = unescape(segment);
    path += Array.isArray(value) ? `[${key}]` : `.${key}`;
    value = value !== null && typeof value === 'object' ? value[key] : undefined;
  }
  return { path, value };
}

// An error that is about one member of the object at `located` (a missing key, a key not taken,
// a key that is not a valid name): that member's path and value.
export function member(located, key) {
  const { path, value } = located;
  return { path: `${path}.${key}`, value: value !== null && typeof value === 'object' ? value[key] : undefined };
}
