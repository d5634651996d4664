// `npm run bench`: the pricing benchmark. Prices one deterministic book of 1,000,000 European
// options (seeded PRNG) with
//   - native: marginkit::price_batch compiled by the host C++ compiler (bench/native_pricing_bench),
//   - wasm through the npm package: mk.priceBatch, copies into and out of the wasm heap included,
//   - wasm kernel only: the same .wasm's _priceBatch on memory already in the wasm heap,
//   - pure JS: @uqee/black-scholes (double precision) on every row, black-scholes + greeks on a
//     20,000-row subset (they are far slower),
// timing mk.priceBatch (fresh result arrays and caller's arrays), the kernel alone and @uqee
// round-robin, and printing the two priceBatch speed-ups over the fastest pure-JS package (the
// goal is 2x for both) as medians of per-round ratios,
// then compares prices and Greeks, measures the package's download size and instantiation time,
// prints a table and writes build/bench/pricing.json.
//
// `node bench/run.mjs --pricing-only` stops after the pricing part (no preview or scale benchmark):
// for repeating the priceBatch figures, which move with the load of a shared machine.
//
// Benchmarks only report: nothing here fails on a time. The process fails only when something
// does not run or the engines disagree beyond doubt (a broken build, not a slow one).
import { execFileSync } from 'node:child_process';
import {
  closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { makeRandom } from './random.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'build', 'bench');
const nativeBuild = join(root, 'build', 'native');
const dist = join(root, 'dist');

const COUNT = 1_000_000;
const SUBSET = 20_000; // black-scholes + greeks
const SEED = 0x6d6b2024;
const NATIVE_RUNS = 9;
const WASM_RUNS = 9; // the copy timings of the kernel-only module
const WASM_WARMUPS = 2; // V8 tiers wasm up from Liftoff to TurboFan in the background
// The timed runs of mk.priceBatch (fresh and into), the kernel alone and @uqee/black-scholes go
// round-robin, one of each per round (order rotated), so that every ratio compares runs made under
// the same load on this shared machine: the ratios reported are medians of per-round ratios.
const HEAD_TO_HEAD_ROUNDS = 15;
// Rounds run the same way first and not timed: besides V8's tiering, a process's first fresh-array
// calls take all their 48 MB from the OS (46 MiB faulted in per call in the first two to four
// rounds without these) until the allocator's heap holds the results of consecutive calls.
const HEAD_TO_HEAD_WARMUP_ROUNDS = 6;
const SLOW_RUNS = 3;
const INSTANTIATE_RUNS = 15; // in this process (warm: V8 reuses compiled code for the same bytes)
const COLD_STARTS = 7; // fresh node processes (bench/instantiate_probe.mjs)
const OUTPUTS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'];
const INPUTS = ['underlying', 'strike', 't', 'vol', 'rate', 'carry'];

const log = (message) => process.stderr.write(`bench: ${message}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};
const timed = (fn) => {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
};

mkdirSync(outDir, { recursive: true });

// The package as users load it (self-reference 'marginkit' -> dist/), once dist/ exists.
for (const file of ['marginkit.cjs', 'marginkit.node.mjs', 'marginkit.mjs', 'marginkit.wasm']) {
  if (!existsSync(join(dist, file))) {
    console.error(`bench: dist/${file} is missing: run \`node scripts/build.mjs\` (or \`npm run bench\`, which builds first)`);
    process.exit(1);
  }
}
const newestSource = newestMtime(join(root, 'src'), join(root, 'web'));
if (newestSource > statSync(join(dist, 'marginkit.wasm')).mtimeMs) {
  log('warning: src/ or web/ is newer than dist/: the wasm figures are for the last build (npm run bench rebuilds)');
}
const { createMarginKit } = await import('marginkit');

// ---------------------------------------------------------------------------------------------
// 1. The book: a crypto-like mix, deterministic.
// ---------------------------------------------------------------------------------------------


// Underlyings roughly as an exchange's option book: mostly BTC and ETH, some SOL, a long tail.
const UNDERLYINGS = [
  { name: 'BTC', share: 0.45, low: 60_000, high: 100_000 },
  { name: 'ETH', share: 0.30, low: 1_800, high: 4_200 },
  { name: 'SOL', share: 0.15, low: 100, high: 260 },
  { name: 'alt', share: 0.10, low: 100, high: 100_000, logUniform: true },
];

function generateBook(count, seed) {
  const random = makeRandom(seed);
  const uniform = (lo, hi) => lo + (hi - lo) * random();
  const logUniform = (lo, hi) => Math.exp(uniform(Math.log(lo), Math.log(hi)));
  const book = { type: new Int8Array(count) };
  for (const name of INPUTS) book[name] = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    let pick = random();
    let u = UNDERLYINGS[UNDERLYINGS.length - 1];
    for (const candidate of UNDERLYINGS) {
      if (pick < candidate.share) { u = candidate; break; }
      pick -= candidate.share;
    }
    const spot = u.logUniform ? logUniform(u.low, u.high) : uniform(u.low, u.high);
    book.type[i] = random() < 0.5 ? 1 : -1;
    book.underlying[i] = spot;
    book.strike[i] = spot * logUniform(0.5, 2); // K/S in 0.5..2
    book.t[i] = logUniform(1 / 365, 2); // 1 day .. 2 years, weighted to short expiries
    book.vol[i] = uniform(0.2, 1.5);
    book.rate[i] = uniform(0, 0.05);
    book.carry[i] = 0; // q = 0, so the JS packages (no carry) price the same options
  }
  return book;
}

