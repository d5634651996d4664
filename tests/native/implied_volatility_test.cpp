// implied_volatility (src/pricing/implied_volatility.hpp): round trips price -> vol over a grid
// that spans the solver's documented range, the no-arbitrage bounds, and input validation.
//
// How the round trip judges a point. The solver sees the premium reduced to the undiscounted
// time value, tv = price / DF - max(omega (F - K), 0). Each grid point falls in one class:
//  * zero time value: tv <= 0 in double (the price rounded to its intrinsic value), so the vol is
//    not identifiable: the solver must return PRICE_OUT_OF_BOUNDS on "price";
//  * underflowed time value: 0 < tv <= 1e-300 F (subnormal or nearly so): also not to be solved,
//    PRICE_OUT_OF_BOUNDS (checked in its own test, RejectsUnderflowedTimeValue);
//  * well conditioned: the rounding of the double price alone moves the vol by at most 1e-10
//    relative. There |vol_solved / vol - 1| <= 1e-10 is required;
//  * ill conditioned by its input: rounding the price to a double already moves the vol by more
//    than 1e-10. On this grid: in the money with a time value below ~1e-5 of the price, and
//    vol 500 % for 5 years (total vol 11), where the call is within 1e-8 of its upper bound F DF.
//    No solver can do better than its input there; it must still succeed and be within that
//    uncertainty. That bound is a linearisation and can exceed 100 % of the vol (it then admits
//    almost any vol), so the solved vol must also reprice the input: the pricing formula at the
//    solved vol gives the input premium to within kRepriceUlps eps of the size of its terms (the
//    legs below, at the given and at the solved vol, plus the price).
// The uncertainty is the standard forward-error bound, computed independently with std::erfc:
//   dvol / vol = 4 eps (|spot leg| + |strike leg| + price) / (vega vol),
// the legs being DF F N(omega d1) and DF K N(omega d2) of the pricing formula.
// Counts of each class are printed; the zero-time-value points must all lie at least 7 standard
// deviations (|ln(K/F)| >= 7 vol sqrt(t)) from the money: in the money the time value drops below
// one ulp of the price from about 8.5 sd, out of the money the price underflows to 0 from about
// 37 sd.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "common/checks.hpp"
#include "pricing/implied_volatility.hpp"
#include "pricing/normal.hpp"
#include "pricing/price_option.hpp"
#include "test_support.hpp"

