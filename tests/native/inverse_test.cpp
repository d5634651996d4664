// Inverse (coin-settled) options, src/pricing/inverse.hpp, through price_option with
// Settlement::inverse. The coin value is value_usd / S; every coin Greek is checked against finite
// differences of the coin value itself, following the definitions in inverse.hpp:
//   delta_coin = S dVc/dS,  gamma_coin = d(delta_coin)/dS = dVc/dS + S d2Vc/dS2,
//   vega, theta (= -dVc/dt), rho, volga: derivatives of Vc,
//   vanna_coin = d(delta_coin)/dvol = S d2Vc/dS dvol,  charm_coin = -d(delta_coin)/dt.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "pricing/price_option.hpp"
#include "test_support.hpp"

namespace {

using marginkit::Greeks;
using marginkit::GreekUnits;
using marginkit::OptionSpec;
using marginkit::OptionType;
using marginkit::PricingModel;
using marginkit::Settlement;
using marginkit::test::num;

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

std::string describe(const OptionSpec& s) {
  return marginkit::test::name(s.type) + " " + marginkit::test::name(s.model) + " " +
         marginkit::test::name(s.settlement) + ": underlying=" + num(s.underlying) +
         " strike=" + num(s.strike) + " t=" + num(s.t) + " vol=" + num(s.vol) +
         " rate=" + num(s.rate) + " carry=" + num(s.carry);
}

Greeks priced(const OptionSpec& spec) {
  Greeks g;
  const auto status = marginkit::price_option(spec, g);
  EXPECT_TRUE(status.ok()) << status.message << " for " << describe(spec);
  return g;
}

// The coin value as a function of one or two inputs of the spec.
double coin_value(OptionSpec spec) {
  spec.settlement = Settlement::inverse;
  return priced(spec).price;
}

std::vector<OptionSpec> inverse_grid() {
  std::vector<OptionSpec> specs;
  for (PricingModel model : {PricingModel::bsm, PricingModel::black76}) {
    for (OptionType type : {OptionType::call, OptionType::put}) {
      for (double k : {0.7, 1.0, 1.4}) {
        for (double t : {0.02, 0.5, 2.0}) {
          for (double vol : {0.3, 1.0}) {
            for (double rate : {0.0, 0.05}) {
              for (double carry : {0.0, 0.03}) {
                if (model == PricingModel::black76 && carry != 0.0) continue;
                OptionSpec s;
                s.type = type;
                s.model = model;
                s.underlying = 50000.0;
                const double forward =
                    model == PricingModel::black76 ? s.underlying
                                                   : s.underlying * std::exp((rate - carry) * t);
                s.strike = k * forward;
                s.t = t;
                s.vol = vol;
                s.rate = rate;
                s.carry = carry;
                s.settlement = Settlement::inverse;
                specs.push_back(s);
              }
            }
          }
        }
      }
    }
  }
  return specs;
}

TEST(Inverse, CoinPriceIsUsdPriceOverUnderlying) {
  for (const OptionSpec& inverse : inverse_grid()) {
    OptionSpec linear = inverse;
    linear.settlement = Settlement::linear;
    const double expected = priced(linear).price / inverse.underlying;
    const double calculated = priced(inverse).price;
    EXPECT_NEAR(calculated, expected, 4 * kEpsilon * expected)
        << "price_coin = price_usd / S for " << describe(inverse);
  }
}

struct FdCheck {
  const char* greek;
  double Greeks::*member;
  double expected;
  double floor;
};

TEST(Inverse, CoinGreeksMatchFiniteDifferencesOfCoinValue) {
  using marginkit::test::fd_first;
  using marginkit::test::fd_mixed;
  using marginkit::test::fd_second;
  constexpr double kRelTolerance = 1e-5;
  constexpr double kNoise = 1e3;
  int checks = 0;
  for (const OptionSpec& spec : inverse_grid()) {
    const Greeks coin = priced(spec);
    const double s = spec.underlying;
    auto along = [&spec](double OptionSpec::*member) {
      return [&spec, member](double v) {
        OptionSpec bumped = spec;
        bumped.*member = v;
        return coin_value(bumped);
      };
    };
    auto across = [&spec](double OptionSpec::*m1, double OptionSpec::*m2) {
      return [&spec, m1, m2](double u, double v) {
        OptionSpec bumped = spec;
        bumped.*m1 = u;
        bumped.*m2 = v;
        return coin_value(bumped);
      };
    };
    // Steps as in black_scholes_test.cpp: fractions of the scale each input moves the price on.
    const double total_vol = std::min(spec.vol * std::sqrt(spec.t), 1.0);
    const double hs1 = 1e-3 * s * total_vol, hs2 = 1e-2 * s * total_vol;
    const double hv1 = 1e-4 * spec.vol, hv2 = 1e-2 * spec.vol;
    const double ht1 = 1e-4 * spec.t, ht2 = 1e-2 * spec.t;
    const double hr = 1e-4;
    // Rounding noise of a difference quotient of the coin value, in coins.
    auto noise = [&](double hx, double hy) {
      return kNoise * kEpsilon * (spec.underlying + spec.strike) / s / (hx * hy);
    };
    const double dvc_ds = fd_first(along(&OptionSpec::underlying), s, hs1);
    const FdCheck fd_checks[] = {
        {"delta_coin = S dVc/dS", &Greeks::delta, s * dvc_ds, s * noise(hs1, 1.0)},
        {"gamma_coin = d(delta_coin)/dS = dVc/dS + S d2Vc/dS2", &Greeks::gamma,
         dvc_ds + s * fd_second(along(&OptionSpec::underlying), s, hs2),
         noise(hs1, 1.0) + s * noise(hs2, hs2)},
        {"vega_coin = dVc/dvol", &Greeks::vega, fd_first(along(&OptionSpec::vol), spec.vol, hv1),
         noise(hv1, 1.0)},
        {"theta_coin = -dVc/dt", &Greeks::theta, -fd_first(along(&OptionSpec::t), spec.t, ht1),
         noise(ht1, 1.0)},
        {"rho_coin = dVc/dr", &Greeks::rho, fd_first(along(&OptionSpec::rate), spec.rate, hr),
         noise(hr, 1.0)},
        {"volga_coin = d2Vc/dvol2", &Greeks::volga,
         fd_second(along(&OptionSpec::vol), spec.vol, hv2), noise(hv2, hv2)},
        {"vanna_coin = d(delta_coin)/dvol = S d2Vc/dS dvol", &Greeks::vanna,
         s * fd_mixed(across(&OptionSpec::underlying, &OptionSpec::vol), s, spec.vol, hs2, hv2),
         s * noise(hs2, hv2)},
        {"charm_coin = -d(delta_coin)/dt = -S d2Vc/dS dt", &Greeks::charm,
         -s * fd_mixed(across(&OptionSpec::underlying, &OptionSpec::t), s, spec.t, hs2, ht2),
         s * noise(hs2, ht2)},
    };
    for (const FdCheck& check : fd_checks) {
      const double calculated = coin.*check.member;
      const double error = std::fabs(calculated - check.expected);
      const double tolerance = kRelTolerance * std::fabs(check.expected) + check.floor;
      ++checks;
      EXPECT_LE(error, tolerance)
          << check.greek << " for " << describe(spec)
          << "\n    expected (finite difference): " << num(check.expected)
          << "\n    calculated:                   " << num(calculated)
          << "\n    error:                        " << num(error)
          << "\n    tolerance:                    " << num(tolerance);
    }
  }
  EXPECT_GT(checks, 0);
}

// Trader units apply to the coin Greeks as to the USD ones (vega per vol point, theta per day...).
TEST(Inverse, TraderUnitsScaleTheCoinGreeks) {
  for (const OptionSpec& annual_spec : inverse_grid()) {
    OptionSpec trader_spec = annual_spec;
    trader_spec.units = GreekUnits::trader;
    const Greeks annual = priced(annual_spec);
    const Greeks trader = priced(trader_spec);
    const struct {
      const char* greek;
      double Greeks::*member;
      double factor;
    } conversions[] = {
        {"price", &Greeks::price, 1.0},          {"delta", &Greeks::delta, 1.0},
        {"gamma", &Greeks::gamma, 1.0},          {"vega", &Greeks::vega, 0.01},
        {"theta", &Greeks::theta, 1.0 / 365.0},  {"rho", &Greeks::rho, 0.01},
        {"vanna", &Greeks::vanna, 0.01},         {"volga", &Greeks::volga, 1e-4},
        {"charm", &Greeks::charm, 1.0 / 365.0},
    };
    for (const auto& c : conversions) {
      const double expected = annual.*c.member * c.factor;
      EXPECT_NEAR(trader.*c.member, expected, 4 * kEpsilon * std::fabs(expected))
          << c.greek << " in trader units for " << describe(annual_spec);
    }
  }
}

// The worked example quoted in src/pricing/inverse.hpp (also README.md and web/marginkit.d.ts):
// BTC forward 50,000, call K 50,000, t = 0.25, vol 0.60, r = 0, black76. At the money forward
// the closed forms need only erf: price_usd = F erf(vol sqrt(t) / (2 sqrt 2)) and
// delta_usd = N(vol sqrt(t) / 2), computed here independently of the pricing code.
TEST(Inverse, WorkedExampleFromInverseHpp) {
  OptionSpec spec;
  spec.type = OptionType::call;
  spec.model = PricingModel::black76;
  spec.underlying = 50000.0;
  spec.strike = 50000.0;
  spec.t = 0.25;
  spec.vol = 0.60;
  spec.rate = 0.0;
  const double total_vol = spec.vol * std::sqrt(spec.t);
  const double price_usd = spec.underlying * std::erf(total_vol / (2.0 * std::sqrt(2.0)));
  const double delta_usd = 0.5 * std::erfc(-(total_vol / 2.0) / std::sqrt(2.0));
  const double price_coin = price_usd / spec.underlying;
  const double delta_coin = delta_usd - price_coin;

  const Greeks usd = priced(spec);
  spec.settlement = Settlement::inverse;
  const Greeks coin = priced(spec);

  // Closed form vs code, to rounding.
  EXPECT_NEAR(usd.price, price_usd, 1e-12 * price_usd);
  EXPECT_NEAR(usd.delta, delta_usd, 1e-14);
  EXPECT_NEAR(coin.price, price_coin, 1e-14);
  EXPECT_NEAR(coin.delta, delta_coin, 1e-14);

  // The numbers as quoted in inverse.hpp, to the digits quoted (half a unit in the last place).
  const struct {
    const char* quantity;
    double calculated;
    double quoted;
    double half_last_digit;
  } quoted[] = {
      {"value_usd (closed form)", price_usd, 5961.77, 0.005},
      {"value_usd (price_option)", usd.price, 5961.77, 0.005},
      {"value_coin (closed form)", price_coin, 0.119235, 5e-7},
      {"value_coin (price_option)", coin.price, 0.119235, 5e-7},
      {"delta_usd (closed form)", delta_usd, 0.559618, 5e-7},
      {"delta_usd (price_option)", usd.delta, 0.559618, 5e-7},
      {"delta_coin (closed form)", delta_coin, 0.440382, 5e-7},
      {"delta_coin (price_option)", coin.delta, 0.440382, 5e-7},
  };
  for (const auto& q : quoted) {
    EXPECT_NEAR(q.calculated, q.quoted, q.half_last_digit)
        << q.quantity << ": calculated " << num(q.calculated) << ", quoted " << num(q.quoted);
  }
}

}  // namespace