// inputs.bin: "MKBIN001", uint64 count, six float64 columns, then int8 types (little-endian).
function writeBook(file, book) {
  const header = Buffer.alloc(16);
  header.write('MKBIN001', 0, 'latin1');
  header.writeBigUInt64LE(BigInt(book.type.length), 8);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, header);
    for (const name of INPUTS) writeSync(fd, new Uint8Array(book[name].buffer));
    writeSync(fd, new Uint8Array(book.type.buffer));
  } finally {
    closeSync(fd);
  }
}

function readResults(file, count) {
  const bytes = readFileSync(file);
  if (bytes.toString('latin1', 0, 8) !== 'MKOUT001' || bytes.readBigUInt64LE(8) !== BigInt(count)) {
    throw new Error(`bench: ${file} is not the native program's output for ${count} rows`);
  }
  const all = new Float64Array(6 * count);
  new Uint8Array(all.buffer).set(bytes.subarray(16, 16 + all.byteLength));
  return Object.fromEntries(OUTPUTS.map((name, i) => [name, all.subarray(i * count, (i + 1) * count)]));
}

log(`generating ${COUNT.toLocaleString('en-US')} options (seed 0x${SEED.toString(16)})`);
const book = generateBook(COUNT, SEED);
const inputsFile = join(outDir, 'pricing-inputs.bin');
const nativeOutputsFile = join(outDir, 'pricing-native-outputs.bin');
writeBook(inputsFile, book);

// ---------------------------------------------------------------------------------------------
// 2. Native
// ---------------------------------------------------------------------------------------------
log('building native_pricing_bench (build/native)');
if (!existsSync(join(nativeBuild, 'CMakeCache.txt'))) {
  runQuietly('cmake', ['-S', '.', '-B', nativeBuild, '-DCMAKE_BUILD_TYPE=Release']); // as scripts/test.sh
}
runQuietly('cmake', ['--build', nativeBuild, '--target', 'native_pricing_bench', '-j', '2']);
const nativeExe = join(nativeBuild, 'bench', 'native_pricing_bench');
const nativeFlags = readCompileFlags(join(nativeBuild, 'src', 'CMakeFiles', 'marginkit_core.dir', 'flags.make'));

