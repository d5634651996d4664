#pragma once
// Closed-form European option value and Greeks: the generalised Black-Scholes formula with a cost
// of carry b (Haug, The Complete Guide to Option Pricing Formulas, 1998, ch. 1). b = r - q gives
// Black-Scholes-Merton on spot; b = 0 gives Black-76 on a forward. These kernels do not validate:
// callers pass finite, positive inputs (see price_option.hpp for the checked entry point).
//
// Tested in tests/native/black_scholes_test.cpp against Haug's published values and Greeks, put-call
// parity and central finite differences of every Greek.
#include <cmath>

#include "pricing/normal.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit {

// Inline (header) so that batch loops can drop the Greeks they do not store.
// rho_moves_carry: true when b = r - q with q fixed (bsm, so r also moves the forward);
// false when b is held fixed as r moves (black76: the forward is an input).
inline Greeks generalized_black_scholes(OptionType type, double underlying, double strike, double t,
                                 double rate, double cost_of_carry, double vol,
                                 bool rho_moves_carry) {
  const double omega = static_cast<double>(type);  // +1 call, -1 put
  const double sqrt_t = std::sqrt(t);
  const double total_vol = vol * sqrt_t;
  const double d1 =
      (std::log(underlying / strike) + (cost_of_carry + 0.5 * vol * vol) * t) / total_vol;
  const double d2 = d1 - total_vol;
  const double discount = std::exp(-rate * t);
  // e^((b-r)t): e^(-qt) for bsm. The two common cases (black76: b = 0; bsm with q = 0: b = r)
  // reuse a value instead of paying for another exp, which is a sixth of a batch row's cost.
  const double carry_factor = cost_of_carry == 0.0      ? discount
                              : cost_of_carry == rate ? 1.0
                                                      : std::exp((cost_of_carry - rate) * t);
  const double n_d1 = normal_pdf(d1);
  const double cdf_d1 = normal_cdf(omega * d1);
  const double cdf_d2 = normal_cdf(omega * d2);
  const double spot_leg = underlying * carry_factor;  // discounted forward
  const double strike_leg = strike * discount;

  Greeks g;
  g.price = omega * (spot_leg * cdf_d1 - strike_leg * cdf_d2);
  g.delta = omega * carry_factor * cdf_d1;
  g.gamma = carry_factor * n_d1 / (underlying * total_vol);
  g.vega = spot_leg * n_d1 * sqrt_t;
  g.theta = -spot_leg * n_d1 * vol / (2.0 * sqrt_t) -
            omega * (cost_of_carry - rate) * spot_leg * cdf_d1 - omega * rate * strike_leg * cdf_d2;
  g.rho = rho_moves_carry ? omega * t * strike_leg * cdf_d2 : -t * g.price;
  g.vanna = -carry_factor * n_d1 * d2 / vol;
  g.volga = g.vega * d1 * d2 / vol;
  // -d(delta)/dt: the carry factor's own decay plus d1's drift, d(d1)/dt = (2bt - d2 vol sqrt t)/(2 t vol sqrt t).
  g.charm = -omega * (cost_of_carry - rate) * carry_factor * cdf_d1 -
            carry_factor * n_d1 * (2.0 * cost_of_carry * t - d2 * total_vol) / (2.0 * t * total_vol);
  return g;
}

// Black-Scholes-Merton on spot S with continuous yield q.
inline Greeks black_scholes_merton(OptionType type, double spot, double strike, double t,
                                   double rate, double carry_q, double vol) {
  return generalized_black_scholes(type, spot, strike, t, rate, rate - carry_q, vol, true);
}

// The Black-76 premium alone (black76(...).price to rounding, without the Greeks), from constants
// the caller works out once:
//   discount = e^(-rate t)   total_vol = vol sqrt(t)   log_moneyness = ln(forward / strike)
// No log, exp or sqrt of its own: loops that revalue one option at many forwards or vols (the
// liquidation search, the implied vol solver) pay for the two normal_cdf and little else.
inline double black76_premium(OptionType type, double forward, double strike, double discount,
                              double total_vol, double log_moneyness) {
  const double omega = static_cast<double>(type);
  const double d1 = log_moneyness / total_vol + 0.5 * total_vol;
  const double d2 = d1 - total_vol;
  return discount * omega * (forward * normal_cdf(omega * d1) - strike * normal_cdf(omega * d2));
}

// Black-76 on a forward/futures price F, discounted at r.
inline Greeks black76(OptionType type, double forward, double strike, double t, double rate,
                      double vol) {
  return generalized_black_scholes(type, forward, strike, t, rate, 0.0, vol, false);
}

}  // namespace marginkit
