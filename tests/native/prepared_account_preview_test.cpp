// The prepared account (src/preview/prepared_account_preview.*), checked against what it must
// agree with:
//  - PreparedAccountPreview::preview against a from-scratch valuation of the account after the
//    orders (apply_orders, then prepare_account + account_risk + cross_liquidation_levels on the
//    result, none of which reuses anything the prepared account kept): after totals, every
//    position row and the Greeks to 1e-12 relative, liquidation / margin-call / warning levels to
//    1e-9 relative in price with the same counts; in cross mode over mixed BTC/ETH books
//    (options, futures, perpetuals, linear and inverse, USDC/BTC/ETH collateral) and orders that
//    add, grow, reduce, close and flip positions, buy options and buy/sell spot;
//  - isolated mode: an untouched position keeps its levels (bit for bit those made when
//    preparing), a touched one gets isolated_liquidation_levels of its position after the orders;
//  - a prepared account is not changed by previewing: A, B, A again gives A bit for bit, risk()
//    and its levels do not move, and a freshly prepared one gives the same A;
//  - position rows: 'changed' keeps exactly the rows of the ordered instruments (names listed
//    here by hand), 'none' keeps none, and everything else is bit for bit the 'all' preview;
//  - the JSON doors: prepared_risk_json is the account valued from scratch, and
//    prepared_preview_json's before, after, change and levels are the accounts before and after
//    the order valued from scratch (written by the same JSON writer);
//    parse_preview_options_json rejects the keys fixed at preparation with UNSUPPORTED_FIELD on
//    options.<key> and bad `positions` with INVALID_ENUM; with bad orders
//    prepared_preview_json fails with the code and field preview_json gives (and the code the
//    table names), and the prepared account answers as before afterwards.
#define JSON_NOEXCEPTION
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "io/json_api.hpp"
#include "io/json_input.hpp"
#include "io/json_output.hpp"
#include "margin_test_support.hpp"
#include "preview_test_support.hpp"
#include "preview/orders.hpp"
#include "preview/prepared_account_preview.hpp"

