// A prepared account's preview in portfolio mode (src/preview/prepared_account_preview.cpp keeps
// each position's P&L vector and the "before" search's group sums, and re-values only what the
// orders change), against the account after the orders valued from scratch, on deterministic
// random books over BTC and ETH (inverse and linear options, futures, perpetuals) and orders that
// add, grow, reduce and close positions:
//  - totals: the portfolio IM and MM bit for bit (the kept vectors are added in the positions'
//    order, as portfolio_margin adds them), with every group's figures and P&L matrix; the rest
//    to 1e-12 relative, as in cross mode;
//  - liquidation, margin-call and warning prices: the same counts, to 1e-9 relative, as a fresh
//    portfolio_liquidation_levels of the account after; at each liquidation price equity equals
//    the model's MM within 1e-6 relative;
//  - max size: the order at max size is accepted by a fresh preview and one increment more is not.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "liquidation/liquidation_price.hpp"
#include "margin_test_support.hpp"
#include "portfolio/portfolio_margin.hpp"
#include "preview/orders.hpp"
#include "preview/prepared_account_preview.hpp"
#include "preview/trade_preview.hpp"
#include "preview_test_support.hpp"

namespace marginkit {
namespace {

using test::acct;
using test::kBuy;
using test::kSell;
using test::order;
using test::position;

// A small deterministic generator (the tests must not depend on the standard library's).
struct Random {
  std::uint64_t state;
  double uniform() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1p-53;
  }
  int below(int n) { return static_cast<int>(uniform() * n); }
};

// BTC index 100,000 with a 27DEC26 forward of 101,000 and a smile; ETH 3,500 at a flat 70 %, rate 5 %.
MarketSnapshot market() {
  auto btc = test::underlying_market("BTC", 100000.0);
  btc.forwards = {{test::kDec27_0800, 101000.0}};
  btc.vols.smile = {{test::kDec27_0800, 80000.0, 0.80}, {test::kDec27_0800, 100000.0, 0.60},
                    {test::kDec27_0800, 120000.0, 0.55}};
  auto eth = test::underlying_market("ETH", 3500.0, 0.70, 0.05);
  return test::market_of({btc, eth});
}

std::string option_name(Random& r) {
  const bool btc = r.uniform() < 0.6, linear = r.uniform() < 0.4, call = r.uniform() < 0.5;
  const int strike = btc ? 70000 + 5000 * r.below(13) : 2500 + 100 * r.below(21);
  return std::string(btc ? "BTC" : "ETH") + (linear ? "_USDC" : "") + "-27DEC26-" + std::to_string(strike) +
         (call ? "-C" : "-P");
}

// A book of `count` positions (a future and perpetuals among them) on `collateral_scale` of collateral.
Account random_book(Random& r, int count, double collateral_scale) {
  std::vector<Position> positions = {position("BTC-PERPETUAL", r.uniform() < 0.5 ? -20000.0 : 15000.0, 98000.0),
                                     position("ETH_USDC-PERPETUAL", r.uniform() < 0.5 ? -6.0 : 4.0, 3600.0),
                                     position("BTC-27DEC26", r.uniform() < 0.5 ? 30000.0 : -25000.0, 99500.0)};
  while (static_cast<int>(positions.size()) < count) {
    const std::string name = option_name(r);
    bool known = false;
    for (const auto& p : positions) known = known || p.instrument.name == name;
    if (known) continue;
    const bool btc = name.rfind("BTC", 0) == 0, linear = name.find("_USDC") != std::string::npos;
    const double size = (r.uniform() < 0.55 ? -1.0 : 1.0) * (btc ? 0.5 + 2 * r.uniform() : 3.0 + 10 * r.uniform());
    const double entry = linear ? (btc ? 3000.0 : 150.0) : 0.03;
    positions.push_back(position(name, std::round(size * 10) / 10, entry));
  }
  return acct({{"USDC", 150000.0 * collateral_scale}, {"BTC", 0.5 * collateral_scale}, {"ETH", 5.0 * collateral_scale}},
              positions, MarginMode::portfolio);
}

std::vector<Order> random_orders(Random& r, const Account& book) {
  const Position& held = book.positions[3 + static_cast<std::size_t>(r.below(static_cast<int>(book.positions.size()) - 3))];
  switch (r.below(5)) {
    case 0: return {order(held.instrument.name, held.size < 0 ? kSell : kBuy, std::fabs(held.size))};  // grow
    case 1: return {order(held.instrument.name, held.size < 0 ? kBuy : kSell, std::fabs(held.size))};  // close
    case 2: return {order(held.instrument.name, held.size < 0 ? kBuy : kSell, 0.5 * std::fabs(held.size))};
    case 3: return {order("BTC-PERPETUAL", kBuy, 10000.0)};
    default: {  // a new instrument (or more of one held)
      return {order(option_name(r), kSell, 1.0)};
    }
  }
}

::testing::AssertionResult close(double a, double b, double rel) {
  if (a == b || std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b))) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " vs " << b << " (rel " << rel << ")";
}

