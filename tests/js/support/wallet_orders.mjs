// Sign requests for the wallet gate's tests (node and Chromium), each built for one outcome on
// the same market: a linear BTC perpetual bought at an index of 100,000 USD, the cross account's
// USDC collateral setting how far below the index liquidation lies (Deribit's default schedule:
// IM 2,005 USD, MM 1,505 USD for 1 BTC). The tests check the distances with the engine itself.
export const MARKET = Object.freeze({
  time: '2026-11-24T08:00:00Z',
  underlyings: { BTC: { index: 100000, vol: 0.5 } },
});

const buyPerpetual = (size) => ({ instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size });
const usdcAccount = (usdc) => ({ mode: 'cross', collateral: { USDC: usdc } });

export const REQUESTS = Object.freeze({
  // Accepted; liquidation about 49 % below the index.
  safe: { account: usdcAccount(50000), market: MARKET, order: buyPerpetual(1) },
  // 1,000 BTC on 7,000 USDC: rejected (WOULD_TRIGGER_LIQUIDATION).
  rejected: { account: usdcAccount(7000), market: MARKET, order: buyPerpetual(1000) },
  // Accepted; liquidation about 5.6 % below the index: blocked at the default 10 %, allowed at 5 %.
  nearLiquidation: { account: usdcAccount(7000), market: MARKET, order: buyPerpetual(1) },
  // The engine refuses it: NON_POSITIVE on orders[0].size.
  badInput: { account: usdcAccount(7000), market: MARKET, order: buyPerpetual(-1) },
});

// The request's one liquidation level after the order (the tests' requests have one each).
export function onlyLiquidationLevel(preview) {
  const levels = preview.liquidationAfter.flatMap((entry) => entry.liquidation);
  if (levels.length !== 1) throw new Error(`expected one liquidation level, got ${levels.length}`);
  return levels[0];
}