namespace marginkit {
namespace {

using test::num;
using test::acct;
using test::kBuy;
using test::kSell;
using test::order;
using test::position;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();



// BTC index 100,000, 27DEC26 forward 101,000, a skewed 27DEC26 smile, one option and the linear
// perp with given marks; ETH index 3,500, rate 5 %, flat vol 70 %.
MarketSnapshot base_market() {
  auto btc = test::underlying_market("BTC", 100000.0);
  btc.forwards = {{test::kDec27_0800, 101000.0}};
  btc.vols.smile = {{test::kDec27_0800, 80000.0, 0.80}, {test::kDec27_0800, 100000.0, 0.60},
                    {test::kDec27_0800, 120000.0, 0.55}};
  auto eth = test::underlying_market("ETH", 3500.0, 0.70, 0.05);
  MarketSnapshot m = test::market_of({btc, eth});
  m.mark_prices["BTC-27DEC26-90000-P"] = 0.012;  // its vol is implied from this mark
  m.mark_prices["BTC_USDC-PERPETUAL"] = 100700.0;
  return m;
}

// Every kind of position on both underlyings, three collateral assets.
Account mixed_book() {
  return acct({{"USDC", 60000.0}, {"BTC", 0.6}, {"ETH", 4.0}},
              {position("BTC-27DEC26-100000-C", -2.0, 0.05), position("BTC-27DEC26-90000-P", 1.5, 0.03),
               position("BTC_USDC-27DEC26-120000-C", -1.0, 2000.0), position("BTC-27DEC26", 50000.0, 99500.0),
               position("ETH_USDC-27DEC26-3500-P", -10.0, 150.0), position("ETH-27DEC26-4000-C", 12.0, 0.03),
               position("ETH_USDC-PERPETUAL", -8.0, 3650.0), position("BTC-PERPETUAL", -20000.0, 98000.0),
               position("BTC_USDC-PERPETUAL", 0.5, 99000.0)});
}

// Sizes in whole contracts keep the max-size search short; it plays no part in these checks.
PreviewConfig config_for_tests() {
  PreviewConfig config;
  config.size_increment = 1.0;
  return config;
}

std::unique_ptr<PreparedAccountPreview> make_prepared(const Account& account, const MarketSnapshot& market,
                                                      const PreviewConfig& config) {
  std::unique_ptr<PreparedAccountPreview> out;
  const Status s = PreparedAccountPreview::create(account, market, config, out);
  EXPECT_TRUE(s.ok()) << s.message << " (" << s.field << ") for " << test::describe(account);
  return out;
}

bool run_preview(const PreparedAccountPreview& prepared, const std::vector<Order>& orders,
                 const PreviewConfig& options, TradePreview& out) {
  const Status s = prepared.preview(orders, options, out);
  EXPECT_TRUE(s.ok()) << s.message << " (" << s.field << ")";
  return s.ok();
}

// --- comparisons -----------------------------------------------------------------------------

// rel > 0: |a - b| <= rel * max(|a|, |b|) (infinities must match); rel = 0: the same bits.
::testing::AssertionResult close(double a, double b, double rel) {
  const bool ok = rel == 0.0 ? std::memcmp(&a, &b, sizeof a) == 0
                             : (a == b || std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b)));
  if (ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << num(a) << " vs " << num(b) << " (rel " << num(rel) << ")";
}

#define EXPECT_CLOSE(a, b, rel, what) EXPECT_TRUE(close((a), (b), (rel))) << what

void expect_value(const PositionValue& got, const PositionValue& want, double rel, const std::string& what) {
  EXPECT_CLOSE(got.index, want.index, rel, what << " index");
  EXPECT_CLOSE(got.mark, want.mark, rel, what << " mark");
  EXPECT_CLOSE(got.value_usd, want.value_usd, rel, what << " value");
  EXPECT_CLOSE(got.unrealized_pnl_usd, want.unrealized_pnl_usd, rel, what << " P&L");
  EXPECT_CLOSE(got.notional_usd, want.notional_usd, rel, what << " notional");
  EXPECT_CLOSE(got.initial_margin_usd, want.initial_margin_usd, rel, what << " IM");
  EXPECT_CLOSE(got.maintenance_margin_usd, want.maintenance_margin_usd, rel, what << " MM");
  EXPECT_CLOSE(got.delta_coins, want.delta_coins, rel, what << " delta");
  EXPECT_CLOSE(got.gamma_per_usd, want.gamma_per_usd, rel, what << " gamma");
  EXPECT_CLOSE(got.vega_usd, want.vega_usd, rel, what << " vega");
  EXPECT_CLOSE(got.theta_usd_per_day, want.theta_usd_per_day, rel, what << " theta");
}

// Everything but the per-position rows.
void expect_totals(const AccountRisk& got, const AccountRisk& want, double rel, const std::string& what) {
  EXPECT_CLOSE(got.collateral_usd, want.collateral_usd, rel, what << " collateral");
  EXPECT_CLOSE(got.unrealized_pnl_usd, want.unrealized_pnl_usd, rel, what << " P&L");
  EXPECT_CLOSE(got.options_value_usd, want.options_value_usd, rel, what << " options value");
  EXPECT_CLOSE(got.equity_usd, want.equity_usd, rel, what << " equity");
  EXPECT_CLOSE(got.initial_margin_usd, want.initial_margin_usd, rel, what << " IM");
  EXPECT_CLOSE(got.maintenance_margin_usd, want.maintenance_margin_usd, rel, what << " MM");
  EXPECT_CLOSE(got.available_margin_usd, want.available_margin_usd, rel, what << " available");
  EXPECT_CLOSE(got.margin_ratio, want.margin_ratio, rel, what << " margin ratio");
  EXPECT_CLOSE(got.initial_margin_ratio, want.initial_margin_ratio, rel, what << " IM ratio");
  EXPECT_CLOSE(got.leverage, want.leverage, rel, what << " leverage");
  EXPECT_EQ(got.status, want.status) << what;
  ASSERT_EQ(got.greeks.size(), want.greeks.size()) << what << " greeks";
  for (std::size_t i = 0; i < want.greeks.size(); ++i) {
    const UnderlyingGreeks& g = got.greeks[i];
    const UnderlyingGreeks& w = want.greeks[i];
    const std::string where = what + " greeks " + w.underlying;
    EXPECT_EQ(g.underlying, w.underlying) << where;
    EXPECT_CLOSE(g.index, w.index, rel, where << " index");
    EXPECT_CLOSE(g.delta_coins, w.delta_coins, rel, where << " delta");
    EXPECT_CLOSE(g.delta_usd, w.delta_usd, rel, where << " delta USD");
    EXPECT_CLOSE(g.gamma_per_usd, w.gamma_per_usd, rel, where << " gamma");
    EXPECT_CLOSE(g.gamma_usd_per_1pct, w.gamma_usd_per_1pct, rel, where << " gamma 1 %");
    EXPECT_CLOSE(g.vega_usd, w.vega_usd, rel, where << " vega");
    EXPECT_CLOSE(g.theta_usd_per_day, w.theta_usd_per_day, rel, where << " theta");
  }
}

void expect_row(const PositionRisk& got, const PositionRisk& want, double rel, const std::string& what) {
  const std::string where = what + " " + want.instrument;
  EXPECT_EQ(got.instrument, want.instrument) << what;
  EXPECT_CLOSE(got.size, want.size, rel, where << " size");
  expect_value(got.value, want.value, rel, where);
  EXPECT_CLOSE(got.isolated_equity_usd, want.isolated_equity_usd, rel, where << " isolated equity");
  EXPECT_EQ(got.status, want.status) << where;
}

void expect_risk(const AccountRisk& got, const AccountRisk& want, double rel, const std::string& what) {
  expect_totals(got, want, rel, what);
  ASSERT_EQ(got.positions.size(), want.positions.size()) << what << " rows";
  for (std::size_t i = 0; i < want.positions.size(); ++i) expect_row(got.positions[i], want.positions[i], rel, what);
}

void expect_prices(const std::vector<PriceLevel>& got, const std::vector<PriceLevel>& want, double index, double rel,
                   const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what << " count";
  for (std::size_t k = 0; k < want.size(); ++k) {
    EXPECT_CLOSE(got[k].price, want[k].price, rel, what << " price");
    // distance = (price / index - 1) * 100: a price error of rel is 100 rel price / index here.
    if (rel == 0.0) EXPECT_CLOSE(got[k].distance_percent, want[k].distance_percent, 0.0, what << " distance");
    else EXPECT_NEAR(got[k].distance_percent, want[k].distance_percent, 100.0 * rel * want[k].price / index) << what;
    EXPECT_EQ(got[k].direction, want[k].direction) << what;
  }
}

void expect_levels(const LiquidationLevels& got, const LiquidationLevels& want, double rel, const std::string& what) {
  const std::string where = what + " " + want.underlying;
  EXPECT_EQ(got.underlying, want.underlying) << what;
  EXPECT_CLOSE(got.index, want.index, rel, where << " index");
  expect_prices(got.liquidation, want.liquidation, want.index, rel, where + " liquidation");
  expect_prices(got.margin_call, want.margin_call, want.index, rel, where + " margin call");
  expect_prices(got.warning, want.warning, want.index, rel, where + " warning");
}

void expect_levels(const std::vector<LiquidationLevels>& got, const std::vector<LiquidationLevels>& want, double rel,
                   const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what << " levels";
  for (std::size_t i = 0; i < want.size(); ++i) expect_levels(got[i], want[i], rel, what);
}

// Two warnings: message and figures (absent ones NaN or empty in both).
void expect_warning(const PreviewWarning& got, const PreviewWarning& want, const std::string& what) {
  const std::string where = what + " " + want.code;
  EXPECT_EQ(got.message, want.message) << where;
  EXPECT_EQ(got.underlying, want.underlying) << where;
  EXPECT_EQ(got.instrument, want.instrument) << where;
  EXPECT_EQ(got.asset, want.asset) << where;
  // Names from fixed lists: the same list entry (or none).
  EXPECT_EQ(got.direction, want.direction) << where;
  EXPECT_EQ(got.status_before, want.status_before) << where;
  EXPECT_EQ(got.status_after, want.status_after) << where;
  EXPECT_CLOSE(got.price, want.price, 0.0, where << " price");
  EXPECT_CLOSE(got.distance_percent, want.distance_percent, 0.0, where << " distance");
  EXPECT_CLOSE(got.amount_usd, want.amount_usd, 0.0, where << " amount USD");
  EXPECT_CLOSE(got.amount, want.amount, 0.0, where << " amount");
  EXPECT_CLOSE(got.margin_ratio, want.margin_ratio, 0.0, where << " margin ratio");
  EXPECT_CLOSE(got.from_size, want.from_size, 0.0, where << " from size");
  EXPECT_CLOSE(got.to_size, want.to_size, 0.0, where << " to size");
}

// Two previews bit for bit (rows of before and after compared when `rows`).
void expect_identical(const TradePreview& got, const TradePreview& want, const std::string& what, bool rows = true) {
  if (rows) {
    expect_risk(got.before, want.before, 0.0, what + " before");
    expect_risk(got.after, want.after, 0.0, what + " after");
  } else {
    expect_totals(got.before, want.before, 0.0, what + " before");
    expect_totals(got.after, want.after, 0.0, what + " after");
  }
  expect_levels(got.liquidation_before, want.liquidation_before, 0.0, what + " before");
  expect_levels(got.liquidation_after, want.liquidation_after, 0.0, what + " after");
  EXPECT_EQ(got.accepted, want.accepted) << what;
  EXPECT_EQ(got.reject_reason, want.reject_reason) << what;
  ASSERT_EQ(got.warnings.size(), want.warnings.size()) << what << " warnings";
  for (std::size_t i = 0; i < want.warnings.size(); ++i) {
    EXPECT_EQ(got.warnings[i].code, want.warnings[i].code) << what;
    expect_warning(got.warnings[i], want.warnings[i], what);
  }
  EXPECT_CLOSE(got.max_size, want.max_size, 0.0, what << " max size");
  EXPECT_CLOSE(got.size_increment, want.size_increment, 0.0, what << " increment");
  EXPECT_CLOSE(got.top_up_usd, want.top_up_usd, 0.0, what << " top-up USD");
  EXPECT_EQ(got.top_up_asset, want.top_up_asset) << what;
  EXPECT_CLOSE(got.top_up_amount, want.top_up_amount, 0.0, what << " top-up amount");
}

// --- from scratch ----------------------------------------------------------------------------

// The account after the orders, valued with nothing reused: its risk and (cross) levels.
struct Fresh {
  Account account;
  PreparedAccount prepared;
  AccountRisk risk;
  std::vector<LiquidationLevels> levels;
};

// Fresh is filled in place: `prepared` points into `account`.
bool from_scratch(const Account& account, const MarketSnapshot& market, const std::vector<Order>* orders,
                  const RiskConfig& risk, Fresh& out) {
  if (orders) {
    const Status s = apply_orders(account, market, *orders, risk, out.account);
    EXPECT_TRUE(s.ok()) << s.message << " (" << s.field << ")";
    if (!s.ok()) return false;
  } else {
    out.account = account;
  }
  const Status s = prepare_account(out.account, market, out.prepared);
  EXPECT_TRUE(s.ok()) << s.message << " (" << s.field << ")";
  if (!s.ok()) return false;
  out.risk = account_risk(out.prepared, risk);
  if (account.mode == MarginMode::cross) out.levels = cross_liquidation_levels(out.prepared, risk);
  return true;
}

// --- cross mode against a valuation from scratch -----------------------------------------------

struct Case {
  const char* what;
  Account account;
  std::vector<Order> orders;
};

std::vector<Case> cross_cases() {
  const Account book = mixed_book();
  // BTC only, coin-margined: inverse options and an inverse perp on BTC collateral.
  const Account btc_only = acct({{"BTC", 2.0}}, {position("BTC-27DEC26-100000-P", -3.0, 0.04),
                                                 position("BTC-27DEC26-110000-C", 1.0, 0.02),
                                                 position("BTC-PERPETUAL", 30000.0, 99000.0)});
  // Linear on USDC, the ETH perp the only ETH exposure.
  const Account usdc = acct({{"USDC", 60000.0}}, {position("ETH_USDC-PERPETUAL", 5.0, 3400.0),
                                                  position("BTC_USDC-27DEC26-90000-P", -2.0, 1500.0)});
  std::vector<Case> out;
  out.push_back({"sell a new inverse call", book, {order("BTC-27DEC26-110000-C", kSell, 3.0)}});
  out.push_back({"grow short linear puts", book, {order("ETH_USDC-27DEC26-3500-P", kSell, 5.0)}});
  out.push_back({"reduce short inverse calls", book, {order("BTC-27DEC26-100000-C", kBuy, 1.0)}});
  out.push_back({"close the inverse future", book, {order("BTC-27DEC26", kSell, 50000.0)}});
  out.push_back({"close a short linear call, paying for it", book, {order("BTC_USDC-27DEC26-120000-C", kBuy, 1.0)}});
  out.push_back({"flip the linear ETH perp", book, {order("ETH_USDC-PERPETUAL", kBuy, 12.0)}});
  out.push_back({"flip the inverse BTC perp", book, {order("BTC-PERPETUAL", kBuy, 30000.0)}});
  out.push_back({"buy new inverse ETH puts, premium in ETH", book, {order("ETH-27DEC26-3000-P", kBuy, 5.0)}});
  out.push_back({"buy more of the marked put above its mark", book, {order("BTC-27DEC26-90000-P", kBuy, 1.0, 0.015)}});
  out.push_back({"spot buy of ETH with USDC", book, {order("ETH_USDC", kBuy, 2.0)}});
  out.push_back({"spot sell of BTC for USDC", book, {order("BTC_USDC", kSell, 0.1)}});
  out.push_back({"sell a BTC call, flip the ETH perp, buy BTC spot", book,
                 {order("BTC-27DEC26-110000-C", kSell, 1.0), order("ETH_USDC-PERPETUAL", kBuy, 10.0),
                  order("BTC_USDC", kBuy, 0.05)}});
  out.push_back({"one instrument twice: buy then sell through zero", book,
                 {order("BTC_USDC-PERPETUAL", kBuy, 1.0), order("BTC_USDC-PERPETUAL", kSell, 2.5)}});
  out.push_back({"close two positions at once", book,
                 {order("BTC-27DEC26-90000-P", kSell, 1.5), order("ETH-27DEC26-4000-C", kSell, 12.0)}});
  out.push_back({"BTC book: sell ETH puts (a new underlying)", btc_only, {order("ETH_USDC-27DEC26-3500-P", kSell, 2.0)}});
  out.push_back({"BTC book: spot ETH bought with USDC it does not hold", btc_only, {order("ETH_USDC", kBuy, 1.0)}});
  out.push_back({"BTC book: grow the short puts", btc_only, {order("BTC-27DEC26-100000-P", kSell, 2.0)}});
  out.push_back({"BTC book: reduce the inverse perp at a limit", btc_only,
                 {order("BTC-PERPETUAL", kSell, 10000.0, 102000.0)}});
  out.push_back({"USDC book: close the only ETH position", usdc, {order("ETH_USDC-PERPETUAL", kSell, 5.0)}});
  out.push_back({"USDC book: add inverse BTC calls with no BTC held", usdc, {order("BTC-27DEC26-120000-C", kSell, 1.0)}});
  return out;
}

TEST(PreparedAccountPreview, PreviewEqualsTheAccountAfterValuedFromScratch) {
  const MarketSnapshot market = base_market();
  const PreviewConfig config = config_for_tests();
  std::size_t levels_seen = 0;
  for (const auto& c : cross_cases()) {
    SCOPED_TRACE(std::string(c.what) + ": " + test::describe(c.account));
    const auto prepared = make_prepared(c.account, market, config);
    ASSERT_TRUE(prepared);
    TradePreview p;
    ASSERT_TRUE(run_preview(*prepared, c.orders, config, p));

    Fresh before, after;
    ASSERT_TRUE(from_scratch(c.account, market, nullptr, config.risk, before));
    ASSERT_TRUE(from_scratch(c.account, market, &c.orders, config.risk, after));
    expect_risk(p.before, before.risk, 1e-12, "before");
    expect_levels(p.liquidation_before, before.levels, 1e-9, "before");
    expect_risk(p.after, after.risk, 1e-12, "after");
    expect_levels(p.liquidation_after, after.levels, 1e-9, "after");
    for (const auto& l : after.levels) levels_seen += l.liquidation.size() + l.margin_call.size() + l.warning.size();
  }
  // The level comparisons above compared something.
  EXPECT_GT(levels_seen, 40u);
}

TEST(PreparedAccountPreview, OnePreparedAccountAnswersEveryOrderOfItsAccount) {
  // The same checks with one prepared account per account for all its orders, in turn.
  const MarketSnapshot market = base_market();
  const PreviewConfig config = config_for_tests();
  const Account book = mixed_book();
  const auto prepared = make_prepared(book, market, config);
  ASSERT_TRUE(prepared);
  for (const auto& c : cross_cases()) {
    if (c.account.positions.size() != book.positions.size()) continue;  // the mixed book's cases
    SCOPED_TRACE(c.what);
    TradePreview p;
    ASSERT_TRUE(run_preview(*prepared, c.orders, config, p));
    Fresh after;
    ASSERT_TRUE(from_scratch(book, market, &c.orders, config.risk, after));
    expect_risk(p.after, after.risk, 1e-12, "after");
    expect_levels(p.liquidation_after, after.levels, 1e-9, "after");
  }
}

// --- isolated mode -----------------------------------------------------------------------------

Account isolated_book() {
  return acct({{"USDC", 30000.0}, {"ETH", 1.0}},
              {position("BTC_USDC-PERPETUAL", 0.5, 99000.0, 2000.0),      // closed form
               position("ETH-PERPETUAL", 10000.0, 3400.0, 0.5),            // inverse: searched
               position("BTC_USDC-27DEC26-90000-P", -1.0, 1500.0, 15000.0),  // option
               position("ETH_USDC-27DEC26", 1.0, 3500.0, 600.0)},           // linear future
              MarginMode::isolated);
}

TEST(PreparedAccountPreview, IsolatedUntouchedPositionsKeepTheirLevelsTouchedOnesAreRecomputed) {
  const MarketSnapshot market = base_market();
  const PreviewConfig config = config_for_tests();
  const Account book = isolated_book();
  const auto prepared = make_prepared(book, market, config);
  ASSERT_TRUE(prepared);
  ASSERT_EQ(prepared->liquidation_levels().size(), book.positions.size());
  const std::vector<std::pair<const char*, std::vector<Order>>> cases = {
      {"grow the linear perp", {order("BTC_USDC-PERPETUAL", kBuy, 0.2)}},
      {"close the linear future", {order("ETH_USDC-27DEC26", kSell, 1.0)}},
      {"sell a new inverse call with its margin", {order("BTC-27DEC26-110000-C", kSell, 1.0, kNaN, 0.3)}},
      {"a new linear perp, margin = its IM", {order("ETH_USDC-PERPETUAL", kBuy, 1.0)}},
      {"reduce the inverse perp, adding margin", {order("ETH-PERPETUAL", kSell, 4000.0, kNaN, 0.1)}},
      {"flip the linear perp", {order("BTC_USDC-PERPETUAL", kSell, 1.0)}},
      {"three at once", {order("BTC_USDC-27DEC26-90000-P", kBuy, 1.0), order("ETH-PERPETUAL", kBuy, 5000.0),
                         order("ETH_USDC-PERPETUAL", kSell, 2.0)}},
  };
  for (const auto& [what, orders] : cases) {
    SCOPED_TRACE(what);
    TradePreview p;
    ASSERT_TRUE(run_preview(*prepared, orders, config, p));
    Fresh after;
    ASSERT_TRUE(from_scratch(book, market, &orders, config.risk, after));
    expect_risk(p.after, after.risk, 1e-12, "after");
    expect_levels(p.liquidation_before, prepared->liquidation_levels(), 0.0, "before");
    std::set<std::string> touched;
    for (const auto& o : orders) touched.insert(o.instrument.name);
    ASSERT_EQ(p.liquidation_after.size(), after.account.positions.size());
    for (std::size_t i = 0; i < after.prepared.positions.size(); ++i) {
      const std::string& name = after.account.positions[i].instrument.name;
      const LiquidationLevels fresh = isolated_liquidation_levels(after.prepared.positions[i], config.risk);
      expect_levels(p.liquidation_after[i], fresh, 1e-9, name + " after");
      if (!touched.count(name)) {
        const auto was = std::find_if(book.positions.begin(), book.positions.end(),
                                      [&](const Position& q) { return q.instrument.name == name; });
        ASSERT_NE(was, book.positions.end()) << name;
        const auto k = static_cast<std::size_t>(was - book.positions.begin());
        expect_levels(p.liquidation_after[i], prepared->liquidation_levels()[k], 0.0, name + " untouched");
      }
    }
  }
}

// --- previews leave the prepared account as it was -----------------------------------------------

void check_repeatable(const Account& account, const std::vector<Order>& a, const std::vector<Order>& b) {
  const MarketSnapshot market = base_market();
  const PreviewConfig config = config_for_tests();
  const auto prepared = make_prepared(account, market, config);
  ASSERT_TRUE(prepared);
  const AccountRisk risk = prepared->risk();
  const std::vector<LiquidationLevels> levels = prepared->liquidation_levels();
  TradePreview first, other, again, fresh;
  ASSERT_TRUE(run_preview(*prepared, a, config, first));
  ASSERT_TRUE(run_preview(*prepared, b, config, other));
  ASSERT_TRUE(run_preview(*prepared, a, config, again));
  expect_identical(again, first, "A after B");
  expect_risk(prepared->risk(), risk, 0.0, "risk() after previews");
  expect_levels(prepared->liquidation_levels(), levels, 0.0, "levels after previews");
  const auto second = make_prepared(account, market, config);
  ASSERT_TRUE(second);
  ASSERT_TRUE(run_preview(*second, a, config, fresh));
  expect_identical(fresh, first, "A on a freshly prepared account");
}

TEST(PreparedAccountPreview, PreviewsDoNotChangeTheCrossPreparedAccount) {
  check_repeatable(mixed_book(), {order("BTC-27DEC26-110000-C", kSell, 3.0)},
                   {order("ETH_USDC-PERPETUAL", kBuy, 12.0), order("ETH_USDC", kBuy, 2.0),
                    order("BTC-27DEC26", kSell, 50000.0)});
  // B closes what A grows, and A buys an option (collateral changes both times).
  check_repeatable(mixed_book(), {order("BTC-27DEC26-90000-P", kBuy, 2.0)},
                   {order("BTC-27DEC26-90000-P", kSell, 1.5)});
}

TEST(PreparedAccountPreview, PreviewsDoNotChangeTheIsolatedPreparedAccount) {
  check_repeatable(isolated_book(), {order("BTC_USDC-PERPETUAL", kBuy, 0.2)},
                   {order("BTC_USDC-PERPETUAL", kSell, 0.5), order("ETH-27DEC26-3000-P", kSell, 1.0, kNaN, 0.2)});
}

TEST(PreparedAccountPreview, PreviewOptionsCannotChangeTheSettingsFixedAtPreparation) {
  // prepared_account_preview.hpp: a preview's schedule, warning ratio and liquidation_levels are
  // those it was prepared with.
  const PreviewConfig config = config_for_tests();
  const auto prepared = make_prepared(mixed_book(), base_market(), config);
  ASSERT_TRUE(prepared);
  PreviewConfig options = config;
  options.risk.warning_ratio = 0.1;
  options.risk.schedule.options.maintenance_rate *= 2.0;
  options.liquidation_levels = false;
  const std::vector<Order> orders = {order("BTC-27DEC26-110000-C", kSell, 3.0)};
  TradePreview with_config, with_options;
  ASSERT_TRUE(run_preview(*prepared, orders, config, with_config));
  ASSERT_TRUE(run_preview(*prepared, orders, options, with_options));
  expect_identical(with_options, with_config, "other settings fixed at preparation in the options");
  EXPECT_FALSE(with_options.liquidation_after.empty());
}

// --- position rows -------------------------------------------------------------------------------

std::vector<std::string> names_of(const AccountRisk& risk) {
  std::vector<std::string> names;
  for (const auto& row : risk.positions) names.push_back(row.instrument);
  return names;
}

// The rows of `all` named in `names`, in their order there.
std::vector<PositionRisk> rows_named(const AccountRisk& all, const std::set<std::string>& names) {
  std::vector<PositionRisk> rows;
  for (const auto& row : all.positions) {
    if (names.count(row.instrument)) rows.push_back(row);
  }
  return rows;
}

TEST(PreparedAccountPreview, PositionRowsChangedKeepsTheOrderedInstrumentsNoneKeepsNone) {
  const MarketSnapshot market = base_market();
  const PreviewConfig config = config_for_tests();
  const auto prepared = make_prepared(mixed_book(), market, config);
  ASSERT_TRUE(prepared);
  // A new position, one closed, one grown, and a spot trade (which has no row).
  const std::vector<Order> orders = {order("BTC-27DEC26-110000-C", kSell, 1.0), order("BTC-27DEC26", kSell, 50000.0),
                                     order("ETH_USDC", kBuy, 1.0), order("ETH_USDC-27DEC26-3500-P", kSell, 2.0)};
  const std::set<std::string> ordered = {"BTC-27DEC26-110000-C", "BTC-27DEC26", "ETH_USDC",
                                         "ETH_USDC-27DEC26-3500-P"};
  PreviewConfig all = config, changed = config, none = config;
  changed.position_rows = PositionRows::changed;
  none.position_rows = PositionRows::none;
  TradePreview p_all, p_changed, p_none;
  ASSERT_TRUE(run_preview(*prepared, orders, all, p_all));
  ASSERT_TRUE(run_preview(*prepared, orders, changed, p_changed));
  ASSERT_TRUE(run_preview(*prepared, orders, none, p_none));

  ASSERT_EQ(p_all.before.positions.size(), 9u);
  ASSERT_EQ(p_all.after.positions.size(), 9u);  // one closed, one new
  EXPECT_EQ(names_of(p_changed.before), (std::vector<std::string>{"BTC-27DEC26", "ETH_USDC-27DEC26-3500-P"}));
  EXPECT_EQ(names_of(p_changed.after), (std::vector<std::string>{"ETH_USDC-27DEC26-3500-P", "BTC-27DEC26-110000-C"}));
  const auto before_rows = rows_named(p_all.before, ordered);
  const auto after_rows = rows_named(p_all.after, ordered);
  ASSERT_EQ(p_changed.before.positions.size(), before_rows.size());
  ASSERT_EQ(p_changed.after.positions.size(), after_rows.size());
  for (std::size_t i = 0; i < before_rows.size(); ++i) expect_row(p_changed.before.positions[i], before_rows[i], 0.0, "before");
  for (std::size_t i = 0; i < after_rows.size(); ++i) expect_row(p_changed.after.positions[i], after_rows[i], 0.0, "after");
  EXPECT_TRUE(p_none.before.positions.empty());
  EXPECT_TRUE(p_none.after.positions.empty());

  // Everything but the rows is the 'all' preview's, bit for bit.
  expect_identical(p_changed, p_all, "'changed' vs 'all'", false);
  expect_identical(p_none, p_all, "'none' vs 'all'", false);
}

TEST(PreparedAccountPreview, PositionRowsInTheCreationConfigAreTheDefaultOfItsPreviews) {
  const MarketSnapshot market = base_market();
  PreviewConfig config = config_for_tests();
  config.position_rows = PositionRows::none;
  const auto prepared = make_prepared(mixed_book(), market, config);
  ASSERT_TRUE(prepared);
  EXPECT_EQ(prepared->risk().positions.size(), 9u) << "risk() has every row whatever the preview setting";
  std::string out;
  const Status s = prepared_preview_json(*prepared, R"({"instrument":"BTC-PERPETUAL","side":"buy","size":100})", "", out);
  ASSERT_TRUE(s.ok()) << s.message;
  const auto j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["before"]["positions"].size(), 0u);
  EXPECT_EQ(j["after"]["positions"].size(), 0u);
}