namespace {

using marginkit::ErrorCode;
using marginkit::Greeks;
using marginkit::ImpliedVolRequest;
using marginkit::OptionSpec;
using marginkit::OptionType;
using marginkit::PricingModel;
using marginkit::Settlement;
using marginkit::Status;
using marginkit::test::num;

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
constexpr double kVolTolerance = 1e-10;      // relative, on the solved vol
constexpr double kUnderflowTimeValue = 1e-300;  // times F: time values this small are rejected
// Ill-conditioned points: the solved vol reprices the input premium within this many eps of the
// size of the terms the price is made of (the rounding of pricing it, at either vol).
constexpr double kRepriceUlps = 8.0;
// The solver rebuilds the premium from terms of the same size as the pricer's (the discount
// factor, the forward, the two legs), so its own rounding moves the vol about as much as the
// input's does: a solved vol is held to twice the input's uncertainty. Needed only at total vols
// near 10 (t = 100, vol 1 in DenseGridNeverFailsToConverge), where the exact root of the double
// premium, found in 50-digit arithmetic, is 1 + 1e-12 and the solver's 1 - 1.07e-10.
constexpr double kSolverRounding = 2.0;

struct Point {
  ImpliedVolRequest request;  // price filled in from price_option
  double vol;                 // the vol the price was made with
  double forward;             // as the solver computes it
};

// The forward as the solver computes it.
double forward_of(PricingModel model, double underlying, double t, double rate, double carry) {
  return model == PricingModel::black76 ? underlying : underlying * std::exp((rate - carry) * t);
}

std::string describe(const Point& p) {
  const ImpliedVolRequest& r = p.request;
  return marginkit::test::name(r.type) + " " + marginkit::test::name(r.model) + " " +
         marginkit::test::name(r.settlement) + ": underlying=" + num(r.underlying) +
         " strike=" + num(r.strike) + " (K/F=" + num(r.strike / p.forward) + ") t=" + num(r.t) +
         " rate=" + num(r.rate) + " carry=" + num(r.carry) + " vol=" + num(p.vol) +
         " price=" + num(r.price);
}

// Prices the option with price_option and returns the point to solve.
Point make_point_at(OptionType type, PricingModel model, Settlement settlement, double underlying,
                    double strike, double t, double vol, double rate, double carry) {
  OptionSpec spec;
  spec.type = type;
  spec.model = model;
  spec.settlement = settlement;
  spec.underlying = underlying;
  spec.strike = strike;
  spec.carry = model == PricingModel::black76 ? 0.0 : carry;
  spec.rate = rate;
  spec.t = t;
  spec.vol = vol;
  Greeks g;
  const Status status = marginkit::price_option(spec, g);
  EXPECT_TRUE(status.ok()) << status.message;

  Point p;
  p.request.type = type;
  p.request.model = model;
  p.request.settlement = settlement;
  p.request.underlying = spec.underlying;
  p.request.strike = spec.strike;
  p.request.t = t;
  p.request.rate = rate;
  p.request.carry = spec.carry;
  p.request.price = g.price;
  p.vol = vol;
  p.forward = forward_of(model, underlying, t, rate, spec.carry);
  return p;
}

// The same, with the strike given as a multiple of the forward.
Point make_point(OptionType type, PricingModel model, Settlement settlement, double strike_over_forward,
                 double t, double vol, double rate, double carry) {
  const double underlying = 100.0;
  const double forward =
      forward_of(model, underlying, t, rate, model == PricingModel::black76 ? 0.0 : carry);
  return make_point_at(type, model, settlement, underlying, strike_over_forward * forward, t, vol,
                       rate, carry);
}

// at_upper_bound: the premium rounded to its upper bound (discounted forward for a call, strike for
// a put), the limit of an infinite vol; like a zero time value it carries no vol.
enum class Kind { well_conditioned, ill_conditioned, zero_time_value, underflowed_time_value, at_upper_bound };

struct Assessment {
  Kind kind;
  double time_value;   // undiscounted, USD
  double uncertainty;  // relative vol uncertainty from the price's rounding
  // The uncertainty is a linearisation: vega changes by |d1 d2| * uncertainty of itself across it
  // (volga / vega = d1 d2 / vol). Where that exceeds 1/2 (total vols of 10 and more, premiums a few
  // ulps from their upper bound) the bound is meaningless and only the repricing judges the vol.
  bool linear = true;
};

Assessment assess(const Point& p) {
  const ImpliedVolRequest& r = p.request;
  const double omega = r.type == OptionType::call ? 1.0 : -1.0;
  const double df = std::exp(-r.rate * r.t);
  const double f = p.forward;
  const double k = r.strike;
  const double price_usd = r.settlement == Settlement::inverse ? r.price * r.underlying : r.price;
  const double time_value = price_usd / df - std::max(omega * (f - k), 0.0);
  if (!(time_value > 0.0)) return {Kind::zero_time_value, time_value, 0.0};
  if (time_value <= kUnderflowTimeValue * f) return {Kind::underflowed_time_value, time_value, 0.0};
  if (!(price_usd / df < (omega > 0.0 ? f : k))) return {Kind::at_upper_bound, time_value, 0.0};

  const double total_vol = p.vol * std::sqrt(r.t);
  const double d1 = std::log(f / k) / total_vol + 0.5 * total_vol;
  const double d2 = d1 - total_vol;
  const double legs = df * (f * marginkit::test::ref_normal_cdf(omega * d1) +
                            k * marginkit::test::ref_normal_cdf(omega * d2));
  const double vega = df * f * marginkit::test::ref_normal_pdf(d1) * std::sqrt(r.t);
  // In inverse settlement the coin price is one more rounding away from the USD one.
  const double rounding = (r.settlement == Settlement::inverse ? 6.0 : 4.0) * kEpsilon;
  const double uncertainty = rounding * (legs + price_usd) / (vega * p.vol);
  return {uncertainty <= kVolTolerance ? Kind::well_conditioned : Kind::ill_conditioned,
          time_value, uncertainty, std::fabs(d1 * d2) * uncertainty <= 0.5};
}

// Legs of the pricing formula at `vol`, DF (F N(omega d1) + K N(omega d2)), in the premium's
// quote (coins when inverse): the size of the terms the premium is the difference of.
double legs_in_quote(const Point& p, double vol) {
  const ImpliedVolRequest& r = p.request;
  const double omega = r.type == OptionType::call ? 1.0 : -1.0;
  const double df = std::exp(-r.rate * r.t);
  const double total_vol = vol * std::sqrt(r.t);
  const double d1 = std::log(p.forward / r.strike) / total_vol + 0.5 * total_vol;
  const double d2 = d1 - total_vol;
  const double legs = df * (p.forward * marginkit::test::ref_normal_cdf(omega * d1) +
                            r.strike * marginkit::test::ref_normal_cdf(omega * d2));
  return r.settlement == Settlement::inverse ? legs / r.underlying : legs;
}

// The premium at `vol` by the engine's pricing formula for the request's inputs, unchecked: the
// repricing judges the vol's fit; SolvedVolsAreInThePricersRange judges its range.
double price_at(const Point& p, double vol) {
  const ImpliedVolRequest& r = p.request;
  OptionSpec spec;
  spec.type = r.type;
  spec.model = r.model;
  spec.settlement = r.settlement;
  spec.underlying = r.underlying;
  spec.strike = r.strike;
  spec.t = r.t;
  spec.rate = r.rate;
  spec.carry = r.carry;
  spec.vol = vol;
  return marginkit::price_option_unchecked(spec).price;
}

// The full grid of the brief: strikes 0.2x-5x the forward, one hour to five years, vols 1 %-500 %.
std::vector<Point> round_trip_grid() {
  const double strikes[] = {0.2, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.5, 2.0, 3.0, 5.0};
  const double times[] = {1.0 / 8760, 1.0 / 365, 7.0 / 365, 30.0 / 365, 0.25, 1.0, 2.0, 5.0};
  const double vols[] = {0.01, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0, 5.0};
  const double rates[] = {0.0, 0.05, -0.01};
  std::vector<Point> points;
  for (PricingModel model : {PricingModel::bsm, PricingModel::black76}) {
    for (OptionType type : {OptionType::call, OptionType::put}) {
      for (double rate : rates) {
        for (double k : strikes) {
          for (double t : times) {
            for (double vol : vols) {
              points.push_back(make_point(type, model, Settlement::linear, k, t, vol, rate, 0.02));
            }
          }
        }
      }
    }
  }
  return points;
}

struct Tally {
  int well = 0, ill = 0, ill_beyond_tolerance = 0, ill_refused = 0, zero = 0, zero_otm = 0, underflowed = 0;
  int at_upper_bound = 0, no_convergence = 0;
  int ill_nonlinear = 0;  // ill conditioned, beyond 2x the (invalid) linear bound: judged by repricing
  int well_beyond_tolerance = 0;  // well conditioned, beyond 1e-10 but within 2x the uncertainty
  int beyond_uncertainty = 0;  // ill conditioned, beyond the uncertainty but within 2x it
  double worst_well = 0.0;  // largest |vol_solved / vol - 1| among well-conditioned points
  double worst_reprice = 0.0;  // largest repricing gap of an ill-conditioned point, in its eps units
};

// Failures are reported through GoogleTest, the first `shown` of them in full (a dense grid that
// breaks would otherwise print thousands); all are counted.
struct Failures {
  int count = 0;
  int shown = std::numeric_limits<int>::max();
  void check(bool ok, const std::string& what) {
    if (ok) return;
    if (count++ < shown) ADD_FAILURE() << what;
  }
};

// Checks one point according to its class.
void check_round_trip(const Point& p, Tally& tally, Failures& failures) {
  const Assessment a = assess(p);
  double solved = -1.0;
  const Status status = marginkit::implied_volatility(p.request, solved);
  const double error = std::fabs(solved / p.vol - 1.0);
  const std::string report = describe(p) + "\n    time value (undiscounted): " +
                             num(a.time_value) + "\n    status: " +
                             marginkit::test::name(status.code) + " " + status.message +
                             "\n    expected vol: " + num(p.vol) + "\n    calculated:   " +
                             num(solved) + "\n    error (relative): " + num(error);
  if (status.code == ErrorCode::NO_CONVERGENCE) ++tally.no_convergence;
  auto refused_on_price = [&](ErrorCode expected, const char* why) {
    failures.check(status.code == expected && status.field == "price",
                   std::string(why) + ": expected " + marginkit::test::name(expected) +
                       " on price\n  " + report);
    failures.check(solved == -1.0, "vol written on failure: " + report);
  };
  switch (a.kind) {
    case Kind::zero_time_value: {
      ++tally.zero;
      if (p.request.price == 0.0) ++tally.zero_otm;
      refused_on_price(ErrorCode::PRICE_OUT_OF_BOUNDS, "zero time value");
      const double sd = std::fabs(std::log(p.request.strike / p.forward)) /
                        (p.vol * std::sqrt(p.request.t));
      failures.check(sd >= 7.0, "vol unidentifiable this close to the money (" + num(sd) +
                                    " sd): " + report);
      break;
    }
    case Kind::underflowed_time_value:
      ++tally.underflowed;
      refused_on_price(ErrorCode::PRICE_OUT_OF_BOUNDS, "time value <= 1e-300 F");
      break;
    case Kind::at_upper_bound:
      ++tally.at_upper_bound;
      refused_on_price(ErrorCode::PRICE_OUT_OF_BOUNDS, "premium at its upper bound");
      break;
    case Kind::well_conditioned: {
      ++tally.well;
      if (status.ok()) tally.worst_well = std::max(tally.worst_well, error);
      // Where the input's uncertainty is close to 1e-10, the solver's own rounding (see
      // kSolverRounding) can take it past: allowed up to that.
      if (status.ok() && error > kVolTolerance) ++tally.well_beyond_tolerance;
      const double tolerance = std::max(kVolTolerance, kSolverRounding * a.uncertainty);
      failures.check(status.ok() && error <= tolerance,
                     "well conditioned: " + report + "\n    tolerance: " + num(tolerance) +
                         " (input uncertainty " + num(a.uncertainty) + ")");
      break;
    }
    case Kind::ill_conditioned: {
      ++tally.ill;
      if (!status.ok()) {
        // Only where the premium pins the vol down so loosely (uncertainty above 100 %) that the
        // best fit lies outside the vols the pricer takes: refused, not handed out.
        failures.check(status.code == ErrorCode::OUT_OF_RANGE && status.field == "price" &&
                           a.uncertainty > 1.0,
                       "ill conditioned, refused: " + report + "\n    input uncertainty " +
                           num(a.uncertainty) + " (a refusal needs OUT_OF_RANGE on price and > 1)");
        ++tally.ill_refused;
        break;
      }
      if (error > kVolTolerance) ++tally.ill_beyond_tolerance;
      if (!a.linear && error > kSolverRounding * a.uncertainty) ++tally.ill_nonlinear;
      if (error > a.uncertainty) ++tally.beyond_uncertainty;
      failures.check(!a.linear || error <= kSolverRounding * a.uncertainty,
                     "ill conditioned: " + report + "\n    tolerance: " + num(kSolverRounding) +
                         " x the input's own uncertainty " + num(a.uncertainty));
      // The uncertainty is a linearisation (above 100 % of the vol it admits almost anything):
      // the solved vol must also give back the input premium, to the rounding of its terms.
      const double scale =
          kEpsilon * (legs_in_quote(p, p.vol) + legs_in_quote(p, solved) + p.request.price);
      const double gap = std::fabs(price_at(p, solved) - p.request.price);
      tally.worst_reprice = std::max(tally.worst_reprice, gap / scale);
      failures.check(gap <= kRepriceUlps * scale,
                     "ill conditioned: " + report + "\n    price at the solved vol: " +
                         num(price_at(p, solved)) + " (off by " + num(gap) + ", " +
                         num(gap / scale) + " eps of the legs; allowed " + num(kRepriceUlps) + ")");
      break;
    }
  }
}

void check_round_trip(const Point& p, Tally& tally) {
  Failures failures;
  check_round_trip(p, tally, failures);
}

TEST(ImpliedVolatility, RoundTripsOverTheGrid) {
  const std::vector<Point> points = round_trip_grid();
  Tally tally;
  for (const Point& p : points) check_round_trip(p, tally);
  const int total = static_cast<int>(points.size());
  std::cout << "[ info     ] " << total << " points: " << tally.well
            << " well conditioned (largest error " << tally.worst_well << "), " << tally.ill
            << " ill conditioned by the double price (" << tally.ill_beyond_tolerance
            << " of them beyond 1e-10, all within the input's uncertainty and repricing it to "
            << tally.worst_reprice << " eps of the legs; " << tally.ill_refused
            << " refused as OUT_OF_RANGE, their best fit beyond the pricer's vols), " << tally.zero
            << " with zero time value (PRICE_OUT_OF_BOUNDS; " << tally.zero_otm
            << " of them out of the money with a price of 0), " << tally.underflowed
            << " with an underflowed time value\n";
  // Documented fractions for this grid: the zero-time-value points are the short-dated,
  // low-vol corners (|ln(K/F)| >= 7 sd; e.g. vol 1 % for one hour is 1e-4 total vol, so every
  // strike but the forward is there) -- 2576 of 9504, 27 %. Ill conditioned: 856, 9 %.
  EXPECT_LE(tally.zero, total * 30 / 100);
  EXPECT_LE(tally.ill, total * 12 / 100);
  EXPECT_GT(tally.well, total / 2);
  // On this grid the solver is within 1e-10 of every well-conditioned vol and within the input's
  // own uncertainty (not just twice it, kSolverRounding) of every ill-conditioned one.
  EXPECT_EQ(tally.well_beyond_tolerance, 0);
  EXPECT_EQ(tally.beyond_uncertainty, 0);
  // The ill-conditioned checks (uncertainty and repricing) ran on something, and so did the
  // zero-time-value ones.
  EXPECT_GT(tally.ill, 0);
  EXPECT_GT(tally.ill_beyond_tolerance, 0);
  EXPECT_GT(tally.zero, 0);
  // Refusals are the rare exception (63 points, 7 premiums, when found), not a way out.
  EXPECT_LE(tally.ill_refused, tally.ill / 10);
}

// Time values below 1e-300 F are subnormal or nearly so (a few significant bits at most): the
// contract is PRICE_OUT_OF_BOUNDS rather than a vol fitted to them.
TEST(ImpliedVolatility, RejectsUnderflowedTimeValue) {
  int underflowed = 0;
  for (const Point& p : round_trip_grid()) {
    const Assessment a = assess(p);
    if (a.kind != Kind::underflowed_time_value) continue;
    ++underflowed;
    double solved = -1.0;
    const Status status = marginkit::implied_volatility(p.request, solved);
    EXPECT_EQ(status.code, ErrorCode::PRICE_OUT_OF_BOUNDS)
        << describe(p) << "\n    time value (undiscounted): " << num(a.time_value)
        << " (<= 1e-300 F)\n    calculated vol: " << num(solved)
        << " (relative error " << num(std::fabs(solved / p.vol - 1.0)) << ")";
    if (!status.ok()) EXPECT_EQ(status.field, "price");
  }
  std::cout << "[ info     ] " << underflowed << " grid points with 0 < time value <= 1e-300 F\n";
  EXPECT_GT(underflowed, 0) << "the grid has no underflowed time value: nothing was checked";
}

// A solved vol is one the engine can price with (price_option takes vols in [kMinVolatility,
// kMaxVolatility] = [1e-4, 10]). Found by this test: 63 of the grid's ill-conditioned points (one-
// hour deep in-the-money calls whose time value is an ulp or two of the price, e.g. bsm call
// S = 100, K = 20.000068493267971, t = 1/8760, r = 0.05, q = 0.02, price 79.999817351806684)
// solved to vols like 19.75 that price_option refuses; they are now OUT_OF_RANGE on "price".
TEST(ImpliedVolatility, SolvedVolsAreInThePricersRange) {
  int solved_count = 0;
  for (const Point& p : round_trip_grid()) {
    double solved = -1.0;
    if (!marginkit::implied_volatility(p.request, solved).ok()) continue;
    ++solved_count;
    EXPECT_GE(solved, 1e-4) << describe(p) << "\n    solved vol " << num(solved);
    EXPECT_LE(solved, 10.0) << describe(p) << "\n    solved vol " << num(solved);
  }
  EXPECT_GT(solved_count, 0);
}

// The reported case: a bsm put at the money spot, S = K = 100, t = 5, vol 0.2, r = 0.03, q = 0.01,
// priced by price_option itself, was NO_CONVERGENCE while prices an ulp either side solved. Its
// forward is S e^(0.1), and vol^2 t / 2 = 0.1 too, so d2 = 0: the solver's first guess (the
// inflection point of the out-of-the-money value, total vol sqrt(2 |ln(F/K)|)) is the root to the
// last bit. The bracket search then stopped at once with lo == hi, Boost's newton_raphson_iterate
// refused that zero-width range without iterating, and the untouched iteration budget read as
// "did not converge".
TEST(ImpliedVolatility, RegressionAtTheMoneySpotPutWhoseFirstGuessIsTheRoot) {
  OptionSpec spec;
  spec.type = OptionType::put;
  spec.model = PricingModel::bsm;
  spec.underlying = 100;
  spec.strike = 100;
  spec.t = 5;
  spec.vol = 0.2;
  spec.rate = 0.03;
  spec.carry = 0.01;
  Greeks g;
  ASSERT_TRUE(marginkit::price_option(spec, g).ok());
  EXPECT_NEAR(g.price, 11.895912142909307, 1e-13);  // as reported (the pricer then used erfc)
  ImpliedVolRequest request;
  request.type = spec.type;
  request.model = spec.model;
  request.underlying = spec.underlying;
  request.strike = spec.strike;
  request.t = spec.t;
  request.rate = spec.rate;
  request.carry = spec.carry;
  // The reported premium and price_option's own, and their neighbours a few ulps either side; and
  // around the discounted value of the put at the solver's first guess (total vol sqrt(2 ln(F/K)),
  // here the root itself), whatever the last bits of the normal distribution: some of these
  // premiums make the first guess an exact root (the bracket of zero width).
  const double forward = 100.0 * std::exp((0.03 - 0.01) * 5.0);
  const double guess = std::sqrt(2.0 * std::log(forward / 100.0));
  const double d1 = std::log(forward / 100.0) / guess + 0.5 * guess;
  const double at_guess = std::exp(-0.03 * 5.0) * (100.0 * marginkit::normal_cdf(-(d1 - guess)) -
                                                   forward * marginkit::normal_cdf(-d1));
  for (const double premium : {11.895912142909307, g.price, at_guess}) {
    double price = premium;
    for (int i = 0; i < 4; ++i) price = std::nextafter(price, 0.0);
    for (int i = -4; i <= 4; ++i, price = std::nextafter(price, 1e300)) {
      request.price = price;
      double vol = -1.0;
      const Status status = marginkit::implied_volatility(request, vol);
      ASSERT_TRUE(status.ok()) << "price " << num(price) << " (" << i << " ulps from " << num(premium)
                               << "): " << marginkit::test::name(status.code) << " " << status.message;
      EXPECT_NEAR(vol, 0.2, 1e-13) << "price " << num(price);
    }
  }
}

// Every premium a dense grid of ordinary inputs produces either round-trips (well conditioned:
// within 1e-10; ill conditioned: within its own uncertainty, repricing itself) or is refused for a
// stated reason (no time value, an underflowed one, a premium at its upper bound, or a best fit
// outside the pricer's vols) -- never NO_CONVERGENCE. Strikes: multiples of the forward around it,
// the forward itself and its neighbouring doubles (where the out-of-the-money side flips), the spot,
// and the two strikes F e^(+-s^2/2) at which the solver's first guess is the root itself (d1 = 0
// for a call, d2 = 0 for a put), the reported case's geometry.
TEST(ImpliedVolatility, DenseGridNeverFailsToConverge) {
  const double forward_multiples[] = {0.25, 0.5, 0.8, 0.9, 0.97, 0.99, 0.999, 1.0,
                                      1.001, 1.01, 1.03, 1.1, 1.25, 2.0, 4.0};
  const double times[] = {1.0 / 8760, 1.0 / 365, 7.0 / 365, 30.0 / 365, 0.25, 0.5, 1.0,
                          2.0,        3.0,       5.0,       10.0,       30.0, 100.0};
  const double vols[] = {0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 2.0, 3.0, 5.0};
  const double rates[] = {-0.01, 0.0, 0.01, 0.03, 0.05, 0.1};
  const double carries[] = {-0.02, 0.0, 0.01, 0.03, 0.05};
  const double underlying = 100.0;
  Tally tally;
  Failures failures;
  failures.shown = 20000;
  int points = 0;
  for (PricingModel model : {PricingModel::bsm, PricingModel::black76}) {
    for (Settlement settlement : {Settlement::linear, Settlement::inverse}) {
      for (OptionType type : {OptionType::call, OptionType::put}) {
        for (double rate : rates) {
          for (double carry : carries) {
            if (model == PricingModel::black76 && carry != 0.0) continue;  // ignored by black76
            for (double t : times) {
              const double forward = forward_of(model, underlying, t, rate, carry);
              for (double vol : vols) {
                std::vector<double> strikes;
                for (double m : forward_multiples) strikes.push_back(m * forward);
                strikes.push_back(std::nextafter(forward, 0.0));
                strikes.push_back(std::nextafter(forward, 1e300));
                strikes.push_back(underlying);
                const double half_variance = 0.5 * vol * vol * t;
                strikes.push_back(forward * std::exp(half_variance));
                strikes.push_back(forward * std::exp(-half_variance));
                for (double strike : strikes) {
                  if (strike < marginkit::kMinPrice || strike > marginkit::kMaxPrice) continue;
                  check_round_trip(make_point_at(type, model, settlement, underlying, strike, t,
                                                 vol, rate, carry),
                                   tally, failures);
                  ++points;
                }
              }
            }
          }
        }
      }
    }
  }
  std::cout << "[ info     ] " << points << " points: " << tally.well
            << " well conditioned (largest error " << tally.worst_well << "), " << tally.ill
            << " ill conditioned (" << tally.ill_beyond_tolerance << " beyond 1e-10, repricing to "
            << tally.worst_reprice << " eps of the legs; " << tally.ill_refused
            << " refused as OUT_OF_RANGE), refused as PRICE_OUT_OF_BOUNDS: " << tally.zero
            << " with zero time value, " << tally.underflowed << " underflowed, "
            << tally.at_upper_bound << " at the upper bound; beyond the linear bound, judged by "
            << "repricing: " << tally.ill_nonlinear << "; within 2x but not 1x the input's "
            << "uncertainty: " << tally.well_beyond_tolerance << " well + " << tally.beyond_uncertainty
            << " ill conditioned; NO_CONVERGENCE: "
            << tally.no_convergence << "; failed checks: " << failures.count << "\n";
  EXPECT_EQ(tally.no_convergence, 0);
  EXPECT_EQ(failures.count, 0);
  EXPECT_GT(tally.well, points / 2);
}

// Coin-settled: the premium is in coins (value_usd / S).
TEST(ImpliedVolatility, InverseSettlementRoundTrip) {
  Tally tally;
  for (PricingModel model : {PricingModel::bsm, PricingModel::black76}) {
    for (OptionType type : {OptionType::call, OptionType::put}) {
      for (double k : {0.5, 0.8, 1.0, 1.25, 2.0}) {
        for (double t : {7.0 / 365, 0.25, 1.0}) {
          for (double vol : {0.2, 0.8, 2.0}) {
            for (double rate : {0.0, 0.05}) {
              check_round_trip(make_point(type, model, Settlement::inverse, k, t, vol, rate, 0.03),
                               tally);
            }
          }
        }
      }
    }
  }
  EXPECT_GT(tally.well, 0);
}

// ---------------------------------------------------------------------------------------------
// Prices at or outside the no-arbitrage bounds: discounted intrinsic < price < discounted
// forward (calls) or discounted strike (puts). Bounds computed here from the inputs.

struct BoundCase {
  const char* what;
  OptionType type;
  PricingModel model;
  Settlement settlement;
  double underlying, strike, t, rate, carry;
  double price;
  ErrorCode expected;
};

std::vector<BoundCase> bound_cases() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const auto call = OptionType::call;
  const auto put = OptionType::put;
  const auto bsm = PricingModel::bsm;
  const auto b76 = PricingModel::black76;
  const auto lin = Settlement::linear;
  const auto inv = Settlement::inverse;
  const auto oob = ErrorCode::PRICE_OUT_OF_BOUNDS;
  // With r = q = 0 the bounds are exact: intrinsic max(S - K, 0), upper S (call) or K (put).
  std::vector<BoundCase> cases = {
      {"call below intrinsic", call, bsm, lin, 100, 80, 1, 0, 0, 19.5, oob},
      {"call equal to intrinsic", call, bsm, lin, 100, 80, 1, 0, 0, 20.0, oob},
      {"call at the upper bound S", call, bsm, lin, 100, 80, 1, 0, 0, 100.0, oob},
      {"call above the upper bound", call, bsm, lin, 100, 80, 1, 0, 0, 150.0, oob},
      {"OTM call at zero (its intrinsic)", call, bsm, lin, 100, 120, 1, 0, 0, 0.0, oob},
      {"call, negative price", call, bsm, lin, 100, 120, 1, 0, 0, -1.0, oob},
      {"put below intrinsic", put, bsm, lin, 100, 120, 1, 0, 0, 19.0, oob},
      {"put equal to intrinsic", put, bsm, lin, 100, 120, 1, 0, 0, 20.0, oob},
      {"put at the upper bound K", put, bsm, lin, 100, 120, 1, 0, 0, 120.0, oob},
      {"put above the upper bound", put, bsm, lin, 100, 120, 1, 0, 0, 121.0, oob},
      {"OTM put at zero", put, b76, lin, 100, 80, 1, 0, 0, 0.0, oob},
      {"put, negative price", put, b76, lin, 100, 80, 1, 0, 0, -1e-9, oob},
      {"call, NaN price", call, bsm, lin, 100, 100, 1, 0, 0, nan, ErrorCode::NOT_FINITE},
      {"put, +inf price", put, b76, lin, 100, 100, 1, 0, 0, inf, ErrorCode::NOT_FINITE},
      {"call, -inf price", call, b76, lin, 100, 100, 1, 0, 0, -inf, ErrorCode::NOT_FINITE},
      {"inverse call at 1 coin (upper bound)", call, b76, inv, 50000, 40000, 1, 0, 0, 1.0, oob},
      {"inverse call at intrinsic 0.2 coin", call, b76, inv, 50000, 40000, 1, 0, 0, 0.2, oob},
      {"inverse put at K/S coins (upper bound)", put, b76, inv, 50000, 60000, 1, 0, 0, 1.2, oob},
  };
  // With rates, a margin of 1e-9 relative keeps clear of rounding in the bounds themselves.
  const double r = 0.05, q = 0.02, t = 0.5;
  const double df = std::exp(-r * t), yf = std::exp(-q * t);
  const double s = 100, k_itm_call = 80, k_itm_put = 125;
  const double call_intrinsic = s * yf - k_itm_call * df;  // discounted
  const double put_intrinsic = k_itm_put * df - s * yf;
  const double margin = 1e-9;
  cases.push_back({"bsm call just below disc. intrinsic", call, bsm, lin, s, k_itm_call, t, r, q,
                   call_intrinsic * (1 - margin), oob});
  cases.push_back({"bsm call just above S e^(-qt)", call, bsm, lin, s, k_itm_call, t, r, q,
                   s * yf * (1 + margin), oob});
  cases.push_back({"bsm put just below disc. intrinsic", put, bsm, lin, s, k_itm_put, t, r, q,
                   put_intrinsic * (1 - margin), oob});
  cases.push_back({"bsm put just above K e^(-rt)", put, bsm, lin, s, k_itm_put, t, r, q,
                   k_itm_put * df * (1 + margin), oob});
  cases.push_back({"black76 call just below e^(-rt)(F-K)", call, b76, lin, s, k_itm_call, t, r, 0,
                   (s - k_itm_call) * df * (1 - margin), oob});
  cases.push_back({"black76 call just above F e^(-rt)", call, b76, lin, s, k_itm_call, t, r, 0,
                   s * df * (1 + margin), oob});
  return cases;
}

