// Liquidation, margin-call and warning levels (src/liquidation/liquidation_price.*) as
// properties of the account revalued along one underlying's index (liquidation_price.hpp,
// web/marginkit.d.ts LiquidationLevels):
//  - at every reported liquidation price equity = MM, to 1e-6 relative; checked twice: with
//    underlying_totals + the fixed rest of the account, and by re-preparing the account on a
//    market whose index, forwards and smile strikes were moved by hand (forwards move in
//    proportion, vols by sticky moneyness);
//  - levels are sorted, each with the right direction and distance, and a fine sweep of
//    4,001 index levels over the searched range [e^-4.6, e^4.6] x index finds exactly as many
//    sign changes of equity - MM, one around each reported level;
//  - margin-call and warning levels are the nearest crossings of equity = IM and
//    MM / equity = 0.8 on each side;
//  - margins are never negative (and IM >= MM under the default schedule) across the sweep;
//  - closed forms, derived here by hand, for cross accounts of one future and for isolated
//    futures; the published example (long 1 @ 1,000, margin 100, MM 3 % -> 927.8350515463918;
//    short -> 1,067.9611650485438) through the full JSON path;
//  - nothing missed (LiquidationSearch): a band between two grid levels; bands 1 %, 0.1 % and
//    0.01 % wide built from a call spread, their width measured with account_risk and both
//    edges found by bisection on its status; a lone long put (equity = MM = 0 far from the
//    money: no liquidation price, status healthy); 400 random books against a dense scan of
//    8,001 levels through underlying_totals (every change seen is reported, every level
//    reported is a change), every tenth also through account_risk on hand-moved markets.
#define JSON_NOEXCEPTION
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "io/json_api.hpp"
#include "io/json_input.hpp"
#include "liquidation/liquidation_price.hpp"
#include "margin_test_support.hpp"