log('running native');
const native = JSON.parse(execFileSync(nativeExe, [inputsFile, nativeOutputsFile, String(NATIVE_RUNS)],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
const nativeResults = readResults(nativeOutputsFile, COUNT);

// ---------------------------------------------------------------------------------------------
// 3. wasm through the package, then the kernel alone
// ---------------------------------------------------------------------------------------------
log('warming up wasm (mk.priceBatch, fresh result arrays and into reused arrays)');
const mk = await createMarginKit();
const batch = { type: book.type, ...Object.fromEntries(INPUTS.map((name) => [name, book[name]])) };
let wasmResults;
for (let i = 0; i < WASM_WARMUPS; i += 1) wasmResults = mk.priceBatch(batch);
// The same with caller-owned output arrays reused across runs (priceBatch's `into`): the inputs
// are still copied in and the outputs copied out, but into memory that is already touched, as the
// JS packages below write into arrays allocated once.
const intoArrays = allocResults(COUNT);
for (let i = 0; i < WASM_WARMUPS; i += 1) mk.priceBatch(batch, intoArrays);

// The public API always copies. The kernel alone needs the raw wasm module, which the package
// does not expose: load the very glue dist/marginkit.cjs bundles (staged by scripts/build.mjs)
// with the very dist/marginkit.wasm, and call its _priceBatch on inputs already in the heap.
log('preparing wasm kernel only (raw _priceBatch)');
const wasmBytes = readFileSync(join(dist, 'marginkit.wasm'));
const kernel = await prepareRawKernel(wasmBytes);

// ---------------------------------------------------------------------------------------------
// 4. Pure JS packages
// ---------------------------------------------------------------------------------------------
log('running @uqee/black-scholes (double precision), all rows');
const { BlackScholes } = require('@uqee/black-scholes');
const uqee = new BlackScholes({ sigmaToPricePrecision: 'double' }); // Hart's double-precision CNDF
const uqeeResults = allocResults(COUNT);
const priceUqee = (out, rows) => {
  const { type, underlying, strike, t, vol, rate } = book;
  for (let i = 0; i < rows; i += 1) {
    const o = uqee.option({
      rate: rate[i], sigma: vol[i], strike: strike[i], time: t[i],
      type: type[i] === 1 ? 'call' : 'put', underlying: underlying[i],
    });
    out.price[i] = o.price; out.delta[i] = o.delta; out.gamma[i] = o.gamma;
    out.vega[i] = o.vega; out.theta[i] = o.theta; out.rho[i] = o.rho;
  }
};
priceUqee(uqeeResults, COUNT); // warm-up (JIT)
priceUqee(uqeeResults, COUNT);

log(`timing mk.priceBatch (fresh, into), the wasm kernel and @uqee round-robin, ${HEAD_TO_HEAD_WARMUP_ROUNDS} untimed rounds, then ${HEAD_TO_HEAD_ROUNDS}`);
const contenders = {
  wasmWithCopies: () => { wasmResults = mk.priceBatch(batch); },
  wasmInto: () => mk.priceBatch(batch, intoArrays),
  uqee: () => priceUqee(uqeeResults, COUNT),
  ...(kernel.call ? { wasmKernel: kernel.call } : {}),
};
const roundMs = Object.fromEntries(Object.keys(contenders).map((key) => [key, []]));
// Page faults per run (Linux): a fresh-array call whose 48 MB the allocator takes from the OS
// rather than from memory freed earlier pays a fault per 4 KiB page on its first write.
const roundFaults = Object.fromEntries(Object.keys(contenders).map((key) => [key, []]));
for (let round = -HEAD_TO_HEAD_WARMUP_ROUNDS; round < HEAD_TO_HEAD_ROUNDS; round += 1) {
  const keys = Object.keys(contenders);
  if (round < 0) {
    for (const key of keys) contenders[key]();
    continue;
  }
  for (let k = 0; k < keys.length; k += 1) {
    const key = keys[(k + round) % keys.length];
    const faultsBefore = minorFaults();
    roundMs[key].push(timed(contenders[key]).ms);
    roundFaults[key].push(faultsBefore === null ? null : minorFaults() - faultsBefore);
  }
}
const wasmRunMs = roundMs.wasmWithCopies;
const wasmIntoRunMs = roundMs.wasmInto;
const uqeeRunMs = roundMs.uqee;
if (kernel.call) Object.assign(kernel, kernel.finish(roundMs.wasmKernel));
// Its conventions, mapped onto marginkit's (annual units, one long option):
// theta is dV/d(time to expiry), so marginkit's theta (-dV/dt, value lost as time passes) is its
// negative; vega per 1.00 of vol and rho per 1.00 of rate, as marginkit's 'annual' units.
for (let i = 0; i < COUNT; i += 1) uqeeResults.theta[i] = -uqeeResults.theta[i];

log(`running black-scholes + greeks, first ${SUBSET.toLocaleString('en-US')} rows`);
const bs = require('black-scholes');
const greeks = require('greeks');
const slowResults = allocResults(SUBSET);
const priceSlow = (out, rows) => {
  const { type, underlying: s, strike: k, t, vol: v, rate: r } = book;
  for (let i = 0; i < rows; i += 1) {
    const cp = type[i] === 1 ? 'call' : 'put';
    out.price[i] = bs.blackScholes(s[i], k[i], t[i], v[i], r[i], cp);
    out.delta[i] = greeks.getDelta(s[i], k[i], t[i], v[i], r[i], cp);
    out.gamma[i] = greeks.getGamma(s[i], k[i], t[i], v[i], r[i]);
    out.vega[i] = greeks.getVega(s[i], k[i], t[i], v[i], r[i]); // per vol point
    out.theta[i] = greeks.getTheta(s[i], k[i], t[i], v[i], r[i], cp, 1); // scale 1: per year
    out.rho[i] = greeks.getRho(s[i], k[i], t[i], v[i], r[i], cp, 1); // scale 1: per 1.00 of rate
  }
};
priceSlow(slowResults, 2_000); // warm-up (JIT)
const slowRunMs = [];
for (let i = 0; i < SLOW_RUNS; i += 1) slowRunMs.push(timed(() => priceSlow(slowResults, SUBSET)).ms);
for (let i = 0; i < SUBSET; i += 1) slowResults.vega[i] *= 100; // per 1.00 of vol, as marginkit
// theta: -dV/dt per year (scale 1) and rho per 1.00 (scale 1) already match marginkit's 'annual'.

// ---------------------------------------------------------------------------------------------
// 5. Size and instantiation
// ---------------------------------------------------------------------------------------------
log('measuring package size and instantiation');
const sizeOf = (files) => {
  let raw = 0; let gzip = 0; let brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { files, raw, gzip, brotli };
};
const sizes = {
  browser: sizeOf(['marginkit.mjs', 'marginkit.wasm']),
  node: sizeOf(['marginkit.node.mjs', 'marginkit.cjs', 'marginkit.wasm']),
  wasmOnly: sizeOf(['marginkit.wasm']),
};

const coldStarts = [];
for (let i = 0; i < COLD_STARTS; i += 1) {
  coldStarts.push(JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'instantiate_probe.mjs')],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })));
}
const instantiateMs = [];
await createMarginKit({ wasmBinary: wasmBytes }); // warm-up
for (let i = 0; i < INSTANTIATE_RUNS; i += 1) {
  const start = performance.now();
  await createMarginKit({ wasmBinary: wasmBytes });
  instantiateMs.push(performance.now() - start);
}
const compileMs = [];
for (let i = 0; i < INSTANTIATE_RUNS; i += 1) {
  const start = performance.now();
  await WebAssembly.compile(wasmBytes);
  compileMs.push(performance.now() - start);
}
const precompiled = await WebAssembly.compile(wasmBytes);
const fromModuleMs = [];
for (let i = 0; i < INSTANTIATE_RUNS; i += 1) {
  const start = performance.now();
  await createMarginKit({ wasmModule: precompiled });
  fromModuleMs.push(performance.now() - start);
}

