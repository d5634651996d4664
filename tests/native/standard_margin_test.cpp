// Standard margin for options and futures, and the isolated liquidation closed forms, against
// published examples, each with its source (also in profiles/*.json, read 2026-11-26):
//  - Deribit (the defaults), quoted in the margin-engine issue: S = 10,000, option mark 0.025 BTC
//    = 250 USD, K = 9,000: short call 1,750 / 1,000, short put 1,250 / 1,000.
//  - Derive's StandardManager, its own unit tests (spot = forward = 1,500; two marks at intrinsic):
//    https://github.com/derivexyz/v2-core/blob/03273127ee015f77c1f5ae406697c43a91e08dc8/test/risk-managers/unit-tests/StandardManager/TestStandardManager_Option.t.sol
//  - Bybit's option MM with a liquidation fee: https://bybit.nl/nl-NL/help-center/article?id=000001546&language=en_US
//    (index 30,000, mark 300, MMF 3 %, fee 0.2 %: 1,260); its tiered USDT MM (XYZUSDT table,
//    position value 3,500: 92.5) as quoted on its help center.
//  - OKX: https://www.okx.com/help/ii-option-margin (formulas) and the worked example copied at
//    https://365shuku.com/13503.html (margin factor 1.02: 0.01932 BTC per 0.1 BTC contract).
//  - BIT: https://hc.bitexch.dev/en/articles/9771460-margin-rules-for-usdt-margined-options
//    (ETH-USDT-17NOV23-1850-P, underlying 2,098, mark 2.4: MM 159.75, IM 212.2).
// And the futures examples (long 1 @ 1,000, equity 100, MM 3 % -> 927.8350515463918; short
// 1 @ 1,000 with quote balance 1,100 -> 1,067.9611650485438). Exact to the digits printed.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "io/json_input.hpp"
#include "liquidation/liquidation_price.hpp"
#include "margin/standard_margin.hpp"