namespace marginkit {
namespace {

using test::num;
using test::position;

double mm_rate(double coins) { return 0.015 + 0.005 * coins / 100.0; }

struct Case {
  const char* what;
  Account account;
  MarketSnapshot market;
  bool moved_market_check = true;  // false when an option vol comes from markPrices
  int expected_below = -1;         // -1: not asserted
  int expected_above = -1;
};

Account acct(std::vector<CollateralBalance> collateral, std::vector<Position> positions) {
  Account a;
  a.collateral = std::move(collateral);
  a.positions = std::move(positions);
  return a;
}

MarketSnapshot btc_eth_market() {
  auto btc = test::underlying_market("BTC", 100000.0, 0.60);
  btc.forwards = {{test::kDec27_0800, 101000.0}};
  auto eth = test::underlying_market("ETH", 3500.0, 0.70, 0.05);
  return test::market_of({btc, eth});
}

std::vector<Case> cases() {
  std::vector<Case> out;
  const MarketSnapshot m = btc_eth_market();
  out.push_back({"short linear straddle, USDC",
                 acct({{"USDC", 60000.0}}, {position("BTC_USDC-27DEC26-100000-C", -1.0, 7000.0),
                                            position("BTC_USDC-27DEC26-100000-P", -1.0, 7000.0)}),
                 m, true, 1, 1});
  out.push_back({"short inverse straddle, BTC collateral",
                 acct({{"BTC", 0.6}}, {position("BTC-27DEC26-100000-C", -1.0, 0.07),
                                       position("BTC-27DEC26-100000-P", -1.0, 0.07)}),
                 m, true, 1, 1});
  out.push_back({"short inverse puts, BTC collateral",
                 acct({{"BTC", 1.0}}, {position("BTC-27DEC26-90000-P", -2.0, 0.02)}), m, true, 1, 0});
  out.push_back({"short linear puts, USDC",
                 acct({{"USDC", 30000.0}}, {position("ETH_USDC-27DEC26-3500-P", -20.0, 150.0)}), m, true, 1, 1});
  // (above too: a short put's MM includes 0.075 S, so 20 of them need 1.5 S > 30,000 beyond S = 20,000)
  out.push_back({"long linear perp + short linear calls",
                 acct({{"USDC", 15000.0}}, {position("BTC_USDC-PERPETUAL", 1.0, 100000.0),
                                            position("BTC_USDC-27DEC26-110000-C", -1.0, 2500.0)}),
                 m});
  out.push_back({"long inverse future + short inverse calls, BTC",
                 acct({{"BTC", 0.3}}, {position("BTC-27DEC26", 100000.0, 100500.0),
                                       position("BTC-27DEC26-115000-C", -2.0, 0.01)}),
                 m});
  out.push_back({"short inverse perp, BTC + USDC",
                 acct({{"BTC", 0.25}, {"USDC", 5000.0}}, {position("BTC-PERPETUAL", -120000.0, 98000.0)}), m,
                 true, 0, 1});
  out.push_back({"two underlyings: BTC straddle and ETH puts, USDC",
                 acct({{"USDC", 90000.0}}, {position("BTC_USDC-27DEC26-100000-C", -1.0, 7000.0),
                                            position("BTC_USDC-27DEC26-100000-P", -1.0, 7000.0),
                                            position("ETH_USDC-27DEC26-3200-P", -10.0, 60.0),
                                            position("ETH-PERPETUAL", 20000.0, 3400.0)}),
                 m});
  out.push_back({"collateral in both coins, inverse options on both",
                 acct({{"BTC", 0.4}, {"ETH", 8.0}, {"USDC", 2000.0}},
                      {position("BTC-27DEC26-95000-P", -1.0, 0.03), position("ETH-27DEC26-4000-C", -6.0, 0.02),
                       position("ETH-27DEC26-3000-P", -6.0, 0.01)}),
                 m});
  {
    // A skewed smile: levels must hold with vols read by sticky moneyness.
    MarketSnapshot smile = m;
    auto& vols = smile.underlyings.at("BTC").vols;
    vols.flat_vol = 0.0;
    vols.smile = {{test::kDec27_0800, 70000.0, 0.90}, {test::kDec27_0800, 90000.0, 0.70},
                  {test::kDec27_0800, 100000.0, 0.60}, {test::kDec27_0800, 120000.0, 0.58}};
    out.push_back({"short strangle under a skewed smile",
                   acct({{"USDC", 80000.0}}, {position("BTC_USDC-27DEC26-90000-P", -2.0, 2000.0),
                                              position("BTC_USDC-27DEC26-115000-C", -2.0, 2000.0)}),
                   smile, true, 1, 1});
  }
  {
    MarketSnapshot marked = m;
    marked.mark_prices["BTC-27DEC26-90000-P"] = 0.012;
    out.push_back({"short inverse put with its vol from a mark, USDC",
                   acct({{"USDC", 80000.0}}, {position("BTC-27DEC26-90000-P", -5.0, 0.012)}), marked, false, 1, 1});
  }
  return out;
}

struct Book {
  PreparedAccount prepared;
  double fixed_equity = 0, fixed_initial = 0, fixed_maintenance = 0;
  std::string underlying;
  RiskConfig config;
  ScenarioTotals at(double ratio) const {
    const ScenarioTotals t = underlying_totals(prepared, config, underlying, ratio);
    return {fixed_equity + t.equity, fixed_initial + t.initial, fixed_maintenance + t.maintenance};
  }
};

// The rest of the account (other underlyings and stablecoins) from account_risk at the
// snapshot minus this underlying's part at ratio 1.
void make_book(const Account& account, const MarketSnapshot& market, const std::string& u, Book& book,
               const RiskConfig& config = {}) {
  ASSERT_TRUE(prepare_account(account, market, book.prepared).ok());
  book.config = config;
  const AccountRisk whole = account_risk(book.prepared, config);
  const ScenarioTotals mine = underlying_totals(book.prepared, config, u, 1.0);
  book.underlying = u;
  book.fixed_equity = whole.equity_usd - mine.equity;
  book.fixed_initial = whole.initial_margin_usd - mine.initial;
  book.fixed_maintenance = whole.maintenance_margin_usd - mine.maintenance;
}

bool near_zero(double a, double b, double rel) {
  return std::fabs(a - b) <= rel * std::max({std::fabs(a), std::fabs(b), 1e-9});
}

constexpr double kLogRange = 4.6;  // the searched range, liquidation_price.cpp's grid
constexpr int kSweep = 4000;

TEST(LiquidationLevels, CrossLevelsAreZerosOfEquityMinusMaintenance) {
  // Levels whose equity = MM (or = IM, or warning ratio) check ran, and the fewest there must be:
  // the cases' expected counts of liquidation levels.
  int liquidation_checked = 0, margin_call_checked = 0, warning_checked = 0, expected_liquidation = 0;
  for (const auto& c : cases()) {
    expected_liquidation += std::max(c.expected_below, 0) + std::max(c.expected_above, 0);
    SCOPED_TRACE(std::string(c.what) + ": " + test::describe(c.account));
    PreparedAccount prepared;
    ASSERT_TRUE(prepare_account(c.account, c.market, prepared).ok());
    const auto all = cross_liquidation_levels(prepared, {});
    for (const auto& levels : all) {
      SCOPED_TRACE("underlying " + levels.underlying);
      const double index = c.market.underlyings.at(levels.underlying).index_price;
      EXPECT_EQ(levels.index, index);
      Book book;
      make_book(c.account, c.market, levels.underlying, book);

      // Sorted, with direction and distance.
      for (std::size_t i = 0; i < levels.liquidation.size(); ++i) {
        const PriceLevel& l = levels.liquidation[i];
        if (i > 0) EXPECT_LT(levels.liquidation[i - 1].price, l.price) << "sorted by price";
        EXPECT_EQ(l.direction, l.price < index ? PriceDirection::below : PriceDirection::above) << num(l.price);
        EXPECT_NEAR(l.distance_percent, (l.price / index - 1.0) * 100.0, 1e-9);
      }

      // equity = MM at each level, with the rest of the account held.
      for (const PriceLevel& l : levels.liquidation) {
        const double ratio = l.price / index;
        const ScenarioTotals t = book.at(ratio);
        EXPECT_TRUE(near_zero(t.equity, t.maintenance, 1e-6))
            << "at " << num(l.price) << ": equity " << num(t.equity) << " MM " << num(t.maintenance);
        ++liquidation_checked;
      }

      // A fine sweep: no crossing missed, none invented; margins never negative.
      std::vector<double> xs(kSweep + 1);
      std::vector<ScenarioTotals> ts(kSweep + 1);
      for (int i = 0; i <= kSweep; ++i) {
        xs[i] = -kLogRange + 2.0 * kLogRange * i / kSweep;
        ts[i] = book.at(std::exp(xs[i]));
        ASSERT_GE(ts[i].maintenance, 0.0) << "MM at x = " << xs[i];
        ASSERT_GE(ts[i].initial, ts[i].maintenance) << "IM < MM at x = " << xs[i];
      }
      auto sweep_crossings = [&](auto gap) {
        std::vector<std::pair<double, double>> cells;
        for (int i = 1; i <= kSweep; ++i) {
          if ((gap(ts[i - 1]) < 0) != (gap(ts[i]) < 0)) cells.emplace_back(xs[i - 1], xs[i]);
        }
        return cells;
      };
      const auto cells = sweep_crossings([](const ScenarioTotals& t) { return t.equity - t.maintenance; });
      ASSERT_EQ(levels.liquidation.size(), cells.size()) << "levels reported vs sign changes in the sweep";
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const double x = std::log(levels.liquidation[i].price / index);
        EXPECT_GE(x, cells[i].first - 1e-9);
        EXPECT_LE(x, cells[i].second + 1e-9);
      }
      int below = 0, above = 0;
      for (const auto& l : levels.liquidation) (l.direction == PriceDirection::below ? below : above)++;
      if (c.expected_below >= 0) EXPECT_EQ(below, c.expected_below);
      if (c.expected_above >= 0) EXPECT_EQ(above, c.expected_above);

      // Margin call and warning: the nearest crossing on each side.
      struct Kind {
        const char* name;
        const std::vector<PriceLevel>* reported;
        double (*gap)(const ScenarioTotals&);
      };
      const Kind kinds[] = {
          {"margin call", &levels.margin_call, [](const ScenarioTotals& t) { return t.equity - t.initial; }},
          {"warning", &levels.warning, [](const ScenarioTotals& t) { return 0.8 * t.equity - t.maintenance; }},
      };
      for (const auto& k : kinds) {
        const auto kcells = sweep_crossings(k.gap);
        const std::pair<double, double>* nearest_below = nullptr;
        const std::pair<double, double>* nearest_above = nullptr;
        for (const auto& cell : kcells) {
          if (cell.second <= 1e-12) nearest_below = &cell;
          else if (!nearest_above && cell.first >= -1e-12) nearest_above = &cell;
        }
        std::vector<std::pair<double, double>> expected;
        if (nearest_below) expected.push_back(*nearest_below);
        if (nearest_above) expected.push_back(*nearest_above);
        ASSERT_EQ(k.reported->size(), expected.size()) << k.name;
        for (std::size_t i = 0; i < expected.size(); ++i) {
          const PriceLevel& l = (*k.reported)[i];
          const double x = std::log(l.price / index);
          EXPECT_GE(x, expected[i].first - 1e-9) << k.name;
          EXPECT_LE(x, expected[i].second + 1e-9) << k.name;
          const ScenarioTotals t = book.at(l.price / index);
          const double g = k.gap(t);
          EXPECT_LE(std::fabs(g), 1e-6 * std::max({std::fabs(t.equity), t.initial, 1e-9}))
              << k.name << " at " << num(l.price) << " gap " << num(g);
          EXPECT_EQ(l.direction, l.price < index ? PriceDirection::below : PriceDirection::above);
          if (k.reported == &levels.margin_call) ++margin_call_checked; else ++warning_checked;
        }
      }
    }
  }
  EXPECT_GE(liquidation_checked, expected_liquidation);
  EXPECT_GT(expected_liquidation, 0);
  EXPECT_GT(margin_call_checked, 0);
  EXPECT_GT(warning_checked, 0);
}

// The same levels checked without index_ratio: the account re-prepared from scratch on a
// market where the index, the forwards, futures marks and smile strikes were moved by hand is
// exactly at equity = MM there (account_risk's own verdict at that price).
TEST(LiquidationLevels, AccountRiskOnTheMovedMarketIsAtMaintenance) {
  int checked = 0, expected = 0;  // levels checked; the fewest there must be (the cases' counts)
  for (const auto& c : cases()) {
    if (!c.moved_market_check) continue;
    expected += std::max(c.expected_below, 0) + std::max(c.expected_above, 0);
    SCOPED_TRACE(std::string(c.what) + ": " + test::describe(c.account));
    PreparedAccount prepared;
    ASSERT_TRUE(prepare_account(c.account, c.market, prepared).ok());
    for (const auto& levels : cross_liquidation_levels(prepared, {})) {
      const double index = c.market.underlyings.at(levels.underlying).index_price;
      for (const PriceLevel& l : levels.liquidation) {
        const MarketSnapshot moved = test::moved_market(c.market, levels.underlying, l.price / index);
        PreparedAccount p2;
        ASSERT_TRUE(prepare_account(c.account, moved, p2).ok());
        const AccountRisk r = account_risk(p2, {});
        EXPECT_TRUE(near_zero(r.equity_usd, r.maintenance_margin_usd, 1e-6))
            << levels.underlying << " at " << num(l.price) << ": equity " << num(r.equity_usd) << " MM "
            << num(r.maintenance_margin_usd) << " (difference " << num(r.equity_usd - r.maintenance_margin_usd)
            << ")";
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, expected);
  EXPECT_GT(expected, 0);
}

TEST(LiquidationLevels, EveryExposedUnderlyingHasAnEntry) {
  // BTC through positions, ETH only through collateral.
  const Account account = acct({{"ETH", 2.0}, {"USDC", 100.0}}, {position("BTC_USDC-PERPETUAL", 1.0, 100000.0)});
  PreparedAccount prepared;
  const MarketSnapshot market_kept = btc_eth_market();  // outlives `prepared`, which points into it
  ASSERT_TRUE(prepare_account(account, market_kept, prepared).ok());
  const auto all = cross_liquidation_levels(prepared, {});
  std::vector<std::string> names;
  for (const auto& l : all) names.push_back(l.underlying);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"BTC", "ETH"}));
}

