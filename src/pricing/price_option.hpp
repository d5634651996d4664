#pragma once
// The checked entry point for one option: validates every input (naming the offending field),
// then prices with the chosen model, settlement and Greek units.
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

// Unchecked: model + settlement + units, for callers that validated already (batches).
// Inline so batch loops can drop what they do not store.
inline Greeks price_option_unchecked(const OptionSpec& spec) {
  Greeks g = spec.model == PricingModel::black76
                 ? black76(spec.type, spec.underlying, spec.strike, spec.t, spec.rate, spec.vol)
                 : black_scholes_merton(spec.type, spec.underlying, spec.strike, spec.t, spec.rate,
                                        spec.carry, spec.vol);
  if (spec.settlement == Settlement::inverse) g = to_inverse(g, spec.underlying);
  if (spec.units == GreekUnits::trader) g = to_trader_units(g);
  return g;
}

}  // namespace marginkit