namespace marginkit {
namespace {

struct OptionMarginCase {
  OptionType type;
  double strike;
  double mark;
  double initial;
  double maintenance;
};

MarginSchedule profile(const std::string& name, const std::string& schedule = "") {
  PreviewConfig config;
  const std::string text =
      R"({"profile":")" + name + "\"" + (schedule.empty() ? "" : R"(,"schedule":)" + schedule) + "}";
  const Status s = parse_config_json(text, config);
  EXPECT_TRUE(s.ok()) << s.message;
  return config.risk.schedule;
}

TEST(StandardMargin, DeribitPublishedOptionExamples) {
  const OptionMarginCase cases[] = {{OptionType::call, 9000.0, 250.0, 1750.0, 1000.0},
                                    {OptionType::put, 9000.0, 250.0, 1250.0, 1000.0}};
  // The defaults, the deribit profile and BIT's (the same rule) all give the published figures.
  for (const OptionMarginRule& rule : {OptionMarginRule{}, profile("deribit").options, profile("bit").options}) {
    for (const auto& c : cases) {
      const OptionMargin m = option_margin(rule, c.type, 10000.0, c.strike, c.mark);
      EXPECT_NEAR(m.initial, c.initial, 1e-9) << "type " << static_cast<int>(c.type);
      EXPECT_NEAR(m.maintenance, c.maintenance, 1e-9) << "type " << static_cast<int>(c.type);
    }
  }
}

TEST(StandardMargin, DerivePublishedOptionExamples) {
  const OptionMarginRule rule = profile("derive").options;
  EXPECT_EQ(rule.reference, ReferencePrice::index);
  EXPECT_EQ(rule.put_maintenance_multiple, 1.05);
  const OptionMarginCase cases[] = {
      {OptionType::call, 1500.0, 100.0, 325.0, 212.5},    {OptionType::call, 400.0, 1100.0, 1325.0, 1212.5},
      {OptionType::call, 3000.0, 10.0, 160.0, 122.5},     {OptionType::put, 1500.0, 100.0, 325.0, 212.5},
      {OptionType::put, 3000.0, 1500.0, 1725.0, 1612.5},  {OptionType::put, 400.0, 10.0, 160.0, 122.5},
      // Not among Derive's examples: a deep put where the floor at 1.05 x MM binds (MM =
      // max(112.5, 0.075 x 2,500) + 2,500 = 2,687.5; 1.05 x MM = 2,821.875 > 0.15 x 1,500 + 2,500).
      {OptionType::put, 4000.0, 2500.0, 2821.875, 2687.5},
  };
  for (const auto& c : cases) {
    const OptionMargin m = option_margin(rule, c.type, 1500.0, c.strike, c.mark);
    EXPECT_NEAR(m.initial, c.initial, 1e-9) << "K " << c.strike << " type " << static_cast<int>(c.type);
    EXPECT_NEAR(m.maintenance, c.maintenance, 1e-9) << "K " << c.strike << " type " << static_cast<int>(c.type);
  }
}

TEST(StandardMargin, BybitPublishedMaintenanceWithLiquidationFee) {
  const OptionMarginRule rule = profile("bybit").options;
  // Short BTC-31JUN22-31000-C, index 30,000, mark 300: max(900, 9) + 300 + 60 = 1,260 USDC.
  const OptionMargin m = option_margin(rule, OptionType::call, 30000.0, 31000.0, 300.0, 280.0);
  EXPECT_NEAR(m.maintenance, 1260.0, 1e-9);
  // IM: max(0.15 x 30,000 - 1,000, 3,000) + max(entry, mark): the mark when above the entry...
  EXPECT_NEAR(m.initial, 3500.0 + 300.0, 1e-9);
  // ... the entry when above the mark.
  EXPECT_NEAR(option_margin(rule, OptionType::call, 30000.0, 31000.0, 300.0, 420.0).initial, 3500.0 + 420.0, 1e-9);
  // MM of a put whose mark rate binds: max(0.03 x 1,000, 0.03 x 2,000) + 2,000 + 0.002 x 1,000.
  EXPECT_NEAR(option_margin(rule, OptionType::put, 1000.0, 3000.0, 2000.0).maintenance, 60.0 + 2000.0 + 2.0, 1e-9);
}

TEST(StandardMargin, OkxPublishedExampleWithItsMarginFactor) {
  // BTCUSD call 100 USD out of the money, forward 5,900, mark 0.0575 BTC, margin factor 1.02 (a
  // tier above the profile's): [max(0.1, 0.15 - 100/5,900) x 1.02 + 0.0575] x 0.1 = 0.01932 BTC.
  const OptionMarginRule rule =
      profile("okx", R"({"options":{"initialBase":0.153,"initialFloor":0.102,"otmRate":1.02}})").options;
  const double forward = 5900.0, mark_usd = 0.0575 * forward;
  const OptionMargin m = option_margin(rule, OptionType::call, forward, 6000.0, mark_usd);
  EXPECT_NEAR(m.initial / forward * 0.1, 0.01932, 5e-6);  // as published, to its 5 decimals
  EXPECT_NEAR(m.initial / forward * 0.1, ((0.15 - 100.0 / 5900.0) * 1.02 + 0.0575) * 0.1, 1e-15);
  // The profile itself (factor 1): MM of a call c x 1 + mark, of a put max(c, c x mark) + mark, in coins.
  const OptionMarginRule tier1 = profile("okx").options;
  EXPECT_NEAR(option_margin(tier1, OptionType::call, forward, 6000.0, mark_usd).maintenance / forward, 0.03 + 0.0575, 1e-12);
  EXPECT_NEAR(option_margin(tier1, OptionType::put, forward, 9000.0, 1.5 * forward).maintenance / forward,
              0.03 * 1.5 + 1.5, 1e-12);
}

TEST(StandardMargin, BitPublishedExample) {
  const OptionMargin m = option_margin(profile("bit").options, OptionType::put, 2098.0, 1850.0, 2.4);
  EXPECT_NEAR(m.maintenance, 159.75, 1e-9);
  EXPECT_NEAR(m.initial, 212.2, 1e-9);
}

TEST(StandardMargin, FuturesTierTables) {
  // Bybit's illustration (XYZUSDT): 2 / 2.5 / 3 / 3.5 / 4 % on each 1,000 USDT of position value.
  // Position value 3,500: 1,000 x 2 % + 1,000 x 2.5 % + 1,000 x 3 % + 500 x 3.5 % = 92.5 USDT.
  const MarginSchedule s = profile("bybit", R"({"futures":{"tiers":[
      {"upTo":1000,"initialRate":0.04,"maintenanceRate":0.02},{"upTo":2000,"initialRate":0.05,"maintenanceRate":0.025},
      {"upTo":3000,"initialRate":0.06,"maintenanceRate":0.03},{"upTo":4000,"initialRate":0.07,"maintenanceRate":0.035},
      {"upTo":5000,"initialRate":0.08,"maintenanceRate":0.04}]}})");
  EXPECT_EQ(s.futures.tier_mode, TierMode::marginal);  // the profile's, kept
  EXPECT_EQ(s.futures.tier_unit, TierUnit::usd);
  EXPECT_NEAR(futures_margin(s.futures, 100.0, 3500.0).maintenance_rate * 3500.0, 92.5, 1e-9);
  // Whole-position tiers: the bracket holding the position (bounds inclusive), the last beyond.
  FuturesMarginRule whole = s.futures;
  whole.tier_mode = TierMode::whole;
  EXPECT_EQ(futures_margin(whole, 0.0, 3500.0).maintenance_rate, 0.035);
  EXPECT_EQ(futures_margin(whole, 0.0, 3000.0).maintenance_rate, 0.03);
  EXPECT_EQ(futures_margin(whole, 0.0, 9000.0).maintenance_rate, 0.04);
  EXPECT_EQ(futures_tier_bounds(whole), (std::vector<double>{1000.0, 2000.0, 3000.0, 4000.0}));
  // The profile's own table: BTCUSDT's first tier, 1 % / 0.5 %.
  const FuturesMargin first = futures_margin(profile("bybit").futures, 1.0, 90000.0);
  EXPECT_EQ(first.initial_rate, 0.01);
  EXPECT_EQ(first.maintenance_rate, 0.005);
  // Derive's perps: 6.6 % / 5 %, flat.
  const FuturesMargin derive = futures_margin(profile("derive").futures, 500.0, 5e7);
  EXPECT_DOUBLE_EQ(derive.initial_rate, 0.066);
  EXPECT_DOUBLE_EQ(derive.maintenance_rate, 0.05);
  // The default linear add-on, unchanged: 2 % + 0.5 % per 100 coins.
  EXPECT_DOUBLE_EQ(futures_margin(FuturesMarginRule{}, 200.0, 2e7).initial_rate, 0.03);
}