TEST(LiquidationLevels, CrossLinearPerpetualClosedForm) {
  // Long 1 BTC_USDC-PERPETUAL @ 100,000, USDC 10,000: equity 10,000 + (I - 100,000),
  // MM = (1.5 % + 0.5 % x 1/100) I  ->  I = 90,000 / (1 - 0.01505).
  const Account account = acct({{"USDC", 10000.0}}, {position("BTC_USDC-PERPETUAL", 1.0, 100000.0)});
  const double expected = 90000.0 / (1.0 - mm_rate(1.0));
  PreparedAccount prepared;
  const MarketSnapshot market_kept = btc_eth_market();  // outlives `prepared`, which points into it
  ASSERT_TRUE(prepare_account(account, market_kept, prepared).ok());
  const auto all = cross_liquidation_levels(prepared, {});
  ASSERT_EQ(all.size(), 1u);
  ASSERT_EQ(all[0].liquidation.size(), 1u);
  EXPECT_NEAR(all[0].liquidation[0].price, expected, 1e-9 * expected)
      << "got " << num(all[0].liquidation[0].price) << " expected " << num(expected);
}

struct ClosedForm {
  const char* what;
  Account account;
  double expected_index;  // by hand
};

TEST(LiquidationLevels, CrossInverseFuturesClosedFormsWithTheSizeTierAtThatPrice) {
  // Inverse contracts are USD; their size in coins, which sets the 0.5 %-per-100-coins tier of
  // the MM rate (margin_schedule.hpp), is USD size / mark at the price in question.
  // (b) Short 120,000 USD of BTC-PERPETUAL @ 98,000 (mark = index I), BTC 0.25 + USDC 5,000:
  //     equity = 0.25 I + 5,000 + 120,000 (1 - I / 98,000); notional 120,000 USD;
  //     MM = (0.015 + 0.005 (120,000 / I) / 100) 120,000 = 1,800 + 720,000 / I
  //     -> a I^2 - 123,200 I + 720,000 = 0 with a = 120,000 / 98,000 - 0.25 (the larger root).
  // (c) Long 50,000 USD of BTC-27DEC26 @ 100,000, forward 101,000 = 1.01 I (basis held), BTC 0.1:
  //     equity = 0.1 I + 50,000 (I / 100,000 - 1 / 1.01) = 0.6 I - N with N = 50,000 / 1.01,
  //     notional N USD, MM = (0.015 + 0.005 (N / I) / 100) N
  //     -> 0.6 I^2 - 1.015 N I - 5e-5 N^2 = 0.
  const double a = 120000.0 / 98000.0 - 0.25;
  const double b_root = (123200.0 + std::sqrt(123200.0 * 123200.0 - 4.0 * a * 720000.0)) / (2.0 * a);
  const double N = 50000.0 / 1.01;
  const double c_root = (1.015 * N + std::sqrt(1.015 * N * 1.015 * N + 4.0 * 0.6 * 5e-5 * N * N)) / 1.2;
  const ClosedForm forms[] = {
      {"inverse perp short", acct({{"BTC", 0.25}, {"USDC", 5000.0}}, {position("BTC-PERPETUAL", -120000.0, 98000.0)}),
       b_root},
      {"inverse future long with basis", acct({{"BTC", 0.1}}, {position("BTC-27DEC26", 50000.0, 100000.0)}), c_root},
  };
  for (const auto& f : forms) {
    PreparedAccount prepared;
    const MarketSnapshot market_kept = btc_eth_market();  // outlives `prepared`, which points into it
    ASSERT_TRUE(prepare_account(f.account, market_kept, prepared).ok());
    const auto all = cross_liquidation_levels(prepared, {});
    ASSERT_EQ(all.size(), 1u) << f.what;
    ASSERT_EQ(all[0].liquidation.size(), 1u) << f.what;
    EXPECT_NEAR(all[0].liquidation[0].price, f.expected_index, 1e-9 * f.expected_index)
        << f.what << ": got " << num(all[0].liquidation[0].price) << " expected " << num(f.expected_index);
  }
}

