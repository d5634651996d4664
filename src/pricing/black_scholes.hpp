#pragma once
// Closed-form European option value and Greeks: the generalised Black-Scholes formula with a cost
// of carry b (Haug, The Complete Guide to Option Pricing Formulas, 1998, ch. 1). b = r - q gives
// Black-Scholes-Merton on spot; b = 0 gives Black-76 on a forward. These kernels do not validate:
// callers pass finite, positive inputs (see price_option.hpp for the checked entry point).
//
// Tested in tests/native/black_scholes_test.cpp against Haug's published values and Greeks, put-call
// parity and central finite differences of every Greek.
#include <cmath>
#include <cstddef>

#include "pricing/normal.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit {

// One valuation's inputs for the lane-wise form below.
struct BlackScholesInputs {
  double omega;  // +1 call, -1 put
  double underlying;
  double strike;
  double t;
  double rate;
  double cost_of_carry;
  double vol;
};

// L valuations at once, written stage by stage across the L lanes: a valuation is one long
// chain of dependent operations (log, exp, divisions, the distribution), and interleaving
// independent chains lets the CPU overlap them (the batch kernel uses L = 4, about 15 % faster in
// wasm than one at a time). Each lane's arithmetic is exactly that of L = 1, so batches and
// single prices agree to the bit. Inline (header) so that batch loops can drop the Greeks they
// do not store.
// rho_moves_carry: true when b = r - q with q fixed (bsm, so r also moves the forward);
// false when b is held fixed as r moves (black76: the forward is an input).
// Each lane's Greeks go to sink(lane, greeks), lane by lane (a callback rather than an array of
// Greeks, which the compiler would zero-fill in memory first).
template <std::size_t L, class Sink>
inline void generalized_black_scholes(const BlackScholesInputs (&in)[L], bool rho_moves_carry,
                                      Sink&& sink) {
  double sqrt_t[L], total_vol[L], d1[L], d2[L], discount[L], carry_factor[L], spot_leg[L],
      strike_leg[L], g1[L], g2[L];
  for (std::size_t j = 0; j < L; ++j) {
    sqrt_t[j] = std::sqrt(in[j].t);
    total_vol[j] = in[j].vol * sqrt_t[j];
    d1[j] = (std::log(in[j].underlying / in[j].strike) +
             (in[j].cost_of_carry + 0.5 * in[j].vol * in[j].vol) * in[j].t) /
            total_vol[j];
    d2[j] = d1[j] - total_vol[j];
  }
  for (std::size_t j = 0; j < L; ++j) {
    discount[j] = std::exp(-in[j].rate * in[j].t);
    // e^((b-r)t): e^(-qt) for bsm. The two common cases (black76: b = 0; bsm with q = 0: b = r)
    // reuse a value instead of paying for another exp.
    carry_factor[j] = in[j].cost_of_carry == 0.0       ? discount[j]
                      : in[j].cost_of_carry == in[j].rate ? 1.0
                                                          : std::exp((in[j].cost_of_carry - in[j].rate) * in[j].t);
    spot_leg[j] = in[j].underlying * carry_factor[j];  // discounted forward
    strike_leg[j] = in[j].strike * discount[j];
  }
  for (std::size_t j = 0; j < L; ++j) g1[j] = gaussian(d1[j]);
  for (std::size_t j = 0; j < L; ++j) {
    // e^(-d2^2/2) = e^(-d1^2/2) F / K (d1^2 - d2^2 = 2 ln(F/K)): no second exp, unless e^(-d1^2/2)
    // has lost precision to underflow (then N(d2) may still be far from 0 and 1).
    g2[j] = g1[j] > 1e-280 ? g1[j] * (spot_leg[j] / strike_leg[j]) : gaussian(d2[j]);
  }
  for (std::size_t j = 0; j < L; ++j) {
    const double omega = in[j].omega;
    const double n_d1 = kInvSqrt2Pi * g1[j];
    const double cdf_d1 = normal_cdf_given_gaussian(omega * d1[j], g1[j]);
    const double cdf_d2 = normal_cdf_given_gaussian(omega * d2[j], g2[j]);
    const double vol = in[j].vol;
    const double t = in[j].t;
    const double rate = in[j].rate;
    const double cost_of_carry = in[j].cost_of_carry;
    Greeks g;
    g.price = omega * (spot_leg[j] * cdf_d1 - strike_leg[j] * cdf_d2);
    g.delta = omega * carry_factor[j] * cdf_d1;
    g.gamma = carry_factor[j] * n_d1 / (in[j].underlying * total_vol[j]);
    g.vega = spot_leg[j] * n_d1 * sqrt_t[j];
    g.theta = -spot_leg[j] * n_d1 * vol / (2.0 * sqrt_t[j]) -
              omega * (cost_of_carry - rate) * spot_leg[j] * cdf_d1 -
              omega * rate * strike_leg[j] * cdf_d2;
    g.rho = rho_moves_carry ? omega * t * strike_leg[j] * cdf_d2 : -t * g.price;
    g.vanna = -carry_factor[j] * n_d1 * d2[j] / vol;
    g.volga = g.vega * d1[j] * d2[j] / vol;
    // -d(delta)/dt: the carry factor's own decay plus d1's drift, d(d1)/dt = (2bt - d2 vol sqrt t)/(2 t vol sqrt t).
    g.charm = -omega * (cost_of_carry - rate) * carry_factor[j] * cdf_d1 -
              carry_factor[j] * n_d1 * (2.0 * cost_of_carry * t - d2[j] * total_vol[j]) /
                  (2.0 * t * total_vol[j]);
    sink(j, g);
  }
}

