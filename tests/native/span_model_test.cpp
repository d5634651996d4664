// The 'span' portfolio-margin model (portfolio-models/span.json): CME SPAN's standard 16
// scenarios (0, +/-1/3, +/-2/3, +/-3/3 of the price scan range, each with vol up and down the vol
// scan range; two extreme moves, vol unchanged, covered at 35 %) and the short option minimum,
// with every expected number computed here from that definition and the textbook Black-76 formula
// (ref_black76), not from the engine: a covered short call, a far out-of-the-money short call
// (the short option minimum binds), a box (no scenario loss), and down-vol scenarios that reach
// zero vol (the option's discounted intrinsic value on the forward, never an error).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "io/json_input.hpp"
#include "portfolio/portfolio_margin.hpp"
#include "preview_test_support.hpp"

namespace marginkit {
namespace {

constexpr double kIndex = 100000.0, kForward = 101000.0, kVol = 0.6, kRate = 0.03;

MarketSnapshot btc_market() {
  auto btc = test::underlying_market("BTC", kIndex, kVol, kRate);
  btc.forwards = {{test::kDec27_0800, kForward}};
  MarketSnapshot m = test::market_of({btc});
  m.mark_prices["BTC_USDC-27DEC26"] = kForward;
  return m;
}

ScenarioGridModel model_of(const std::string& config) {
  PreviewConfig parsed;
  const Status s = parse_config_json(config, parsed);
  EXPECT_TRUE(s.ok()) << s.message;
  return parsed.risk.portfolio.grid;
}

PortfolioModel as_portfolio_model(const ScenarioGridModel& grid) {
  PortfolioModel model;
  model.grid = grid;
  return model;
}

PortfolioMargin margin_of(const Account& account, const ScenarioGridModel& model) {
  const MarketSnapshot market = btc_market();  // (the prepared account points into it)
  PreparedAccount prepared;
  const Status s = prepare_account(account, market, prepared);
  EXPECT_TRUE(s.ok()) << s.message;
  return portfolio_margin(prepared, as_portfolio_model(model));
}

// A USDC-settled 27DEC26 BTC call in the scenario (move x of the index and forward, vol).
double call_value(double strike, double x, double vol) {
  const double forward = kForward * (1.0 + x);
  if (vol <= 0.0) return std::exp(-kRate * test::kT27Dec) * std::max(forward - strike, 0.0);
  return test::ref_black76(OptionType::call, forward, strike, test::kT27Dec, vol, kRate);
}

struct SpanScenario {
  double x;    // index move
  double vol;  // the option's vol in it
  double weight;
};

// CME's 16 scenarios with BTC's price scan range 15 % and a 10-point vol scan range.
std::vector<SpanScenario> span_scenarios() {
  std::vector<SpanScenario> out;
  for (double k : {0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0}) {
    for (double dv : {0.1, -0.1}) out.push_back({0.15 * k / 3.0, kVol + dv, 1.0});
  }
  out.push_back({3 * 0.15, kVol, 0.35});
  out.push_back({-3 * 0.15, kVol, 0.35});
  return out;
}

TEST(SpanModel, SixteenScenariosAsCmeDefinesThem) {
  const ScenarioGridModel span = model_of(R"({"portfolioModel":"span"})");
  const std::vector<Scenario> scenarios = scenarios_of(span, "BTC");
  ASSERT_EQ(scenarios.size(), 16u);
  std::vector<std::pair<double, double>> got, want;
  for (const auto& s : scenarios) got.push_back({s.spot_move, s.weight * (s.vol == VolState::none ? 0 : s.vol == VolState::up ? 1 : -1)});
  for (const auto& s : span_scenarios()) want.push_back({s.x, s.weight * (s.vol == kVol ? 0 : s.vol > kVol ? 1 : -1)});
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  for (std::size_t i = 0; i < 16; ++i) {
    EXPECT_NEAR(got[i].first, want[i].first, 1e-15) << i;
    EXPECT_EQ(got[i].second, want[i].second) << i;
  }
  for (const auto& s : scenarios) EXPECT_FALSE(s.options_only);  // SPAN's extremes count futures too
}

TEST(SpanModel, ACoveredShortCallsScanRiskIsItsWorstScenario) {
  // Short 1 call at 110,000, long 0.5 of the 27DEC26 future (mark 101,000), in USDC.
  const Account account = test::acct({{"USDC", 1e5}}, {test::position("BTC_USDC-27DEC26-110000-C", -1.0, 3000.0),
                                                       test::position("BTC_USDC-27DEC26", 0.5, 101000.0)});
  const PortfolioMargin pm = margin_of(account, model_of(R"({"portfolioModel":"span"})"));
  ASSERT_EQ(pm.groups.size(), 1u);
  const PortfolioGroup& g = pm.groups[0];
  double worst = 0.0;
  for (const auto& s : span_scenarios()) {
    const double pnl = -(call_value(110000.0, s.x, s.vol) - call_value(110000.0, 0.0, kVol)) + 0.5 * kForward * s.x;
    worst = std::min(worst, s.weight * pnl);
  }
  ASSERT_LT(worst, -1000.0);  // the scan risk, not the short option minimum, binds
  EXPECT_NEAR(g.worst_case, -worst, 1e-9 * -worst);
  EXPECT_DOUBLE_EQ(g.short_option_minimum, 0.01 * kIndex * 1.0);
  EXPECT_EQ(g.roll_shock, 0.0);
  EXPECT_TRUE(g.contingencies.empty());
  EXPECT_DOUBLE_EQ(g.initial, g.worst_case);
  EXPECT_DOUBLE_EQ(g.maintenance, 0.9 * g.initial);
  // The binding scenario's positions add up to its loss.
  const double binding = g.scenarios[g.binding].weight * (g.pnl[g.binding * 2] + g.pnl[g.binding * 2 + 1]);
  EXPECT_NEAR(binding, -g.worst_case, 1e-9 * g.worst_case);
}

TEST(SpanModel, TheShortOptionMinimumBindsForFarOutOfTheMoneyShorts) {
  // 3 calls at 400,000 (4x the index, a month out): even +45 % at 70 % vol leaves them near worthless.
  const Account account = test::acct({{"USDC", 1e5}}, {test::position("BTC_USDC-27DEC26-400000-C", -3.0, 0.01)});
  const PortfolioMargin pm = margin_of(account, model_of(R"({"portfolioModel":"span"})"));
  const PortfolioGroup& g = pm.groups[0];
  EXPECT_LT(g.worst_case, 1.0);
  EXPECT_DOUBLE_EQ(g.short_option_minimum, 0.01 * kIndex * 3.0);
  EXPECT_DOUBLE_EQ(g.initial, 3000.0);
  EXPECT_DOUBLE_EQ(pm.maintenance_usd, 0.9 * 3000.0);
  // Coin-settled, the minimum is in coins: 1 % of a coin per coin short.
  const Account inverse = test::acct({{"BTC", 1.0}}, {test::position("BTC-27DEC26-400000-C", -3.0, 0.0001)});
  const PortfolioMargin coins = margin_of(inverse, model_of(R"({"portfolioModel":"span"})"));
  EXPECT_EQ(coins.groups[0].currency, "BTC");
  EXPECT_DOUBLE_EQ(coins.groups[0].initial, 0.03);
  EXPECT_DOUBLE_EQ(coins.initial_usd, 0.03 * kIndex);
  // A long option has no minimum: its requirement is the scan risk alone.
  const Account bought = test::acct({{"USDC", 1e5}}, {test::position("BTC_USDC-27DEC26-400000-C", 3.0, 0.01)});
  EXPECT_EQ(margin_of(bought, model_of(R"({"portfolioModel":"span"})")).groups[0].short_option_minimum, 0.0);
}

TEST(SpanModel, ABoxLosesInNoScenarioAndIsChargedItsShortOptionMinimum) {
  // Long call and short put at 90,000, short call and long put at 110,000: parity holds in every
  // scenario, so the scan risk is 0 to rounding; the two short options' minimum remains.
  const Account box = test::acct({{"USDC", 1e5}}, {test::position("BTC_USDC-27DEC26-90000-C", 2.0, 12000.0),
                                                   test::position("BTC_USDC-27DEC26-90000-P", -2.0, 900.0),
                                                   test::position("BTC_USDC-27DEC26-110000-C", -2.0, 3000.0),
                                                   test::position("BTC_USDC-27DEC26-110000-P", 2.0, 11000.0)});
  const PortfolioMargin pm = margin_of(box, model_of(R"({"portfolioModel":"span"})"));
  EXPECT_LT(pm.groups[0].worst_case, 1e-9);
  EXPECT_DOUBLE_EQ(pm.groups[0].initial, 0.01 * kIndex * 4.0);
}

TEST(SpanModel, DownVolToZeroRevaluesAtTheDiscountedIntrinsicOnTheForward) {
  // A vol scan of 0.7 points takes the 0.6 vol below 0: the vol-down scenarios revalue at zero
  // vol, the discounted intrinsic value of the moved forward (0 out of the money).
  const Account account = test::acct({{"USDC", 1e5}}, {test::position("BTC_USDC-27DEC26-90000-C", -1.0, 12000.0),
                                                       test::position("BTC_USDC-27DEC26-110000-C", -1.0, 3000.0)});
  const PortfolioMargin pm = margin_of(account, model_of(R"({"portfolioModel":{"name":"span","volPointsDown":0.7}})"));
  const PortfolioGroup& g = pm.groups[0];
  int down = 0;
  for (std::size_t s = 0; s < g.scenarios.size(); ++s) {
    if (g.scenarios[s].vol != VolState::down) continue;
    ++down;
    const double x = g.scenarios[s].spot_move;
    EXPECT_NEAR(g.pnl[s * 2], -(call_value(90000.0, x, 0.0) - call_value(90000.0, 0.0, kVol)), 1e-7) << x;
    EXPECT_NEAR(g.pnl[s * 2 + 1], -(call_value(110000.0, x, 0.0) - call_value(110000.0, 0.0, kVol)), 1e-7) << x;
  }
  EXPECT_EQ(down, 7);
  EXPECT_TRUE(std::isfinite(g.initial));
  // Deribit's down shock of the whole vol (volRangeDown 1) on a 2-day option, whose term
  // (30 / 2)^0.3 is above 1, takes the vol below 0: clamped at 0 the same way.
  auto btc = test::underlying_market("BTC", kIndex, kVol, kRate);
  const TimestampMs nov26 = test::kNov24_0800 + 2 * test::kMsPerDay;
  btc.forwards = {{nov26, kForward}};
  const MarketSnapshot market = test::market_of({btc});
  PreparedAccount prepared;
  const Account near = test::acct({{"USDC", 1e5}}, {test::position("BTC_USDC-26NOV26-90000-P", -1.0, 100.0)});
  ASSERT_TRUE(prepare_account(near, market, prepared).ok());
  const PortfolioMargin deribit = portfolio_margin(prepared, as_portfolio_model(model_of(R"({"portfolioModel":{"volRangeDown":1}})")));
  const PortfolioGroup& d = deribit.groups[0];
  const double t = 2.0 / 365.0;
  for (std::size_t s = 0; s < d.scenarios.size(); ++s) {
    if (d.scenarios[s].vol != VolState::down) continue;
    const double forward = kForward * (1.0 + d.scenarios[s].spot_move);
    const double before = test::ref_black76(OptionType::put, kForward, 90000.0, t, kVol, kRate);
    EXPECT_NEAR(d.pnl[s], -(std::exp(-kRate * t) * std::max(90000.0 - forward, 0.0) - before), 1e-7);
  }
}

TEST(SpanModel, MarginIsNeverNegative) {
  for (const char* model : {R"("span")", R"("deribit")", R"({"name":"span","pnlOffset":1,"shortOptionMinimum":0})"}) {
    const Account longs = test::acct({{"USDC", 1e5}}, {test::position("BTC_USDC-27DEC26-90000-C", 1.0, 12000.0),
                                                       test::position("BTC_USDC-27DEC26-110000-P", 1.0, 11000.0)});
    const PortfolioMargin pm = margin_of(longs, model_of(std::string(R"({"portfolioModel":)") + model + "}"));
    EXPECT_GE(pm.groups[0].initial, 0.0) << model;
    EXPECT_GE(pm.groups[0].maintenance, 0.0) << model;
  }
}

}  // namespace
}  // namespace marginkit
