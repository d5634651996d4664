// The P&L of one underlying's positions (and its coin held as collateral) against its index, from
// today's marks: today, after the stress slider's days, and at the first expiry among them, as
// Deribit's Position Builder draws it. Today and later dates come from mk.stress (the engine's
// move rule). At the first expiry the contracts that expire then settle at the index (options at
// intrinsic value, futures at index - entry) and the rest are revalued by mk.stress at that date
// with the index moved: the forwards keep today's ratio to the index (the engine's rule; basis
// does not roll down).
import { spotMoves } from './price-grid.mjs';

// The underlying's part of an account, in cross margin (P&L does not depend on the margin mode).
function subAccount(mk, account, underlying) {
  const positions = (account.positions ?? [])
    .map((p) => ({ position: p, info: mk.instrument(p.instrument) }))
    .filter(({ info }) => info.underlying === underlying);
  const coin = account.collateral?.[underlying];
  return {
    positions,
    account: {
      mode: 'cross',
      collateral: coin ? { [underlying]: coin } : {},
      positions: positions.map(({ position }) => ({ instrument: position.instrument, size: position.size, entryPrice: position.entryPrice })),
    },
  };
}

// USD value at settlement with the index at `s` (inverse contracts pay coins worth this at s).
function settlementValueUsd({ position, info }, s) {
  if (info.kind === 'option') {
    const intrinsic = info.type === 'call' ? Math.max(s - info.strike, 0) : Math.max(info.strike - s, 0);
    return position.size * intrinsic;
  }
  return info.settlement === 'inverse' ? position.size * (s / position.entryPrice - 1) : position.size * (s - position.entryPrice);
}

export function pnlProfile(mk, { account, market, underlying, index, prices, days }) {
  const sub = subAccount(mk, account, underlying);
  const today = mk.stress(sub.account, market, spotMoves(underlying, index, prices)).map((o) => o.pnlUsd);
  const out = { today, atDays: null, days, atExpiry: null, expiry: null };
  const expiries = sub.positions.map(({ info }) => info.expiryMs).filter((ms) => ms !== undefined);
  const firstExpiry = expiries.length ? Math.min(...expiries) : undefined;
  // Each row as the engine values it today; its yearsToExpiry (ACT/365) is the engine's reading of
  // market.time, which may be a venue code or milliseconds that Date.parse does not read.
  const rowsNow = new Map(mk.accountRisk(sub.account, market, { liquidationLevels: false })
    .positions.map((r) => [r.instrument, r]));
  const firstName = sub.positions.find(({ info }) => info.expiryMs === firstExpiry)?.info.name;
  const daysToExpiry = firstExpiry === undefined ? Infinity : rowsNow.get(firstName).yearsToExpiry * 365;
  if (days > 0 && days < daysToExpiry) {
    out.atDays = mk.stress(sub.account, market, spotMoves(underlying, index, prices, days)).map((o) => o.pnlUsd);
  }
  if (firstExpiry !== undefined) {
    const expiring = sub.positions.filter(({ info }) => info.expiryMs === firstExpiry);
    const rest = { ...sub.account, positions: sub.account.positions.filter((_, i) => sub.positions[i].info.expiryMs !== firstExpiry) };
    const restPnl = mk.stress(rest, market, spotMoves(underlying, index, prices, daysToExpiry)).map((o) => o.pnlUsd);
    out.atExpiry = prices.map((s, i) => restPnl[i] + expiring.reduce(
      (sum, p) => sum + settlementValueUsd(p, s) - rowsNow.get(p.info.name).valueUsd, 0));
    out.expiry = { ms: firstExpiry, days: daysToExpiry, instruments: expiring.map((p) => p.info.name) };
  }
  return out;
}
