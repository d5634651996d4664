// marginkit: pre-trade margin and option Greeks, a C++17 engine compiled to WebAssembly.
// Hand-written declarations; they are the manual. Every number is a plain JS number (IEEE double).
//
// Conventions used throughout
// - Time `t`: years to expiry, ACT/365 (one day = 1/365, one hour = 1/8760).
// - Volatility, rates, carry: annualised decimals (0.65 = 65 %, 0.05 = 5 %), continuously compounded.
// - Prices: quote currency (USD/USDC) per one coin of underlying, unless settlement is 'inverse'.
// - Greeks are those of ONE LONG option; a short position's Greeks are the negatives.
// - theta and charm are the change as calendar time passes (-d/dt in time to expiry): a long
//   option's theta is usually negative.

/** Stable error codes; new codes are added, never renamed. Mirrors src/common/error_code.hpp. */
export type ErrorCode =
  | 'OK'
  | 'INTERNAL'            // a bug in marginkit: please report it
  | 'MISSING_FIELD'       // a required field is absent
  | 'INVALID_TYPE'        // a field has the wrong JS type (a string where a number belongs, ...)
  | 'INVALID_ENUM'        // an unknown name: type, model, settlement, units, onInvalidRow
  | 'NOT_FINITE'          // NaN or +-Infinity
  | 'NON_POSITIVE'        // zero or negative where a positive number is required
  | 'OUT_OF_RANGE'        // finite but beyond the documented limits (see OptionInput)
  | 'INSTRUMENT_EXPIRED'  // t <= 0
  | 'PRICE_OUT_OF_BOUNDS' // an option premium outside its no-arbitrage bounds (impliedVol)
  | 'NO_CONVERGENCE'      // a solver stopped without meeting its tolerance
  | 'LENGTH_MISMATCH'     // batch columns of unequal length
  | 'WASM_LOAD_FAILED'    // createMarginKit: the .wasm could not be fetched, compiled or instantiated
  | 'INVALID_JSON'        // malformed JSON text (a schedule or an input given as a string)
  | 'INVALID_INSTRUMENT'  // an instrument name or description that cannot be parsed
  | 'MISSING_MARKET_DATA' // no index, forward or vol for an instrument's underlying, or no collateral price
  | 'MISSING_ISOLATED_MARGIN' // isolated mode: a position without isolatedMargin
  | 'DUPLICATE'           // one thing given twice: an instrument in account.positions (however spelt), an expiry of forwards/ATM vols under two spellings, a smile point, a mark, a JSON key
  | 'UNSUPPORTED_FIELD'   // a key an input object does not take (a typo, a field of another kind of instrument, a key fixed at preparation in prepared.preview options)
  | 'INVALID_HANDLE'      // a PreparedAccount used after delete() (field 'prepared')
  | 'NESTING_TOO_DEEP'    // an input nested deeper than mk.limits.maxNestingDepth (32) levels
  | 'DOCUMENT_TOO_LARGE'  // an input longer than mk.limits.maxDocumentBytes (64 MiB) as JSON
  | 'NON_FINITE_RESULT';  // a bug: a result held NaN or Infinity and was withheld; please report it

/**
 * The only error marginkit throws (or rejects with). After any error the engine keeps working.
 * @example try { mk.price(o) } catch (e) { if (e instanceof MarginKitError && e.code === 'INVALID_ENUM') ... }
 */
export declare class MarginKitError extends Error {
  readonly name: 'MarginKitError';
  /** What is wrong, stable across versions. */
  readonly code: ErrorCode;
  /** The offending input field: 'vol', 'strike', 'type', 'price', 'options', ... */
  readonly field: string;
  /** For priceBatch: the row (0-based) of the first invalid option. */
  readonly index?: number;
}

/** 'call' or 'put'. */
export type OptionType = 'call' | 'put';
/**
 * 'bsm': Black-Scholes-Merton on a SPOT price with continuous yield `carry` (q); forward = S e^((r-q)t).
 * 'black76': Black (1976) on a FORWARD or futures price (as Deribit quotes options on the future).
 */
export type PricingModel = 'bsm' | 'black76';
/**
 * 'linear': premium and Greeks in the quote currency (USD/USDC).
 * 'inverse': coin-settled as on Deribit; premium and Greeks in coins:
 *   price_coin = price_usd / underlying
 *   delta_coin = delta_usd - price_coin   (Deribit's delta: the coin P&L of a move, in coins)
 *   gamma_coin = gamma_usd - delta_coin / underlying
 *   vega, theta, rho, volga in coins (the USD Greek / underlying)
 *   vanna_coin = vanna_usd - vega_usd / underlying; charm_coin = charm_usd - theta_usd / underlying
 * Worked example: black76 call, F = K = 50,000, t = 0.25, vol = 0.60, r = 0: price_usd 5,961.77,
 * price_coin 0.119235 BTC, delta_usd 0.559618, delta_coin 0.440382.
 */
export type Settlement = 'linear' | 'inverse';
/**
 * 'annual' (default): vega, vanna per 1.00 of vol; volga per 1.00 of vol squared; theta, charm per
 *   year; rho per 1.00 of rate (textbook derivatives).
 * 'trader': vega, vanna per vol point (0.01); volga per vol point squared; theta, charm per calendar
 *   day (1/365 year); rho per 1 % of rate.
 */
export type GreekUnits = 'annual' | 'trader';

/**
 * One European option. Limits (outside them: NON_POSITIVE for <= 0, else OUT_OF_RANGE):
 * 1e-12 <= underlying, strike <= 1e15; one second (1/31,536,000) <= t <= 100 (t <= 0:
 * INSTRUMENT_EXPIRED); 1e-4 <= vol <= 10; |rate|, |carry| <= 5. They catch unit mistakes and keep
 * every Greek finite.
 */
export interface OptionInput {
  type: OptionType;
  model: PricingModel;
  /** Spot S ('bsm') or forward F ('black76'), quote currency per coin. > 0. */
  underlying: number;
  /** Strike K, quote currency per coin. > 0. */
  strike: number;
  /** Years to expiry, ACT/365. > 0, else INSTRUMENT_EXPIRED. */
  t: number;
  /** Annualised volatility, decimal (0.65 = 65 %). > 0. */
  vol: number;
  /** Risk-free rate, continuously compounded decimal. Default 0. */
  rate?: number;
  /** Continuous dividend/carry/foreign yield q, decimal; 'bsm' only. Default 0. */
  carry?: number;
  /** Default 'linear'. */
  settlement?: Settlement;
  /** Default 'annual'. */
  units?: GreekUnits;
}

/** Premium and Greeks of one long option (units: see GreekUnits and Settlement). */
export interface Greeks {
  /** Premium: quote currency ('linear') or coins ('inverse'). */
  price: number;
  /** dV/dS ('bsm') or dV/dF ('black76'); for 'inverse' the coin delta (see Settlement). */
  delta: number;
  /** d2V/dS2, per unit of underlying price. */
  gamma: number;
  /** dV/dvol. */
  vega: number;
  /** -dV/dt: value change as one year (or, in trader units, one day) passes. */
  theta: number;
  /** dV/dr. 'bsm': q held fixed (forward moves with r). 'black76': forward held fixed (= -t V). */
  rho: number;
  /** d2V/dS dvol = d(delta)/dvol. */
  vanna: number;
  /** d2V/dvol2 (vomma). */
  volga: number;
  /** -d(delta)/dt: delta change as time passes. */
  charm: number;
}

/** Inputs to impliedVol: OptionInput without vol/units, plus the observed premium. */
export interface ImpliedVolInput {
  type: OptionType;
  model: PricingModel;
  underlying: number;
  strike: number;
  t: number;
  rate?: number;
  carry?: number;
  /** The premium: quote currency ('linear') or coins ('inverse'). */
  price: number;
  settlement?: Settlement;
}

/** A column: one value per row, or one number for every row. Plain arrays are copied too. */
export type Column = Float64Array | readonly number[] | number;

/** Many options as columns (structure of arrays): one call into wasm, no per-option allocation. */
export interface BatchInput {
  /** One entry per option: +1 call, -1 put. Its length is the row count. */
  type: Int8Array | readonly number[];
  underlying: Column;
  strike: Column;
  t: Column;
  vol: Column;
  /** Default 0. */
  rate?: Column;
  /** Default 0 ('bsm' only). */
  carry?: Column;
  /** Default 'bsm' for every row. */
  model?: PricingModel;
  /** Default 'linear'. */
  settlement?: Settlement;
  /** Default 'annual'. */
  units?: GreekUnits;
  /**
   * 'throw' (default): throw a MarginKitError for the first invalid row (with `index`).
   * 'nan': invalid rows get NaN results and a non-zero `errorCode`; the other rows are priced.
   */
  onInvalidRow?: 'throw' | 'nan';
}

/** Caller-owned output arrays for priceBatch, each as long as the batch; any subset. */
export type BatchOutputArrays = Partial<Record<'price' | 'delta' | 'gamma' | 'vega' | 'theta' | 'rho', Float64Array>>;

/** Results as Float64Arrays (copies, never views into wasm memory): fresh, or the `into` arrays. */
export interface BatchResult {
  price: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  vega: Float64Array;
  theta: Float64Array;
  rho: Float64Array;
  /** Only with onInvalidRow: 'nan'. 0 = OK, else the index into `MarginKit.errorCodes`. */
  errorCode?: Int32Array;
  /** Only with onInvalidRow: 'nan'. How many rows were invalid. */
  invalidCount?: number;
}