// --- JSON doors ----------------------------------------------------------------------------------

TEST(PreparedAccountPreview, PreviewOptionsRejectTheKeysFixedAtPreparation) {
  const PreviewConfig base;
  const std::pair<const char*, const char*> rows[] = {
      {R"({"warningRatio":0.5})", "options.warningRatio"},
      {R"({"schedule":{}})", "options.schedule"},
      {R"({"liquidationLevels":false})", "options.liquidationLevels"},
      {R"({"positions":"changed","schedule":{"options":{"initialBase":0.2}}})", "options.schedule"},
      {R"({"sizeIncrement":1,"liquidationLevels":true})", "options.liquidationLevels"},
  };
  for (const auto& [text, field] : rows) {
    PreviewConfig out;
    const Status s = parse_preview_options_json(text, base, out);
    EXPECT_EQ(s.code, ErrorCode::UNSUPPORTED_FIELD) << text << ": " << test::name(s.code);
    EXPECT_EQ(s.field, field) << text;
    EXPECT_FALSE(s.message.empty()) << text;
  }
}

TEST(PreparedAccountPreview, PositionsIsAllChangedOrNone) {
  PreviewConfig base;
  base.risk.warning_ratio = 0.5;
  base.liquidation_levels = false;
  base.size_increment = 2.0;
  base.liquidation_warning_percent = 7.0;
  const std::pair<const char*, PositionRows> good[] = {
      {"all", PositionRows::all}, {"changed", PositionRows::changed}, {"none", PositionRows::none}};
  for (const auto& [word, rows] : good) {
    PreviewConfig out;
    const Status s = parse_preview_options_json(std::string(R"({"positions":")") + word + "\"}", base, out);
    ASSERT_TRUE(s.ok()) << word << ": " << s.message;
    EXPECT_EQ(out.position_rows, rows) << word;
    // The rest is the base's.
    EXPECT_EQ(out.risk.warning_ratio, 0.5);
    EXPECT_FALSE(out.liquidation_levels);
    EXPECT_EQ(out.size_increment, 2.0);
    EXPECT_EQ(out.liquidation_warning_percent, 7.0);
    PreviewConfig config;
    ASSERT_TRUE(parse_config_json(std::string(R"({"positions":")") + word + "\"}", config).ok()) << word;
    EXPECT_EQ(config.position_rows, rows) << word;
  }
  // The per-preview keys override; "" and "null" leave the base.
  PreviewConfig out;
  ASSERT_TRUE(parse_preview_options_json(R"({"sizeIncrement":0.5,"liquidationWarningPercent":3})", base, out).ok());
  EXPECT_EQ(out.size_increment, 0.5);
  EXPECT_EQ(out.liquidation_warning_percent, 3.0);
  EXPECT_EQ(out.position_rows, PositionRows::all);
  for (const char* empty : {"", "null"}) {
    PreviewConfig same;
    ASSERT_TRUE(parse_preview_options_json(empty, base, same).ok()) << "'" << empty << "'";
    EXPECT_EQ(same.size_increment, 2.0);
    EXPECT_EQ(same.risk.warning_ratio, 0.5);
  }

  const std::pair<const char*, ErrorCode> bad[] = {
      {R"({"positions":"some"})", ErrorCode::INVALID_ENUM},
      {R"({"positions":"ALL"})", ErrorCode::INVALID_ENUM},
      {R"({"positions":1})", ErrorCode::INVALID_TYPE},
  };
  for (const auto& [text, code] : bad) {
    PreviewConfig o, c;
    const Status s = parse_preview_options_json(text, base, o);
    EXPECT_EQ(s.code, code) << text << ": " << test::name(s.code);
    EXPECT_EQ(s.field, "options.positions") << text;
    const Status t = parse_config_json(text, c);
    EXPECT_EQ(t.code, code) << "config " << text << ": " << test::name(t.code);
    EXPECT_EQ(t.field, "config.positions") << "config " << text;
  }
}

