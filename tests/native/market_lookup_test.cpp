// Forward and vol lookups (src/market/market_lookup.*) against the rules documented in
// market_snapshot.hpp, market_lookup.hpp and web/marginkit.d.ts (UnderlyingMarketInput, VolInput):
//  - forwards: a given forward exactly; between given forwards the annualised log-basis
//    ln(F/I)/t linear in time (flat beyond the ends); none given: index * e^(rate t);
//  - vols: smile points > ATM per expiry > flat; within an expiry vol linear in ln(strike), flat
//    beyond the outermost strikes; across expiries total variance vol^2 t linear in time; flat
//    in vol before the first and after the last expiry;
//  - sticky moneyness: after the index moves by r, the vol of strike K is the snapshot's vol of
//    strike K / r.
// Expected values are the rules written out by hand with t in days / 365.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "margin/account_risk.hpp"
#include "market/market_lookup.hpp"
#include "margin_test_support.hpp"

namespace marginkit {
namespace {

using test::kMsPerDay;
using test::kNov24_0800;
using test::num;

constexpr TimestampMs T0 = kNov24_0800;
TimestampMs day(int n) { return T0 + n * kMsPerDay; }
double years(int days) { return days / 365.0; }

UnderlyingMarket btc_with_forwards(std::vector<ForwardPoint> forwards, double rate = 0.0) {
  UnderlyingMarket u;
  u.underlying = "BTC";
  u.index_price = 100000.0;
  u.rate = rate;
  u.forwards = std::move(forwards);
  return u;
}

struct ForwardCase {
  const char* what;
  std::vector<ForwardPoint> forwards;
  double rate;
  int expiry_day;  // days after the valuation time
  double expected;
  double tolerance;  // relative
};

TEST(MarketLookup, ForwardInterpolationRule) {
  const double I = 100000.0;
  // Given forwards at 30 days (101000) and 90 days (102500); their annualised log-bases:
  const double b30 = std::log(101000.0 / I) / years(30);
  const double b90 = std::log(102500.0 / I) / years(90);
  auto between = [&](int d) {  // basis linear in time between 30 and 90 days
    const double w = (years(d) - years(30)) / (years(90) - years(30));
    return I * std::exp(((1 - w) * b30 + w * b90) * years(d));
  };
  const std::vector<ForwardPoint> two = {{day(90), 102500.0}, {day(30), 101000.0}};  // unsorted on purpose
  const ForwardCase cases[] = {
      {"given exactly (first)", two, 0.0, 30, 101000.0, 0.0},
      {"given exactly (second)", two, 0.0, 90, 102500.0, 0.0},
      {"given exactly, rate ignored", two, 0.05, 90, 102500.0, 0.0},
      {"between, 45 days", two, 0.0, 45, between(45), 1e-14},
      {"between, 60 days", two, 0.0, 60, between(60), 1e-14},
      {"between, 89 days", two, 0.0, 89, between(89), 1e-14},
      {"before the first: flat basis", two, 0.0, 10, I * std::exp(b30 * years(10)), 1e-14},
      {"after the last: flat basis", two, 0.0, 200, I * std::exp(b90 * years(200)), 1e-14},
      {"rate ignored when forwards are given", two, 0.05, 60, between(60), 1e-14},
      {"none: index e^(rate t)", {}, 0.05, 33, I * std::exp(0.05 * years(33)), 1e-15},
      {"none, negative rate", {}, -0.02, 400, I * std::exp(-0.02 * years(400)), 1e-15},
      {"none, zero rate", {}, 0.0, 33, I, 1e-15},
      {"only a past forward: index e^(rate t)", {{day(-5), 99000.0}}, 0.03, 33,
       I * std::exp(0.03 * years(33)), 1e-15},
      {"one forward: flat basis everywhere", {{day(30), 101000.0}}, 0.0, 90, I * std::exp(b30 * years(90)), 1e-14},
      {"backwardation", {{day(30), 99000.0}, {day(90), 98000.0}}, 0.0, 60,
       [&] {
         const double c30 = std::log(99000.0 / I) / years(30), c90 = std::log(98000.0 / I) / years(90);
         const double w = 0.5;
         return I * std::exp(((1 - w) * c30 + w * c90) * years(60));
       }(),
       1e-14},
  };
  for (const auto& c : cases) {
    const double got = forward_price(btc_with_forwards(c.forwards, c.rate), T0, day(c.expiry_day));
    EXPECT_NEAR(got, c.expected, c.tolerance * c.expected + 1e-12)
        << c.what << ": expiry day " << c.expiry_day << " rate " << c.rate << " got " << num(got)
        << " expected " << num(c.expected);
  }
}

TEST(MarketLookup, ForwardAtOrBeforeValuationIsTheIndex) {
  const auto u = btc_with_forwards({{day(30), 101000.0}}, 0.05);
  EXPECT_EQ(forward_price(u, T0, T0), 100000.0);
  EXPECT_EQ(forward_price(u, T0, day(-1)), 100000.0);
}

// --- vols ---------------------------------------------------------------------------------

VolSurface surface(double flat, std::vector<AtmVolPoint> atm, std::vector<SmileVolPoint> smile) {
  VolSurface v;
  v.flat_vol = flat;
  v.atm = std::move(atm);
  v.smile = std::move(smile);
  return v;
}

// Two smile slices: 30 days (strikes 90k/100k/110k) and 90 days (80k/100k/120k).
std::vector<SmileVolPoint> two_slices() {
  return {{day(30), 90000.0, 0.70}, {day(30), 100000.0, 0.60}, {day(30), 110000.0, 0.65},
          {day(90), 120000.0, 0.58}, {day(90), 80000.0, 0.62}, {day(90), 100000.0, 0.55}};
}

// Within one slice: vol linear in ln K between knots, flat beyond.
double slice30(double K) {
  if (K <= 90000.0) return 0.70;
  if (K >= 110000.0) return 0.65;
  if (K <= 100000.0) {
    const double w = std::log(K / 90000.0) / std::log(100000.0 / 90000.0);
    return 0.70 + w * (0.60 - 0.70);
  }
  const double w = std::log(K / 100000.0) / std::log(110000.0 / 100000.0);
  return 0.60 + w * (0.65 - 0.60);
}
double slice90(double K) {
  if (K <= 80000.0) return 0.62;
  if (K >= 120000.0) return 0.58;
  if (K <= 100000.0) {
    const double w = std::log(K / 80000.0) / std::log(100000.0 / 80000.0);
    return 0.62 + w * (0.55 - 0.62);
  }
  const double w = std::log(K / 100000.0) / std::log(120000.0 / 100000.0);
  return 0.55 + w * (0.58 - 0.55);
}
double total_variance_between(double v0, int d0, double v1, int d1, int d) {
  const double t0 = years(d0), t1 = years(d1), t = years(d);
  const double w = (t - t0) / (t1 - t0);
  return std::sqrt(((1 - w) * v0 * v0 * t0 + w * v1 * v1 * t1) / t);
}

struct VolCase {
  const char* what;
  VolSurface vols;
  int expiry_day;
  double strike;
  double expected;
  double tolerance;  // absolute, in vol
};

TEST(MarketLookup, VolPrecedenceAndInterpolation) {
  const std::vector<AtmVolPoint> atm = {{day(90), 0.50}, {day(30), 0.40}};  // unsorted on purpose
  const VolCase cases[] = {
      // Precedence: smile > atm > flat.
      {"flat only", surface(0.65, {}, {}), 33, 123456.0, 0.65, 0.0},
      {"atm beats flat", surface(0.65, atm, {}), 30, 100000.0, 0.40, 0.0},
      {"smile beats atm and flat", surface(0.65, atm, two_slices()), 30, 100000.0, 0.60, 1e-15},
      {"empty surface gives 0", surface(0.0, {}, {}), 30, 100000.0, 0.0, 0.0},
      // ATM per expiry: total variance linear in time, flat outside.
      {"atm at a knot", surface(0, atm, {}), 90, 1.0, 0.50, 0.0},
      {"atm before the first", surface(0, atm, {}), 5, 100000.0, 0.40, 0.0},
      {"atm after the last", surface(0, atm, {}), 400, 100000.0, 0.50, 0.0},
      {"atm between (45d)", surface(0, atm, {}), 45, 100000.0, total_variance_between(0.40, 30, 0.50, 90, 45), 1e-14},
      {"atm between (60d)", surface(0, atm, {}), 60, 100000.0, total_variance_between(0.40, 30, 0.50, 90, 60), 1e-14},
      {"atm between (89d)", surface(0, atm, {}), 89, 7.0, total_variance_between(0.40, 30, 0.50, 90, 89), 1e-14},
      // Smile within a slice: linear in ln K, flat beyond the outermost strikes.
      {"smile knot", surface(0, {}, two_slices()), 30, 90000.0, 0.70, 1e-15},
      {"smile between knots (95k)", surface(0, {}, two_slices()), 30, 95000.0, slice30(95000.0), 1e-14},
      {"smile between knots (104k)", surface(0, {}, two_slices()), 30, 104000.0, slice30(104000.0), 1e-14},
      {"smile below the lowest strike", surface(0, {}, two_slices()), 30, 50000.0, 0.70, 1e-15},
      {"smile above the highest strike", surface(0, {}, two_slices()), 30, 500000.0, 0.65, 1e-15},
      {"second slice between knots", surface(0, {}, two_slices()), 90, 87000.0, slice90(87000.0), 1e-14},
      // Across expiries: total variance at the same strike, flat in vol outside.
      {"smile before the first expiry", surface(0, {}, two_slices()), 7, 95000.0, slice30(95000.0), 1e-14},
      {"smile after the last expiry", surface(0, {}, two_slices()), 365, 95000.0, slice90(95000.0), 1e-14},
      {"smile between expiries (60d, 95k)", surface(0, {}, two_slices()), 60, 95000.0,
       total_variance_between(slice30(95000.0), 30, slice90(95000.0), 90, 60), 1e-14},
      {"smile between expiries (45d, 115k)", surface(0, {}, two_slices()), 45, 115000.0,
       total_variance_between(slice30(115000.0), 30, slice90(115000.0), 90, 45), 1e-14},
      {"smile between expiries (75d, 70k)", surface(0, {}, two_slices()), 75, 70000.0,
       total_variance_between(0.70, 30, 0.62, 90, 75), 1e-14},
  };
  for (const auto& c : cases) {
    const double got = implied_vol_at(c.vols, T0, day(c.expiry_day), c.strike, 1.0);
    EXPECT_NEAR(got, c.expected, c.tolerance) << c.what << ": expiry day " << c.expiry_day << " strike "
                                              << num(c.strike) << " got " << num(got) << " expected "
                                              << num(c.expected);
  }
}

TEST(MarketLookup, StickyMoneyness) {
  const std::vector<AtmVolPoint> atm = {{day(30), 0.40}, {day(90), 0.50}};
  const VolSurface surfaces[] = {surface(0, {}, two_slices()), surface(0.7, atm, {}), surface(0.55, {}, {})};
  const double ratios[] = {0.5, 0.8, 0.97, 1.0, 1.03, 1.25, 2.0};
  const double strikes[] = {60000.0, 88000.0, 95000.0, 100000.0, 107000.0, 150000.0};
  const int days[] = {10, 30, 60, 90, 200};
  for (const auto& vols : surfaces) {
    for (double r : ratios) {
      for (double K : strikes) {
        for (int d : days) {
          const double moved = implied_vol_at(vols, T0, day(d), K, r);
          const double snapshot = implied_vol_at(vols, T0, day(d), K / r, 1.0);
          EXPECT_NEAR(moved, snapshot, 1e-14) << "ratio " << r << " strike " << K << " day " << d;
        }
      }
    }
  }
  // And, by hand, a smile read after a 10 % rise: strike 104,500 reads the snapshot at 95,000.
  EXPECT_NEAR(implied_vol_at(surface(0, {}, two_slices()), T0, day(30), 104500.0, 1.1), slice30(95000.0),
              1e-14);
}

// End to end: a position revalued with the index moved by r has its forward moved to F r and
// reads the smile at K / r (a smile given for exactly this expiry, so vol linear in ln K); with a
// given option mark the mark's implied vol is held. Premiums by hand (Black-76 with erfc).
TEST(MarketLookup, PositionsAreRevaluedByStickyMoneyness) {
  const TimestampMs expiry = test::kDec27_0800;
  const double t = test::kT27Dec, F0 = 101000.0, K = 95000.0;
  auto smile_at = [](double strike) {  // 80k: 0.80, 100k: 0.60, 120k: 0.55; flat outside
    if (strike <= 80000.0) return 0.80;
    if (strike >= 120000.0) return 0.55;
    if (strike <= 100000.0) return 0.80 + (0.60 - 0.80) * std::log(strike / 80000.0) / std::log(100000.0 / 80000.0);
    return 0.60 + (0.55 - 0.60) * std::log(strike / 100000.0) / std::log(120000.0 / 100000.0);
  };
  auto btc = test::underlying_market("BTC", 100000.0);
  btc.forwards = {{expiry, F0}};
  btc.vols.smile = {{expiry, 80000.0, 0.80}, {expiry, 100000.0, 0.60}, {expiry, 120000.0, 0.55}};
  const MarketSnapshot market = test::market_of({btc});
  Account account;
  account.positions = {test::position("BTC_USDC-27DEC26-95000-P", 1.0, 1000.0)};
  PreparedAccount prepared;
  ASSERT_TRUE(prepare_account(account, market, prepared).ok());
  for (double r : {0.6, 0.9, 0.99, 1.0, 1.05, 1.3, 2.0}) {
    const double expected = test::ref_black76(OptionType::put, F0 * r, K, t, smile_at(K / r), 0.0);
    const double got = underlying_totals(prepared, {}, "BTC", r).equity;
    EXPECT_NEAR(got, expected, 1e-9 * std::max(1.0, expected)) << "ratio " << r;
  }

  // A given mark fixes the vol: its implied vol (found here by bisection on the erfc Black-76).
  MarketSnapshot marked = market;
  marked.mark_prices["BTC_USDC-27DEC26-95000-P"] = 2500.0;
  double lo = 0.01, hi = 5.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (test::ref_black76(OptionType::put, F0, K, t, mid, 0.0) < 2500.0 ? lo : hi) = mid;
  }
  const double iv = 0.5 * (lo + hi);
  PreparedAccount prepared_marked;
  ASSERT_TRUE(prepare_account(account, marked, prepared_marked).ok());
  for (double r : {0.6, 0.9, 1.0, 1.3, 2.0}) {
    const double expected = test::ref_black76(OptionType::put, F0 * r, K, t, iv, 0.0);
    const double got = underlying_totals(prepared_marked, {}, "BTC", r).equity;
    EXPECT_NEAR(got, expected, 1e-7 * std::max(1.0, expected)) << "ratio " << r << " (vol from the mark)";
  }
}

}  // namespace
}  // namespace marginkit
