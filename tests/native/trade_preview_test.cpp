// Pre-trade preview (src/preview/trade_preview.*) against its documented rules
// (trade_preview.hpp, web/marginkit.d.ts TradePreview, README "Preview"):
//  - a buy pays its premium from the settlement asset's collateral and a sell is credited it (the
//    account after the fill); Deribit's published example (S = 10,000, K = 9,000, option mark
//    0.025 BTC = 250 USD): buying one costs the 250 premium (long options need "their premium
//    only", no margin); selling one is credited 250 and adds IM 1,250 and MM 1,000;
//  - accepted when the account after is healthy or warning, or the orders only reduce risk (no
//    position grows or flips and MM does not rise);
//  - maxSize: the largest multiple of sizeIncrement still accepted (checked by re-running the
//    preview at maxSize and maxSize + one increment), in the default increments (exactly 40.00
//    puts for 1 BTC at 0.025); 0 when not one increment fits; the cap (1e12 contracts, or 2^50
//    increments) for an order accepted at any size; the first order's when there are several;
//  - maxSize counts the orders after the first, and an order at a mark below 1e-12 is previewed
//    (both found by these tests);
//  - topUp: collateral in the first order's settlement asset that makes a rejected preview
//    acceptable (checked by adding it and re-running);
//  - warning codes in constructed cases; liquidationAfter equals the levels of the account
//    after the orders computed from scratch.
#define JSON_NOEXCEPTION
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/json_api.hpp"
#include "margin_test_support.hpp"
#include "preview_test_support.hpp"
#include "preview/orders.hpp"
#include "preview/trade_preview.hpp"