// ------------------------------------------------------------------------------------------
// Margin engine (accountRisk, preview). All money amounts in USD unless the name says otherwise.
// Every input object takes only the keys listed here: any other is UNSUPPORTED_FIELD with its
// path. null and undefined mean "not given". Limits (README "Input rules and limits"): prices,
// strikes, marks in [1e-12, 1e15]; sizes and balances within +-1e15; vols [1e-4, 10]; rate +-5;
// times within 2000-01-01 and 2100-01-01 UTC; documents nest <= 32 levels and are <= 64 MiB.
// ------------------------------------------------------------------------------------------

/**
 * An instrument, by venue-style name or by fields. Names (parsed strictly):
 *   'BTC-27DEC26-100000-C'   inverse option (coin-settled, as on Deribit)   'ETH_USDC-27DEC26-3500-P' linear option
 *   'BTC-27DEC26'            inverse future     'BTC_USDC-27DEC26'    linear future
 *   'ETH-PERPETUAL'          inverse perpetual  'ETH_USDC-PERPETUAL'  linear perpetual
 *   'BTC_USDC'               spot (orders only; holdings belong in collateral)
 * Expiries are at 08:00 UTC. An unknown or malformed name is INVALID_INSTRUMENT.
 */
export type InstrumentRef = string | InstrumentFields;

export interface InstrumentFields {
  kind: 'option' | 'future' | 'perpetual' | 'spot';
  /** The coin: 'BTC', 'ETH', ... */
  underlying: string;
  /** Default 'inverse'. */
  settlement?: Settlement;
  /** What the instrument settles in: linear 'USDC' (default) or 'USDT'; inverse: its own coin
   *  (the default; anything else is INVALID_ENUM). */
  settlementAsset?: string;
  /** Options and futures: '27DEC26', an ISO time in UTC, or milliseconds since 1970, kept exactly.
   *  At or before market.time (or before 2000): INSTRUMENT_EXPIRED. Perpetuals and spot take none. */
  expiry?: string | number;
  /** Options only. */
  type?: OptionType;
  /** Options only, USD, [1e-12, 1e15] (also when given in a name). */
  strike?: number;
}

/** What mk.instrument() returns. */
export interface InstrumentInfo {
  /** Canonical venue-style name: '100000.0' and '0100000' are '100000'. */
  name: string;
  kind: 'option' | 'future' | 'perpetual' | 'spot';
  underlying: string;
  settlement: Settlement;
  /** The coin (inverse) or 'USDC' / 'USDT' (linear). */
  settlementAsset: string;
  /** Options and futures: the expiry, ISO in UTC to the millisecond, and in ms since 1970. */
  expiry?: string;
  expiryMs?: number;
  /** Options only. */
  type?: OptionType;
  strike?: number;
  /** One contract (size 1): 1 coin, or 1 USD of notional for inverse futures and perpetuals. */
  contract: { amount: number; unit: string };
}

/**
 * A position. Sizes are in contracts; negative = short. A contract is 1 coin for options,
 * linear futures/perpetuals and spot, and 1 USD of notional for inverse futures/perpetuals
 * (Deribit's "amount").
 */
export interface PositionInput {
  instrument: InstrumentRef;
  size: number;
  /** USD per coin; option premiums in the settlement currency (coins for inverse options). */
  entryPrice: number;
  /** Isolated mode only (required there; UNSUPPORTED_FIELD in a cross account): margin assigned,
   *  in the settlement currency, [0, 1e15]. Isolated equity = this + unrealised P&L. A long option
   *  or spot holding is paid for in full (0 will do): it is never in margin call or liquidation,
   *  and has no liquidation price, whatever its P&L. */
  isolatedMargin?: number;
}

/** 'cross': standard margin, pooled collateral. 'isolated': each position on its own margin.
 *  'portfolio': pooled collateral, IM and MM from the scenario-grid model of
 *  config.portfolioModel (the worst loss over scenarios: it does not add up by position);
 *  liquidation prices, max size and status use that requirement, recomputed at every trial price
 *  and size. */
export type MarginMode = 'cross' | 'isolated' | 'portfolio';

/** The portfolio models shipped with the package (its portfolio-models/*.json). */
export type PortfolioModelName = 'deribit' | 'span' | 'derive-pm2';

export interface AccountInput {
  /** Default 'cross'; see MarginMode. */
  mode?: MarginMode;
  /** Balances by asset code (2-10 upper-case letters or digits), in units of the asset, within
   *  +-1e15: { USDC: 10000, BTC: 0.5 }. */
  collateral?: Record<string, number>;
  positions?: PositionInput[];
}

/** TradePreview.accountAfter: an AccountInput with every key given, instruments by canonical
 *  name (as PositionRisk.instrument). */
export interface AccountAfter extends AccountInput {
  mode: MarginMode;
  collateral: Record<string, number>;
  /** isolatedMargin in isolated mode only. */
  positions: Array<PositionInput & { instrument: string }>;
}

/** Implied vols: one flat vol, per-expiry ATM vols, and/or smile points (used in reverse order of
 *  this list when present). Interpolation: total variance linear in time; within an expiry, vol
 *  linear in ln(strike), flat beyond the ends. When the index moves, vols are held at the same
 *  moneyness (sticky moneyness). */
export type VolInput = number | {
  flat?: number;
  /** { '27DEC26': 0.52, ... } */
  atm?: Record<string, number>;
  smile?: { expiry: string | number; strike: number; vol: number }[];
};

export interface UnderlyingMarketInput {
  /** Index (spot) price, USD per coin. */
  index: number;
  /** Forwards by expiry ('27DEC26' or ISO): futures marks and the options' underlying. Missing
   *  expiries: interpolated in annualised log-basis, or index * e^(rate t) when none is given; a
   *  forward that would be read off at an annualised basis beyond +-500 % is OUT_OF_RANGE (give it).
   *  Expiries at or before market.time are left out (here, in vol.atm and in vol.smile); the same
   *  expiry under two spellings is DUPLICATE. */
  forwards?: Record<string, number>;
  /** Continuously compounded rate; discounts option payoffs. Default 0. */
  rate?: number;
  /** Required when the account or order holds options on this underlying without a mark. */
  vol?: VolInput;
}

export interface MarketInput {
  /** Valuation time: ISO in UTC ('2026-11-24T08:00:00Z') or milliseconds since 1970 (not
   *  seconds), within 2000-01-01 and 2100-01-01. */
  time: string | number;
  underlyings: Record<string, UnderlyingMarketInput>;
  /** Optional marks by instrument name (parsed: an unknown name is INVALID_INSTRUMENT; spellings
   *  of one instrument are one key, twice is DUPLICATE): futures/perps in USD, options in their
   *  settlement currency. An option mark fixes that option's vol (its implied vol); a mark at the
   *  option's discounted intrinsic value (to 1e-12 of the forward or strike) is the zero-vol
   *  limit (valued at intrinsic, delta 0 or 1, no gamma or vega); one below it, or not below the
   *  discounted forward (calls) / strike (puts), is PRICE_OUT_OF_BOUNDS on its key. */
  markPrices?: Record<string, number>;
  /** USD price per unit of collateral assets; coins default to their index, USD/USDC/USDT to 1.
   *  A coin's price moves with its index (in proportion), so a price below the index is a haircut
   *  that holds in equity and in delta. */
  collateralPrices?: Record<string, number>;
}

export interface OrderInput {
  instrument: InstrumentRef;
  side: 'buy' | 'sell';
  /** Contracts, > 0. */
  size: number;
  /** Limit price (as entryPrice), [1e-12, 1e15]; default the mark. */
  price?: number;
  /** Isolated mode: margin to add to the position (settlement currency: USDC/USDT for linear
   *  instruments, coins for inverse ones), (0, 1e15], taken from that balance. Default: the
   *  margin `leverage` gives, else the initial margin of what the order opens (adding to a
   *  position: at least what the position's initial margin grows by, as IM rates grow with size).
   *  What an order closes releases its share of the position's margin (closing a quarter
   *  releases a quarter); an isolatedMargin on an order that opens nothing tops the position up.
   *  UNSUPPORTED_FIELD in a cross account. */
  isolatedMargin?: number;
  /** Isolated mode, futures and perpetuals: the margin of what the order opens is its notional at
   *  the fill price / leverage (linear: size x price USD; inverse: size / price coins / leverage),
   *  as dYdX, Bybit and Binance users set it. Within [0.01, the schedule's maximum for this size:
   *  notional / initial margin, e.g. 50 at a 2 % IM], and at most 1000: NON_POSITIVE (<= 0) /
   *  OUT_OF_RANGE otherwise. UNSUPPORTED_FIELD in a cross account, on options and spot, and
   *  beside isolatedMargin (give one). An order that opens nothing ignores it. */
  leverage?: number;
}

