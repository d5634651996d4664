#pragma once
// Implied volatility of a European option from its premium.
//
// Method: the premium is reduced to the undiscounted time value of the out-of-the-money option at
// the same strike (put-call parity), which keeps full relative precision for deep in- and
// out-of-the-money strikes. The total volatility s = vol * sqrt(t) is then found by a safeguarded
// Newton-Raphson (bisection whenever a Newton step would leave the bracket or stall) on
// ln(time value(s)) - ln(target), inside a bracket found first, so it cannot wander off; ln makes
// the function close to linear in the wings, where prices are exponentially small. Every exit of
// the iteration is a root to the arithmetic's accuracy (an exact zero, a step below 2^-47 of s, or
// a bracket of two neighbouring doubles), so an ordinary premium is never NO_CONVERGENCE.
// Converges to ~1e-14 relative in s across strikes 0.2x-5x the forward, t from one hour to five
// years and vols from 1 % to 500 %; a dense grid (t up to 100 years, strikes at the forward, the
// spot and where the first guess is the root) round-trips every premium that carries a vol
// (tests/native/implied_volatility_test.cpp).
#include "common/status.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit {

struct ImpliedVolRequest {
  OptionType type = OptionType::call;
  PricingModel model = PricingModel::bsm;
  double underlying = 0.0;  // spot (bsm) or forward (black76)
  double strike = 0.0;
  double t = 0.0;
  double rate = 0.0;
  double carry = 0.0;  // bsm only
  double price = 0.0;  // premium, in USD (linear) or in coins (inverse)
  Settlement settlement = Settlement::linear;
};

// On success writes the annualised volatility (decimal) to `vol`. A premium at or outside the
// no-arbitrage bounds (discounted intrinsic value < premium < discounted forward for calls,
// discounted strike for puts) is PRICE_OUT_OF_BOUNDS on field "price"; no number is made up.
Status implied_volatility(const ImpliedVolRequest& request, double& vol);

}  // namespace marginkit