TEST(PreparedAccountPreview, PositionsEmptyStringIsNotAValue) {
  // '' is none of 'all', 'changed', 'none' (an absent key is the default; an empty one is not).
  PreviewConfig out, config;
  const Status s = parse_preview_options_json(R"({"positions":""})", PreviewConfig{}, out);
  EXPECT_EQ(test::name(s.code), "INVALID_ENUM");
  EXPECT_EQ(s.field, "options.positions");
  const Status t = parse_config_json(R"({"positions":""})", config);
  EXPECT_EQ(test::name(t.code), "INVALID_ENUM");
  EXPECT_EQ(t.field, "config.positions");
}

TEST(PreparedAccountPreview, UnknownConfigAndOptionKeysAreNamed) {
  // A misspelt key would otherwise do nothing: every level of a config and of preview options
  // takes only its documented keys (web/marginkit.d.ts MarginConfig, PreviewOptions).
  const std::pair<const char*, const char*> config_rows[] = {
      {R"({"position":"changed"})", "config.position"},
      {R"({"warningratio":0.5})", "config.warningratio"},
      {R"({"schedule":{"option":{}}})", "config.schedule.option"},
      {R"({"schedule":{"options":{"initialbase":0.2}}})", "config.schedule.options.initialbase"},
      {R"({"schedule":{"futures":{"tier":100}}})", "config.schedule.futures.tier"},
  };
  for (const auto& [text, field] : config_rows) {
    PreviewConfig out;
    const Status s = parse_config_json(text, out);
    EXPECT_EQ(test::name(s.code), "UNSUPPORTED_FIELD") << text;
    EXPECT_EQ(s.field, field) << text;
  }
  PreviewConfig out;
  const Status s = parse_preview_options_json(R"({"position":"changed"})", PreviewConfig{}, out);
  EXPECT_EQ(test::name(s.code), "UNSUPPORTED_FIELD");
  EXPECT_EQ(s.field, "options.position");
  // The documented keys themselves are taken.
  EXPECT_TRUE(parse_config_json(R"({"schedule":{"options":{"initialBase":0.2},"futures":{"tierSize":50}},)"
                                R"("warningRatio":0.7,"liquidationWarningPercent":5,"sizeIncrement":0.1,)"
                                R"("positions":"none","liquidationLevels":false})", out).ok());
}