/** Margin schedule parameters; defaults are Deribit's standard margin (see README), and
 *  `MarginConfig.profile` starts from a venue's instead. Every rate and multiple is in [0, 10]
 *  (OUT_OF_RANGE otherwise: no accepted combination can make a margin negative); tierSize > 0.
 *
 *  Short options, per coin (R the reference price, P the mark, OTM the out-of-the-money amount
 *  max(K - R, 0) for calls, max(R - K, 0) for puts):
 *    MM = max(maintenanceRate R, markRate P) + P + liquidationFeeRate R
 *    IM = max(max(initialBase - otmRate OTM / R, initialFloor) R + B, maintenanceMultiple MM)
 *  with markRate and maintenanceMultiple the put's or the call's, B = P or max(entry, P). */
export interface MarginScheduleInput {
  options?: {
    /** Default 0.15. */
    initialBase?: number;
    /** Default 0.1. */
    initialFloor?: number;
    /** The share of OTM / R the IM credits; default 1 (OKX's margin factor scales it). */
    otmRate?: number;
    /** Default 0.075. */
    maintenanceRate?: number;
    /** Default 0.075. */
    putMarkRate?: number;
    /** Default 0 (Bybit: its MM factor). */
    callMarkRate?: number;
    /** A liquidation fee in MM, as a share of R; default 0 (Bybit 0.002). */
    liquidationFeeRate?: number;
    /** Put IM at least this multiple of MM; default 1 (Derive 1.05, OKX 0). */
    putMaintenanceMultiple?: number;
    /** Call IM at least this multiple of MM; default 0 (Bybit 1). */
    callMaintenanceMultiple?: number;
    /** R: the option's forward ('forward', the default: Deribit's underlying mark price, which
     *  keeps Deribit's results) or the underlying's index ('index': Derive, Bybit). */
    referencePrice?: 'forward' | 'index';
    /** The premium the IM adds: the mark ('mark', default) or max(entry price, mark)
     *  ('maxEntryMark': Bybit). The MM always adds the mark. */
    premiumBasis?: 'mark' | 'maxEntryMark';
  };
  /** Futures and perpetuals: rates on notional, either the linear add-on (initialRate and
   *  maintenanceRate + rateStep per tierSize coins of size: Deribit) or a stepped table (`tiers`);
   *  the keys of the one not in force are UNSUPPORTED_FIELD (over a profile's table, tiers: []
   *  restores the add-on, its keys not given keeping the defaults). */
  futures?: {
    initialRate?: number;
    maintenanceRate?: number;
    rateStep?: number;
    tierSize?: number;
    /** Risk-limit brackets, at most 64, upTo strictly increasing (inclusive upper bounds in
     *  tierUnit, within (0, 1e15]) with rates that never fall from one bracket to the next
     *  (OUT_OF_RANGE on the exact entry otherwise). Beyond the last bound its rates stay. */
    tiers?: { upTo: number; initialRate: number; maintenanceRate: number }[];
    /** What upTo measures: the position in coins ('coins', default; an inverse future's coins
     *  are USD size / mark) or its notional in USD ('usd'). */
    tierUnit?: 'coins' | 'usd';
    /** 'whole' (default): the bracket holding the position sets the rates of all of it (OKX,
     *  BitMEX); 'marginal': each bracket's rates apply to the part of the position within it
     *  (Bybit's MM, Binance's maintenance amount). Whole-position brackets that move with the
     *  price make the margin jump there: a liquidation level can sit on such a jump. */
    tierMode?: 'whole' | 'marginal';
  };
}

/** What may change from one preview to the next (prepared.preview's options). Other keys are
 *  UNSUPPORTED_FIELD. */
export interface PreviewOptions {
  /** LIQUIDATION_PRICE_WITHIN_X_PERCENT fires below this distance, [0, 1000]. Default 10. */
  liquidationWarningPercent?: number;
  /** Step of maxSize; default 0.01 coin (options), 10 USD (inverse futures/perps), 0.0001 coin (linear). */
  sizeIncrement?: number;
  /** Which per-position rows a preview's before and after carry: every position ('all', the
   *  default), those of the ordered instruments ('changed'), or none. Totals, Greeks and levels
   *  are always there. In portfolio mode the groups' P&L matrix columns (PortfolioGroup.instruments
   *  and pnl) follow the same choice; each scenario's group P&L is always there. A wallet
   *  previewing on every keystroke wants 'changed'. */
  positions?: 'all' | 'changed' | 'none';
  /** Also return the account after the orders fill (TradePreview.accountAfter), so that no
   *  caller fills orders itself. Default false: the preview is then the same, byte for byte, as
   *  without the key. */
  accountAfter?: boolean;
}

/** A scenario-grid portfolio-margin model, every figure data. Two named parameter sets ship
 *  with the package, in its portfolio-models/*.json (sources, the date read, notes): 'deribit'
 *  (Deribit's portfolio margin, the default) and 'span' (CME SPAN's 16 scenarios with
 *  illustrative crypto parameters, not a venue's). Any key below overrides the named set's.
 *
 *  Per underlying, spot moves of +/- priceRange in 2 x buckets + 1 even steps (0 among them),
 *  each with the vol states of gridVols:
 *    up = max(vol (1 + volRangeUp term) + volPointsUp term, minVolUp),
 *    down = max(vol (1 - volRangeDown term) - volPointsDown term, 0)  (at 0 vol an option is
 *    worth its discounted intrinsic value on the moved forward),
 *    term = (30 / max(DTE, dteFloorDays))^p, p = shortTermPower under 30 days, else longTermPower;
 *  then the tail table: tailMoves (fractions of the index, or multiples of priceRange with
 *  tailMovesIn 'priceRange') with tailVol, each weighted tailFactor x (priceRange / |move|)^tailWeightPower,
 *  options only when tailOptionsOnly. Per underlying and settlement currency, in that currency
 *  (coins for inverse instruments, as Deribit margins each currency):
 *    worst case = worst weighted scenario loss (gains counted at pnlOffset);
 *    roll shock = minAnnualisedMove x coins of futures and perpetuals;
 *    short option minimum = shortOptionMinimum x index x coins of short options;
 *    IM = max(worst case + roll shock + contingencies, short option minimum);  MM = mmFactor x IM.
 *
 *  'deribit': priceRange { BTC: 0.16, ETH: 0.18 }, defaultPriceRange 0.18, buckets 4, gridVols
 *  ['down', 'none', 'up'], volRangeUp 0.5, volRangeDown 0.25, volPoints 0, minVolUp 0.5,
 *  shortTermPower 0.3, longTermPower 0.13, dteFloorDays 1, tailMoves [-0.66, -0.33, 0.5, 1, 2,
 *  3, 4, 5] of the index, tailVol 'up', tailFactor 1, tailWeightPower 1 (Deribit does not publish
 *  its dampener: an approximation), tailOptionsOnly, pnlOffset 0, minAnnualisedMove 0.01,
 *  shortOptionMinimum 0, mmFactor 0.8.
 *  'span': priceRange { BTC: 0.15, ETH: 0.2 }, defaultPriceRange 0.2, buckets 3 (1/3, 2/3, 3/3
 *  of the range), gridVols ['up', 'down'], volPointsUp and volPointsDown 0.1 (vol points, no
 *  term structure), tailMoves [3, -3] price ranges, tailVol 'none', tailFactor 0.35 (CME's 35 %
 *  cover), tailWeightPower 0, futures included, pnlOffset 1, minAnnualisedMove 0,
 *  shortOptionMinimum 0.01, mmFactor 0.9.
 *  Out-of-range values are OUT_OF_RANGE, unknown keys UNSUPPORTED_FIELD, unknown names and vol
 *  states INVALID_ENUM, each on its path. */
export interface PortfolioModelInput {
  /** The named set the other keys override. Default 'deribit'. */
  name?: 'deribit' | 'span';
  /** Fraction of the index by underlying, [1e-4, 0.99]. */
  priceRange?: Record<string, number>;
  defaultPriceRange?: number;
  /** Grid points a side, whole number in [1, 50]. */
  buckets?: number;
  /** The vol states of every grid move, 1 to 3 (its scenarios come down, none, up). */
  gridVols?: ('down' | 'none' | 'up')[];
  /** Relative vol shock up, [0, 10]. */
  volRangeUp?: number;
  /** Relative vol shock down, [0, 1]. */
  volRangeDown?: number;
  /** Absolute vol shock up, in vol (0.1 = ten vol points), [0, 10]. */
  volPointsUp?: number;
  /** Absolute vol shock down, [0, 10]; a vol taken below 0 is 0. */
  volPointsDown?: number;
  /** Floor of the up-shocked vol, [0, 10]. */
  minVolUp?: number;
  /** [0, 2]; both 0: no term structure (term = 1). */
  shortTermPower?: number;
  longTermPower?: number;
  /** Days, [1e-6, 365]. */
  dteFloorDays?: number;
  /** At most 64 moves, each in [-100, -0.0001] or [0.0001, 100] (a move's weight grows as
   *  1 / |move|); each (in index terms, at the widest price range) must leave the index positive. */
  tailMoves?: number[];
  /** Unit of tailMoves: fractions of the index (default) or multiples of priceRange. */
  tailMovesIn?: 'index' | 'priceRange';
  /** The tail moves' vol state. */
  tailVol?: 'down' | 'none' | 'up';
  /** [0, 10]. */
  tailFactor?: number;
  /** [0, 2]: 1, Deribit's damping by priceRange / |move|; 0, a fixed cover (SPAN). */
  tailWeightPower?: number;
  /** Tail moves count options only (futures and perpetuals have no P&L in them). */
  tailOptionsOnly?: boolean;
  /** Share of a scenario's gain credited, [0, 1]. */
  pnlOffset?: number;
  /** Roll shock per coin of futures and perpetuals, fraction of a coin, [0, 1]. */
  minAnnualisedMove?: number;
  /** Fraction of the index per coin of short options (calls and puts alike), [0, 1]. */
  shortOptionMinimum?: number;
  /** (0, 1]. */
  mmFactor?: number;
}