namespace marginkit {
namespace {

using test::num;
using test::acct;
using test::kBuy;
using test::kSell;
using test::order;
using test::position;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();



bool preview(const Account& account, const MarketSnapshot& market, const std::vector<Order>& orders,
             const PreviewConfig& config, TradePreview& out) {
  const Status s = preview_trade(account, market, orders, config, out);
  EXPECT_TRUE(s.ok()) << s.message << " (" << s.field << ") for " << test::describe(account);
  return s.ok();
}

bool has(const TradePreview& p, const std::string& code) {
  return std::any_of(p.warnings.begin(), p.warnings.end(), [&](const auto& w) { return w.code == code; });
}

std::string codes(const TradePreview& p) {
  std::string out;
  for (const auto& w : p.warnings) out += w.code + " ";
  return out;
}

double balance(const Account& account, const std::string& asset) {
  double total = 0.0;
  for (const auto& c : account.collateral) {
    if (c.asset == asset) total += c.amount;
  }
  return total;
}

// Deribit's published example: S = 10,000 (forward = index here), K = 9,000, put mark 0.025 BTC.
const char* const kPut = "BTC-27DEC26-9000-P";
MarketSnapshot published_market() {
  auto btc = test::underlying_market("BTC", 10000.0);
  btc.forwards = {{test::kDec27_0800, 10000.0}};
  MarketSnapshot m = test::market_of({btc});
  m.mark_prices[kPut] = 0.025;
  return m;
}

// BTC index 100,000, 27DEC26 forward 101,000, flat vol 60 %; ETH 3,500, rate 5 %, vol 70 %.
MarketSnapshot base_market() {
  auto btc = test::underlying_market("BTC", 100000.0, 0.60);
  btc.forwards = {{test::kDec27_0800, 101000.0}};
  auto eth = test::underlying_market("ETH", 3500.0, 0.70, 0.05);
  return test::market_of({btc, eth});
}

TEST(TradePreview, BuyingOnePaysThePremiumFromCollateral) {
  const MarketSnapshot market = published_market();
  const Account account = acct({{"BTC", 1.0}}, {});
  TradePreview p;
  ASSERT_TRUE(preview(account, market, {order(kPut, kBuy, 1.0)}, {}, p));
  // The premium, 0.025 BTC = 250 USD at the 10,000 index, leaves the BTC balance.
  Account after;
  ASSERT_TRUE(apply_orders(account, market, {order(kPut, kBuy, 1.0)}, {}, after).ok());
  EXPECT_NEAR(balance(after, "BTC"), 1.0 - 0.025, 1e-12);
  EXPECT_NEAR(p.after.collateral_usd - p.before.collateral_usd, -250.0, 1e-8);
  // The option held is worth its mark; a long needs no margin (published: long 0 / 0).
  EXPECT_NEAR(p.after.options_value_usd, 250.0, 1e-8);
  EXPECT_NEAR(p.after.initial_margin_usd, 0.0, 1e-12);
  EXPECT_NEAR(p.after.maintenance_margin_usd, 0.0, 1e-12);
  // equity = collateral + option values (account_risk.hpp): bought at its mark, unchanged.
  EXPECT_NEAR(p.after.equity_usd - p.before.equity_usd, 0.0, 1e-8);
  EXPECT_TRUE(p.accepted);

  // At a limit above the mark the difference is lost: 0.03 BTC paid for 0.025 of value.
  TradePreview q;
  ASSERT_TRUE(preview(account, market, {order(kPut, kBuy, 1.0, 0.03)}, {}, q));
  EXPECT_NEAR(q.after.collateral_usd - q.before.collateral_usd, -300.0, 1e-8);
  EXPECT_NEAR(q.after.equity_usd - q.before.equity_usd, -50.0, 1e-8);
}

TEST(TradePreview, BuyingOptionsNeedsThePremiumInHand) {
  // "Long options need their premium only" (README): 1 BTC pays for 40 puts at 0.025 BTC and
  // not for 41 (1.025 BTC), with nothing else in the account to borrow against.
  const MarketSnapshot market = published_market();
  const Account account = acct({{"BTC", 1.0}}, {});
  TradePreview p40, p41;
  ASSERT_TRUE(preview(account, market, {order(kPut, kBuy, 40.0)}, {}, p40));
  ASSERT_TRUE(preview(account, market, {order(kPut, kBuy, 41.0)}, {}, p41));
  EXPECT_TRUE(p40.accepted);
  EXPECT_FALSE(p41.accepted) << "buying 41 puts for 1.025 BTC with 1 BTC; after: collateral "
                             << num(p41.after.collateral_usd) << " USD, equity " << num(p41.after.equity_usd);
  // maxSize, in the default steps of 0.01 contract: 1 BTC / 0.025 BTC = exactly 40 (not 40.01,
  // nor 39.99 or 40.000000000000007 from binary noise), whatever the size previewed.
  EXPECT_EQ(p40.size_increment, 0.01);
  EXPECT_EQ(p40.max_size, 40.0) << "maxSize of buying puts at 0.025 BTC with 1 BTC";
  EXPECT_EQ(p41.max_size, 40.0) << "maxSize of buying puts at 0.025 BTC with 1 BTC";
}

TEST(TradePreview, SpotBuysNeedTheQuoteInHand) {
  // A spot buy moves balances (trade_preview.cpp): coins in, settlement asset out. 100 USDC pay
  // for 0.02 ETH (70 USDC at 3,500), not for 1 ETH (3,500 USDC), with nothing to borrow against.
  const MarketSnapshot market = base_market();
  const Account account = acct({{"USDC", 100.0}}, {});
  TradePreview small, large;
  ASSERT_TRUE(preview(account, market, {order("ETH_USDC", kBuy, 0.02)}, {}, small));
  ASSERT_TRUE(preview(account, market, {order("ETH_USDC", kBuy, 1.0)}, {}, large));
  EXPECT_TRUE(small.accepted);
  EXPECT_FALSE(large.accepted) << "1 ETH bought with 100 USDC; after: collateral " << num(large.after.collateral_usd)
                               << " USD, equity " << num(large.after.equity_usd);
}

TEST(TradePreview, SellingOneIsCreditedItsPremiumAndAddsThePublishedMargin) {
  const MarketSnapshot market = published_market();
  const Account account = acct({{"BTC", 1.0}}, {});
  TradePreview p;
  ASSERT_TRUE(preview(account, market, {order(kPut, kSell, 1.0)}, {}, p));
  Account after;
  ASSERT_TRUE(apply_orders(account, market, {order(kPut, kSell, 1.0)}, {}, after).ok());
  // The account after the fill: the premium (0.025 BTC at the mark) is credited, and the short
  // put is worth -250: equity does not move, and the margin adds the mark once.
  EXPECT_EQ(balance(after, "BTC"), 1.025) << "the premium is credited as the sell fills";
  EXPECT_NEAR(p.after.collateral_usd - p.before.collateral_usd, 250.0, 1e-9);
  EXPECT_NEAR(p.after.options_value_usd, -250.0, 1e-8);
  EXPECT_NEAR(p.after.equity_usd - p.before.equity_usd, 0.0, 1e-8);
  // Published: short put IM 1,250, MM 1,000 (S = 10,000, K = 9,000, mark 250).
  EXPECT_NEAR(p.after.initial_margin_usd - p.before.initial_margin_usd, 1250.0, 1e-8);
  EXPECT_NEAR(p.after.maintenance_margin_usd - p.before.maintenance_margin_usd, 1000.0, 1e-8);
  EXPECT_TRUE(p.accepted);
  EXPECT_TRUE(has(p, "INCREASES_RISK")) << codes(p);
}

TEST(TradePreview, PublishedPremiumExampleThroughJson) {
  const std::string account = R"({"collateral":{"BTC":1}})";
  const std::string market = R"({"time":"2026-11-24T08:00:00Z","underlyings":{"BTC":{"index":10000,)"
                             R"("forwards":{"27DEC26":10000}}},"markPrices":{"BTC-27DEC26-9000-P":0.025}})";
  struct Row {
    const char* side;
    double collateral_change, equity_change, im_change, mm_change;
  };
  // Source: the published example (premium 250 USD; short put IM 1,250 / MM 1,000). Buying one
  // at 250 costs 250 and adds no margin; selling one is credited 250 and adds 1,250 / 1,000.
  const Row rows[] = {{"buy", -250.0, 0.0, 0.0, 0.0}, {"sell", 250.0, 0.0, 1250.0, 1000.0}};
  for (const auto& r : rows) {
    const std::string orders = std::string(R"({"instrument":"BTC-27DEC26-9000-P","side":")") + r.side + R"(","size":1})";
    std::string out;
    const Status s = preview_json(account, market, orders, R"({"sizeIncrement":1})", out);
    ASSERT_TRUE(s.ok()) << s.message;
    const auto j = nlohmann::json::parse(out, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    auto number = [&](const nlohmann::json& v) { return v.is_number() ? v.get<double>() : kNaN; };
    EXPECT_NEAR(number(j["after"]["collateralUsd"]) - number(j["before"]["collateralUsd"]), r.collateral_change, 1e-8) << r.side;
    EXPECT_NEAR(number(j["change"]["equityUsd"]), r.equity_change, 1e-8) << r.side;
    EXPECT_NEAR(number(j["change"]["initialMarginUsd"]), r.im_change, 1e-8) << r.side;
    EXPECT_NEAR(number(j["change"]["maintenanceMarginUsd"]), r.mm_change, 1e-8) << r.side;
    EXPECT_EQ(j["accepted"], true) << r.side;
    EXPECT_TRUE(j["rejectReason"].is_null()) << r.side;
  }
}

// --- risk-reducing orders ------------------------------------------------------------------

struct ReducingCase {
  const char* what;
  Account account;
  std::vector<Order> orders;
};

std::vector<ReducingCase> reducing_cases() {
  std::vector<ReducingCase> out;
  out.push_back({"close half a linear perp", acct({{"USDC", 10000.0}}, {position("BTC_USDC-PERPETUAL", 2.0, 95000.0)}),
                 {order("BTC_USDC-PERPETUAL", kSell, 1.0)}});
  out.push_back({"close a linear perp fully at a poor price",
                 acct({{"USDC", 10000.0}}, {position("BTC_USDC-PERPETUAL", 2.0, 95000.0)}),
                 {order("BTC_USDC-PERPETUAL", kSell, 2.0, 90000.0)}});
  out.push_back({"buy back short puts", acct({{"USDC", 20000.0}}, {position("ETH_USDC-27DEC26-3500-P", -3.0, 150.0)}),
                 {order("ETH_USDC-27DEC26-3500-P", kBuy, 1.0)}});
  out.push_back({"buy back all short puts above the mark",
                 acct({{"USDC", 20000.0}}, {position("ETH_USDC-27DEC26-3500-P", -3.0, 150.0)}),
                 {order("ETH_USDC-27DEC26-3500-P", kBuy, 3.0, 400.0)}});
  out.push_back({"cover part of an inverse future short",
                 acct({{"BTC", 0.5}}, {position("BTC-27DEC26", -30000.0, 90000.0)}),
                 {order("BTC-27DEC26", kBuy, 10000.0)}});
  out.push_back({"two reducing orders on a mixed book",
                 acct({{"BTC", 0.3}, {"USDC", 5000.0}},
                      {position("BTC-27DEC26-110000-C", -2.0, 0.02), position("BTC_USDC-PERPETUAL", 1.0, 99000.0)}),
                 {order("BTC-27DEC26-110000-C", kBuy, 1.0), order("BTC_USDC-PERPETUAL", kSell, 0.5)}});
  // Deep in margin call: 20 short linear puts on 4,000 USDC. Buying some back must pass.
  out.push_back({"reduce while in margin call",
                 acct({{"USDC", 4000.0}}, {position("ETH_USDC-27DEC26-3500-P", -20.0, 150.0)}),
                 {order("ETH_USDC-27DEC26-3500-P", kBuy, 5.0)}});
  out.push_back({"sell part of a long option",
                 acct({{"USDC", 1000.0}}, {position("BTC_USDC-27DEC26-95000-P", 2.0, 3000.0)}),
                 {order("BTC_USDC-27DEC26-95000-P", kSell, 1.0)}});
  return out;
}

TEST(TradePreview, RiskReducingOrdersNeverRaiseMaintenanceAndAreAccepted) {
  const MarketSnapshot market = base_market();
  for (const auto& c : reducing_cases()) {
    TradePreview p;
    ASSERT_TRUE(preview(c.account, market, c.orders, {}, p)) << c.what;
    EXPECT_LE(p.after.maintenance_margin_usd, p.before.maintenance_margin_usd + 1e-9)
        << c.what << ": MM " << num(p.before.maintenance_margin_usd) << " -> " << num(p.after.maintenance_margin_usd);
    EXPECT_TRUE(has(p, "REDUCES_RISK")) << c.what << ": " << codes(p);
    EXPECT_FALSE(has(p, "INCREASES_RISK")) << c.what << ": " << codes(p);
    EXPECT_TRUE(p.accepted) << c.what << " (status after " << test::status_name(p.after.status) << ")";
    EXPECT_TRUE(p.reject_reason.empty()) << c.what;
  }
}

TEST(TradePreview, ReduceWhileInMarginCallReallyStartsInMarginCall) {
  const auto cases = reducing_cases();
  const auto& c = *std::find_if(cases.begin(), cases.end(),
                                [](const ReducingCase& r) { return std::string(r.what) == "reduce while in margin call"; });
  TradePreview p;
  ASSERT_TRUE(preview(c.account, base_market(), c.orders, {}, p));
  EXPECT_GE(p.before.status, MarginStatus::margin_call) << test::status_name(p.before.status);
}

// --- max size ------------------------------------------------------------------------------

struct SizeCase {
  const char* what;
  Account account;
  Order order;
  double increment;  // NaN: the default for the instrument
};

std::vector<SizeCase> size_cases() {
  std::vector<SizeCase> out;
  out.push_back({"sell linear puts on USDC", acct({{"USDC", 10000.0}}, {}),
                 order("BTC_USDC-27DEC26-90000-P", kSell, 1.0), kNaN});
  out.push_back({"sell inverse calls on BTC", acct({{"BTC", 1.0}}, {}), order("BTC-27DEC26-110000-C", kSell, 1.0), kNaN});
  out.push_back({"buy a linear perp on USDC", acct({{"USDC", 5000.0}}, {}), order("BTC_USDC-PERPETUAL", kBuy, 0.1), kNaN});
  out.push_back({"sell an inverse perp on BTC", acct({{"BTC", 0.1}}, {}), order("BTC-PERPETUAL", kSell, 1000.0), kNaN});
  out.push_back({"sell calls next to ETH puts", acct({{"USDC", 40000.0}}, {position("ETH_USDC-27DEC26-3500-P", -5.0, 150.0)}),
                 order("BTC_USDC-27DEC26-120000-C", kSell, 1.0), kNaN});
  out.push_back({"add to a long perp", acct({{"USDC", 9000.0}}, {position("BTC_USDC-PERPETUAL", 1.0, 99000.0)}),
                 order("BTC_USDC-PERPETUAL", kBuy, 0.5), kNaN});
  out.push_back({"sell through a long perp", acct({{"USDC", 9000.0}}, {position("BTC_USDC-PERPETUAL", 1.0, 99000.0)}),
                 order("BTC_USDC-PERPETUAL", kSell, 0.5), kNaN});
  out.push_back({"coarse increment", acct({{"USDC", 10000.0}}, {}), order("BTC_USDC-27DEC26-90000-P", kSell, 1.0), 0.1});
  out.push_back({"isolated: buy a linear perp", acct({{"USDC", 3000.0}}, {}, MarginMode::isolated),
                 order("BTC_USDC-PERPETUAL", kBuy, 0.1), kNaN});
  out.push_back({"isolated: next to another isolated position",
                 acct({{"USDC", 3000.0}}, {position("ETH_USDC-PERPETUAL", 1.0, 3500.0, 500.0)}, MarginMode::isolated),
                 order("BTC_USDC-PERPETUAL", kBuy, 0.1), kNaN});
  return out;
}

TEST(TradePreview, MaxSizeIsAcceptedAndOneIncrementMoreIsNot) {
  const MarketSnapshot market = base_market();
  for (const auto& c : size_cases()) {
    SCOPED_TRACE(std::string(c.what) + ": " + test::describe(c.account));
    PreviewConfig config;
    config.size_increment = c.increment;
    config.liquidation_levels = false;
    TradePreview p;
    ASSERT_TRUE(preview(c.account, market, {c.order}, config, p));
    ASSERT_GT(p.max_size, 0.0);
    ASSERT_LT(p.max_size, 1e9) << "a finite account cannot carry an unbounded position";
    const double inc = p.size_increment;
    if (!std::isnan(c.increment)) EXPECT_EQ(inc, c.increment);
    const double steps = p.max_size / inc;
    EXPECT_NEAR(steps, std::round(steps), 1e-6) << "maxSize " << num(p.max_size) << " is a multiple of " << num(inc);
    Order at = c.order;
    at.size = p.max_size;
    TradePreview q;
    ASSERT_TRUE(preview(c.account, market, {at}, config, q));
    EXPECT_TRUE(q.accepted) << "at maxSize " << num(p.max_size) << " status " << test::status_name(q.after.status);
    at.size = p.max_size + inc;
    TradePreview r;
    ASSERT_TRUE(preview(c.account, market, {at}, config, r));
    EXPECT_FALSE(r.accepted) << "at maxSize + increment " << num(at.size);
  }
}

// Whether the preview of `orders`, the first resized to `size`, is accepted.
bool accepted_with_first_at(const Account& account, const MarketSnapshot& market, std::vector<Order> orders,
                            const PreviewConfig& config, double size) {
  orders.front().size = size;
  TradePreview p;
  return preview(account, market, orders, config, p) && p.accepted;
}

TEST(TradePreview, MaxSizeIsZeroWhenNotOneIncrementFits) {
  const MarketSnapshot market = base_market();
  struct Row {
    const char* what;
    Account account;
    Order order;
  };
  const Row rows[] = {
      // One step (0.01 put) needs IM 0.01 (0.1 F + P), over 100 USD.
      {"sell linear puts on 1 USDC", acct({{"USDC", 1.0}}, {}), order("BTC_USDC-27DEC26-90000-P", kSell, 1.0)},
      // The premium is paid in BTC, which the account does not hold: any size overdraws it.
      {"buy inverse puts with no BTC", acct({{"USDC", 1e6}}, {}), order("BTC-27DEC26-90000-P", kBuy, 1.0)},
      {"isolated: a perp with no collateral", acct({{"USDC", 0.0}}, {}, MarginMode::isolated),
       order("BTC_USDC-PERPETUAL", kBuy, 1.0)},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.what);
    PreviewConfig config;
    config.liquidation_levels = false;
    TradePreview p;
    ASSERT_TRUE(preview(r.account, market, {r.order}, config, p));
    EXPECT_FALSE(p.accepted);
    EXPECT_EQ(p.max_size, 0.0);
    EXPECT_FALSE(accepted_with_first_at(r.account, market, {r.order}, config, p.size_increment))
        << "one increment, " << num(p.size_increment) << ", is accepted";
  }
}

TEST(TradePreview, MaxSizeOfAnOrderAcceptedAtAnySizeIsTheCap) {
  // A far out-of-the-money call bought at its mark (about 5e-11 USDC): 1e12 of them cost about
  // 54 USDC and need no margin, so every size is accepted. maxSize stops at the cap, 1e12
  // contracts (web/marginkit.d.ts), or 2^50 increments when that is less (sizing.cpp: step
  // counts stay exact doubles); it used to loop for ever with increments below ~0.11.
  const MarketSnapshot market = base_market();
  const Account account = acct({{"USDC", 1000.0}}, {});
  const std::vector<Order> orders = {order("BTC_USDC-27DEC26-400000-C", kBuy, 1.0)};
  const std::pair<double, double> rows[] = {
      {kNaN, 1e12},                            // the default, 0.01
      {1.0, 1e12},
      {1e-9, std::ldexp(1.0, 50) / 1e9},       // 2^50 steps of 1e-9: 1,125,899.906842624
  };
  for (const auto& [increment, cap] : rows) {
    SCOPED_TRACE("increment " + num(increment));
    PreviewConfig config;
    config.size_increment = increment;
    config.liquidation_levels = false;
    TradePreview p;
    ASSERT_TRUE(preview(account, market, orders, config, p));
    EXPECT_TRUE(p.accepted);
    EXPECT_EQ(p.max_size, cap);
    EXPECT_TRUE(accepted_with_first_at(account, market, orders, config, p.max_size));
  }
}

// Several orders: maxSize is the first order's, and the preview of all of them with the first at
// maxSize is accepted, one increment more is not. The other orders here change neither equity
// nor margin (a premium paid for a long option held at its value; USDC swapped for ETH at the
// index), so they leave the first order's maxSize where it is alone.
TEST(TradePreview, MaxSizeWithSeveralOrdersIsTheFirstOrders) {
  const MarketSnapshot market = base_market();
  const Account account = acct({{"USDC", 20000.0}}, {});
  const Order first = order("BTC_USDC-27DEC26-90000-P", kSell, 1.0);
  const std::vector<std::vector<Order>> cases = {
      {first, order("BTC_USDC-27DEC26-100000-C", kBuy, 1.0)},
      {first, order("ETH_USDC", kBuy, 1.0), order("BTC_USDC-27DEC26-100000-C", kBuy, 0.5)},
  };
  PreviewConfig config;
  config.liquidation_levels = false;
  TradePreview alone;
  ASSERT_TRUE(preview(account, market, {first}, config, alone));
  ASSERT_GT(alone.max_size, 0.0);
  for (const auto& orders : cases) {
    SCOPED_TRACE(std::to_string(orders.size()) + " orders");
    TradePreview p;
    ASSERT_TRUE(preview(account, market, orders, config, p));
    EXPECT_EQ(p.max_size, alone.max_size);
    EXPECT_EQ(p.size_increment, 0.01);
    EXPECT_TRUE(accepted_with_first_at(account, market, orders, config, p.max_size));
    EXPECT_FALSE(accepted_with_first_at(account, market, orders, config, p.max_size + p.size_increment));
  }
}

// The same contract where the other orders do change the margin (found by this test: maxSize was
// searched with the first order alone). On 20,000 USDC, selling BTC_USDC-27DEC26-90000-P has
// maxSize 1.28 alone; with a second order selling 5 ETH_USDC-27DEC26-3500-P, selling 0.5 more of
// the same put, or closing a short ETH perp, maxSize is what is accepted with those orders.
TEST(TradePreview, MaxSizeWithSeveralOrdersCountsTheOtherOrders) {
  const MarketSnapshot market = base_market();
  const Order first = order("BTC_USDC-27DEC26-90000-P", kSell, 1.0);
  struct Case {
    const char* what;
    Account account;
    std::vector<Order> orders;
  };
  const Case cases[] = {
      {"then sell ETH puts", acct({{"USDC", 20000.0}}, {}), {first, order("ETH_USDC-27DEC26-3500-P", kSell, 5.0)}},
      {"then sell more of the same", acct({{"USDC", 20000.0}}, {}), {first, order("BTC_USDC-27DEC26-90000-P", kSell, 0.5)}},
      {"then close a short ETH perp", acct({{"USDC", 20000.0}}, {position("ETH_USDC-PERPETUAL", -3.0, 3500.0)}),
       {first, order("ETH_USDC-PERPETUAL", kBuy, 3.0)}},
  };
  PreviewConfig config;
  config.liquidation_levels = false;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    TradePreview p;
    ASSERT_TRUE(preview(c.account, market, c.orders, config, p));
    if (p.max_size > 0.0) {
      EXPECT_TRUE(accepted_with_first_at(c.account, market, c.orders, config, p.max_size)) << "maxSize " << num(p.max_size);
    }
    EXPECT_FALSE(accepted_with_first_at(c.account, market, c.orders, config, p.max_size + p.size_increment))
        << "maxSize " << num(p.max_size);
  }
}

// An order without a price fills at the mark, which the user did not give. When the mark is below
// 1e-12 (here about 1.2e-33 USDC: a call struck at 10x the forward) it was validated as a limit
// price and failed with OUT_OF_RANGE on orders[0].price (found by this test).
TEST(TradePreview, AnOrderAtATinyMarkIsNotRejectedForAPriceItWasNotGiven) {
  TradePreview p;
  const Status s = preview_trade(acct({{"USDC", 1000.0}}, {}), base_market(),
                                 {order("BTC_USDC-27DEC26-1000000-C", kBuy, 1.0)}, {}, p);
  EXPECT_TRUE(s.ok()) << test::name(s.code) << " on " << s.field << ": " << s.message;
  EXPECT_TRUE(p.accepted);
}

TEST(TradePreview, DefaultIncrements) {
  // Documented: 0.01 coin (options), 10 USD (inverse futures/perps), 0.0001 coin (linear).
  const MarketSnapshot market = base_market();
  const Account account = acct({{"USDC", 1e6}, {"BTC", 10.0}}, {});
  struct Row {
    const char* name;
    double increment;
  };
  const Row rows[] = {{"BTC-27DEC26-110000-C", 0.01}, {"BTC_USDC-27DEC26-110000-C", 0.01}, {"BTC-PERPETUAL", 10.0},
                      {"BTC-27DEC26", 10.0}, {"BTC_USDC-PERPETUAL", 0.0001}, {"BTC_USDC-27DEC26", 0.0001}};
  for (const auto& r : rows) {
    PreviewConfig config;
    config.liquidation_levels = false;
    TradePreview p;
    ASSERT_TRUE(preview(account, market, {order(r.name, kSell, 1.0)}, config, p));
    EXPECT_EQ(p.size_increment, r.increment) << r.name;
  }
}

// --- top-up --------------------------------------------------------------------------------

struct TopUpCase {
  const char* what;
  Account account;
  std::vector<Order> orders;
  const char* asset;     // expected top-up asset: the first order's settlement asset
  double asset_price;    // USD per unit, by hand (index for coins, 1 for USDC)
};

std::vector<TopUpCase> top_up_cases() {
  std::vector<TopUpCase> out;
  out.push_back({"linear puts on too little USDC", acct({{"USDC", 1000.0}}, {}),
                 {order("BTC_USDC-27DEC26-90000-P", kSell, 5.0)}, "USDC", 1.0});
  out.push_back({"inverse calls on too little BTC", acct({{"BTC", 0.05}}, {}),
                 {order("BTC-27DEC26-110000-C", kSell, 3.0)}, "BTC", 100000.0});
  out.push_back({"linear perp on too little USDC, with a BTC position",
                 acct({{"USDC", 500.0}, {"BTC", 0.01}}, {position("BTC-27DEC26-100000-P", -1.0, 0.05)}),
                 {order("BTC_USDC-PERPETUAL", kBuy, 2.0)}, "USDC", 1.0});
  out.push_back({"isolated: new perp without enough free collateral", acct({{"USDC", 100.0}}, {}, MarginMode::isolated),
                 {order("ETH_USDC-PERPETUAL", kBuy, 2.0)}, "USDC", 1.0});
  return out;
}

void check_top_up(const TopUpCase& c) {
  const MarketSnapshot market = base_market();
  {
    SCOPED_TRACE(std::string(c.what) + ": " + test::describe(c.account));
    PreviewConfig config;
    config.liquidation_levels = false;
    TradePreview p;
    ASSERT_TRUE(preview(c.account, market, c.orders, config, p));
    ASSERT_FALSE(p.accepted) << "the case must start rejected";
    EXPECT_FALSE(p.reject_reason.empty());
    EXPECT_EQ(p.top_up_asset, c.asset);
    EXPECT_GT(p.top_up_usd, 0.0);
    EXPECT_NEAR(p.top_up_amount * c.asset_price, p.top_up_usd, 1e-9 * p.top_up_usd + 1e-12)
        << "amount " << num(p.top_up_amount) << " " << p.top_up_asset << " for " << num(p.top_up_usd) << " USD";
    // Adding the amount (in the asset's own units, as documented) makes it acceptable.
    Account topped = c.account;
    auto held = std::find_if(topped.collateral.begin(), topped.collateral.end(),
                             [&](const CollateralBalance& b) { return b.asset == p.top_up_asset; });
    if (held != topped.collateral.end()) held->amount += p.top_up_amount;
    else topped.collateral.push_back({p.top_up_asset, p.top_up_amount});
    TradePreview q;
    ASSERT_TRUE(preview(topped, market, c.orders, config, q));
    EXPECT_TRUE(q.accepted) << "after adding " << num(p.top_up_amount) << " " << p.top_up_asset << ": status "
                            << test::status_name(q.after.status);
    EXPECT_EQ(q.top_up_usd, 0.0);
  }
}

TEST(TradePreview, TopUpMakesARejectedOrderAcceptable) {
  for (const auto& c : top_up_cases()) check_top_up(c);
}

TEST(TradePreview, TopUpAmountIsInTheAssetsUnitsWhenNoneIsHeld) {
  // A USDC-only account selling inverse (BTC-settled) calls: the top-up asset is BTC, which the
  // account does not hold yet; its amount is USD / the BTC index (100,000), not USD / 1.
  check_top_up({"inverse calls on a USDC-only account", acct({{"USDC", 2000.0}}, {}),
                {order("BTC-27DEC26-110000-C", kSell, 3.0)}, "BTC", 100000.0});
}

TEST(TradePreview, TopUpCoversIsolatedMarginCommittedElsewhere) {
  // The existing position holds 500 of isolated margin (far above its IM of ~70): all 500 USDC
  // are committed, so the new position's margin (its IM, ~70) must be topped up.
  check_top_up({"isolated: collateral committed to an over-margined position",
                acct({{"USDC", 500.0}}, {position("ETH_USDC-PERPETUAL", 1.0, 3500.0, 500.0)}, MarginMode::isolated),
                {order("ETH_USDC-27DEC26", kBuy, 1.0)}, "USDC", 1.0});
}

TEST(TradePreview, TopUpIsTheShortfallByHand) {
  // 5 BTC_USDC-27DEC26-90000-P sold at the mark P (by hand, Black-76) on 1,000 USDC: credited
  // 5 P and short 5 P of value, equity 1,000; IM 5 (0.1 F + P) (OTM by 11,000 on F = 101,000:
  // max(0.15 - 0.109, 0.1) = 0.1).
  const double F = 101000.0;
  const double P = test::ref_black76(OptionType::put, F, 90000.0, test::kT27Dec, 0.60, 0.0);
  const double shortfall = 5.0 * (0.1 * F + P) - 1000.0;
  TradePreview p;
  PreviewConfig config;
  config.liquidation_levels = false;
  ASSERT_TRUE(preview(acct({{"USDC", 1000.0}}, {}), base_market(), {order("BTC_USDC-27DEC26-90000-P", kSell, 5.0)},
                      config, p));
  EXPECT_NEAR(p.top_up_usd, shortfall, 1e-6 * shortfall) << "got " << num(p.top_up_usd) << " expected " << num(shortfall);
  EXPECT_NEAR(p.top_up_amount, shortfall, 1e-6 * shortfall);
}

// --- warnings ------------------------------------------------------------------------------

struct WarningCase {
  const char* what;
  Account account;
  std::vector<Order> orders;
  PreviewConfig config;
  std::vector<const char*> present;
  std::vector<const char*> absent;
  bool accepted;
  const char* reject_reason;  // "" when accepted
};

std::vector<WarningCase> warning_cases() {
  // Short linear puts, by hand: F = 101,000, K = 90,000, P Black-76; per contract
  // IM = 0.1 F + P, MM = 0.075 F + P. With n sold at the mark and C USDC: credited n P, short
  // n P of value, equity C.
  const double F = 101000.0;
  const double P = test::ref_black76(OptionType::put, F, 90000.0, test::kT27Dec, 0.60, 0.0);
  const double im = 0.1 * F + P, mm = 0.075 * F + P;
  const int n = 3;
  const double between = n * (im + mm) / 2.0;  // MM < equity < IM
  const double below_mm = n * mm * 0.9;         // equity < MM
  const PreviewConfig defaults;
  PreviewConfig warn_at_70 = defaults;
  warn_at_70.risk.warning_ratio = 0.7;
  PreviewConfig liq_20 = defaults;
  liq_20.liquidation_warning_percent = 20.0;
  const char* put = "BTC_USDC-27DEC26-90000-P";
  std::vector<WarningCase> out;
  out.push_back({"sell from flat", acct({{"USDC", 1e6}}, {}), {order(put, kSell, 1.0)}, defaults,
                 {"INCREASES_RISK"}, {"REDUCES_RISK", "FLIPS_POSITION", "INSUFFICIENT_INITIAL_MARGIN"}, true, ""});
  out.push_back({"partial close", acct({{"USDC", 1e6}}, {position(put, -2.0, 1000.0)}), {order(put, kBuy, 1.0)}, defaults,
                 {"REDUCES_RISK"}, {"INCREASES_RISK", "FLIPS_POSITION"}, true, ""});
  out.push_back({"flip a long perp short", acct({{"USDC", 1e6}}, {position("BTC_USDC-PERPETUAL", 1.0, 99000.0)}),
                 {order("BTC_USDC-PERPETUAL", kSell, 2.0)}, defaults, {"FLIPS_POSITION", "INCREASES_RISK"},
                 {"REDUCES_RISK"}, true, ""});
  out.push_back({"equity between MM and IM", acct({{"USDC", between}}, {}), {order(put, kSell, n)}, defaults,
                 {"INSUFFICIENT_INITIAL_MARGIN", "WOULD_TRIGGER_MARGIN_CALL", "INCREASES_RISK"},
                 {"WOULD_TRIGGER_LIQUIDATION", "REDUCES_RISK"}, false, "INSUFFICIENT_INITIAL_MARGIN"});
  out.push_back({"equity below MM", acct({{"USDC", below_mm}}, {}), {order(put, kSell, n)}, defaults,
                 {"WOULD_TRIGGER_LIQUIDATION", "INCREASES_RISK"}, {"REDUCES_RISK"}, false, "WOULD_TRIGGER_LIQUIDATION"});
  // Linear perp long 1 at 100,000: IM 2,005, MM 1,505; equity 2,100 -> MM / equity = 0.717.
  out.push_back({"margin ratio warning", acct({{"USDC", 2100.0}}, {}), {order("BTC_USDC-PERPETUAL", kBuy, 1.0)},
                 warn_at_70, {"MARGIN_RATIO_WARNING", "INCREASES_RISK", "LIQUIDATION_PRICE_WITHIN_X_PERCENT"},
                 {"INSUFFICIENT_INITIAL_MARGIN"}, true, ""});
  // Liquidation of long 1 @ 100,000 on C USDC: (100,000 - C) / (1 - 0.01505): C = 8,000 ->
  // 93,406 (-6.6 %); C = 20,000 -> 81,224 (-18.8 %).
  out.push_back({"liquidation within 10 %", acct({{"USDC", 8000.0}}, {}), {order("BTC_USDC-PERPETUAL", kBuy, 1.0)},
                 defaults, {"LIQUIDATION_PRICE_WITHIN_X_PERCENT"}, {}, true, ""});
  out.push_back({"liquidation beyond 10 %", acct({{"USDC", 20000.0}}, {}), {order("BTC_USDC-PERPETUAL", kBuy, 1.0)},
                 defaults, {}, {"LIQUIDATION_PRICE_WITHIN_X_PERCENT", "MARGIN_RATIO_WARNING"}, true, ""});
  out.push_back({"liquidation within a 20 % setting", acct({{"USDC", 20000.0}}, {}),
                 {order("BTC_USDC-PERPETUAL", kBuy, 1.0)}, liq_20, {"LIQUIDATION_PRICE_WITHIN_X_PERCENT"}, {}, true, ""});
  return out;
}

TEST(TradePreview, WarningCodesInConstructedCases) {
  const MarketSnapshot market = base_market();
  for (const auto& c : warning_cases()) {
    SCOPED_TRACE(std::string(c.what) + ": " + test::describe(c.account));
    TradePreview p;
    ASSERT_TRUE(preview(c.account, market, c.orders, c.config, p));
    for (const char* code : c.present) EXPECT_TRUE(has(p, code)) << code << " missing; got " << codes(p);
    for (const char* code : c.absent) EXPECT_FALSE(has(p, code)) << code << " unexpected; got " << codes(p);
    EXPECT_EQ(p.accepted, c.accepted);
    EXPECT_EQ(p.reject_reason, c.reject_reason);
    for (const auto& w : p.warnings) EXPECT_FALSE(w.message.empty()) << w.code;
  }
}

// --- liquidation levels after the orders ----------------------------------------------------

TEST(TradePreview, LiquidationAfterIsTheLevelsOfTheAccountAfter) {
  const MarketSnapshot market = base_market();
  struct Row {
    const char* what;
    Account account;
    std::vector<Order> orders;
  };
  const Row rows[] = {
      {"BTC order next to an ETH book",
       acct({{"USDC", 60000.0}, {"ETH", 3.0}}, {position("ETH_USDC-27DEC26-3500-P", -10.0, 150.0),
                                                  position("BTC_USDC-PERPETUAL", 0.5, 99000.0)}),
       {order("BTC_USDC-27DEC26-110000-C", kSell, 1.0)}},
      {"inverse buy paid in BTC next to ETH",
       acct({{"BTC", 0.5}, {"USDC", 30000.0}}, {position("ETH-PERPETUAL", 20000.0, 3400.0)}),
       {order("BTC-27DEC26-90000-P", kBuy, 2.0)}},
      {"spot buy of ETH with USDC", acct({{"USDC", 50000.0}}, {position("ETH_USDC-27DEC26-3500-P", -10.0, 150.0)}),
       {order("ETH_USDC", kBuy, 2.0)}},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.what);
    TradePreview p;
    ASSERT_TRUE(preview(r.account, market, r.orders, {}, p));
    Account after;
    ASSERT_TRUE(apply_orders(r.account, market, r.orders, {}, after).ok());
    PreparedAccount prepared;
    ASSERT_TRUE(prepare_account(after, market, prepared).ok());
    const auto fresh = cross_liquidation_levels(prepared, {});
    ASSERT_EQ(p.liquidation_after.size(), fresh.size());
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      EXPECT_EQ(p.liquidation_after[i].underlying, fresh[i].underlying);
      auto same = [&](const std::vector<PriceLevel>& a, const std::vector<PriceLevel>& b, const char* kind) {
        ASSERT_EQ(a.size(), b.size()) << fresh[i].underlying << " " << kind;
        for (std::size_t k = 0; k < a.size(); ++k) {
          EXPECT_NEAR(a[k].price, b[k].price, 1e-8 * b[k].price) << fresh[i].underlying << " " << kind;
        }
      };
      same(p.liquidation_after[i].liquidation, fresh[i].liquidation, "liquidation");
      same(p.liquidation_after[i].margin_call, fresh[i].margin_call, "margin call");
      same(p.liquidation_after[i].warning, fresh[i].warning, "warning");
    }
  }
}

TEST(TradePreview, NoOrdersIsMissingField) {
  TradePreview p;
  const Status s = preview_trade(acct({{"USDC", 1.0}}, {}), base_market(), {}, {}, p);
  EXPECT_EQ(s.code, ErrorCode::MISSING_FIELD);
  EXPECT_EQ(s.field, "orders");
}

}  // namespace
}  // namespace marginkit
