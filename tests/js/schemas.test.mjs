// The JSON Schemas of schemas/ and their validators (marginkit/validate) held to the engine, the
// contract's own judge: every good document the project has passes; for thousands of bad and good
// documents (hand-written reproducers, systematic mutations of good ones, every limit at every
// number, generated instrument names and times) the validator and the engine agree, accepting or
// refusing, and point at the same field. Where a schema cannot state the engine's rule, the place
// is in DOCUMENTED_GAPS below (and in that schema's description), and each gap must occur here.
// Numbers are judged by the engine, never by values a validator printed once.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import Ajv from 'ajv';
import { createMarginKit } from 'marginkit';
import { kinds, limits as validatorLimits, validate } from 'marginkit/validate';
import { generateCase } from '../../bench/preview.mjs';
import { DOCUMENT_KINDS } from '../../scripts/build-schemas.mjs';
import { BAD_DOCUMENTS } from './support/bad-documents.mjs';
import { consumerRoot, installPackedPackage } from './support/consumer.mjs';
import { limitMutations, mutations } from './support/document-mutations.mjs';
import { instrumentFieldSets, instrumentNames, marketExpiryKeys, valuationTimes } from './support/grammar-samples.mjs';
import { isolatedSampleAccount } from './support/samples.mjs';
import { BASES, engineVerdict, repoRoot, sample } from './support/schema-documents.mjs';

const readJson = (...parts) => JSON.parse(readFileSync(join(repoRoot, ...parts), 'utf8'));
const schemaFiles = readdirSync(join(repoRoot, 'schemas')).filter((f) => f.endsWith('.schema.json')).sort();
const schemas = Object.fromEntries(schemaFiles.map((f) => [f.replace('.schema.json', ''), readJson('schemas', f)]));
const profiles = readdirSync(join(repoRoot, 'profiles')).filter((f) => f.endsWith('.json')).map((f) => readJson('profiles', f));
const models = readdirSync(join(repoRoot, 'portfolio-models')).filter((f) => f.endsWith('.json')).map((f) => readJson('portfolio-models', f));
const { account, market, order } = sample;
// Every list of names in the schemas (their enums), for mutating a name into another.
const ENUMS = [];
JSON.stringify(schemas, (key, value) => {
  if (key === 'enum') ENUMS.push(value.filter((name) => typeof name === 'string'));
  return value;
});