/** Derive's PM2 as the account's portfolio model. `params` overrides the shipped set (the
 *  package's portfolio-models/derive-pm2.json: the parameters of Derive's published reference
 *  cases) key by key: objects merge, anything else (the scenarios array) replaces; the result is
 *  read as DerivePm2Params, errors naming 'config.portfolioModel.params...'. The model values
 *  USD-settled options and perpetuals (and spot holdings, as risk-cancelling collateral): a dated
 *  future or a coin-settled contract in the account or an order is INVALID_INSTRUMENT. Its P&L
 *  does not add up by position (it discounts each expiry's net shocked value): groups have
 *  `additive: false` and an empty `pnl`. Oracle confidences are taken as 1. */
export interface DerivePm2ModelInput {
  name: 'derive-pm2';
  params?: { [K in keyof DerivePm2Params]?: DerivePm2Params[K] extends unknown[] ? DerivePm2Params[K] : Partial<DerivePm2Params[K]> };
}

/** A market move for a stress test: underlyings by name, and `days` for the whole market.
 *  At most 1,000 moves per call. */
export interface StressMove {
  /** Days the valuation time moves on, [0, 36500]; default 0. */
  days?: number;
  [underlying: string]: number | undefined | {
    /** The index's relative change, (-1, 100]: -0.2 is 20 % down. Default 0. */
    spot?: number;
    /** Every implied vol's change in decimal (0.1 = ten vol points), [-10, 10]. Default 0. */
    vol?: number;
    /** Every implied vol x (1 + volRelative), (-1, 10]. Default 0. Vols never fall below 1e-4. */
    volRelative?: number;
  };
}

/** The account in one moved market. */
export interface StressOutcome {
  status: MarginStatus;
  equityUsd: number;
  /** equityUsd - the equity now. */
  pnlUsd: number;
  initialMarginUsd: number;
  maintenanceMarginUsd: number;
  availableMarginUsd: number;
  /** null as AccountRisk.marginRatio. */
  marginRatio: number | null;
  /** Every position: its value in the moved market and its change. */
  positions: { instrument: string; valueUsd: number; pnlUsd: number }[];
}

/** One scenario of a portfolio group. */
export interface PortfolioScenario {
  /** Index after / before - 1. */
  spotMove: number;
  /** skewLinear / skewAbs: derive-pm2's skew tilts. */
  vol: 'down' | 'none' | 'up' | 'skewLinear' | 'skewAbs';
  /** Of the tail table (Deribit's extended table, SPAN's extreme moves; derive-pm2's tail class). */
  tail: boolean;
  weight: number;
  /** The group's P&L in it, weighted, gains at pnlOffset (its currency). */
  pnl: number;
}

/** The positions of one underlying settled in one currency, margined together. Amounts are in
 *  `currency` unless named Usd. */
export interface PortfolioGroup {
  underlying: string;
  /** Settlement currency: P&L and margins below are in its units. */
  currency: string;
  /** USD per unit of currency (the index for coins). */
  currencyUsd: number;
  /** The requirement's parts: IM = max(worstCase + rollShock + the contingencies' amounts,
   *  shortOptionMinimum). Worst weighted scenario loss, >= 0. derive-pm2: the worst of its
   *  scenarios and its basis contingency, and IM = IM loss factor x worstCase + contingencies. */
  worstCase: number;
  rollShock: number;
  /** derive-pm2: its basis contingency's loss (>= 0), which worstCase includes as a scenario of its
   *  own (bindingPart 'basis' when it is the worst); 0 for the scenario grids. */
  basisShock: number;
  /** Further charges of a model, by name; none in 'deribit' and 'span'. derive-pm2: 'perp' and
   *  'option' (perpetual and naked-short-option notional), 'collateral' (haircuts) and
   *  'confidence' (low oracle confidence), IM's (which include MM's); those not 0. */
  contingencies: { name: string; amount: number }[];
  /** MM's own charges when the model has them (derive-pm2: MM = mm loss factor x worstCase +
   *  these); empty when MM is a factor of IM. */
  maintenanceContingencies: { name: string; amount: number }[];
  /** shortOptionMinimum x index x coins of short options (0 in 'deribit'). */
  shortOptionMinimum: number;
  initialMargin: number;
  maintenanceMargin: number;
  initialMarginUsd: number;
  maintenanceMarginUsd: number;
  /** Index into scenarios of the worst (grids: 0 when no scenario loses; derive-pm2: the
   *  lowest-P&L scenario, even when none loses or the basis contingency binds: see bindingPart). */
  bindingScenario: number;
  /** derive-pm2: which part set the worst case ('regular', 'tail', 'skew', 'basis' (the basis
   *  contingency, not a scenario) or 'tie:a+b' when several equal it); '' for scenario grids. */
  bindingPart: string;
  /** Whether a scenario's P&L is the sum of the positions' (pnl and bindingPnl hold them);
   *  derive-pm2: false (it discounts each expiry's net shocked value), and both are empty. */
  additive: boolean;
  /** Each position's part of the binding scenario's P&L: its P&L there x the scenario's weight
   *  (they add up to -worstCase when a scenario loses); pnlUsd at currencyUsd. In a preview, the
   *  positions `instruments` holds. */
  bindingPnl: { instrument: string; pnl: number; pnlUsd: number }[];
  scenarios: PortfolioScenario[];
  /** The group's positions, in the columns of pnl. In a preview, those its `positions` option
   *  keeps: all, the ordered instruments' ('changed') or none. */
  instruments: string[];
  /** P&L matrix, scenarios x instruments, unweighted, in currency: pnl[s][i]. Empty when not
   *  `additive`. */
  pnl: number[][];
}

/** Unknown keys, at any level (schedule included), are UNSUPPORTED_FIELD: a typo never passes silently. */
export interface MarginConfig extends PreviewOptions {
  /** A venue's published standard-margin rules, compiled into the engine from the package's
   *  profiles (sources and the date read, 2026-11-26, in the repository's profiles/*.json):
   *  'deribit' (the defaults), 'derive' (StandardManager), 'bybit', 'okx', 'bit'. `schedule`
   *  then overrides it key by key. Another name is INVALID_ENUM on config.profile. Fixed when a
   *  portfolio is made. */
  profile?: 'deribit' | 'derive' | 'bybit' | 'okx' | 'bit';
  /** Portfolio mode (account.mode 'portfolio'): the model, by name or as keys overriding the
   *  named set (see PortfolioModelInput, DerivePm2ModelInput). Default 'deribit'. The sets are
   *  the package's portfolio-models/*.json. Fixed when an account is prepared. */
  portfolioModel?: PortfolioModelName | PortfolioModelInput | DerivePm2ModelInput;
  schedule?: MarginScheduleInput;
  /** MM / equity at or above which status is 'warning'. Default 0.8. */
  warningRatio?: number;
  /** Compute liquidation/margin-call/warning prices. Default true. */
  liquidationLevels?: boolean;
}

/** The first that holds: liquidation (something at risk and equity does not cover it: equity < MM,
 *  or equity = MM > 0; equity = MM = 0, such as a lone long option worth nothing, is not a
 *  liquidation); margin_call (equity < IM: only risk-reducing orders allowed); warning (MM > 0
 *  and MM / equity >= warningRatio); healthy. */
export type MarginStatus = 'healthy' | 'warning' | 'margin_call' | 'liquidation';

export interface PositionRisk {
  instrument: string;
  size: number;
  /** Instrument's own quote: USD per coin, or coins for inverse option premiums. A mark given in
   *  market.markPrices comes back exactly as given. */
  mark: number;
  /** The forward used: options and futures (given, or read off the given ones); perpetuals and
   *  spot: the index. USD per coin. */
  forward: number;
  /** Options: the vol used (implied from a given mark, or the market's surface); 0 otherwise. */
  vol: number;
  /** Options and futures: years to expiry (ACT/365) from market.time; 0 for perpetuals and spot. */
  yearsToExpiry: number;
  /** Contribution to equity: option value (long +, short -), futures P&L. */
  valueUsd: number;
  unrealizedPnlUsd: number;
  notionalUsd: number;
  initialMarginUsd: number;
  maintenanceMarginUsd: number;
  /** d valueUsd / d index (coins), under the revaluation rule of UnderlyingGreeks. */
  deltaCoins: number;
  /** d deltaCoins / d index = d2 valueUsd / d index2 (per USD), under the same rule. */
  gammaPerUsd: number;
  /** Per vol point. */
  vegaUsd: number;
  thetaUsdPerDay: number;
  /** Isolated mode: isolated margin + unrealised P&L; 0 in cross mode. */
  isolatedEquityUsd: number;
  status: MarginStatus;
  /** Isolated mode only: this position's own liquidation price, the underlying's index price
   *  (USD) where its status enters or leaves 'liquidation', the one nearest the index: its
   *  entry's `liquidation[k].price` in the result's levels (accountRisk's `liquidation`, a
   *  preview's liquidationBefore for `before` rows and liquidationAfter for `after` rows). null
   *  when no price in [index / 100, 100 x index] liquidates it (margin to spare over that whole
   *  range). Absent in cross mode (the account's levels are per underlying, in `liquidation`)
   *  and when liquidationLevels is false. */
  liquidationPrice?: number | null;
}

