// Account risk (src/margin/account_risk.*, position_valuation.*) on small accounts computed by
// hand from the documented rules:
//  - equity = collateral + futures/perp P&L + option values (long +, short -), all USD
//    (account_risk.hpp, README "Account risk");
//  - linear perp P&L = size (mark - entry); inverse future P&L in coins = size_usd (1/entry -
//    1/mark), valued at the index (instrument.hpp, position_valuation.hpp);
//  - futures margin: IM 2 % / MM 1.5 % of notional + 0.5 % per 100 coins (margin_schedule.hpp);
//  - short options: Deribit standard margin (margin_schedule.hpp), S the forward, the premium
//    priced here from the closed-form Black-76 with std::erfc; inverse options' margin in coins
//    (the rate + the coin mark) valued at the index, as Deribit states it in BTC;
//  - status thresholds: liquidation when equity < MM or equity = MM > 0, margin_call when
//    equity < IM, warning when MM / equity >= warningRatio (0.8), else healthy;
//  - Greeks per underlying: deltaCoins = d equity / d index, coin collateral included, checked
//    against central differences of underlying_totals at index ratios 1 +- h.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "margin/account_risk.hpp"
#include "margin_test_support.hpp"

namespace marginkit {
namespace {

using test::kT27Dec;
using test::num;
using test::position;
using test::ref_black76;

AccountRisk risk_of(const Account& account, const MarketSnapshot& market, const RiskConfig& config = {}) {
  PreparedAccount prepared;
  const Status s = prepare_account(account, market, prepared);
  EXPECT_TRUE(s.ok()) << s.message << " (" << s.field << ")";
  return account_risk(prepared, config);
}

// Futures rates with the default schedule for a position of `coins` coins.
double im_rate(double coins) { return 0.02 + 0.005 * coins / 100.0; }
double mm_rate(double coins) { return 0.015 + 0.005 * coins / 100.0; }

// BTC: index 100,000, forward 101,000 for 27DEC26, flat vol 60 %, no rate.
// ETH: index 3,500, no forwards, rate 5 % (forward 3,500 e^(0.05 t)), flat vol 70 %.
MarketSnapshot base_market() {
  auto btc = test::underlying_market("BTC", 100000.0, 0.60);
  btc.forwards = {{test::kDec27_0800, 101000.0}};
  auto eth = test::underlying_market("ETH", 3500.0, 0.70, 0.05);
  return test::market_of({btc, eth});
}

struct Expected {
  double collateral, pnl, options, equity, im, mm;
};

void expect_totals(const AccountRisk& r, const Expected& e, const std::string& what, double tol = 1e-9) {
  auto near = [&](double got, double want, const char* field) {
    EXPECT_NEAR(got, want, tol * std::max(1.0, std::fabs(want)))
        << what << " " << field << ": got " << num(got) << " expected " << num(want);
  };
  near(r.collateral_usd, e.collateral, "collateral");
  near(r.unrealized_pnl_usd, e.pnl, "unrealized P&L");
  near(r.options_value_usd, e.options, "options value");
  near(r.equity_usd, e.equity, "equity");
  near(r.initial_margin_usd, e.im, "IM");
  near(r.maintenance_margin_usd, e.mm, "MM");
  near(r.available_margin_usd, e.equity - e.im, "available");
}

TEST(AccountRisk, LinearPerpetualWithUsdcCollateral) {
  // Long 2 BTC_USDC-PERPETUAL @ 95,000, mark = index = 100,000; USDC 5,000.
  Account account;
  account.collateral = {{"USDC", 5000.0}};
  account.positions = {position("BTC_USDC-PERPETUAL", 2.0, 95000.0)};
  const double pnl = 2.0 * (100000.0 - 95000.0);
  const double notional = 2.0 * 100000.0;
  const Expected e{5000.0, pnl, 0.0, 5000.0 + pnl, im_rate(2) * notional, mm_rate(2) * notional};
  const AccountRisk r = risk_of(account, base_market());
  expect_totals(r, e, test::describe(account));
  EXPECT_EQ(r.status, MarginStatus::healthy);
  EXPECT_NEAR(r.margin_ratio, e.mm / e.equity, 1e-12);
  EXPECT_NEAR(r.leverage, notional / e.equity, 1e-12);

  // A given mark overrides the index for P&L and notional.
  MarketSnapshot marked = base_market();
  marked.mark_prices["BTC_USDC-PERPETUAL"] = 100500.0;
  const double pnl2 = 2.0 * (100500.0 - 95000.0);
  const Expected e2{5000.0, pnl2, 0.0, 5000.0 + pnl2, im_rate(2) * 201000.0, mm_rate(2) * 201000.0};
  expect_totals(risk_of(account, marked), e2, "marked perp");
}

TEST(AccountRisk, InverseFutureValuedAtTheIndexWithBtcCollateral) {
  // Short 30,000 USD of BTC-27DEC26 @ 90,000; mark = the 27DEC26 forward 101,000; index 100,000;
  // BTC 0.5 collateral at the index.
  Account account;
  account.collateral = {{"BTC", 0.5}};
  account.positions = {position("BTC-27DEC26", -30000.0, 90000.0)};
  const double I = 100000.0, mark = 101000.0;
  const double pnl_coins = -30000.0 * (1.0 / 90000.0 - 1.0 / mark);
  const double coins = 30000.0 / mark;  // size in coins at the mark
  // Deribit states futures margin in coins: rate * |size| / mark, here valued at the index.
  const double im = im_rate(coins) * coins * I, mm = mm_rate(coins) * coins * I;
  const Expected e{0.5 * I, pnl_coins * I, 0.0, 0.5 * I + pnl_coins * I, im, mm};
  const AccountRisk r = risk_of(account, base_market());
  expect_totals(r, e, test::describe(account));
  EXPECT_EQ(r.status, MarginStatus::healthy);
  ASSERT_EQ(r.positions.size(), 1u);
  EXPECT_NEAR(r.positions[0].value.mark, mark, 1e-9);
}

TEST(AccountRisk, ShortLinearPutPerDeribitStandardMargin) {
  // Short 3 ETH_USDC-27DEC26-3500-P @ 150; ETH forward = 3,500 e^(0.05 t), t = 33/365.
  Account account;
  account.collateral = {{"USDC", 20000.0}};
  account.positions = {position("ETH_USDC-27DEC26-3500-P", -3.0, 150.0)};
  const double t = kT27Dec, F = 3500.0 * std::exp(0.05 * t), K = 3500.0;
  const double P = ref_black76(OptionType::put, F, K, t, 0.70, 0.05);
  const double otm = std::max(F - K, 0.0);
  const double mm1 = std::max(0.075 * F, 0.075 * P) + P;
  const double im1 = std::max(std::max(0.15 - otm / F, 0.10) * F + P, mm1);
  const Expected e{20000.0, 0.0, -3.0 * P, 20000.0 - 3.0 * P, 3.0 * im1, 3.0 * mm1};
  const AccountRisk r = risk_of(account, base_market());
  expect_totals(r, e, test::describe(account), 1e-9);
  ASSERT_EQ(r.positions.size(), 1u);
  EXPECT_NEAR(r.positions[0].value.mark, P, 1e-9 * P);
  EXPECT_NEAR(r.positions[0].value.unrealized_pnl_usd, -3.0 * (P - 150.0), 1e-8);
  EXPECT_EQ(r.status, MarginStatus::healthy);
}

TEST(AccountRisk, ShortLinearCallPerDeribitStandardMargin) {
  // Short 2 BTC_USDC-27DEC26-110000-C (OTM by 9,000 on the 101,000 forward) and short 1
  // BTC_USDC-27DEC26-95000-C (ITM): IM max(0.15 - OTM/F, 0.1) F + mark, MM 0.075 F + mark.
  Account account;
  account.collateral = {{"USDC", 100000.0}};
  account.positions = {position("BTC_USDC-27DEC26-110000-C", -2.0, 2000.0),
                       position("BTC_USDC-27DEC26-95000-C", -1.0, 9000.0)};
  const double t = kT27Dec, F = 101000.0;
  double value = 0, im = 0, mm = 0;
  for (auto [K, n] : {std::pair{110000.0, 2.0}, std::pair{95000.0, 1.0}}) {
    const double P = ref_black76(OptionType::call, F, K, t, 0.60, 0.0);
    const double otm = std::max(K - F, 0.0);
    value -= n * P;
    im += n * (std::max(0.15 - otm / F, 0.10) * F + P);
    mm += n * (0.075 * F + P);
  }
  const Expected e{100000.0, 0.0, value, 100000.0 + value, im, mm};
  expect_totals(risk_of(account, base_market()), e, test::describe(account));
}

TEST(AccountRisk, ShortInverseCallMarginInCoinsAtTheIndex) {
  // Short 1 BTC-27DEC26-110000-C; premium in coins = Black-76 USD / F; value at the index.
  Account account;
  account.collateral = {{"BTC", 1.0}, {"USDC", 1000.0}};
  account.positions = {position("BTC-27DEC26-110000-C", -1.0, 0.02)};
  const double t = kT27Dec, F = 101000.0, I = 100000.0, K = 110000.0;
  const double mark_coins = ref_black76(OptionType::call, F, K, t, 0.60, 0.0) / F;
  const double otm = K - F;
  const double im = (std::max(0.15 - otm / F, 0.10) + mark_coins) * I;
  const double mm = (0.075 + mark_coins) * I;
  const Expected e{I + 1000.0, 0.0, -mark_coins * I, I + 1000.0 - mark_coins * I, im, mm};
  const AccountRisk r = risk_of(account, base_market());
  expect_totals(r, e, test::describe(account));
  ASSERT_EQ(r.positions.size(), 1u);
  EXPECT_NEAR(r.positions[0].value.mark, mark_coins, 1e-12);
  EXPECT_NEAR(r.positions[0].value.unrealized_pnl_usd, -(mark_coins - 0.02) * I, 1e-7);
}

TEST(AccountRisk, MixedAccountIsTheSumOfItsParts) {
  Account account;
  account.collateral = {{"USDC", 20000.0}, {"BTC", 0.5}, {"ETH", 2.0}};
  account.positions = {position("BTC_USDC-PERPETUAL", 2.0, 95000.0), position("BTC-27DEC26", -30000.0, 90000.0),
                       position("ETH_USDC-27DEC26-3500-P", -3.0, 150.0)};
  const double I = 100000.0, mark = 101000.0, t = kT27Dec;
  const double F_eth = 3500.0 * std::exp(0.05 * t);
  const double P = ref_black76(OptionType::put, F_eth, 3500.0, t, 0.70, 0.05);
  const double mm_put = std::max(0.075 * F_eth, 0.075 * P) + P;
  const double im_put = std::max(std::max(0.15 - (F_eth - 3500.0) / F_eth, 0.10) * F_eth + P, mm_put);
  const double coins_fut = 30000.0 / mark;
  const double collateral = 20000.0 + 0.5 * I + 2.0 * 3500.0;
  const double pnl = 2.0 * 5000.0 + (-30000.0 * (1.0 / 90000.0 - 1.0 / mark)) * I;
  const double im = im_rate(2) * 2 * I + im_rate(coins_fut) * coins_fut * I + 3 * im_put;
  const double mm = mm_rate(2) * 2 * I + mm_rate(coins_fut) * coins_fut * I + 3 * mm_put;
  const Expected e{collateral, pnl, -3 * P, collateral + pnl - 3 * P, im, mm};
  const AccountRisk r = risk_of(account, base_market());
  expect_totals(r, e, test::describe(account));
  const double gross = 2 * I + coins_fut * I + 3 * F_eth;
  EXPECT_NEAR(r.leverage, gross / e.equity, 1e-12);
  EXPECT_NEAR(r.initial_margin_ratio, im / e.equity, 1e-12);
  // Underlying totals at ratio 1 plus stablecoins make the account.
  PreparedAccount prepared;
  const MarketSnapshot market_kept = base_market();  // outlives `prepared`, which points into it
  ASSERT_TRUE(prepare_account(account, market_kept, prepared).ok());
  const ScenarioTotals btc = underlying_totals(prepared, {}, "BTC", 1.0);
  const ScenarioTotals eth = underlying_totals(prepared, {}, "ETH", 1.0);
  EXPECT_NEAR(btc.equity + eth.equity + 20000.0, r.equity_usd, 1e-8);
  EXPECT_NEAR(btc.initial + eth.initial, r.initial_margin_usd, 1e-8);
  EXPECT_NEAR(btc.maintenance + eth.maintenance, r.maintenance_margin_usd, 1e-8);
}

TEST(AccountRisk, CollateralPricesDefaultAndOverride) {
  Account account;
  account.collateral = {{"USDC", 100.0}, {"USDT", 200.0}, {"USD", 300.0}, {"BTC", 0.01}, {"SOL", 10.0}};
  MarketSnapshot market = base_market();
  market.collateral_prices["SOL"] = 150.0;
  market.collateral_prices["USDT"] = 0.999;
  const AccountRisk r = risk_of(account, market);
  EXPECT_NEAR(r.collateral_usd, 100.0 + 200.0 * 0.999 + 300.0 + 0.01 * 100000.0 + 10.0 * 150.0, 1e-9);
  EXPECT_EQ(r.status, MarginStatus::healthy);
}

TEST(AccountRisk, IsolatedAvailableMarginValuesEachAssignedMarginAsItsBalance) {
  // 1 BTC counted at 90,000 (a haircut under the index, 100,000) and 1,000 USDT at 0.999, all
  // of each assigned: nothing is available. Margins valued at the index and at 1 left -10,000
  // and -1 "available" on a book that assigns no more than it holds.
  Account account;
  account.mode = MarginMode::isolated;
  account.collateral = {{"BTC", 1.0}, {"USDT", 1000.0}};
  account.positions = {position("BTC-PERPETUAL", 10000.0, 100000.0, 1.0),
                       position("BTC_USDT-PERPETUAL", 0.1, 100000.0, 1000.0)};
  MarketSnapshot market = base_market();
  market.collateral_prices["BTC"] = 90000.0;
  market.collateral_prices["USDT"] = 0.999;
  const AccountRisk r = risk_of(account, market);
  EXPECT_EQ(r.available_margin_usd, 0.0);
  // Half of each free: half of each balance's worth.
  account.positions = {position("BTC-PERPETUAL", 10000.0, 100000.0, 0.5),
                       position("BTC_USDT-PERPETUAL", 0.1, 100000.0, 500.0)};
  EXPECT_NEAR(risk_of(account, market).available_margin_usd, 0.5 * 90000.0 + 500.0 * 0.999, 1e-9);
  // Assigned from a balance the account does not hold: at that asset's price all the same.
  account.collateral = {{"USDC", 100000.0}};
  EXPECT_NEAR(risk_of(account, market).available_margin_usd, 100000.0 - 0.5 * 90000.0 - 500.0 * 0.999, 1e-9);
}

struct StatusCase {
  double usdc;
  double warning_ratio;
  MarginStatus expected;
};

TEST(AccountRisk, StatusAtTheDocumentedThresholds) {
  // One linear perp, long 1 @ 1,024 with the index at 1,024 (no P&L), and a schedule with
  // exact binary rates: IM 5/128 -> 40 USD, MM 1/32 -> 32 USD. Equity = the USDC balance.
  //   liquidation: equity <= 32; margin_call: equity < 40; warning: 32 / equity >= ratio.
  Account account;
  account.positions = {position("BTC_USDC-PERPETUAL", 1.0, 1024.0)};
  const MarketSnapshot market = test::market_of({test::underlying_market("BTC", 1024.0)});
  const StatusCase cases[] = {
      {1000.0, 0.8, MarginStatus::healthy},
      {40.5, 0.8, MarginStatus::healthy},     // 32 / 40.5 = 0.79
      {40.0, 0.8, MarginStatus::warning},     // 32 / 40 = 0.8 exactly; equity = IM is not < IM
      {39.5, 0.8, MarginStatus::margin_call},
      {32.5, 0.8, MarginStatus::margin_call},
      {32.0, 0.8, MarginStatus::liquidation},  // equity = MM
      {31.5, 0.8, MarginStatus::liquidation},
      {0.0, 0.8, MarginStatus::liquidation},
      {-5.0, 0.8, MarginStatus::liquidation},
      {64.0, 0.5, MarginStatus::warning},     // 32 / 64 = 0.5
      {64.5, 0.5, MarginStatus::healthy},
      {40.0, 0.81, MarginStatus::healthy},
  };
  for (const auto& c : cases) {
    account.collateral = {{"USDC", c.usdc}};
    RiskConfig config;
    config.schedule.futures.initial_rate = 5.0 / 128.0;
    config.schedule.futures.maintenance_rate = 1.0 / 32.0;
    config.schedule.futures.rate_step = 0.0;
    config.warning_ratio = c.warning_ratio;
    const AccountRisk r = risk_of(account, market, config);
    EXPECT_EQ(r.initial_margin_usd, 40.0);
    EXPECT_EQ(r.maintenance_margin_usd, 32.0);
    EXPECT_EQ(r.status, c.expected) << "USDC " << num(c.usdc) << " warning ratio " << c.warning_ratio;
    ASSERT_EQ(r.positions.size(), 1u);
    EXPECT_EQ(r.positions[0].status, c.expected) << "cross: every position has the account's status";
  }
}

TEST(AccountRisk, EmptyAccounts) {
  Account account;
  EXPECT_EQ(risk_of(account, base_market()).status, MarginStatus::healthy);
  account.collateral = {{"USDC", 10.0}};
  EXPECT_EQ(risk_of(account, base_market()).status, MarginStatus::healthy);
  account.collateral = {{"USDC", -10.0}};  // a debt and nothing else: equity < 0 <= MM
  EXPECT_EQ(risk_of(account, base_market()).status, MarginStatus::liquidation);
}

TEST(AccountRisk, IsolatedModeRequiresIsolatedMargin) {
  Account account;
  account.mode = MarginMode::isolated;
  account.collateral = {{"USDC", 1000.0}};
  account.positions = {position("BTC_USDC-PERPETUAL", 1.0, 100000.0, 5000.0),
                       position("ETH_USDC-PERPETUAL", 1.0, 3500.0)};
  PreparedAccount prepared;
  const Status s = prepare_account(account, base_market(), prepared);
  EXPECT_EQ(s.code, ErrorCode::MISSING_ISOLATED_MARGIN);
  EXPECT_EQ(s.field, "account.positions[1].isolatedMargin");
  // Cross mode does not need it.
  account.mode = MarginMode::cross;
  EXPECT_TRUE(prepare_account(account, base_market(), prepared).ok());
}

TEST(AccountRisk, IsolatedStatusIsTheWorstPosition) {
  // Linear perp long 1 @ 100,000 with 5,000 USDC of margin: equity 5,000 vs IM 2,005, MM 1,505.
  // Inverse perp long 10,000 USD @ 125,000 with 0.01 BTC: P&L coins 10,000 (1/125,000 -
  // 1/100,000) = -0.02 -> isolated equity (0.01 - 0.02) * 100,000 = -1,000: liquidation.
  Account account;
  account.mode = MarginMode::isolated;
  account.collateral = {{"USDC", 10000.0}, {"BTC", 0.1}};
  account.positions = {position("BTC_USDC-PERPETUAL", 1.0, 100000.0, 5000.0),
                       position("BTC-PERPETUAL", 10000.0, 125000.0, 0.01)};
  const AccountRisk r = risk_of(account, base_market());
  ASSERT_EQ(r.positions.size(), 2u);
  EXPECT_NEAR(r.positions[0].isolated_equity_usd, 5000.0, 1e-9);
  EXPECT_EQ(r.positions[0].status, MarginStatus::healthy);
  EXPECT_NEAR(r.positions[1].isolated_equity_usd, (0.01 + 10000.0 * (1.0 / 125000.0 - 1.0 / 100000.0)) * 100000.0,
              1e-9);
  EXPECT_EQ(r.positions[1].status, MarginStatus::liquidation);
  EXPECT_EQ(r.status, MarginStatus::liquidation);

  // Each position judged on its own margin: linear perp long 1 @ 100,000 (IM 2,005, MM 1,505)
  // with 1,800 is a margin call however much collateral the account holds; with 2,010 it is
  // healthy (1,505 / 2,010 = 0.749), or a warning with warningRatio 0.7.
  account.positions = {position("BTC_USDC-PERPETUAL", 1.0, 100000.0, 1800.0)};
  account.collateral = {{"USDC", 1e6}};
  EXPECT_EQ(risk_of(account, base_market()).status, MarginStatus::margin_call);
  account.positions = {position("BTC_USDC-PERPETUAL", 1.0, 100000.0, 2010.0)};  // 1505/2010 = 0.749
  EXPECT_EQ(risk_of(account, base_market()).status, MarginStatus::healthy);
  RiskConfig tight;
  tight.warning_ratio = 0.7;
  EXPECT_EQ(risk_of(account, base_market(), tight).status, MarginStatus::warning);
}

// --- Greeks per underlying: deltaCoins = d equity / d index (collateral included) -----------

struct GreeksCase {
  const char* what;
  Account account;
  MarketSnapshot market;
};

double fd_delta(const PreparedAccount& prepared, const std::string& u, double index) {
  // Central difference with one Richardson step in the index itself (test_support.hpp).
  auto equity_at = [&](double S) { return underlying_totals(prepared, {}, u, S / index).equity; };
  return test::fd_first(equity_at, index, 1e-3 * index);
}

std::vector<GreeksCase> greeks_cases() {
  std::vector<GreeksCase> cases;
  auto acct = [](std::vector<CollateralBalance> c, std::vector<Position> p) {
    Account a;
    a.collateral = std::move(c);
    a.positions = std::move(p);
    return a;
  };
  cases.push_back({"BTC collateral only", acct({{"BTC", 1.5}, {"USDC", 10.0}}, {}), base_market()});
  cases.push_back({"linear perp", acct({{"USDC", 1e5}}, {position("BTC_USDC-PERPETUAL", 2.0, 95000.0)}), base_market()});
  {
    MarketSnapshot m = base_market();
    m.mark_prices["BTC_USDC-PERPETUAL"] = 100700.0;  // a perp trading above its index
    cases.push_back({"linear perp with a mark", acct({{"USDC", 1e5}}, {position("BTC_USDC-PERPETUAL", -3.0, 95000.0)}), m});
  }
  cases.push_back({"inverse future + BTC", acct({{"BTC", 0.5}}, {position("BTC-27DEC26", -30000.0, 90000.0)}), base_market()});
  cases.push_back({"inverse perp + BTC", acct({{"BTC", 0.5}}, {position("BTC-PERPETUAL", 80000.0, 99000.0)}), base_market()});
  cases.push_back({"linear puts (ETH, rate 5 %)", acct({{"USDC", 2e4}, {"ETH", 3.0}}, {position("ETH_USDC-27DEC26-3500-P", -3.0, 150.0), position("ETH_USDC-27DEC26-3000-P", 5.0, 20.0)}), base_market()});
  cases.push_back({"inverse straddle + BTC", acct({{"BTC", 2.0}}, {position("BTC-27DEC26-100000-C", -1.0, 0.05), position("BTC-27DEC26-100000-P", -1.0, 0.05), position("BTC-27DEC26-120000-C", 2.0, 0.01)}), base_market()});
  {
    MarketSnapshot m = base_market();
    m.mark_prices["BTC-27DEC26-90000-P"] = 0.012;  // vol implied from a given mark
    cases.push_back({"inverse put with a mark", acct({{"USDC", 5e4}}, {position("BTC-27DEC26-90000-P", -4.0, 0.01)}), m});
  }
  cases.push_back({"everything", acct({{"USDC", 2e4}, {"BTC", 0.5}, {"ETH", 2.0}}, {position("BTC_USDC-PERPETUAL", 2.0, 95000.0), position("BTC-27DEC26", -30000.0, 90000.0), position("BTC-27DEC26-110000-C", -1.0, 0.02), position("BTC_USDC-27DEC26-95000-P", 1.0, 3000.0), position("ETH_USDC-27DEC26-3500-P", -3.0, 150.0), position("ETH-PERPETUAL", -7000.0, 3400.0)}), base_market()});
  return cases;
}

TEST(AccountRisk, DeltaCoinsIsTheDerivativeOfEquityInTheIndex) {
  std::size_t checked = 0;
  for (const auto& c : greeks_cases()) {
    PreparedAccount prepared;
    ASSERT_TRUE(prepare_account(c.account, c.market, prepared).ok()) << c.what;
    const AccountRisk r = account_risk(prepared, {});
    // One entry per underlying the account is exposed to: its positions' and its coin collateral's.
    std::set<std::string> exposed;
    for (const auto& p : c.account.positions) exposed.insert(p.instrument.underlying);
    for (const auto& b : c.account.collateral) {
      if (c.market.underlyings.count(b.asset)) exposed.insert(b.asset);
    }
    ASSERT_FALSE(exposed.empty()) << c.what;
    EXPECT_EQ(r.greeks.size(), exposed.size()) << c.what;
    checked += r.greeks.size();
    for (const auto& g : r.greeks) {
      const double index = c.market.underlyings.at(g.underlying).index_price;
      const double fd = fd_delta(prepared, g.underlying, index);
      EXPECT_NEAR(g.delta_coins, fd, 1e-6 * std::max(1.0, std::fabs(fd)))
          << c.what << " [" << g.underlying << "] " << test::describe(c.account) << " delta "
          << num(g.delta_coins) << " fd " << num(fd);
      EXPECT_NEAR(g.delta_usd, g.delta_coins * index, 1e-9 * std::max(1.0, std::fabs(g.delta_usd)));
      EXPECT_EQ(g.index, index);
    }
  }
  EXPECT_GE(checked, greeks_cases().size());
}

TEST(AccountRisk, DeltaCoinsOfCollateralIsItsAmount) {
  // By hand: 1.5 BTC of collateral is 1.5 coins of BTC exposure; USDC none.
  Account account;
  account.collateral = {{"BTC", 1.5}, {"USDC", 10.0}};
  const AccountRisk r = risk_of(account, base_market());
  ASSERT_EQ(r.greeks.size(), 1u);
  EXPECT_EQ(r.greeks[0].underlying, "BTC");
  EXPECT_DOUBLE_EQ(r.greeks[0].delta_coins, 1.5);
  // A linear perp long 2 is 2 coins; an inverse perp long 80,000 USD @ 99,000 is 80,000 / 99,000.
  account.collateral = {{"USDC", 1e6}};
  account.positions = {position("BTC_USDC-PERPETUAL", 2.0, 95000.0), position("BTC-PERPETUAL", 80000.0, 99000.0)};
  const AccountRisk r2 = risk_of(account, base_market());
  ASSERT_EQ(r2.greeks.size(), 1u);
  EXPECT_NEAR(r2.greeks[0].delta_coins, 2.0 + 80000.0 / 99000.0, 1e-12);
}

TEST(AccountRisk, DeltaCoinsWithASmileIsTheDerivativeOfEquity) {
  // The engine revalues options along the index with vols by sticky moneyness (the smile read
  // at K / r), so d equity / d index includes the smile's slope. A skewed smile on BTC 27DEC26.
  MarketSnapshot market = base_market();
  auto& vols = market.underlyings.at("BTC").vols;
  vols.flat_vol = 0.0;
  vols.smile = {{test::kDec27_0800, 80000.0, 0.80}, {test::kDec27_0800, 100000.0, 0.60},
                {test::kDec27_0800, 120000.0, 0.55}};
  Account account;
  account.collateral = {{"USDC", 1e5}};
  account.positions = {position("BTC_USDC-27DEC26-90000-P", -5.0, 1500.0)};
  PreparedAccount prepared;
  ASSERT_TRUE(prepare_account(account, market, prepared).ok());
  const AccountRisk r = account_risk(prepared, {});
  ASSERT_EQ(r.greeks.size(), 1u);
  const double fd = fd_delta(prepared, "BTC", 100000.0);
  EXPECT_NEAR(r.greeks[0].delta_coins, fd, 1e-6 * std::max(1.0, std::fabs(fd)))
      << "reported delta " << num(r.greeks[0].delta_coins) << ", d equity / d index " << num(fd);
}

}  // namespace
}  // namespace marginkit
