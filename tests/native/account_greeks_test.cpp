// Account and position Greeks (account_risk.hpp UnderlyingGreeks, PositionValue) as derivatives
// of the engine's own revaluation rule (README "Account risk"): with an underlying's index moved
// by a ratio r, every forward and futures mark moves by r, smile vols are read at the same
// moneyness (the snapshot's smile at K / r), vols implied from option marks are held, and
// collateral priced by that coin moves by r (collateral_value_usd). So, for random books:
//  - deltaCoins = d equity / d index and gammaPerUsd = d2 equity / d index2, against central
//    differences of underlying_totals(..., r) (the rule as the liquidation search uses it), per
//    underlying and per position (value_position);
//  - gammaPerUsd = d deltaCoins / d index, against a central difference of the delta reported
//    on markets moved by hand (index, forwards, futures marks, smile strikes and the coin's
//    collateral price scaled by r), for books whose option vols do not come from marks;
//  - a coin balance priced below its index (a haircut in collateralPrices) counts in delta at
//    amount x price / index, worked out here by hand.
// Option strikes are kept 0.5 % or more from every smile strike: there the smile's slope in
// ln(strike) changes, equity has a kink in the index and neither difference is a derivative.
// At a smile strike itself, delta is the mean of equity's one-sided derivatives (checked apart).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "margin/account_risk.hpp"
#include "margin_test_support.hpp"
#include "market/market_lookup.hpp"

namespace marginkit {
namespace {

using test::kDec27_0800;
using test::kMsPerDay;
using test::kNov24_0800;
using test::num;
using test::position;

// Option expiries (08:00 UTC) and where they sit against the smile's slices below: before the
// first slice, on one, between two (total variance blended), after the last.
struct Expiry {
  const char* code;
  TimestampMs time;
};
const Expiry kOptionExpiries[] = {{"4DEC26", kNov24_0800 + 10 * kMsPerDay},
                                  {"27DEC26", kDec27_0800},
                                  {"29JAN27", kDec27_0800 + 33 * kMsPerDay},
                                  {"26MAR27", kDec27_0800 + 89 * kMsPerDay}};
const TimestampMs kSliceExpiries[] = {kNov24_0800 + 20 * kMsPerDay, kDec27_0800, kDec27_0800 + 59 * kMsPerDay};

struct Book {
  Account account;
  MarketSnapshot market;
  bool option_marks = false;  // some option vol comes from markPrices (not movable by hand)
};

class BookMaker {
 public:
  explicit BookMaker(std::uint64_t seed) : rng_(seed) {}

  Book make() {
    Book book;
    const double index = uniform(40000.0, 160000.0);
    auto btc = test::underlying_market("BTC", index, 0.0, pick(2) ? 0.0 : uniform(0.0, 0.06));
    if (pick(2)) {
      btc.forwards = {{kDec27_0800, index * uniform(0.99, 1.03)},
                      {kOptionExpiries[3].time, index * uniform(1.0, 1.06)}};
    }
    std::vector<double> smile_strikes;
    const int vols_kind = pick(3);  // 0 flat, 1 sorted smile, 2 smile in no order (a hand-built surface)
    if (vols_kind == 0) {
      btc.vols.flat_vol = uniform(0.3, 1.1);
    } else {
      for (TimestampMs expiry : kSliceExpiries) {
        // Five strikes at no round number (option strikes are multiples of 100), a skew or a smile.
        const double skew = uniform(-0.6, 0.3), curve = uniform(0.0, 0.8), level = uniform(0.35, 0.9);
        for (double x : {-0.45, -0.2, 0.0, 0.15, 0.4}) {
          const double strike = index * std::exp(x + uniform(-0.05, 0.05)) + 0.37;
          btc.vols.smile.push_back({expiry, strike, level + skew * x + curve * x * x});
          smile_strikes.push_back(strike);
        }
      }
      if (vols_kind == 1) sort_smile(btc.vols.smile);
      else std::shuffle(btc.vols.smile.begin(), btc.vols.smile.end(), rng_);
    }
    auto eth = test::underlying_market("ETH", uniform(1500.0, 5000.0), uniform(0.4, 1.0), 0.03);
    book.market = test::market_of({btc, eth});

    const int count = 1 + pick(7);
    for (int i = 0; i < count; ++i) add_position(book, smile_strikes);
    book.account.collateral = {{"USDC", uniform(0.0, 2e5)}, {"BTC", uniform(0.0, 3.0)}, {"ETH", uniform(0.0, 20.0)}};
    // Haircuts: collateral priced below its index (sometimes above: a price is a price).
    if (pick(3)) book.market.collateral_prices["BTC"] = index * uniform(0.7, 1.02);
    if (pick(2)) book.market.collateral_prices["ETH"] = eth.index_price * uniform(0.7, 1.0);
    return book;
  }