const char* const kAccountJson =
    R"({"collateral":{"USDC":50000,"BTC":0.5},"positions":[)"
    R"({"instrument":"BTC-27DEC26-100000-C","size":-2,"entryPrice":0.05},)"
    R"({"instrument":"ETH_USDC-PERPETUAL","size":-8,"entryPrice":3650},)"
    R"({"instrument":"BTC-PERPETUAL","size":20000,"entryPrice":98000}]})";
const char* const kMarketJson =
    R"({"time":"2026-11-24T08:00:00Z","underlyings":{)"
    R"("BTC":{"index":100000,"forwards":{"27DEC26":101000},"vol":0.6},)"
    R"("ETH":{"index":3500,"rate":0.05,"vol":0.7}},)"
    R"("markPrices":{"BTC-27DEC26-80000-P":5}})";  // 5 BTC = 500,000 USD: above any put's bound
const char* const kConfigJson = R"({"sizeIncrement":1,"warningRatio":0.6})";
const char* const kGoodOrder = R"({"instrument":"BTC-27DEC26-110000-C","side":"sell","size":1})";

// JSON trees alike: the same keys and array lengths, strings and booleans equal, numbers to
// `rel` relative (nulls, written for non-finite numbers, must match).
void expect_json_close(const nlohmann::json& got, const nlohmann::json& want, double rel, const std::string& path) {
  if (want.is_object()) {
    ASSERT_TRUE(got.is_object()) << path;
    std::vector<std::string> got_keys, want_keys;
    for (const auto& item : got.items()) got_keys.push_back(item.key());
    for (const auto& item : want.items()) want_keys.push_back(item.key());
    ASSERT_EQ(got_keys, want_keys) << path;
    for (const auto& item : want.items()) expect_json_close(got[item.key()], item.value(), rel, path + "." + item.key());
  } else if (want.is_array()) {
    ASSERT_TRUE(got.is_array()) << path;
    ASSERT_EQ(got.size(), want.size()) << path;
    for (std::size_t i = 0; i < want.size(); ++i) {
      expect_json_close(got[i], want[i], rel, path + "[" + std::to_string(i) + "]");
    }
  } else if (want.is_number()) {
    ASSERT_TRUE(got.is_number()) << path << ": " << got.dump();
    EXPECT_CLOSE(got.get<double>(), want.get<double>(), rel, path);
  } else {
    EXPECT_EQ(got, want) << path;
  }
}