// One valuation: the lane-wise form with L = 1.
inline Greeks generalized_black_scholes(OptionType type, double underlying, double strike, double t,
                                        double rate, double cost_of_carry, double vol,
                                        bool rho_moves_carry) {
  const BlackScholesInputs in[1] = {
      {static_cast<double>(type), underlying, strike, t, rate, cost_of_carry, vol}};
  Greeks out;
  generalized_black_scholes(in, rho_moves_carry, [&out](std::size_t, const Greeks& g) { out = g; });
  return out;
}

// Black-Scholes-Merton on spot S with continuous yield q.
inline Greeks black_scholes_merton(OptionType type, double spot, double strike, double t,
                                   double rate, double carry_q, double vol) {
  return generalized_black_scholes(type, spot, strike, t, rate, rate - carry_q, vol, true);
}

// The undiscounted Black value omega (F N(omega d1) - K N(omega d2)) at total vol s = vol sqrt(t),
// d1 = ln(F/K) / s + s / 2 (log_moneyness = ln(F/K), passed in by callers that hold it), and its
// derivative in s, F n(d1). One exp (e^(-d2^2/2) = e^(-d1^2/2) F / K, as above). Out of line
// (price_option.cpp): the revaluation loops of the liquidation search and the implied-vol solver
// share one copy.
struct BlackValue {
  double value;
  double derivative;  // in total vol
};
BlackValue undiscounted_black(double omega, double forward, double strike, double log_moneyness,
                              double total_vol);

// The Black-76 premium alone (black76(...).price to rounding, without the Greeks), from constants
// the caller works out once:
//   discount = e^(-rate t)   total_vol = vol sqrt(t)   log_moneyness = ln(forward / strike)
// No log, exp or sqrt of its own: loops that revalue one option at many forwards (the liquidation
// search) pay for one exp and the normal tails.
inline double black76_premium(OptionType type, double forward, double strike, double discount,
                              double total_vol, double log_moneyness) {
  return discount * undiscounted_black(static_cast<double>(type), forward, strike, log_moneyness, total_vol).value;
}

// Black-76 on a forward/futures price F, discounted at r.
inline Greeks black76(OptionType type, double forward, double strike, double t, double rate,
                      double vol) {
  return generalized_black_scholes(type, forward, strike, t, rate, 0.0, vol, false);
}

}  // namespace marginkit
