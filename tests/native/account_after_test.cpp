// A preview's accountAfter (config or options accountAfter: true; io/json_output.cpp writes it):
//  - it is the account after the orders fill, in the input shape, against figures worked out by
//    hand from the documented fill rules (preview/orders.hpp): premiums paid and credited,
//    realised P&L, an average entry (by coins for linear perpetuals, harmonic for inverse ones),
//    a flip opening at the fill price, a closed position left out, isolated margins released
//    and added (an order's leverage: notional / leverage; its isolatedMargin as given);
//  - read back by the account reader and valued by account_risk_json, it gives the preview's
//    `after` exactly (the same JSON), in cross and isolated mode;
//  - asked for or not, the rest of the preview is the same, and no accountAfter is written when
//    it is not asked for; prepared_preview_json with the option gives preview_json's text;
//  - a figure beyond an input's limits withholds the preview with the reader's error at its
//    accountAfter path, while the same preview without accountAfter succeeds.
#define JSON_NOEXCEPTION
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "io/json_api.hpp"

namespace marginkit {
namespace {

using nlohmann::json;

const std::string kMarket =
    R"({"time":"2026-11-24T08:00:00Z","underlyings":{"BTC":{"index":100000,"vol":0.6},"ETH":{"index":3000,"vol":0.7}}})";
const std::string kNoLevels = R"({"liquidationLevels":false})";
const std::string kWithAfter = R"({"liquidationLevels":false,"accountAfter":true})";

// Cross: a short inverse call, a long linear perpetual, USDC and BTC.
const std::string kCross =
    R"({"collateral":{"USDC":10000,"BTC":0.5},"positions":[)"
    R"({"instrument":"BTC-27DEC26-100000-C","size":-1,"entryPrice":0.05},)"
    R"({"instrument":"BTC_USDC-PERPETUAL","size":0.5,"entryPrice":96000}]})";
const std::string kCrossOrders =
    R"([{"instrument":"BTC-27DEC26-100000-C","side":"buy","size":3,"price":0.04},)"
    R"({"instrument":"BTC_USDC-PERPETUAL","side":"sell","size":0.5,"price":99000},)"
    R"({"instrument":"BTC_USDC-27DEC26-90000-P","side":"sell","size":2,"price":1500}])";

// Isolated: linear and inverse perpetuals, each on its own margin.
const std::string kIsolated =
    R"({"mode":"isolated","collateral":{"USDC":50000,"BTC":1},"positions":[)"
    R"({"instrument":"BTC_USDC-PERPETUAL","size":1,"entryPrice":90000,"isolatedMargin":5000},)"
    R"({"instrument":"BTC-PERPETUAL","size":10000,"entryPrice":100000,"isolatedMargin":0.01},)"
    R"({"instrument":"ETH_USDC-PERPETUAL","size":-2,"entryPrice":3000,"isolatedMargin":600}]})";
const std::string kIsolatedOrders =
    R"([{"instrument":"BTC_USDC-PERPETUAL","side":"buy","size":1,"price":100000,"leverage":10},)"
    R"({"instrument":"BTC-PERPETUAL","side":"buy","size":10000,"price":50000,"isolatedMargin":0.02},)"
    R"({"instrument":"ETH_USDC-PERPETUAL","side":"buy","size":3,"price":3100,"isolatedMargin":400}])";

json preview(const std::string& account, const std::string& orders, const std::string& config) {
  std::string out;
  const Status s = preview_json(account, kMarket, orders, config, out);
  EXPECT_TRUE(s.ok()) << s.field << ": " << s.message;
  return json::parse(out, nullptr, false);
}

double number(const json& value) { return value.is_number() ? value.get<double>() : -1.0; }

// `after` of a preview against the account it returns, read back and valued afresh.
void expect_reproduces(const json& p) {
  std::string risk;
  const Status s = account_risk_json(p["accountAfter"].dump(), kMarket, kNoLevels, risk);
  ASSERT_TRUE(s.ok()) << s.field << ": " << s.message;
  json valued = json::parse(risk, nullptr, false);
  valued.erase("liquidation");  // levels are not part of `after`
  EXPECT_EQ(valued, p["after"]);
}

TEST(AccountAfter, CrossFillsAsTheRulesSay) {
  const json p = preview(kCross, kCrossOrders, kWithAfter);
  const json& a = p["accountAfter"];
  EXPECT_EQ(a["mode"], "cross");
  // BTC: 0.5 - 3 x 0.04 paid for the calls. USDC: 10,000 + 0.5 x (99,000 - 96,000) realised
  // + 2 x 1,500 credited for the puts.
  ASSERT_EQ(a["collateral"].size(), 2u);
  EXPECT_DOUBLE_EQ(number(a["collateral"]["BTC"]), 0.5 - 0.12);
  EXPECT_DOUBLE_EQ(number(a["collateral"]["USDC"]), 14500.0);
  // The short call flipped to a long of 2 opened at 0.04; the perpetual closed (absent); the
  // puts are new, last. No isolatedMargin outside isolated mode.
  const json expected = json::parse(R"([
    {"instrument":"BTC-27DEC26-100000-C","size":2,"entryPrice":0.04},
    {"instrument":"BTC_USDC-27DEC26-90000-P","size":-2,"entryPrice":1500}])");
  EXPECT_EQ(a["positions"], expected);
  expect_reproduces(p);
}

TEST(AccountAfter, IsolatedFillsAsTheRulesSay) {
  const json p = preview(kIsolated, kIsolatedOrders, kWithAfter);
  const json& a = p["accountAfter"];
  EXPECT_EQ(a["mode"], "isolated");
  // USDC: 50,000 - 2 x (3,100 - 3,000) realised by the short ETH closed at 3,100.
  EXPECT_DOUBLE_EQ(number(a["collateral"]["USDC"]), 49800.0);
  EXPECT_DOUBLE_EQ(number(a["collateral"]["BTC"]), 1.0);
  const json& rows = a["positions"];
  ASSERT_EQ(rows.size(), 3u);
  // Linear: 1 at 90,000 + 1 at 100,000 -> 2 at 95,000; margin 5,000 + 100,000 / 10.
  EXPECT_EQ(rows[0]["instrument"], "BTC_USDC-PERPETUAL");
  EXPECT_DOUBLE_EQ(number(rows[0]["size"]), 2.0);
  EXPECT_DOUBLE_EQ(number(rows[0]["entryPrice"]), 95000.0);
  EXPECT_DOUBLE_EQ(number(rows[0]["isolatedMargin"]), 15000.0);
  // Inverse: 10,000 USD at 100,000 (0.1 BTC) + 10,000 USD at 50,000 (0.2 BTC) -> 20,000 USD for
  // 0.3 BTC, entry 66,666.67; margin 0.01 + 0.02 BTC.
  EXPECT_EQ(rows[1]["instrument"], "BTC-PERPETUAL");
  EXPECT_DOUBLE_EQ(number(rows[1]["size"]), 20000.0);
  EXPECT_DOUBLE_EQ(number(rows[1]["entryPrice"]), 20000.0 / 0.3);
  EXPECT_DOUBLE_EQ(number(rows[1]["isolatedMargin"]), 0.03);
  // Flipped from -2 to +1: the short's margin released whole, the long opened at 3,100 with the
  // order's 400.
  EXPECT_EQ(rows[2]["instrument"], "ETH_USDC-PERPETUAL");
  EXPECT_DOUBLE_EQ(number(rows[2]["size"]), 1.0);
  EXPECT_DOUBLE_EQ(number(rows[2]["entryPrice"]), 3100.0);
  EXPECT_DOUBLE_EQ(number(rows[2]["isolatedMargin"]), 400.0);
  expect_reproduces(p);
}

// An asset the orders bring in takes its place among the balances by name, as the reader orders
// them, so the balances add up in the same order both ways: exactly, even where they cancel
// (appended last, BTC's premium made collateralUsd 8086.0288 against 8086 read back).
TEST(AccountAfter, AnAssetBroughtInAddsUpInTheReadersOrder) {
  const std::string account = R"({"collateral":{"ETH":1e11,"USDC":-359999999999999.7}})";
  const json p = preview(account, R"({"instrument":"BTC-27DEC26-110000-C","side":"buy","size":3})", kWithAfter);
  const json& collateral = p["accountAfter"]["collateral"];
  ASSERT_EQ(collateral.size(), 3u);
  EXPECT_LT(number(collateral["BTC"]), 0.0);  // the premium paid, in BTC
  std::string after_text;
  const json& a = p["accountAfter"];
  ASSERT_TRUE(account_risk_json(a.dump(), kMarket, kNoLevels, after_text).ok());
  json valued = json::parse(after_text, nullptr, false);
  valued.erase("liquidation");
  EXPECT_EQ(valued, p["after"]);
  // In the writer's order too: the account's text lists BTC first.
  std::string text;
  ASSERT_TRUE(preview_json(account, kMarket, R"({"instrument":"BTC-27DEC26-110000-C","side":"buy","size":3})",
                           kWithAfter, text).ok());
  EXPECT_LT(text.find(R"("BTC":)", text.find("accountAfter")), text.find(R"("ETH":)", text.find("accountAfter")));
}

TEST(AccountAfter, OnlyWhenAskedAndTheRestUnchanged) {
  for (const auto& [account, orders] : {std::pair{kCross, kCrossOrders}, std::pair{kIsolated, kIsolatedOrders}}) {
    std::string without;
    ASSERT_TRUE(preview_json(account, kMarket, orders, kNoLevels, without).ok());
    EXPECT_EQ(without.find("accountAfter"), std::string::npos);
    json with = preview(account, orders, kWithAfter);
    with.erase("accountAfter");
    EXPECT_EQ(with, json::parse(without));
    // The prepared account's door, with the option in its preview options, writes the same text.
    std::unique_ptr<PreparedAccountPreview> prepared;
    ASSERT_TRUE(prepare_json(account, kMarket, kNoLevels, prepared).ok());
    std::string one_shot, again;
    ASSERT_TRUE(preview_json(account, kMarket, orders, kWithAfter, one_shot).ok());
    ASSERT_TRUE(prepared_preview_json(*prepared, orders, R"({"accountAfter":true})", again).ok());
    EXPECT_EQ(again, one_shot);
  }
}

TEST(AccountAfter, BeyondAnInputsLimitsThePreviewIsWithheld) {
  struct Row {
    const char* what;
    std::string account, orders;
    ErrorCode code;
    const char* field;
  };
  const std::string usdc = R"({"collateral":{"USDC":10000}})";
  const Row rows[] = {
      {"a spot buy of 1e16 USDC", usdc, R"({"instrument":"BTC_USDC","side":"buy","size":10,"price":1e15})",
       ErrorCode::OUT_OF_RANGE, "accountAfter.collateral.USDC"},
      {"a size past 1e15", R"({"collateral":{"BTC":1},"positions":[{"instrument":"BTC-PERPETUAL","size":1e15,"entryPrice":100000}]})",
       R"({"instrument":"BTC-PERPETUAL","side":"buy","size":1e15})", ErrorCode::OUT_OF_RANGE,
       "accountAfter.positions[0].size"},
      // A call struck at 20x the index fills at a mark far below 1e-12 BTC.
      {"an entry price below 1e-12", usdc, R"({"instrument":"BTC-27DEC26-2000000-C","side":"buy","size":1})",
       ErrorCode::OUT_OF_RANGE, "accountAfter.positions[0].entryPrice"},
  };
  for (const Row& r : rows) {
    std::string out;
    const Status s = preview_json(r.account, kMarket, r.orders, kWithAfter, out);
    EXPECT_EQ(s.code, r.code) << r.what << ": " << s.message;
    EXPECT_EQ(s.field, r.field) << r.what;
    EXPECT_NE(s.message.find("the account after the orders"), std::string::npos) << r.what << ": " << s.message;
    EXPECT_TRUE(preview_json(r.account, kMarket, r.orders, kNoLevels, out).ok()) << r.what;
  }
}

}  // namespace
}  // namespace marginkit