struct IsolatedForm {
  const char* what;
  Position position;
  double expected_mark;  // closed form in the instrument's mark, by hand
  double basis;          // mark / index in the snapshot
};

// Linear: margin + size (P - entry) = m |size| P  ->  P = (size entry - margin) / (size - m |size|),
// m: the maintenance rate for the position's size in coins (constant for linear contracts).
// Inverse (coins), with the tier at P (size in coins = |size| / P, margin_schedule.hpp):
//   margin + size (1/entry - 1/P) = (r0 + k |size| / P) |size| / P,  k = rate_step / tier_size
//   ->  a P^2 + b P + c = 0 with a = margin + size / entry, b = -(size + r0 |size|),
//       c = -k size^2; the liquidation is the larger root (the smaller one, for shorts, lies
//       where the tier has grown absurdly, far below any index tested here).
double linear_form(double size, double entry, double margin, double m) {
  return (size * entry - margin) / (size - m * std::fabs(size));
}
double inverse_form(double size, double entry, double margin) {
  const FuturesMarginRule rule;  // defaults
  const double k = rule.rate_step / rule.tier_size;
  const double a = margin + size / entry;
  const double b = -(size + rule.maintenance_rate * std::fabs(size));
  const double c = -k * size * size;
  const double root = std::sqrt(b * b - 4.0 * a * c);
  return std::max((-b + root) / (2.0 * a), (-b - root) / (2.0 * a));
}

template <std::size_t N>
void check_isolated_forms(const IsolatedForm (&forms)[N]) {
  const MarketSnapshot market = btc_eth_market();
  for (const auto& f : forms) {
    PreparedPosition prepared;
    ASSERT_TRUE(prepare_position(f.position, market, "p", prepared).ok()) << f.what;
    const LiquidationLevels levels = isolated_liquidation_levels(prepared, {});
    const double expected_index = f.expected_mark / f.basis;
    if (levels.liquidation.size() != 1u) {
      ADD_FAILURE() << f.what << ": " << levels.liquidation.size() << " liquidation levels, expected one at index "
                    << num(expected_index) << " (mark " << num(f.expected_mark) << ")";
      continue;
    }
    EXPECT_NEAR(levels.liquidation[0].price, expected_index, 1e-9 * expected_index)
        << f.what << ": got " << num(levels.liquidation[0].price) << " expected " << num(expected_index);
    EXPECT_EQ(levels.liquidation[0].direction, f.position.size > 0 ? PriceDirection::below : PriceDirection::above)
        << f.what;
  }
}

TEST(LiquidationLevels, IsolatedFuturesClosedForms) {
  const IsolatedForm forms[] = {
      {"linear perp long", position("BTC_USDC-PERPETUAL", 1.0, 100000.0, 5000.0),
       linear_form(1.0, 100000.0, 5000.0, mm_rate(1.0)), 1.0},
      {"linear perp short", position("BTC_USDC-PERPETUAL", -3.0, 98000.0, 20000.0),
       linear_form(-3.0, 98000.0, 20000.0, mm_rate(3.0)), 1.0},
      {"linear future short, basis", position("BTC_USDC-27DEC26", -2.0, 100000.0, 10000.0),
       linear_form(-2.0, 100000.0, 10000.0, mm_rate(2.0)), 1.01},
      {"inverse perp long", position("BTC-PERPETUAL", 10000.0, 100000.0, 0.02),
       inverse_form(10000.0, 100000.0, 0.02), 1.0},
      {"inverse future long, basis", position("BTC-27DEC26", 250000.0, 97000.0, 0.4),
       inverse_form(250000.0, 97000.0, 0.4), 1.01},
  };
  check_isolated_forms(forms);
}

TEST(LiquidationLevels, IsolatedInverseShortsClosedForms) {
  // Shorts on less margin than their coin notional (any leverage above 1x) have
  // margin + size / entry < 0: a < 0 and the larger root is the liquidation price.
  const IsolatedForm forms[] = {
      {"inverse perp short", position("BTC-PERPETUAL", -10000.0, 100000.0, 0.02),
       inverse_form(-10000.0, 100000.0, 0.02), 1.0},
      {"inverse future short, basis", position("BTC-27DEC26", -20000.0, 100000.0, 0.05),
       inverse_form(-20000.0, 100000.0, 0.05), 1.01},
  };
  check_isolated_forms(forms);
}

TEST(LiquidationLevels, IsolatedShortPutLevelsAreZerosOfItsOwnEquity) {
  // Isolated option: its own equity (margin 12,000 + unrealised P&L -(P - 1,500)) against its
  // own MM max(0.075 F, 0.075 P) + P, the premium P by hand (Black-76, erfc). Below: the put
  // goes into the money; above: P -> 0 but MM keeps 0.075 F, which passes 13,500 at F = 180,000.
  Position p = position("BTC_USDC-27DEC26-90000-P", -1.0, 1500.0, 12000.0);
  const MarketSnapshot market = btc_eth_market();
  PreparedPosition prepared;
  ASSERT_TRUE(prepare_position(p, market, "p", prepared).ok());
  const LiquidationLevels levels = isolated_liquidation_levels(prepared, {});
  ASSERT_EQ(levels.liquidation.size(), 2u);
  EXPECT_EQ(levels.liquidation[0].direction, PriceDirection::below);
  EXPECT_EQ(levels.liquidation[1].direction, PriceDirection::above);
  for (const PriceLevel& l : levels.liquidation) {
    const double F = 101000.0 * l.price / 100000.0;
    const double P = test::ref_black76(OptionType::put, F, 90000.0, test::kT27Dec, 0.60, 0.0);
    const double equity = 12000.0 - (P - 1500.0);
    const double mm = std::max(0.075 * F, 0.075 * P) + P;
    EXPECT_TRUE(near_zero(equity, mm, 1e-6)) << "at " << num(l.price) << ": equity " << num(equity) << " MM " << num(mm);
  }
}

// --- the published examples through the JSON door ------------------------------------------

double first_liquidation_price(const std::string& out) {
  const auto j = nlohmann::json::parse(out, nullptr, false);
  EXPECT_FALSE(j.is_discarded());
  if (j.is_discarded() || !j.contains("liquidation") || j["liquidation"].empty()) return NAN;
  const auto& levels = j["liquidation"][0]["liquidation"];
  if (!levels.is_array() || levels.size() != 1 || !levels[0]["price"].is_number()) return NAN;
  return levels[0]["price"].get<double>();
}