/**
 * An account's figures in one currency, in that currency's units (BTC for BTC): what the
 * currency's sub-account shows at Deribit, beside the USD totals. The status and the USD totals
 * pool every currency in USD (cross margin); these entries are for reading, and judge nothing.
 * One entry per collateral asset and per settlement currency of a position (an inverse
 * instrument's coin; USDC or USDT for linear ones), sorted by name.
 * With every coin's collateral price at its index (the default) and USDC/USDT at 1, the
 * entries' equity, initialMargin, maintenanceMargin and availableMargin times `index` add up to
 * equityUsd, initialMarginUsd, maintenanceMarginUsd and availableMarginUsd.
 */
export interface CurrencyRisk {
  /** 'BTC', 'ETH', 'USDC', 'USDT', or another collateral asset. */
  currency: string;
  /** USD per unit: the coin's index when it has a market (even where market.collateralPrices
   *  prices the balance otherwise), else its collateral price (USDC, USDT: 1 by default). */
  index: number;
  /** The collateral held of it (0 for a settlement currency not held). */
  balance: number;
  /** balance + the value of the positions settled in it: option values (long +, short -) and
   *  futures/perpetual P&L. Inverse positions as Deribit states them in coins: options
   *  size x mark, futures size x (1/entry - 1/mark); linear ones in USDC/USDT, their quote. */
  equity: number;
  /** Of the positions settled in it: inverse ones in coins (Deribit's coin margins, e.g. a
   *  short call max(0.15 - OTM/S, 0.1) + mark), linear ones in USDC/USDT. */
  initialMargin: number;
  maintenanceMargin: number;
  /** As availableMarginUsd: cross margin, equity - initialMargin; isolated margin, the
   *  balance no position holds (balance - the isolatedMargin of the positions settled in it). */
  availableMargin: number;
}

/** Derivatives of equity in one underlying's index under the engine's revaluation rule (the one
 *  the liquidation search uses): with the index moved by a ratio r, forwards and futures marks
 *  move by r, vols stay at the same moneyness (the smile, given by strike, is read at K / r; flat,
 *  per-expiry and mark-implied vols are held), and the coin's collateral price moves by r. So an
 *  option on a smile has Black-76 delta x F/S plus vega x d vol / d index, and its gamma adds the
 *  vanna, volga and smile-curvature terms; at a smile strike, where the smile's slope changes and
 *  equity has a kink, delta is the mean of its two one-sided derivatives and gamma uses the mean
 *  slope. (mk.price gives the textbook Greeks of one option, its vol held.) */
export interface UnderlyingGreeks {
  underlying: string;
  index: number;
  /** d equity / d index: coins of exposure. Collateral included at amount x price / index (a
   *  price in collateralPrices below the index, a haircut, counts at that ratio). */
  deltaCoins: number;
  /** deltaCoins * index. */
  deltaUsd: number;
  /** d deltaCoins / d index = d2 equity / d index2, per USD. */
  gammaPerUsd: number;
  /** Change of deltaUsd for a 1 % move. */
  gammaUsdPer1Pct: number;
  vegaUsd: number;
  thetaUsdPerDay: number;
}

/** equity = collateral + futures P&L + option values; ratios are margin / equity (null when
 *  equity <= 0 and margin > 0). Available margin: cross, equity - IM; isolated, the collateral
 *  no position holds (collateral - the isolated margins in USD; a position's losses stay within
 *  its own margin), negative when positions are assigned more than the balances hold. */
export interface AccountRisk {
  status: MarginStatus;
  collateralUsd: number;
  unrealizedPnlUsd: number;
  optionsValueUsd: number;
  equityUsd: number;
  initialMarginUsd: number;
  maintenanceMarginUsd: number;
  availableMarginUsd: number;
  /** MM / equity; null when it has no finite value (equity <= 0 with MM > 0, or an equity so
   *  small that the ratio overflows). Every other number in a
   *  result is finite (else the call fails with NON_FINITE_RESULT), and no margin is negative. */
  marginRatio: number | null;
  /** IM / equity; null as marginRatio. */
  initialMarginRatio: number | null;
  /** Gross notional / equity; null as marginRatio. */
  leverage: number | null;
  greeks: UnderlyingGreeks[];
  /** Per currency, in its units: see CurrencyRisk. */
  currencies: CurrencyRisk[];
  /** Portfolio mode only: the model's requirement (initialMarginUsd and maintenanceMarginUsd
   *  above are its totals; per-position rows keep their standard-margin figures), per group. */
  portfolio?: { initialMarginUsd: number; maintenanceMarginUsd: number; groups: PortfolioGroup[] };
  positions: PositionRisk[];
}

export interface PriceLevel {
  /** Underlying index price, USD. */
  price: number;
  /** (price / index - 1) * 100: negative below the index. */
  distancePercent: number;
  direction: 'below' | 'above';
}

/** Index prices of one underlying (others held) where the status changes. Searched over
 *  [index / 100, 100 x index]; forwards move with the index, vols by sticky moneyness. None is
 *  missed there however close together two are (down to 2.3e-10 of the price), given option
 *  values convex in the forward: always with flat or per-expiry vols and marks, with a smile
 *  where it has no butterfly arbitrage. */
export interface LiquidationLevels {
  underlying: string;
  /** Isolated margin: the position these levels belong to (two positions on one underlying get
   *  an entry each); absent in cross margin, where the levels are the account's. */
  instrument?: string;
  index: number;
  /** Every price where the status enters or leaves 'liquidation' (equity = MM), sorted (option
   *  books can have several, below and above). */
  liquidation: PriceLevel[];
  /** Nearest price below and above where equity = IM. */
  marginCall: PriceLevel[];
  /** Nearest price below and above where MM / equity = warningRatio. */
  warning: PriceLevel[];
}

export type PreviewWarningCode =
  | 'INSUFFICIENT_INITIAL_MARGIN'
  | 'WOULD_TRIGGER_MARGIN_CALL'
  | 'WOULD_TRIGGER_LIQUIDATION'
  | 'MARGIN_RATIO_WARNING'
  | 'LIQUIDATION_PRICE_WITHIN_X_PERCENT'
  | 'REDUCES_RISK'
  | 'INCREASES_RISK'
  | 'FLIPS_POSITION'
  | 'INSUFFICIENT_BALANCE';

/**
 * A preview warning: its `code`, a short English `message` with its figures rounded for reading
 * (prices and sizes to 6 significant digits, USD amounts and percents to 2 decimals), and the
 * figures themselves, exact, as fields: a UI writes its own text, in its own language, from
 * `code` and the fields. Which fields each code carries is below (switch on `code` and
 * TypeScript knows them); a field marked optional is left out, never null, when it does not
 * apply. Every number is finite.
 */
export type PreviewWarning =
  | InsufficientInitialMarginWarning
  | WouldTriggerMarginCallWarning
  | WouldTriggerLiquidationWarning
  | MarginRatioWarning
  | LiquidationPriceWithinXPercentWarning
  | ReducesRiskWarning
  | IncreasesRiskWarning
  | FlipsPositionWarning
  | InsufficientBalanceWarning;

interface WarningBase {
  code: PreviewWarningCode;
  /** English, for logs and as a fallback; the fields are the contract, not this text. */
  message: string;
}

/** Equity after the orders would fall short of initial margin (the account is in margin call
 *  after them, or this is the reject reason). */
export interface InsufficientInitialMarginWarning extends WarningBase {
  code: 'INSUFFICIENT_INITIAL_MARGIN';
  /** The shortfall in USD, > 0: cross margin, after.initialMarginUsd - after.equityUsd;
   *  isolated margin, the most one position's isolated equity lacks of its initial margin, that
   *  position being `instrument` (margins assigned beyond a balance are INSUFFICIENT_BALANCE). */
  amountUsd: number;
  /** Isolated margin: the position short of its initial margin. */
  instrument?: string;
}

/** The orders would move the account (isolated: a position) into margin call: only
 *  risk-reducing orders would be allowed. */
export interface WouldTriggerMarginCallWarning extends WarningBase {
  code: 'WOULD_TRIGGER_MARGIN_CALL';
  /** before.status and after.status ('margin_call'). */
  statusBefore: MarginStatus;
  statusAfter: MarginStatus;
  /** Isolated margin: the position that would be in margin call. */
  instrument?: string;
}

/** After the orders equity would be at or below maintenance margin (isolated: a position's
 *  isolated equity at or below its own): given when the status becomes 'liquidation', and as the
 *  reject reason of orders that leave an account there. */
export interface WouldTriggerLiquidationWarning extends WarningBase {
  code: 'WOULD_TRIGGER_LIQUIDATION';
  /** before.status and after.status ('liquidation'). */
  statusBefore: MarginStatus;
  statusAfter: MarginStatus;
  /** Isolated margin: the position that would be liquidated. */
  instrument?: string;
}

