#pragma once
// The checked entry point for one option: validates every input (naming the offending field),
// then prices with the chosen model, settlement and Greek units.
#include <cstddef>

#include "common/status.hpp"
#include "pricing/black_scholes.hpp"
#include "pricing/inverse.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit {

Status validate_option(const OptionSpec& spec);

// On success writes the premium and Greeks to `out`; on failure leaves `out` untouched.
Status price_option(const OptionSpec& spec, Greeks& out);

inline constexpr double kDaysPerYear = 365.0;  // ACT/365, as `t` is
inline constexpr double kVolPoint = 0.01;
inline constexpr double kRatePercent = 0.01;

// annual -> trader units (vega per vol point, theta per day, ...), see GreekUnits.
inline Greeks to_trader_units(const Greeks& annual) {
  Greeks g = annual;
  g.vega *= kVolPoint;
  g.vanna *= kVolPoint;
  g.volga *= kVolPoint * kVolPoint;
  g.theta /= kDaysPerYear;
  g.charm /= kDaysPerYear;
  g.rho *= kRatePercent;
  return g;
}

// The kernel's inputs for one option: b = 0 on the forward (black76), b = r - q on spot (bsm), as
// black76() and black_scholes_merton() pass them.
inline BlackScholesInputs black_scholes_inputs(const OptionSpec& s) {
  return {static_cast<double>(s.type), s.underlying, s.strike, s.t, s.rate,
          s.model == PricingModel::black76 ? 0.0 : s.rate - s.carry, s.vol};
}

// Unchecked: model + settlement + units, for callers that validated already, L options of one
// model, settlement and units at once (see generalized_black_scholes: the same numbers as one at a
// time, interleaved); sink(lane, greeks) receives each. Inline so batch loops can drop what they
// do not store.
template <std::size_t L, class Sink>
inline void price_options_unchecked(const BlackScholesInputs (&inputs)[L], PricingModel model,
                                    Settlement settlement, GreekUnits units, Sink&& sink) {
  generalized_black_scholes(inputs, model != PricingModel::black76,
                            [&](std::size_t lane, const Greeks& usd) {
                              Greeks g = usd;
                              if (settlement == Settlement::inverse) g = to_inverse(g, inputs[lane].underlying);
                              if (units == GreekUnits::trader) g = to_trader_units(g);
                              sink(lane, g);
                            });
}

inline Greeks price_option_unchecked(const OptionSpec& spec) {
  const BlackScholesInputs inputs[1] = {black_scholes_inputs(spec)};
  Greeks out;
  price_options_unchecked(inputs, spec.model, spec.settlement, spec.units,
                          [&out](std::size_t, const Greeks& g) { out = g; });
  return out;
}

}  // namespace marginkit