// No accepted schedule makes a margin negative: every coefficient in [0, 10], any prices.
TEST(StandardMargin, NoAcceptedScheduleMakesAMarginNegative) {
  std::mt19937_64 rng(0x6e6567);
  auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  auto rate = [&] { return uniform(0.0, 1.0) < 0.2 ? 0.0 : uniform(0.0, 1.0) < 0.5 ? uniform(0.0, 10.0) : uniform(0.0, 0.3); };
  for (int i = 0; i < 20000; ++i) {
    OptionMarginRule r;
    r.initial_base = rate();
    r.initial_floor = rate();
    r.otm_rate = rate();
    r.maintenance_rate = rate();
    r.put_mark_rate = rate();
    r.call_mark_rate = rate();
    r.liquidation_fee_rate = rate();
    r.put_maintenance_multiple = rate();
    r.call_maintenance_multiple = rate();
    r.premium_basis = i % 2 ? PremiumBasis::mark : PremiumBasis::max_entry_mark;
    const double reference = std::exp(uniform(-20.0, 30.0));
    const double strike = reference * std::exp(uniform(-5.0, 5.0));
    const double mark = i % 7 == 0 ? 0.0 : reference * std::exp(uniform(-30.0, 1.0));
    for (OptionType type : {OptionType::call, OptionType::put}) {
      const OptionMargin m = option_margin(r, type, reference, strike, mark, uniform(0.0, 2.0) * mark);
      ASSERT_GE(m.initial, 0.0);
      ASSERT_GE(m.maintenance, 0.0);
      ASSERT_GE(m.otm, 0.0);
      ASSERT_GE(m.initial + 1e-9 * m.initial, r.maintenance_multiple(type == OptionType::call) * m.maintenance);
    }
  }
}

