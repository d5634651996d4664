#include "pricing/implied_volatility.hpp"

#include <algorithm>
#include <cmath>

#include "common/checks.hpp"
#include "pricing/black_scholes.hpp"

namespace marginkit {

namespace {

// Undiscounted value of the out-of-the-money option (call when strike >= forward) as a function of
// total volatility s, and its derivative in s.
struct OtmTimeValue {
  double forward;
  double strike;
  bool call;
  double log_moneyness = std::log(forward / strike);

  BlackValue at(double s) const {
    return undiscounted_black(call ? 1.0 : -1.0, forward, strike, log_moneyness, s);
  }
  double value(double s) const { return at(s).value; }
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
  const OtmTimeValue otm{forward, strike, strike >= forward};  // log_moneyness: its default
  const double log_target = std::log(time_value);
  // Increasing in s. Near s = 0 the value underflows (ln gives -inf) or is lost in the rounding of
  // the difference of its two legs (ln of a value <= 0 gives -inf or NaN): both say "too low", so
  // every test below is written as "f >= 0" / "!(f >= 0)" with NaN on the low side.
  auto objective = [&](double s) { return std::log(otm.value(s)) - log_target; };

  // Bracket [lo, hi] with f(lo) < 0 < f(hi) and lo < hi, or an exact root on the way. Start where
  // the OTM value's slope in s is steepest (its inflection point, s = sqrt(2 |ln(F/K)|); at F = K
  // the at-the-money approximation s = sqrt(2 pi) tv / F), then widen geometrically, so hi / lo
  // <= 2. Either start can be the root to the last bit (d2 = 0 for an OTM put, d1 = 0 for an OTM
  // call, or a small at-the-money total vol): f = 0 there ends the search at once.
  const double log_moneyness = std::fabs(otm.log_moneyness);
  double guess = log_moneyness > 0.0 ? std::sqrt(2.0 * log_moneyness)
                                     : 2.5066282746310002 * time_value / forward;
  guess = std::clamp(guess, 1e-6, 10.0);
  constexpr double kMaxTotalVol = 1e3;
  constexpr double kMinTotalVol = 1e-12;
  double total_vol = 0.0;  // set when a root is found exactly
  double lo = guess;
  double hi = guess;
  double f_lo = objective(guess);
  double f_hi = f_lo;
  if (f_lo == 0.0) {
    total_vol = guess;
  } else if (!(f_lo >= 0.0)) {
    do {
      lo = hi;
      f_lo = f_hi;
      hi *= 2.0;
      if (hi > kMaxTotalVol) {
        return Status::error(ErrorCode::NO_CONVERGENCE, "price",
                             "no volatility below 1e3 / sqrt(t) reproduces this price");
      }
      f_hi = objective(hi);
    } while (!(f_hi >= 0.0));
    if (f_hi == 0.0) total_vol = hi;
  } else {
    do {
      hi = lo;
      f_hi = f_lo;
      lo *= 0.5;
      if (lo < kMinTotalVol) {
        return out_of_bounds("it is indistinguishable from the intrinsic value");
      }
      f_lo = objective(lo);
    } while (f_lo > 0.0);
    if (f_lo == 0.0) total_vol = lo;
  }

  if (total_vol == 0.0) {
    // A lower end where f is finite (not underflowed or lost in rounding), by bisection in ln s.
    for (int i = 0; i < 200 && !std::isfinite(f_lo); ++i) {
      const double mid = std::sqrt(lo * hi);
      const double f_mid = objective(mid);
      if (f_mid == 0.0) {
        total_vol = mid;
        break;
      }
      if (f_mid > 0.0) {
        hi = mid;
        f_hi = f_mid;
      } else {
        lo = mid;
        f_lo = f_mid;
      }
    }
    if (total_vol == 0.0 && !std::isfinite(f_lo)) {
      return out_of_bounds("the time value is too small to determine a volatility");
    }
  }

  if (total_vol == 0.0) {
    // Safeguarded Newton in s on f = ln(value) - ln(target) (Numerical Recipes' rtsafe): a Newton
    // step that would leave the bracket, or that does not at least halve the step before last,
    // is replaced by bisection; every evaluation tightens the bracket. It stops on an exact root,
    // on a step below 2^-47 of s, or when the bracket is two neighbouring doubles, so every exit
    // is a root to the accuracy the arithmetic allows: there is no iteration count to run out of
    // in practice (hi / lo <= 2 and bisection halves it: 60 steps reach neighbouring doubles).
    // (Boost's newton_raphson_iterate, used here before, returned at once on the zero-width
    // bracket of a first guess that was the root, under the ignore_error policy this build sets,
    // and its untouched iteration budget read as NO_CONVERGENCE.)
    constexpr double kStepTolerance = 0x1p-47;
    double s = std::clamp(guess, lo, hi);  // a bracket end is a fine start: f's sign there is known
    double step = hi - lo;
    double step_before = step;
    bool converged = false;
    for (int i = 0; i < 200; ++i) {
      const BlackValue point = otm.at(s);
      const double value = point.value;
      const double f = std::log(value) - log_target;
      if (f == 0.0) {
        converged = true;
        break;
      }
      if (f > 0.0) hi = s; else lo = s;
      const double slope = point.derivative / value;  // d ln(value) / ds
      const double newton = s - f / slope;
      double next;
      if (newton > lo && newton < hi && std::fabs(2.0 * (s - newton)) <= std::fabs(step_before)) {
        next = newton;
      } else {
        next = 0.5 * (lo + hi);
      }
      step_before = step;
      step = next - s;
      if (next <= lo || next >= hi) {  // lo and hi are neighbouring doubles
        converged = true;
        break;
      }
      s = next;
      if (std::fabs(step) <= kStepTolerance * s) {
        converged = true;
        break;
      }
    }
    if (!converged) {
      return Status::error(ErrorCode::NO_CONVERGENCE, "price",
                           "implied volatility solver did not converge");
    }
    total_vol = s;
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
