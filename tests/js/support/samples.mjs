// Sample documents shared by several test files (each call returns a fresh copy to mutate).

// An isolated account on the sample market (examples/sample-account.json): linear and inverse
// futures and a short option, each on its own margin.
export function isolatedSampleAccount() {
  return {
    mode: 'isolated',
    collateral: { USDC: 5000, BTC: 0.5 },
    positions: [
      { instrument: 'BTC_USDC-PERPETUAL', size: 0.5, entryPrice: 98_500, isolatedMargin: 4000 },
      { instrument: 'BTC-26MAR27', size: -30_000, entryPrice: 99_000, isolatedMargin: 0.05 },
      { instrument: 'BTC-26DEC26-110000-C', size: -1, entryPrice: 0.01, isolatedMargin: 0.2 },
    ],
  };
}
