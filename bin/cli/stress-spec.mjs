// --stress values: 'BTC:spot=-20%,vol=+30%,days=7', several separated by ';' or given with the
// flag again, into the engine's stress moves (marginkit.d.ts StressMove):
//   spot=-20%        { spot: -0.2 }        the index's relative change
//   vol=+30%         { vol: 0.3 }          +30 vol points on every implied vol (0.52 -> 0.82)
//   volRelative=-10% { volRelative: -0.1 } every implied vol x 0.9
//   days=7           { days: 7 }           the valuation time moved on, for the whole market
// Percentages must say '%': a bare -0.2 could be a fraction or a percent, and a guess is not made.
import { CliError } from './cli-error.mjs';
import { STRESS_SYNTAX } from './hints.mjs';

const PERCENT_KEYS = new Set(['spot', 'vol', 'volRelative']);
const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const PERCENT = new RegExp(`^(${NUMBER})\\s*%$`);
const PLAIN_NUMBER = new RegExp(`^${NUMBER}$`);
const UNDERLYING = /^[A-Za-z0-9_]+$/;

function bad(move, detail) {
  return new CliError('BAD_STRESS', `--stress "${move}": ${detail}`, { hint: STRESS_SYNTAX });
}

function parseValue(move, key, text) {
  if (key === 'days') {
    if (!PLAIN_NUMBER.test(text)) throw bad(move, `"days=${text}": days is a number of days, e.g. days=7`);
    return Number(text);
  }
  const percent = PERCENT.exec(text);
  if (!percent) {
    let example = `e.g. ${key}=${key === 'spot' ? '-20' : '+30'}%`;
    if (PLAIN_NUMBER.test(text)) {
      const asPercent = `${key}=${+(Number(text) * 100).toPrecision(12)}%`;
      example = Math.abs(Number(text)) < 1 ? `${asPercent} if ${text} is a fraction, ${key}=${text}% if a percent`
        : `did you mean ${key}=${text}%?`;
    }
    throw bad(move, `"${key}=${text}": give a percentage with its '%': ${example}`);
  }
  // A whole number of percent divided by 100 is the double nearest the fraction, as a literal is.
  return Number(percent[1]) / 100;
}

// One move: 'BTC:spot=-20%,vol=+30%' or 'days=7'.
function parseMove(text) {
  const colon = text.indexOf(':');
  const underlying = colon >= 0 ? text.slice(0, colon).trim() : null;
  const list = (colon >= 0 ? text.slice(colon + 1) : text).trim();
  if (underlying !== null && !UNDERLYING.test(underlying)) {
    throw bad(text, underlying === '' ? 'the underlying before ":" is missing, e.g. BTC:spot=-20%'
      : `"${underlying}" is not an underlying name (letters and digits, as in market.underlyings)`);
  }
  if (list === '') throw bad(text, 'nothing to move: give spot=, vol=, volRelative= or days=');
  const shocks = {};
  const move = {};
  for (const rawPart of list.split(',')) {
    const part = rawPart.trim();
    const equals = part.indexOf('=');
    if (equals < 0) throw bad(text, `"${part}" is not key=value (keys: spot, vol, volRelative, days)`);
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (key !== 'days' && !PERCENT_KEYS.has(key)) {
      throw bad(text, `"${part}": unknown key "${key}" (keys: spot, vol, volRelative, days)`);
    }
    if (Object.hasOwn(key === 'days' ? move : shocks, key)) throw bad(text, `"${key}" is given twice`);
    if (key !== 'days' && underlying === null) {
      throw bad(text, `"${part}" needs an underlying: e.g. BTC:${part}`);
    }
    if (key === 'days') move.days = parseValue(text, key, value);
    else shocks[key] = parseValue(text, key, value);
  }
  return underlying === null ? move : { [underlying]: shocks, ...move };
}

// Every --stress value (the flag may repeat) into [{ spec, move }], in order.
export function parseStressFlags(values) {
  const moves = [];
  for (const value of values) {
    const pieces = value.split(';').map((piece) => piece.trim()).filter((piece) => piece !== '');
    if (pieces.length === 0) throw bad(value, 'no move given');
    for (const spec of pieces) moves.push({ spec, move: parseMove(spec) });
  }
  return moves;
}
