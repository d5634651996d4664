// One list of error codes, three places: the C++ X-macro (src/common/error_code.hpp), the
// `ErrorCode` union of the hand-written declarations (web/marginkit.d.ts, shipped as
// dist/marginkit.d.mts and .d.cts), and the running engine's `errorCodes`. Same names, same order
// (the order is the number a batch's errorCode holds).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMarginKit } from 'marginkit';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (...parts) => readFileSync(join(repoRoot, ...parts), 'utf8');

// Strips /* */ and // comments (none of the names contain comment markers).
const stripComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');

function cppErrorCodes() {
  const header = read('src', 'common', 'error_code.hpp');
  // #define MARGINKIT_ERROR_CODES(X) \ ... lines ending in backslashes ... last line without one.
  const match = header.match(/#define\s+MARGINKIT_ERROR_CODES\(X\)((?:[^\n]*\\\n)*[^\n]*)/);
  assert.ok(match, 'MARGINKIT_ERROR_CODES(X) not found in src/common/error_code.hpp');
  const body = stripComments(match[1].replace(/\\\n/g, '\n'));
  const names = [...body.matchAll(/\bX\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)/g)].map((m) => m[1]);
  // Nothing else may hide in the macro body.
  const leftover = body.replace(/\bX\(\s*[A-Za-z_][A-Za-z0-9_]*\s*\)/g, '').trim();
  assert.equal(leftover, '', `unexpected text in MARGINKIT_ERROR_CODES: ${leftover}`);
  return names;
}

function dtsErrorCodes(text) {
  const match = stripComments(text).match(/export\s+type\s+ErrorCode\s*=([^;]*);/);
  assert.ok(match, 'export type ErrorCode = ...; not found');
  const members = match[1].split('|').map((s) => s.trim()).filter(Boolean);
  return members.map((member) => {
    const m = member.match(/^'([A-Z_]+)'$/) ?? member.match(/^"([A-Z_]+)"$/);
    assert.ok(m, `ErrorCode member is not a string literal: ${member}`);
    return m[1];
  });
}

describe('error codes', () => {
  const cpp = cppErrorCodes();

  it('the C++ list is sane: OK first, no duplicates', () => {
    assert.ok(cpp.length >= 12, `only ${cpp.length} codes parsed: ${cpp}`);
    assert.equal(cpp[0], 'OK');
    assert.equal(new Set(cpp).size, cpp.length, 'duplicate names');
    // The names the d.ts documents and the tests rely on are there.
    for (const name of ['INTERNAL', 'MISSING_FIELD', 'INVALID_TYPE', 'INVALID_ENUM', 'NOT_FINITE', 'NON_POSITIVE',
      'OUT_OF_RANGE', 'INSTRUMENT_EXPIRED', 'PRICE_OUT_OF_BOUNDS', 'NO_CONVERGENCE', 'LENGTH_MISMATCH']) {
      assert.ok(cpp.includes(name), name);
    }
  });

  it('web/marginkit.d.ts ErrorCode lists the same names in the same order', () => {
    assert.deepEqual(dtsErrorCodes(read('web', 'marginkit.d.ts')), cpp);
  });

  it('the shipped declarations (dist/marginkit.d.mts, .d.cts) list them too', () => {
    assert.deepEqual(dtsErrorCodes(read('dist', 'marginkit.d.mts')), cpp);
    assert.deepEqual(dtsErrorCodes(read('dist', 'marginkit.d.cts')), cpp);
  });

  it('mk.errorCodes equals that list', async () => {
    const mk = await createMarginKit();
    assert.deepEqual([...mk.errorCodes], cpp);
  });
});
