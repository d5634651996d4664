#include "pricing/price_batch.hpp"

#include <limits>

#include "common/checks.hpp"
#include "pricing/price_option.hpp"

namespace marginkit {

namespace {

// The fast test every good row passes; rows that fail it go through validate_option for the
// precise code. Written with negated comparisons so that NaN fails.
inline bool obviously_valid(const OptionSpec& s) {
  return (s.type == OptionType::call || s.type == OptionType::put) &&
         s.underlying >= kMinPrice && s.underlying <= kMaxPrice && s.strike >= kMinPrice &&
         s.strike <= kMaxPrice && s.t >= kMinYears && s.t <= kMaxYears &&
         s.vol >= kMinVolatility && s.vol <= kMaxVolatility && s.rate >= -kMaxAbsRate && s.rate <= kMaxAbsRate &&
         s.carry >= -kMaxAbsRate && s.carry <= kMaxAbsRate;
}

}  // namespace

std::size_t price_batch(const BatchInputs& in, const BatchOutputs& out) {
  std::size_t invalid_rows = 0;
  OptionSpec spec;
  spec.model = in.model;
  spec.settlement = in.settlement;
  spec.units = in.units;
  for (std::size_t row = 0; row < in.count; ++row) {
    spec.type = static_cast<OptionType>(in.type[row]);
    spec.underlying = in.underlying.at(row);
    spec.strike = in.strike.at(row);
    spec.t = in.t.at(row);
    spec.vol = in.vol.at(row);
    spec.rate = in.rate.at(row);
    spec.carry = in.carry.at(row);
    if (obviously_valid(spec)) {
      const Greeks g = price_option_unchecked(spec);
      out.price[row] = g.price;
      out.delta[row] = g.delta;
      out.gamma[row] = g.gamma;
      out.vega[row] = g.vega;
      out.theta[row] = g.theta;
      out.rho[row] = g.rho;
      if (out.error_code) out.error_code[row] = 0;
      continue;
    }
    ++invalid_rows;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.price[row] = out.delta[row] = out.gamma[row] = nan;
    out.vega[row] = out.theta[row] = out.rho[row] = nan;
    if (out.error_code) {
      const Status status = validate_option(spec);
      out.error_code[row] = static_cast<std::int32_t>(status.ok() ? ErrorCode::INTERNAL : status.code);
    }
  }
  return invalid_rows;
}

}  // namespace marginkit