// ---------------------------------------------------------------------------------------------
// Where a schema accepts what the engine refuses (the rule is not one a JSON Schema can state:
// it needs another document, canonical names, arithmetic across fields, or pricing), or refuses
// what it accepts (text the engine rounds to a double, which a pattern cannot). Each entry names
// the direction, why, and which engine errors it covers; the test fails on any disagreement not
// covered here, and on any entry that no case exercises.
// ---------------------------------------------------------------------------------------------
const DOCUMENTED_GAPS = [
  {
    id: 'market data across documents',
    why: 'whether the market has an index, vol or collateral price for what an account, order or move names needs both documents',
    schemaAccepts: (e) => e.code === 'MISSING_MARKET_DATA',
  },
  {
    id: 'expired at market.time',
    why: 'an instrument expiring at or before market.time: the time is in the market document',
    schemaAccepts: (e) => e.code === 'INSTRUMENT_EXPIRED',
  },
  {
    id: 'one thing given twice under two spellings',
    why: 'positions, marks, forwards, ATM vols and smile points are matched by canonical instrument names and expiry times, which a schema cannot compute',
    schemaAccepts: (e) => e.code === 'DUPLICATE',
  },
  {
    id: 'option marks and their implied vol',
    why: 'an option mark must lie within its no-arbitrage bounds and imply a vol within [1e-4, 10]: that takes pricing',
    schemaAccepts: (e) => e.code === 'PRICE_OUT_OF_BOUNDS' || (e.code === 'OUT_OF_RANGE' && e.field.startsWith('market.markPrices.')),
  },
  {
    id: 'forwards read off at a basis beyond +-500 %',
    why: 'a forward interpolated from the given ones depends on the valuation time and the expiries the positions need',
    schemaAccepts: (e) => e.code === 'OUT_OF_RANGE' && /^market\.underlyings\.[^.]+\.forwards$/.test(e.field),
  },
  {
    id: "an inverse instrument's settlementAsset",
    why: 'it must equal the instrument\'s underlying: JSON Schema compares no two values of a document',
    schemaAccepts: (e) => e.code === 'INVALID_ENUM' && e.field.endsWith('.instrument.settlementAsset'),
  },
  {
    id: 'futures tier tables in order',
    why: 'upTo strictly increasing and rates never falling from one bracket to the next compare neighbouring entries',
    schemaAccepts: (e) => e.code === 'OUT_OF_RANGE' && /\.futures\.tiers\[\d+\]\.(upTo|initialRate|maintenanceRate)$/.test(e.field),
  },
  {
    id: 'tail moves at the widest price range',
    why: 'a tail move times the widest price range (some from the named set) must stay within (-1, 100]: a product of fields',
    schemaAccepts: (e) => e.code === 'OUT_OF_RANGE' && /^config\.portfolioModel\.tailMoves\[\d+\]$/.test(e.field),
  },
  {
    id: "an order's margin keys in a non-isolated account",
    why: 'isolatedMargin and leverage on an order need an isolated account, which is another document',
    schemaAccepts: (e) => e.code === 'UNSUPPORTED_FIELD' && /^orders\[\d+\]\.(isolatedMargin|leverage)$/.test(e.field),
  },
  {
    id: "leverage above the schedule's maximum",
    why: 'the maximum is notional / initial margin at the order\'s size, from the config\'s schedule',
    schemaAccepts: (e) => e.code === 'OUT_OF_RANGE' && /^orders\[\d+\]\.leverage$/.test(e.field),
  },
  {
    id: 'instruments derive-pm2 cannot margin',
    why: 'dated futures and coin-settled contracts under the derive-pm2 model: the model is in the config, the instruments elsewhere',
    schemaAccepts: (e) => e.code === 'INVALID_INSTRUMENT' && / cannot be margined by 'derive-pm2'/.test(e.message),
  },
  {
    id: 'stress days past an expiry',
    why: 'days that take the market past a position\'s expiry need the account and the market',
    schemaAccepts: (e) => e.code === 'OUT_OF_RANGE' && /^moves\[\d+\]\.days$/.test(e.field),
  },
  {
    id: 'strikes within rounding of 1e-12',
    why: 'a strike written with 17 or more digits just below 1e-12 rounds up to the limit as a double; the name pattern, on text, refuses it',
    engineAccepts: (c) => c.kind === 'instrument' && /-0+\.0{12}9{16,}[0-9]*-[CP]$/.test(c.name),
  },
];

const gapHits = new Map(DOCUMENTED_GAPS.map((g) => [g.id, 0]));

function gapFor(verdict) {
  const { problems, error } = verdict;
  const gap = problems.length === 0
    ? DOCUMENTED_GAPS.find((g) => g.schemaAccepts?.(error))
    : DOCUMENTED_GAPS.find((g) => g.engineAccepts?.(verdict));
  if (gap) gapHits.set(gap.id, gapHits.get(gap.id) + 1);
  return gap;
}

let mk;
before(async () => {
  mk = await createMarginKit();
});

const show = (problems) => JSON.stringify(problems).slice(0, 600);

// The validator and the engine on one document: both accept, both refuse (at the same field), or a
// documented gap. Returns the verdict for further checks.
function assertAgreement(kind, doc, context, label) {
  const problems = validate(kind, doc);
  const error = engineVerdict(mk, kind, doc, context);
  const verdict = { kind, label, doc, problems, error };
  if (problems.length === 0 && error === null) return verdict;
  if (problems.length > 0 && error !== null) {
    if (error.field) {
      assert.equal(problems[0].path, error.field,
        `${label}: the validator's first problem is elsewhere than the engine's error (${error.code} ${error.message}): ${show(problems)}`);
    }
    return verdict;
  }
  const gap = gapFor(verdict);
  assert.ok(gap, problems.length === 0
    ? `${label}: the schema accepts what the engine refuses: ${error.code} ${error.field}: ${error.message}`
    : `${label}: the schema refuses what the engine accepts: ${show(problems)}`);
  return verdict;
}

// The name pattern and the engine's name parser (mk.instrument) on one name: both accept, or both
// refuse (the validator at the instrument), or a documented gap. Returns whether the engine accepts.
function assertNameAgreement(name) {
  let error = null;
  try {
    mk.instrument(name);
  } catch (e) {
    error = e;
  }
  const problems = validate('orders', { instrument: name, side: 'buy', size: 1 });
  if ((problems.length === 0) === (error === null)) {
    if (error) assert.equal(problems[0].path, 'orders[0].instrument', name);
  } else {
    assert.ok(gapFor({ kind: 'instrument', name, problems, error }),
      `${name}: engine ${error ? `${error.code} ${error.message}` : 'accepts'}, validator ${show(problems)}`);
  }
  return error === null;
}