/** After the orders the status would be 'warning': MM / equity at or above warningRatio. */
export interface MarginRatioWarning extends WarningBase {
  code: 'MARGIN_RATIO_WARNING';
  /** MM / equity as a fraction (0.85 = 85 %): cross margin, after.marginRatio; isolated, the
   *  position's maintenance margin over its isolated equity (isolatedEquityUsd). */
  marginRatio: number;
  /** Isolated margin: the position whose ratio it is. */
  instrument?: string;
}

/** A liquidation price after the orders lies within liquidationWarningPercent of the index:
 *  one warning per entry of liquidationAfter that has one, naming its nearest such price. */
export interface LiquidationPriceWithinXPercentWarning extends WarningBase {
  code: 'LIQUIDATION_PRICE_WITHIN_X_PERCENT';
  underlying: string;
  /** Isolated margin: the position (as the liquidationAfter entry's `instrument`). */
  instrument?: string;
  /** The level's index price (USD), distancePercent and direction, exactly as in that entry's
   *  `liquidation` list. */
  price: number;
  distancePercent: number;
  direction: 'below' | 'above';
}

/** The orders grow no position, flip none, and do not raise maintenance margin. No figures. */
export interface ReducesRiskWarning extends WarningBase {
  code: 'REDUCES_RISK';
}

/** Any other orders (always given when REDUCES_RISK is not). No figures. */
export interface IncreasesRiskWarning extends WarningBase {
  code: 'INCREASES_RISK';
}

/** An order would take a position through zero to the other side. */
export interface FlipsPositionWarning extends WarningBase {
  code: 'FLIPS_POSITION';
  instrument: string;
  /** The position's size (contracts, negative = short) before and after the orders. */
  fromSize: number;
  toSize: number;
}

/** The orders would spend or assign more of an asset than the account holds: premiums and spot
 *  buys are paid from balances, isolated margins are taken from them; there is no borrowing. */
export interface InsufficientBalanceWarning extends WarningBase {
  code: 'INSUFFICIENT_BALANCE';
  /** The collateral asset, and how much of it is lacking, in units of the asset (> 0). */
  asset: string;
  amount: number;
}

/** A rejected preview's reason (a warning code), chosen in this order: an overdrawn balance,
 *  liquidation, initial margin. */
export type RejectReason = 'INSUFFICIENT_BALANCE' | 'WOULD_TRIGGER_LIQUIDATION' | 'INSUFFICIENT_INITIAL_MARGIN';

export interface TradePreview {
  /** Acceptable: no balance would go below zero (premiums, spot buys and, in isolated mode, the
   *  margins assigned to positions come out of the balance of their asset; there is no
   *  borrowing) unless it already was and the orders make it no worse (INSUFFICIENT_BALANCE),
   *  and after the orders the status is healthy or warning, or the orders only reduce risk. */
  accepted: boolean;
  /** Why not accepted; always also among the warnings. */
  rejectReason: RejectReason | null;
  /** In a fixed order of codes: see PreviewWarning for each one's fields. */
  warnings: PreviewWarning[];
  before: AccountRisk;
  after: AccountRisk;
  /** after - before. */
  change: { equityUsd: number; initialMarginUsd: number; maintenanceMarginUsd: number; availableMarginUsd: number };
  /** Cross: one entry per underlying; isolated: one per position. */
  liquidationBefore: LiquidationLevels[];
  liquidationAfter: LiquidationLevels[];
  /** Largest size of the first order (same side), a multiple of sizeIncrement, still accepted
   *  together with the other orders as given; capped at 1e12 contracts (and 2^50 increments).
   *  A size at which the order's `leverage` is above the schedule's maximum (a tier table's
   *  higher rates) counts as not accepted: the preview at that size is OUT_OF_RANGE. */
  maxSize: number;
  sizeIncrement: number;
  /** Collateral that would make a rejected preview acceptable (0 when accepted), in USD and in
   *  the first order's settlement asset (or the overdrawn one). Isolated mode: where a position's
   *  own margin falls short (a limit price worse than the mark, a small isolatedMargin), a
   *  balance is not its margin: `usd` is then what the order's margin lacks (give a larger
   *  isolatedMargin or a lower leverage), the largest such shortfall. */
  topUp: { usd: number; asset: string; amount: number };
  /**
   * With the accountAfter option only: the account after the orders fill, the one `after`
   * values, as an account input for any call (mk.accountRisk, mk.stress, mk.prepare). The fill
   * is the preview's own (README "How previews are computed"): balances after premiums paid and
   * credited, realised P&L and spot trades; sizes after the orders, entry prices averaged (by
   * coins; harmonically for inverse futures and perpetuals), a flip opening at the fill price; in
   * isolated mode each position's isolatedMargin after the orders.
   * - Positions: all of them, in the order of `after`'s rows with positions 'all' (untouched ones
   *   unchanged, new ones last). One the orders bring to exactly 0 is closed and absent; one given
   *   at size 0 and not traded stays. Sizes are floating-point sums; a remainder within a few
   *   ulps of the sizes added (closing 0.3 as 0.1 then 0.2 leaves -2.8e-17) is rounding, and
   *   closes the position.
   * - Collateral: every balance as the orders leave it, 0 and negative ones included, and an
   *   asset the orders bring in (a spot buy; a premium or P&L in an asset not held) even at 0. An
   *   overdrawn balance is negative here (and the preview rejected as INSUFFICIENT_BALANCE,
   *   unless it already was and the orders make it no worse).
   * - Guarantee: mk.accountRisk(accountAfter, market, config), with the config of the preview (of
   *   mk.prepare for prepared.preview), gives `after` exactly: status, every total, Greeks,
   *   currencies, the portfolio requirement and every position row (those `after` carries: see
   *   the positions option) are the same figures added in the same order (an asset the orders
   *   bring in takes its place among the balances by name, as the reader orders them).
   *   Liquidation levels (and isolated rows' liquidationPrice) are searched afresh:
   *   they agree as a PreparedAccount's do, to ~1e-10 relative.
   * - Limits: every number is finite and within an input's limits. Orders that would take one
   *   past them (a size, balance or isolated margin beyond 1e15; an entry price below 1e-12,
   *   where an option fills at a mark that small: give a limit price) make the preview throw the
   *   account reader's error (OUT_OF_RANGE; NON_POSITIVE for an entry of 0) on the field under
   *   'accountAfter' ('accountAfter.positions[2].entryPrice'); without the option it succeeds.
   */
  accountAfter?: AccountAfter;
}

/**
 * An account and market prepared once for many previews (mk.prepare): the pre-trade loop of
 * a wallet, where the account stays put while the trader edits an order. Making it values the
 * account, its positions (implied vols of given marks solved) and its liquidation levels; each
 * preview then re-prices only what its orders change. Results equal mk.preview's on the same
 * inputs (to rounding, and liquidation prices to ~1e-10 relative).
 *
 * Call delete() when done with it. It holds wasm memory: about 480 bytes per position plus 7-11 KB
 * (copies of the account and market, the liquidation search's points); 10.8 KB for the sample
 * account, 0.48 MB for 1,000 positions (measured). The wasm heap never shrinks: freed memory is
 * reused inside it, but the page or process keeps its peak. One dropped without delete() is freed
 * only after the JS engine garbage-collects it and runs its finalizer in a later task: a fallback
 * whose timing marginkit does not control (none is freed while a synchronous loop runs; 20,000
 * dropped in one grew the heap from 16 to 248 MiB). Each prepared account keeps an ArrayBuffer as
 * large as its wasm memory so that the collector sees that memory: a live one takes about as much
 * again in JS memory until deleted and collected.
 * A prepared account is a snapshot: when the account or market changes, prepare a new one.
 */
export interface PreparedAccount {
  /** The account's risk and liquidation levels, as mk.accountRisk gives them. */
  risk(): AccountRisk & { liquidation: LiquidationLevels[] };
  /**
   * What one order or several would do (as mk.preview). `options` may change the per-preview
   * settings; the schedule, warningRatio and liquidationLevels are those it was prepared with.
   * @throws MarginKitError as mk.preview; UNSUPPORTED_FIELD for one of those three;
   *   INVALID_HANDLE (field 'prepared') after delete().
   * @example const p = mk.prepare(account, market);
   *   p.preview({ instrument: 'BTC-27DEC26-110000-C', side: 'sell', size: 1 }, { positions: 'changed' });
   */
  preview(orders: OrderInput | OrderInput[], options?: PreviewOptions): TradePreview;
  /** mk.stress on the prepared account, market and config. */
  stress(moves: StressMove | StressMove[]): StressOutcome[];
  /** True after delete(). */
  readonly deleted: boolean;
  /** Frees the wasm memory now (for reuse by later calls; the heap does not shrink); later calls
   *  throw INVALID_HANDLE. Calling it again does nothing. */
  delete(): void;
}

/** @deprecated Renamed PreparedAccount (the old name read as portfolio margin); kept for one release. */
export type Portfolio = PreparedAccount;

export interface InputLimits {
  /** 32: levels of objects and arrays (the deepest valid document nests 6). */
  readonly maxNestingDepth: number;
  /** 64 MiB of JSON text (about 300,000 positions given by name). */
  readonly maxDocumentBytes: number;
}

