// The structure-aware mutation campaign of tests/js/mutation.test.mjs, run in a worker thread so
// that the test can stop it (worker.terminate()) if a synchronous wasm call never returns.
//
// Valid samples (documents account, market, orders, config, and a prepared account's preview
// options) are walked; every node (each leaf, each object and array, each document itself) is
// given each mutation in turn, and the public API is asked about the result: mk.accountRisk,
// mk.preview, and a prepared account (made from the mutated documents, or the sample's own when
// only orders or options change) and its preview. Each outcome must be either
//   - a result whose every number is finite, null only at the documented nullable fields, and
//     whose initial and maintenance margins are >= 0 (totals and rows, before and after), or
//   - a MarginKitError with a documented input code (mk.errorCodes, less OK, INTERNAL,
//     NON_FINITE_RESULT and the codes no input can cause) whose field is the mutated path, a
//     prefix of it, a path inside the value put there (for containers), or, for the documented
//     cross-field codes, an input path of the shape that code names and that exists in the input.
// Some mutations have an exact answer, checked as such: NaN and +-Infinity are NOT_FINITE at the
// path; 40 nested arrays are NESTING_TOO_DEEP at the first level past mk.limits.maxNestingDepth;
// a misspelt key of a fixed-shape object is UNSUPPORTED_FIELD at the misspelt path. The one-shot
// calls and the prepared account must fail alike on the same input.
//
// Every 100 cases and at the end the unmutated samples must be answered exactly as at the start.
// workerData: { seed, maxCases }. Posts { type: 'case', index, label } before each case and
// { type: 'report', ... } at the end.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { createMarginKit, MarginKitError } from 'marginkit';
import { mulberry32 } from './random.mjs';
import { isolatedSampleAccount } from './samples.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sampleFile = JSON.parse(readFileSync(join(repoRoot, 'examples', 'sample-account.json'), 'utf8'));
const { seed = 20261124, maxCases = Infinity } = workerData ?? {};

// ---------------------------------------------------------------------------------------------
// samples

// The sample account and market of examples/, with what they lack added so that every kind of
// input object is there to mutate: an instrument given by fields, a USDT balance and its price,
// a rate, a smile beside a flat vol, marks, two orders (one at a limit), a full config.
function crossSample() {
  const { account, market } = structuredClone(sampleFile);
  account.collateral.USDT = 500;
  account.positions.push({
    instrument: { kind: 'option', underlying: 'ETH', settlement: 'linear', settlementAsset: 'USDC', expiry: '26DEC26', type: 'call', strike: 4000 },
    size: -3,
    entryPrice: 120,
  });
  market.underlyings.BTC.rate = 0.01;
  market.underlyings.ETH.vol = {
    flat: 0.68,
    smile: [
      { expiry: '26DEC26', strike: 3000, vol: 0.75 },
      { expiry: '26DEC26', strike: 4000, vol: 0.66 },
      { expiry: '2027-03-26T08:00:00Z', strike: 4500, vol: 0.7 },
    ],
  };
  market.markPrices = { 'ETH_USDC-PERPETUAL': 3655, 'BTC-26MAR27': 99_700 };
  market.collateralPrices = { USDT: 1 };
  return {
    name: 'cross',
    account,
    market,
    orders: [
      { ...sampleFile.order, price: 0.02 },
      { instrument: { kind: 'perpetual', underlying: 'ETH', settlement: 'linear' }, side: 'buy', size: 2 },
    ],
    config: {
      warningRatio: 0.8,
      liquidationWarningPercent: 10,
      sizeIncrement: 0.01,
      positions: 'all',
      liquidationLevels: true,
      schedule: {
        options: { initialBase: 0.15, initialFloor: 0.1, maintenanceRate: 0.075, putMarkRate: 0.075 },
        futures: { initialRate: 0.02, maintenanceRate: 0.015, rateStep: 0.005, tierSize: 100 },
      },
    },
    options: { liquidationWarningPercent: 5, sizeIncrement: 0.1, positions: 'changed' },
    mutate: ['account', 'market', 'orders', 'config', 'options'],
  };
}