// ---------------------------------------------------------------------------------------------

describe('the schema files', () => {
  const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
  ajv.addVocabulary(['x-message', 'x-expected']);
  before(() => {
    for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  });

  it('are draft-07 schemas with an $id by file name, a title and a description', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', name);
      assert.equal(schema.$id, `https://cdn.jsdelivr.net/npm/marginkit/schemas/${name}.schema.json`, name);
      assert.ok(schema.title && schema.description, `${name}: title and description`);
      assert.ok(ajv.validateSchema(schema), `${name}: ${JSON.stringify(ajv.errors)}`);
      assert.ok(ajv.getSchema(schema.$id), `${name} compiles`);
    }
  });

  it('describe every property of every object they close', () => {
    const missing = [];
    for (const [name, schema] of Object.entries(schemas)) {
      const visit = (node, pointer) => {
        if (node === null || typeof node !== 'object') return;
        if (node.additionalProperties === false) {
          for (const [key, property] of Object.entries(node.properties ?? {})) {
            if (!property.description) missing.push(`${name}#${pointer}/properties/${key}`);
          }
        }
        for (const [key, value] of Object.entries(node)) visit(value, `${pointer}/${key}`);
      };
      visit(schema, '');
    }
    assert.deepEqual(missing, []);
  });

  it('give words to every rule a keyword alone cannot word (x-message, x-expected)', () => {
    const wordless = [];
    for (const [name, schema] of Object.entries(schemas)) {
      const visit = (node, pointer) => {
        // What an 'if' or a 'not' holds reports nothing of its own.
        if (node === null || typeof node !== 'object' || /\/(if|not)$/.test(pointer)) return;
        if (!Array.isArray(node)) {
          if (node.type === 'null' && !node['x-message']) wordless.push(`${name}#${pointer}: type null`);
          if (node.pattern && !node['x-expected']) wordless.push(`${name}#${pointer}: pattern`);
          if (node.not && !node['x-message']) wordless.push(`${name}#${pointer}: not`);
        }
        for (const [key, value] of Object.entries(node)) visit(value, `${pointer}/${key}`);
      };
      visit(schema, '');
    }
    assert.deepEqual(wordless, []);
  });

  it('validate() knows the API\'s document kinds, compiled from these files', () => {
    assert.deepEqual([...kinds], ['account', 'market', 'orders', 'config', 'preview-options', 'stress-moves']);
    assert.deepEqual([...kinds], DOCUMENT_KINDS);
    for (const kind of kinds) assert.ok(schemas[kind], `schemas/${kind}.schema.json`);
    assert.throws(() => validate('acount', {}), TypeError);
  });

  it('name the profiles and portfolio models the repository has', () => {
    const names = profiles.map((p) => p.name).sort();
    assert.deepEqual(schemas.config.properties.profile.enum.filter((x) => x !== null).sort(), names);
    // The profiles whose schedule has a futures tier table: schedule.futures over them keeps it.
    const tiered = profiles.filter((p) => p.schedule.futures?.tiers?.length > 0).map((p) => p.name).sort();
    const [overTable, overAddOn] = schemas.config.allOf;
    assert.deepEqual(overTable.if.properties.profile.enum.sort(), tiered);
    assert.deepEqual(overAddOn.if.properties.profile.enum.filter((x) => x !== null).sort(), names.filter((n) => !tiered.includes(n)));
    const modelNames = models.map((m) => m.name).sort();
    const { portfolioModel } = schemas.config.definitions;
    assert.deepEqual(portfolioModel.properties.name.enum.filter((x) => x !== null).sort(), modelNames);
    const byName = new RegExp(portfolioModel.pattern);
    for (const name of modelNames) assert.match(name, byName);
    for (const name of ['', 'Deribit', 'spans', 'derive', 'pm2']) assert.doesNotMatch(name, byName);
  });

  it('state the engine\'s limits, as src/common/checks.hpp and the readers in src/io define them', () => {
    const source = (file) => readFileSync(join(repoRoot, 'src', ...file.split('/')), 'utf8');
    const constants = {};
    // Each constant is a number, or numbers multiplied and divided ('64.0 * 1024 * 1024').
    for (const [, name, value] of source('common/checks.hpp').matchAll(/constexpr (?:double|std::size_t|int) (k\w+) = ([^;]+);/g)) {
      constants[name] = value.split(/(?=[*/])/).reduce((x, term) => {
        const n = Number(term.replace(/^[*/]/, '').trim());
        return term.startsWith('/') ? x / n : term.startsWith('*') ? x * n : n;
      }, 0);
    }
    const common = schemas.common.definitions;
    const pick = (node) => [node.minimum ?? node.exclusiveMinimum, node.maximum ?? node.exclusiveMaximum];
    assert.deepEqual(pick(common.price), [constants.kMinPrice, constants.kMaxPrice]);
    assert.deepEqual(pick(common.volatility), [constants.kMinVolatility, constants.kMaxVolatility]);
    assert.deepEqual(pick(common.timeValue), [constants.kMinTimestampMs, constants.kMaxTimestampMs]);
    const position = schemas.account.definitions.position.properties;
    assert.deepEqual(pick(position.size), [-constants.kMaxAmount, constants.kMaxAmount]);
    assert.deepEqual(pick(position.isolatedMargin), [0, constants.kMaxAmount]);
    const orderKeys = schemas.orders.definitions.order.properties;
    assert.deepEqual(pick(orderKeys.leverage), [constants.kMinLeverage, constants.kMaxLeverage]);
    assert.deepEqual(pick(orderKeys.isolatedMargin), [0, constants.kMaxAmount]);
    const rate = schemas.market.definitions.underlyingMarket.properties.rate;
    assert.deepEqual(pick(rate), [-constants.kMaxAbsRate, constants.kMaxAbsRate]);
    const config = schemas.config.definitions;
    assert.deepEqual(pick(config.coefficient), [0, constants.kMaxScheduleCoefficient]);
    assert.equal(config.futuresRule.properties.tiers.maxItems, constants.kMaxFuturesTiers);
    assert.deepEqual(pick(schemas['preview-options'].properties.liquidationWarningPercent), [0, constants.kMaxLiquidationWarningPercent]);
    assert.equal(mk.limits.maxNestingDepth, constants.kMaxNestingDepth);
    assert.equal(mk.limits.maxDocumentBytes, constants.kMaxDocumentBytes);
    assert.deepEqual(validatorLimits, mk.limits, 'marginkit/validate applies the engine\'s document limits');

    // The scenario-grid model's table of numbers (src/io/portfolio_model_json.cpp).
    const deref = (node) => (node.$ref ? config[node.$ref.split('/').pop()] : node);
    const grid = config.gridModel.properties;
    const table = source('io/portfolio_model_json.cpp').match(/kNumbers\[\] = \{([^]*?)\n\};/)[1];
    let rows = 0;
    for (const [, key, lo, hi] of table.matchAll(/\{"(\w+)", ([^,]+), ([^,]+), &/g)) {
      const value = (text) => constants[text.trim()] ?? Number(text);
      assert.deepEqual(pick(deref(grid[key])), [value(lo), value(hi)], `gridModel.${key}`);
      rows += 1;
    }
    assert.equal(rows, 15);
    // Derive PM2's parameter groups (src/io/derive_pm2_json.cpp).
    const pm2 = source('io/derive_pm2_json.cpp');
    const limits = { P: 1000, kMaxParameter: 1000, kMaxRateScale: 100, kMaxPower: 10, kMaxMarkVol: 1e6, kMinSpotShock: 1e-6 };
    const groups = { kVolShockFields: 'pm2VolShock', kLossFactorFields: 'pm2LossFactors', kStaticDiscountFields: 'pm2StaticDiscount',
      kBasisFields: 'pm2Basis', kContingencyFields: 'pm2Contingency', kSkewFields: 'pm2Skew', kScenarioFields: 'pm2Scenario' };
    for (const [array, definition] of Object.entries(groups)) {
      const body = pm2.match(new RegExp(`${array}\\[\\] = \\{([^]*?)\\};`))[1];
      for (const [, key, lo, hi] of body.matchAll(/\{"(\w+)", (-?\w+), (-?[\w.]+)\}/g)) {
        const value = (text) => (text.startsWith('-') ? -1 : 1) * (limits[text.replace('-', '')] ?? Number(text.replace('-', '')));
        const expected = key === 'dteFloorDays' ? [1 / 86400, value(hi)] : [value(lo), value(hi)];
        assert.deepEqual(pick(deref(config[definition].properties[key])), expected, `${definition}.${key}`);
      }
    }
    // Stress moves (src/io/stress_json.cpp).
    const move = schemas['stress-moves'].definitions;
    assert.deepEqual(pick(move.move.properties.days), [0, 36500]);
    assert.deepEqual(pick(move.underlyingMove.properties.spot), [-1, 100]);
    assert.deepEqual(pick(move.underlyingMove.properties.vol), [-10, 10]);
    assert.deepEqual(pick(move.underlyingMove.properties.volRelative), [-1, 10]);
    assert.equal(schemas['stress-moves'].then.maxItems, Number(source('io/stress_json.cpp').match(/kMaxMoves = (\d+)/)[1]));
  });

  it('the repository\'s profiles and portfolio models meet theirs', () => {
    const profile = ajv.getSchema(schemas.profile.$id);
    for (const p of profiles) assert.ok(profile(p), `profiles/${p.name}.json: ${JSON.stringify(profile.errors)}`);
    const model = ajv.getSchema(schemas['portfolio-model'].$id);
    for (const m of models) assert.ok(model(m), `portfolio-models/${m.name}.json: ${JSON.stringify(model.errors)}`);
    // And they are held to the engine as config.schedule and config.portfolioModel are, below.
    assert.ok(!profile({ ...profiles[0], schedule: { options: { initialBase: 11 } } }));
    assert.ok(!model({ ...models[0], model: { ...models[0].model, buckets: undefined } }));
  });

  it('accept a root $schema key for editors; the engine and validate() refuse it', () => {
    const accountSchema = ajv.getSchema(schemas.account.$id);
    const withSchema = { $schema: '../node_modules/marginkit/schemas/account.schema.json', ...account };
    assert.ok(accountSchema(withSchema), JSON.stringify(accountSchema.errors));
    const [problem] = validate('account', withSchema);
    assert.equal(problem.path, 'account.$schema');
    assert.match(problem.message, /for editors/);
    assert.equal(engineVerdict(mk, 'account', withSchema, { market }).code, 'UNSUPPORTED_FIELD');
  });
});