 private:
  double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng_); }
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  void add_position(Book& book, const std::vector<double>& smile_strikes) {
    const UnderlyingMarket& btc = book.market.underlyings.at("BTC");
    const double side = pick(2) ? 1.0 : -1.0;
    const int kind = pick(10);
    if (kind >= 6) {
      const char* others[] = {"BTC_USDC-PERPETUAL", "BTC-PERPETUAL", "BTC-27DEC26", "BTC_USDC-27DEC26"};
      const std::string name = kind == 9 && pick(2) ? "BTC_USDC" : others[kind - 6];  // spot, now and then
      const bool usd_sized = name == "BTC-PERPETUAL" || name == "BTC-27DEC26";
      const double size = side * (usd_sized ? uniform(1e3, 3e5) : uniform(0.1, 5.0));
      book.account.positions.push_back(position(name, size, btc.index_price * uniform(0.85, 1.15)));
      if (name != "BTC_USDC" && pick(2)) book.market.mark_prices[name] = btc.index_price * uniform(0.98, 1.03);
      if (pick(4) == 0) {
        book.account.positions.push_back(position("ETH_USDC-PERPETUAL", side * uniform(1.0, 50.0), 3000.0));
      }
      return;
    }
    const Expiry& expiry = kOptionExpiries[pick(4)];
    const double forward = forward_price(btc, book.market.valuation_time, expiry.time);
    double strike = 0.0;
    auto near_smile_strike = [&](double k) {
      for (double s : smile_strikes) {
        if (std::fabs(std::log(k / s)) < 0.005) return true;
      }
      return false;
    };
    do {
      strike = std::max(100.0, std::round(forward * std::exp(uniform(-0.5, 0.5)) / 100.0) * 100.0);
    } while (near_smile_strike(strike));
    const bool inverse = pick(2);
    const bool call = pick(2);
    const std::string name = std::string(inverse ? "BTC-" : "BTC_USDC-") + expiry.code + "-" + num(strike) +
                             (call ? "-C" : "-P");
    book.account.positions.push_back(position(name, side * uniform(0.1, 8.0), inverse ? 0.02 : 2000.0));
    const int mark_kind = pick(6);  // 0: a mark (its implied vol held); 1: a mark at intrinsic
    if (mark_kind > 1) return;
    const double t = years_between(book.market.valuation_time, expiry.time);
    const OptionType type = call ? OptionType::call : OptionType::put;
    const double discount = std::exp(-btc.rate * t);
    const double intrinsic = std::max((call ? 1.0 : -1.0) * (forward - strike), 0.0);
    // A mark at intrinsic only deep in the money, so that its kink at K = F is far away.
    if (mark_kind == 1 && intrinsic < 0.2 * forward) return;
    const double usd = mark_kind == 1 ? discount * intrinsic
                                      : test::ref_black76(type, forward, strike, t, uniform(0.4, 0.9), btc.rate);
    book.market.mark_prices[name] = inverse ? usd / forward : usd;
    book.option_marks = true;
  }

  std::mt19937_64 rng_;
};

// The snapshot with `coin`'s index moved by `ratio` by hand (margin_test_support.hpp), its
// collateral price too (collateral_value_usd moves it by the ratio).
MarketSnapshot moved(const MarketSnapshot& base, const std::string& coin, double ratio) {
  MarketSnapshot m = test::moved_market(base, coin, ratio);
  const auto price = m.collateral_prices.find(coin);
  if (price != m.collateral_prices.end()) price->second *= ratio;
  return m;
}

