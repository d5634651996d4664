// Portfolio margin under the scenario-grid model (src/portfolio/), against published figures and
// properties that hold whatever the parameters.
//  - Deribit's documented portfolio-margin example (Deribit Knowledge Base, "Portfolio Margin",
//    worked example of a BTC perpetual and a dated future): BTC index 65,666.19, BTC-PERPETUAL
//    +0.314538364 BTC at mark 65,910.57, BTC-28JUN24 -0.001187534 BTC at mark 67,371.75: worst
//    case 0.05968587238 BTC at -16 %, roll shock 0.00315725898, risk-matrix margin 0.06284313098
//    and MM 0.050274504784 BTC. The published risk-matrix margin is 4e-10 below the sum of its
//    published parts, hence 1e-8 relative.
//  - no move, no P&L; a long and a short of the same option cancel in every scenario.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "common/number_text.hpp"
#include "io/json_api.hpp"
#include "portfolio/portfolio_margin.hpp"
#include "preview_test_support.hpp"

namespace marginkit {
namespace {

constexpr TimestampMs kMay29_2024 = 1716969600000LL;  // 2024-05-29T08:00:00Z
constexpr TimestampMs kJun28_2024 = 1719561600000LL;  // 28JUN24 08:00 UTC

MarketSnapshot deribit_example_market() {
  auto btc = test::underlying_market("BTC", 65666.19, 0.5);
  btc.forwards = {{kJun28_2024, 67371.75}};
  MarketSnapshot m = test::market_of({btc}, kMay29_2024);
  m.mark_prices["BTC-PERPETUAL"] = 65910.57;
  m.mark_prices["BTC-28JUN24"] = 67371.75;
  return m;
}

PortfolioMargin margin_of(const Account& account, const MarketSnapshot& market,
                          const ScenarioGridModel& model = ScenarioGridModel{}) {
  PreparedAccount prepared;
  const Status s = prepare_account(account, market, prepared);
  EXPECT_TRUE(s.ok()) << s.message;
  PortfolioModel portfolio_model;
  portfolio_model.grid = model;
  return portfolio_margin(prepared, portfolio_model);
}

TEST(PortfolioMargin, DeribitPublishedExample) {
  // Inverse futures are sized in USD: the published coins x their mark.
  const Account account = test::acct({{"BTC", 1.0}}, {test::position("BTC-PERPETUAL", 0.314538364 * 65910.57, 65000.0),
                                                      test::position("BTC-28JUN24", -0.001187534 * 67371.75, 67000.0)});
  const PortfolioMargin pm = margin_of(account, deribit_example_market());
  ASSERT_EQ(pm.groups.size(), 1u);
  const PortfolioGroup& g = pm.groups[0];
  EXPECT_EQ(g.currency, "BTC");
  EXPECT_NEAR(g.worst_case, 0.05968587238, 1e-8 * 0.05968587238);
  EXPECT_DOUBLE_EQ(g.scenarios[g.binding].spot_move, -0.16);
  EXPECT_NEAR(g.roll_shock, 0.00315725898, 1e-8 * 0.00315725898);
  EXPECT_NEAR(g.initial, 0.06284313098, 1e-8 * 0.06284313098);
  EXPECT_NEAR(g.maintenance, 0.050274504784, 1e-8 * 0.050274504784);
  EXPECT_NEAR(g.maintenance_usd, 0.050274504784 * 65666.19, 1e-8 * 0.050274504784 * 65666.19);
  // An inverse future's P&L in coins at move x is q (1 - 1/(1 + x)), q its coins at the mark; the
  // extended (tail) table counts options only.
  for (std::size_t s = 0; s < g.scenarios.size(); ++s) {
    const double x = g.scenarios[s].spot_move;
    const double expected = g.scenarios[s].tail ? 0.0 : 0.314538364 * (1.0 - 1.0 / (1.0 + x));
    EXPECT_NEAR(g.pnl[s * 2], expected, 1e-12) << "scenario " << s;
  }
}

TEST(PortfolioMargin, NoMoveNoPnlAndOppositePositionsCancel) {
  auto btc = test::underlying_market("BTC", 100000.0, 0.6);
  btc.forwards = {{test::kDec27_0800, 101000.0}};
  const MarketSnapshot market = test::market_of({btc});
  const Account account = test::acct({{"BTC", 1.0}}, {test::position("BTC-27DEC26-110000-C", -3.0, 0.01),
                                                      test::position("BTC_USDC-27DEC26-90000-P", 2.0, 900.0)});
  const PortfolioMargin pm = margin_of(account, market);
  ASSERT_EQ(pm.groups.size(), 2u);
  for (const auto& g : pm.groups) {
    for (std::size_t s = 0; s < g.scenarios.size(); ++s) {
      const Scenario& sc = g.scenarios[s];
      if (sc.spot_move == 0.0 && sc.vol == VolState::none) {
        for (std::size_t i = 0; i < g.positions.size(); ++i) EXPECT_EQ(g.pnl[s * g.positions.size() + i], 0.0);
      }
    }
    EXPECT_GT(g.initial, 0.0);
    EXPECT_GE(g.initial, g.maintenance);
  }
}

TEST(PortfolioMargin, AHedgedBookHasNoScenarioLoss) {
  // A box (long call and short put at 90,000, short call and long put at 110,000, USDC-settled)
  // is worth the discounted strike difference whatever the spot and the vol: its P&L is zero in
  // every grid scenario and every tail (parity), to rounding; only the time-free roll shock of
  // futures could charge it, and it holds none.
  auto btc = test::underlying_market("BTC", 100000.0, 0.6, 0.03);
  btc.forwards = {{test::kDec27_0800, 101000.0}};
  const MarketSnapshot market = test::market_of({btc});
  const Account box = test::acct({{"USDC", 1e5}}, {test::position("BTC_USDC-27DEC26-90000-C", 2.0, 12000.0),
                                                   test::position("BTC_USDC-27DEC26-90000-P", -2.0, 900.0),
                                                   test::position("BTC_USDC-27DEC26-110000-C", -2.0, 3000.0),
                                                   test::position("BTC_USDC-27DEC26-110000-P", 2.0, 11000.0)});
  const PortfolioMargin pm = margin_of(box, market);
  ASSERT_EQ(pm.groups.size(), 1u);
  // Notional 4 x 100,000: rounding of the legs' values is ~1e-16 of that each.
  EXPECT_LT(pm.groups[0].worst_case, 1e-9);
  EXPECT_LT(pm.initial_usd, 1e-9);
}

// --- portfolio mode through the JSON door ------------------------------------------------

nlohmann::json parsed(const std::string& text) { return nlohmann::json::parse(text, nullptr, false); }

const char* const kExampleMarket =
    R"({"time":"2024-05-29T08:00:00Z","underlyings":{"BTC":{"index":65666.19,"forwards":{"28JUN24":67371.75},"vol":0.5}},)"
    R"("markPrices":{"BTC-PERPETUAL":65910.57,"BTC-28JUN24":67371.75}})";

TEST(PortfolioMargin, PortfolioModeThroughJsonIsTheModelsRequirement) {
  // Deribit's example as an account: IM = the risk-matrix margin, MM = 80 % of it, in USD at
  // the index; equity as in cross margin; the binding scenario is -16 % with its P&L matrix.
  const std::string account = R"({"mode":"portfolio","collateral":{"BTC":1},"positions":[)"
                              R"({"instrument":"BTC-PERPETUAL","size":20731.46,"entryPrice":65000},)"
                              R"({"instrument":"BTC-28JUN24","size":-80.0,"entryPrice":67000}]})";
  std::string pm_out;
  ASSERT_TRUE(account_risk_json(account, kExampleMarket, "", pm_out).ok());
  const auto pm = parsed(pm_out);
  ASSERT_TRUE(pm.contains("portfolio")) << pm_out.substr(0, 300);
  const auto& group = pm["portfolio"]["groups"][0];
  EXPECT_EQ(group["currency"], "BTC");
  const double im = group["initialMargin"].get<double>();
  EXPECT_NEAR(pm["initialMarginUsd"].get<double>(), im * 65666.19, 1e-9 * im * 65666.19);
  EXPECT_NEAR(pm["maintenanceMarginUsd"].get<double>(), 0.8 * im * 65666.19, 1e-9 * im * 65666.19);
  const std::size_t binding = group["bindingScenario"].get<std::size_t>();
  EXPECT_DOUBLE_EQ(group["scenarios"][binding]["spotMove"].get<double>(), -0.16);
  EXPECT_EQ(group["pnl"].size(), group["scenarios"].size());
  EXPECT_EQ(group["pnl"][0].size(), 2u);
  EXPECT_EQ(group["instruments"][0], "BTC-PERPETUAL");
  // Liquidation in portfolio mode: at each reported price equity = the model's MM there.
  for (const auto& level : pm["liquidation"][0]["liquidation"]) {
    const double price = level["price"].get<double>();
    const double ratio = price / 65666.19;
    const std::string moved = std::string(R"({"time":"2024-05-29T08:00:00Z","underlyings":{"BTC":{"index":)") +
                              format_number(price) + R"(,"forwards":{"28JUN24":)" + format_number(67371.75 * ratio) +
                              R"(},"vol":0.5}},"markPrices":{"BTC-PERPETUAL":)" + format_number(65910.57 * ratio) +
                              R"(,"BTC-28JUN24":)" + format_number(67371.75 * ratio) + "}}";
    std::string at;
    ASSERT_TRUE(account_risk_json(account, moved, R"({"liquidationLevels":false})", at).ok());
    const auto r = parsed(at);
    const double equity = r["equityUsd"].get<double>(), mm = r["maintenanceMarginUsd"].get<double>();
    EXPECT_NEAR(equity, mm, 1e-6 * std::max(1.0, mm)) << "at " << price;
  }
}

TEST(PortfolioMargin, ModelParametersAreStrictData) {
  const std::string account = R"({"mode":"portfolio","collateral":{"BTC":1}})";
  struct Case {
    const char* config;
    ErrorCode code;
    const char* field;
  };
  const Case cases[] = {
      {R"({"portfolioModel":"spam"})", ErrorCode::INVALID_ENUM, "config.portfolioModel"},
      {R"({"portfolioModel":{"pnlOfset":0.1}})", ErrorCode::UNSUPPORTED_FIELD, "config.portfolioModel.pnlOfset"},
      {R"({"portfolioModel":{"mmFactor":1.5}})", ErrorCode::OUT_OF_RANGE, "config.portfolioModel.mmFactor"},
      {R"({"portfolioModel":{"buckets":2.5}})", ErrorCode::OUT_OF_RANGE, "config.portfolioModel.buckets"},
      {R"({"portfolioModel":{"priceRange":{"BTC":-0.1}}})", ErrorCode::OUT_OF_RANGE, "config.portfolioModel.priceRange.BTC"},
      {R"({"portfolioModel":{"tailMoves":[0]}})", ErrorCode::OUT_OF_RANGE, "config.portfolioModel.tailMoves[0]"},
      // Its weight is tailFactor x priceRange / |move|: 1e-308 made the margin infinite.
      {R"({"portfolioModel":{"tailMoves":[2.2250738585072014e-308,2]}})", ErrorCode::OUT_OF_RANGE, "config.portfolioModel.tailMoves[0]"},
      {R"({"portfolioModel":{"tailMoves":[0.5,-9.9e-5]}})", ErrorCode::OUT_OF_RANGE, "config.portfolioModel.tailMoves[1]"},
      {R"({"portfolioModel":{"volRangeUp":"0.5"}})", ErrorCode::INVALID_TYPE, "config.portfolioModel.volRangeUp"},
  };
  for (const auto& c : cases) {
    std::string out;
    const Status s = account_risk_json(account, kExampleMarket, c.config, out);
    EXPECT_EQ(s.code, c.code) << c.config << ": " << s.message;
    EXPECT_EQ(s.field, c.field) << c.config;
  }
  std::string out;
  EXPECT_TRUE(account_risk_json(account, kExampleMarket, R"({"portfolioModel":{"priceRange":{"BTC":0.2},"mmFactor":0.75}})", out).ok());
}

}  // namespace
}  // namespace marginkit