describe('every good document the project has validates', () => {
  const assertGood = (kind, doc, label) => assert.deepEqual(validate(kind, doc), [], label);

  it('examples/sample-account.json, tests/js/support/samples.mjs and the agreement bases', () => {
    assertGood('account', account, 'sample account');
    assertGood('market', market, 'sample market');
    assertGood('orders', order, 'sample order');
    assertGood('account', isolatedSampleAccount(), 'isolated sample account');
    for (const base of BASES) {
      assertGood(base.kind, base.doc, base.name);
      assert.equal(engineVerdict(mk, base.kind, base.doc, base.context), null, `${base.name}: the engine takes it`);
    }
  });

  it("bench/preview.mjs's generated accounts of 10 and 200 positions", () => {
    for (const count of [10, 200]) {
      const input = generateCase(count, mk.price);
      assertGood('account', input.account, `${count} positions`);
      assertGood('market', input.market, `${count} positions`);
      assertGood('orders', input.orders, `${count} positions`);
      assertGood('config', input.config, `${count} positions`);
      assertGood('preview-options', { positions: 'changed' }, 'bench options');
      mk.preview(input.account, input.market, input.orders, input.config);
    }
  });

  it("each profile's schedule and each portfolio model as a config", () => {
    for (const p of profiles) assertGood('config', { schedule: p.schedule }, `profiles/${p.name}.json`);
    for (const m of models) assertGood('config', { portfolioModel: { name: m.name, ...m.model } }, `portfolio-models/${m.name}.json`);
    for (const name of ['deribit', 'span', 'derive-pm2']) assertGood('config', { portfolioModel: name }, name);
  });

  it('optional documents may be left out; null is not a document', () => {
    assert.deepEqual(validate('config', undefined), []);
    assert.deepEqual(validate('preview-options', undefined), []);
    assert.deepEqual(validate('config', null), [{ path: 'config', message: 'must be an object' }]);
    assert.equal(engineVerdict(mk, 'config', undefined, {}), null);
  });
});

