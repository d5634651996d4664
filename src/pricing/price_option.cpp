#include "pricing/price_option.hpp"

#include "common/checks.hpp"
#include "common/minsize.hpp"

namespace marginkit {

namespace {

// Which check an option that fails obviously_valid fails, with its message: compiled for size.
[[gnu::cold, gnu::noinline]] MARGINKIT_MINSIZE Status option_error(const OptionSpec& spec) {
  if (spec.type != OptionType::call && spec.type != OptionType::put) {
    return Status::error(ErrorCode::INVALID_ENUM, "type", "type must be 'call' or 'put'");
  }
  if (auto s = check_positive(spec.underlying, "underlying", kMinPrice, kMaxPrice); !s.ok()) return s;
  if (auto s = check_positive(spec.strike, "strike", kMinPrice, kMaxPrice); !s.ok()) return s;
  if (auto s = check_finite(spec.t, "t"); !s.ok()) return s;
  if (spec.t <= 0.0) {
    return Status::error(ErrorCode::INSTRUMENT_EXPIRED, "t",
                         "t must be > 0 years (the option has expired), got " +
                             format_number(spec.t));
  }
  if (spec.t < kMinYears || spec.t > kMaxYears) {
    return Status::error(ErrorCode::OUT_OF_RANGE, "t",
                         "t must lie within [1 second = " + format_number(kMinYears) +
                             ", 100] years, got " + format_number(spec.t));
  }
  if (auto s = check_positive(spec.vol, "vol", kMinVolatility, kMaxVolatility); !s.ok()) return s;
  if (auto s = check_bounded(spec.rate, "rate", kMaxAbsRate); !s.ok()) return s;
  if (auto s = check_bounded(spec.carry, "carry", kMaxAbsRate); !s.ok()) return s;
  return Status::success();
}

}  // namespace

// Not inlined: priceBatch's kernel calls it only for its invalid rows, and stays as it was.
[[gnu::noinline]] Status validate_option(const OptionSpec& spec) {
  return obviously_valid(spec) ? Status::success() : option_error(spec);
}

BlackValue undiscounted_black(double omega, double forward, double strike, double log_moneyness,
                              double total_vol) {
  const double d1 = log_moneyness / total_vol + 0.5 * total_vol;
  const double d2 = d1 - total_vol;
  const double g1 = gaussian(d1);
  const double g2 = g1 > 1e-280 ? g1 * (forward / strike) : gaussian(d2);
  return {omega * (forward * normal_cdf_given_gaussian(omega * d1, g1) -
                   strike * normal_cdf_given_gaussian(omega * d2, g2)),
          forward * kInvSqrt2Pi * g1};
}

Status price_option(const OptionSpec& spec, Greeks& out) {
  if (auto s = validate_option(spec); !s.ok()) return s;
  out = price_option_unchecked(spec);
  return Status::success();
}

}  // namespace marginkit
