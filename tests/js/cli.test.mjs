// The command line (bin/marginkit.mjs), run as a user runs it: a child process on JSON files,
// judged by its exit code (0 passes, 1 the --fail-on condition or a rejected order, 2 bad input or
// usage), its stdout (tables, or one JSON document with --json) and its stderr. The numbers it
// shows are the engine's for the same inputs in-process (compared exactly through --json, and
// spot-checked in the tables). Also: the CLI's pure parts (stress syntax, duplicate keys, number
// formats, colour), both ways of checking files (with the package's generated schema validators
// and without them), and the packed package installed into an empty project.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMarginKit } from 'marginkit';
import { painter, wantsColour } from '../../bin/cli/colour.mjs';
import { DIRECTION_WARNINGS, STATUS_RANK } from '../../bin/cli/fail-on.mjs';
import { findDuplicateKey } from '../../bin/cli/json-file.mjs';
import { percent, signedPercent, usd, usdChange } from '../../bin/cli/numbers.mjs';
import { parseStressFlags } from '../../bin/cli/stress-spec.mjs';
import { table } from '../../bin/cli/table.mjs';
import { installPackedPackage, repoRoot } from './support/consumer.mjs';
import { PACKAGE_FILES } from './support/package-files.mjs';
import { isolatedSampleAccount } from './support/samples.mjs';