TEST(LiquidationLevels, PublishedIsolatedExamplesThroughJson) {
  // Long 1 @ 1,000, isolated margin 100, MM 3 % (no size step), mark = index = 1,000:
  //   100 + (P - 1,000) = 0.03 P -> P = 900 / 0.97 = 927.8350515463918.
  // Short 1 @ 1,000 with 100 of margin: 100 - (P - 1,000) = 0.03 P -> P = 1,100 / 1.03 = 1,067.9611650485438.
  const std::string market = R"({"time":"2026-11-24T08:00:00Z","underlyings":{"BTC":{"index":1000}}})";
  const std::string config = R"({"schedule":{"futures":{"maintenanceRate":0.03,"rateStep":0}}})";
  struct Example {
    double size;
    double expected;
  };
  const double long_price = (1000.0 - 100.0) / (1.0 - 0.03), short_price = (1000.0 + 100.0) / (1.0 + 0.03);
  for (const Example e : {Example{1.0, long_price}, Example{-1.0, short_price}}) {
    const std::string account = R"({"mode":"isolated","collateral":{"USDC":1000},"positions":[)"
                                R"({"instrument":"BTC_USDC-PERPETUAL","size":)" +
                                num(e.size) + R"(,"entryPrice":1000,"isolatedMargin":100}]})";
    std::string out;
    const Status s = account_risk_json(account, market, config, out);
    ASSERT_TRUE(s.ok()) << s.message;
    EXPECT_NEAR(first_liquidation_price(out), e.expected, 1e-9) << "size " << e.size << "\n" << out;
  }
  // And the same long as a cross account holding only that margin: 100 USDC.
  const std::string cross = R"({"collateral":{"USDC":100},"positions":[{"instrument":"BTC_USDC-PERPETUAL","size":1,"entryPrice":1000}]})";
  std::string out;
  ASSERT_TRUE(account_risk_json(cross, market, config, out).ok());
  EXPECT_NEAR(first_liquidation_price(out), long_price, 1e-7) << out;
}

// --- a search that misses nothing ---------------------------------------------------------
//
// The search finds every crossing in its range, however close together two of them are. Checked
// against independent evaluations of the account: account_risk on a market moved by hand
// (moved_market) and underlying_totals + the rest of the account (Book::at), never the search's
// own points.

// 2026-11-28T08:00:00Z: six days before 4DEC26 (08:00 UTC).
constexpr TimestampMs kNov28_0800 = test::kNov24_0800 + 4 * test::kMsPerDay;

// The status rule's sides, from totals: liquidation as classify() decides it; margin call
// (equity < IM); warning as the sign of ratio x equity - MM (a zero counted bad when MM > 0).
bool liquidating(const ScenarioTotals& t) {
  return classify(t.equity, t.initial, t.maintenance, 0.8) == MarginStatus::liquidation;
}
bool below_initial(const ScenarioTotals& t) { return t.equity < t.initial; }
bool warned(const ScenarioTotals& t) {
  const double g = 0.8 * t.equity - t.maintenance;
  return g < 0.0 || (g == 0.0 && t.maintenance > 0.0);
}

// account_risk of `account` on `market` with `coin`'s index moved to `index` by hand.
AccountRisk risk_at(const Account& account, const MarketSnapshot& market, const std::string& coin, double index,
                    const RiskConfig& config = {}) {
  const MarketSnapshot moved = test::moved_market(market, coin, index / market.underlyings.at(coin).index_price);
  PreparedAccount prepared;
  EXPECT_TRUE(prepare_account(account, moved, prepared).ok());
  return account_risk(prepared, config);
}

bool liquidated_at(const Account& account, const MarketSnapshot& market, double index, const RiskConfig& config = {}) {
  return risk_at(account, market, "BTC", index, config).status == MarginStatus::liquidation;
}

