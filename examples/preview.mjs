// The main job: a pre-trade preview on the bundled sample account (examples/sample-account.json:
// BTC and ETH, inverse and linear options, a dated future and a perpetual, cross margin).
// Prints margin before and after the order, the change, warnings, liquidation prices, the largest
// size that still fits and any top-up needed; then, as a wallet does while the trader edits the
// order, the same order at other sizes against the account prepared once. Run with `npm start`.
import { readFileSync } from 'node:fs';
import { createMarginKit } from 'marginkit';

const sample = JSON.parse(readFileSync(new URL('./sample-account.json', import.meta.url), 'utf8'));
const { account, market, order } = sample;
const mk = await createMarginKit();

const usd = (x) => (x === null ? 'n/a' : `${x < 0 ? '-' : ''}$${Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: 0 })}`);
const pct = (x) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);

const started = performance.now();
const preview = mk.preview(account, market, order);
const elapsedMs = performance.now() - started;

console.log(`marginkit ${mk.version}: pre-trade preview (${account.mode ?? 'cross'} margin, ${account.positions.length} positions, market ${market.time})`);
console.log(`order: ${order.side} ${order.size} ${typeof order.instrument === 'string' ? order.instrument : JSON.stringify(order.instrument)}${order.price ? ` @ ${order.price}` : ' at mark'}\n`);

const row = (label, pick, format) => ({
  '': label,
  before: format(pick(preview.before)),
  after: format(pick(preview.after)),
});
console.table([
  row('status', (r) => r.status, (x) => x),
  row('equity', (r) => r.equityUsd, usd),
  row('initial margin', (r) => r.initialMarginUsd, usd),
  row('maintenance margin', (r) => r.maintenanceMarginUsd, usd),
  row('available margin', (r) => r.availableMarginUsd, usd),
  row('margin ratio (MM / equity)', (r) => r.marginRatio, pct),
  row('leverage', (r) => r.leverage, (x) => (x === null ? 'n/a' : `${x.toFixed(2)}x`)),
].reduce((table, { '': label, ...cells }) => ({ ...table, [label]: cells }), {}));

console.log('Per currency after the order, in its own units (as Deribit shows each coin\'s account):');
console.table(Object.fromEntries(preview.after.currencies.map((c) => [c.currency, {
  balance: +c.balance.toFixed(6), equity: +c.equity.toFixed(6), 'initial margin': +c.initialMargin.toFixed(6),
  'maintenance margin': +c.maintenanceMargin.toFixed(6), available: +c.availableMargin.toFixed(6),
}])));

console.log('Greeks per underlying after the order (USD; vega per vol point, theta per day):');
console.table(Object.fromEntries(preview.after.greeks.map((g) => [g.underlying, {
  index: g.index, 'delta (coins)': +g.deltaCoins.toFixed(4), 'delta USD': usd(g.deltaUsd),
  'gamma USD / 1 %': usd(g.gammaUsdPer1Pct), 'vega USD': usd(g.vegaUsd), 'theta USD / day': usd(g.thetaUsdPerDay),
}])));

const levels = (list) => (list.length ? list.map((l) => `${usd(l.price)} (${l.distancePercent >= 0 ? '+' : ''}${l.distancePercent.toFixed(1)} %)`).join(', ') : 'none in [index/100, 100x index]');
console.log('Prices of each underlying at which the account changes status (others held):');
console.table(Object.fromEntries(preview.liquidationAfter.map((l, i) => [l.underlying, {
  'liquidation before': levels(preview.liquidationBefore[i]?.liquidation ?? []),
  'liquidation after': levels(l.liquidation),
  'margin call after': levels(l.marginCall),
  'warning after': levels(l.warning),
}])));

console.log(`accepted: ${preview.accepted ? 'yes' : `NO (${preview.rejectReason})`}`);
for (const warning of preview.warnings) console.log(`  ${warning.code}: ${warning.message}`);
console.log(`largest ${order.side} that still fits: ${preview.maxSize} (in steps of ${preview.sizeIncrement})`);
if (!preview.accepted) console.log(`top-up needed: ${preview.topUp.amount} ${preview.topUp.asset} (${usd(preview.topUp.usd)})`);
console.log(`\ncomputed in ${elapsedMs.toFixed(2)} ms (first call, includes warm-up)`);