describe('the validator and the engine agree', () => {
  it('on the hand-written bad documents: both refuse, at the engine\'s field', () => {
    for (const c of BAD_DOCUMENTS) {
      const error = engineVerdict(mk, c.kind, c.doc, c.context);
      assert.ok(error, `${c.name}: the engine accepts it`);
      assert.deepEqual({ code: error.code, field: error.field }, { code: c.code, field: c.field }, `${c.name}: ${error.message}`);
      const problems = validate(c.kind, c.doc);
      assert.ok(problems.length > 0, `${c.name}: the validator accepts it`);
      assert.equal(problems[0].path, c.field, `${c.name}: ${show(problems)}`);
    }
  });

  it('on every mutation of the good documents (misspelt, removed, null, retyped, renamed, out of range, ...)', () => {
    let accepted = 0;
    let refused = 0;
    for (const base of BASES) {
      for (const { label, doc } of mutations(base.doc, ENUMS)) {
        const { problems, error } = assertAgreement(base.kind, doc, base.context, `${base.name}: ${label}`);
        if (problems.length === 0 && error === null) accepted += 1;
        else refused += 1;
      }
    }
    // Both kinds in numbers: the good mutations (an optional key left out, another valid name) too.
    assert.ok(accepted > 1000 && refused > 3000, `${accepted} accepted, ${refused} refused`);
  });

  it('on every limit of the engine, and the doubles beside it, at every number of the good documents', () => {
    let accepted = 0;
    let refused = 0;
    for (const base of BASES) {
      for (const { label, doc } of limitMutations(base.doc)) {
        const { problems, error } = assertAgreement(base.kind, doc, base.context, `${base.name}: ${label}`);
        if (problems.length === 0 && error === null) accepted += 1;
        else refused += 1;
      }
    }
    assert.ok(accepted > 1000 && refused > 1000, `${accepted} accepted, ${refused} refused`);
  });

  it('on profiles\' schedules and portfolio models, mutated, as config.schedule and config.portfolioModel', () => {
    for (const p of profiles) {
      for (const { label, doc } of mutations({ schedule: p.schedule }, ENUMS)) {
        assertAgreement('config', doc, {}, `profiles/${p.name}.json ${label}`);
      }
    }
    for (const m of models.filter((x) => x.name !== 'span')) {  // (span in full is a base above)
      for (const { label, doc } of mutations({ portfolioModel: { name: m.name, ...m.model } }, ENUMS)) {
        assertAgreement('config', doc, {}, `portfolio-models/${m.name}.json ${label}`);
      }
    }
  });

  it('on instrument names: the name pattern is the engine\'s grammar', () => {
    let valid = 0;
    for (const name of instrumentNames()) valid += assertNameAgreement(name) ? 1 : 0;
    assert.ok(valid > 300, `${valid} valid names`);
  });

  // Most of these have several faults at once: the engine names the first it reads, the validator
  // all of them, in an order of its own; the engine's must be among them.
  it('on instruments by fields: every kind with each key given, left out or wrong', () => {
    let valid = 0;
    for (const fields of instrumentFieldSets()) {
      let error = null;
      try {
        mk.instrument(fields);
      } catch (e) {
        // Named as in an order, which is where the validator sees it.
        error = { code: e.code, field: e.field.replace(/^instrument/, 'orders[0].instrument'), message: e.message };
      }
      const problems = validate('orders', { instrument: fields, side: 'buy', size: 1 });
      const label = JSON.stringify(fields);
      if ((problems.length === 0) === (error === null)) {
        // (Unless the engine's is a fault the schema cannot see: the validator names the others.)
        if (error && !problems.some((p) => p.path === error.field)) {
          assert.ok(DOCUMENTED_GAPS.some((g) => g.schemaAccepts?.(error)), `${label}: ${error.field} is not among ${show(problems)}`);
        }
        valid += error ? 0 : 1;
        continue;
      }
      assert.ok(gapFor({ kind: 'instrument', fields, problems, error }),
        `${label}: engine ${error ? `${error.code} ${error.field} ${error.message}` : 'accepts'}, validator ${show(problems)}`);
    }
    assert.ok(valid > 100, `${valid} valid instruments`);
  });

  it('on times: market.time and the expiries of forwards', () => {
    const empty = { collateral: { USDC: 1 } };
    for (const time of valuationTimes()) {
      assertAgreement('market', { time, underlyings: {} }, { account: empty }, `market.time ${JSON.stringify(time)}`);
    }
    for (const key of marketExpiryKeys()) {
      const doc = { time: '2026-11-24T08:00:00Z', underlyings: { BTC: { index: 98_000, forwards: { [key]: 98_000 } } } };
      assertAgreement('market', doc, { account: empty }, `forwards key ${key}`);
    }
  });

  it('on the documented gaps, each shown by a document', () => {
    for (const id of gapHits.keys()) gapHits.set(id, 0);
    const isolated = isolatedSampleAccount();
    const ethSettled = { kind: 'option', underlying: 'BTC', settlementAsset: 'ETH', expiry: '26DEC26', type: 'call', strike: 100_000 };
    const cases = [
      ['account', { ...account, positions: [...account.positions, { ...account.positions[0], instrument: 'BTC-26DEC26-100000.0-C' }] }, { market }],
      ['market', { ...market, underlyings: { ...market.underlyings, BTC: { ...market.underlyings.BTC, forwards: { '26DEC26': 98_400, '2026-12-26T08:00:00Z': 98_500 } } } }, { account }],
      ['market', { ...market, markPrices: { 'BTC-26DEC26-100000-C': 1.5 } }, { account }],
      ['market', { ...market, markPrices: { 'BTC-26DEC26-100000-C': 0.95 } }, { account }],
      ['market', { time: Date.UTC(2026, 11, 26, 7, 59), underlyings: { BTC: { index: 98_000, forwards: { '26DEC26': 98_100 }, vol: 0.5 } } },
        { account: { collateral: { USDC: 1 }, positions: [{ instrument: 'BTC-26MAR27', size: 1000, entryPrice: 98_000 }] } }],
      ['account', { collateral: {}, positions: [{ instrument: 'BTC-20NOV26', size: 10, entryPrice: 98_000 }] }, { market }],
      ['orders', { ...order, isolatedMargin: 1 }, { account, market }],
      ['orders', { instrument: 'BTC-26MAR27', side: 'sell', size: 1000, leverage: 1000 }, { account: isolated, market }],
      ['config', { portfolioModel: 'derive-pm2' }, { account: { ...account, mode: 'portfolio' }, market }],
      ['config', { portfolioModel: { name: 'span', tailMoves: [-5] } }, { account, market }],
      ['config', { schedule: { futures: { tiers: [{ upTo: 2, initialRate: 0.1, maintenanceRate: 0.1 }, { upTo: 1, initialRate: 0.1, maintenanceRate: 0.1 }] } } }, { account, market }],
      ['orders', { ...order, instrument: ethSettled }, { account, market }],
      ['stress-moves', { days: 36500 }, { account, market }],
      ['stress-moves', { SOL: { spot: 0.1 } }, { account, market }],
    ];
    for (const [kind, doc, context] of cases) assertAgreement(kind, doc, context, `gap case ${kind} ${JSON.stringify(doc).slice(0, 120)}`);
    assertNameAgreement('BTC-26DEC26-0.00000000000099999999999999999999-C');
    const unused = [...gapHits].filter(([, hits]) => hits === 0).map(([id]) => id);
    assert.deepEqual(unused, [], 'every documented gap is exercised (else it is no gap: remove it)');
  });
});

