// An ES module consumer: `import` from 'marginkit', fully typed. Resolves the "import" condition
// (dist/marginkit.d.mts) under node16, nodenext and bundler; node10 reads "types" (the same text).
// Lines marked @ts-expect-error must stay errors: they prove the types are real, not `any`.
import { createMarginKit, MarginKitError } from 'marginkit';
import type {
  AccountAfter, AccountInput, BatchResult, CreateOptions, ErrorCode, Greeks, ImpliedVolInput, MarginKit, MarketInput,
  OptionInput, OrderInput, PortfolioGroup, PreviewWarning, PreviewWarningCode,
} from 'marginkit';

// Compile-time assertions.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function expectType<T extends true>(): void {}
expectType<Equal<Awaited<ReturnType<typeof createMarginKit>>, MarginKit>>();
expectType<Equal<ReturnType<MarginKit['impliedVol']>, number>>();
expectType<Equal<ReturnType<MarginKit['price']>, Greeks>>();
expectType<Equal<BatchResult['price'], Float64Array>>();
expectType<Equal<MarginKitError['code'], ErrorCode>>();

const option = {
  type: 'call',
  model: 'black76',
  underlying: 98_000,
  strike: 100_000,
  t: 32 / 365,
  vol: 0.52,
  settlement: 'inverse', // premium and Greeks in coins
  units: 'trader', // vega per vol point, theta per day
} satisfies OptionInput;

// What a MarginKitError says, by code: `error.code` narrows to the ErrorCode union.
export function describeError(error: unknown): string {
  if (!(error instanceof MarginKitError)) return String(error);
  switch (error.code) {
    case 'INSTRUMENT_EXPIRED':
      return `the option has expired (${error.field})`;
    case 'PRICE_OUT_OF_BOUNDS':
      return `no volatility gives that premium (${error.field})`;
    default: {
      const code: ErrorCode = error.code;
      const row: number | undefined = error.index;
      return `${code} on '${error.field}'${row === undefined ? '' : ` at row ${row}`}: ${error.message}`;
    }
  }
}

export async function quote(options?: CreateOptions): Promise<{ greeks: Greeks; vol: number; batch: BatchResult }> {
  const mk = await createMarginKit(options);
  const greeks = mk.price(option);
  const ivInput: ImpliedVolInput = { ...option, price: greeks.price };
  const vol: number = mk.impliedVol(ivInput);

  const strikes = Float64Array.of(90_000, 100_000, 110_000);
  const into = { price: new Float64Array(strikes.length), delta: new Float64Array(strikes.length) };
  const batch = mk.priceBatch({
    type: Int8Array.of(1, 1, -1), underlying: 98_000, strike: strikes, t: [0.1, 0.25, 0.5], vol: 0.6,
    model: 'black76', onInvalidRow: 'nan',
  }, into);
  const firstCode: ErrorCode | undefined = batch.errorCode ? mk.errorCodes[batch.errorCode[0]] : undefined;
  void firstCode;

  try {
    mk.price({ ...option, t: 0 });
  } catch (error) {
    describeError(error);
  }
  return { greeks, vol, batch };
}

// A UI's own text for a preview warning (here German), from its code and figures: switching on
// `code` narrows the warning to that code's fields.
export function warningText(w: PreviewWarning): string {
  const usd = (n: number) => n.toLocaleString('de-DE', { maximumFractionDigits: 2 });
  switch (w.code) {
    case 'INSUFFICIENT_INITIAL_MARGIN':
      return `Es fehlen ${usd(w.amountUsd)} USD Initial Margin${w.instrument ? ` (${w.instrument})` : ''}`;
    case 'LIQUIDATION_PRICE_WITHIN_X_PERCENT':
      return `${w.instrument ?? w.underlying}: Liquidation bei ${usd(w.price)} USD (${w.distancePercent.toFixed(1)} %, ${w.direction})`;
    case 'MARGIN_RATIO_WARNING':
      return `Margin-Quote ${(w.marginRatio * 100).toFixed(1)} %`;
    case 'FLIPS_POSITION':
      return `${w.instrument}: ${w.fromSize} -> ${w.toSize}`;
    case 'INSUFFICIENT_BALANCE':
      return `${w.amount} ${w.asset} fehlen`;
    case 'WOULD_TRIGGER_MARGIN_CALL':
    case 'WOULD_TRIGGER_LIQUIDATION':
      return `${w.statusBefore} -> ${w.statusAfter}`;
    default: {
      const code: 'REDUCES_RISK' | 'INCREASES_RISK' = w.code;
      const any: PreviewWarningCode = code;
      return any;
    }
  }
}