// Levels in JSON: prices to `rel`, distances to what that allows, the rest exactly.
void expect_json_levels(const nlohmann::json& got, const nlohmann::json& want, double rel, const std::string& path) {
  ASSERT_TRUE(got.is_array() && want.is_array()) << path;
  ASSERT_EQ(got.size(), want.size()) << path;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const std::string where = path + "[" + std::to_string(i) + "]";
    const double index = want[i]["index"].get<double>();
    expect_json_close(got[i]["underlying"], want[i]["underlying"], 0.0, where);
    expect_json_close(got[i]["index"], want[i]["index"], 0.0, where + ".index");
    for (const char* kind : {"liquidation", "marginCall", "warning"}) {
      const auto& g = got[i][kind];
      const auto& w = want[i][kind];
      ASSERT_EQ(g.size(), w.size()) << where << "." << kind;
      for (std::size_t k = 0; k < w.size(); ++k) {
        const std::string level = where + "." + kind + "[" + std::to_string(k) + "]";
        const double price = w[k]["price"].get<double>();
        EXPECT_CLOSE(g[k]["price"].get<double>(), price, rel, level + ".price");
        EXPECT_NEAR(g[k]["distancePercent"].get<double>(), w[k]["distancePercent"].get<double>(),
                    100.0 * rel * price / index) << level;
        EXPECT_EQ(g[k]["direction"], w[k]["direction"]) << level;
      }
    }
  }
}