// The index in [lo, hi] where account_risk's status turns into or out of liquidation, by
// bisection on that status alone (lo and hi on either side), to 1e-13 of the price.
double status_change(const Account& account, const MarketSnapshot& market, double lo, double hi,
                     const RiskConfig& config = {}) {
  const bool at_lo = liquidated_at(account, market, lo, config);
  EXPECT_NE(at_lo, liquidated_at(account, market, hi, config)) << "no change in [" << num(lo) << ", " << num(hi) << "]";
  while (hi - lo > 1e-13 * hi) {
    const double mid = 0.5 * (lo + hi);
    (liquidated_at(account, market, mid, config) == at_lo ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

Account call_spread_book(double usdc) {
  return acct({{"USDC", usdc}}, {position("BTC_USDC-4DEC26-367500-C", -2.0, 1000.0),
                                 position("BTC_USDC-4DEC26-403000-C", 8.0, 300.0)});
}

MarketSnapshot flat_btc_market(double index) {
  return test::market_of({test::underlying_market("BTC", index, 0.8)}, kNov28_0800);
}

TEST(LiquidationSearch, FindsABandBetweenTwoGridLevels) {
  // Short 2 calls 367,500, long 8 calls 403,000 (4DEC26), 60,000 USDC, index 106,000, vol 0.8:
  // equity falls below MM from about 335,000 to 425,000, between the grid levels at
  // e^1.0 and e^1.4 x index (the search once reported no liquidation price here).
  const Account account = call_spread_book(60000.0);
  const MarketSnapshot market = flat_btc_market(106000.0);
  ASSERT_FALSE(liquidated_at(account, market, 320000.0));
  ASSERT_TRUE(liquidated_at(account, market, 380000.0));
  ASSERT_FALSE(liquidated_at(account, market, 440000.0));
  const double lower = status_change(account, market, 320000.0, 380000.0);
  const double upper = status_change(account, market, 380000.0, 440000.0);

  PreparedAccount prepared;
  ASSERT_TRUE(prepare_account(account, market, prepared).ok());
  const auto levels = cross_liquidation_levels(prepared, {});
  ASSERT_EQ(levels.size(), 1u);
  ASSERT_EQ(levels[0].liquidation.size(), 2u) << "reported: " << levels[0].liquidation.size();
  EXPECT_NEAR(levels[0].liquidation[0].price, lower, 1e-9 * lower);
  EXPECT_NEAR(levels[0].liquidation[1].price, upper, 1e-9 * upper);
  EXPECT_EQ(account_risk(prepared, {}).status, MarginStatus::healthy);
}

// The same call spread with its collateral set so that the band where equity < MM is `width`
// (a fraction of the price) wide, built from a fine evaluation through account_risk: the band's
// centre (where equity - MM is least), its curvature there, and the collateral that leaves a
// parabola of that width below zero. The index is chosen so that the band lies mid-way between
// the grid levels e^1.0 and e^1.4 (the shape in absolute prices does not depend on the index:
// flat vol, no rate, forwards moving with the index).
struct Band {
  Account account;
  MarketSnapshot market;
  double centre = 0.0;  // index price where equity - MM is least
};

Band band_of_width(double width) {
  const Account bare = call_spread_book(0.0);
  const MarketSnapshot probe = flat_btc_market(100000.0);
  auto gap = [&](double index) {
    const AccountRisk r = risk_at(bare, probe, "BTC", index);
    return r.equity_usd - r.maintenance_margin_usd;
  };
  // Golden-section search for the least gap in [300,000, 450,000].
  double lo = 300000.0, hi = 450000.0;
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  while (hi - lo > 1e-9 * hi) {
    const double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    (gap(a) < gap(b) ? hi : lo) = gap(a) < gap(b) ? b : a;
  }
  Band band;
  band.centre = 0.5 * (lo + hi);
  const double h = 1e-3 * band.centre;
  const double curvature = (gap(band.centre + h) - 2.0 * gap(band.centre) + gap(band.centre - h)) / (h * h);
  const double half = 0.5 * width * band.centre;
  band.account = call_spread_book(-gap(band.centre) - 0.5 * curvature * half * half);
  band.market = flat_btc_market(band.centre / std::exp(1.2));
  return band;
}

TEST(LiquidationSearch, FindsBothEdgesOfNarrowBands) {
  for (const double width : {1e-2, 1e-3, 1e-4}) {
    SCOPED_TRACE("band width " + num(width));
    const Band band = band_of_width(width);
    // The width, measured: account_risk's status at 2,001 prices across twice the band.
    const double from = band.centre * (1.0 - width), to = band.centre * (1.0 + width);
    int liquidated = 0;
    for (int i = 0; i <= 2000; ++i) liquidated += liquidated_at(band.account, band.market, from + (to - from) * i / 2000);
    const double measured = liquidated * (to - from) / 2000.0 / band.centre;
    ASSERT_NEAR(measured, width, 0.05 * width) << "the book's band is " << num(measured) << " wide";
    const double lower = status_change(band.account, band.market, from, band.centre);
    const double upper = status_change(band.account, band.market, band.centre, to);

    PreparedAccount prepared;
    ASSERT_TRUE(prepare_account(band.account, band.market, prepared).ok());
    const auto levels = cross_liquidation_levels(prepared, {});
    ASSERT_EQ(levels.size(), 1u);
    ASSERT_EQ(levels[0].liquidation.size(), 2u) << "reported: " << levels[0].liquidation.size();
    EXPECT_NEAR(levels[0].liquidation[0].price, lower, 1e-9 * lower);
    EXPECT_NEAR(levels[0].liquidation[1].price, upper, 1e-9 * upper);
  }
}

TEST(LiquidationSearch, NothingAtRiskIsNoLiquidation) {
  // One long put, no collateral: equity = the put's value >= 0 and MM = 0. Far above the strike
  // the put is worth 0 (its two Black-76 legs cancel): equity = MM = 0, nothing to liquidate.
  const Account account = acct({}, {position("BTC_USDC-4DEC26-100000-P", 1.0, 1000.0)});
  const MarketSnapshot market = flat_btc_market(106000.0);
  PreparedAccount prepared;
  ASSERT_TRUE(prepare_account(account, market, prepared).ok());
  const auto levels = cross_liquidation_levels(prepared, {});
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_TRUE(levels[0].liquidation.empty()) << levels[0].liquidation.size() << " liquidation prices, first at "
                                             << num(levels[0].liquidation.empty() ? 0 : levels[0].liquidation[0].price);
  EXPECT_TRUE(levels[0].margin_call.empty());
  EXPECT_TRUE(levels[0].warning.empty());
  // And the status agrees at every price searched: healthy, with equity >= 0.
  int zero_equity = 0;
  for (int i = 0; i <= 400; ++i) {
    const double index = 106000.0 * std::exp(-4.6 + 9.2 * i / 400);
    const AccountRisk r = risk_at(account, market, "BTC", index);
    EXPECT_EQ(r.status, MarginStatus::healthy) << "at " << num(index);
    EXPECT_GE(r.equity_usd, 0.0) << "at " << num(index);
    zero_equity += r.equity_usd == 0.0;
  }
  EXPECT_GT(zero_equity, 0) << "the case of equity = MM = 0 was not reached";
  // The rule itself: equity = MM = 0 is healthy; equity = MM > 0 and equity < MM = 0 are not.
  EXPECT_EQ(classify(0.0, 0.0, 0.0, 0.8), MarginStatus::healthy);
  EXPECT_EQ(classify(5.0, 5.0, 5.0, 0.8), MarginStatus::liquidation);
  EXPECT_EQ(classify(-1e-300, 0.0, 0.0, 0.8), MarginStatus::liquidation);
}

// Random cross books on BTC: options (linear and inverse, calls and puts, long and short, one day
// to seven months), futures and perpetuals, USDC and BTC collateral. Half of them get collateral
// that leaves equity - MM (or equity - IM) just below zero at its least, which makes narrow
// bands, the case a grid alone misses.
struct RandomBook {
  Account account;
  MarketSnapshot market;
};

RandomBook random_book(std::mt19937_64& rng) {
  auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  auto pick = [&](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
  const double index = uniform(50000.0, 150000.0);
  auto btc = test::underlying_market("BTC", index, uniform(0.3, 1.2), pick(2) ? 0.0 : 0.03);
  if (pick(3) == 0) btc.forwards = {{test::kDec27_0800, index * uniform(0.98, 1.03)}};
  RandomBook book;
  book.market = test::market_of({btc});
  const char* expiries[] = {"25NOV26", "27NOV26", "4DEC26", "27DEC26", "26MAR27", "25JUN27"};
  const int count = 1 + pick(6);
  for (int i = 0; i < count; ++i) {
    const int kind = pick(10);
    const double side = pick(2) ? 1.0 : -1.0;
    std::string name;
    double size = 0.0, entry = 0.0;
    if (kind < 7) {
      const double strike = std::max(500.0, std::round(index * std::exp(uniform(-0.5, 0.5)) / 500.0) * 500.0);
      const bool inverse = pick(2);
      name = std::string(inverse ? "BTC-" : "BTC_USDC-") + expiries[pick(6)] + "-" + num(strike) + (pick(2) ? "-C" : "-P");
      size = side * uniform(0.1, 5.0);
      entry = inverse ? 0.01 : 500.0;
    } else {
      const char* futures[] = {"BTC_USDC-PERPETUAL", "BTC-PERPETUAL", "BTC-27DEC26"};
      name = futures[kind - 7];
      size = side * (kind == 7 ? uniform(0.1, 3.0) : uniform(1e3, 3e5));
      entry = index * uniform(0.9, 1.1);
    }
    bool taken = false;
    for (const auto& p : book.account.positions) taken = taken || p.instrument.name == name;
    if (!taken) book.account.positions.push_back(position(name, size, entry));
  }
  book.account.collateral = {{"USDC", uniform(0.0, 100000.0)}};
  if (pick(2)) book.account.collateral.push_back({"BTC", uniform(0.0, 1.0)});
  return book;
}

// Sets the USDC balance so that the least of equity - MM (tune = 1) or equity - IM (2) over the
// scanned levels is just below zero.
void tune_collateral(RandomBook& book, int tune, const std::vector<double>& xs, std::mt19937_64& rng,
                     const RiskConfig& config) {
  PreparedAccount prepared;
  ASSERT_TRUE(prepare_account(book.account, book.market, prepared).ok());
  const double index = book.market.underlyings.at("BTC").index_price;
  double least = INFINITY, scale = 0.0;
  for (double x : xs) {
    const ScenarioTotals t = underlying_totals(prepared, config, "BTC", std::exp(x));
    const double margin = tune == 1 ? t.maintenance : t.initial;
    least = std::min(least, t.equity - margin);
    scale = std::max(scale, std::fabs(margin) + std::fabs(t.equity));
  }
  // USDC is not in underlying_totals (no index moves it): the account's least is least + USDC.
  const double below = std::uniform_real_distribution<double>(0.0, 1e-4)(rng) * std::min(scale, 10.0 * index);
  book.account.collateral[0].amount = -least - below;
}

using Side = bool (*)(const ScenarioTotals&);

// The side changes across x: the rule's side just below and just above x differ.
bool side_changes_at(const Book& book, double x, Side bad) {
  const double h = 1e-8 * std::max(std::fabs(x), 1e-2);
  return bad(book.at(std::exp(x - h))) != bad(book.at(std::exp(x + h)));
}

struct Tally {
  int scan_changes = 0;    // sign changes the dense scan saw, each matched
  int roots_verified = 0;  // reported levels checked to be true changes
  int narrow_pairs = 0;    // consecutive liquidation levels closer than the grid's finest step
};

// Every change the scan sees (between xs[i] and xs[i+1]) has an odd number of `roots` in that
// cell, and every root is a change.
void check_all_crossings(const Book& book, const std::vector<double>& xs, const std::vector<char>& bad,
                         const std::vector<double>& roots, Side side, Tally& tally) {
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    if (bad[i] == bad[i + 1]) continue;
    const auto inside = std::count_if(roots.begin(), roots.end(),
                                      [&](double r) { return r >= xs[i] - 1e-9 && r <= xs[i + 1] + 1e-9; });
    EXPECT_EQ(inside % 2, 1) << inside << " levels between x = " << num(xs[i]) << " and " << num(xs[i + 1]);
    ++tally.scan_changes;
  }
  for (std::size_t j = 0; j < roots.size(); ++j) {
    EXPECT_TRUE(side_changes_at(book, roots[j], side)) << "no change at x = " << num(roots[j]);
    if (j > 0) EXPECT_LT(roots[j - 1], roots[j]);
    if (j > 0 && roots[j] - roots[j - 1] < 0.025) ++tally.narrow_pairs;
    ++tally.roots_verified;
  }
}

// The nearest change below (downward = true) or above the index: when the scan sees one, a level
// is reported no further away than the scan's nearest cell; any level reported is a change.
void check_nearest(const Book& book, const std::vector<double>& xs, const std::vector<char>& bad,
                   const std::vector<double>& reported, bool downward, Side side, Tally& tally) {
  std::ptrdiff_t nearest = -1;  // the scan's cell [xs[i], xs[i + 1]] nearest the index
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    if (bad[i] == bad[i + 1]) continue;
    if (downward && xs[i + 1] <= 0.0) nearest = static_cast<std::ptrdiff_t>(i);
    if (!downward && xs[i] >= 0.0 && nearest < 0) nearest = static_cast<std::ptrdiff_t>(i);
  }
  ASSERT_LE(reported.size(), 1u);
  if (nearest >= 0) {
    ASSERT_EQ(reported.size(), 1u) << "the scan sees a change at x = " << num(xs[nearest]) << ", none reported";
    const double r = reported[0];
    if (downward) EXPECT_GE(r, xs[nearest] - 1e-9) << "a nearer change is at x = " << num(xs[nearest]);
    else EXPECT_LE(r, xs[nearest + 1] + 1e-9) << "a nearer change is at x = " << num(xs[nearest + 1]);
    ++tally.scan_changes;
  }
  for (double r : reported) {
    EXPECT_TRUE(side_changes_at(book, r, side)) << "no change at x = " << num(r);
    ++tally.roots_verified;
  }
}

struct DenseScanTally {
  Tally liquidation, nearest;
  int spot_checked = 0;
};

// `books` random books (seed `seed`) searched under `config` and checked against a dense scan.
DenseScanTally random_books_against_a_dense_scan(const RiskConfig& config, int books, std::uint64_t seed) {
  constexpr int kDense = 8000;  // steps of 0.00115 in ln(price)
  std::vector<double> xs(kDense + 1);
  for (int i = 0; i <= kDense; ++i) xs[i] = kLogRange * (2 * i - kDense) / kDense;
  std::mt19937_64 rng(seed);  // fixed seed: the same books every run
  DenseScanTally tally;
  Tally& liquidation = tally.liquidation;
  Tally& nearest = tally.nearest;
  int& spot_checked = tally.spot_checked;
  for (int b = 0; b < books; ++b) {
    RandomBook book = random_book(rng);
    const int tune = std::uniform_int_distribution<int>(0, 4)(rng);  // 1, 2: MM; 3: IM; else as drawn
    if (tune >= 1 && tune <= 3) tune_collateral(book, tune == 3 ? 2 : 1, xs, rng, config);
    const double index = book.market.underlyings.at("BTC").index_price;
    SCOPED_TRACE("book " + std::to_string(b) + ", index " + num(index) + ", vol " +
                 num(book.market.underlyings.at("BTC").vols.flat_vol) + ": " + test::describe(book.account));
    PreparedAccount prepared;
    EXPECT_TRUE(prepare_account(book.account, book.market, prepared).ok());
    const auto all = cross_liquidation_levels(prepared, config);
    EXPECT_EQ(all.size(), 1u);
    if (all.size() != 1u) return tally;
    const LiquidationLevels& levels = all[0];
    Book dense;
    make_book(book.account, book.market, "BTC", dense, config);
    std::vector<ScenarioTotals> ts(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) ts[i] = dense.at(std::exp(xs[i]));
    auto x_of = [&](const std::vector<PriceLevel>& ls, int direction) {
      std::vector<double> out;
      for (const auto& l : ls) {
        if (direction == 0 || (direction < 0) == (l.direction == PriceDirection::below)) {
          out.push_back(std::log(l.price / index));
        }
      }
      return out;
    };
    auto sides = [&](Side side) {
      std::vector<char> out;
      for (const auto& t : ts) out.push_back(side(t));
      return out;
    };
    const std::vector<char> liquidating_at = sides(&liquidating);
    check_all_crossings(dense, xs, liquidating_at, x_of(levels.liquidation, 0), &liquidating, liquidation);
    for (const auto& [reported, side] : {std::pair{&levels.margin_call, &below_initial}, {&levels.warning, &warned}}) {
      const std::vector<char> bad = sides(side);
      check_nearest(dense, xs, bad, x_of(*reported, -1), true, side, nearest);
      check_nearest(dense, xs, bad, x_of(*reported, +1), false, side, nearest);
    }
    // Every tenth book: the liquidation levels once more on markets moved by hand.
    if (b % 10 == 0) {
      for (const auto& l : levels.liquidation) {
        const double h = 1e-8;
        EXPECT_NE(liquidated_at(book.account, book.market, l.price * (1 - h), config),
                  liquidated_at(book.account, book.market, l.price * (1 + h), config))
            << "account_risk's status does not change at " << num(l.price);
        ++spot_checked;
      }
    }
  }
  return tally;
}

TEST(LiquidationSearch, RandomBooksAgainstADenseScan) {
  const DenseScanTally tally = random_books_against_a_dense_scan({}, 400, 0x6c6971);
  const Tally& liquidation = tally.liquidation;
  const Tally& nearest = tally.nearest;
  const int spot_checked = tally.spot_checked;
  // The loops checked something, and the books held what the search once missed.
  EXPECT_GT(liquidation.scan_changes, 300);
  EXPECT_GT(liquidation.roots_verified, 300);
  EXPECT_GT(liquidation.narrow_pairs, 10);
  EXPECT_GT(nearest.scan_changes, 300);
  EXPECT_GT(nearest.roots_verified, 300);
  EXPECT_GT(spot_checked, 20);
  std::printf("[ info     ] dense-scan changes %d + %d, levels verified %d + %d, narrow pairs %d, spot checks %d\n",
              liquidation.scan_changes, nearest.scan_changes, liquidation.roots_verified, nearest.roots_verified,
              liquidation.narrow_pairs, spot_checked);
}


RiskConfig config_of(const std::string& json) {
  PreviewConfig config;
  const Status s = parse_config_json(json, config);
  EXPECT_TRUE(s.ok()) << s.message;
  return config.risk;
}

// The same check under Bybit's profile (liquidation fee in MM, max(entry, mark) in IM, IM at least
// MM for calls too, the index as R) with stepped whole-position futures tiers in coins: an inverse
// future's bracket (USD size / mark) moves with the price, so its margin jumps at each bound.
TEST(LiquidationSearch, RandomBooksAgainstADenseScanUnderBybitWithSteppedTiers) {
  const RiskConfig config = config_of(R"({"profile": "bybit", "schedule": {"futures": {"tierUnit": "coins",
      "tierMode": "whole", "tiers": [{"upTo": 0.5, "initialRate": 0.01, "maintenanceRate": 0.005},
      {"upTo": 1, "initialRate": 0.02, "maintenanceRate": 0.01}, {"upTo": 2, "initialRate": 0.05, "maintenanceRate": 0.03},
      {"upTo": 5, "initialRate": 0.1, "maintenanceRate": 0.06}, {"upTo": 1e9, "initialRate": 0.25, "maintenanceRate": 0.15}]}}})");
  ASSERT_EQ(config.schedule.futures.tiers.size(), 5u);
  const DenseScanTally tally = random_books_against_a_dense_scan(config, 150, 0x627962);
  EXPECT_GT(tally.liquidation.scan_changes, 100);
  EXPECT_GT(tally.liquidation.roots_verified, 100);
  EXPECT_GT(tally.nearest.scan_changes, 100);
  EXPECT_GT(tally.spot_checked, 5);
  std::printf("[ info     ] bybit, whole tiers: dense-scan changes %d + %d, levels verified %d + %d, spot checks %d\n",
              tally.liquidation.scan_changes, tally.nearest.scan_changes, tally.liquidation.roots_verified,
              tally.nearest.roots_verified, tally.spot_checked);
}

