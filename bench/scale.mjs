// The scale benchmark (part of `npm run bench`; bench/run.mjs calls it after the preview part, or
// run it alone: `node bench/scale.mjs [--sizes=10000,100000]`, after `node scripts/build.mjs`).
//
// Does the cost of a book grow linearly with its size? mk.accountRisk (with liquidation levels,
// the default) on deterministic cross books of 10,000 and 100,000 positions over BTC, ETH and
// SOL (inverse and linear options on six expiries with fine strike grids, a fifth of the BTC
// options marked so their implied vols are solved, ETH valued from a smile; dated futures and
// perpetuals), through the public JS API (JSON.stringify in, JSON.parse out included), and
// natively (marginkit::account_risk_json on the same JSON texts, bench/native_preview_bench
// --account-risk, with its phases). Prints time per position and the ratio
// time(100,000) / time(10,000): 10 when the cost is linear, 100 when it is quadratic. Reports
// only: nothing fails on a time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeRandom } from './random.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const defaultRoot = join(here, '..');

export const SCALE_SIZES = [10_000, 100_000];
const SEED = 0x7363616c; // 'scal'
const VALUATION_TIME = '2026-11-24T08:00:00Z';
const RUNS = 3; // per size and engine, after one warm-up call; the median is reported

const EXPIRIES = ['27NOV26', '11DEC26', '25DEC26', '29JAN27', '26MAR27', '25JUN27'].map((code) => {
  const months = { NOV: 10, DEC: 11, JAN: 0, MAR: 2, JUN: 5 };
  const day = Number(code.slice(0, code.length - 5));
  const month = months[code.slice(-5, -2)];
  const year = 2000 + Number(code.slice(-2));
  return { code, t: (Date.UTC(year, month, day, 8) - Date.parse(VALUATION_TIME)) / (365 * 86400000) };
});

// Strike steps fine enough for 100,000 distinct options (several thousand strikes per expiry each).
const UNDERLYINGS = {
  BTC: { index: 98_000, basis: 0.06, strikeStep: 10, atm: [0.50, 0.51, 0.52, 0.54, 0.55, 0.56], share: 0.5 },
  ETH: { index: 3_600, basis: 0.07, strikeStep: 0.5, atm: [0.66, 0.67, 0.68, 0.70, 0.71, 0.72], share: 0.3 },
  SOL: { index: 240, basis: 0.08, strikeStep: 0.05, atm: [0.80, 0.81, 0.82, 0.84, 0.85, 0.86], share: 0.2 },
};
const SMILE_MONEYNESS = [0.7, 0.85, 1.0, 1.15, 1.3];
const smileVol = (atm, m) => atm + 0.18 * (1 - m) ** 2 + 0.05 * (1 - m);
const forwardOf = (u, expiry) => Math.round(UNDERLYINGS[u].index * Math.exp(UNDERLYINGS[u].basis * expiry.t) * 100) / 100;

function makeMarket(marks) {
  const underlyings = {};
  for (const [u, spec] of Object.entries(UNDERLYINGS)) {
    const forwards = Object.fromEntries(EXPIRIES.map((e) => [e.code, forwardOf(u, e)]));
    const atm = Object.fromEntries(EXPIRIES.map((e, i) => [e.code, spec.atm[i]]));
    const entry = { index: spec.index, forwards, rate: 0, vol: { atm } };
    if (u === 'ETH') {
      entry.vol.smile = EXPIRIES.flatMap((e, i) => SMILE_MONEYNESS.map((m) => ({
        expiry: e.code,
        strike: Math.round((forwardOf(u, e) * m) / spec.strikeStep) * spec.strikeStep,
        vol: Math.round(smileVol(spec.atm[i], m) * 1e4) / 1e4,
      })));
    }
    underlyings[u] = entry;
  }
  return { time: VALUATION_TIME, underlyings, markPrices: marks };
}

