// Where each input document came from, so that a problem in it (found by the schema validators
// or by the engine) is reported against the file or flag the user wrote: one line
// "<file or flag>: <JSON path>: <what is wrong>[, got <value>]", the same whichever checker found it.
import { formatPath, isRootedPath, pathSegments, valueAt } from './json-path.mjs';

// The name a document's paths start with: its kind, or for an order file 'order' (one order)
// or 'orders' (an array of them).
export function documentRoot(kind, document) {
  if (kind !== 'orders') return kind;
  return Array.isArray(document) ? 'orders' : 'order';
}

// A document read from a file (or the sample).
export function fileSource(label, kind, document) {
  return { label, file: label, kind, document, root: documentRoot(kind, document) };
}

// The margin config, built from flags: a problem in config.profile is reported against --profile.
export function configSource(config, flagValues) {
  return { label: 'config', file: null, kind: 'config', document: config, root: 'config', flags: flagValues };
}

// One --stress move: its paths are shown inside the move ('BTC.spot').
export function moveSource(spec, move) {
  return { label: `--stress "${spec}"`, file: null, kind: 'move', document: move, root: null };
}

const ROOT_NAMES = { account: ['account'], market: ['market'], orders: ['orders', 'order'], config: ['config'] };
const FLAG_OF_CONFIG_KEY = { profile: '--profile', portfolioModel: '--portfolio-model' };

// The segments of `rawPath` inside `source.document`.
function innerSegments(source, rawPath) {
  let segments = pathSegments(rawPath);
  if (isRootedPath(rawPath) && ROOT_NAMES[source.kind]?.includes(segments[0])) segments = segments.slice(1);
  // The engine names a lone order 'orders[0]'; in its file it is the whole document.
  if (source.root === 'order' && segments[0] === 0) segments = segments.slice(1);
  return segments;
}

function shortJson(value) {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// Codes whose message says all there is: the value at the path is not the point.
const NO_VALUE_SHOWN = new Set(['UNSUPPORTED_FIELD', 'DUPLICATE', 'MISSING_FIELD', 'MISSING_MARKET_DATA', 'INVALID_INSTRUMENT']);

// One problem as { text, label, path, file, kind }. `message` may start with the path as the
// engine wrote it (`prefix`), which the line gives once, in its own form.
export function describeProblem(source, rawPath, message, { code = null, prefix = rawPath } = {}) {
  const inner = innerSegments(source, rawPath);
  const path = formatPath(source.root ? [source.root, ...inner] : inner);
  let what = prefix !== '' && message.startsWith(prefix) ? message.slice(prefix.length) : message;
  what = what.replace(/^[\s:]+/, '') || message;
  const value = valueAt(source.document, inner);
  if (value !== undefined && (value === null || typeof value !== 'object') && !/\bgot\b/.test(what)
    && !NO_VALUE_SHOWN.has(code)) {
    what += `, got ${shortJson(value)}`;
  }
  let label = source.label;
  if (source.kind === 'config' && FLAG_OF_CONFIG_KEY[inner[0]] && source.flags[inner[0]] !== undefined) {
    label = `${FLAG_OF_CONFIG_KEY[inner[0]]} ${source.flags[inner[0]]}`;
  }
  const text = path === '' ? `${label}: ${what}` : `${label}: ${path}: ${what}`;
  return { text, label, path, file: source.file, kind: source.kind };
}

// The source a path lies in, and the path as that source sees it: `path` is the engine's
// ('account.positions[2].size', 'moves[1].BTC.spot') or, with `kind`, a JSON Pointer into the
// document of that kind ('/positions/2/size'; for 'stress-moves', '/1/BTC/spot' into the list).
// A move's own paths leave out its place in the list.
export function locateProblem(sources, path, kind = null) {
  const segments = pathSegments(path);
  const movesPath = kind === 'stress-moves' || (kind === null && segments[0] === 'moves');
  if (movesPath) {
    const start = segments[0] === 'moves' ? 1 : 0;
    const index = segments[start];
    const rest = segments.slice(start + 1);
    if (typeof index === 'number' && sources.moves[index]) {
      const pointer = rest.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
      return { source: sources.moves[index], rawPath: pointer };
    }
    return null;
  }
  const name = kind ?? segments[0];
  const source = { account: sources.account, market: sources.market, orders: sources.orders, config: sources.config }[name];
  return source ? { source, rawPath: path } : null;
}
