// How figures are shown. The browser test reads them back at this precision, so each format is
// plain: ASCII minus, comma thousands, a fixed number of decimals.

const fixed = (x, digits) => Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
// Rounded to what is shown before its sign is taken: -0.001 USD shows as $0.00, not -$0.00.
const shown = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;

export const DASH = '—';

// USD amounts and prices: cents.
export function usd(x) {
  if (x === null || x === undefined) return DASH;
  return `${shown(x, 2) < 0 ? '-' : ''}$${fixed(x, 2)}`;
}

export function signedUsd(x) {
  if (x === null || x === undefined) return DASH;
  return `${signOf(shown(x, 2))}$${fixed(x, 2)}`;
}

const signOf = (r) => (r > 0 ? '+' : r < 0 ? '-' : '');

// A ratio (0.603) as a percent with two decimals; null ratios (no finite value) as 'n/a'.
export function percent(ratio) {
  if (ratio === null || ratio === undefined) return 'n/a';
  return `${shown(ratio * 100, 2) < 0 ? '-' : ''}${fixed(ratio * 100, 2)} %`;
}

export function signedPercent(pct) {
  return `${signOf(shown(pct, 2))}${fixed(pct, 2)} %`;
}

// A plain number with `digits` decimals.
export function number(x, digits = 4) {
  if (x === null || x === undefined) return DASH;
  return `${shown(x, digits) < 0 ? '-' : ''}${fixed(x, digits)}`;
}

// Decimals of a size increment: 0.01 -> 2, 10 -> 0, 1e-4 -> 4.
export function decimalsOf(increment) {
  return Math.max(0, Math.ceil(-Math.log10(increment) - 1e-9));
}

export function size(x, increment) {
  return number(x, decimalsOf(increment));
}

// A scenario of a portfolio group: 'spot -16 %, vol up', tails marked.
export function scenarioLabel(s) {
  const magnitude = Math.abs(s.spotMove * 100).toFixed(1).replace(/\.0$/, '');
  const move = `${s.spotMove > 0 ? '+' : s.spotMove < 0 ? '-' : '±'}${magnitude} %`;
  return `spot ${move}, vol ${s.vol === 'none' ? 'same' : s.vol}${s.tail ? ' (tail)' : ''}`;
}

export const STATUS_TEXT = { healthy: 'healthy', warning: 'warning', margin_call: 'margin call', liquidation: 'liquidation' };