// Differences with step h = kStep x index, central with one Richardson step (test_support.hpp).
// Truncation is O(h^4) x the fifth derivative: equity varies on the scale of index x vol x
// sqrt(t) >= 0.05 x index here (10 days at 30 %), so (1e-3 / 0.05)^4 ~ 2e-7 of the book's gross
// delta and gamma (sums of |.| over its parts: Greeks can cancel, their gross cannot) at worst,
// and the tolerances below allow 5 times that. Rounding: equity's parts (option values, futures
// notionals, collateral: `size`) each carry ~1e-16 of themselves, which the differences divide by
// h or h^2, times at most 64 for the Richardson combination; allowed on top.
constexpr double kStep = 1e-3;
constexpr double kTruncation = 1e-6;

struct Tolerance {
  double delta = 0.0, gamma = 0.0;
};

Tolerance tolerance(double gross_delta, double gross_gamma, double size, double index) {
  const double h = kStep * index;
  // Rounding of the values differenced: a few ulps natively, but the wasm build (musl's exp and
  // log) was seen 3,000 ulps off on a deep in-the-money call at the zero-vol limit (a second
  // difference of 4.8e-11 against a gamma of 0). 4e-12 of the size covers both.
  const double rounding = 4e-12 * size;
  return {kTruncation * gross_delta + rounding / h, kTruncation * gross_gamma + rounding / (h * h)};
}

// The tolerance for one underlying's Greeks of `risk`.
Tolerance account_tolerance(const AccountRisk& risk, const PreparedAccount& prepared, const UnderlyingGreeks& g) {
  double delta = 0.0, gamma = 0.0, size = 0.0;
  for (std::size_t i = 0; i < risk.positions.size(); ++i) {
    if (prepared.positions[i].position->instrument.underlying != g.underlying) continue;
    const PositionValue& v = risk.positions[i].value;
    delta += std::fabs(v.delta_coins);
    gamma += std::fabs(v.gamma_per_usd);
    size += std::fabs(v.value_usd) + v.notional_usd;
  }
  for (const auto& c : prepared.collateral) {
    if (c.underlying != g.underlying) continue;
    delta += std::fabs(collateral_delta_coins(c));
    size += std::fabs(collateral_value_usd(c));
  }
  return tolerance(delta, gamma, size, g.index);
}

TEST(AccountGreeks, DeltaAndGammaAreDerivativesOfEquityUnderTheRevaluationRule) {
  BookMaker maker(20261124);
  for (int n = 0; n < 400; ++n) {
    const Book book = maker.make();
    PreparedAccount prepared;
    ASSERT_TRUE(prepare_account(book.account, book.market, prepared).ok()) << test::describe(book.account);
    const AccountRisk risk = account_risk(prepared, {});
    for (const UnderlyingGreeks& g : risk.greeks) {
      const double index = g.index;
      auto equity_at = [&](double S) { return underlying_totals(prepared, {}, g.underlying, S / index).equity; };
      const Tolerance tol = account_tolerance(risk, prepared, g);
      EXPECT_NEAR(g.delta_coins, test::fd_first(equity_at, index, kStep * index), tol.delta)
          << "book " << n << " [" << g.underlying << "] " << test::describe(book.account);
      EXPECT_NEAR(g.gamma_per_usd, test::fd_second(equity_at, index, kStep * index), tol.gamma)
          << "book " << n << " [" << g.underlying << "] " << test::describe(book.account);
    }
    // Each position's row by the same rule (value_position along the index).
    for (std::size_t i = 0; i < risk.positions.size(); ++i) {
      const PreparedPosition& p = prepared.positions[i];
      const PositionValue& v = risk.positions[i].value;
      auto value_at = [&](double S) { return value_position(p, {}, S / v.index, false).value_usd; };
      const Tolerance tol = tolerance(std::fabs(v.delta_coins), std::fabs(v.gamma_per_usd),
                                      std::fabs(v.value_usd) + v.notional_usd, v.index);
      EXPECT_NEAR(v.delta_coins, test::fd_first(value_at, v.index, kStep * v.index), tol.delta)
          << "book " << n << " " << risk.positions[i].instrument;
      EXPECT_NEAR(v.gamma_per_usd, test::fd_second(value_at, v.index, kStep * v.index), tol.gamma)
          << "book " << n << " " << risk.positions[i].instrument;
    }
  }
}