void expect_prices(const std::vector<PriceLevel>& got, const std::vector<PriceLevel>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t k = 0; k < want.size(); ++k) EXPECT_TRUE(close(got[k].price, want[k].price, 1e-9)) << what;
}

TEST(PortfolioPreview, PreparedPreviewEqualsTheAccountAfterValuedFromScratch) {
  const MarketSnapshot m = market();
  PreviewConfig config;
  config.size_increment = 0.5;
  std::size_t levels_seen = 0, sized = 0;
  Random r{20261126};
  for (int round = 0; round < 24; ++round) {
    const Account book = random_book(r, 8 + r.below(20), 0.2 + 2.0 * r.uniform());
    const std::vector<Order> orders = random_orders(r, book);
    SCOPED_TRACE("round " + std::to_string(round) + ": " + test::describe(book) + " order " +
                 orders.front().instrument.name);
    std::unique_ptr<PreparedAccountPreview> prepared;
    ASSERT_TRUE(PreparedAccountPreview::create(book, m, config, prepared).ok());
    TradePreview p;
    ASSERT_TRUE(prepared->preview(orders, config, p).ok());

    Account after;
    ASSERT_TRUE(apply_orders(book, m, orders, config.risk, after).ok());
    PreparedAccount fresh;
    ASSERT_TRUE(prepare_account(after, m, fresh).ok());
    const AccountRisk risk = account_risk(fresh, config.risk);
    EXPECT_EQ(p.after.initial_margin_usd, risk.initial_margin_usd);
    EXPECT_EQ(p.after.maintenance_margin_usd, risk.maintenance_margin_usd);
    EXPECT_TRUE(close(p.after.equity_usd, risk.equity_usd, 1e-12));
    EXPECT_EQ(p.after.status, risk.status);
    ASSERT_TRUE(p.after.portfolio && risk.portfolio);
    ASSERT_EQ(p.after.portfolio->groups.size(), risk.portfolio->groups.size());
    for (std::size_t g = 0; g < risk.portfolio->groups.size(); ++g) {
      const PortfolioGroup& a = p.after.portfolio->groups[g];
      const PortfolioGroup& b = risk.portfolio->groups[g];
      EXPECT_EQ(a.instruments, b.instruments);
      EXPECT_EQ(a.pnl, b.pnl);
      EXPECT_EQ(a.scenario_pnl, b.scenario_pnl);
      EXPECT_EQ(a.binding, b.binding);
      EXPECT_EQ(a.initial, b.initial);
    }

    const auto levels = portfolio_liquidation_levels(fresh, config.risk);
    ASSERT_EQ(p.liquidation_after.size(), levels.size());
    for (std::size_t u = 0; u < levels.size(); ++u) {
      const std::string& underlying = levels[u].underlying;
      expect_prices(p.liquidation_after[u].liquidation, levels[u].liquidation, underlying + " liquidation");
      expect_prices(p.liquidation_after[u].margin_call, levels[u].margin_call, underlying + " margin call");
      expect_prices(p.liquidation_after[u].warning, levels[u].warning, underlying + " warning");
      levels_seen += levels[u].liquidation.size() + levels[u].margin_call.size();
      for (const PriceLevel& level : p.liquidation_after[u].liquidation) {
        const double ratio = level.price / levels[u].index;
        double equity = underlying_totals(fresh, config.risk, underlying, ratio).equity - 
                        underlying_totals(fresh, config.risk, underlying, 1.0).equity + risk.equity_usd;
        const PortfolioMargin moved = portfolio_margin(fresh, config.risk.portfolio, underlying, ratio);
        EXPECT_TRUE(close(equity, moved.maintenance_usd, 1e-6)) << underlying << " at " << level.price;
      }
    }

    // The order at max size is accepted, one increment more is not (fresh one-shot previews).
    if (p.max_size > 0.0 && p.max_size < 1e6 && orders.size() == 1) {
      std::vector<Order> at = orders, past = orders;
      at.front().size = p.max_size;
      past.front().size = p.max_size + p.size_increment;
      TradePreview q;
      ASSERT_TRUE(preview_trade(book, m, at, config, q).ok());
      EXPECT_TRUE(q.accepted) << "at max size " << p.max_size;
      ASSERT_TRUE(preview_trade(book, m, past, config, q).ok());
      EXPECT_FALSE(q.accepted) << "past max size " << p.max_size;
      ++sized;
    }
  }
  // The comparisons compared something.
  EXPECT_GT(levels_seen, 10u);
  EXPECT_GT(sized, 8u);
}

}  // namespace
}  // namespace marginkit