const BIN = join(repoRoot, 'bin', 'marginkit.mjs');
const HANG_GUARD_MS = 120_000; // not a performance limit: only so that a hung child cannot stall the run
const sample = JSON.parse(readFileSync(join(repoRoot, 'examples', 'sample-account.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

// Runs a command; resolves { code, stdout, stderr } whatever the exit code.
function run(command, args, { cwd, env = {} } = {}) {
  return new Promise((resolve) => {
    execFile(command, args, {
      cwd, timeout: HANG_GUARD_MS, encoding: 'utf8', maxBuffer: 64 << 20,
      env: { ...process.env, NO_COLOR: '', ...env },
    }, (error, stdout, stderr) => resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr }));
  });
}

let work; // fixtures: the CLI runs with this as its current directory
const cli = (args, options = {}) => run(process.execPath, [options.bin ?? BIN, ...args], { cwd: work, ...options });
async function cliJson(args, options) {
  const result = await cli([...args, '--json'], options);
  assert.ok(result.stdout.trim().startsWith('{'), `--json printed a document:\n${result.stdout}\n${result.stderr}`);
  return { ...result, report: JSON.parse(result.stdout) };
}

// The accounts of the --fail-on tests: the sample's, and the sample with less collateral.
const HEALTHY = sample.account;
const MARGIN_CALL = { ...sample.account, collateral: { USDC: 60000 } };
const LIQUIDATION = { ...sample.account, collateral: { USDC: 30000 } };
const USDC_ONLY = { ...sample.account, positions: sample.account.positions.filter((p) => p.instrument.includes('_USDC')) };
const USDC_ORDER = { instrument: 'BTC_USDC-26MAR27-120000-C', side: 'sell', size: 0.5 };

const FILES = {
  'a.json': sample.account,
  'm.json': sample.market,
  'o.json': sample.order,
  'healthy.json': HEALTHY,
  'margin-call.json': MARGIN_CALL,
  'liquidation.json': LIQUIDATION,
  'usdc.json': USDC_ONLY,
  'usdc-order.json': USDC_ORDER,
  'isolated.json': isolatedSampleAccount(),
  'big-order.json': { ...sample.order, size: 20 },
  'small-order.json': { ...sample.order, size: 0.1 },
  'two-orders.json': [sample.order, { ...sample.order, size: -2 }],
  'bad-size.json': { ...sample.account, positions: sample.account.positions.map((p, i) => (i === 2 ? { ...p, size: 'abc' } : p)) },
  'bad-order.json': { ...sample.order, size: -1 },
  'typo.json': { ...sample.account, colateral: {} },
  'bad-market.json': { ...sample.market, underlyings: { ...sample.market.underlyings, BTC: { ...sample.market.underlyings.BTC, index: -5 } } },
  'no-eth.json': { ...sample.market, underlyings: { BTC: sample.market.underlyings.BTC } },
};

// Numbers as the tables show them, made here independently of the CLI's formatter.
const money = (x) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

let mk;
before(async () => {
  mk = await createMarginKit();
  work = mkdtempSync(join(tmpdir(), 'marginkit-cli-'));
  for (const [name, document] of Object.entries(FILES)) writeFileSync(join(work, name), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(join(work, 'broken.json'), '{\n  "mode": "cross",\n  "positions": [\n    { "size": 1, }\n  ]\n}\n');
  writeFileSync(join(work, 'truncated.json'), '{\n  "mode": "cross",\n  "positions": [\n');
  writeFileSync(join(work, 'duplicate.json'), '{\n  "mode": "cross",\n  "collateral": { "USDC": 1, "BTC": 2, "USDC": 3 }\n}\n');
  writeFileSync(join(work, 'empty.json'), '\n');
  mkdirSync(join(work, 'folder.json'));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// A copy of the package without dist/marginkit.schemas.mjs (the engine's checks only), and one
// with a stand-in validator: the same bad input must read the same either way.
let plainPackage;
let schemaPackage;
function copyPackage(target) {
  for (const path of PACKAGE_FILES) {
    mkdirSync(join(target, path, '..'), { recursive: true });
    cpSync(join(repoRoot, path), join(target, path));
  }
  rmSync(join(target, 'dist', 'marginkit.schemas.mjs'), { force: true });
  return target;
}
function plainBin() {
  plainPackage ??= copyPackage(join(work, 'package-plain'));
  return join(plainPackage, 'bin', 'marginkit.mjs');
}
// The stand-in speaks as generated validators do: JSON Pointers relative to the document.
const STAND_IN_VALIDATOR = `
import { appendFileSync } from 'node:fs';
export function validate(kind, value) {
  if (process.env.SCHEMA_LOG) appendFileSync(process.env.SCHEMA_LOG, kind + '\\n');
  const problems = [];
  if (kind === 'account') {
    (value.positions ?? []).forEach((p, i) => {
      if (typeof p.size !== 'number') problems.push({ path: '/positions/' + i + '/size', message: 'must be a number' });
    });
    if (value.many) for (let i = 0; i < 7; i += 1) problems.push({ path: '/many/' + i, message: 'must be a string' });
  }
  if (kind === 'orders' && !Array.isArray(value) && value.size <= 0) problems.push({ path: '/size', message: 'must be > 0' });
  if (kind === 'stress-moves') value.forEach((m, i) => { if (m.BTC && m.BTC.spot <= -1) problems.push({ path: '/' + i + '/BTC/spot', message: 'must be > -1' }); });
  return problems;
}
`;
function schemaBin() {
  if (!schemaPackage) {
    schemaPackage = copyPackage(join(work, 'package-schemas'));
    writeFileSync(join(schemaPackage, 'dist', 'marginkit.schemas.mjs'), STAND_IN_VALIDATOR);
  }
  return join(schemaPackage, 'bin', 'marginkit.mjs');
}

describe('CLI pieces', () => {
  it('--stress moves: spot and vol in percent (vol in points, added), volRelative, days; ";" and repeats', () => {
    assert.deepEqual(parseStressFlags(['BTC:spot=-20%,vol=+30%;ETH:spot=25%,volRelative=-10%,days=7', 'days=3']), [
      { spec: 'BTC:spot=-20%,vol=+30%', move: { BTC: { spot: -0.2, vol: 0.3 } } },
      { spec: 'ETH:spot=25%,volRelative=-10%,days=7', move: { ETH: { spot: 0.25, volRelative: -0.1 }, days: 7 } },
      { spec: 'days=3', move: { days: 3 } },
    ]);
    assert.deepEqual(parseStressFlags([' BTC : spot = -12.5 % ; ']), [{ spec: 'BTC : spot = -12.5 %', move: { BTC: { spot: -0.125 } } }]);
  });

  it('--stress syntax errors quote the move and say what is wrong', () => {
    const cases = [
      ['BTC:spot=-20', /"BTC:spot=-20": "spot=-20": give a percentage with its '%': did you mean spot=-20%\?/],
      ['BTC:spot=-0.2', /spot=-20% if -0.2 is a fraction, spot=-0.2% if a percent/],
      ['BTC:spt=10%', /"BTC:spt=10%": "spt=10%": unknown key "spt"/],
      ['spot=10%', /"spot=10%": "spot=10%" needs an underlying: e.g. BTC:spot=10%/],
      [':spot=1%', /the underlying before ":" is missing/],
      ['B TC:spot=1%', /"B TC" is not an underlying name/],
      ['BTC:', /"BTC:": nothing to move/],
      ['BTC:spot', /"spot" is not key=value/],
      ['BTC:spot=1%,spot=2%', /"spot" is given twice/],
      ['BTC:vol=abc%', /"vol=abc%": give a percentage/],
      ['days=7%', /"days=7%": days is a number of days/],
      [';', /--stress ";": no move given/],
    ];
    for (const [value, message] of cases) {
      assert.throws(() => parseStressFlags([value]), (e) => e.code === 'BAD_STRESS' && message.test(e.message) && /UNDERLYING:spot=/.test(e.hint),
        value);
    }
  });

  it('finds a key given twice, with its path and line:column, past strings holding quotes and brackets', () => {
    assert.equal(findDuplicateKey('{"a": {"b": 1, "c": [1, {"d": 2}]}, "e": "\\"a\\" [{"}'), null);
    assert.deepEqual(findDuplicateKey('{"p": [{"x": 1}, {"x": 1, "y": "}\\"", "x": 2}]}'),
      { key: 'x', parentPath: ['p', 1], line: 1, column: 39 });
    assert.deepEqual(findDuplicateKey('{\n "a": 1,\n "a": 2\n}'), { key: 'a', parentPath: [], line: 3, column: 2 });
  });

  it('numbers: thousands separated, USD to the cent, no "-0.00", n/a for a ratio with no value', () => {
    assert.equal(usd(1234567.891), '1,234,567.89');
    assert.equal(usd(-1234.5), '-1,234.50');
    assert.equal(usd(-0.001), '0.00');
    assert.equal(usd(999.999), '1,000.00');
    assert.equal(usdChange(35955.987), '+35,955.99');
    assert.equal(usdChange(0.001), '0.00');
    assert.equal(percent(0.368714), '36.87 %');
    assert.equal(percent(null), 'n/a');
    assert.equal(signedPercent(24.4705), '+24.47 %');
    assert.equal(signedPercent(-9.87), '-9.87 %');
  });

  it('--fail-on ranks every status the engine has, and knows the warnings it sets aside', () => {
    assert.deepEqual(Object.keys(STATUS_RANK).sort(), [...mk.statuses].sort());
    for (const code of DIRECTION_WARNINGS) assert.ok(mk.warningCodes.includes(code), code);
  });

  it('tables: columns aligned, numbers to the right', () => {
    assert.deepEqual(table([{ header: 'name' }, { header: 'USD', align: 'right' }], [['BTC', '1.00'], ['ETH', '12,345.00']]), [
      '  name        USD',
      '  ----  ---------',
      '  BTC        1.00',
      '  ETH   12,345.00',
    ]);
  });

  it('colour only on a TTY, never with NO_COLOR or TERM=dumb; statuses in words', () => {
    assert.equal(wantsColour({ isTTY: true }, {}), true);
    assert.equal(wantsColour({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(wantsColour({ isTTY: true }, { NO_COLOR: '' }), true, 'an empty NO_COLOR is unset (no-color.org)');
    assert.equal(wantsColour({ isTTY: true }, { TERM: 'dumb' }), false);
    assert.equal(wantsColour({ isTTY: false }, {}), false);
    assert.equal(wantsColour({}, {}), false);
    assert.equal(painter(false).status('margin_call'), 'margin call');
    assert.equal(painter(true).status('liquidation'), '\u001b[31mliquidation\u001b[0m');
  });
});

describe('marginkit --help and --version', () => {
  it('--version prints the package version', async () => {
    const { code, stdout } = await cli(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout, `${pkg.version}\n`);
  });

  it('--help per command documents every flag, the stress units, each --fail-on level and the exit codes', async () => {
    for (const command of ['check', 'preview']) {
      const { code, stdout, stderr } = await cli([command, '--help']);
      assert.equal(code, 0);
      assert.equal(stderr, '');
      assert.match(stdout, new RegExp(`^Usage: marginkit ${command} --account FILE --market FILE`));
      for (const flag of ['--account', '--market', '--order', '--sample', '--mode', '--profile', '--portfolio-model', '--stress',
        '--fail-on', '--json', '--help']) {
        assert.ok(stdout.includes(flag), `${command} --help names ${flag}`);
      }
      assert.match(stdout, /vol=\+30% {13}\+30 vol points on every implied vol of the underlying, added: 52 % becomes\s+82 %/);
      assert.match(stdout, /liquidation {10}a state's status is liquidation/);
      assert.match(stdout, /margin_call {10}a state's status is margin_call or liquidation/);
      assert.match(stdout, /warning {14}a state's status is not healthy, or the preview gives any warning except\s+INCREASES_RISK and REDUCES_RISK/);
      assert.match(stdout, /Exit codes: 0 passes; 1 the --fail-on condition holds or the order is rejected;\s+2 bad input or usage/);
    }
    const top = await cli(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /Commands:\n {2}check/);
    assert.equal((await cli(['help', 'preview'])).stdout, (await cli(['preview', '--help'])).stdout);
  });

  it('--help wins over other flags, even bad ones', async () => {
    const { code, stdout } = await cli(['check', '--nonsense', '-h']);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: marginkit check/);
  });
});

describe('marginkit check', () => {
  it('--json: the engine\'s accountRisk for the same inputs, and the decision', async () => {
    const { code, stderr, report } = await cliJson(['check', '--account', 'a.json', '--market', 'm.json']);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    assert.deepEqual(report.risk, mk.accountRisk(sample.account, sample.market, {}));
    assert.equal(report.preview, null);
    assert.deepEqual(report.stress, []);
    assert.equal(report.command, 'check');
    assert.equal(report.version, mk.version);
    assert.deepEqual(report.config, {});
    assert.deepEqual(report.inputs, {
      account: 'a.json', market: 'm.json', order: null, sample: false, mode: 'cross', profile: null, portfolioModel: null,
      stress: [], failOn: 'liquidation', schemaChecked: report.inputs.schemaChecked,
    });
    assert.deepEqual(report.decision, { exitCode: 0, passed: true, failOn: 'liquidation', rejected: false, rejectReason: null, failures: [] });
  });

  it('colours statuses on a terminal unless NO_COLOR is set (util-linux `script` gives the terminal)', { skip: !existsSync('/usr/bin/script') }, async () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check --sample`;
    const coloured = await run('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: work, env: { TERM: 'xterm' } });
    assert.equal(coloured.code, 0, coloured.stderr);
    assert.ok(coloured.stdout.includes('\u001b[32mhealthy\u001b[0m'), coloured.stdout);
    const plain = await run('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: work, env: { TERM: 'xterm', NO_COLOR: '1' } });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /status +healthy/);
    assert.ok(!plain.stdout.includes('\u001b['));
  });

  it('the table shows the engine\'s figures, statuses in words, and no colour when stdout is not a terminal', async () => {
    const { code, stdout, stderr } = await cli(['check', '--account', 'a.json', '--market', 'm.json']);
    assert.equal(code, 0, stderr);
    const risk = mk.accountRisk(sample.account, sample.market);
    assert.match(stdout, /^marginkit \S+ check: account a\.json, market m\.json\ncross margin, profile deribit; 7 positions; market time 2026-11-24T08:00:00Z\n/);
    assert.match(stdout, new RegExp(`status +healthy\\n`));
    assert.match(stdout, new RegExp(`equity \\(USD\\) +${money(risk.equityUsd)}\\n`));
    assert.match(stdout, new RegExp(`initial margin \\(USD\\) +${money(risk.initialMarginUsd)}\\n`));
    assert.match(stdout, new RegExp(`maintenance margin \\(USD\\) +${money(risk.maintenanceMarginUsd)}\\n`));
    assert.match(stdout, new RegExp(`margin ratio \\(MM / equity\\) +${(risk.marginRatio * 100).toFixed(2)} %\\n`));
    const [btc] = risk.liquidation;
    assert.match(stdout, new RegExp(`BTC +${money(btc.index)} +${money(btc.liquidation[0].price)} \\(\\+${btc.liquidation[0].distancePercent.toFixed(2)} %\\)`));
    assert.match(stdout, /ETH +3,600\.00 +none +none +none/);
    assert.match(stdout, /PASS \(--fail-on liquidation\): no state is in liquidation\nexit code 0\n$/);
    assert.ok(!stdout.includes('\u001b['), 'no escape codes in a pipe');
  });

  it('--order: the preview too (before, after, change, warnings), and the account\'s risk now', async () => {
    const { code, report } = await cliJson(['check', '--account', 'a.json', '--market', 'm.json', '--order', 'o.json']);
    assert.equal(code, 0);
    assert.deepEqual(report.preview, mk.preview(sample.account, sample.market, sample.order, {}));
    assert.deepEqual(report.risk, mk.accountRisk(sample.account, sample.market, {}));
    const { stdout } = await cli(['check', '--account', 'a.json', '--market', 'm.json', '--order', 'o.json']);
    const p = report.preview;
    assert.match(stdout, /order: sell 3 BTC-26DEC26-110000-C at the mark\n/);
    assert.match(stdout, new RegExp(`initial margin \\(USD\\) +${money(p.before.initialMarginUsd)} +${money(p.after.initialMarginUsd)} +\\+${money(p.change.initialMarginUsd)}\\n`));
    assert.match(stdout, /accepted: yes\n/);
    for (const warning of p.warnings) assert.ok(stdout.includes(`  - ${warning.message} (${warning.code})`), warning.code);
    assert.match(stdout, new RegExp(`largest sell of this order that still fits: ${p.maxSize} \\(in steps of 0\\.01\\)`));
  });

  it('an order file may hold several orders', async () => {
    const { code, report } = await cliJson(['check', '--account', 'a.json', '--market', 'm.json', '--order', 'two-orders.json'],
      { bin: plainBin() });
    assert.equal(code, 2, 'the second order has a negative size');
    assert.equal(report.error.message, 'two-orders.json: orders[1].size: must be > 0, got -2');
    writeFileSync(join(work, 'orders.json'), JSON.stringify([sample.order, { ...sample.order, instrument: 'ETH_USDC-PERPETUAL', side: 'buy', size: 1 }]));
    const ok = await cliJson(['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'orders.json']);
    assert.equal(ok.code, 0);
    assert.deepEqual(ok.report.preview, mk.preview(sample.account, sample.market, JSON.parse(readFileSync(join(work, 'orders.json'), 'utf8')), {}));
    const { stdout } = await cli(['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'orders.json']);
    assert.match(stdout, /order 1: sell 3 BTC-26DEC26-110000-C at the mark\norder 2: buy 1 ETH_USDC-PERPETUAL at the mark\n/);
  });

  it('a root "$schema" (an editor\'s pointer to marginkit/schemas) is not data: the engine never sees it', async () => {
    const withSchema = (document, kind) => ({ $schema: `./node_modules/marginkit/schemas/${kind}.schema.json`, ...document });
    writeFileSync(join(work, 'schema-account.json'), JSON.stringify(withSchema(sample.account, 'account')));
    writeFileSync(join(work, 'schema-market.json'), JSON.stringify(withSchema(sample.market, 'market')));
    writeFileSync(join(work, 'schema-order.json'), JSON.stringify(withSchema(sample.order, 'orders')));
    const { code, report } = await cliJson(['preview', '--account', 'schema-account.json', '--market', 'schema-market.json',
      '--order', 'schema-order.json']);
    assert.equal(code, 0);
    assert.deepEqual(report.preview, mk.preview(sample.account, sample.market, sample.order, {}));
  });
});

describe('marginkit preview', () => {
  it('--json is the engine\'s preview; the table shows its figures, levels before and after, max size', async () => {
    const args = ['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'o.json'];
    const { code, report } = await cliJson(args);
    assert.equal(code, 0);
    const expected = mk.preview(sample.account, sample.market, sample.order, {});
    assert.deepEqual(report.preview, expected);
    assert.equal(report.risk, null);
    const { stdout } = await cli(args);
    assert.match(stdout, new RegExp(`available margin \\(USD\\) +${money(expected.before.availableMarginUsd)} +${money(expected.after.availableMarginUsd)} +-${money(-expected.change.availableMarginUsd)}\\n`));
    const btcAfter = expected.liquidationAfter[0];
    assert.match(stdout, new RegExp(`BTC +98,000\\.00 +${money(expected.liquidationBefore[0].liquidation[0].price)} \\(\\+24\\.47 %\\) +${money(btcAfter.liquidation[0].price)} \\(\\+${btcAfter.liquidation[0].distancePercent.toFixed(2)} %\\)`));
    const btcGreeks = expected.after.greeks[0];
    assert.match(stdout, new RegExp(`BTC +98,000\\.00 +${btcGreeks.deltaCoins.toFixed(4)} +${money(btcGreeks.deltaUsd)}`));
    assert.match(stdout, new RegExp(`largest sell of this order that still fits: ${expected.maxSize} `));
  });

  it('requires an order', async () => {
    const { code, stderr } = await cli(['preview', '--account', 'a.json', '--market', 'm.json']);
    assert.equal(code, 2);
    assert.equal(stderr, 'error: preview: --order is required\nhint: give --order FILE, or --sample to run on the sample shipped with the package\n');
  });

  it('a rejected order exits 1 whatever --fail-on says, with the reason and the top-up', async () => {
    const order = { ...sample.order, size: 20 };
    const expected = mk.preview(sample.account, sample.market, order, {});
    assert.equal(expected.accepted, false);
    const { code, report } = await cliJson(['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'big-order.json']);
    assert.equal(code, 1);
    assert.deepEqual(report.preview, expected);
    assert.equal(report.decision.rejected, true);
    assert.equal(report.decision.rejectReason, expected.rejectReason);
    assert.equal(report.decision.exitCode, 1);
    const { stdout } = await cli(['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'big-order.json']);
    assert.match(stdout, new RegExp(`accepted: NO \\(${expected.rejectReason}\\)`));
    assert.match(stdout, new RegExp(`top-up that would make it acceptable: ${expected.topUp.amount} ${expected.topUp.asset} \\(${money(expected.topUp.usd)} USD\\)`));
    assert.match(stdout, new RegExp(`REJECTED: the order is rejected \\(${expected.rejectReason}\\)`));
    assert.match(stdout, /exit code 1\n$/);
  });
});

describe('--sample', () => {
  it('check and preview run on the sample shipped with the package', async () => {
    const check = await cliJson(['check', '--sample']);
    assert.equal(check.code, 0);
    assert.deepEqual(check.report.risk, mk.accountRisk(sample.account, sample.market, {}));
    assert.deepEqual(check.report.preview, mk.preview(sample.account, sample.market, sample.order, {}));
    assert.equal(check.report.inputs.sample, true);
    assert.equal(check.report.inputs.account, 'examples/sample-account.json');
    const preview = await cliJson(['preview', '--sample']);
    assert.equal(preview.code, 0);
    assert.deepEqual(preview.report.preview, mk.preview(sample.account, sample.market, sample.order, {}));
    const { stdout } = await cli(['preview', '--sample']);
    assert.match(stdout, /^marginkit \S+ preview: account, market and order from examples\/sample-account\.json\n/);
  });

  it('--account, --market or --order replace a part of the sample', async () => {
    const { code, report } = await cliJson(['check', '--sample', '--account', 'margin-call.json']);
    assert.equal(code, 1);
    assert.deepEqual(report.risk, mk.accountRisk(MARGIN_CALL, sample.market, {}));
    assert.equal(report.inputs.account, 'margin-call.json');
    assert.equal(report.inputs.market, 'examples/sample-account.json');
  });
});

describe('--stress', () => {
  it('each move is a row; outcomes are mk.stress\'s for the moves the syntax stands for', async () => {
    const args = ['check', '--account', 'a.json', '--market', 'm.json', '--stress', 'BTC:spot=-20%,vol=+30%;ETH:spot=+25%,volRelative=-10%,days=7',
      '--stress', 'days=3'];
    const moves = [{ BTC: { spot: -0.2, vol: 0.3 } }, { ETH: { spot: 0.25, volRelative: -0.1 }, days: 7 }, { days: 3 }];
    const expected = mk.stress(sample.account, sample.market, moves, {});
    const { code, report } = await cliJson(args);
    assert.equal(code, 0);
    assert.deepEqual(report.stress.map((s) => s.move), moves);
    assert.deepEqual(report.stress.map((s) => s.outcome), expected);
    assert.deepEqual(report.inputs.stress, ['BTC:spot=-20%,vol=+30%', 'ETH:spot=+25%,volRelative=-10%,days=7', 'days=3']);
    const { stdout } = await cli(args);
    report.stress.forEach(({ spec, outcome }) => {
      const pnl = `${outcome.pnlUsd > 0 ? '\\+' : '-'}${money(Math.abs(outcome.pnlUsd))}`;
      assert.match(stdout, new RegExp(`\\n  ${spec.replaceAll('+', '\\+')} +${outcome.status} +${money(outcome.equityUsd)} +${pnl} +${money(outcome.initialMarginUsd)}`), spec);
    });
  });

  it('bad syntax is exit 2 with the move quoted; a bad value the engine finds names the move too', async () => {
    const cases = [
      ['BTC:spot=-20', 'error: --stress "BTC:spot=-20": "spot=-20": give a percentage with its \'%\': did you mean spot=-20%?'],
      ['BTC:spot=-100%', 'error: --stress "BTC:spot=-100%": BTC.spot: must lie within (-1, 100], got -1'],
      ['XRP:spot=10%', 'error: --stress "XRP:spot=10%": XRP: no market data for XRP'],
      ['BTC:spot=1%,days=90', 'error: --stress "BTC:spot=1%,days=90": days: BTC-26DEC26-100000-C would expire within the move, got 90'],
    ];
    for (const [value, line] of cases) {
      const { code, stdout, stderr } = await cli(['check', '--account', 'a.json', '--market', 'm.json', '--stress', value], { bin: plainBin() });
      assert.equal(code, 2, value);
      assert.equal(stdout, '');
      const lines = stderr.trimEnd().split('\n');
      assert.equal(lines[0], line);
      assert.equal(lines.length, 2);
      assert.match(lines[1], /^hint: /);
    }
  });
});

describe('--fail-on', () => {
  it('the accounts are in the states the tests mean them to be', () => {
    assert.equal(mk.accountRisk(HEALTHY, sample.market).status, 'healthy');
    assert.equal(mk.accountRisk(MARGIN_CALL, sample.market).status, 'margin_call');
    assert.equal(mk.accountRisk(LIQUIDATION, sample.market).status, 'liquidation');
    const [crash] = mk.stress(HEALTHY, sample.market, [{ BTC: { spot: 0.3 } }]);
    assert.equal(crash.status, 'liquidation');
    const preview = mk.preview(sample.account, sample.market, sample.order);
    assert.deepEqual(preview.warnings.map((w) => w.code), ['LIQUIDATION_PRICE_WITHIN_X_PERCENT', 'INCREASES_RISK']);
    assert.equal(preview.after.status, 'healthy');
  });

  it('each level on healthy, margin-call and liquidatable accounts (liquidation is the default)', async () => {
    const expected = {
      'healthy.json': { warning: 0, margin_call: 0, liquidation: 0, default: 0 },
      'margin-call.json': { warning: 1, margin_call: 1, liquidation: 0, default: 0 },
      'liquidation.json': { warning: 1, margin_call: 1, liquidation: 1, default: 1 },
    };
    for (const [file, codes] of Object.entries(expected)) {
      for (const [level, exitCode] of Object.entries(codes)) {
        const flags = level === 'default' ? [] : ['--fail-on', level];
        const { code, report } = await cliJson(['check', '--account', file, '--market', 'm.json', ...flags]);
        assert.equal(code, exitCode, `${file} --fail-on ${level}`);
        assert.equal(report.decision.exitCode, exitCode);
        assert.equal(report.decision.failOn, level === 'default' ? 'liquidation' : level);
        if (exitCode) assert.deepEqual(report.decision.failures, [{ where: 'now', status: report.risk.status }]);
      }
    }
    const { stdout } = await cli(['check', '--account', 'margin-call.json', '--market', 'm.json', '--fail-on', 'margin_call']);
    assert.match(stdout, /FAIL \(--fail-on margin_call\):\n {2}the account now: margin call\nexit code 1\n$/);
  });

  it('warning: any warning but INCREASES_RISK / REDUCES_RISK fails, as does a status not healthy', async () => {
    const args = ['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'o.json'];
    const warned = await cliJson([...args, '--fail-on', 'warning']);
    assert.equal(warned.code, 1);
    assert.deepEqual(warned.report.decision.failures, [{ where: 'after', warning: 'LIQUIDATION_PRICE_WITHIN_X_PERCENT' }]);
    assert.equal((await cli([...args, '--fail-on', 'margin_call'])).code, 0);
    // An order too small to bring a liquidation price near: only INCREASES_RISK, which passes.
    const small = await cliJson(['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'small-order.json', '--fail-on', 'warning']);
    assert.deepEqual(small.report.preview.warnings.map((w) => w.code), ['INCREASES_RISK']);
    assert.equal(small.code, 0);
  });

  it('applies to the states before and after the order and to every stress move', async () => {
    const { code, report } = await cliJson(['check', '--account', 'a.json', '--market', 'm.json', '--order', 'o.json',
      '--stress', 'BTC:spot=-10%;BTC:spot=+30%']);
    assert.equal(code, 1);
    assert.deepEqual(report.decision.failures, [{ where: 'stress[1]', move: 'BTC:spot=+30%', status: 'liquidation' }]);
    const { stdout } = await cli(['check', '--account', 'a.json', '--market', 'm.json', '--stress', 'BTC:spot=+30%']);
    assert.match(stdout, /FAIL \(--fail-on liquidation\):\n {2}stress "BTC:spot=\+30%": liquidation\nexit code 1\n$/);
    const call = await cliJson(['preview', '--account', 'margin-call.json', '--market', 'm.json', '--order', 'small-order.json',
      '--fail-on', 'margin_call']);
    assert.equal(call.code, 1);
    assert.ok(call.report.decision.failures.some((f) => f.where === 'before' && f.status === 'margin_call'));
  });
});

describe('--mode, --profile, --portfolio-model', () => {
  it('--mode portfolio with each model is mk.accountRisk with that mode and model', async () => {
    for (const [file, account, model] of [['a.json', sample.account, 'deribit'], ['a.json', sample.account, 'span'],
      ['usdc.json', USDC_ONLY, 'derive-pm2']]) {
      const { code, report, stderr } = await cliJson(['check', '--account', file, '--market', 'm.json', '--mode', 'portfolio',
        '--portfolio-model', model]);
      assert.equal(code, 0, stderr);
      assert.deepEqual(report.risk, mk.accountRisk({ ...account, mode: 'portfolio' }, sample.market, { portfolioModel: model }), model);
      assert.equal(report.inputs.mode, 'portfolio');
      assert.equal(report.inputs.portfolioModel, model);
      assert.ok(report.risk.portfolio.groups.length > 0);
    }
    const defaultModel = await cliJson(['check', '--account', 'a.json', '--market', 'm.json', '--mode', 'portfolio']);
    assert.deepEqual(defaultModel.report.risk, mk.accountRisk({ ...sample.account, mode: 'portfolio' }, sample.market, {}));
    const { stdout } = await cli(['preview', '--account', 'usdc.json', '--market', 'm.json', '--order', 'usdc-order.json', '--mode', 'portfolio',
      '--portfolio-model', 'derive-pm2']);
    const expected = mk.preview({ ...USDC_ONLY, mode: 'portfolio' }, sample.market, USDC_ORDER, { portfolioModel: 'derive-pm2' });
    assert.match(stdout, /portfolio margin, model derive-pm2/);
    assert.match(stdout, /Portfolio margin by group:/);
    assert.match(stdout, new RegExp(`BTC in USDC +${money(expected.after.portfolio.groups[0].initialMarginUsd)}`));
  });

  it('--mode replaces the account\'s mode (isolated, cross); --profile goes into the config', async () => {
    const isolated = isolatedSampleAccount();
    const asIsolated = await cliJson(['check', '--account', 'isolated.json', '--market', 'm.json', '--mode', 'isolated']);
    assert.deepEqual(asIsolated.report.risk, mk.accountRisk(isolated, sample.market, {}));
    const { stdout } = await cli(['check', '--account', 'isolated.json', '--market', 'm.json']);
    assert.match(stdout, /isolated margin, profile deribit/);
    assert.match(stdout, /position +index \(USD\) +liquidation/);
    const bybit = await cliJson(['check', '--account', 'a.json', '--market', 'm.json', '--profile', 'bybit']);
    assert.deepEqual(bybit.report.risk, mk.accountRisk(sample.account, sample.market, { profile: 'bybit' }));
    assert.deepEqual(bybit.report.config, { profile: 'bybit' });
    const cross = await cliJson(['check', '--account', 'usdc.json', '--market', 'm.json', '--mode', 'cross']);
    assert.deepEqual(cross.report.risk, mk.accountRisk({ ...USDC_ONLY, mode: 'cross' }, sample.market, {}));
  });

  it('--portfolio-model outside portfolio mode is refused, not ignored', async () => {
    const { code, stderr } = await cli(['check', '--account', 'a.json', '--market', 'm.json', '--portfolio-model', 'span']);
    assert.equal(code, 2);
    assert.equal(stderr, 'error: --portfolio-model span applies in portfolio mode only, and the account\'s mode is cross\n'
      + 'hint: add --mode portfolio, or set "mode": "portfolio" in the account file\n');
  });
});

describe('bad input: exit 2, the file, the JSON path, what was expected, one hint', () => {
  const cases = [
    [['check', '--account', 'bad-size.json', '--market', 'm.json'], 'error: bad-size.json: account.positions[2].size: must be a number, got "abc"'],
    [['check', '--account', 'typo.json', '--market', 'm.json'],
      'error: typo.json: account.colateral: is not a field here (known: mode, collateral, positions)'],
    [['check', '--account', 'a.json', '--market', 'bad-market.json'], 'error: bad-market.json: market.underlyings.BTC.index: must be > 0, got -5'],
    [['check', '--account', 'a.json', '--market', 'no-eth.json'], /^error: no-eth\.json: market.*ETH|^error: a\.json: account\.\S*: .*ETH/],
    [['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'bad-order.json'], 'error: bad-order.json: order.size: must be > 0, got -1'],
    [['check', '--account', 'broken.json', '--market', 'm.json'], 'error: broken.json:4:18: invalid JSON: Expected double-quoted property name'],
    [['check', '--account', 'truncated.json', '--market', 'm.json'], /^error: truncated\.json:4:1: invalid JSON: /],
    [['check', '--account', 'duplicate.json', '--market', 'm.json'],
      'error: duplicate.json:3:40: account.collateral: the key "USDC" is given twice (which one counts would be a guess)'],
    [['check', '--account', 'empty.json', '--market', 'm.json'], 'error: empty.json: the file is empty'],
    [['check', '--account', 'missing.json', '--market', 'm.json'], 'error: missing.json: cannot read the file: no such file'],
    [['check', '--account', 'folder.json', '--market', 'm.json'], 'error: folder.json: cannot read the file: is a directory, not a file'],
    [['check', '--account', 'a.json', '--market', 'm.json', '--profile', 'deribitt'],
      'error: --profile deribitt: config.profile: must be one of \'bit\', \'bybit\', \'deribit\', \'derive\', \'okx\', got \'deribitt\''],
    [['check', '--account', 'a.json', '--market', 'm.json', '--mode', 'portfolio', '--portfolio-model', 'spam'],
      /^error: --portfolio-model spam: config\.portfolioModel: must be one of .*'span', got 'spam'$/],
    [['check', '--account', 'a.json', '--market', 'm.json', '--mode', 'isolated'],
      /^error: a\.json: account\.positions\[0\]\.isolatedMargin: isolated mode: .* needs isolatedMargin/],
    [['check', '--acount', 'a.json', '--market', 'm.json'], 'error: unknown flag --acount (did you mean --account?)'],
    [['check', '--account', 'a.json'], 'error: check: --market is required'],
    [['check'], 'error: check: --account, --market are required'],
    [['check', '--account', '--market', 'm.json'], 'error: --account needs a FILE, got the flag --market'],
    [['check', '--account', 'a.json', '--market', 'm.json', '--account', 'b.json'], 'error: --account is given twice'],
    [['check', '--account', 'a.json', '--market', 'm.json', 'extra'], 'error: unexpected argument "extra" (flags take their value after them: --account FILE)'],
    [['check', '--sample=yes'], 'error: --sample takes no value, got "yes"'],
    [['check', '--sample', '--mode', 'margin'], 'error: --mode must be one of cross, isolated, portfolio, got "margin"'],
    [['check', '--sample', '--fail-on', 'error'], 'error: --fail-on must be one of warning, margin_call, liquidation, got "error"'],
    [['audit'], 'error: unknown command "audit": the commands are check and preview'],
    [[], 'error: no command given: marginkit check or marginkit preview'],
  ];

  it('each mistake gives its one line and a hint (the engine\'s checks alone)', async () => {
    for (const [args, first] of cases) {
      const { code, stdout, stderr } = await cli(args, { bin: plainBin() });
      const label = args.join(' ');
      assert.equal(code, 2, `${label}\n${stderr}`);
      assert.equal(stdout, '', label);
      const lines = stderr.trimEnd().split('\n');
      if (typeof first === 'string') assert.equal(lines[0], first, label);
      else assert.match(lines[0], first, label);
      assert.equal(lines.length, 2, `${label}: one message line and one hint:\n${stderr}`);
      assert.match(lines[1], /^hint: \S/, label);
    }
  });

  it('from the repository\'s own bin (with the package\'s validators once they ship), bad files read in the same format', async () => {
    for (const [args, file] of [[['check', '--account', 'bad-size.json', '--market', 'm.json'], 'bad-size.json'],
      [['check', '--account', 'a.json', '--market', 'bad-market.json'], 'bad-market.json'],
      [['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'bad-order.json'], 'bad-order.json']]) {
      const { code, stderr } = await cli(args);
      assert.equal(code, 2);
      assert.match(stderr, new RegExp(`^error: ${file.replace('.', '\\.')}: (account|market|order)[.\\w[\\]]*: \\S.*\\n(.*\\n)*hint: \\S`), stderr);
    }
  });

  it('--json: the error as a JSON document on stdout too, exit code 2', async () => {
    const { code, report, stderr } = await cliJson(['check', '--account', 'bad-size.json', '--market', 'm.json'], { bin: plainBin() });
    assert.equal(code, 2);
    assert.match(stderr, /^error: bad-size\.json: /);
    assert.deepEqual(report, {
      error: {
        code: 'INVALID_TYPE', message: 'bad-size.json: account.positions[2].size: must be a number, got "abc"', file: 'bad-size.json',
        path: 'account.positions[2].size', line: null, column: null, problems: [],
        hint: 'the account file holds one AccountInput: { "mode"?, "collateral"?, "positions"? } (marginkit.d.ts in the package)',
      },
      exitCode: 2,
    });
    const json = await cliJson(['check', '--account', 'broken.json', '--market', 'm.json']);
    assert.deepEqual([json.report.error.code, json.report.error.file, json.report.error.line, json.report.error.column], ['INVALID_JSON', 'broken.json', 4, 18]);
  });
});

describe('an engine that cannot load', () => {
  it('exit 2 ("could not check"), never 1, with what failed and a hint', async () => {
    const broken = copyPackage(join(work, 'package-broken'));
    writeFileSync(join(broken, 'dist', 'marginkit.wasm'), 'not wasm');
    const { code, stdout, stderr } = await cli(['check', '--sample'], { bin: join(broken, 'bin', 'marginkit.mjs') });
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^error: marginkit could not load its engine: .*wasm.*\nhint: the package's dist\/marginkit\.wasm is missing or damaged: reinstall marginkit\n$/);
  });
});

describe('with the package\'s schema validators (dist/marginkit.schemas.mjs)', () => {
  it('a problem they find reads exactly as the engine\'s report of it', async () => {
    for (const args of [['check', '--account', 'bad-size.json', '--market', 'm.json'],
      ['preview', '--account', 'a.json', '--market', 'm.json', '--order', 'bad-order.json'],
      ['check', '--account', 'a.json', '--market', 'm.json', '--stress', 'ETH:spot=1%;BTC:spot=-100%']]) {
      const engine = await cli(args, { bin: plainBin() });
      const schemas = await cliJson(args, { bin: schemaBin() });
      assert.equal(schemas.code, 2);
      assert.equal(schemas.report.error.code, 'SCHEMA');
      const [engineLine] = engine.stderr.split('\n');
      const [schemaLine] = schemas.stderr.split('\n');
      // The stand-in's wording differs from the engine's in the last case ('must be > -1'); the
      // file or flag, the path and the form are the same.
      assert.equal(schemaLine.split(': ').slice(0, 3).join(': '), engineLine.split(': ').slice(0, 3).join(': '), args.join(' '));
    }
    const { stderr } = await cli(['check', '--account', 'bad-size.json', '--market', 'm.json'], { bin: schemaBin() });
    assert.equal(stderr.split('\n')[0], 'error: bad-size.json: account.positions[2].size: must be a number, got "abc"');
  });

  it('lists the first five problems of the file, and how many more', async () => {
    writeFileSync(join(work, 'many.json'), JSON.stringify({ ...sample.account, many: [1, 2, 3, 4, 5, 6, 7] }));
    const { code, stderr } = await cli(['check', '--account', 'many.json', '--market', 'm.json'], { bin: schemaBin() });
    assert.equal(code, 2);
    assert.equal(stderr, [
      'error: many.json: account.many[0]: must be a string, got 1',
      '       many.json: account.many[1]: must be a string, got 2',
      '       many.json: account.many[2]: must be a string, got 3',
      '       many.json: account.many[3]: must be a string, got 4',
      '       many.json: account.many[4]: must be a string, got 5',
      '       ... and 2 more',
      'hint: the account file holds one AccountInput: { "mode"?, "collateral"?, "positions"? } (marginkit.d.ts in the package)',
      '',
    ].join('\n'));
  });

  it('checks every document before the engine runs, and valid input goes through', async () => {
    const log = join(work, 'schema-log.txt');
    rmSync(log, { force: true });
    const { code, report } = await cliJson(['check', '--sample', '--stress', 'BTC:spot=-10%'], { bin: schemaBin(), env: { SCHEMA_LOG: log } });
    assert.equal(code, 0);
    assert.equal(report.inputs.schemaChecked, true);
    assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), ['account', 'market', 'orders', 'config', 'stress-moves']);
    assert.deepEqual(report.risk, mk.accountRisk(sample.account, sample.market, {}));
    const plain = await cliJson(['check', '--sample'], { bin: plainBin() });
    assert.equal(plain.report.inputs.schemaChecked, false);
  });
});

describe('installed from the packed tarball into an empty project', () => {
  let project;
  before(() => {
    const packed = installPackedPackage();
    project = join(work, 'project');
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    cpSync(packed, join(project, 'node_modules', 'marginkit'), { recursive: true });
    // What npm install does for package.json "bin".
    symlinkSync(join('..', 'marginkit', pkg.bin.marginkit), join(project, 'node_modules', '.bin', 'marginkit'));
  });

  it('node node_modules/.bin/marginkit check --sample and preview --sample --json', async () => {
    const check = await run(process.execPath, ['node_modules/.bin/marginkit', 'check', '--sample'], { cwd: project });
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /PASS \(--fail-on liquidation\)/);
    const preview = await run(process.execPath, ['node_modules/.bin/marginkit', 'preview', '--sample', '--json'], { cwd: project });
    assert.equal(preview.code, 0, preview.stderr);
    assert.deepEqual(JSON.parse(preview.stdout).preview, mk.preview(sample.account, sample.market, sample.order, {}));
  });

  it('npx --no-install marginkit finds the installed command', async () => {
    const { code, stdout, stderr } = await run('npx', ['--no-install', 'marginkit', 'check', '--sample', '--json'], {
      cwd: project, env: { npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_offline: 'true' },
    });
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).decision.exitCode, 0);
  });

  it('examples/preview.mjs ships and runs from the installed package', async () => {
    const { code, stdout, stderr } = await run(process.execPath, [join('node_modules', 'marginkit', 'examples', 'preview.mjs')], { cwd: project });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /pre-trade preview \(cross margin, 7 positions/);
  });
});