// ---------------------------------------------------------------------------------------------
// 6. Accuracy: wasm against native and against each JS package, on the rows they share
// ---------------------------------------------------------------------------------------------
log('comparing results');
const comparisons = {
  'wasm vs native': compare(wasmResults, nativeResults, COUNT),
  'wasm vs @uqee/black-scholes': compare(wasmResults, uqeeResults, COUNT),
  'wasm vs black-scholes+greeks': compare(wasmResults, slowResults, SUBSET),
};
const kernelMatchesApi = kernel.results ? identicalRows(kernel.results, wasmResults, COUNT) : null;

// ---------------------------------------------------------------------------------------------
// 7. Report
// ---------------------------------------------------------------------------------------------
const wasmMs = median(wasmRunMs);
const perOption = (ms, rows) => (ms * 1e6) / rows;
const engines = {
  native: {
    label: `native price_batch (${native.compiler.split(' ').slice(0, 2).join(' ')} ${nativeFlags})`,
    rows: COUNT, nsPerOption: native.nsPerOptionMedian, nsPerOptionBest: native.nsPerOptionBest,
    runs: native.runs, runMs: native.runMs,
  },
  wasmWithCopies: {
    label: 'wasm mk.priceBatch (copies in+out)',
    rows: COUNT, nsPerOption: perOption(wasmMs, COUNT), nsPerOptionBest: perOption(Math.min(...wasmRunMs), COUNT),
    runs: wasmRunMs.length, runMs: wasmRunMs,
  },
  wasmInto: {
    label: 'wasm mk.priceBatch(batch, into) (copies, reused out)',
    rows: COUNT, nsPerOption: perOption(median(wasmIntoRunMs), COUNT),
    nsPerOptionBest: perOption(Math.min(...wasmIntoRunMs), COUNT), runs: wasmIntoRunMs.length, runMs: wasmIntoRunMs,
  },
  wasmKernel: kernel.runMs ? {
    label: 'wasm kernel only (_priceBatch, heap pre-filled)',
    rows: COUNT, nsPerOption: perOption(median(kernel.runMs), COUNT),
    nsPerOptionBest: perOption(Math.min(...kernel.runMs), COUNT), runs: kernel.runMs.length, runMs: kernel.runMs,
  } : { label: 'wasm kernel only', unavailable: kernel.unavailable },
  uqee: {
    label: '@uqee/black-scholes (double)',
    rows: COUNT, nsPerOption: perOption(median(uqeeRunMs), COUNT),
    nsPerOptionBest: perOption(Math.min(...uqeeRunMs), COUNT), runs: uqeeRunMs.length, runMs: uqeeRunMs,
  },
  blackScholesGreeks: {
    label: 'black-scholes + greeks',
    rows: SUBSET, nsPerOption: perOption(median(slowRunMs), SUBSET),
    nsPerOptionBest: perOption(Math.min(...slowRunMs), SUBSET), runs: SLOW_RUNS, runMs: slowRunMs,
  },
};
for (const e of Object.values(engines)) if (e.nsPerOption) e.optionsPerSecond = 1e9 / e.nsPerOption;

const copyNs = engines.wasmKernel.nsPerOption !== undefined
  ? engines.wasmWithCopies.nsPerOption - engines.wasmKernel.nsPerOption : null;
const copyBreakdown = kernel.copyInMs ? {
  inNs: perOption(median(kernel.copyInMs), COUNT), outNs: perOption(median(kernel.copyOutMs), COUNT),
  copyInMs: kernel.copyInMs, copyOutMs: kernel.copyOutMs,
} : null;
const firstTouch = probeFirstTouch(6 * COUNT);
// Speed-ups against @uqee/black-scholes, the fastest pure-JS package measured (checked below):
// the median of the per-round ratios (each round timed both under the same load), and their range.
const perRound = (key) => (roundMs[key] ? roundMs.uqee.map((ms, i) => ms / roundMs[key][i]) : null);
const spread = (xs) => (xs ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), rounds: xs } : null);
// Fresh-array rounds split by whether the call faulted in new memory (over 1 MiB of 4 KiB pages).
const freshFaults = roundFaults.wasmWithCopies[0] === null ? null : (() => {
  const ratios = perRound('wasmWithCopies');
  const heavy = roundFaults.wasmWithCopies.map((f) => f * 4096 > 1 << 20);
  const split = (want) => ratios.filter((_, i) => heavy[i] === want);
  return {
    perRun: roundFaults.wasmWithCopies,
    newMiBPerRun: roundFaults.wasmWithCopies.map((f) => (f * 4096) / (1 << 20)),
    roundsWithNewMemory: heavy.filter(Boolean).length,
    speedupRoundsWithNewMemory: split(true).length ? median(split(true)) : null,
    speedupRoundsWithout: split(false).length ? median(split(false)) : null,
  };
})();
const speedups = {
  wasmWithCopies: spread(perRound('wasmWithCopies')),
  wasmInto: spread(perRound('wasmInto')),
  wasmKernel: spread(perRound('wasmKernel')),
};
const pureJs = ['uqee', 'blackScholesGreeks'].map((key) => engines[key]).sort((a, b) => a.nsPerOption - b.nsPerOption);
if (pureJs[0] !== engines.uqee) log(`warning: ${pureJs[0].label} was faster than @uqee/black-scholes in this run`);
const ratios = {
  wasmKernelOverNative: engines.wasmKernel.nsPerOption ? engines.wasmKernel.nsPerOption / engines.native.nsPerOption : null,
  wasmWithCopiesOverNative: engines.wasmWithCopies.nsPerOption / engines.native.nsPerOption,
  wasmWithCopiesSpeedupVsUqee: speedups.wasmWithCopies.median,
  wasmIntoSpeedupVsUqee: speedups.wasmInto.median,
  wasmIntoOverNative: engines.wasmInto.nsPerOption / engines.native.nsPerOption,
  wasmKernelSpeedupVsUqee: speedups.wasmKernel ? speedups.wasmKernel.median : null,
  speedupsVsUqeePerRound: speedups,
  wasmWithCopiesSpeedupVsBlackScholesGreeks: engines.blackScholesGreeks.nsPerOption / engines.wasmWithCopies.nsPerOption,
  goals: { wasmOverNativeAtMost: 1.25, speedupVsUqeeAtLeast: 2 },
};

