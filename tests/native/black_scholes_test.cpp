// The closed-form kernels of src/pricing/black_scholes.hpp (and the GreekUnits::trader conversion
// of price_option.hpp) against model-free facts:
//  * put-call parity for the price and for every Greek, over a wide grid;
//  * central finite differences of the price for every Greek, calls and puts, both models;
//  * trader units against finite differences taken in those units.
//  * black76_premium (the premium alone, from prepared constants) against black76's price.
// Published values (Haug) are checked in reference_values_test.cpp.
#include <gtest/gtest.h>

#include <boost/math/special_functions/erf.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "pricing/black_scholes.hpp"
#include "pricing/normal.hpp"
#include "pricing/price_option.hpp"
#include "test_support.hpp"

namespace {

using marginkit::Greeks;
using marginkit::GreekUnits;
using marginkit::OptionSpec;
using marginkit::OptionType;
using marginkit::PricingModel;
using marginkit::test::num;

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

struct Case {
  OptionType type;
  PricingModel model;
  double underlying;  // spot S (bsm) or forward F (black76)
  double strike;
  double t;
  double vol;
  double rate;
  double carry;  // q, bsm only
};

std::string describe(const Case& c) {
  return marginkit::test::name(c.type) + " " + marginkit::test::name(c.model) +
         ": underlying=" + num(c.underlying) + " strike=" + num(c.strike) + " t=" + num(c.t) +
         " vol=" + num(c.vol) + " rate=" + num(c.rate) + " carry=" + num(c.carry);
}

Greeks kernel(const Case& c) {
  return c.model == PricingModel::black76
             ? marginkit::black76(c.type, c.underlying, c.strike, c.t, c.rate, c.vol)
             : marginkit::black_scholes_merton(c.type, c.underlying, c.strike, c.t, c.rate, c.carry,
                                               c.vol);
}

double value(const Case& c) { return kernel(c).price; }

// The forward implied by a case: S e^((r-q)t) for bsm, the underlying itself for black76.
double forward_of(PricingModel model, double underlying, double t, double rate, double carry) {
  return model == PricingModel::black76 ? underlying : underlying * std::exp((rate - carry) * t);
}

// Grid: strikes as multiples of the forward, so that moneyness means the same in both models.
std::vector<Case> grid(const std::vector<double>& strikes_over_forward,
                       const std::vector<double>& times, const std::vector<double>& vols,
                       const std::vector<double>& rates, const std::vector<double>& carries) {
  std::vector<Case> cases;
  for (PricingModel model : {PricingModel::bsm, PricingModel::black76}) {
    for (OptionType type : {OptionType::call, OptionType::put}) {
      for (double k : strikes_over_forward) {
        for (double t : times) {
          for (double vol : vols) {
            for (double rate : rates) {
              for (double carry : carries) {
                if (model == PricingModel::black76 && carry != carries.front()) continue;
                const double q = model == PricingModel::black76 ? 0.0 : carry;
                const double s = 100.0;
                const double forward = forward_of(model, s, t, rate, q);
                cases.push_back({type, model, s, k * forward, t, vol, rate, q});
              }
            }
          }
        }
      }
    }
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Put-call parity. C - P = S e^(-qt) - K e^(-rt) (bsm) or e^(-rt) (F - K) (black76), and the same
// identity differentiated for each Greek (gamma, vega, vanna, volga: call = put).

struct ParityCheck {
  const char* greek;
  double Greeks::*member;
  double expected_call_minus_put;
  double scale;  // size of the terms, for the tolerance
};

std::vector<ParityCheck> parity_checks(const Case& c) {
  const double df = std::exp(-c.rate * c.t);
  const bool b76 = c.model == PricingModel::black76;
  const double yield_factor = b76 ? df : std::exp(-c.carry * c.t);  // d(C-P)/dS
  const double spot_leg = c.underlying * yield_factor;
  const double strike_leg = c.strike * df;
  const double legs = spot_leg + strike_leg;
  // Black-76: rho holds F, so d/dr of e^(-rt)(F - K) is -t times it.
  const double rho = b76 ? -c.t * (spot_leg - strike_leg) : c.t * strike_leg;
  // theta = -d/dt of the forward-minus-strike value; charm = -d/dt of the delta difference.
  const double yield = b76 ? c.rate : c.carry;
  const double theta = yield * spot_leg - c.rate * strike_leg;
  const double charm = yield * yield_factor;
  return {{"price", &Greeks::price, spot_leg - strike_leg, legs},
          {"delta", &Greeks::delta, yield_factor, 1.0},
          {"gamma", &Greeks::gamma, 0.0, 1.0 / c.underlying},
          {"vega", &Greeks::vega, 0.0, legs},
          {"theta", &Greeks::theta, theta, legs},
          {"rho", &Greeks::rho, rho, legs * std::max(c.t, 1.0)},
          {"vanna", &Greeks::vanna, 0.0, 1.0},
          {"volga", &Greeks::volga, 0.0, legs},
          {"charm", &Greeks::charm, charm, 1.0}};
}

TEST(BlackScholes, PutCallParity) {
  // Strikes 0.2x-5x the forward, one day to five years, vols 5 %-300 %, negative to high rates.
  const std::vector<Case> cases =
      grid({0.2, 0.5, 0.8, 1.0, 1.25, 2.0, 5.0}, {1.0 / 365, 0.25, 1.0, 5.0},
           {0.05, 0.3, 1.0, 3.0}, {-0.02, 0.0, 0.05, 0.1}, {0.0, 0.03});
  constexpr double kRelTolerance = 1e-13;  // of the size of the terms
  int checks = 0;
  for (const Case& call : cases) {
    if (call.type != OptionType::call) continue;
    Case put = call;
    put.type = OptionType::put;
    const Greeks c = kernel(call);
    const Greeks p = kernel(put);
    for (const ParityCheck& check : parity_checks(call)) {
      const double calculated = c.*check.member - p.*check.member;
      const double error = std::fabs(calculated - check.expected_call_minus_put);
      const double tolerance = kRelTolerance * check.scale;
      ++checks;
      if (error <= tolerance) continue;
      ADD_FAILURE() << "put-call parity of " << check.greek << " (call - put) for "
                    << describe(call) << "\n    expected:   " << num(check.expected_call_minus_put)
                    << "\n    calculated: " << num(calculated) << "\n    error:      "
                    << num(error) << "\n    tolerance:  " << num(tolerance);
    }
  }
  EXPECT_GT(checks, 0);
}

// ---------------------------------------------------------------------------------------------
// Finite differences of the price.

// One input of a Case that a derivative is taken in, with its step.
struct Variable {
  double Case::*member;
  double step;
};

double fd_first(const Case& c, Variable x) {
  return marginkit::test::fd_first(
      [&](double v) {
        Case bumped = c;
        bumped.*x.member = v;
        return value(bumped);
      },
      c.*x.member, x.step);
}

double fd_second(const Case& c, Variable x) {
  return marginkit::test::fd_second(
      [&](double v) {
        Case bumped = c;
        bumped.*x.member = v;
        return value(bumped);
      },
      c.*x.member, x.step);
}

double fd_mixed(const Case& c, Variable x, Variable y) {
  return marginkit::test::fd_mixed(
      [&](double u, double v) {
        Case bumped = c;
        bumped.*x.member = u;
        bumped.*y.member = v;
        return value(bumped);
      },
      c.*x.member, c.*y.member, x.step, y.step);
}

struct FdCheck {
  const char* greek;
  double Greeks::*member;
  double expected;  // the finite difference
  double floor;     // absolute tolerance: rounding noise of the difference quotient
};

// Steps are fractions of the scale on which the price moves in each input: S vol sqrt(t) in the
// underlying, vol itself, t itself, and 1e-4 in the rate. First derivatives use 1e-4 (1e-3 for
// the underlying) of that scale, second and mixed ones 1e-2; with one Richardson step the
// truncation error is then far below 1e-5 relative. The absolute floor is the rounding noise of
// the quotient, kNoise * eps * (S + K) / (product of the steps), i.e. scaled to the price.
std::vector<FdCheck> finite_differences(const Case& c) {
  constexpr double kNoise = 1e3;
  const double total_vol = std::min(c.vol * std::sqrt(c.t), 1.0);
  const Variable s1{&Case::underlying, 1e-3 * c.underlying * total_vol};
  const Variable s2{&Case::underlying, 1e-2 * c.underlying * total_vol};
  const Variable v1{&Case::vol, 1e-4 * c.vol};
  const Variable v2{&Case::vol, 1e-2 * c.vol};
  const Variable t1{&Case::t, 1e-4 * c.t};
  const Variable t2{&Case::t, 1e-2 * c.t};
  const Variable r1{&Case::rate, 1e-4};
  auto noise = [&](double hx, double hy) {
    return kNoise * kEpsilon * (c.underlying + c.strike) / (hx * hy);
  };
  return {
      {"delta = dV/dS", &Greeks::delta, fd_first(c, s1), noise(s1.step, 1.0)},
      {"gamma = d2V/dS2", &Greeks::gamma, fd_second(c, s2), noise(s2.step, s2.step)},
      {"vega = dV/dvol", &Greeks::vega, fd_first(c, v1), noise(v1.step, 1.0)},
      {"theta = -dV/dt", &Greeks::theta, -fd_first(c, t1), noise(t1.step, 1.0)},
      // bsm: S and q held; black76: F held (the kernel takes F as its input).
      {"rho = dV/dr", &Greeks::rho, fd_first(c, r1), noise(r1.step, 1.0)},
      {"vanna = d2V/dS dvol", &Greeks::vanna, fd_mixed(c, s2, v2), noise(s2.step, v2.step)},
      {"volga = d2V/dvol2", &Greeks::volga, fd_second(c, v2), noise(v2.step, v2.step)},
      {"charm = -d2V/dS dt", &Greeks::charm, -fd_mixed(c, s2, t2), noise(s2.step, t2.step)},
  };
}

// The premium-only kernel the revaluation loops call is the same Black-76 as the one with Greeks.
TEST(BlackScholes, Black76PremiumMatchesBlack76Price) {
  const std::vector<Case> cases =
      grid({0.2, 0.5, 0.8, 1.0, 1.25, 2.0, 5.0}, {1.0 / 365, 0.25, 1.0, 5.0},
           {0.05, 0.3, 1.0, 3.0}, {-0.02, 0.0, 0.05, 0.1}, {0.0});
  int checks = 0;
  for (const Case& c : cases) {
    if (c.model != PricingModel::black76) continue;
    const double expected = value(c);
    const double premium =
        marginkit::black76_premium(c.type, c.underlying, c.strike, std::exp(-c.rate * c.t), c.vol * std::sqrt(c.t),
                                   std::log(c.underlying / c.strike));
    // Both legs are of the size of the forward and strike; far out of the money they cancel.
    const double scale = std::exp(-c.rate * c.t) * (c.underlying + c.strike);
    EXPECT_NEAR(premium, expected, 1e-14 * scale) << describe(c);
    ++checks;
  }
  EXPECT_EQ(checks, 2 * 7 * 4 * 4 * 4);
}

TEST(BlackScholes, GreeksMatchFiniteDifferences) {
  // Moneyness 0.5-2 (K / forward), t 0.02-3 years, vol 10 %-150 %, rates -2 %-10 %, yield 0-5 %.
  const std::vector<Case> cases = grid({0.5, 0.8, 1.0, 1.25, 2.0}, {0.02, 0.25, 1.0, 3.0},
                                       {0.1, 0.5, 1.5}, {-0.02, 0.03, 0.1}, {0.0, 0.05});
  constexpr double kRelTolerance = 1e-5;
  int checks = 0;
  double worst = 0.0;  // largest error / tolerance seen
  for (const Case& c : cases) {
    const Greeks analytic = kernel(c);
    for (const FdCheck& check : finite_differences(c)) {
      const double calculated = analytic.*check.member;
      const double error = std::fabs(calculated - check.expected);
      const double tolerance = kRelTolerance * std::fabs(check.expected) + check.floor;
      ++checks;
      worst = std::max(worst, error / tolerance);
      if (error <= tolerance) continue;
      ADD_FAILURE() << check.greek << " for " << describe(c)
                    << "\n    expected (finite difference): " << num(check.expected)
                    << "\n    calculated:                   " << num(calculated)
                    << "\n    error:                        " << num(error)
                    << "\n    tolerance:                    " << num(tolerance);
    }
  }
  std::cout << "[ info     ] " << checks << " Greek checks on " << cases.size()
            << " options; largest error / tolerance " << worst << "\n";
}

// ---------------------------------------------------------------------------------------------
// GreekUnits::trader: each Greek is compared with a finite difference taken in trader units
// (vol in points of 0.01, time in calendar days of 1/365 year, rate in percent), not with the
// annual Greek times a constant.

OptionSpec spec_of(const Case& c, GreekUnits units) {
  OptionSpec spec;
  spec.type = c.type;
  spec.model = c.model;
  spec.underlying = c.underlying;
  spec.strike = c.strike;
  spec.t = c.t;
  spec.vol = c.vol;
  spec.rate = c.rate;
  spec.carry = c.carry;
  spec.units = units;
  return spec;
}

// The price as a function of trader-unit inputs: underlying, vol points, days, rate percent.
struct TraderInputs {
  double underlying, vol_points, days, rate_percent;
};

double trader_value(const Case& c, const TraderInputs& x) {
  Case bumped = c;
  bumped.underlying = x.underlying;
  bumped.vol = x.vol_points / 100.0;
  bumped.t = x.days / 365.0;
  bumped.rate = x.rate_percent / 100.0;
  Greeks g;
  EXPECT_TRUE(marginkit::price_option(spec_of(bumped, GreekUnits::annual), g).ok());
  return g.price;
}

TEST(BlackScholes, TraderUnitsMatchFiniteDifferencesInTraderUnits) {
  const std::vector<Case> cases = grid({0.8, 1.0, 1.25}, {7.0 / 365, 0.25, 2.0}, {0.2, 0.8},
                                       {-0.01, 0.05}, {0.0, 0.04});
  constexpr double kRelTolerance = 1e-5;
  constexpr double kNoise = 1e3;
  for (const Case& c : cases) {
    Greeks annual, trader;
    ASSERT_TRUE(marginkit::price_option(spec_of(c, GreekUnits::annual), annual).ok());
    ASSERT_TRUE(marginkit::price_option(spec_of(c, GreekUnits::trader), trader).ok());
    const TraderInputs at{c.underlying, c.vol * 100.0, c.t * 365.0, c.rate * 100.0};
    const double total_vol = c.vol * std::sqrt(c.t);
    const double hs = 1e-2 * c.underlying * total_vol;  // underlying step
    const double hv = 1e-2 * at.vol_points;             // in vol points
    const double hd = 1e-2 * at.days;                   // in days
    const double hr = 1e-2;                             // in percent (1 basis point)

    auto along = [&](double TraderInputs::*member) {
      return [&c, &at, member](double v) {
        TraderInputs x = at;
        x.*member = v;
        return trader_value(c, x);
      };
    };
    auto across = [&](double TraderInputs::*m1, double TraderInputs::*m2) {
      return [&c, &at, m1, m2](double u, double v) {
        TraderInputs x = at;
        x.*m1 = u;
        x.*m2 = v;
        return trader_value(c, x);
      };
    };
    using marginkit::test::fd_first;
    using marginkit::test::fd_mixed;
    using marginkit::test::fd_second;
    auto noise = [&](double hx, double hy) {
      return kNoise * kEpsilon * (c.underlying + c.strike) / (hx * hy);
    };
    const FdCheck checks[] = {
        {"vega per vol point", &Greeks::vega,
         fd_first(along(&TraderInputs::vol_points), at.vol_points, hv), noise(hv, 1.0)},
        {"theta per calendar day", &Greeks::theta,
         -fd_first(along(&TraderInputs::days), at.days, hd), noise(hd, 1.0)},
        {"rho per 1 % of rate", &Greeks::rho,
         fd_first(along(&TraderInputs::rate_percent), at.rate_percent, hr), noise(hr, 1.0)},
        {"vanna per vol point", &Greeks::vanna,
         fd_mixed(across(&TraderInputs::underlying, &TraderInputs::vol_points), at.underlying,
                  at.vol_points, hs, hv),
         noise(hs, hv)},
        {"volga per vol point squared", &Greeks::volga,
         fd_second(along(&TraderInputs::vol_points), at.vol_points, hv), noise(hv, hv)},
        {"charm per calendar day", &Greeks::charm,
         -fd_mixed(across(&TraderInputs::underlying, &TraderInputs::days), at.underlying, at.days,
                   hs, hd),
         noise(hs, hd)},
    };
    for (const FdCheck& check : checks) {
      const double calculated = trader.*check.member;
      const double error = std::fabs(calculated - check.expected);
      const double tolerance = kRelTolerance * std::fabs(check.expected) + check.floor;
      EXPECT_LE(error, tolerance)
          << check.greek << " for " << describe(c)
          << "\n    expected (finite difference in trader units): " << num(check.expected)
          << "\n    calculated: " << num(calculated) << "\n    error: " << num(error)
          << "\n    tolerance: " << num(tolerance);
    }
    // Price, delta and gamma have no time, vol or rate unit: identical in both unit systems.
    EXPECT_EQ(trader.price, annual.price) << describe(c);
    EXPECT_EQ(trader.delta, annual.delta) << describe(c);
    EXPECT_EQ(trader.gamma, annual.gamma) << describe(c);

    // What "theta per day" promises in plain words: the value change over one calendar day,
    // V(t - 1 day) - V(t) = theta_day + V_dd / 2 + O(V_ddd), with V_dd the second derivative in
    // days (finite difference). The remainder is a few % of the two terms here (t >= 7 days); a
    // unit mistake (a factor 365 or 100) would be far off.
    const double one_day_change = trader_value(c, {at.underlying, at.vol_points, at.days - 1.0,
                                                   at.rate_percent}) -
                                  trader_value(c, at);
    const double half_curvature = 0.5 * fd_second(along(&TraderInputs::days), at.days, hd);
    EXPECT_NEAR(one_day_change, trader.theta + half_curvature,
                0.05 * (std::fabs(trader.theta) + std::fabs(half_curvature)) + noise(1.0, 1.0))
        << "one-day value change vs theta per day + V_dd / 2 for " << describe(c);
  }
}

// ---------------------------------------------------------------------------------------------
// The normal distribution of src/pricing/normal.hpp (a table of polynomials for the scaled tail
// and one exp) against 50-digit values (Boost.Multiprecision's erfc), in units of the double
// epsilon. Measured: N(x) within 3.6 eps relative for x in [-37.5, 0] (the lower tail, where
// relative accuracy is what deep out-of-the-money prices need; erfc(-x / sqrt 2) / 2, used before,
// was off by up to ~x^2 / 2 eps there: 855 eps near x = -37), within 1.6 eps for x > 0; the
// density within 1.9 eps.

namespace normal_reference {
using Real = boost::multiprecision::cpp_bin_float_50;
Real cdf(double x) { return boost::math::erfc(-Real(x) / sqrt(Real(2))) / 2; }
Real pdf(double x) {
  return exp(-Real(x) * Real(x) / 2) / sqrt(2 * boost::math::constants::pi<Real>());
}
double relative_error(double value, const Real& exact) {
  return static_cast<double>(abs((Real(value) - exact) / exact)) / kEpsilon;
}
}  // namespace normal_reference

TEST(NormalDistribution, MatchesFiftyDigitValues) {
  struct Band {
    double from, to, cdf_eps, pdf_eps;
  };
  // x < -37.5: N(x) is below the smallest normal double (subnormal, fewer digits), not checked.
  const Band bands[] = {{-37.5, -8.0, 5.0, 3.0}, {-8.0, 0.0, 5.0, 3.0}, {0.0, 8.3, 2.0, 3.0},
                        {8.3, 37.5, 2.0, 3.0}};
  for (const Band& band : bands) {
    double worst_cdf = 0.0, worst_pdf = 0.0, at_cdf = 0.0, at_pdf = 0.0;
    constexpr int kPoints = 1500;
    for (int i = 0; i <= kPoints; ++i) {
      // An irregular grid: every polynomial piece, its ends included, gets points.
      const double x = band.from + (band.to - band.from) * (i + 0.37 * std::sin(i)) / kPoints;
      if (x < band.from || x > band.to) continue;
      const double cdf_error = normal_reference::relative_error(marginkit::normal_cdf(x),
                                                                normal_reference::cdf(x));
      const double pdf_error = normal_reference::relative_error(marginkit::normal_pdf(x),
                                                                normal_reference::pdf(x));
      if (cdf_error > worst_cdf) worst_cdf = cdf_error, at_cdf = x;
      if (pdf_error > worst_pdf) worst_pdf = pdf_error, at_pdf = x;
    }
    std::cout << "[ info     ] x in [" << band.from << ", " << band.to << "]: N(x) within "
              << worst_cdf << " eps (at " << at_cdf << "), n(x) within " << worst_pdf
              << " eps (at " << at_pdf << ")\n";
    EXPECT_LE(worst_cdf, band.cdf_eps) << "N(x) at x = " << num(at_cdf);
    EXPECT_LE(worst_pdf, band.pdf_eps) << "n(x) at x = " << num(at_pdf);
  }
}

TEST(NormalDistribution, EdgesAndSymmetry) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NEAR(marginkit::normal_cdf(0.0), 0.5, kEpsilon);
  EXPECT_EQ(marginkit::normal_cdf(-inf), 0.0);
  EXPECT_EQ(marginkit::normal_cdf(inf), 1.0);
  EXPECT_EQ(marginkit::normal_cdf(-1e300), 0.0);
  EXPECT_EQ(marginkit::normal_cdf(1e300), 1.0);
  EXPECT_EQ(marginkit::normal_cdf(-40.0), 0.0);
  EXPECT_GT(marginkit::normal_cdf(-37.0), 0.0);
  EXPECT_EQ(marginkit::normal_pdf(inf), 0.0);
  EXPECT_TRUE(std::isnan(marginkit::normal_cdf(nan)));
  EXPECT_TRUE(std::isnan(marginkit::normal_pdf(nan)));
  // N(x) + N(-x) = 1 to rounding, and nearly monotone (a step from one polynomial piece to the
  // next may not go back by more than rounding).
  double previous = 0.0;
  for (double x = -38.0; x <= 9.0; x += 0.001) {
    const double n = marginkit::normal_cdf(x);
    EXPECT_NEAR(n + marginkit::normal_cdf(-x), 1.0, 2.0 * kEpsilon) << "x = " << num(x);
    EXPECT_GE(n, previous * (1.0 - 8.0 * kEpsilon)) << "x = " << num(x);
    previous = n;
  }
}

}  // namespace