// And with marginal tiers in USD of notional (a linear perpetual's bracket moves with the price:
// kinks, no jumps), under Derive's profile (IM of puts at least 1.05 MM).
TEST(LiquidationSearch, RandomBooksAgainstADenseScanUnderDeriveWithMarginalTiers) {
  const RiskConfig config = config_of(R"({"profile": "derive", "schedule": {"futures": {"tiers": [
      {"upTo": 20000, "initialRate": 0.01, "maintenanceRate": 0.005}, {"upTo": 100000, "initialRate": 0.03, "maintenanceRate": 0.02},
      {"upTo": 400000, "initialRate": 0.1, "maintenanceRate": 0.06}], "tierUnit": "usd", "tierMode": "marginal"}}})");
  const DenseScanTally tally = random_books_against_a_dense_scan(config, 100, 0x646572);
  EXPECT_GT(tally.liquidation.scan_changes, 60);
  EXPECT_GT(tally.nearest.scan_changes, 60);
}

// A jump of the margin across equity: an inverse perpetual whose MM rate steps from 0.5 % to 50 %
// where its size in coins (USD size / mark) passes 2 coins. Long 200,000 USD from 100,000 with
// 0.05 BTC: 2 coins at 100,000, so the step sits at the index; above it the margin is small and
// equity ample, below it the margin is half the notional, more than equity. The status changes at
// the step itself, and that is the level reported.
TEST(LiquidationSearch, AJumpAcrossEquityIsReportedWhereTheStatusChanges) {
  const RiskConfig config = config_of(R"({"schedule": {"futures": {"tiers": [
      {"upTo": 1.6, "initialRate": 0.01, "maintenanceRate": 0.005}, {"upTo": 10, "initialRate": 0.6, "maintenanceRate": 0.5}]}}})");
  auto btc = test::underlying_market("BTC", 100000.0, 0.6);
  const MarketSnapshot market = test::market_of({btc});
  const Account account = acct({{"BTC", 0.05}}, {position("BTC-PERPETUAL", 200000.0, 100000.0)});
  // The step: 200,000 / mark = 1.6 at mark 125,000.
  ASSERT_TRUE(liquidated_at(account, market, 124000.0, config));
  ASSERT_FALSE(liquidated_at(account, market, 126000.0, config));
  PreparedAccount prepared;
  ASSERT_TRUE(prepare_account(account, market, prepared).ok());
  const auto levels = cross_liquidation_levels(prepared, config);
  ASSERT_EQ(levels.size(), 1u);
  bool at_step = false;
  for (const auto& l : levels[0].liquidation) at_step = at_step || std::fabs(l.price / 125000.0 - 1.0) < 1e-9;
  EXPECT_TRUE(at_step) << "no level at the step, 125,000";
  const double change = status_change(account, market, 124000.0, 126000.0, config);
  EXPECT_NEAR(change, 125000.0, 125000.0 * 1e-9);
}

}  // namespace
}  // namespace marginkit