// An isolated account on the sample market (the market is mutated in the cross sample).
function isolatedSample() {
  return {
    name: 'isolated',
    account: isolatedSampleAccount(),
    market: structuredClone(sampleFile.market),
    orders: [
      { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 0.1, isolatedMargin: 1000 },
      { instrument: 'ETH-26MAR27-4500-C', side: 'sell', size: 1, isolatedMargin: 0.3 },
      { instrument: 'BTC-26MAR27', side: 'sell', size: 10000, leverage: 5 },
    ],
    // A venue profile with rules overridden key by key, and a whole-position tier table in coins
    // (the inverse future's bracket, USD size / mark, moves with the price).
    config: {
      profile: 'derive',
      schedule: {
        options: { liquidationFeeRate: 0.001, premiumBasis: 'maxEntryMark', callMaintenanceMultiple: 1, referencePrice: 'forward' },
        futures: {
          tiers: [{ upTo: 1, initialRate: 0.02, maintenanceRate: 0.01 }, { upTo: 50, initialRate: 0.05, maintenanceRate: 0.03 }],
          tierUnit: 'coins',
          tierMode: 'whole',
        },
      },
    },
    options: undefined,
    mutate: ['account', 'orders', 'config'],
  };
}

// ---------------------------------------------------------------------------------------------
// paths and mutations

const join1 = (path, key, isArray) => (isArray ? `${path}[${key}]` : `${path}.${key}`);

// Every node of a document: { path, segments (keys from the document), value }.
function nodes(document, root) {
  const out = [];
  const stack = [{ path: root, segments: [], value: document }];
  while (stack.length > 0) {
    const node = stack.pop();
    out.push(node);
    const { value } = node;
    if (value === null || typeof value !== 'object') continue;
    const isArray = Array.isArray(value);
    const keys = isArray ? value.map((_, i) => i) : Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      stack.push({ path: join1(node.path, keys[i], isArray), segments: [...node.segments, keys[i]], value: value[keys[i]] });
    }
  }
  return out;
}

// Objects whose keys are data (asset codes, expiries, names), not a fixed list of fields.
const MAP_OBJECT = /^(account\.collateral|market\.underlyings|market\.underlyings\.\w+\.(forwards|vol\.atm)|market\.markPrices|market\.collateralPrices)$/;

const random = mulberry32(seed);
const pick = (n) => Math.floor(random() * n);

// A typo: two neighbours swapped, a letter dropped or doubled; never the key itself or a sibling.
function typo(key, siblings) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const i = pick(key.length);
    const kind = pick(3);
    let t;
    if (kind === 0 && i + 1 < key.length) t = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
    else if (kind === 1 && key.length > 1) t = key.slice(0, i) + key.slice(i + 1);
    else t = key.slice(0, i + 1) + key[i] + key.slice(i + 1);
    if (t !== key && !siblings.includes(t)) return t;
  }
  return `${key}_`;
}

const nestedArrays = (count) => {
  let value = [];
  for (let i = 1; i < count; i += 1) value = [value];
  return value;
};

const DELETE = Symbol('delete');
// name -> (value) => replacement, or undefined when the mutation does not apply to that value.
const MUTATIONS = {
  NaN: () => NaN,
  '+Infinity': () => Infinity,
  '-Infinity': () => -Infinity,
  '1e308': () => 1e308,
  '-1e308': () => -1e308,
  negative: (v) => (typeof v === 'number' && v !== 0 ? -v : undefined),
  zero: () => 0,
  string: (v) => (typeof v === 'string' ? `${v}X` : typeof v === 'object' ? JSON.stringify(v).slice(0, 40) : String(v)),
  boolean: () => true,
  object: () => ({}),
  array: () => [],
  null: () => null,
  missing: () => DELETE,
  misspelt: () => 'rename',
  deep: () => nestedArrays(40),
};

