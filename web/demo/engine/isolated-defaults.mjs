// Suggested isolated margins for an account switched to isolated mode: what puts each position's
// isolated equity (margin + unrealised P&L) at its initial margin in cross margin, in its
// settlement currency (coins at the index for inverse instruments), rounded up to 6 significant
// digits so that it covers it; long options need none (paid for in full). The page fills them
// only into empty fields, where the person sees and can change them.

export function isolatedDefaults(mk, { account, market, config }) {
  const cross = { ...account, mode: 'cross', positions: account.positions.map(({ isolatedMargin, ...p }) => p) };
  const risk = mk.accountRisk(cross, market, { ...config, liquidationLevels: false });
  const indexOf = new Map(risk.greeks.map((g) => [g.underlying, g.index]));
  return risk.positions.map((row) => {
    const info = mk.instrument(row.instrument);
    if (info.kind === 'option' && row.size > 0) return 0;
    const usd = Math.max(0, row.initialMarginUsd - row.unrealizedPnlUsd);
    return roundUp(info.settlement === 'inverse' ? usd / indexOf.get(info.underlying) : usd);
  });
}

function roundUp(x) {
  if (x <= 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(x)) - 5);
  return Number((Math.ceil(x / step) * step).toPrecision(6));
}
