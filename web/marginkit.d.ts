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
  | 'DUPLICATE';          // the same instrument or collateral asset given twice

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

/** The engine. Create it once with createMarginKit() and reuse it; calls are synchronous. */
export interface MarginKit {
  /** Package version. */
  readonly version: string;
  /** Error code names by number (errorCodes[0] === 'OK'), for BatchResult.errorCode. */
  readonly errorCodes: readonly ErrorCode[];
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
   *   the same input errors as price().
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