describe('what validate() says', () => {
  it('names the field in the engine\'s path style and says what was expected in plain words', () => {
    assert.deepEqual(validate('account', { positions: [{ instrument: 'BTC-PERPETUAL', size: 1e16, entryPrice: 98_000 }] }),
      [{ path: 'account.positions[0].size', message: 'must be at most 1e15, got 1e16' }]);
    assert.deepEqual(validate('orders', { ...order, prce: 1 }),
      [{ path: 'orders[0].prce', message: 'is not a field here (known: instrument, side, size, price, isolatedMargin, leverage)' }]);
    assert.deepEqual(validate('stress-moves', { BTC: { spot: -1 } }), [{ path: 'moves[0].BTC.spot', message: 'must be above -1, got -1' }]);
    assert.deepEqual(validate('market', { ...market, time: 1.7e9 }),
      [{ path: 'market.time', message: 'must lie within 2000-01-01 and 2100-01-01 UTC, in milliseconds since 1970 (not seconds)' }]);
    const [key] = validate('account', { collateral: { usdc: 1 } });
    assert.deepEqual(key, { path: 'account.collateral.usdc', message: "key must be an asset code: 2-10 upper-case letters or digits (BTC, USDC), got 'usdc'" });
    const [name] = validate('orders', { ...order, instrument: 'BTC-31FEB26' });
    assert.equal(name.path, 'orders[0].instrument');
    assert.match(name.message, /^must be an instrument name: .* got 'BTC-31FEB26'$/);
    assert.deepEqual(validate('config', { profile: 'binance' }),
      [{ path: 'config.profile', message: "must be one of 'deribit', 'derive', 'bybit', 'okx', 'bit', got 'binance'" }]);
    assert.deepEqual(validate('account', positionsNaN()), [{ path: 'account.positions[0].size', message: 'must be a finite number, got NaN' }]);
  });

  it('lists every problem of a document, not only the first', () => {
    const problems = validate('orders', [{ instrument: 'BTC-PERPETUAL', side: 'hold', size: -1 }, { side: 'buy', size: 1, pric: 2 }]);
    assert.deepEqual(problems.map((p) => p.path), ['orders[0].side', 'orders[0].size', 'orders[1].pric', 'orders[1].instrument']);
  });
});