// ---------------------------------------------------------------------------------------------
// Derive PM2 portfolio margin (mk.derivePm2). The documents are those of Derive's published
// reference cases ("inputs" and "params" of a case in tests/reference/derive_pm2_subset.json),
// read strictly: an unknown key is UNSUPPORTED_FIELD, every parameter is required (the model has
// no built-in values: the live venue changes them). Units: prices in USD; cash, values and margins
// in cash units (a USD stable coin). Amounts are signed: positive long (or held), negative short.
// Time: whole seconds to expiry, T = seconds / 31,536,000. Rates: continuously compounded, a
// negative one floored at 0. Fractions and confidences are decimals (0.015 = 1.5 %). Limits: prices
// (0, 1e15] (NON_POSITIVE at or below 0), amounts and cash within +-1e15, rates within +-5,
// confidences, haircuts and confThreshold [0, 1], markVol [0, 1e6], seconds [0, 100 years],
// parameters [0, 1000] (skew caps, slopes, widthScale and volParam* [-1000, 1000]; the static
// discount's rate terms [0, 100]; powers [0, 10]); beyond them OUT_OF_RANGE.

/** One expiry that holds options. */
export interface DerivePm2Expiry {
  /** Whole seconds from valuation to expiry; 0 = expiring now (valued at intrinsic, D = 1). Unique. */
  expirySeconds: number;
  /** Forward price F, USD. */
  forward: number;
  /** The part of F already fixed (settlement averaging in the last 30 minutes), [0, forward];
   *  under a spot move s the forward is (F - forwardFixed) s + forwardFixed. */
  forwardFixed: number;
  /** Annual rate (may be negative; the model uses max(rate, 0)). */
  rate: number;
  /** exp(-max(rate, 0) T), as the published cases carry it: optional, (0, 1], not used (the
   *  model computes it). */
  discount?: number;
  forwardConfidence: number;
  rateConfidence: number;
  volConfidence: number;
}

export interface DerivePm2Option {
  /** Its expiry: an inputs.expiries entry with these seconds (else MISSING_MARKET_DATA). */
  expirySeconds: number;
  /** USD. A strike holds at most one call and one put per expiry (DUPLICATE). */
  strike: number;
  kind: OptionType;
  /** Signed contracts. */
  amount: number;
  /** Annual implied vol at the strike, decimal; 0 values the option at its discounted intrinsic. */
  markVol: number;
  /** The expiry's discount, as the published cases carry it: optional, [0, 1], not used. */
  markDiscount?: number;
}

export interface DerivePm2Perp {
  /** Signed. */
  amount: number;
  /** Perp mark price, USD: scenario P&L is amount (s - 1) price. */
  price: number;
  /** Counts in the IM confidence charges (with spot's) because a perp is held. */
  confidence: number;
  /** Cash units: their sum is the perp's part of MtM. */
  unrealisedPnl: number;
  unrealisedFunding: number;
}

export interface DerivePm2Collateral {
  /** A label (optional). */
  name?: string;
  /** Tokens held, >= 0. */
  amount: number;
  /** USD per token, >= 0; the value in cash units is amount price / stable.price. */
  price: number;
  confidence: number;
  /** True if the token moves with the underlying (its value is shocked with spot). */
  riskCancelling: boolean;
  /** Fraction of the value charged in MM. */
  mmHaircut: number;
  /** Fraction charged in IM on top of mmHaircut. */
  imHaircut: number;
}

/** The account: options on one underlying, at most one perp, collateral tokens and cash. */
export interface DerivePm2Inputs {
  /** Index price S (USD) and its oracle confidence. */
  spot: { price: number; confidence: number };
  /** USD price of the cash stable coin (divides collateral values; below pegLossThreshold it
   *  raises the IM loss factor). Its confidence is optional and not used. */
  stable: { price: number; confidence?: number };
  /** Cash units, may be negative. Default 0. */
  cash?: number;
  /** Default none. */
  expiries?: DerivePm2Expiry[];
  options?: DerivePm2Option[];
  /** null or absent: no perp held. */
  perp?: DerivePm2Perp | null;
  collaterals?: DerivePm2Collateral[];
}

/** A scenario's vol move: 'up' max(minVolUpShock, markVol volShockUp), 'none', 'down'
 *  markVol volShockDown (only stops at 0); 'linear' and 'abs' tilt or bend the smile at the
 *  unshocked forward (skew scenarios: a gain counts as a loss of the same size, per expiry). */
export type DerivePm2VolMove = 'up' | 'none' | 'down' | 'linear' | 'abs';
/** A label for diagnostics: every scenario enters the same minimum. */
export type DerivePm2ScenarioClass = 'regular' | 'tail' | 'skew';

export interface DerivePm2Scenario {
  class: DerivePm2ScenarioClass;
  /** Multiplier on spot (1.18 = +18 %), > 0. */
  spotShock: number;
  vol: DerivePm2VolMove;
  /** Dampening on the scenario's whole P&L (options, perp, collateral): 1 regular, < 1 tails. */
  weight: number;
}

/** The model's parameters (Derive's published names in brackets). All required. */
export interface DerivePm2Params {
  scenarios: DerivePm2Scenario[];
  /** Vol multipliers per expiry: up = 1 + volRangeUp x^p, down = max(0, 1 - volRangeDown x^p),
   *  x = 30 days / max(time to expiry, dteFloorDays), p = shortTermPower up to 30 days, else
   *  longTermPower. minVolUpShock: the lowest vol of an 'up' scenario. */
  volShock: { volRangeUp: number; volRangeDown: number; shortTermPower: number; longTermPower: number;
    dteFloorDays: number; minVolUpShock: number };
  /** Multipliers on the worst loss (MM_LOSS_FACTOR, IM_LOSS_FACTOR). */
  lossFactors: { mm: number; im: number };
  /** Factors on a shocked expiry value V: posBase exp(-T (r posRateMult + posRateAdd)) when V >= 0,
   *  min(1/D, negBase exp(T (r negRateMult + negRateAdd))) when V < 0. */
  staticDiscount: { posBase: number; posRateMult: number; posRateAdd: number; negBase: number;
    negRateMult: number; negRateAdd: number };
  /** Basis contingency: forwards moved by spotShockUp / spotShockDown at unchanged vol, the
   *  loss scaled by addFactor + multFactor T. */
  basis: { spotShockUp: number; spotShockDown: number; addFactor: number; multFactor: number };
  /** Flat charges: MM perp and naked-short option fractions of spot notional, IM's on top; the IM
   *  confidence charge (1 - c) confMargin notional when a confidence c < confThreshold; the IM
   *  loss factor raised by (pegLossThreshold - stable.price) pegLossFactor below the threshold. */
  contingency: { mmPerpFraction: number; imPerpFraction: number; mmOptionFraction: number;
    imOptionFraction: number; confThreshold: number; confMargin: number; pegLossThreshold: number;
    pegLossFactor: number };
  /** Skew scenarios: cap = capSlope sqrt(T) + cap (linear / abs), reached at log-moneyness
   *  k* = max(minKStar, sqrt(T) widthScale (volParamStatic + sqrt(T) volParamScale)). */
  skew: { linearCap: number; linearCapSlope: number; absCap: number; absCapSlope: number;
    minKStar: number; widthScale: number; volParamStatic: number; volParamScale: number };
}

export interface DerivePm2ExpiryDiagnostics {
  expirySeconds: number;
  /** The expiry's options at their marks, cash units. */
  mtm: number;
  /** Vol multipliers of 'up' and 'down' scenarios. */
  volShockUp: number;
  volShockDown: number;
  /** Static discount factors on a positive / negative shocked value. */
  staticDiscountPos: number;
  staticDiscountNeg: number;
  /** Contracts short and not covered at their own strike. */
  nakedShorts: number;
}

/** Intermediate values, in the shape of the published cases' `diagnostics`. Contingencies are
 *  positive amounts that are subtracted; P&Ls are negative for a loss. */
export interface DerivePm2Diagnostics {
  /** Which part set the worst loss: 'basis', 'regular', 'tail', 'skew', or 'tie:a+b...' when
   *  several equal it (to 1e-9 (1 + |worst|) cash units). */
  binding: string;
  /** W = min(basisContingency, every scenario P&L) <= 0. */
  worstPnl: number;
  /** Index in scenarios[] of the lowest P&L (the first if several); null without scenarios. */
  worstScenario: number | null;
  /** B <= 0: the basis contingency (not discounted, not weighted). */
  basisContingency: number;
  /** Lowest P&L of each scenario class; null if the class has no scenario. */
  worstRegularPnl: number | null;
  worstTailPnl: number | null;
  worstSkewPnl: number | null;
  /** The parts of mtm other than cash. */
  optionMtm: number;
  perpMtm: number;
  collateralMtm: number;
  /** C_MM. */
  mmContingency: { perp: number; option: number; collateral: number };
  /** C_IM, charged on top of C_MM in im. */
  imContingency: { perp: number; option: number; collateral: number; confidence: number };
  /** IM loss factor after the depeg increase. */
  imFactor: number;
  perExpiry: DerivePm2ExpiryDiagnostics[];
}

/** A scenario as given, with its weighted P&L (cash units, negative is a loss): a UI can plot
 *  pnl against spotShock per vol move. */
export interface DerivePm2ScenarioResult extends DerivePm2Scenario {
  pnl: number;
}