const fmtInt = (x) => Math.round(x).toLocaleString('en-US');
const fmtRate = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(1)} k/s`);
const fmtNs = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} µs` : `${x.toFixed(1)} ns`);
const fmtE = (x) => (x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(2) : String(x));
const fmtBytes = (x) => `${(x / 1024).toFixed(1)} KiB`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const goal = (value, ok) => (value === null ? '' : ok ? 'met' : 'MISSED');

const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
const lines = [];
lines.push(`marginkit pricing benchmark: ${fmtInt(COUNT)} options (seed 0x${SEED.toString(16)}), node ${process.version}, ${cpu}, ${os.cpus().length} cores`);
lines.push('bsm, linear, annual units, q = 0; price + delta, gamma, vega, theta, rho per option; median of timed runs after warm-up');
lines.push('');
lines.push(`${pad('engine', 52)}${lpad('rows', 10)}${lpad('per option', 12)}${lpad('options/s', 13)}  runs`);
for (const [key, e] of Object.entries(engines)) {
  if (e.unavailable) lines.push(`${pad(e.label, 52)}  unavailable: ${e.unavailable}`);
  else lines.push(`${pad(e.label, 52)}${lpad(fmtInt(e.rows), 10)}${lpad(fmtNs(e.nsPerOption), 12)}${lpad(fmtRate(e.optionsPerSecond), 13)}  ${e.runs}`);
  if (key === 'wasmKernel') pushCopyLines();
}
function pushCopyLines() {
  if (copyNs === null) return;
  const share = (ns) => `${((100 * ns) / engines.wasmWithCopies.nsPerOption).toFixed(0)} %`;
  lines.push(`${pad('wasm copies + JS glue = with copies - kernel', 52)}${lpad('', 10)}${lpad(fmtNs(copyNs), 12)}${lpad(share(copyNs), 13)}  of with-copies time`);
  lines.push(`${pad('  copy in: 6 columns + types into the heap', 52)}${lpad('', 10)}${lpad(fmtNs(copyBreakdown.inNs), 12)}${lpad(share(copyBreakdown.inNs), 13)}`);
  lines.push(`${pad('  copy out: 6 x new Float64Array(heap view), 48 MB', 52)}${lpad('', 10)}${lpad(fmtNs(copyBreakdown.outNs), 12)}${lpad(share(copyBreakdown.outNs), 13)}`);
  lines.push(`${pad('  rest: malloc/free, checks, GC (difference)', 52)}${lpad('', 10)}${lpad(fmtNs(copyNs - copyBreakdown.inNs - copyBreakdown.outNs), 12)}`);
  lines.push(`  (this machine: first write to 48 MB of fresh memory ${firstTouch.freshMs.toFixed(1)} ms, rewriting it ${firstTouch.warmMs.toFixed(1)} ms;`);
  lines.push('   every mk.priceBatch call returns 48 MB of new Float64Arrays, so page faults weigh on "copy out")');
}
lines.push('');
lines.push('ratios (this run)');
if (ratios.wasmKernelOverNative !== null) {
  lines.push(`  wasm kernel only / native time         ${lpad(ratios.wasmKernelOverNative.toFixed(2), 7)}x   goal <= 1.25x  ${goal(ratios.wasmKernelOverNative, ratios.wasmKernelOverNative <= 1.25)}`);
}
lines.push(`  wasm priceBatch (copies) / native time ${lpad(ratios.wasmWithCopiesOverNative.toFixed(2), 7)}x`);
lines.push(`  wasm priceBatch into / native time     ${lpad(ratios.wasmIntoOverNative.toFixed(2), 7)}x`);
lines.push(`  bs+greeks time / wasm priceBatch       ${lpad(ratios.wasmWithCopiesSpeedupVsBlackScholesGreeks.toFixed(0), 7)}x`);
lines.push('');
lines.push(`priceBatch against the fastest pure-JS package, @uqee/black-scholes (double precision, ${fmtNs(engines.uqee.nsPerOption)} per option,`);
lines.push(`writing into arrays it allocated once): its time / ours, median of ${HEAD_TO_HEAD_ROUNDS} round-robin rounds (range),`);
lines.push(`after ${HEAD_TO_HEAD_WARMUP_ROUNDS} untimed rounds`);
const speedupLine = (label, s, withGoal) => `  ${pad(label, 52)}${lpad(s.median.toFixed(2), 6)}x  (${s.min.toFixed(2)}-${s.max.toFixed(2)})`
  + (withGoal ? `   goal >= 2x  ${goal(s.median, s.median >= 2)}` : '');
