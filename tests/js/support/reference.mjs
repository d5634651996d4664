// Independent reference values for the tests: a closed-form Black-Scholes-Merton / Black-76 in
// plain JS, on an error function written here from its textbook expansions (nothing is taken
// from the engine or from a library):
//
//   erf(x)  = 2/sqrt(pi) * exp(-x^2) * sum_{n>=0} 2^n x^(2n+1) / (1*3*...*(2n+1))
//             (Abramowitz & Stegun 7.1.6: every term is positive, so no cancellation)
//   erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
//             (A&S 7.1.14, evaluated backwards from a fixed depth)
//
// The series is used below x = 1 (where erfc >= 0.157, so 1 - erf loses nothing that matters),
// the continued fraction from x = 1 up (where it converges fast). Accurate to a few 1e-16
// relative; checked against tabulated values in api.test.mjs.

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT2 = Math.SQRT2;

// exp(-x^2) without the rounding error of x*x: x = h + l with h a multiple of 1/64, h*h exact.
function expMinusSquare(x) {
  const h = Math.round(x * 64) / 64;
  return Math.exp(-h * h) * Math.exp(-(x - h) * (x + h));
}

function erfSeries(x) {
  // x >= 0
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n += 1) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-18) break;
  }
  return (2 / SQRT_PI) * expMinusSquare(x) * sum;
}

function erfcContinuedFraction(x) {
  // x >= 1; depth chosen generously (at x = 1, 2000 levels agree with 4000 to the last bit).
  const depth = x < 2 ? 2000 : x < 4 ? 400 : 120;
  let f = x;
  for (let n = depth; n >= 1; n -= 1) f = x + (n / 2) / f;
  return expMinusSquare(x) / SQRT_PI / f;
}

export function erf(x) {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x < 1) return erfSeries(x);
  return 1 - erfcContinuedFraction(x);
}

export function erfc(x) {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1) return 1 - erfSeries(x);
  if (x > 27) return 0;
  return erfcContinuedFraction(x);
}

export const normCdf = (x) => 0.5 * erfc(-x / SQRT2);
export const normPdf = (x) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/**
 * Premium and all nine Greeks of one long European option, linear settlement, annual units,
 * written out per textbook formula (Hull; Haug 1998 ch. 1; Wikipedia "Greeks (finance)"):
 * theta = -dV/dt and charm = -d(delta)/dt in time to expiry t.
 * bsm: spot S, yield q; rho holds q fixed. black76: forward F; rho holds F fixed (= -t V).
 */
export function referenceGreeks({ type, model, underlying, strike, t, vol, rate = 0, carry = 0 }) {
  const call = type === 'call';
  const w = call ? 1 : -1;
  const S = underlying;
  const K = strike;
  const r = rate;
  const q = model === 'black76' ? r : carry; // black76 = bsm with zero cost of carry
  const sqrtT = Math.sqrt(t);
  const sigT = vol * sqrtT;
  const d1 = (Math.log(S / K) + (r - q + 0.5 * vol * vol) * t) / sigT;
  const d2 = d1 - sigT;
  const dq = Math.exp(-q * t);
  const dr = Math.exp(-r * t);
  const pdf1 = normPdf(d1);
  const Nw1 = normCdf(w * d1);
  const Nw2 = normCdf(w * d2);

  const price = w * (S * dq * Nw1 - K * dr * Nw2);
  const delta = w * dq * Nw1;
  const gamma = (dq * pdf1) / (S * sigT);
  const vega = S * dq * pdf1 * sqrtT;
  const theta = (-S * dq * pdf1 * vol) / (2 * sqrtT) - w * r * K * dr * Nw2 + w * q * S * dq * Nw1;
  const rho = model === 'black76' ? -t * price : w * K * t * dr * Nw2;
  const vanna = (-dq * pdf1 * d2) / vol;
  const volga = (vega * d1 * d2) / vol;
  const charm = w * q * dq * Nw1 - (dq * pdf1 * (2 * (r - q) * t - d2 * sigT)) / (2 * t * sigT);
  return { price, delta, gamma, vega, theta, rho, vanna, volga, charm };
}

/** The inverse (coin-settled) Greeks from the USD ones, as documented in marginkit.d.ts. */
export function toInverse(usd, underlying) {
  const S = underlying;
  const price = usd.price / S;
  const delta = usd.delta - price;
  return {
    price,
    delta,
    gamma: usd.gamma - delta / S,
    vega: usd.vega / S,
    theta: usd.theta / S,
    rho: usd.rho / S,
    vanna: usd.vanna - usd.vega / S,
    volga: usd.volga / S,
    charm: usd.charm - usd.theta / S,
  };
}

export const GREEK_NAMES = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho', 'vanna', 'volga', 'charm'];

/** A fixed option priced by the pack, CJS/ESM and browser tests. */
export const SAMPLE_OPTION = Object.freeze({
  type: 'call', model: 'black76', underlying: 98000, strike: 100000, t: 32 / 365, vol: 0.52, rate: 0.03,
});
