// The index levels one underlying is revalued at for the charts: an even grid around the index,
// widened to take in the status levels (liquidation, margin call, warning) near enough to draw,
// with the index itself and every level in range added as exact points (so that a level's marker
// sits on the curve at its own price).

const POINTS = 240;
const MIN_RATIO = 0.02;   // 98 % down: levels further away are listed, not drawn
const MAX_RATIO = 5;      // 400 % up

export function priceGrid(index, levelPrices) {
  const ratios = levelPrices.map((p) => p / index).filter((r) => r >= MIN_RATIO && r <= MAX_RATIO);
  const lo = Math.max(MIN_RATIO, Math.min(0.6, ...ratios.map((r) => r * 0.9)));
  const hi = Math.min(MAX_RATIO, Math.max(1.4, ...ratios.map((r) => r * 1.1)));
  const prices = new Set([index]);
  for (let i = 0; i <= POINTS; i++) prices.add(index * (lo + ((hi - lo) * i) / POINTS));
  for (const p of levelPrices) if (p >= index * lo && p <= index * hi) prices.add(p);
  return { prices: [...prices].sort((a, b) => a - b), lo: index * lo, hi: index * hi };
}

// One stress move per price: `underlying`'s index moved to it, everything else held.
export function spotMoves(underlying, index, prices, days = 0) {
  return prices.map((p) => ({ [underlying]: { spot: p / index - 1 }, days }));
}