TEST(ImpliedVolatility, PricesOutsideTheNoArbitrageBoundsAreRejected) {
  for (const BoundCase& c : bound_cases()) {
    ImpliedVolRequest request;
    request.type = c.type;
    request.model = c.model;
    request.settlement = c.settlement;
    request.underlying = c.underlying;
    request.strike = c.strike;
    request.t = c.t;
    request.rate = c.rate;
    request.carry = c.carry;
    request.price = c.price;
    double vol = -1.0;
    const Status status = marginkit::implied_volatility(request, vol);
    const std::string inputs = std::string(c.what) + ": " + marginkit::test::name(c.type) + " " +
                               marginkit::test::name(c.model) + " " +
                               marginkit::test::name(c.settlement) + " underlying=" +
                               num(c.underlying) + " strike=" + num(c.strike) + " t=" + num(c.t) +
                               " rate=" + num(c.rate) + " carry=" + num(c.carry) +
                               " price=" + num(c.price);
    EXPECT_EQ(status.code, c.expected) << inputs << "\n    expected " << marginkit::test::name(c.expected)
                                       << ", got " << marginkit::test::name(status.code) << " "
                                       << status.message << " (vol " << num(vol) << ")";
    EXPECT_EQ(status.field, "price") << inputs;
    EXPECT_EQ(vol, -1.0) << "vol written on failure: " << inputs;
  }
}