function describeValue(value) {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === DELETE) return '(deleted)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// The documents of `sample` with `node` (of document `doc`) mutated; undefined when the mutation
// does not apply. Returns { docs, paths: [the mutated path, and the misspelt one], container }.
function mutate(sample, doc, node, name) {
  const { segments } = node;
  const docs = { account: sample.account, market: sample.market, orders: sample.orders, config: sample.config, options: sample.options };
  if (name === 'misspelt') {
    if (segments.length === 0) return undefined;
    const parentPath = node.path.slice(0, node.path.length - String(segments.at(-1)).length - 1);
    const copy = structuredClone(docs[doc]);
    let parent = copy;
    for (const key of segments.slice(0, -1)) parent = parent[key];
    if (Array.isArray(parent)) return undefined;
    const key = segments.at(-1);
    const renamed = typo(key, Object.keys(parent));
    // Keep the key order: rebuild the object with the new name in the old place.
    const entries = Object.entries(parent).map(([k, v]) => [k === key ? renamed : k, v]);
    for (const k of Object.keys(parent)) delete parent[k];
    for (const [k, v] of entries) parent[k] = v;
    docs[doc] = copy;
    return { docs, paths: [node.path, `${parentPath}.${renamed}`], misspelt: `${parentPath}.${renamed}`, record: !MAP_OBJECT.test(parentPath), value: `renamed to '${renamed}'` };
  }
  const replacement = MUTATIONS[name](node.value);
  if (replacement === undefined) return undefined;
  if (segments.length === 0) {
    docs[doc] = replacement === DELETE ? undefined : replacement;
  } else {
    const copy = structuredClone(docs[doc]);
    let parent = copy;
    for (const key of segments.slice(0, -1)) parent = parent[key];
    const key = segments.at(-1);
    if (replacement !== DELETE) parent[key] = replacement;
    else if (Array.isArray(parent)) parent.splice(key, 1);
    else delete parent[key];
    docs[doc] = copy;
  }
  const container = replacement !== null && typeof replacement === 'object';
  return { docs, paths: [node.path], container, value: describeValue(replacement) };
}

// ---------------------------------------------------------------------------------------------
// outcomes

// The documented nulls: ratios without a finite value, an accepted preview's rejectReason, an
// isolated row's liquidationPrice when no price in the searched range liquidates it.
const NULLABLE = new Set(['marginRatio', 'initialMarginRatio', 'leverage', 'rejectReason', 'liquidationPrice']);

// Problems of a result: a non-finite number, a null where none is documented, a negative margin.
function resultProblems(result) {
  const problems = [];
  const stack = [{ value: result, path: 'result' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop();
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (value === null) {
      if (!NULLABLE.has(key)) problems.push(`${path} is null`);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) problems.push(`${path} is ${value}`);
      if ((key === 'initialMarginUsd' || key === 'maintenanceMarginUsd') && !path.includes('.change.') && value < 0) {
        problems.push(`${path} is negative: ${value}`);
      }
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: join1(path, k, Array.isArray(value)) });
    }
  }
  return problems;
}

