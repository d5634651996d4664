// JSON paths as the CLI prints them ('account.positions[2].size'), read from either form a
// problem may arrive in: the engine's dotted paths, which start with the document's name
// ('account...', 'orders[0]...', 'moves[1]...'), or JSON Pointers relative to the document
// ('/positions/2/size'), as JSON Schema validators give them. Both end up the same text, so a
// problem reads alike whichever checker found it.

// Splits a dotted path ('account.positions[2].size') or a JSON Pointer ('/positions/2/size')
// into segments: strings for keys, numbers for array indices.
export function pathSegments(path) {
  if (path === '' || path.startsWith('/')) {
    return path.split('/').slice(1).map((part) => {
      const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
      return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    });
  }
  const segments = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return segments;
}

// Whether a path names its document first (the engine's form) rather than starting inside it.
export function isRootedPath(path) {
  return path !== '' && !path.startsWith('/');
}

export function formatPath(segments) {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

// The value at `segments` inside `document`, or undefined when the path leads nowhere.
export function valueAt(document, segments) {
  let value = document;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = value[segment];
  }
  return value;
}