// Standard normal by Box-Muller (deterministic with the seeded generator).
function gaussian(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * A cross account of `count` distinct positions, its market and config, as mk.accountRisk takes
 * them. `price` is mk.price (option marks and entry prices from the Black-76 model).
 */
export function generateBook(count, price, seed = SEED) {
  const random = makeRandom(seed + count);
  const uniform = (lo, hi) => lo + (hi - lo) * random();
  const round = (x, step) => Number((Math.round(x / step) * step).toPrecision(12));
  const pickUnderlying = () => {
    const r = random();
    return r < UNDERLYINGS.BTC.share ? 'BTC' : r < UNDERLYINGS.BTC.share + UNDERLYINGS.ETH.share ? 'ETH' : 'SOL';
  };
  const names = new Set();
  const positions = [];
  const marks = {};
  let marginUsd = 0;
  // Perpetuals and dated futures, inverse and linear, on every underlying.
  for (const u of Object.keys(UNDERLYINGS)) {
    const index = UNDERLYINGS[u].index;
    for (const expiry of [null, ...EXPIRIES]) {
      for (const linear of [false, true]) {
        const head = linear ? `${u}_USDC` : u;
        const name = expiry ? `${head}-${expiry.code}` : `${head}-PERPETUAL`;
        const forward = expiry ? forwardOf(u, expiry) : index;
        const sign = random() < 0.5 ? -1 : 1;
        const entryPrice = round(forward * uniform(0.95, 1.05), 0.01);
        const size = linear ? sign * round(uniform(0.1, 2) * (100_000 / index), 0.01) : sign * round(uniform(1_000, 50_000), 10);
        names.add(name);
        positions.push({ instrument: name, size, entryPrice });
        marginUsd += 0.03 * (linear ? Math.abs(size) * forward : Math.abs(size));
      }
    }
  }
  while (positions.length < count) {
    const u = pickUnderlying();
    const spec = UNDERLYINGS[u];
    const e = Math.floor(random() * EXPIRIES.length);
    const expiry = EXPIRIES[e];
    const forward = forwardOf(u, expiry);
    const linear = random() < 0.4;
    const strike = Math.max(spec.strikeStep, round(forward * Math.min(1.6, Math.max(0.6, Math.exp(0.2 * gaussian(random)))), spec.strikeStep));
    const type = random() < 0.5 ? 'call' : 'put';
    const name = `${linear ? `${u}_USDC` : u}-${expiry.code}-${strike}-${type === 'call' ? 'C' : 'P'}`;
    if (names.has(name)) continue;
    names.add(name);
    const vol = u === 'ETH' ? smileVol(spec.atm[e], strike / forward) : spec.atm[e];
    const option = { type, model: 'black76', underlying: forward, strike, t: expiry.t, vol, settlement: linear ? 'linear' : 'inverse' };
    const premium = price(option).price;
    if (u === 'BTC' && random() < 0.2 && Math.abs(Math.log(strike / forward)) < 0.2 && expiry.t > 0.02) {
      marks[name] = price({ ...option, vol: vol * uniform(1.02, 1.04) }).price;
    }
    const sign = random() < 0.55 ? -1 : 1;
    const size = sign * round(uniform(0.1, 3) * (10_000 / spec.index) ** 0.5, 0.1) || 0.1;
    const tick = linear ? 0.01 : 0.0001;
    const entryPrice = Number(Math.max(tick, premium * uniform(0.8, 1.2)).toPrecision(6));
    positions.push({ instrument: name, size, entryPrice });
    if (size < 0) marginUsd += -size * (0.15 * forward + (linear ? premium : premium * forward));
  }
  const collateralUsd = 2 * marginUsd;
  return {
    account: {
      mode: 'cross',
      collateral: {
        USDC: round(0.6 * collateralUsd, 1000),
        BTC: round((0.25 * collateralUsd) / UNDERLYINGS.BTC.index, 0.01),
        ETH: round((0.15 * collateralUsd) / UNDERLYINGS.ETH.index, 0.1),
      },
      positions,
    },
    market: makeMarket(marks),
    config: { liquidationLevels: true },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 << 20 });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`bench: ${command} ${args.join(' ')} failed`);
  }
}

/**
 * Runs the scale benchmark; prints its table and writes build/bench/scale.json.
 * @param {{ root?: string, sizes?: number[], native?: boolean, log?: (message: string) => void }} [options]
 */
