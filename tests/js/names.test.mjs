// Statuses, preview warning codes and reject reasons: one list each in C++ (kMarginStatusNames,
// MARGINKIT_PREVIEW_WARNINGS, kRejectReasons), exposed by the engine, and the unions of the
// hand-written declarations (web/marginkit.d.ts) must name exactly the same things. And the
// reject reason of a preview is always among its warnings.
// The pricing enums cross into the wasm as small integers that web/src/validate.mjs keeps its own
// copies of: each of its maps must equal the C++ enum's values (read from the module by name)
// and name exactly the d.ts union's members.
// The lists the command line and the demo keep for their menus (modes, portfolio models, statuses,
// --fail-on levels) are held to the same unions and engine lists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMarginKit } from 'marginkit';
import { GREEK_UNITS, MODELS, OPTION_TYPES, SETTLEMENTS } from '../../web/src/validate.mjs';
import { FAIL_ON_LEVELS, MODES as CLI_MODES } from '../../bin/cli/arguments.mjs';
import { MODELS as DEMO_MODELS, MODES as DEMO_MODES } from '../../web/demo/ui/choices.mjs';
import { STATUS_TEXT } from '../../web/demo/ui/format.mjs';
import { engineModule } from './support/engine-module.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dts = readFileSync(join(repoRoot, 'web', 'marginkit.d.ts'), 'utf8')
  .replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');

function union(name) {
  const match = dts.match(new RegExp(`export\\s+type\\s+${name}\\s*=([^;]*);`));
  assert.ok(match, `export type ${name} = ...; not found in web/marginkit.d.ts`);
  return match[1].split('|').map((s) => s.trim()).filter(Boolean).map((member) => {
    const m = member.match(/^'([a-z_A-Z0-9-]+)'$/);
    assert.ok(m, `${name} member is not a string literal: ${member}`);
    return m[1];
  });
}

let mk;
before(async () => { mk = await createMarginKit(); });

describe('name lists', () => {
  it('statuses: the engine list is the d.ts MarginStatus, in severity order', () => {
    assert.deepEqual([...mk.statuses], ['healthy', 'warning', 'margin_call', 'liquidation']);
    assert.deepEqual(new Set(union('MarginStatus')), new Set(mk.statuses));
  });

  it('warning codes: the engine list is the d.ts PreviewWarningCode', () => {
    assert.ok(mk.warningCodes.length >= 9, `${mk.warningCodes}`);
    assert.deepEqual(union('PreviewWarningCode'), [...mk.warningCodes]);
  });

  it('reject reasons: the engine list is the d.ts RejectReason, each a warning code', () => {
    assert.deepEqual(union('RejectReason'), [...mk.rejectReasons]);
    for (const reason of mk.rejectReasons) assert.ok(mk.warningCodes.includes(reason), reason);
  });

  it('the reject reason is always among the warnings: an account already in liquidation', () => {
    const market = { time: '2026-11-24T08:00:00Z', underlyings: { BTC: { index: 100000, vol: 0.6 } } };
    // Short calls far beyond what 1,000 USDC can carry: in liquidation before the order.
    const account = { collateral: { USDC: 1000 }, positions: [{ instrument: 'BTC_USDC-27DEC26-100000-C', size: -10, entryPrice: 5000 }] };
    assert.equal(mk.accountRisk(account, market).status, 'liquidation');
    const preview = mk.preview(account, market, { instrument: 'BTC_USDC-27DEC26-100000-C', side: 'sell', size: 1 });
    assert.equal(preview.accepted, false);
    assert.equal(preview.rejectReason, 'WOULD_TRIGGER_LIQUIDATION');
    const codes = preview.warnings.map((w) => w.code);
    assert.ok(codes.includes('WOULD_TRIGGER_LIQUIDATION'), codes.join(', '));
    for (const w of preview.warnings) assert.ok(mk.warningCodes.includes(w.code), w.code);
    assert.ok(mk.statuses.includes(preview.after.status));
  });
});

describe('the menus of the command line and the demo', () => {
  it('margin modes: the d.ts MarginMode, the CLI\'s --mode choices, the demo\'s', () => {
    assert.deepEqual(CLI_MODES, union('MarginMode'));
    assert.deepEqual(DEMO_MODES.map(([name]) => name), union('MarginMode'));
  });

  it('portfolio models: the d.ts PortfolioModelName, the package\'s portfolio-models/*.json, the demo\'s', () => {
    const shipped = readdirSync(join(repoRoot, 'portfolio-models')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    assert.deepEqual([...union('PortfolioModelName')].sort(), shipped.sort());
    assert.deepEqual(DEMO_MODELS.map(([name]) => name), union('PortfolioModelName'));
  });

  it('statuses: the demo\'s words for each, the CLI\'s --fail-on levels beside warning', () => {
    assert.deepEqual(Object.keys(STATUS_TEXT), [...mk.statuses]);
    assert.deepEqual(FAIL_ON_LEVELS, mk.statuses.slice(1));
  });
});

describe('pricing enums: the integers JS passes are the C++ enums\' values', () => {
  // validate.mjs map, the C++ enum (src/pricing/option_spec.hpp), the d.ts union.
  const MAPS = [
    ['optionTypes', OPTION_TYPES, 'OptionType'],
    ['models', MODELS, 'PricingModel'],
    ['settlements', SETTLEMENTS, 'Settlement'],
    ['greekUnits', GREEK_UNITS, 'GreekUnits'],
  ];
  let cpp;
  before(async () => { cpp = JSON.parse((await engineModule())._enumValues()); });

  for (const [key, js, dtsName] of MAPS) {
    it(`${key}: validate.mjs equals the C++ enum, and names the d.ts ${dtsName}`, () => {
      assert.deepEqual(js, cpp[key]);
      assert.deepEqual(Object.keys(js).sort(), union(dtsName).sort());
    });
  }

  it('every enum the module reports is covered here', () => {
    assert.deepEqual(Object.keys(cpp).sort(), MAPS.map(([key]) => key).sort());
  });

  it('priceBatch\'s integer `type` column is the OptionType integers: its rows price as mk.price does', () => {
    const option = { model: 'black76', underlying: 100, strike: 105, t: 0.5, vol: 0.4 };
    const batch = mk.priceBatch({ ...option, type: [OPTION_TYPES.call, OPTION_TYPES.put] });
    assert.equal(batch.price[0], mk.price({ ...option, type: 'call' }).price);
    assert.equal(batch.price[1], mk.price({ ...option, type: 'put' }).price);
  });
});