/** NET margins: what is left after the requirement, not the requirement. */
export interface DerivePm2Result {
  /** Mark-to-market: options (Black-76) + perp unrealised cash + collaterals + cash. */
  mtm: number;
  /** mtm - MM requirement = lossFactors.mm W - C_MM + mtm. Positive is healthy; below 0 the
   *  account can be liquidated. */
  mm: number;
  /** mtm - IM requirement = imFactor W - C_MM - C_IM + mtm. A new trade is accepted while >= 0. */
  im: number;
  diagnostics: DerivePm2Diagnostics;
  /** One per params.scenarios entry, in order. */
  scenarios: DerivePm2ScenarioResult[];
}

/** The engine. Create it once with createMarginKit() and reuse it; calls are synchronous. */
export interface MarginKit {
  /** Package version. */
  readonly version: string;
  /** Error code names by number (errorCodes[0] === 'OK'), for BatchResult.errorCode. */
  readonly errorCodes: readonly ErrorCode[];
  /** Every MarginStatus, PreviewWarningCode and reject reason, from the engine's one list of each
   *  (for a UI that translates them). */
  readonly statuses: readonly MarginStatus[];
  readonly warningCodes: readonly PreviewWarningCode[];
  readonly rejectReasons: readonly RejectReason[];
  /** Limits of the margin engine's input documents (account, market, orders, config, options),
   *  checked before they are turned into JSON and again by the core: deeper nesting is
   *  NESTING_TOO_DEEP, a longer document DOCUMENT_TOO_LARGE, both with the path or argument. */
  readonly limits: InputLimits;
  /**
   * Premium and Greeks of one European option (C++: marginkit::price_option).
   * @throws MarginKitError MISSING_FIELD, INVALID_TYPE, INVALID_ENUM, NOT_FINITE, NON_POSITIVE,
   *   OUT_OF_RANGE, INSTRUMENT_EXPIRED, with `field` naming the input.
   * @example mk.price({ type: 'call', model: 'black76', underlying: 50000, strike: 55000, t: 30 / 365, vol: 0.6 })
   */
  price(option: OptionInput): Greeks;
  /**
   * Annualised implied volatility (decimal) that reproduces `price` (C++: marginkit::implied_volatility).
   * Accurate to ~1e-14 relative wherever the premium carries information about vol.
   * @throws MarginKitError PRICE_OUT_OF_BOUNDS (field 'price') when the premium is not above the
   *   discounted intrinsic value or not below the discounted forward (calls) / strike (puts);
   *   OUT_OF_RANGE (field 'price') when the premium's best fit is a vol outside [1e-4, 10], the
   *   vols price() takes (a time value of an ulp or two: any vol fits); the same input errors as price().
   */
  impliedVol(option: ImpliedVolInput): number;
  /**
   * Premium and first-order Greeks of many options in one call (C++: marginkit::price_batch).
   * @param into Optional output arrays to fill instead of allocating (reuse them across calls
   *   to avoid fresh memory per call); the result object then holds these same arrays.
   * @throws MarginKitError LENGTH_MISMATCH (field = the column, or 'into.<name>'), and with
   *   onInvalidRow 'throw' the first invalid row's code, `field` and `index`.
   */
  priceBatch(batch: BatchInput, into?: BatchOutputArrays): BatchResult;
  /**
   * An instrument as the engine reads it, by name or by fields: the canonical name (one per
   * instrument however it is spelt), kind, settlement, expiry and strike, and what one contract is.
   * @throws MarginKitError INVALID_INSTRUMENT (a name that does not parse), OUT_OF_RANGE (a strike
   *   or expiry beyond the limits), INSTRUMENT_EXPIRED (an expiry before 2000), UNSUPPORTED_FIELD,
   *   INVALID_ENUM, MISSING_FIELD, with `field` 'instrument' or a path inside it.
   * @example mk.instrument('BTC-27DEC26-100000.0-C').name  // 'BTC-27DEC26-100000-C'
   */
  instrument(instrument: InstrumentRef): InstrumentInfo;
  /**
   * Risk of an account as it stands: equity, margins, status, Greeks per underlying, positions,
   * and liquidation levels (C++: marginkit::account_risk_json).
   * @throws MarginKitError INVALID_INSTRUMENT, MISSING_MARKET_DATA, MISSING_ISOLATED_MARGIN,
   *   INSTRUMENT_EXPIRED, DUPLICATE, MISSING_FIELD, INVALID_TYPE, INVALID_ENUM, NOT_FINITE,
   *   NON_POSITIVE, OUT_OF_RANGE, with `field` the JSON path (e.g. 'account.positions[3].size').
   */
  accountRisk(account: AccountInput, market: MarketInput, config?: MarginConfig): AccountRisk & { liquidation: LiquidationLevels[] };
  /**
   * Pre-trade preview of one order or several (C++: marginkit::preview_json): before/after risk,
   * acceptance, warnings, liquidation levels before and after, max size and top-up.
   * The account after is the account after the fill: an option buy pays its premium at the fill
   * price (limit price, else mark) from the settlement asset's balance, a sell is credited it
   * (so a sell at 500 and one at 80 differ by the premiums). Buying one option at 250 costs 250
   * and adds no margin; the short option's margin adds its mark because the premium was credited.
   * @throws MarginKitError as accountRisk, with order fields as 'orders[i].size'; with
   *   config.accountAfter, on 'accountAfter...' when the account after is beyond an input's
   *   limits (TradePreview.accountAfter).
   * @example mk.preview(account, market, { instrument: 'BTC-27DEC26-110000-C', side: 'sell', size: 1 })
   */
  preview(account: AccountInput, market: MarketInput, orders: OrderInput | OrderInput[], config?: MarginConfig): TradePreview;
  /**
   * Stress tests: the account revalued in the market moved by each move, with the engine's own
   * rule (README "Stress tests"): per underlying the index, forwards and futures marks x
   * (1 + spot), the smile's strikes with them (sticky moneyness), every vol shocked, option marks
   * re-priced at their implied vol shocked, a coin's collateral price x (1 + spot); time moved on
   * by `days`. Margins and status are those of that market in the account's margin mode.
   * @throws MarginKitError as accountRisk; on 'moves[i]...' for a bad move, MISSING_MARKET_DATA
   *   for an underlying the market lacks, OUT_OF_RANGE on 'moves[i].days' when a position would
   *   expire within the move.
   * @example mk.stress(account, market, [{ BTC: { spot: -0.2, vol: 0.3 }, days: 7 }])
   */
  stress(account: AccountInput, market: MarketInput, moves: StressMove | StressMove[], config?: MarginConfig): StressOutcome[];
  /**
   * Prepare an account and market for many previews (see PreparedAccount). Costs about one
   * preview; each prepared.preview after it costs a fraction of mk.preview (figures in README).
   * Holds about 480 bytes of wasm memory per position (plus 7-11 KB) until its delete(): call it.
   * @throws MarginKitError as accountRisk.
   * @example const p = mk.prepare(account, market); try { p.preview(order) } finally { p.delete() }
   */
  prepare(account: AccountInput, market: MarketInput, config?: MarginConfig): PreparedAccount;
  /**
   * @deprecated Use mk.prepare: the same function (mk.portfolio === mk.prepare), renamed so that
   * it is not taken for portfolio margin. Kept for one release.
   */
  portfolio(account: AccountInput, market: MarketInput, config?: MarginConfig): PreparedAccount;
  /**
   * Derive's open PM2 portfolio margin of one account (C++: marginkit::derive_pm2_margin): the
   * account revalued under params.scenarios; mm and im are NET margins (mtm minus the
   * requirement; positive is healthy). Reproduces Derive's published cases to ~1e-14 relative;
   * check a file of cases with `node scripts/check-derive-pm2.mjs CASES.json`.
   * @throws MarginKitError UNSUPPORTED_FIELD, MISSING_FIELD, INVALID_TYPE, INVALID_ENUM, NOT_FINITE,
   *   NON_POSITIVE, OUT_OF_RANGE, DUPLICATE, MISSING_MARKET_DATA (an option whose expirySeconds no
   *   expiry has), with `field` the JSON path ('inputs.options[3].markVol', 'params.skew.minKStar').
   * @example const { mm, im } = mk.derivePm2(testCase.inputs, testCase.params)
   */
  derivePm2(inputs: DerivePm2Inputs, params: DerivePm2Params): DerivePm2Result;
}

/** Where the .wasm comes from. By default: read from the package folder (node) or fetched from
 *  new URL('./marginkit.wasm', import.meta.url) (browsers, workers, Vite, webpack 5). */
export interface CreateOptions {
  /** An already compiled WebAssembly.Module (e.g. shared with a worker). Typed `object` so that
   *  the declarations need no DOM lib (node projects with only @types/node have no WebAssembly). */
  wasmModule?: object;
  /** The .wasm bytes. */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  /** Where to fetch the .wasm (served as application/wasm for streaming compilation). */
  wasmUrl?: string | URL;
}

/**
 * Load and instantiate the engine. Called without options it returns one shared engine per
 * JS realm (import and require in node share it); with options, a new one.
 * Rejects with MarginKitError: WASM_LOAD_FAILED (field 'wasmUrl', 'wasmBinary' or 'wasmModule':
 * the source that failed) or INVALID_TYPE for an option of the wrong type.
 * @example const mk = await createMarginKit();
 */
export declare function createMarginKit(options?: CreateOptions): Promise<MarginKit>;