export async function runScaleBenchmark({ root = defaultRoot, sizes = SCALE_SIZES, native = true, log = (m) => process.stderr.write(`bench: ${m}\n`) } = {}) {
  const outDir = join(root, 'build', 'bench');
  const inputDir = join(outDir, 'scale-inputs');
  mkdirSync(inputDir, { recursive: true });
  const { createMarginKit } = await import('marginkit');
  const mk = await createMarginKit();

  const cases = sizes.map((count) => {
    const book = generateBook(count, mk.price);
    const prefix = join(inputDir, `scale-${count}`);
    writeFileSync(`${prefix}.account.json`, JSON.stringify(book.account));
    writeFileSync(`${prefix}.market.json`, JSON.stringify(book.market));
    writeFileSync(`${prefix}.config.json`, JSON.stringify(book.config));
    return { count, book, prefix };
  });

  const results = [];
  for (const c of cases) {
    log(`wasm mk.accountRisk, ${c.count} positions`);
    const { account, market, config } = c.book;
    let risk = mk.accountRisk(account, market, config); // warm-up, and the answer
    const ms = [];
    const cpuMs = [];
    for (let i = 0; i < RUNS; i += 1) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      risk = mk.accountRisk(account, market, config);
      const cpu = process.cpuUsage(c0);
      ms.push(performance.now() - t0);
      cpuMs.push((cpu.user + cpu.system) / 1000);
    }
    results.push({
      positions: c.count, wasmMs: median(ms), wasmRunsMs: ms, wasmCpuMs: median(cpuMs), wasmRunsCpuMs: cpuMs, status: risk.status,
      liquidation: risk.liquidation.map((l) => ({ underlying: l.underlying, prices: l.liquidation.map((x) => x.price) })),
    });
  }

  if (native) {
    const nativeBuild = join(root, 'build', 'native');
    log('building native_preview_bench (build/native)');
    if (!existsSync(join(nativeBuild, 'CMakeCache.txt'))) {
      run('cmake', ['-S', '.', '-B', nativeBuild, '-DCMAKE_BUILD_TYPE=Release'], root);
    }
    run('cmake', ['--build', nativeBuild, '--target', 'native_preview_bench', '-j', '2'], root);
    log(`native account_risk_json (N = ${sizes.join(', ')})`);
    const report = JSON.parse(run(join(nativeBuild, 'bench', 'native_preview_bench'),
      ['--account-risk', String(RUNS), ...cases.map((c) => c.prefix)], root));
    report.cases.forEach((n, i) => { results[i].native = n; });
  }

  const first = results[0];
  const last = results[results.length - 1];
  const sizeRatio = last.positions / first.positions;
  const wasmRatio = last.wasmMs / first.wasmMs;
  const wasmCpuRatio = last.wasmCpuMs / first.wasmCpuMs;
  const nativeRatio = native ? last.native.totalMs / first.native.totalMs : null;
  const nativeCpuRatio = native ? last.native.totalCpuMs / first.native.totalCpuMs : null;
  const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
  const lines = ['', `marginkit scale benchmark: accountRisk with liquidation levels, cross book over BTC/ETH/SOL, median of ${RUNS} runs after one warm-up`];
  lines.push('(wall time, and processor time of the process: the machine may be shared)');
  lines.push(`${'positions'.padEnd(11)}${'wasm mk.accountRisk'.padStart(20)}${'cpu'.padStart(10)}${'µs/position'.padStart(13)}${native ? `${'native'.padStart(12)}${'cpu'.padStart(10)}${'µs/position'.padStart(13)}   native phases: parse, prepare + risk, levels, JSON out` : ''}`);
  for (const r of results) {
    let line = `${String(r.positions).padEnd(11)}${fmt(r.wasmMs).padStart(20)}${fmt(r.wasmCpuMs).padStart(10)}${((r.wasmMs * 1000) / r.positions).toFixed(2).padStart(13)}`;
    if (native) {
      const p = r.native.phasesMs;
      line += `${fmt(r.native.totalMs).padStart(12)}${fmt(r.native.totalCpuMs).padStart(10)}${((r.native.totalMs * 1000) / r.positions).toFixed(2).padStart(13)}   ${fmt(p.parse)}, ${fmt(p.prepareAndRisk)}, ${fmt(p.levels)}, ${fmt(p.writeJson)}`;
    }
    lines.push(line);
  }
  lines.push(`scale ratio time(${last.positions}) / time(${first.positions}) (linear: ${sizeRatio}): wasm ${wasmRatio.toFixed(1)} (cpu ${wasmCpuRatio.toFixed(1)})`
    + `${native ? `, native ${nativeRatio.toFixed(1)} (cpu ${nativeCpuRatio.toFixed(1)})` : ''}`);
  const table = lines.join('\n');
  console.log(table);
  const report = { generatedAt: new Date().toISOString(), node: process.version, seed: SEED, runs: RUNS, inputs: relative(root, inputDir), results, sizeRatio, wasmRatio, wasmCpuRatio, nativeRatio, nativeCpuRatio, table };
  writeFileSync(join(outDir, 'scale.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${relative(root, join(outDir, 'scale.json'))}`);
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizesArg = process.argv.find((a) => a.startsWith('--sizes='));
  const sizes = sizesArg ? sizesArg.slice(8).split(',').map(Number) : SCALE_SIZES;
  await runScaleBenchmark({ sizes, native: !process.argv.includes('--no-native') });
}