// The trader edits the size: prepare the account once, preview each size against it.
const prepared = mk.prepare(account, market);
try {
  console.log(`\nthe same ${order.side} at other sizes (mk.prepare once, then prepared.preview per size):`);
  console.table([0.5, 1, 2, 5, 10].map((factor) => {
    const size = +(order.size * factor).toPrecision(6);
    const p = prepared.preview({ ...order, size }, { positions: 'changed' });
    return {
      size,
      accepted: p.accepted ? 'yes' : `no (${p.rejectReason})`,
      'available after': usd(p.after.availableMarginUsd),
      'margin ratio after': pct(p.after.marginRatio),
      'nearest liquidation after': levels(p.liquidationAfter.flatMap((l) => l.liquidation.map((x) => ({ ...x, underlying: l.underlying })))
        .sort((a, b) => Math.abs(a.distancePercent) - Math.abs(b.distancePercent)).slice(0, 1)),
    };
  }));
} finally {
  prepared.delete();
}

// Isolated margin: each position holds its own margin; an order sets it by leverage (futures and
// perpetuals) or gives it exactly (isolatedMargin); available margin is what no position holds.
/** @type {import('marginkit').AccountInput} */
const isolated = { mode: 'isolated', collateral: { USDC: 20000 }, positions: [] };
/** @type {import('marginkit').OrderInput} */
const leveraged = { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 0.5, leverage: 10 };
const iso = mk.preview(isolated, market, leveraged, { liquidationWarningPercent: 5 });
const isoRow = iso.after.positions.find((p) => p.instrument === leveraged.instrument);
if (!isoRow) throw new Error('the order\'s position is among the rows after');
const isoLevels = iso.liquidationAfter.find((l) => l.instrument === leveraged.instrument);
console.log(`\nisolated: ${leveraged.side} ${leveraged.size} ${leveraged.instrument} at ${leveraged.leverage}x on ${usd(20000)} USDC`);
console.log(`  margin assigned ${usd(isoRow.isolatedEquityUsd - isoRow.unrealizedPnlUsd)} (notional ${usd(isoRow.notionalUsd)} / ${leveraged.leverage}), ` +
  `IM ${usd(isoRow.initialMarginUsd)}, available after ${usd(iso.after.availableMarginUsd)}, ` +
  `liquidation ${levels(isoLevels?.liquidation ?? [])}, accepted: ${iso.accepted ? 'yes' : `NO (${iso.rejectReason})`}`);

// Portfolio margin: the same account under Deribit's scenario-grid model (mode 'portfolio') and
// under the SPAN-style set, beside standard (cross) margin, with each group's binding scenario.
const cross = mk.accountRisk(account, market, { liquidationLevels: false });
const portfolio = mk.accountRisk({ ...account, mode: 'portfolio' }, market, { liquidationLevels: false });
const span = mk.accountRisk({ ...account, mode: 'portfolio' }, market, { liquidationLevels: false, portfolioModel: 'span' });
// Derive's PM2 holds USD-settled options and perpetuals only: the account's USDC positions.
const usdc = { ...account, mode: 'portfolio', positions: account.positions.filter((p) => p.instrument.includes('_USDC')) };
const pm2 = mk.accountRisk(usdc, market, { liquidationLevels: false, portfolioModel: 'derive-pm2' });
const crossUsdc = mk.accountRisk({ ...usdc, mode: 'cross' }, market, { liquidationLevels: false });
const marginRow = (r) => ({ 'initial margin': usd(r.initialMarginUsd), 'maintenance margin': usd(r.maintenanceMarginUsd), status: r.status });
console.log(`\nportfolio margin beside cross margin, the account before the order:`);
console.table({
  cross: marginRow(cross),
  'portfolio (deribit)': marginRow(portfolio),
  'portfolio (span)': marginRow(span),
  'cross, USDC positions only': marginRow(crossUsdc),
  'portfolio (derive-pm2), USDC positions only': marginRow(pm2),
});
for (const g of portfolio.portfolio?.groups ?? []) {
  const s = g.scenarios[g.bindingScenario];
  console.log(`  ${g.underlying} in ${g.currency}: worst ${+g.worstCase.toPrecision(6)} ${g.currency} at spot ${(s.spotMove * 100).toFixed(1)} %, vol ${s.vol}${s.tail ? ' (extended table)' : ''}; IM ${usd(g.initialMarginUsd)}`);
}