lines.push(speedupLine('mk.priceBatch(batch)        fresh result arrays', speedups.wasmWithCopies, true));
lines.push(speedupLine('mk.priceBatch(batch, into)  the caller\'s arrays', speedups.wasmInto, true));
if (speedups.wasmKernel) lines.push(`${speedupLine('(wasm kernel alone, inputs already in the heap)', speedups.wasmKernel, false)}   for reference`);
lines.push('  fresh: 48 MB of new Float64Arrays per call of 1,000,000 options; their first writes (page faults) and GC are part of it');
if (freshFaults) {
  const fmtSpeedup = (x) => (x === null ? 'n/a' : `${x.toFixed(2)}x`);
  lines.push(`  fresh calls that page-faulted in new memory (> 1 MiB): ${freshFaults.roundsWithNewMemory} of ${HEAD_TO_HEAD_ROUNDS}, median ${fmtSpeedup(freshFaults.speedupRoundsWithNewMemory)}; `
    + `the others (memory the allocator had kept): median ${fmtSpeedup(freshFaults.speedupRoundsWithout)}`);
  lines.push(`  (MiB faulted in per fresh call: ${freshFaults.newMiBPerRun.map((x) => x.toFixed(0)).join(' ')})`);
}
lines.push('');
lines.push(`${pad('price differences', 30)}${lpad('rows', 10)}${lpad('max |Δ|', 11)}${lpad('max |Δ|/S', 11)}${lpad('max rel Δ', 11)}${lpad('max rel Δ', 11)}  worst Greek (scaled Δ)`);
lines.push(`${pad('', 30)}${lpad('', 10)}${lpad('quote ccy', 11)}${lpad('', 11)}${lpad('prem≥1e-6·S', 11)}${lpad('all rows', 11)}`);
for (const [name, c] of Object.entries(comparisons)) {
  const [worstGreek, worst] = Object.entries(c.greeks).sort((a, b) => b[1].maxScaled - a[1].maxScaled)[0];
  lines.push(`${pad(name, 30)}${lpad(fmtInt(c.rows), 10)}${lpad(fmtE(c.price.maxAbs), 11)}${lpad(fmtE(c.price.maxAbsOverSpot), 11)}${lpad(fmtE(c.price.maxRel), 11)}${lpad(fmtE(c.price.maxRelAllRows), 11)}  ${worstGreek} ${fmtE(worst.maxScaled)}`);
}
lines.push('  rel Δ = |a-b| / max(|a|,|b|); "prem≥1e-6·S" skips rows whose reference premium is below 1e-6 of spot');
lines.push(`  (${Object.values(comparisons).map((c) => fmtInt(c.rows - c.price.rowsForMaxRel)).join(' / ')} rows: deep out of the money, where the JS packages' normal CDFs`);
lines.push('  round to 0 or lose relative accuracy);');
lines.push('  scaled Greek Δ = |a-b| / max(|a|, |b|, 1e-6·natural size: delta 1, gamma 1/S, vega and theta S, rho K·t).');
lines.push(`  wasm kernel-only outputs identical to mk.priceBatch's: ${kernelMatchesApi === null ? 'n/a' : kernelMatchesApi ? 'yes (bit for bit)' : 'NO'}`);
lines.push('');
lines.push(`${pad('package size (dist/)', 52)}${lpad('raw', 11)}${lpad('gzip -9', 11)}${lpad('brotli', 11)}`);
const sizeLine = (label, s) => `${pad(label, 52)}${lpad(fmtBytes(s.raw), 11)}${lpad(fmtBytes(s.gzip), 11)}${lpad(fmtBytes(s.brotli), 11)}`;
lines.push(sizeLine('browser download: marginkit.mjs + marginkit.wasm', sizes.browser));
lines.push(sizeLine('node: marginkit.node.mjs + marginkit.cjs + .wasm', sizes.node));
lines.push(sizeLine('  of which marginkit.wasm', sizes.wasmOnly));
lines.push('');
const coldMedian = (key) => median(coldStarts.map((c) => c[key])).toFixed(1);
lines.push(`instantiate, cold (fresh node process, median of ${COLD_STARTS}): import('marginkit') ${coldMedian('importMs')} ms, createMarginKit({ wasmBinary }) ${coldMedian('createMs')} ms, first mk.price ${coldMedian('firstPriceMs')} ms`);
lines.push(`instantiate, warm (same process, median of ${INSTANTIATE_RUNS}): createMarginKit({ wasmBinary }) ${median(instantiateMs).toFixed(2)} ms, WebAssembly.compile ${median(compileMs).toFixed(2)} ms, createMarginKit({ wasmModule }) ${median(fromModuleMs).toFixed(2)} ms`);
lines.push('  (warm: V8 reuses the compiled code of identical wasm bytes within a process)');
const table = lines.join('\n');
console.log(table);

