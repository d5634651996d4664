// Equity, maintenance and initial margin against one underlying's index, before and after the
// order: the prepared accounts revalued with prepared.stress on a grid of index levels (the
// engine's own market-move rule: forwards and futures marks with the index, vols at the same
// moneyness, option marks repriced at their implied vols, the coin's collateral with it), and
// the status levels the engine found, as markers.
import { priceGrid, spotMoves } from './price-grid.mjs';

const KINDS = ['liquidation', 'marginCall', 'warning'];

// levels: LiquidationLevels[] of the before or after account (cross: one per underlying;
// isolated: one per position).
function levelsOf(levels, underlying, side) {
  const out = [];
  for (const entry of levels ?? []) {
    if (entry.underlying !== underlying) continue;
    for (const kind of KINDS) {
      for (const level of entry[kind]) out.push({ kind, side, price: level.price, instrument: entry.instrument });
    }
  }
  return out;
}

const pick = (outcomes) => ({
  equity: outcomes.map((o) => o.equityUsd),
  maintenance: outcomes.map((o) => o.maintenanceMarginUsd),
  initial: outcomes.map((o) => o.initialMarginUsd),
  status: outcomes.map((o) => o.status),
});

export function marginCurves({ prepared, preparedAfter, underlying, index, levelsBefore, levelsAfter }) {
  const markers = [...levelsOf(levelsBefore, underlying, 'before'), ...levelsOf(levelsAfter, underlying, 'after')];
  const { prices, lo, hi } = priceGrid(index, markers.map((m) => m.price));
  const moves = spotMoves(underlying, index, prices);
  return {
    underlying,
    index,
    prices,
    before: pick(prepared.stress(moves)),
    after: preparedAfter ? pick(preparedAfter.stress(moves)) : null,
    markers: markers.map((m) => ({ ...m, drawn: m.price >= lo && m.price <= hi })),
  };
}
