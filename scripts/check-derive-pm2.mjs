// Conformance runner for Derive's PM2 portfolio margin: every case of a file of cases (format
// "marginkit-oracle/derive-pm2/v1", as tests/reference/derive_pm2_subset.json) goes through the
// built package's public API, mk.derivePm2(inputs, params), and its mtm, mm and im are checked
// against `expected` within the case's tolerance: |computed - expected| <= abs or
// <= rel * |expected|. Venues and auditors can run their own published cases the same way.
//
//   npm run build && node scripts/check-derive-pm2.mjs CASES.json
//
// Prints one line per case (its id, ok or FAIL, and for each failing field the computed and
// expected values and their difference) and a last line "N passed, M failed". Exit code: 0 when
// every case passed, 1 when any failed, 2 when the file cannot be read or is not in the format.

import { readFileSync } from 'node:fs';

const FORMAT = 'marginkit-oracle/derive-pm2/v1';
const OUTPUTS = ['mtm', 'mm', 'im'];

function stop(message) {
  console.error(`check-derive-pm2: ${message}`);
  process.exit(2);
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

// The cases of the file, or stop() naming what is wrong with it.
function readCases(path) {
  let document;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    stop(`cannot read ${path} as JSON: ${error.message}`);
  }
  if (!isObject(document)) stop(`${path}: not a JSON object`);
  if (document.format !== FORMAT) stop(`${path}: format is ${JSON.stringify(document.format)}, expected "${FORMAT}"`);
  const { cases } = document;
  if (!Array.isArray(cases) || cases.length === 0) stop(`${path}: "cases" must be a non-empty array`);
  const ids = new Set();
  cases.forEach((c, i) => {
    const where = `${path}: cases[${i}]`;
    if (!isObject(c)) stop(`${where} is not an object`);
    if (typeof c.id !== 'string' || c.id === '') stop(`${where}.id must be a non-empty string`);
    if (ids.has(c.id)) stop(`${where}.id "${c.id}" is given twice`);
    ids.add(c.id);
    for (const key of ['inputs', 'params', 'expected']) {
      if (!isObject(c[key])) stop(`${where} (${c.id}).${key} must be an object`);
    }
    for (const key of OUTPUTS) {
      if (!isNumber(c.expected[key])) stop(`${where} (${c.id}).expected.${key} must be a finite number`);
    }
    const t = c.expected.tolerance;
    if (!isObject(t) || !isNumber(t.rel) || !isNumber(t.abs) || t.rel < 0 || t.abs < 0) {
      stop(`${where} (${c.id}).expected.tolerance must be { rel, abs }, numbers >= 0`);
    }
  });
  return cases;
}

// One line about one case, and whether it passed.
function check(mk, c) {
  let result;
  try {
    result = mk.derivePm2(c.inputs, c.params);
  } catch (error) {
    return { passed: false, line: `FAIL ${c.id}: ${error.code ?? error.name} at ${error.field ?? '?'}: ${error.message}` };
  }
  const { rel, abs } = c.expected.tolerance;
  const failures = [];
  for (const key of OUTPUTS) {
    const computed = result[key];
    const expected = c.expected[key];
    const difference = computed - expected;
    const within = Math.abs(difference) <= abs || Math.abs(difference) <= rel * Math.abs(expected);
    if (!within) failures.push(`${key} computed ${computed}, expected ${expected}, difference ${difference}`);
  }
  if (failures.length === 0) return { passed: true, line: `ok   ${c.id}` };
  return { passed: false, line: `FAIL ${c.id}: ${failures.join('; ')} (tolerance abs ${abs} or rel ${rel})` };
}

const args = process.argv.slice(2);
if (args.length !== 1 || args[0].startsWith('-')) stop('usage: node scripts/check-derive-pm2.mjs CASES.json');
const cases = readCases(args[0]);
let marginkit;
try {
  marginkit = await import('marginkit');
} catch (error) {
  stop(`cannot load the marginkit package (run \`npm run build\` first): ${error.message}`);
}
const mk = await marginkit.createMarginKit();
let passed = 0;
for (const c of cases) {
  const outcome = check(mk, c);
  console.log(outcome.line);
  if (outcome.passed) passed += 1;
}
const failed = cases.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