// The other inputs are validated like price_option's, naming the field.
TEST(ImpliedVolatility, InvalidInputsNameTheirField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ImpliedVolRequest good;
  good.type = OptionType::call;
  good.underlying = 100;
  good.strike = 100;
  good.t = 1;
  good.rate = 0.01;
  good.price = 8;
  double vol = -1.0;
  ASSERT_TRUE(marginkit::implied_volatility(good, vol).ok());
  const struct {
    const char* what;
    double ImpliedVolRequest::*member;
    double value;
    ErrorCode code;
    const char* field;
  } cases[] = {
      {"NaN underlying", &ImpliedVolRequest::underlying, nan, ErrorCode::NOT_FINITE, "underlying"},
      {"zero underlying", &ImpliedVolRequest::underlying, 0, ErrorCode::NON_POSITIVE, "underlying"},
      {"negative strike", &ImpliedVolRequest::strike, -5, ErrorCode::NON_POSITIVE, "strike"},
      {"t = 0", &ImpliedVolRequest::t, 0, ErrorCode::INSTRUMENT_EXPIRED, "t"},
      {"t > 100", &ImpliedVolRequest::t, 101, ErrorCode::OUT_OF_RANGE, "t"},
      {"NaN t", &ImpliedVolRequest::t, nan, ErrorCode::NOT_FINITE, "t"},
      {"rate 6", &ImpliedVolRequest::rate, 6, ErrorCode::OUT_OF_RANGE, "rate"},
      {"NaN carry", &ImpliedVolRequest::carry, nan, ErrorCode::NOT_FINITE, "carry"},
  };
  for (const auto& c : cases) {
    ImpliedVolRequest request = good;
    request.*c.member = c.value;
    vol = -1.0;
    const Status status = marginkit::implied_volatility(request, vol);
    EXPECT_EQ(status.code, c.code) << c.what << ": got " << marginkit::test::name(status.code);
    EXPECT_EQ(status.field, c.field) << c.what;
    EXPECT_EQ(vol, -1.0) << c.what;
  }
  ImpliedVolRequest bad_type = good;
  bad_type.type = static_cast<OptionType>(3);
  const Status status = marginkit::implied_volatility(bad_type, vol);
  EXPECT_EQ(status.code, ErrorCode::INVALID_ENUM);
  EXPECT_EQ(status.field, "type");
}

}  // namespace