// An input path `field` ('account.positions[3].instrument') exists in the documents. (No key in
// the samples holds a '.' or a '['.)
function resolves(docs, field) {
  const match = field.match(/^(account|market|orders|config|options)(.*)$/);
  if (!match) return false;
  let value = docs[match[1]];
  const re = /\.([^.[]+)|\[(\d+)\]/gy;
  let m;
  while (re.lastIndex < match[2].length && (m = re.exec(match[2])) !== null) {
    if (value === null || typeof value !== 'object') return false;
    const key = m[1] ?? Number(m[2]);
    if (!Object.hasOwn(value, key)) return false;
    value = value[key];
  }
  return re.lastIndex === match[2].length && value !== undefined;
}

// The cross-field codes: their field names another input than the one mutated, of this shape.
const CROSS_FIELD = {
  MISSING_MARKET_DATA: /(\.instrument|^account\.collateral\.[A-Z0-9]+)$/,
  INSTRUMENT_EXPIRED: /\.instrument(\.expiry)?$/,
  DUPLICATE: /(\.instrument|^market\.markPrices\..+|^market\.underlyings\.\w+\.(forwards|vol\.atm)\..+|\.smile\[\d+\])$/,
  MISSING_ISOLATED_MARGIN: /\.isolatedMargin$/,
  // isolatedMargin in a cross account; a key of the futures method not in force (tierUnit
  // without tiers, rateStep with them)
  UNSUPPORTED_FIELD: /(\.isolatedMargin|^config\.schedule\.futures\.(tierUnit|tierMode|initialRate|maintenanceRate|rateStep|tierSize))$/,
  PRICE_OUT_OF_BOUNDS: /(^market\.markPrices\..+|^orders\[\d+\]\.price|^account\.positions\[\d+\]\.entryPrice)$/,
  OUT_OF_RANGE: /^market\.underlyings\.\w+\.forwards$/, // a forward read off others at an absurd basis
  INVALID_ENUM: /\.instrument\.settlementAsset$/, // one that does not agree with the settlement
};

const isPrefix = (prefix, path) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

// Problems of one outcome ('' when fine), and its class for the summary.
function judge(outcome, mutation, inputCodes) {
  const { paths } = mutation;
  if (outcome.ok) {
    if (mutation.exact) return [`expected ${mutation.exact.code} at ${mutation.exact.field}, got a result`, 'success'];
    return [resultProblems(outcome.result).slice(0, 3).join('; '), 'success'];
  }
  const { error } = outcome;
  if (!(error instanceof MarginKitError)) return [`threw a ${error?.name}, not a MarginKitError: ${error?.message}`, 'foreign error'];
  const { code, field } = error;
  if (!inputCodes.has(code)) return [`code ${code} (${field}): ${error.message}`, `bad code ${code}`];
  if (mutation.exact) {
    const { code: c, field: f } = mutation.exact;
    if (code !== c || field !== f) return [`expected ${c} at ${f}, got ${code} at ${field}: ${error.message}`, 'wrong exact'];
    return ['', 'exact'];
  }
  if (paths.includes(field)) return ['', 'at the path'];
  if (paths.some((p) => isPrefix(field, p))) return ['', 'at a prefix'];
  if (mutation.container && paths.some((p) => isPrefix(p, field))) return ['', 'inside the value'];
  const shape = CROSS_FIELD[code];
  if (shape && shape.test(field) && resolves(mutation.docs, field)) return ['', `cross-field ${code}`];
  return [`${code} names '${field}', not ${paths.join(' / ')} (${error.message})`, 'wrong field'];
}

// The answer of an exact mutation, or undefined.
function exactAnswer(mutationName, node, mutation) {
  const root = node.segments.length === 0;
  if (['NaN', '+Infinity', '-Infinity'].includes(mutationName)) {
    return root ? { code: 'INVALID_TYPE', field: node.path } : { code: 'NOT_FINITE', field: node.path };
  }
  if (mutationName === 'deep') {
    return { code: 'NESTING_TOO_DEEP', field: node.path + '[0]'.repeat(maxDepth - node.segments.length) };
  }
  if (mutationName === 'misspelt' && mutation.record) return { code: 'UNSUPPORTED_FIELD', field: mutation.misspelt };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// the campaign

const mk = await createMarginKit();
const maxDepth = mk.limits.maxNestingDepth;
const NOT_FROM_INPUT = new Set(['OK', 'INTERNAL', 'NON_FINITE_RESULT', 'WASM_LOAD_FAILED', 'INVALID_HANDLE', 'LENGTH_MISMATCH']);
const inputCodes = new Set(mk.errorCodes.filter((code) => !NOT_FROM_INPUT.has(code)));

function attempt(fn) {
  try {
    return { ok: true, result: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

const samples = [crossSample(), isolatedSample()];
const preparedAccounts = samples.map((s) => mk.prepare(s.account, s.market, s.config));

// The unmutated samples' answers: every 100 cases they must be given again, exactly.
function answers() {
  return samples.map((s, i) => ({
    risk: mk.accountRisk(s.account, s.market, s.config),
    preview: mk.preview(s.account, s.market, s.orders, s.config),
    preparedRisk: preparedAccounts[i].risk(),
    preparedPreview: preparedAccounts[i].preview(s.orders, s.options),
  }));
}
const baseline = answers();
for (const answer of baseline) {
  for (const [what, result] of Object.entries(answer)) {
    const problems = resultProblems(result);
    if (problems.length > 0) throw new Error(`the unmutated sample's ${what} has problems: ${problems.join('; ')}`);
  }
}
let engineChecks = 0;
const engineProblems = [];
function checkEngine(afterCase) {
  engineChecks += 1;
  if (!isDeepStrictEqual(answers(), baseline)) engineProblems.push(`after case ${afterCase} the unmutated samples are answered differently`);
}

// Every (sample, document, node, mutation) that applies.
const plan = [];
for (const [sampleIndex, sample] of samples.entries()) {
  for (const doc of sample.mutate) {
    for (const node of nodes(sample[doc], doc)) {
      for (const name of Object.keys(MUTATIONS)) plan.push({ sampleIndex, doc, node, name });
    }
  }
}
// When the plan is larger than maxCases, a seeded sample of it (in plan order).
let chosen = plan;
if (plan.length > maxCases) {
  const order = plan.map((_, i) => [random(), i]).sort((a, b) => a[0] - b[0]).slice(0, maxCases).map(([, i]) => i).sort((a, b) => a - b);
  chosen = order.map((i) => plan[i]);
}

const counts = {}; // class -> count
const byMutation = {}; // mutation name -> { class -> count }
const codes = {}; // code -> count
const violations = [];
let cases = 0;
let calls = 0;
let skipped = 0;
const bump = (table, key) => { table[key] = (table[key] ?? 0) + 1; };

for (const { sampleIndex, doc, node, name } of chosen) {
  const sample = samples[sampleIndex];
  const mutation = mutate(sample, doc, node, name);
  if (!mutation) {
    skipped += 1;
    continue;
  }
  mutation.exact = exactAnswer(name, node, mutation);
  const label = `${sample.name}: ${node.path} ${name} (${mutation.value})`;
  parentPort.postMessage({ type: 'case', index: cases, label });
  const { account, market, orders, config, options } = mutation.docs;
  const outcomes = {};
  if (doc !== 'orders' && doc !== 'options') {
    outcomes.accountRisk = attempt(() => mk.accountRisk(account, market, config));
    const made = attempt(() => mk.prepare(account, market, config));
    if (made.ok) {
      outcomes['prepared.risk'] = attempt(() => made.result.risk());
      outcomes['prepared.preview'] = attempt(() => made.result.preview(orders, options));
      made.result.delete();
    } else {
      outcomes['mk.prepare'] = made;
    }
  } else {
    outcomes['prepared.preview'] = attempt(() => preparedAccounts[sampleIndex].preview(orders, options));
  }
  if (doc !== 'options') outcomes.preview = attempt(() => mk.preview(account, market, orders, config));
  for (const [call, outcome] of Object.entries(outcomes)) {
    calls += 1;
    const [problem, kind] = judge(outcome, mutation, inputCodes);
    bump(counts, kind);
    byMutation[name] ??= {};
    bump(byMutation[name], outcome.ok ? 'success' : outcome.error?.code ?? 'foreign');
    if (!outcome.ok) bump(codes, outcome.error?.code);
    if (problem) violations.push(`${label}, ${call}: ${problem}`);
  }
  // The same input fails alike everywhere: mk.accountRisk and mk.prepare read the same three
  // documents (and mk.preview reads them too, orders before config).
  const failures = Object.entries(outcomes).filter(([, o]) => !o.ok).map(([call, o]) => [call, `${o.error?.code} ${o.error?.field}`]);
  const risk = outcomes.accountRisk;
  if (risk) {
    const made = outcomes['mk.prepare'];
    if (risk.ok !== !made) violations.push(`${label}: mk.accountRisk ${risk.ok ? 'answered' : 'failed'} but mk.prepare ${made ? 'failed' : 'was made'}`);
    if (!risk.ok && made && `${risk.error.code} ${risk.error.field}` !== `${made.error.code} ${made.error.field}`) {
      violations.push(`${label}: mk.accountRisk and mk.prepare fail differently: ${JSON.stringify(failures)}`);
    }
    if (!risk.ok && outcomes.preview.ok) violations.push(`${label}: mk.accountRisk failed but mk.preview answered`);
  }
  if (outcomes.preview && outcomes['prepared.preview'] && outcomes.preview.ok !== outcomes['prepared.preview'].ok && doc !== 'config') {
    violations.push(`${label}: mk.preview and prepared.preview disagree: ${JSON.stringify(failures)}`);
  }
  cases += 1;
  if (cases % 100 === 0) checkEngine(cases);
}
checkEngine(cases);
for (const p of preparedAccounts) p.delete();

parentPort.postMessage({
  type: 'report',
  seed,
  planned: plan.length,
  chosen: chosen.length,
  skipped,
  cases,
  calls,
  engineChecks,
  engineProblems,
  counts,
  codes,
  byMutation,
  violations,
  nodes: samples.map((s) => [s.name, s.mutate.reduce((n, d) => n + nodes(s[d], d).length, 0)]),
});