const report = {
  generatedAt: new Date().toISOString(),
  environment: { node: process.version, v8: process.versions.v8, cpu, cores: os.cpus().length, platform: `${os.platform()} ${os.arch()}` },
  book: {
    count: COUNT, subset: SUBSET, seed: SEED, underlyings: UNDERLYINGS,
    ranges: { strikeOverSpot: [0.5, 2], tYears: [1 / 365, 2], vol: [0.2, 1.5], rate: [0, 0.05], carry: 0 },
    model: 'bsm', settlement: 'linear', units: 'annual',
  },
  native: { ...native, coreCompileFlags: nativeFlags },
  engines,
  wasmCopyAndGlueNsPerOption: copyNs,
  wasmCopyBreakdown: copyBreakdown,
  firstTouch48MB: firstTouch,
  freshCallPageFaults: freshFaults,
  ratios,
  comparisons,
  kernelOutputsIdenticalToApi: kernelMatchesApi,
  kernelNote: kernel.note,
  sizes,
  instantiate: {
    coldStarts,
    createMarginKitWasmBinaryMs: { median: median(instantiateMs), runs: instantiateMs },
    webAssemblyCompileMs: { median: median(compileMs), runs: compileMs },
    createMarginKitWasmModuleMs: { median: median(fromModuleMs), runs: fromModuleMs },
  },
  table,
};
const jsonFile = join(outDir, 'pricing.json');
writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
log(`wrote ${relative(root, jsonFile)}`);

// The engines must agree: a wasm/native gap beyond rounding means a broken build, not a slow one.
const nativeGap = comparisons['wasm vs native'];
if (!(nativeGap.price.maxRel < 1e-9) || kernelMatchesApi === false) {
  console.error('bench: wasm and native results disagree beyond rounding; see build/bench/pricing.json');
  process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

function runQuietly(command, args) {
  try {
    execFileSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`bench: ${command} ${args.join(' ')} failed`);
  }
}

