#include "pricing/implied_volatility.hpp"

#include "common/boost_config.hpp"

#include <algorithm>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "common/checks.hpp"
#include "pricing/black_scholes.hpp"
#include "pricing/normal.hpp"

namespace marginkit {

namespace {

// Undiscounted value of the out-of-the-money option (call when strike >= forward) as a function of
// total volatility s, and its derivative in s.
struct OtmTimeValue {
  double forward;
  double strike;
  bool call;

  double value(double s) const {
    // The type spelt out in each branch: the premium's multiplications by +-1 then fold away.
    const double log_moneyness = std::log(forward / strike);
    return call ? black76_premium(OptionType::call, forward, strike, 1.0, s, log_moneyness)
                : black76_premium(OptionType::put, forward, strike, 1.0, s, log_moneyness);
  }
  double derivative(double s) const {
    const double d1 = std::log(forward / strike) / s + 0.5 * s;
    return forward * normal_pdf(d1);
  }
};

Status out_of_bounds(const std::string& why) {
  return Status::error(ErrorCode::PRICE_OUT_OF_BOUNDS, "price",
                       "price is outside the no-arbitrage bounds: " + why);
}

}  // namespace

Status implied_volatility(const ImpliedVolRequest& request, double& vol) {
  if (request.type != OptionType::call && request.type != OptionType::put) {
    return Status::error(ErrorCode::INVALID_ENUM, "type", "type must be 'call' or 'put'");
  }
  if (auto s = check_positive(request.underlying, "underlying", kMinPrice, kMaxPrice); !s.ok()) return s;
  if (auto s = check_positive(request.strike, "strike", kMinPrice, kMaxPrice); !s.ok()) return s;
  if (auto s = check_finite(request.t, "t"); !s.ok()) return s;
  if (request.t <= 0.0) {
    return Status::error(ErrorCode::INSTRUMENT_EXPIRED, "t", "t must be > 0 years");
  }
  if (request.t < kMinYears || request.t > kMaxYears) {
    return Status::error(ErrorCode::OUT_OF_RANGE, "t",
                         "t must lie within [1 second, 100] years, got " + format_number(request.t));
  }
  if (auto s = check_bounded(request.rate, "rate", kMaxAbsRate); !s.ok()) return s;
  if (auto s = check_bounded(request.carry, "carry", kMaxAbsRate); !s.ok()) return s;
  if (auto s = check_finite(request.price, "price"); !s.ok()) return s;

  const double t = request.t;
  const double discount = std::exp(-request.rate * t);
  const double forward = request.model == PricingModel::black76
                             ? request.underlying
                             : request.underlying * std::exp((request.rate - request.carry) * t);
  const double strike = request.strike;
  const double price_usd = request.settlement == Settlement::inverse
                               ? request.price * request.underlying
                               : request.price;
  const double undiscounted = price_usd / discount;
  const bool is_call = request.type == OptionType::call;

  const double intrinsic = is_call ? std::max(forward - strike, 0.0)
                                   : std::max(strike - forward, 0.0);
  const double upper = is_call ? forward : strike;
  if (!(undiscounted > intrinsic)) {
    return out_of_bounds("it must exceed the discounted intrinsic value " +
                         format_number(intrinsic * discount));
  }
  if (!(undiscounted < upper)) {
    return out_of_bounds(std::string("it must be below the discounted ") +
                         (is_call ? "forward " : "strike ") + format_number(upper * discount));
  }

  // Put-call parity: an in-the-money premium minus its intrinsic value is the out-of-the-money
  // option's premium, whose small size carries the information about vol.
  const double time_value = undiscounted - intrinsic;
  // Below ~1e-300 of the forward the time value is near or in the subnormal range, where it has
  // lost its significant digits: it no longer pins down a volatility to 1e-10.
  if (time_value <= 1e-300 * forward) {
    return out_of_bounds("its time value is too small (below 1e-300 of the forward) to determine a volatility");
  }
  const OtmTimeValue otm{forward, strike, strike >= forward};
  const double log_target = std::log(time_value);
  auto objective = [&](double s) { return std::log(otm.value(s)) - log_target; };

  // Bracket: start where the OTM value's slope in s is steepest (its inflection point), then
  // widen geometrically. Near s = 0 the value underflows and ln gives -inf, which still says
  // "too low"; a finite lower end is then found by bisection in ln s.
  const double log_moneyness = std::fabs(std::log(forward / strike));
  double guess = log_moneyness > 0.0 ? std::sqrt(2.0 * log_moneyness)
                                     : 2.5066282746310002 * time_value / forward;
  guess = std::clamp(guess, 1e-6, 10.0);
  double lo = guess;
  double hi = guess;
  constexpr double kMaxTotalVol = 1e3;
  constexpr double kMinTotalVol = 1e-12;
  while (objective(hi) < 0.0) {
    lo = hi;
    hi *= 2.0;
    if (hi > kMaxTotalVol) {
      return Status::error(ErrorCode::NO_CONVERGENCE, "price",
                           "no volatility below 1e3 / sqrt(t) reproduces this price");
    }
  }
  while (objective(lo) > 0.0) {
    hi = lo;
    lo *= 0.5;
    if (lo < kMinTotalVol) {
      return out_of_bounds("it is indistinguishable from the intrinsic value");
    }
  }
  for (int i = 0; i < 200 && !std::isfinite(objective(lo)); ++i) {
    const double mid = std::sqrt(lo * hi);
    const double f_mid = objective(mid);
    if (f_mid > 0.0) hi = mid; else lo = mid;
  }
  if (!std::isfinite(objective(lo))) {
    return out_of_bounds("the time value is too small to determine a volatility");
  }

  auto newton_step = [&](double s) {
    const double value = otm.value(s);
    return std::make_pair(std::log(value) - log_target, otm.derivative(s) / value);
  };
  std::uintmax_t iterations = 100;
  constexpr int kDigits = 48;  // stop when the Newton step is below 2^-47 relative
  const double start = std::clamp(guess, lo, hi);
  const double total_vol =
      boost::math::tools::newton_raphson_iterate(newton_step, start, lo, hi, kDigits, iterations);
  if (iterations >= 100 || !std::isfinite(total_vol) || total_vol <= 0.0) {
    return Status::error(ErrorCode::NO_CONVERGENCE, "price",
                         "implied volatility solver did not converge");
  }
  // The pricer takes vols in [kMinVolatility, kMaxVolatility]; a solved vol outside cannot be
  // priced back (it comes from a premium an ulp or two above its intrinsic value, or an absurd one).
  const double solved = total_vol / std::sqrt(t);
  if (solved < kMinVolatility || solved > kMaxVolatility) {
    return Status::error(ErrorCode::OUT_OF_RANGE, "price",
                         "this price implies a volatility of " + format_number(solved) + ", outside [" +
                             format_number(kMinVolatility) + ", " + format_number(kMaxVolatility) + "]");
  }
  vol = solved;
  return Status::success();
}

}  // namespace marginkit