export function warningMistakes(w: PreviewWarning): void {
  // @ts-expect-error only some codes carry amountUsd: narrow on `code` first
  void w.amountUsd.toFixed(2);
  if (w.code === 'FLIPS_POSITION') {
    // @ts-expect-error FLIPS_POSITION has sizes, not a price
    void w.price;
  }
}

// Portfolio margin under the 'span' model with two keys overridden: each group's requirement in
// parts, and each position's part of the binding scenario, in USD.
export function spanParts(mk: MarginKit, account: AccountInput, market: MarketInput): string[] {
  const risk = mk.accountRisk({ ...account, mode: 'portfolio' }, market,
    { portfolioModel: { name: 'span', priceRange: { BTC: 0.2 }, gridVols: ['up', 'down', 'none'] } });
  return (risk.portfolio?.groups ?? []).map((g: PortfolioGroup) =>
    `${g.worstCase} + ${g.rollShock} + ${g.contingencies.map((c) => `${c.name} ${c.amount}`).join(' + ')} ` +
    `or ${g.shortOptionMinimum}: ${g.bindingPnl.map((p) => `${p.instrument} ${p.pnlUsd.toFixed(2)}`).join(', ')}`);
}

// Two orders previewed one after the other: the first preview's account after the fill is the
// second's account, as it comes (no caller fills orders itself).
export function oneAfterTheOther(mk: MarginKit, account: AccountInput, market: MarketInput, first: OrderInput,
  second: OrderInput): boolean {
  const after: AccountAfter | undefined = mk.preview(account, market, first, { accountAfter: true }).accountAfter;
  if (after === undefined) throw new Error('asked for with accountAfter: true');
  const names: string[] = after.positions.map((p) => p.instrument);
  void names;
  return mk.preview(after, market, second).accepted;
}

export function mistakes(mk: MarginKit, error: MarginKitError): void {
  // @ts-expect-error accountAfter is true or false
  mk.preview({ collateral: {} }, { time: 0, underlyings: {} }, [], { accountAfter: 'yes' });
  // @ts-expect-error 'spam' is not a portfolio model
  mk.accountRisk({ collateral: {} }, { time: 0, underlyings: {} }, { portfolioModel: 'spam' });
  // @ts-expect-error a tail move's unit is 'index' or 'priceRange'
  mk.accountRisk({ collateral: {} }, { time: 0, underlyings: {} }, { portfolioModel: { tailMovesIn: 'ranges' } });
  // @ts-expect-error 'straddle' is not an OptionType
  mk.price({ ...option, type: 'straddle' });
  // @ts-expect-error vol is required
  mk.price({ type: 'put', model: 'bsm', underlying: 100, strike: 100, t: 1 });
  // @ts-expect-error impliedVol takes the premium as `price`
  mk.impliedVol({ ...option, premium: 0.05 });
  // @ts-expect-error 'EXPIRED' is not an ErrorCode (it is 'INSTRUMENT_EXPIRED')
  if (error.code === 'EXPIRED') return;
  // @ts-expect-error priceBatch's `type` is +1/-1 per row, not a string
  mk.priceBatch({ type: 'call', underlying: 1, strike: 1, t: 1, vol: 1 });
  // @ts-expect-error the engine is read-only
  mk.version = '0';
}