// The delta reported on markets moved by hand: its central difference is the gamma reported.
TEST(AccountGreeks, GammaIsTheDerivativeOfTheReportedDelta) {
  BookMaker maker(7);
  int checked = 0;
  for (int n = 0; n < 400 && checked < 150; ++n) {
    const Book book = maker.make();
    if (book.option_marks) continue;
    PreparedAccount prepared;
    ASSERT_TRUE(prepare_account(book.account, book.market, prepared).ok());
    const AccountRisk risk = account_risk(prepared, {});
    for (const UnderlyingGreeks& g : risk.greeks) {
      auto delta_at = [&](double S) {
        const MarketSnapshot m = moved(book.market, g.underlying, S / g.index);
        PreparedAccount p;
        EXPECT_TRUE(prepare_account(book.account, m, p).ok());
        for (const UnderlyingGreeks& moved_g : account_risk(p, {}).greeks) {
          if (moved_g.underlying == g.underlying) return moved_g.delta_coins;
        }
        return std::nan("");
      };
      const double fd_gamma = test::fd_first(delta_at, g.index, kStep * g.index);
      EXPECT_NEAR(g.gamma_per_usd, fd_gamma, account_tolerance(risk, prepared, g).gamma)
          << "book " << n << " [" << g.underlying << "] " << test::describe(book.account);
    }
    ++checked;
  }
  EXPECT_GE(checked, 100);
}

TEST(AccountGreeks, AtASmileStrikeDeltaIsTheMeanOfTheTwoSides) {
  // An option struck at a smile strike (the usual case: smiles are quoted at listed strikes).
  // The smile's slope in ln(strike) changes there, so equity has a kink in the index; delta is
  // the mean of its one-sided derivatives, each measured here by a one-sided difference whose
  // error (h/2 x the side's second derivative) is below 2e-5 of the delta at h = 1e-6 x index.
  MarketSnapshot market = test::market_of({test::underlying_market("BTC", 100000.0)});
  market.underlyings.at("BTC").vols.smile = {
      {kDec27_0800, 90000.0, 0.70}, {kDec27_0800, 100000.0, 0.60}, {kDec27_0800, 110000.0, 0.58}};
  for (const char* name : {"BTC_USDC-27DEC26-100000-C", "BTC-27DEC26-90000-P", "BTC_USDC-27DEC26-110000-P"}) {
    Account account;
    account.positions = {position(name, -3.0, 1000.0)};
    PreparedAccount prepared;
    ASSERT_TRUE(prepare_account(account, market, prepared).ok());
    const AccountRisk risk = account_risk(prepared, {});
    auto equity_at = [&](double S) { return underlying_totals(prepared, {}, "BTC", S / 100000.0).equity; };
    const double h = 0.1;
    const double above = (equity_at(100000.0 + h) - equity_at(100000.0)) / h;
    const double below = (equity_at(100000.0) - equity_at(100000.0 - h)) / h;
    EXPECT_GT(std::fabs(above - below), 1e-3 * std::fabs(above)) << name << ": no kink to test";
    EXPECT_NEAR(risk.greeks[0].delta_coins, 0.5 * (above + below), 2e-5 * std::fabs(above)) << name;
    EXPECT_TRUE(std::isfinite(risk.greeks[0].gamma_per_usd)) << name;
  }
}

TEST(AccountGreeks, CollateralCountsInDeltaAtItsPriceOverTheIndex) {
  // By hand: 2 BTC priced at 90,000 with the index at 100,000 are worth 180,000 USD, and a move
  // of the index by r moves that price by r (collateral_value_usd): d value / d index = 1.8.
  Account account;
  account.collateral = {{"BTC", 2.0}, {"USDC", 1000.0}};
  MarketSnapshot market = test::market_of({test::underlying_market("BTC", 100000.0, 0.6)});
  market.collateral_prices["BTC"] = 90000.0;
  PreparedAccount prepared;
  ASSERT_TRUE(prepare_account(account, market, prepared).ok());
  const AccountRisk risk = account_risk(prepared, {});
  ASSERT_EQ(risk.greeks.size(), 1u);
  EXPECT_DOUBLE_EQ(risk.greeks[0].delta_coins, 1.8);
  EXPECT_DOUBLE_EQ(risk.greeks[0].delta_usd, 180000.0);
  EXPECT_EQ(risk.greeks[0].gamma_per_usd, 0.0);
  // At the index, a balance counts in full.
  market.collateral_prices.erase("BTC");
  ASSERT_TRUE(prepare_account(account, market, prepared).ok());
  EXPECT_EQ(account_risk(prepared, {}).greeks[0].delta_coins, 2.0);
}

}  // namespace
}  // namespace marginkit