TEST(PreparedAccountPreview, JsonDoorsAnswerAsAFromScratchValuation) {
  // The inputs parsed as the doors parse them, the account before and after the order valued
  // from scratch and written with the same JSON writer: the doors' numbers must be those.
  Account account;
  MarketSnapshot market;
  PreviewConfig config;
  std::vector<Order> orders;
  ASSERT_TRUE(parse_account_json(kAccountJson, account).ok());
  ASSERT_TRUE(parse_market_json(kMarketJson, market).ok());
  ASSERT_TRUE(parse_config_json(kConfigJson, config).ok());
  ASSERT_TRUE(parse_orders_json(kGoodOrder, orders).ok());
  Fresh before, after;
  ASSERT_TRUE(from_scratch(account, market, nullptr, config.risk, before));
  ASSERT_TRUE(from_scratch(account, market, &orders, config.risk, after));
  std::string fresh_before_text, fresh_after_text;
  ASSERT_TRUE(account_risk_to_json(before.risk, before.levels, fresh_before_text).ok());
  ASSERT_TRUE(account_risk_to_json(after.risk, after.levels, fresh_after_text).ok());
  const auto fresh_before = nlohmann::json::parse(fresh_before_text);
  const auto fresh_after = nlohmann::json::parse(fresh_after_text);
  auto without_levels = [](nlohmann::json risk) {
    risk.erase("liquidation");
    return risk;
  };

  std::unique_ptr<PreparedAccountPreview> prepared;
  ASSERT_TRUE(prepare_json(kAccountJson, kMarketJson, kConfigJson, prepared).ok());
  std::string risk;
  ASSERT_TRUE(prepared_risk_json(*prepared, risk).ok());
  EXPECT_EQ(risk, fresh_before_text);
  std::string text;
  ASSERT_TRUE(prepared_preview_json(*prepared, kGoodOrder, "", text).ok());
  const auto j = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  expect_json_close(j["before"], without_levels(fresh_before), 1e-12, "before");
  expect_json_close(j["after"], without_levels(fresh_after), 1e-12, "after");
  expect_json_levels(j["liquidationBefore"], fresh_before["liquidation"], 1e-9, "liquidationBefore");
  expect_json_levels(j["liquidationAfter"], fresh_after["liquidation"], 1e-9, "liquidationAfter");
  for (const char* key : {"equityUsd", "initialMarginUsd", "maintenanceMarginUsd", "availableMarginUsd"}) {
    const double change = fresh_after[key].get<double>() - fresh_before[key].get<double>();
    EXPECT_NEAR(j["change"][key].get<double>(), change, 1e-12 * fresh_after[key].get<double>()) << key;
  }
  // The order adds risk: accepted exactly when the account after is healthy or warning (under
  // the creation config's warningRatio 0.6), and its sizeIncrement is the creation config's.
  const bool fits = after.risk.status == MarginStatus::healthy || after.risk.status == MarginStatus::warning;
  EXPECT_EQ(j["accepted"], fits) << test::status_name(after.risk.status);
  EXPECT_EQ(j["sizeIncrement"], 1.0);
  // What was compared is there: positions, Greeks and levels on both sides.
  EXPECT_EQ(fresh_after["positions"].size(), 4u);
  EXPECT_EQ(fresh_after["greeks"].size(), 2u);
  EXPECT_GT(fresh_after["liquidation"].size(), 0u);
}