function positionsNaN() {
  return { positions: [{ instrument: 'BTC-PERPETUAL', size: NaN, entryPrice: 98_000 }] };
}

describe('the packed package', () => {
  let installed;
  before(() => {
    installed = installPackedPackage();
  });

  it('ships the schemas and the validators, which need nothing at run time', () => {
    for (const file of schemaFiles) {
      assert.deepEqual(readJson('schemas', file), JSON.parse(readFileSync(join(installed, 'schemas', file), 'utf8')), file);
    }
    const code = readFileSync(join(installed, 'dist', 'marginkit.schemas.mjs'), 'utf8');
    assert.doesNotMatch(code, /\bimport\b[^;]*\bfrom\b|\bimport\s*\(|\brequire\s*\(/, 'no imports at all');
    assert.doesNotMatch(code.replace(/^\/\*[^]*?\*\//, ''), /ajv/i, 'nothing of ajv by name');
    assert.doesNotMatch(code, /new Function|\beval\(/, 'no code from strings');
    assert.equal(readFileSync(join(installed, 'dist', 'marginkit.schemas.d.mts'), 'utf8'),
      readFileSync(join(repoRoot, 'web', 'marginkit.schemas.d.ts'), 'utf8'));
  });

  it("imports as marginkit/validate, and its schemas resolve as marginkit/schemas/*", () => {
    // In a folder of its own package: from under the repository's package.json, 'marginkit'
    // would resolve to the repository itself (a package's self-reference comes first).
    const folder = join(consumerRoot, 'validate-check');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), '{ "name": "validate-check", "private": true, "type": "module" }\n');
    const script = join(folder, 'check.mjs');
    writeFileSync(script, `import { kinds, validate } from 'marginkit/validate';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
console.log(JSON.stringify({
  resolved: import.meta.resolve('marginkit/validate'),
  kinds,
  good: validate('account', ${JSON.stringify(account)}),
  bad: validate('orders', { instrument: 'BTC-PERPETUAL', side: 'buy', size: 0 }),
  schema: require.resolve('marginkit/schemas/account.schema.json'),
}));
`);
    const out = JSON.parse(execFileSync(process.execPath, [script], { cwd: folder, encoding: 'utf8' }));
    assert.match(out.resolved, /\/build\/consumer\/node_modules\/marginkit\/dist\/marginkit\.schemas\.mjs$/);
    assert.deepEqual(out.kinds, [...kinds]);
    assert.deepEqual(out.good, []);
    assert.deepEqual(out.bad, [{ path: 'orders[0].size', message: 'must be at least 1e-12, got 0' }]);
    assert.match(out.schema.replaceAll('\\', '/'), /\/build\/consumer\/node_modules\/marginkit\/schemas\/account\.schema\.json$/);
    // The published package has no dependencies (the validators import nothing: above).
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    assert.equal(pkg.dependencies, undefined);
  });

  it('its declarations type-check a TypeScript consumer (node16 and bundler resolution)', () => {
    const folder = join(consumerRoot, 'validate-types');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), '{ "name": "validate-types", "private": true, "type": "module" }\n');
    writeFileSync(join(folder, 'check.mts'), `import { kinds, validate, type DocumentKind, type ValidationProblem } from 'marginkit/validate';
const kind: DocumentKind = kinds[0];
const problems: ValidationProblem[] = validate(kind, {});
export const first: string | undefined = problems[0]?.path;
// @ts-expect-error 'acount' is no document kind
validate('acount', {});
`);
    for (const resolution of ['node16', 'bundler']) {
      const module = resolution === 'node16' ? 'node16' : 'esnext';
      writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module, moduleResolution: resolution,
        strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['check.mts'] }));
      const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      try {
        execFileSync(process.execPath, [tsc, '-p', folder, '--pretty', 'false'], { cwd: folder, encoding: 'utf8' });
      } catch (error) {
        assert.fail(`tsc (${resolution}): ${error.stdout}${error.stderr}`);
      }
    }
  });
});