function newestMtime(...dirs) {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
      else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

// Minor page faults of this process so far (Linux: /proc/self/stat, field 10), else null.
function minorFaults() {
  if (process.platform !== 'linux') return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
}

// Writing to freshly allocated memory costs page faults; on some VMs far more than the copy.
function probeFirstTouch(doubles) {
  const fresh = []; const warm = [];
  for (let i = 0; i < 3; i += 1) {
    const a = new Float64Array(doubles);
    fresh.push(timed(() => a.fill(1)).ms);
    warm.push(timed(() => a.fill(2)).ms);
  }
  return { bytes: doubles * 8, freshMs: median(fresh), warmMs: median(warm) };
}

function allocResults(rows) {
  return Object.fromEntries(OUTPUTS.map((name) => [name, new Float64Array(rows)]));
}

function readCompileFlags(flagsMake) {
  try {
    const line = readFileSync(flagsMake, 'utf8').split('\n').find((l) => l.startsWith('CXX_FLAGS'));
    return line.replace(/^CXX_FLAGS\s*=\s*/, '').split(/\s+/).filter((f) => /^-O|^-m|^-f/.test(f)).join(' ');
  } catch {
    return '';
  }
}

// The kernel-only contender: returns { call } to time in the head-to-head rounds and
// finish(runMs), which checks the runs, reads the results and times the two copies alone.
async function prepareRawKernel(bytes) {
  const gluePath = join(root, 'build', 'wasm', 'package-glue', 'glue.cjs.cjs');
  const note = `${relative(root, gluePath)} (the glue bundled into dist/marginkit.cjs) + dist/marginkit.wasm; `
    + 'one _priceBatch call on inputs already in the wasm heap, outputs left there';
  if (!existsSync(gluePath)) return { unavailable: `${relative(root, gluePath)} not found (run node scripts/build.mjs)`, note };
  const createModule = require(gluePath);
  const wasm = await createModule({
    instantiateWasm(imports, receiveInstance) {
      WebAssembly.instantiate(bytes, imports).then(({ instance, module }) => receiveInstance(instance, module));
      return {};
    },
  });
  const n = COUNT;
  // The layout mk.priceBatch uses: column descriptors, inputs, outputs, error codes, types.
  const descriptors = 12 * 8;
  const total = descriptors + 6 * n * 8 + 6 * n * 8 + 4 * n + n + 8;
  const base = wasm._malloc(total);
  if (!base) return { unavailable: 'malloc failed', note };
  const heap = wasm.HEAPF64; // after malloc: growth replaces the buffer
  let cursor = base + descriptors;
  INPUTS.forEach((name, i) => {
    heap[base / 8 + 2 * i] = cursor;
    heap[base / 8 + 2 * i + 1] = 1;
    heap.set(book[name], cursor / 8);
    cursor += n * 8;
  });
  const outputs = cursor;
  const codes = outputs + 6 * n * 8;
  const typeAddress = codes + 4 * n;
  wasm.HEAP8.set(book.type, typeAddress);
  let invalid = 0;
  const call = () => { invalid = Math.max(invalid, wasm._priceBatch(n, typeAddress, base, 0, 0, 0, outputs, codes)); }; // bsm, linear, annual
  for (let i = 0; i < WASM_WARMUPS; i += 1) call();
  const finish = (runMs) => {
    if (invalid !== 0) throw new Error(`bench: raw _priceBatch reported ${invalid} invalid rows`);
    const copyOut = () => Object.fromEntries(OUTPUTS.map((name, i) => [name, new Float64Array(wasm.HEAPF64.subarray(outputs / 8 + i * n, outputs / 8 + (i + 1) * n))]));
    const results = copyOut();
    // The two copies mk.priceBatch makes (web/src/pricing.mjs), timed alone on this module.
    const copyIn = () => {
      const heapNow = wasm.HEAPF64;
      INPUTS.forEach((name, i) => heapNow.set(book[name], base / 8 + 12 + i * n));
      wasm.HEAP8.set(book.type, typeAddress);
    };
    const copyInMs = []; const copyOutMs = [];
    copyIn(); copyOut();
    for (let i = 0; i < WASM_RUNS; i += 1) {
      copyInMs.push(timed(copyIn).ms);
      copyOutMs.push(timed(copyOut).ms);
    }
    wasm._free(base);
    return { runMs, results, copyInMs, copyOutMs };
  };
  return { call, finish, note };
}

function identicalRows(a, b, rows) {
  for (const name of OUTPUTS) {
    for (let i = 0; i < rows; i += 1) if (!Object.is(a[name][i], b[name][i])) return false;
  }
  return true;
}

// a: marginkit (wasm), b: the reference being compared, on rows [0, rows).
function compare(a, b, rows) {
  const relOf = (x, y) => {
    const size = Math.max(Math.abs(x), Math.abs(y));
    return size === 0 ? 0 : Math.abs(x - y) / size;
  };
  const S = book.underlying; const K = book.strike; const T = book.t;
  const price = { maxAbs: 0, maxAbsRow: -1, maxAbsOverSpot: 0, maxRel: 0, maxRelRow: -1, maxRelAllRows: 0, maxRelAllRowsRow: -1, rowsForMaxRel: 0, nonFinite: 0 };
  for (let i = 0; i < rows; i += 1) {
    const x = a.price[i]; const y = b.price[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) { price.nonFinite += 1; continue; }
    const abs = Math.abs(x - y);
    if (abs > price.maxAbs) { price.maxAbs = abs; price.maxAbsRow = i; }
    if (abs / S[i] > price.maxAbsOverSpot) price.maxAbsOverSpot = abs / S[i];
    const rel = relOf(x, y);
    if (rel > price.maxRelAllRows) { price.maxRelAllRows = rel; price.maxRelAllRowsRow = i; }
    if (Math.abs(y) >= 1e-6 * S[i]) {
      price.rowsForMaxRel += 1;
      if (rel > price.maxRel) { price.maxRel = rel; price.maxRelRow = i; }
    }
  }
  const natural = {
    delta: () => 1, gamma: (i) => 1 / S[i], vega: (i) => S[i], theta: (i) => S[i], rho: (i) => K[i] * T[i],
  };
  const greeks = {};
  for (const [name, size] of Object.entries(natural)) {
    let maxScaled = 0; let row = -1; let nonFinite = 0;
    for (let i = 0; i < rows; i += 1) {
      const x = a[name][i]; const y = b[name][i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) { nonFinite += 1; continue; }
      const scaled = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-6 * size(i));
      if (scaled > maxScaled) { maxScaled = scaled; row = i; }
    }
    greeks[name] = { maxScaled, row, nonFinite, ...(row >= 0 ? { values: [a[name][row], b[name][row]] } : {}) };
  }
  const rowInfo = (i) => (i < 0 ? null : {
    row: i, type: book.type[i] === 1 ? 'call' : 'put', underlying: S[i], strike: K[i], t: T[i],
    vol: book.vol[i], rate: book.rate[i], marginkit: a.price[i], other: b.price[i],
  });
  return {
    rows,
    price: { ...price, worstAbs: rowInfo(price.maxAbsRow), worstRel: rowInfo(price.maxRelRow), worstRelAllRows: rowInfo(price.maxRelAllRowsRow) },
    greeks,
  };
}

// ---------------------------------------------------------------------------------------------
// 8. The preview benchmark (bench/preview.mjs): mk.preview against native preview_json on
//    accounts of 10 to 1,000 positions; prints its own table, writes build/bench/preview.json.
// ---------------------------------------------------------------------------------------------
const pricingOnly = process.argv.includes('--pricing-only');
if (!pricingOnly) {
  const { runPreviewBenchmark } = await import('./preview.mjs');
  await runPreviewBenchmark({ root, log });
  // The same books under portfolio margin (Deribit's scenario grid), 10 to 1,000 positions.
  await runPreviewBenchmark({ root, log, mode: 'portfolio', sizes: [10, 200, 1000] });
}

// ---------------------------------------------------------------------------------------------
// 9. The scale benchmark (bench/scale.mjs): mk.accountRisk and native account_risk_json on books
//    of 10,000 and 100,000 positions; prints the ratio of their times (10 when linear).
// ---------------------------------------------------------------------------------------------
if (!pricingOnly) {
  const { runScaleBenchmark } = await import('./scale.mjs');
  await runScaleBenchmark({ root, log });
}