// Where the kinks say the margins bend, they do, and nowhere else: second differences of the
// margins on a fine grid are negligible away from the reported kinks.
TEST(StandardMargin, KinksOfTheNewTermsAreReported) {
  const MarginSchedule bybit = profile("bybit");
  const MarginSchedule derive = profile("derive");
  int total_bends = 0;  // (a call's MM under Derive's rule has none)
  // A mark convex in R: Bachelier-like, smooth (any smooth convex function will do here).
  for (OptionType type : {OptionType::call, OptionType::put}) {
    const double strike = 100.0;
    const double omega = type == OptionType::call ? 1.0 : -1.0;
    const auto mark = [&](double r) {
      const double x = omega * (r - strike);
      return 0.5 * (x + std::sqrt(x * x + 400.0));
    };
    const auto entry = [](double) { return 12.0; };
    for (const MarginSchedule* s : {&bybit, &derive}) {
      const OptionMarginKinks kinks = option_margin_kinks(s->options, type, strike, mark, entry, 20.0, 500.0);
      const auto im = [&](double r) { return option_margin(s->options, type, r, strike, mark(r), entry(r)).initial; };
      const auto mm = [&](double r) { return option_margin(s->options, type, r, strike, mark(r), entry(r)).maintenance; };
      for (const auto& [margin, list] : {std::pair{std::function<double(double)>(im), &kinks.initial},
                                         {std::function<double(double)>(mm), &kinks.maintenance}}) {
        int bends = 0;
        for (double r = 21.0; r < 499.0; r *= 1.0001) {
          // Smooth, the margins' curvature is at most ~1.2 x the mark's (<= 0.025 here): a second
          // difference above 0.3 h^2 is a bend, a change of slope of 3e-5 R or more within h.
          const double h = 1e-4 * r;
          const double second = margin(r + h) - 2.0 * margin(r) + margin(r - h);
          if (std::fabs(second) < 0.3 * h * h) continue;
          bool near_kink = false;
          for (double k : *list) near_kink = near_kink || std::fabs(k - r) <= h * 1.0001;
          EXPECT_TRUE(near_kink) << "a bend at R = " << r << " that no kink reports";
          ++bends;
        }
        total_bends += bends;
      }
    }
  }
  EXPECT_GT(total_bends, 8);
  // The entry = mark switch of Bybit's IM is among the kinks: where mark(R) = 12.
  const auto put_mark = [](double r) { return 0.5 * (100.0 - r + std::sqrt((100.0 - r) * (100.0 - r) + 400.0)); };
  const OptionMarginKinks kinks = option_margin_kinks(bybit.options, OptionType::put, 100.0, put_mark,
                                                      [](double) { return 12.0; }, 20.0, 500.0);
  bool found = false;
  for (double k : kinks.initial) found = found || std::fabs(put_mark(k) - 12.0) < 1e-9;
  EXPECT_TRUE(found);
}

TEST(IsolatedLiquidation, PublishedFuturesExamples) {
  // Long 1 @ 1,000 with 100 of margin, MM 3 % of the price: equity 100 + (P - 1,000) = 0.03 P at
  // P = (1,000 - 100) / (1 - 0.03) (published: 927.8350515463918).
  EXPECT_NEAR(isolated_linear_liquidation_price(1.0, 1000.0, 100.0, 0.03), (1000.0 - 100.0) / (1.0 - 0.03), 1e-9);
  // Short 1 @ 1,000 with a quote balance of 1,100: the margin beyond the sale proceeds is 100.
  // 100 - (P - 1,000) = 0.03 P at P = (1,000 + 100) / (1 + 0.03) (published: 1,067.9611650485438).
  EXPECT_NEAR(isolated_linear_liquidation_price(-1.0, 1000.0, 100.0, 0.03), (1000.0 + 100.0) / (1.0 + 0.03), 1e-9);
}

}  // namespace
}  // namespace marginkit
