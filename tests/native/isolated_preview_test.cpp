// Isolated mode and the account after the fill (issue 9, points 1 and 2), against the rules in
// src/preview/orders.hpp, acceptance.hpp and account_risk.hpp, every figure worked by hand:
//  - available margin in isolated mode is the collateral no position holds;
//  - margins assigned beyond a balance (by positions or an order) are INSUFFICIENT_BALANCE,
//    named in the warnings, unless the orders only reduce and make it no worse;
//  - an order's margin: isolatedMargin, else notional at the fill price / leverage, else the IM
//    of what it opens; adding to a position adds the order's margin; closing releases a share;
//  - leverage: bad values are coded errors naming orders[i].leverage;
//  - no rounding rejections: an order given exactly its IM is accepted and maxSize >= its size;
//  - a sell is credited its premium at the fill price, a buy pays it.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "preview/orders.hpp"
#include "preview/trade_preview.hpp"
#include "preview_test_support.hpp"

namespace marginkit {
namespace {

using test::acct;
using test::kBuy;
using test::kSell;
using test::order;
using test::position;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// BTC index 100,000 (perpetuals mark at the index), flat vol 60 %; 27DEC26 forward 101,000.
MarketSnapshot market_at(double index = 100000.0) {
  auto btc = test::underlying_market("BTC", index, 0.60);
  btc.forwards = {{test::kDec27_0800, index * 1.01}};
  return test::market_of({btc});
}

Order with_leverage(Order o, double leverage) {
  o.leverage = leverage;
  return o;
}

TradePreview run(const Account& account, const MarketSnapshot& market, const std::vector<Order>& orders) {
  TradePreview p;
  const Status s = preview_trade(account, market, orders, PreviewConfig{}, p);
  EXPECT_TRUE(s.ok()) << s.message << " (" << s.field << ")";
  return p;
}

Status run_status(const Account& account, const std::vector<Order>& orders) {
  TradePreview p;
  return preview_trade(account, market_at(), orders, PreviewConfig{}, p);
}

bool has(const TradePreview& p, const char* code) {
  for (const auto& w : p.warnings) {
    if (w.code == code) return true;
  }
  return false;
}

double isolated_margin_of(const Account& account, const MarketSnapshot& market, const std::vector<Order>& orders,
                          const std::string& name) {
  Account after;
  const Status s = apply_orders(account, market, orders, RiskConfig{}, after);
  EXPECT_TRUE(s.ok()) << s.message;
  for (const auto& p : after.positions) {
    if (p.instrument.name == name) return p.isolated_margin;
  }
  return kNaN;
}

const char* const kPerp = "BTC_USDC-PERPETUAL";
const char* const kInversePerp = "BTC-PERPETUAL";

TEST(IsolatedPreview, AvailableMarginIsTheCollateralNoPositionHolds) {
  // 5,000 USDC, all of it assigned: nothing is available, whatever the position's P&L.
  const Account all = acct({{"USDC", 5000.0}}, {position(kPerp, 0.5, 98500.0, 5000.0)}, MarginMode::isolated);
  const TradePreview p = run(all, market_at(), {order(kPerp, kSell, 0.1)});
  EXPECT_EQ(p.before.available_margin_usd, 0.0);
  // 1 BTC at 100,000 plus 2,000 USDC, with 0.01 BTC (1,000 USD) and 500 USDC assigned.
  const Account some = acct({{"USDC", 2000.0}, {"BTC", 1.0}},
                            {position(kPerp, 0.1, 99000.0, 500.0), position(kInversePerp, 1000.0, 99000.0, 0.01)},
                            MarginMode::isolated);
  const TradePreview q = run(some, market_at(), {order(kPerp, kSell, 0.01)});
  EXPECT_NEAR(q.before.available_margin_usd, 102000.0 - 500.0 - 1000.0, 1e-9);
}

TEST(IsolatedPreview, PositionsAssignedMoreThanTheBalanceRejectAnyOrderThatAddsRisk) {
  const Account over = acct({{"USDC", 5000.0}}, {position(kPerp, 0.5, 98500.0, 50000.0)}, MarginMode::isolated);
  const TradePreview adds = run(over, market_at(), {order(kPerp, kBuy, 0.01)});
  EXPECT_NEAR(adds.before.available_margin_usd, -45000.0, 1e-9);
  EXPECT_FALSE(adds.accepted);
  EXPECT_EQ(adds.reject_reason, "INSUFFICIENT_BALANCE");
  EXPECT_TRUE(has(adds, "INSUFFICIENT_BALANCE"));
  // Closing part releases margin: it makes the over-assignment smaller, and is accepted.
  const TradePreview reduces = run(over, market_at(), {order(kPerp, kSell, 0.25)});
  EXPECT_TRUE(reduces.accepted) << reduces.reject_reason;
  EXPECT_NEAR(reduces.after.available_margin_usd, 5000.0 - 25000.0 + 0.25 * (100000.0 - 98500.0), 1e-6);
}

TEST(IsolatedPreview, AnOrderAssigningMoreThanIsFreeIsInsufficientBalance) {
  // 1,000 of 5,000 USDC free; the order assigns 1,500.
  const Account account = acct({{"USDC", 5000.0}}, {position(kPerp, 0.1, 100000.0, 4000.0)}, MarginMode::isolated);
  const TradePreview p = run(account, market_at(), {order("BTC_USDC-27DEC26", kBuy, 0.1, kNaN, 1500.0)});
  EXPECT_FALSE(p.accepted);
  EXPECT_EQ(p.reject_reason, "INSUFFICIENT_BALANCE");
  EXPECT_TRUE(has(p, "INSUFFICIENT_BALANCE"));
  EXPECT_EQ(p.top_up_asset, "USDC");
  EXPECT_NEAR(p.top_up_amount, 500.0, 1e-6);
  EXPECT_TRUE(run(account, market_at(), {order("BTC_USDC-27DEC26", kBuy, 0.1, kNaN, 1000.0)}).accepted);
}

TEST(IsolatedPreview, LeverageSetsTheMarginToNotionalOverLeverage) {
  const MarketSnapshot market = market_at();
  const Account usdc = acct({{"USDC", 1e6}}, {}, MarginMode::isolated);
  // Linear: 0.5 BTC at a limit of 96,000 and 10x: 4,800 USDC.
  EXPECT_NEAR(isolated_margin_of(usdc, market, {with_leverage(order(kPerp, kBuy, 0.5, 96000.0), 10.0)}, kPerp), 4800.0,
              1e-9);
  // Inverse: 1,000 USD at 80,000 and 5x: 1,000 / 80,000 / 5 = 0.0025 BTC.
  const Account btc = acct({{"BTC", 10.0}}, {}, MarginMode::isolated);
  EXPECT_NEAR(isolated_margin_of(btc, market, {with_leverage(order(kInversePerp, kBuy, 1000.0, 80000.0), 5.0)},
                                 kInversePerp),
              0.0025, 1e-15);
  // At the schedule's maximum (1 / 0.02 IM for a small perp at the default schedule) the
  // margin is the initial margin, and the order is accepted.
  const TradePreview at_max = run(usdc, market, {with_leverage(order(kPerp, kBuy, 0.01), 1.0 / 0.0200005)});
  EXPECT_TRUE(at_max.accepted) << at_max.reject_reason;
}

TEST(IsolatedPreview, BadLeverageIsACodedErrorNamingIt) {
  const Account isolated = acct({{"USDC", 1e6}}, {}, MarginMode::isolated);
  const Account cross = acct({{"USDC", 1e6}}, {});
  struct Case {
    const char* what;
    Account account;
    Order order;
    ErrorCode code;
  };
  const Order perp = order(kPerp, kBuy, 0.5);
  const Case cases[] = {
      {"negative", isolated, with_leverage(perp, -5.0), ErrorCode::NON_POSITIVE},
      {"zero", isolated, with_leverage(perp, 0.0), ErrorCode::NON_POSITIVE},
      {"infinite", isolated, with_leverage(perp, INFINITY), ErrorCode::NOT_FINITE},
      {"above the schedule's maximum", isolated, with_leverage(perp, 60.0), ErrorCode::OUT_OF_RANGE},
      {"above the absolute limit", isolated, with_leverage(perp, 5000.0), ErrorCode::OUT_OF_RANGE},
      {"on an option", isolated, with_leverage(order("BTC-27DEC26-110000-C", kSell, 1.0), 5.0),
       ErrorCode::UNSUPPORTED_FIELD},
      {"with isolatedMargin", isolated, with_leverage(order(kPerp, kBuy, 0.5, kNaN, 1000.0), 5.0),
       ErrorCode::UNSUPPORTED_FIELD},
      {"in cross mode", cross, with_leverage(perp, 5.0), ErrorCode::UNSUPPORTED_FIELD},
  };
  for (const auto& c : cases) {
    const Status s = run_status(c.account, {c.order});
    EXPECT_EQ(s.code, c.code) << c.what << ": " << s.message;
    EXPECT_EQ(s.field, "orders[0].leverage") << c.what;
  }
}

TEST(IsolatedPreview, AddingToAPositionAddsTheOrdersMarginAndClosingReleasesItsShare) {
  const MarketSnapshot market = market_at();
  const Account account = acct({{"USDC", 1e6}}, {position(kPerp, 1.0, 100000.0, 3000.0)}, MarginMode::isolated);
  // Default: the IM of what the order opens, at least what the position's IM grows by: at the
  // default futures rates (2 % + 0.5 % per 100 coins of size) 0.5 BTC alone need 0.020025 x
  // 50,000 = 1,001.25, but the position's IM grows from 0.02005 x 100,000 = 2,005 to
  // 0.020075 x 150,000 = 3,011.25: by 1,006.25.
  EXPECT_NEAR(isolated_margin_of(account, market, {order(kPerp, kBuy, 0.5)}, kPerp), 3000.0 + 1006.25, 1e-9);
  EXPECT_NEAR(isolated_margin_of(account, market, {order(kPerp, kBuy, 0.5, kNaN, 700.0)}, kPerp), 3700.0, 1e-12);
  // Closing a quarter releases a quarter; flipping releases all and the new side brings its IM
  // (0.5 BTC short: 1,001.25).
  EXPECT_NEAR(isolated_margin_of(account, market, {order(kPerp, kSell, 0.25)}, kPerp), 2250.0, 1e-9);
  EXPECT_NEAR(isolated_margin_of(account, market, {order(kPerp, kSell, 1.5)}, kPerp), 1001.25, 1e-9);
}

TEST(IsolatedPreview, TwoOrdersAreJudgedAsTheOneTheyAddUpToAndAPositionAtItsIMStaysThere) {
  // Deribit's futures IM rate grows with size (2 % + 0.5 % per 100 coins): 200 BTC need 3 % of
  // 20,000,000 = 600,000. Two orders of 100 each assigned 100's IM (2.5 %, 250,000), 500,000 in
  // all, below even the MM: WOULD_TRIGGER_LIQUIDATION, where one order of 200 is accepted.
  const MarketSnapshot market = market_at();
  const Account empty = acct({{"USDC", 1e7}}, {}, MarginMode::isolated);
  const TradePreview one = run(empty, market, {order(kPerp, kBuy, 200.0)});
  const TradePreview two = run(empty, market, {order(kPerp, kBuy, 100.0), order(kPerp, kBuy, 100.0)});
  EXPECT_TRUE(one.accepted) << one.reject_reason;
  EXPECT_TRUE(two.accepted) << two.reject_reason;
  EXPECT_EQ(isolated_margin_of(empty, market, {order(kPerp, kBuy, 100.0), order(kPerp, kBuy, 100.0)}, kPerp),
            isolated_margin_of(empty, market, {order(kPerp, kBuy, 200.0)}, kPerp));
  // A position held at exactly its IM (1 BTC: 2,005) grown by 0.5: its IM is 3,011.25, and the
  // order's own 1,001.25 left it at 3,006.25, margin_call, maxSize 0, whatever the balance.
  for (double index : {100000.0, 65666.19, 3333.33, 101010.1}) {
    const MarketSnapshot m = market_at(index);
    const double im = isolated_margin_of(empty, m, {order(kPerp, kBuy, 1.0)}, kPerp);
    const Account held = acct({{"USDC", 1e7}}, {position(kPerp, 1.0, index, im)}, MarginMode::isolated);
    for (double size : {0.5, 0.0001, 3.7, 250.0}) {
      const TradePreview p = run(held, m, {order(kPerp, kBuy, size)});
      EXPECT_TRUE(p.accepted) << "index " << index << " size " << size << ": " << p.reject_reason;
      EXPECT_GE(p.max_size, size) << "index " << index << " size " << size;
    }
  }
}

TEST(IsolatedPreview, APositionHeldAtItsIMAndPartlyClosedStaysAtItsIM) {
  // The margin kept, margin x (1 - closed / size), rounded a few ulps below the IM of what remains
  // where IM is proportional to size (options, flat futures rates): margin_call after a close.
  RiskConfig flat;
  flat.schedule.futures.rate_step = 0.0;
  PreviewConfig config;
  config.risk = flat;
  const MarketSnapshot market = market_at();
  int checked = 0;
  for (const char* name : {"BTC_USDC-27DEC26-90000-P", kPerp}) {
    for (int k = 1; k < 40; ++k) {
      const double size = 0.37 + k * 0.113;
      const Account empty = acct({{"USDC", 1e9}}, {}, MarginMode::isolated);
      TradePreview opened;
      ASSERT_TRUE(preview_trade(empty, market, {order(name, kSell, size)}, config, opened).ok());
      const PositionRisk& row = opened.after.positions[0];
      const Account held = acct({{"USDC", 1e9}}, {position(name, row.size, row.value.mark, row.isolated_equity_usd)},
                                MarginMode::isolated);
      const double part = std::round(size * (0.1 + 0.013 * k) * 100.0) / 100.0;
      TradePreview closed;
      ASSERT_TRUE(preview_trade(held, market, {order(name, kBuy, part)}, config, closed).ok());
      EXPECT_LE(closed.after.status, MarginStatus::warning) << name << " " << size << " less " << part;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 78);
}

TEST(IsolatedPreview, AnOrderGivenExactlyItsInitialMarginIsNeverRejectedForRounding) {
  // Found by a user: 10 USD of an inverse perpetual at a 10x schedule was rejected with isolated
  // equity 0.9999999999999999 against an IM of 1, and maxSize was 0 for orders accepted.
  RiskConfig tenfold;
  tenfold.schedule.futures.initial_rate = 0.1;
  tenfold.schedule.futures.maintenance_rate = 0.05;
  tenfold.schedule.futures.rate_step = 0.0;
  PreviewConfig config;
  config.risk = tenfold;
  int checked = 0;
  for (double index : {65666.19, 3333.33, 101010.1, 12345.678, 77777.7, 43210.9, 0.3217, 1e6 / 3.0}) {
    for (double size : {10.0, 20.0, 30.0, 70.0, 110.0, 1230.0, 99990.0}) {
      const Account account = acct({{"BTC", 1e6 / index}}, {}, MarginMode::isolated);
      TradePreview p;
      ASSERT_TRUE(preview_trade(account, market_at(index), {order(kInversePerp, kBuy, size)}, config, p).ok());
      EXPECT_TRUE(p.accepted) << "index " << index << " size " << size << ": " << p.reject_reason;
      EXPECT_GE(p.max_size, size) << "index " << index << " size " << size;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 56);
}

TEST(IsolatedPreview, AnOptionFilledAtItsMarkIsNeverRejectedForRounding) {
  // The fill price (the mark, valued without Greeks) and the row's mark (valued with them) came
  // from two evaluations of Black-76 that differ in the last bits: a long option's isolated equity
  // (margin 0 + P&L) was -2e-11 < MM 0, WOULD_TRIGGER_LIQUIDATION, and a short's IM a few ulps
  // over the margin assigned for it, INSUFFICIENT_INITIAL_MARGIN (about one order in ten).
  int checked = 0;
  for (double index : {21957.28, 53621.58, 84638.22, 103173.11, 132030.81, 178075.96}) {
    for (double vol : {0.28, 0.61, 0.87, 1.18}) {
      auto btc = test::underlying_market("BTC", index, vol);
      btc.forwards = {{test::kDec27_0800, index * 1.01}};
      const MarketSnapshot market = test::market_of({btc});
      for (double moneyness : {0.6, 0.85, 1.0, 1.15, 1.4}) {
        const std::string strike = std::to_string(static_cast<long>(std::round(index * moneyness / 1000.0) * 1000.0));
        for (const std::string name : {"BTC-27DEC26-" + strike + "-C", "BTC_USDC-27DEC26-" + strike + "-P"}) {
          for (OrderSide side : {kBuy, kSell}) {
            const Account account = acct({{"USDC", 1e9}, {"BTC", 1e4}}, {}, MarginMode::isolated);
            const TradePreview p = run(account, market, {order(name, side, 6.73)});
            EXPECT_TRUE(p.accepted) << name << (side == kBuy ? " buy" : " sell") << " at index " << index
                                    << ", vol " << vol << ": " << p.reject_reason;
            EXPECT_GE(p.max_size, 6.73) << name;
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 480);
}

TEST(IsolatedPreview, AddingToAnInverseFutureAveragesItsEntryHarmonically) {
  // 10,000 USD at 100,000 (0.1 BTC) and 10,000 at 50,000 (0.2 BTC): entry 20,000 / 0.3 BTC.
  const Account account = acct({{"BTC", 10.0}}, {position(kInversePerp, 10000.0, 100000.0)});
  Account after;
  ASSERT_TRUE(apply_orders(account, market_at(), {order(kInversePerp, kBuy, 10000.0, 50000.0)}, RiskConfig{}, after).ok());
  EXPECT_NEAR(after.positions[0].entry_price, 20000.0 / 0.3, 1e-9);
  // Linear contracts and options average by coins; a fill at the entry price leaves it exactly.
  const Account linear = acct({{"USDC", 1e6}}, {position(kPerp, 1.0, 100000.0)});
  ASSERT_TRUE(apply_orders(linear, market_at(), {order(kPerp, kBuy, 3.0, 50000.0)}, RiskConfig{}, after).ok());
  EXPECT_NEAR(after.positions[0].entry_price, 62500.0, 1e-9);
  const Account odd = acct({{"USDC", 1e6}}, {position(kPerp, 1.0, 101010.1)});
  ASSERT_TRUE(apply_orders(odd, market_at(), {order(kPerp, kBuy, 0.5, 101010.1)}, RiskConfig{}, after).ok());
  EXPECT_EQ(after.positions[0].entry_price, 101010.1);
}

TEST(IsolatedPreview, ASellIsCreditedItsPremiumAtTheFillPriceAndABuyPaysIt) {
  const MarketSnapshot market = market_at();
  const Account account = acct({{"USDC", 100000.0}}, {});
  const char* call = "BTC_USDC-27DEC26-110000-C";
  Account at_500, at_80, bought;
  ASSERT_TRUE(apply_orders(account, market, {order(call, kSell, 2.0, 500.0)}, RiskConfig{}, at_500).ok());
  ASSERT_TRUE(apply_orders(account, market, {order(call, kSell, 2.0, 80.0)}, RiskConfig{}, at_80).ok());
  ASSERT_TRUE(apply_orders(account, market, {order(call, kBuy, 2.0, 250.0)}, RiskConfig{}, bought).ok());
  EXPECT_EQ(at_500.collateral[0].amount, 101000.0);
  EXPECT_EQ(at_80.collateral[0].amount, 100160.0);
  EXPECT_EQ(bought.collateral[0].amount, 99500.0);
  // Equity after differs by the premiums' difference: the option is worth the same.
  const TradePreview p500 = run(account, market, {order(call, kSell, 2.0, 500.0)});
  const TradePreview p80 = run(account, market, {order(call, kSell, 2.0, 80.0)});
  EXPECT_NEAR(p500.after.equity_usd - p80.after.equity_usd, 840.0, 1e-6);
  EXPECT_NEAR(p500.after.initial_margin_usd, p80.after.initial_margin_usd, 1e-9);
}

}  // namespace
}  // namespace marginkit