TEST(PreparedAccountPreview, BadOrdersFailAsInTheOneShotPreviewAndLeaveThePreparedAccountUsable) {
  std::unique_ptr<PreparedAccountPreview> prepared;
  ASSERT_TRUE(prepare_json(kAccountJson, kMarketJson, kConfigJson, prepared).ok());
  std::string good;
  ASSERT_TRUE(prepared_preview_json(*prepared, kGoodOrder, "", good).ok());
  std::string risk;
  ASSERT_TRUE(prepared_risk_json(*prepared, risk).ok());
  struct Row {
    const char* orders;
    ErrorCode code;
    const char* field;
  };
  const Row rows[] = {
      {R"({"instrument":"BTC-32DEC26-100000-C","side":"sell","size":1})", ErrorCode::INVALID_INSTRUMENT, "orders[0].instrument"},
      {R"({"instrument":"SOL_USDC-PERPETUAL","side":"buy","size":1})", ErrorCode::MISSING_MARKET_DATA, "orders[0].instrument"},
      {R"({"instrument":"BTC-20NOV26-100000-C","side":"buy","size":1})", ErrorCode::INSTRUMENT_EXPIRED, "orders[0].instrument"},
      // A bad mark is reported where it was given, as for positions (json_input_test.cpp).
      {R"({"instrument":"BTC-27DEC26-80000-P","side":"buy","size":1})", ErrorCode::PRICE_OUT_OF_BOUNDS,
       "market.markPrices.BTC-27DEC26-80000-P"},
      {R"({"instrument":"BTC-PERPETUAL","side":"hold","size":1})", ErrorCode::INVALID_ENUM, "orders[0].side"},
      {R"({"instrument":"BTC-PERPETUAL","side":"buy","size":0})", ErrorCode::NON_POSITIVE, "orders[0].size"},
      {R"({"instrument":"BTC-PERPETUAL","side":"buy","size":"1"})", ErrorCode::INVALID_TYPE, "orders[0].size"},
      {R"({"instrument":"BTC-PERPETUAL","side":"buy"})", ErrorCode::MISSING_FIELD, "orders[0].size"},
      {R"({"side":"buy","size":1})", ErrorCode::MISSING_FIELD, "orders[0].instrument"},
      {R"({"instrument":"BTC-PERPETUAL","side":"buy","size":10,"price":-5})", ErrorCode::NON_POSITIVE, "orders[0].price"},
      {R"([{"instrument":"BTC-PERPETUAL","side":"buy","size":10},{"instrument":"BTC-PERPETUAL","side":"buy","size":-10}])",
       ErrorCode::NON_POSITIVE, "orders[1].size"},
      {R"([{"instrument":"BTC-PERPETUAL","side":"buy","size":10},{"instrument":"XRP-PERPETUAL","side":"buy","size":1}])",
       ErrorCode::MISSING_MARKET_DATA, "orders[1].instrument"},
      {"[]", ErrorCode::MISSING_FIELD, "orders"},
      {R"({"instrument":"BTC-PERPETUAL")", ErrorCode::INVALID_JSON, "orders"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.orders);
    std::string out, one_shot_out;
    const Status s = prepared_preview_json(*prepared, r.orders, "", out);
    const Status one_shot = preview_json(kAccountJson, kMarketJson, r.orders, kConfigJson, one_shot_out);
    EXPECT_EQ(test::name(s.code), test::name(one_shot.code));
    EXPECT_EQ(s.field, one_shot.field);
    EXPECT_EQ(test::name(s.code), test::name(r.code)) << s.message;
    EXPECT_EQ(s.field, r.field) << s.message;
    std::string after;
    ASSERT_TRUE(prepared_preview_json(*prepared, kGoodOrder, "", after).ok());
    EXPECT_EQ(after, good) << "the prepared account answers differently after the error";
    std::string again;
    ASSERT_TRUE(prepared_risk_json(*prepared, again).ok());
    EXPECT_EQ(again, risk);
  }
}

}  // namespace
}  // namespace marginkit
