// Bad input through the JSON doors (src/io/json_api.*, json_input.*): every row gives the
// documented ErrorCode AND the JSON path of the offending field, as web/marginkit.d.ts
// promises ("field the JSON path (e.g. 'account.positions[3].size')", "order fields as
// 'orders[i].size'"). Shapes: AccountInput, MarketInput, OrderInput, MarginConfig.
// Each row changes one thing in a valid request.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "common/checks.hpp"
#include "io/json_api.hpp"
#include "io/json_output.hpp"
#include "test_support.hpp"

namespace marginkit {
namespace {

// A valid request: a short inverse call on USDC, BTC market with a flat vol, a small perp buy.
const std::string kAccount =
    R"({"collateral":{"USDC":10000},"positions":[{"instrument":"BTC-27DEC26-100000-C","size":-1,"entryPrice":0.05}]})";
const std::string kMarket = R"({"time":"2026-11-24T08:00:00Z","underlyings":{"BTC":{"index":100000,"vol":0.6}}})";
const std::string kOrders = R"({"instrument":"BTC_USDC-PERPETUAL","side":"buy","size":0.1})";
const std::string kConfig = R"({"sizeIncrement":0.01})";

// Account with the given position list (JSON array text) and collateral.
std::string account_with(const std::string& positions, const std::string& extra = "") {
  return R"({"collateral":{"USDC":10000},"positions":)" + positions + extra + "}";
}
std::string market_with(const std::string& underlyings, const std::string& extra = "") {
  return R"({"time":"2026-11-24T08:00:00Z","underlyings":)" + underlyings + extra + "}";
}

TEST(JsonInput, TheValidRequestIsAccepted) {
  std::string out;
  Status s = account_risk_json(kAccount, kMarket, "", out);
  EXPECT_TRUE(s.ok()) << s.message;
  s = preview_json(kAccount, kMarket, kOrders, kConfig, out);
  EXPECT_TRUE(s.ok()) << s.message;
  // Defaults: no config at all, "null", an empty object.
  for (const char* config : {"", "null", "{}"}) {
    EXPECT_TRUE(account_risk_json(kAccount, kMarket, config, out).ok()) << config;
  }
}

struct Row {
  const char* what;
  std::string account, market, orders, config;
  ErrorCode code;
  std::string field;
};

// Rows go through preview_json and, unless they are about orders, account_risk_json too.
std::vector<Row> rows() {
  const std::string A = kAccount, M = kMarket, O = kOrders, C = kConfig;
  const std::string call = R"("instrument":"BTC-27DEC26-100000-C")";
  std::vector<Row> r;
  // Malformed JSON, per document.
  r.push_back({"malformed account", "{", M, O, C, ErrorCode::INVALID_JSON, "account"});
  r.push_back({"account with a trailing comma", R"({"collateral":{"USDC":1},})", M, O, C, ErrorCode::INVALID_JSON, "account"});
  r.push_back({"empty account text", "", M, O, C, ErrorCode::INVALID_JSON, "account"});
  r.push_back({"malformed market", A, R"({"time":)", O, C, ErrorCode::INVALID_JSON, "market"});
  r.push_back({"NaN is not JSON", A, market_with(R"({"BTC":{"index":NaN,"vol":0.6}})"), O, C, ErrorCode::INVALID_JSON, "market"});
  r.push_back({"1e400 overflows", A, market_with(R"({"BTC":{"index":1e400,"vol":0.6}})"), O, C, ErrorCode::INVALID_JSON, "market"});
  r.push_back({"malformed orders", A, M, "[{", C, ErrorCode::INVALID_JSON, "orders"});
  r.push_back({"malformed config", A, M, O, "{x", ErrorCode::INVALID_JSON, "config"});
  // Wrong top-level types.
  r.push_back({"account is an array", "[]", M, O, C, ErrorCode::INVALID_TYPE, "account"});
  r.push_back({"market is a number", A, "42", O, C, ErrorCode::INVALID_TYPE, "market"});
  r.push_back({"orders is a string", A, M, R"("buy")", C, ErrorCode::INVALID_TYPE, "orders"});
  r.push_back({"positions is an object", R"({"positions":{}})", M, O, C, ErrorCode::INVALID_TYPE, "account.positions"});
  r.push_back({"collateral is an array", R"({"collateral":[1]})", M, O, C, ErrorCode::INVALID_TYPE, "account.collateral"});
  // Unknown instruments.
  r.push_back({"unknown option type in a name",
               account_with(R"([{"instrument":"BTC-27DEC26-100000-X","size":-1,"entryPrice":0.05}])"), M, O, C,
               ErrorCode::INVALID_INSTRUMENT, "account.positions[0].instrument"});
  r.push_back({"unknown quote currency", account_with(R"([{"instrument":"BTC_EUR-PERPETUAL","size":1,"entryPrice":1}])"),
               M, O, C, ErrorCode::INVALID_INSTRUMENT, "account.positions[0].instrument"});
  r.push_back({"third position malformed",
               account_with(R"([{"instrument":"BTC-PERPETUAL","size":10,"entryPrice":1},{"instrument":"BTC-27DEC26","size":10,"entryPrice":1},{"instrument":"btc-27DEC26","size":1,"entryPrice":1}])"),
               M, O, C, ErrorCode::INVALID_INSTRUMENT, "account.positions[2].instrument"});
  r.push_back({"spot in positions", account_with(R"([{"instrument":"BTC_USDC","size":1,"entryPrice":1}])"), M, O, C,
               ErrorCode::INVALID_INSTRUMENT, "account.positions[0].instrument"});
  r.push_back({"unknown instrument in an order", A, M, R"({"instrument":"BTC-31FEB27","side":"buy","size":10})", C,
               ErrorCode::INVALID_INSTRUMENT, "orders[0].instrument"});
  r.push_back({"second order unknown", A, M,
               R"([{"instrument":"BTC-PERPETUAL","side":"buy","size":10},{"instrument":"BTC-PERP","side":"buy","size":10}])", C,
               ErrorCode::INVALID_INSTRUMENT, "orders[1].instrument"});
  r.push_back({"instrument fields: unknown kind",
               account_with(R"([{"instrument":{"kind":"swap","underlying":"BTC"},"size":1,"entryPrice":1}])"), M, O, C,
               ErrorCode::INVALID_ENUM, "account.positions[0].instrument.kind"});
  r.push_back({"instrument fields: unknown option type",
               account_with(R"([{"instrument":{"kind":"option","underlying":"BTC","expiry":"27DEC26","type":"straddle","strike":1e5},"size":1,"entryPrice":0.1}])"),
               M, O, C, ErrorCode::INVALID_ENUM, "account.positions[0].instrument.type"});
  r.push_back({"instrument fields: unknown settlement",
               account_with(R"([{"instrument":{"kind":"perpetual","underlying":"BTC","settlement":"quanto"},"size":1,"entryPrice":1}])"),
               M, O, C, ErrorCode::INVALID_ENUM, "account.positions[0].instrument.settlement"});
  r.push_back({"instrument fields: option without strike",
               account_with(R"([{"instrument":{"kind":"option","underlying":"BTC","expiry":"27DEC26","type":"call"},"size":1,"entryPrice":0.1}])"),
               M, O, C, ErrorCode::MISSING_FIELD, "account.positions[0].instrument.strike"});
  r.push_back({"instrument fields: future without expiry",
               account_with(R"([{"instrument":{"kind":"future","underlying":"BTC"},"size":1,"entryPrice":1}])"), M, O, C,
               ErrorCode::MISSING_FIELD, "account.positions[0].instrument.expiry"});
  r.push_back({"instrument fields: negative strike",
               account_with(R"([{"instrument":{"kind":"option","underlying":"BTC","expiry":"27DEC26","type":"call","strike":-5},"size":1,"entryPrice":0.1}])"),
               M, O, C, ErrorCode::NON_POSITIVE, "account.positions[0].instrument.strike"});
  // Expired instruments: expiry at or before market.time.
  r.push_back({"option expiring at the valuation time", A, R"({"time":"2026-12-27T08:00:00Z","underlyings":{"BTC":{"index":100000,"vol":0.6}}})",
               O, C, ErrorCode::INSTRUMENT_EXPIRED, "account.positions[0].instrument"});
  r.push_back({"option expired before the valuation time", A,
               R"({"time":"2027-01-02","underlyings":{"BTC":{"index":100000,"vol":0.6}}})", O, C,
               ErrorCode::INSTRUMENT_EXPIRED, "account.positions[0].instrument"});
  r.push_back({"expired future in an order", R"({"collateral":{"USDC":10000}})",
               R"({"time":"2027-01-02","underlyings":{"BTC":{"index":100000}}})",
               R"({"instrument":"BTC-27DEC26","side":"sell","size":100})", C, ErrorCode::INSTRUMENT_EXPIRED,
               "orders[0].instrument"});
  // Numbers: sign, type, limits.
  r.push_back({"entryPrice -1", account_with("[{" + call + R"(,"size":-1,"entryPrice":-1}])"), M, O, C,
               ErrorCode::NON_POSITIVE, "account.positions[0].entryPrice"});
  r.push_back({"entryPrice 0", account_with("[{" + call + R"(,"size":-1,"entryPrice":0}])"), M, O, C,
               ErrorCode::NON_POSITIVE, "account.positions[0].entryPrice"});
  r.push_back({"size as a string", account_with("[{" + call + R"(,"size":"-1","entryPrice":0.05}])"), M, O, C,
               ErrorCode::INVALID_TYPE, "account.positions[0].size"});
  r.push_back({"entryPrice as a string", account_with("[{" + call + R"(,"size":-1,"entryPrice":"0.05"}])"), M, O, C,
               ErrorCode::INVALID_TYPE, "account.positions[0].entryPrice"});
  r.push_back({"size as a boolean", account_with("[{" + call + R"(,"size":true,"entryPrice":0.05}])"), M, O, C,
               ErrorCode::INVALID_TYPE, "account.positions[0].size"});
  r.push_back({"size beyond 1e15", account_with("[{" + call + R"(,"size":-1e16,"entryPrice":0.05}])"), M, O, C,
               ErrorCode::OUT_OF_RANGE, "account.positions[0].size"});
  r.push_back({"collateral as a string", R"({"collateral":{"USDC":"100"}})", M, O, C, ErrorCode::INVALID_TYPE,
               "account.collateral.USDC"});
  r.push_back({"index as a string", A, market_with(R"({"BTC":{"index":"100000","vol":0.6}})"), O, C,
               ErrorCode::INVALID_TYPE, "market.underlyings.BTC.index"});
  r.push_back({"index 0", A, market_with(R"({"BTC":{"index":0,"vol":0.6}})"), O, C, ErrorCode::NON_POSITIVE,
               "market.underlyings.BTC.index"});
  r.push_back({"vol as a string", A, market_with(R"({"BTC":{"index":100000,"vol":"0.6"}})"), O, C,
               ErrorCode::INVALID_TYPE, "market.underlyings.BTC.vol"});
  r.push_back({"vol 65 (percent, not decimal)", A, market_with(R"({"BTC":{"index":100000,"vol":65}})"), O, C,
               ErrorCode::OUT_OF_RANGE, "market.underlyings.BTC.vol"});
  r.push_back({"vol 0", A, market_with(R"({"BTC":{"index":100000,"vol":0}})"), O, C, ErrorCode::NON_POSITIVE,
               "market.underlyings.BTC.vol"});
  r.push_back({"atm vol as a string", A, market_with(R"({"BTC":{"index":100000,"vol":{"atm":{"27DEC26":"0.5"}}}})"), O, C,
               ErrorCode::INVALID_TYPE, "market.underlyings.BTC.vol.atm.27DEC26"});
  r.push_back({"smile point without vol", A,
               market_with(R"({"BTC":{"index":100000,"vol":{"smile":[{"expiry":"27DEC26","strike":100000}]}}})"), O, C,
               ErrorCode::MISSING_FIELD, "market.underlyings.BTC.vol.smile[0].vol"});
  r.push_back({"rate 7 (500 % limit)", A, market_with(R"({"BTC":{"index":100000,"vol":0.6,"rate":7}})"), O, C,
               ErrorCode::OUT_OF_RANGE, "market.underlyings.BTC.rate"});
  r.push_back({"forward under a bad expiry", A, market_with(R"({"BTC":{"index":100000,"vol":0.6,"forwards":{"27XYZ26":101000}}})"),
               O, C, ErrorCode::INVALID_TYPE, "market.underlyings.BTC.forwards.27XYZ26"});
  r.push_back({"negative forward", A, market_with(R"({"BTC":{"index":100000,"vol":0.6,"forwards":{"27DEC26":-1}}})"), O, C,
               ErrorCode::NON_POSITIVE, "market.underlyings.BTC.forwards.27DEC26"});
  r.push_back({"negative mark price", A, market_with(R"({"BTC":{"index":100000,"vol":0.6}})", R"(,"markPrices":{"BTC-27DEC26-100000-C":-0.01})"),
               O, C, ErrorCode::NON_POSITIVE, "market.markPrices.BTC-27DEC26-100000-C"});
  r.push_back({"option mark above the forward (1.5 BTC for a call)", A,
               market_with(R"({"BTC":{"index":100000,"vol":0.6}})", R"(,"markPrices":{"BTC-27DEC26-100000-C":1.5})"), O, C,
               ErrorCode::PRICE_OUT_OF_BOUNDS, "market.markPrices.BTC-27DEC26-100000-C"});
  r.push_back({"unparseable time", A, R"({"time":"yesterday","underlyings":{"BTC":{"index":100000,"vol":0.6}}})", O, C,
               ErrorCode::INVALID_TYPE, "market.time"});
  r.push_back({"negative time", A, R"({"time":-5,"underlyings":{"BTC":{"index":100000,"vol":0.6}}})", O, C,
               ErrorCode::OUT_OF_RANGE, "market.time"});
  // Missing market data.
  r.push_back({"position in an underlying with no market",
               account_with(R"([{"instrument":"ETH-PERPETUAL","size":100,"entryPrice":3500}])"), M, O, C,
               ErrorCode::MISSING_MARKET_DATA, "account.positions[0].instrument"});
  r.push_back({"option without vol or mark", A, market_with(R"({"BTC":{"index":100000}})"), O, C,
               ErrorCode::MISSING_MARKET_DATA, "account.positions[0].instrument"});
  r.push_back({"order in an underlying with no market", A, M, R"({"instrument":"ETH_USDC-PERPETUAL","side":"buy","size":1})", C,
               ErrorCode::MISSING_MARKET_DATA, "orders[0].instrument"});
  // Isolated mode.
  r.push_back({"isolated position without isolatedMargin",
               R"({"mode":"isolated","collateral":{"USDC":10000},"positions":[{"instrument":"BTC_USDC-PERPETUAL","size":1,"entryPrice":99000}]})",
               M, O, C, ErrorCode::MISSING_ISOLATED_MARGIN, "account.positions[0].isolatedMargin"});
  r.push_back({"second isolated position without isolatedMargin",
               R"({"mode":"isolated","collateral":{"USDC":10000},"positions":[{"instrument":"BTC_USDC-PERPETUAL","size":1,"entryPrice":99000,"isolatedMargin":3000},{"instrument":"BTC-PERPETUAL","size":100,"entryPrice":99000}]})",
               M, O, C, ErrorCode::MISSING_ISOLATED_MARGIN, "account.positions[1].isolatedMargin"});
  r.push_back({"isolatedMargin as a string",
               R"({"mode":"isolated","positions":[{"instrument":"BTC_USDC-PERPETUAL","size":1,"entryPrice":99000,"isolatedMargin":"3000"}]})",
               M, O, C, ErrorCode::INVALID_TYPE, "account.positions[0].isolatedMargin"});
  // Duplicates.
  r.push_back({"the same name twice",
               account_with(R"([{"instrument":"BTC-PERPETUAL","size":10,"entryPrice":1},{"instrument":"BTC-PERPETUAL","size":20,"entryPrice":2}])"),
               M, O, C, ErrorCode::DUPLICATE, "account.positions[1].instrument"});
  r.push_back({"the same instrument by name and by fields",
               account_with(R"([{"instrument":"BTC-27DEC26-100000-C","size":-1,"entryPrice":0.05},{"instrument":{"kind":"option","underlying":"BTC","expiry":"2026-12-27T08:00:00Z","type":"call","strike":100000},"size":1,"entryPrice":0.05}])"),
               M, O, C, ErrorCode::DUPLICATE, "account.positions[1].instrument"});
  // Enums.
  r.push_back({"unknown side", A, M, R"({"instrument":"BTC_USDC-PERPETUAL","side":"hold","size":1})", C,
               ErrorCode::INVALID_ENUM, "orders[0].side"});
  r.push_back({"side in capitals", A, M, R"({"instrument":"BTC_USDC-PERPETUAL","side":"BUY","size":1})", C,
               ErrorCode::INVALID_ENUM, "orders[0].side"});
  r.push_back({"unknown mode", R"({"mode":"portfolios"})", M, O, C, ErrorCode::INVALID_ENUM, "account.mode"});
  // Missing fields.
  r.push_back({"no market.time", A, R"({"underlyings":{"BTC":{"index":100000,"vol":0.6}}})", O, C, ErrorCode::MISSING_FIELD,
               "market.time"});
  r.push_back({"market.time null", A, R"({"time":null,"underlyings":{"BTC":{"index":100000,"vol":0.6}}})", O, C,
               ErrorCode::MISSING_FIELD, "market.time"});
  r.push_back({"no market.underlyings", A, R"({"time":"2026-11-24"})", O, C, ErrorCode::MISSING_FIELD, "market.underlyings"});
  r.push_back({"no index", A, market_with(R"({"BTC":{"vol":0.6}})"), O, C, ErrorCode::MISSING_FIELD, "market.underlyings.BTC.index"});
  r.push_back({"position without size", account_with("[{" + call + R"(,"entryPrice":0.05}])"), M, O, C,
               ErrorCode::MISSING_FIELD, "account.positions[0].size"});
  r.push_back({"position without entryPrice", account_with("[{" + call + R"(,"size":-1}])"), M, O, C,
               ErrorCode::MISSING_FIELD, "account.positions[0].entryPrice"});
  r.push_back({"position without instrument", account_with(R"([{"size":-1,"entryPrice":0.05}])"), M, O, C,
               ErrorCode::MISSING_FIELD, "account.positions[0].instrument"});
  // Orders.
  r.push_back({"no orders", A, M, "[]", C, ErrorCode::MISSING_FIELD, "orders"});
  r.push_back({"order without side", A, M, R"({"instrument":"BTC_USDC-PERPETUAL","size":1})", C, ErrorCode::MISSING_FIELD,
               "orders[0].side"});
  r.push_back({"order without size", A, M, R"({"instrument":"BTC_USDC-PERPETUAL","side":"buy"})", C, ErrorCode::MISSING_FIELD,
               "orders[0].size"});
  r.push_back({"order size as a string", A, M, R"({"instrument":"BTC_USDC-PERPETUAL","side":"buy","size":"1"})", C,
               ErrorCode::INVALID_TYPE, "orders[0].size"});
  r.push_back({"order size 0", A, M, R"({"instrument":"BTC_USDC-PERPETUAL","side":"buy","size":0})", C, ErrorCode::NON_POSITIVE,
               "orders[0].size"});
  r.push_back({"order size negative", A, M, R"({"instrument":"BTC_USDC-PERPETUAL","side":"sell","size":-1})", C,
               ErrorCode::NON_POSITIVE, "orders[0].size"});
  r.push_back({"order price negative", A, M, R"({"instrument":"BTC_USDC-PERPETUAL","side":"buy","size":1,"price":-100})", C,
               ErrorCode::NON_POSITIVE, "orders[0].price"});
  r.push_back({"order price as a string", A, M, R"({"instrument":"BTC_USDC-PERPETUAL","side":"buy","size":1,"price":"100"})", C,
               ErrorCode::INVALID_TYPE, "orders[0].price"});
  r.push_back({"isolated order margin negative",
               R"({"mode":"isolated","collateral":{"USDC":10000}})", M,
               R"({"instrument":"BTC_USDC-PERPETUAL","side":"buy","size":0.01,"isolatedMargin":-5})", C,
               ErrorCode::NON_POSITIVE, "orders[0].isolatedMargin"});
  // Config.
  r.push_back({"warningRatio 2", A, M, O, R"({"warningRatio":2})", ErrorCode::OUT_OF_RANGE, "config.warningRatio"});
  r.push_back({"liquidationLevels as a string", A, M, O, R"({"liquidationLevels":"yes"})", ErrorCode::INVALID_TYPE,
               "config.liquidationLevels"});
  r.push_back({"accountAfter as a string", A, M, O, R"({"accountAfter":"yes"})", ErrorCode::INVALID_TYPE,
               "config.accountAfter"});
  r.push_back({"tierSize 0", A, M, O, R"({"schedule":{"futures":{"tierSize":0}}})", ErrorCode::NON_POSITIVE,
               "config.schedule.futures.tierSize"});
  r.push_back({"option rule as a string", A, M, O, R"({"schedule":{"options":{"initialBase":"0.15"}}})", ErrorCode::INVALID_TYPE,
               "config.schedule.options.initialBase"});
  r.push_back({"sizeIncrement 0", A, M, O, R"({"sizeIncrement":0})", ErrorCode::NON_POSITIVE, "config.sizeIncrement"});
  return r;
}

bool is_about_orders(const Row& row) { return row.field.rfind("orders", 0) == 0; }

TEST(JsonInput, BadInputGivesTheCodeAndTheFieldPath) {
  for (const auto& row : rows()) {
    SCOPED_TRACE(row.what);
    std::string out = "untouched";
    const Status p = preview_json(row.account, row.market, row.orders, row.config, out);
    EXPECT_EQ(p.code, row.code) << "preview_json: " << p.message << " (field '" << p.field << "')";
    EXPECT_EQ(p.field, row.field) << "preview_json: " << p.message;
    EXPECT_FALSE(p.message.empty());
    EXPECT_EQ(out, "untouched") << "no output on error";
    if (!is_about_orders(row)) {
      const Status a = account_risk_json(row.account, row.market, row.config, out);
      EXPECT_EQ(a.code, row.code) << "account_risk_json: " << a.message << " (field '" << a.field << "')";
      EXPECT_EQ(a.field, row.field) << "account_risk_json: " << a.message;
    }
  }
}

TEST(JsonInput, CollateralWithoutAPriceNamesItsJsonPath) {
  // collateral is an object keyed by asset, so the path of SOL's balance is
  // 'account.collateral.SOL' (as INVALID_TYPE already reports it), not an array index.
  const std::string account = R"({"collateral":{"USDC":100,"SOL":10}})";
  std::string out;
  const Status a = account_risk_json(account, kMarket, "", out);
  EXPECT_EQ(a.code, ErrorCode::MISSING_MARKET_DATA);
  EXPECT_EQ(a.field, "account.collateral.SOL") << a.message;
  const Status p = preview_json(account, kMarket, kOrders, kConfig, out);
  EXPECT_EQ(p.code, ErrorCode::MISSING_MARKET_DATA);
  EXPECT_EQ(p.field, "account.collateral.SOL") << p.message;
}

// ---------------------------------------------------------------------------------------------
// "Never wrong silently" (949851e, "Strict input everywhere") at the C++ doors: each class of
// failure the issue found on the old code (a key misspelt and ignored, NaN out beside a status, a
// negative margin, wrong units, nonsense read as something else, a parser killed by nesting, a
// key given twice with the last one winning) is now an error with its code and JSON path.

// A valid BTC option position, and an isolated account on the perpetual.
const std::string kPosition = R"({"instrument":"BTC-27DEC26-100000-C","size":-1,"entryPrice":0.05})";
const std::string kOption = R"("kind":"option","underlying":"BTC","expiry":"27DEC26","type":"call","strike":100000)";
std::string isolated_with(const std::string& isolated_margin) {
  return R"({"mode":"isolated","collateral":{"USDC":10000},"positions":[{"instrument":"BTC_USDC-PERPETUAL","size":1,"entryPrice":99000,"isolatedMargin":)" +
         isolated_margin + "}]}";
}
std::string btc_with(const std::string& members) {
  return market_with(R"({"BTC":{"index":100000,)" + members + "}}");
}
// `count` copies of `text`.
std::string repeat(const std::string& text, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += text;
  return out;
}

std::vector<Row> strict_rows() {
  const std::string A = kAccount, M = kMarket, O = kOrders, C = kConfig;
  const std::string perp_order_start = R"({"instrument":"BTC_USDC-PERPETUAL","side":"buy","size":0.1)";
  std::vector<Row> r;
  // Unknown keys at every object level: UNSUPPORTED_FIELD with the path of the key.
  r.push_back({"account: postions (was MM 0, healthy)", R"({"collateral":{"USDC":10000},"postions":[)" + kPosition + "]}", M, O, C,
               ErrorCode::UNSUPPORTED_FIELD, "account.postions"});
  r.push_back({"account: colateral (was negative equity)", R"({"colateral":{"USDC":10000},"positions":[)" + kPosition + "]}", M, O, C,
               ErrorCode::UNSUPPORTED_FIELD, "account.colateral"});
  r.push_back({"account: mdoe isolated (was cross)",
               R"({"mdoe":"isolated","collateral":{"USDC":10000},"positions":[{"instrument":"BTC_USDC-PERPETUAL","size":1,"entryPrice":99000,"isolatedMargin":3000}]})",
               M, O, C, ErrorCode::UNSUPPORTED_FIELD, "account.mdoe"});
  r.push_back({"position: entryprice", account_with(R"([{"instrument":"BTC-PERPETUAL","size":10,"entryprice":1}])"), M, O, C,
               ErrorCode::UNSUPPORTED_FIELD, "account.positions[0].entryprice"});
  r.push_back({"position: isolatedMargin in a cross account", account_with(R"([{"instrument":"BTC-PERPETUAL","size":10,"entryPrice":1,"isolatedMargin":1}])"),
               M, O, C, ErrorCode::UNSUPPORTED_FIELD, "account.positions[0].isolatedMargin"});
  r.push_back({"instrument by fields: strik", account_with(R"([{"instrument":{"kind":"option","underlying":"BTC","expiry":"27DEC26","type":"call","strik":100000},"size":-1,"entryPrice":0.05}])"),
               M, O, C, ErrorCode::UNSUPPORTED_FIELD, "account.positions[0].instrument.strik"});
  r.push_back({"instrument by fields: expiry of a perpetual", account_with(R"([{"instrument":{"kind":"perpetual","underlying":"BTC","expiry":"27DEC26"},"size":10,"entryPrice":1}])"),
               M, O, C, ErrorCode::UNSUPPORTED_FIELD, "account.positions[0].instrument.expiry"});
  r.push_back({"instrument by fields: strike of a future", account_with(R"([{"instrument":{"kind":"future","underlying":"BTC","expiry":"27DEC26","strike":1},"size":10,"entryPrice":1}])"),
               M, O, C, ErrorCode::UNSUPPORTED_FIELD, "account.positions[0].instrument.strike"});
  r.push_back({"market: markPrice", A, market_with(R"({"BTC":{"index":100000,"vol":0.6}})", R"(,"markPrice":{"BTC-27DEC26-100000-C":0.05})"), O, C,
               ErrorCode::UNSUPPORTED_FIELD, "market.markPrice"});
  r.push_back({"market: collateralPrice", A, market_with(R"({"BTC":{"index":100000,"vol":0.6}})", R"(,"collateralPrice":{"USDC":1})"), O, C,
               ErrorCode::UNSUPPORTED_FIELD, "market.collateralPrice"});
  r.push_back({"market: rate at the top", A, market_with(R"({"BTC":{"index":100000,"vol":0.6}})", R"(,"rate":0.05)"), O, C,
               ErrorCode::UNSUPPORTED_FIELD, "market.rate"});
  r.push_back({"underlying: froward", A, btc_with(R"("vol":0.6,"froward":{"27DEC26":101000})"), O, C, ErrorCode::UNSUPPORTED_FIELD,
               "market.underlyings.BTC.froward"});
  r.push_back({"underlying: markPrices misplaced", A, btc_with(R"("vol":0.6,"markPrices":{"BTC-27DEC26-100000-C":0.05})"), O, C,
               ErrorCode::UNSUPPORTED_FIELD, "market.underlyings.BTC.markPrices"});
  r.push_back({"underlying: smile misplaced", A, btc_with(R"("vol":0.6,"smile":[])"), O, C, ErrorCode::UNSUPPORTED_FIELD,
               "market.underlyings.BTC.smile"});
  r.push_back({"vol: smiel", A, btc_with(R"("vol":{"flat":0.6,"smiel":[]})"), O, C, ErrorCode::UNSUPPORTED_FIELD,
               "market.underlyings.BTC.vol.smiel"});
  r.push_back({"vol: rate misplaced", A, btc_with(R"("vol":{"flat":0.6,"rate":0.05})"), O, C, ErrorCode::UNSUPPORTED_FIELD,
               "market.underlyings.BTC.vol.rate"});
  r.push_back({"smile point: vlo", A, btc_with(R"("vol":{"smile":[{"expiry":"27DEC26","strike":100000,"vol":0.6},{"expiry":"27DEC26","strike":90000,"vlo":0.6}]})"), O, C,
               ErrorCode::UNSUPPORTED_FIELD, "market.underlyings.BTC.vol.smile[1].vlo"});
  r.push_back({"order: prce (filled at the mark)", A, M, perp_order_start + R"(,"prce":1})", C, ErrorCode::UNSUPPORTED_FIELD,
               "orders[0].prce"});
  r.push_back({"second order: sise", A, M, "[" + kOrders + "," + perp_order_start + R"(,"sise":1}])", C, ErrorCode::UNSUPPORTED_FIELD,
               "orders[1].sise"});
  r.push_back({"order instrument by fields: undrlying", A, M, R"({"instrument":{"kind":"perpetual","undrlying":"BTC"},"side":"buy","size":1})", C,
               ErrorCode::UNSUPPORTED_FIELD, "orders[0].instrument.undrlying"});
  r.push_back({"config: warningRatoi", A, M, O, R"({"warningRatoi":0.5})", ErrorCode::UNSUPPORTED_FIELD, "config.warningRatoi"});
  r.push_back({"schedule: option", A, M, O, R"({"schedule":{"option":{}}})", ErrorCode::UNSUPPORTED_FIELD, "config.schedule.option"});
  r.push_back({"schedule.options: maintenanceRat", A, M, O, R"({"schedule":{"options":{"maintenanceRat":0.1}}})", ErrorCode::UNSUPPORTED_FIELD,
               "config.schedule.options.maintenanceRat"});
  r.push_back({"schedule.futures: tiersize", A, M, O, R"({"schedule":{"futures":{"tiersize":10}}})", ErrorCode::UNSUPPORTED_FIELD,
               "config.schedule.futures.tiersize"});

  // NaN out: forwards read off another expiry at an absurd basis; amounts beyond 1e15.
  const std::string one_minute_before =
      R"({"time":"2026-12-27T07:59:00Z","underlyings":{"BTC":{"index":100000,"forwards":{"27DEC26":100100},"vol":0.6}}})";
  r.push_back({"a forward one minute before its expiry, valuing March",
               account_with(R"([{"instrument":"BTC-26MAR27","size":1000,"entryPrice":100000}])"), one_minute_before, O, C,
               ErrorCode::OUT_OF_RANGE, "market.underlyings.BTC.forwards"});
  r.push_back({"the same for a March option", account_with(R"([{"instrument":"BTC-26MAR27-100000-C","size":-1,"entryPrice":0.05}])"),
               one_minute_before, O, C, ErrorCode::OUT_OF_RANGE, "market.underlyings.BTC.forwards"});
  r.push_back({"isolatedMargin 1e308", isolated_with("1e308"), M, O, C, ErrorCode::OUT_OF_RANGE, "account.positions[0].isolatedMargin"});
  r.push_back({"isolatedMargin 1e16", isolated_with("1e16"), M, O, C, ErrorCode::OUT_OF_RANGE, "account.positions[0].isolatedMargin"});
  r.push_back({"order isolatedMargin 1e308", isolated_with("3000"), M, perp_order_start + R"(,"isolatedMargin":1e308})", C,
               ErrorCode::OUT_OF_RANGE, "orders[0].isolatedMargin"});
  r.push_back({"collateral 1e16", R"({"collateral":{"USDC":1e16}})", M, O, C, ErrorCode::OUT_OF_RANGE, "account.collateral.USDC"});
  r.push_back({"collateral -1e16", R"({"collateral":{"USDC":-1e16}})", M, O, C, ErrorCode::OUT_OF_RANGE, "account.collateral.USDC"});

  // Negative margins: schedule coefficients in [0, 10].
  for (const char* key : {"initialBase", "initialFloor", "maintenanceRate", "putMarkRate"}) {
    for (const char* value : {"-1", "-1e-12", "10.5"}) {
      r.push_back({"options coefficient out of [0, 10]", A, M, O,
                   std::string(R"({"schedule":{"options":{")") + key + R"(":)" + value + "}}}", ErrorCode::OUT_OF_RANGE,
                   std::string("config.schedule.options.") + key});
    }
  }
  for (const char* key : {"initialRate", "maintenanceRate", "rateStep"}) {
    for (const char* value : {"-0.01", "11"}) {
      r.push_back({"futures coefficient out of [0, 10]", A, M, O,
                   std::string(R"({"schedule":{"futures":{")") + key + R"(":)" + value + "}}}", ErrorCode::OUT_OF_RANGE,
                   std::string("config.schedule.futures.") + key});
    }
  }

  // Wrong units.
  r.push_back({"inverse option settling in USDC", account_with(R"([{"instrument":{)" + kOption + R"(,"settlementAsset":"USDC"},"size":-1,"entryPrice":0.05}])"),
               M, O, C, ErrorCode::INVALID_ENUM, "account.positions[0].instrument.settlementAsset"});
  r.push_back({"empty settlementAsset", account_with(R"([{"instrument":{)" + kOption + R"(,"settlementAsset":""},"size":-1,"entryPrice":0.05}])"),
               M, O, C, ErrorCode::INVALID_ENUM, "account.positions[0].instrument.settlementAsset"});
  r.push_back({"linear option settling in BTC", A, M,
               R"({"instrument":{)" + kOption + R"(,"settlement":"linear","settlementAsset":"BTC"},"side":"sell","size":1})", C,
               ErrorCode::INVALID_ENUM, "orders[0].instrument.settlementAsset"});
  r.push_back({"collateral under a lower-case code", R"({"collateral":{"usdc":100}})", M, O, C, ErrorCode::INVALID_ENUM,
               "account.collateral.usdc"});
  r.push_back({"underlying under a lower-case code", A, market_with(R"({"BTC":{"index":100000,"vol":0.6},"eth":{"index":3000}})"), O, C,
               ErrorCode::INVALID_ENUM, "market.underlyings.eth"});

  // Nonsense: strikes by name, expiries by fields, duplicates however spelt, signs, percents.
  for (const char* strike : {"10000000000000000000", "1000000000000001", "0.000000000000000001", "0.0000000000001"}) {
    const std::string name = std::string("BTC-27DEC26-") + strike + "-C";
    r.push_back({"strike out of range by name", account_with(R"([{"instrument":")" + name + R"(","size":-1,"entryPrice":0.05}])"), M, O, C,
                 ErrorCode::OUT_OF_RANGE, "account.positions[0].instrument"});
    r.push_back({"strike out of range by name, in an order", A, M, R"({"instrument":")" + name + R"(","side":"sell","size":1})", C,
                 ErrorCode::OUT_OF_RANGE, "orders[0].instrument"});
    r.push_back({"strike out of range by name, as a mark", A, market_with(R"({"BTC":{"index":100000,"vol":0.6}})", R"(,"markPrices":{")" + name + R"(":0.01})"),
                 O, C, ErrorCode::OUT_OF_RANGE, "market.markPrices." + name});
  }
  for (const char* expiry : {R"("1999-12-27T08:00:00Z")", "1", "0", "1700000000", "-86400000"}) {
    r.push_back({"expiry before 2000 by fields (was a 2099 or 2070 option)",
                 account_with(R"([{"instrument":{"kind":"option","underlying":"BTC","expiry":)" + std::string(expiry) +
                              R"(,"type":"call","strike":100000},"size":-1,"entryPrice":0.05}])"),
                 M, O, C, ErrorCode::INSTRUMENT_EXPIRED, "account.positions[0].instrument.expiry"});
  }
  r.push_back({"future expiry before 2000 in an order", A, M, R"({"instrument":{"kind":"future","underlying":"BTC","expiry":1},"side":"buy","size":10})", C,
               ErrorCode::INSTRUMENT_EXPIRED, "orders[0].instrument.expiry"});
  r.push_back({"expiry in 2100 by fields", account_with(R"([{"instrument":{"kind":"future","underlying":"BTC","expiry":"2100-01-01T00:00:00Z"},"size":10,"entryPrice":1}])"),
               M, O, C, ErrorCode::OUT_OF_RANGE, "account.positions[0].instrument.expiry"});
  for (const char* spelling : {"BTC-27DEC26-100000.0-C", "BTC-27DEC26-0100000-C", "BTC-27DEC26-100000.000-C"}) {
    r.push_back({"one instrument spelt two ways (doubled the position)",
                 account_with("[" + kPosition + R"(,{"instrument":")" + spelling + R"(","size":-1,"entryPrice":0.05}])"), M, O, C,
                 ErrorCode::DUPLICATE, "account.positions[1].instrument"});
  }
  r.push_back({"the third spelling beside two", account_with(R"([{"instrument":"BTC-PERPETUAL","size":10,"entryPrice":1},)" + kPosition +
                                                                 R"(,{"instrument":"BTC-27DEC26-0100000.00-C","size":1,"entryPrice":0.05}])"),
               M, O, C, ErrorCode::DUPLICATE, "account.positions[2].instrument"});
  r.push_back({"a mark given twice under two spellings", A,
               market_with(R"({"BTC":{"index":100000,"vol":0.6}})", R"(,"markPrices":{"BTC-27DEC26-100000-C":0.05,"BTC-27DEC26-100000.0-C":0.06})"), O, C,
               ErrorCode::DUPLICATE, "market.markPrices.BTC-27DEC26-100000.0-C"});
  // Keys are read in sorted order: the later spelling is named.
  r.push_back({"forwards: one expiry under two spellings", A, btc_with(R"("vol":0.6,"forwards":{"27DEC26":101000,"2026-12-27T08:00:00Z":101500})"), O, C,
               ErrorCode::DUPLICATE, "market.underlyings.BTC.forwards.27DEC26"});
  r.push_back({"forwards: an ISO date and a time on it", A, btc_with(R"("vol":0.6,"forwards":{"2026-12-27T08:00:00Z":101000,"2026-12-27T08:00:00.000Z":101500})"),
               O, C, ErrorCode::DUPLICATE, "market.underlyings.BTC.forwards.2026-12-27T08:00:00Z"});
  // Forward keys are codes or ISO times (web/marginkit.d.ts): digits are not read as milliseconds.
  r.push_back({"forwards: milliseconds are no key", A, btc_with(R"("vol":0.6,"forwards":{"27DEC26":101000,"1798358400000":101500})"), O, C,
               ErrorCode::INVALID_TYPE, "market.underlyings.BTC.forwards.1798358400000"});
  r.push_back({"atm vols: one expiry under two spellings", A, btc_with(R"("vol":{"atm":{"27DEC26":0.6,"2026-12-27T08:00:00Z":0.7}})"), O, C,
               ErrorCode::DUPLICATE, "market.underlyings.BTC.vol.atm.27DEC26"});
  r.push_back({"smile: one point under two spellings", A,
               btc_with(R"("vol":{"smile":[{"expiry":"27DEC26","strike":100000,"vol":0.6},{"expiry":"2026-12-27T08:00:00Z","strike":100000.0,"vol":0.7}]})"),
               O, C, ErrorCode::DUPLICATE, "market.underlyings.BTC.vol.smile[1]"});
  r.push_back({"negative isolatedMargin", isolated_with("-3000"), M, O, C, ErrorCode::NON_POSITIVE, "account.positions[0].isolatedMargin"});
  // A position's isolatedMargin may be 0 (a long option, paid for, holds none); an order's may not.
  r.push_back({"liquidationWarningPercent -10", A, M, O, R"({"liquidationWarningPercent":-10})", ErrorCode::OUT_OF_RANGE,
               "config.liquidationWarningPercent"});
  r.push_back({"liquidationWarningPercent 1001", A, M, O, R"({"liquidationWarningPercent":1001})", ErrorCode::OUT_OF_RANGE,
               "config.liquidationWarningPercent"});

  // Times: milliseconds within [2000-01-01, 2100-01-01) UTC.
  const std::string U = R"(,"underlyings":{"BTC":{"index":100000,"vol":0.6}}})";
  r.push_back({"market.time in seconds (was January 1970)", A, R"({"time":1700000000)" + U, O, C, ErrorCode::OUT_OF_RANGE, "market.time"});
  r.push_back({"market.time 1999-12-31", A, R"({"time":"1999-12-31T23:59:59Z")" + U, O, C, ErrorCode::OUT_OF_RANGE, "market.time"});
  r.push_back({"market.time a millisecond before 2000", A, R"({"time":946684799999)" + U, O, C, ErrorCode::OUT_OF_RANGE, "market.time"});
  r.push_back({"market.time 2100-01-01", A, R"({"time":"2100-01-01T00:00:00Z")" + U, O, C, ErrorCode::OUT_OF_RANGE, "market.time"});
  r.push_back({"market.time in microseconds", A, R"({"time":1.7e15)" + U, O, C, ErrorCode::OUT_OF_RANGE, "market.time"});
  r.push_back({"a forward in 2100", A, btc_with(R"("vol":0.6,"forwards":{"2100-01-01T00:00:00Z":101000})"), O, C, ErrorCode::OUT_OF_RANGE,
               "market.underlyings.BTC.forwards.2100-01-01T00:00:00Z"});
  r.push_back({"a smile point in 2100", A, btc_with(R"("vol":{"smile":[{"expiry":4102444800000,"strike":100000,"vol":0.6}]})"), O, C,
               ErrorCode::OUT_OF_RANGE, "market.underlyings.BTC.vol.smile[0].expiry"});
  return r;
}

void expect_rows(const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    const std::string& field = row.field;
    SCOPED_TRACE(std::string(row.what) + " -> " + field);
    std::string out = "untouched";
    const Status p = preview_json(row.account, row.market, row.orders, row.config, out);
    EXPECT_EQ(p.code, row.code) << "preview_json: " << p.message << " (field '" << p.field << "')";
    EXPECT_EQ(p.field, field) << "preview_json: " << p.message;
    EXPECT_FALSE(p.message.empty());
    EXPECT_EQ(out, "untouched") << "no output on error";
    if (field.rfind("orders", 0) != 0) {
      const Status a = account_risk_json(row.account, row.market, row.config, out);
      EXPECT_EQ(a.code, row.code) << "account_risk_json: " << a.message << " (field '" << a.field << "')";
      EXPECT_EQ(a.field, field) << "account_risk_json: " << a.message;
      std::unique_ptr<PreparedAccountPreview> prepared;
      const Status c = prepare_json(row.account, row.market, row.config, prepared);
      EXPECT_EQ(c.code, row.code) << "prepare_json: " << c.message;
      EXPECT_EQ(c.field, field) << "prepare_json: " << c.message;
    }
  }
}

TEST(JsonInputStrict, EveryOldSilentFailureIsAnErrorWithItsPath) {
  const auto rows = strict_rows();
  EXPECT_GT(rows.size(), 90u);
  expect_rows(rows);
}

// The valid requests' answers, to check that the doors answer the same after any error.
struct Answers {
  std::string risk, preview;
};
Answers answers() {
  Answers a;
  EXPECT_TRUE(account_risk_json(kAccount, kMarket, kConfig, a.risk).ok());
  EXPECT_TRUE(preview_json(kAccount, kMarket, kOrders, kConfig, a.preview).ok());
  return a;
}
void expect_same_answers(const Answers& expected) {
  const Answers now = answers();
  EXPECT_EQ(now.risk, expected.risk);
  EXPECT_EQ(now.preview, expected.preview);
}

TEST(JsonInputStrict, TheSecondsMessageSaysSeconds) {
  std::string out;
  const Status s = account_risk_json(kAccount, R"({"time":1700000000,"underlyings":{"BTC":{"index":100000,"vol":0.6}}})", "", out);
  EXPECT_EQ(s.code, ErrorCode::OUT_OF_RANGE);
  EXPECT_NE(s.message.find("seconds"), std::string::npos) << s.message;
}

TEST(JsonInputStrict, TimesAtTheEndsOfTheRangeAreRead) {
  std::string out;
  for (const char* time : {"946684800000", R"("2000-01-01T00:00:00Z")", "4102444799999", R"("2099-12-31T23:59:59Z")"}) {
    SCOPED_TRACE(time);
    const std::string market = std::string(R"({"time":)") + time + R"(,"underlyings":{"BTC":{"index":100000,"vol":0.6}}})";
    const Status s = account_risk_json(R"({"collateral":{"USDC":100,"BTC":1}})", market, "", out);
    EXPECT_TRUE(s.ok()) << s.message;
  }
  // An option expiring on the last representable day, valued today.
  const Status s = account_risk_json(
      account_with(R"([{"instrument":{"kind":"option","underlying":"BTC","expiry":4102444799999,"type":"put","strike":100000},"size":-1,"entryPrice":0.05}])"),
      kMarket, "", out);
  EXPECT_TRUE(s.ok()) << s.message;
}

TEST(JsonInputStrict, NamesAreCanonical) {
  // A position spelt '0100000' is reported under its one name, and a mark spelt '100000.0'
  // reaches it: the same answer as with the canonical spellings.
  const std::string marks = R"(,"markPrices":{"BTC-27DEC26-100000-C":0.03})";
  const std::string market = market_with(R"({"BTC":{"index":100000,"vol":0.6}})", marks);
  std::string canonical, respelt, mark_respelt;
  ASSERT_TRUE(account_risk_json(kAccount, market, "", canonical).ok());
  ASSERT_TRUE(account_risk_json(account_with(R"([{"instrument":"BTC-27DEC26-0100000-C","size":-1,"entryPrice":0.05}])"), market, "", respelt).ok());
  EXPECT_EQ(respelt, canonical);
  const Status s = account_risk_json(
      kAccount, market_with(R"({"BTC":{"index":100000,"vol":0.6}})", R"(,"markPrices":{"BTC-27DEC26-100000.0-C":0.03})"), "", mark_respelt);
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_EQ(mark_respelt, canonical);
  EXPECT_NE(canonical.find(R"("instrument":"BTC-27DEC26-100000-C")"), std::string::npos);
  EXPECT_NE(canonical.find(R"("mark":0.03)"), std::string::npos) << canonical;
  // By fields with an ISO expiry: the same instrument, the same answer.
  std::string by_fields;
  ASSERT_TRUE(account_risk_json(
                  account_with(R"([{"instrument":{"kind":"option","underlying":"BTC","expiry":"2026-12-27T08:00:00Z","type":"call","strike":100000.0,"settlementAsset":"BTC"},"size":-1,"entryPrice":0.05}])"),
                  market, "", by_fields)
                  .ok());
  EXPECT_EQ(by_fields, canonical);
}

TEST(JsonInputStrict, PastMarketDataIsLeftOut) {
  // Forwards, ATM vols and smile points at or before market.time: the answer is that without
  // them (the old code interpolated through them and wrote NaN as null beside 'healthy').
  const std::string account =
      R"({"collateral":{"USDC":100000,"BTC":1},"positions":[{"instrument":"BTC-27DEC26-100000-C","size":-1,"entryPrice":0.05},{"instrument":"BTC-26MAR27-90000-P","size":-2,"entryPrice":0.03},{"instrument":"BTC-26MAR27","size":1000,"entryPrice":99000}]})";
  const std::string orders = R"({"instrument":"BTC-26MAR27-110000-C","side":"sell","size":1})";
  struct Case {
    const char* what;
    std::string with_past, without;
  };
  const std::vector<Case> cases = {
      {"forwards", btc_with(R"("vol":0.6,"forwards":{"20NOV26":50000,"2026-11-24T08:00:00Z":70000,"27DEC26":101000,"26MAR27":102000})"),
       btc_with(R"("vol":0.6,"forwards":{"27DEC26":101000,"26MAR27":102000})")},
      {"only past forwards", btc_with(R"("vol":0.6,"rate":0.03,"forwards":{"20NOV26":50000})"), btc_with(R"("vol":0.6,"rate":0.03)")},
      {"ATM vols", btc_with(R"("vol":{"atm":{"1999-12-31":3.0,"23NOV26":0.05,"27DEC26":0.6,"26MAR27":0.55}})"),
       btc_with(R"("vol":{"atm":{"27DEC26":0.6,"26MAR27":0.55}})")},
      {"smile points", btc_with(R"("vol":{"smile":[{"expiry":1,"strike":100000,"vol":9},{"expiry":"2026-11-24T08:00:00Z","strike":50000,"vol":0.01},{"expiry":"27DEC26","strike":90000,"vol":0.65},{"expiry":"27DEC26","strike":110000,"vol":0.55},{"expiry":"26MAR27","strike":100000,"vol":0.6}]})"),
       btc_with(R"("vol":{"smile":[{"expiry":"27DEC26","strike":90000,"vol":0.65},{"expiry":"27DEC26","strike":110000,"vol":0.55},{"expiry":"26MAR27","strike":100000,"vol":0.6}]})")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    std::string with_past, without;
    Status s = account_risk_json(account, c.with_past, "", with_past);
    ASSERT_TRUE(s.ok()) << s.message;
    ASSERT_TRUE(account_risk_json(account, c.without, "", without).ok());
    EXPECT_EQ(with_past, without);
    EXPECT_EQ(with_past.find("null"), std::string::npos) << with_past;
    s = preview_json(account, c.with_past, orders, "", with_past);
    ASSERT_TRUE(s.ok()) << s.message;
    ASSERT_TRUE(preview_json(account, c.without, orders, "", without).ok());
    EXPECT_EQ(with_past, without);
  }
}

TEST(JsonInputStrict, DeepNestingIsRefusedWithItsPathAndTheDoorsGoOn) {
  const Answers before = answers();
  std::string out = "untouched";
  const std::string deep_arrays = repeat("[", 100000);
  const std::string too_deep = "account" + repeat("[0]", kMaxNestingDepth);
  // 100,000 levels of '[' (unterminated, and closed), in each document.
  for (const std::string& text : {deep_arrays, deep_arrays + repeat("]", 100000)}) {
    Status s = account_risk_json(text, kMarket, "", out);
    EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP) << s.message;
    EXPECT_EQ(s.field, too_deep);
    s = account_risk_json(kAccount, text, "", out);
    EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP) << s.message;
    EXPECT_EQ(s.field, "market" + repeat("[0]", kMaxNestingDepth));
    s = preview_json(kAccount, kMarket, text, kConfig, out);
    EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP) << s.message;
    EXPECT_EQ(s.field, "orders" + repeat("[0]", kMaxNestingDepth));
    s = preview_json(kAccount, kMarket, kOrders, text, out);
    EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP) << s.message;
    EXPECT_EQ(s.field, "config" + repeat("[0]", kMaxNestingDepth));
    std::unique_ptr<PreparedAccountPreview> prepared;
    s = prepare_json(text, kMarket, "", prepared);
    EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP) << s.message;
    expect_same_answers(before);
  }
  EXPECT_EQ(out, "untouched");
  // Objects 100,000 deep, and arrays inside valid members: the path names each level.
  Status s = account_risk_json(repeat(R"({"a":)", 100000), kMarket, "", out);
  EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP);
  EXPECT_EQ(s.field, "account" + repeat(".a", kMaxNestingDepth));
  s = account_risk_json(R"({"collateral":{"USDC":1},"positions":)" + deep_arrays, kMarket, "", out);
  EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP);
  EXPECT_EQ(s.field, "account.positions" + repeat("[0]", kMaxNestingDepth - 1));
  s = preview_json(kAccount, kMarket, R"([{"instrument":"BTC-PERPETUAL","side":"buy","size":10},{"instrument":)" + deep_arrays, kConfig, out);
  EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP);
  EXPECT_EQ(s.field, "orders[1].instrument" + repeat("[0]", kMaxNestingDepth - 2));
  s = account_risk_json(kAccount, R"({"time":"2026-11-24T08:00:00Z","underlyings":{"BTC":{"index":100000,"vol":{"smile":[{"expiry":)" + deep_arrays,
                        "", out);
  EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP);
  EXPECT_EQ(s.field, "market.underlyings.BTC.vol.smile[0].expiry" + repeat("[0]", kMaxNestingDepth - 6));
  // At the limit a document is read (then refused for its meaning); one level more is not.
  s = account_risk_json(repeat("[", kMaxNestingDepth) + repeat("]", kMaxNestingDepth), kMarket, "", out);
  EXPECT_EQ(s.code, ErrorCode::INVALID_TYPE) << s.message;
  EXPECT_EQ(s.field, "account");
  s = account_risk_json(repeat("[", kMaxNestingDepth + 1) + repeat("]", kMaxNestingDepth + 1), kMarket, "", out);
  EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP) << s.message;
  s = account_risk_json(R"({"collateral":{"USDC":1},"x":)" + repeat("[", kMaxNestingDepth - 1) + repeat("]", kMaxNestingDepth - 1) + "}",
                        kMarket, "", out);
  EXPECT_EQ(s.code, ErrorCode::UNSUPPORTED_FIELD) << s.message;
  EXPECT_EQ(s.field, "account.x");
  expect_same_answers(before);
}

TEST(JsonInputStrict, AKeyGivenTwiceInOneObjectIsDuplicate) {
  const Answers before = answers();
  struct Case {
    const char* what;
    std::string account, market, orders, config;
    const char* field;
  };
  const std::string A = kAccount, M = kMarket, O = kOrders;
  const std::vector<Case> cases = {
      {"collateral.USDC", R"({"collateral":{"USDC":1,"USDC":1000000}})", M, O, "", "account.collateral.USDC"},
      {"account.mode", R"({"mode":"cross","mode":"isolated"})", M, O, "", "account.mode"},
      {"a position's size", account_with(R"([{"instrument":"BTC-PERPETUAL","size":10,"entryPrice":1,"size":-10}])"), M, O, "",
       "account.positions[0].size"},
      {"an underlying", A, market_with(R"({"BTC":{"index":100000,"vol":0.6},"BTC":{"index":1,"vol":0.6}})"), O, "", "market.underlyings.BTC"},
      {"market.time", A, R"({"time":"2026-11-24T08:00:00Z","time":"2026-11-25T08:00:00Z","underlyings":{}})", O, "", "market.time"},
      {"a forward", A, btc_with(R"("vol":0.6,"forwards":{"27DEC26":101000,"27DEC26":99000})"), O, "", "market.underlyings.BTC.forwards.27DEC26"},
      {"a second order's side", A, M, "[" + kOrders + R"(,{"instrument":"BTC-PERPETUAL","side":"buy","side":"sell","size":10}])", "",
       "orders[1].side"},
      {"a schedule rate", A, M, O, R"({"schedule":{"options":{"maintenanceRate":0.075,"maintenanceRate":-1}}})",
       "config.schedule.options.maintenanceRate"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    std::string out = "untouched";
    Status s = preview_json(c.account, c.market, c.orders, c.config, out);
    EXPECT_EQ(s.code, ErrorCode::DUPLICATE) << s.message;
    EXPECT_EQ(s.field, c.field) << s.message;
    EXPECT_EQ(out, "untouched");
    if (std::string(c.field).rfind("orders", 0) != 0) {
      s = account_risk_json(c.account, c.market, c.config, out);
      EXPECT_EQ(s.code, ErrorCode::DUPLICATE) << s.message;
      EXPECT_EQ(s.field, c.field) << s.message;
    }
  }
  expect_same_answers(before);
}

// preview_json takes one order as an object or an array of them; fields are 'orders[i]...'
// either way (web/marginkit.d.ts), also for the errors the JSON reader finds (a key twice, nesting).
TEST(JsonInputStrict, ParserErrorsInOneOrderObjectNameOrdersZero) {
  std::string out;
  Status s = preview_json(kAccount, kMarket, R"({"instrument":"BTC-PERPETUAL","side":"buy","side":"sell","size":10})", "", out);
  EXPECT_EQ(s.code, ErrorCode::DUPLICATE);
  EXPECT_EQ(s.field, "orders[0].side") << s.message;
  s = preview_json(kAccount, kMarket, R"({"instrument":)" + repeat("[", 100), "", out);
  EXPECT_EQ(s.code, ErrorCode::NESTING_TOO_DEEP);
  EXPECT_EQ(s.field, "orders[0].instrument" + repeat("[0]", kMaxNestingDepth - 1)) << s.message;
}

TEST(JsonInputStrict, DocumentsOverTheSizeLimitAreRefused) {
  const Answers before = answers();
  const auto limit = static_cast<std::size_t>(kMaxDocumentBytes);
  // Padded with white space up to the limit, a document is read as it is; a byte more is refused.
  std::string account = kAccount + std::string(limit - kAccount.size(), ' ');
  ASSERT_EQ(account.size(), limit);
  std::string out;
  Status s = account_risk_json(account, kMarket, kConfig, out);
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_EQ(out, before.risk);
  account += ' ';
  out = "untouched";
  s = account_risk_json(account, kMarket, kConfig, out);
  EXPECT_EQ(s.code, ErrorCode::DOCUMENT_TOO_LARGE) << s.message;
  EXPECT_EQ(s.field, "account");
  EXPECT_EQ(out, "untouched");
  account.clear();
  account.shrink_to_fit();
  const std::string big = R"({"note":")" + std::string(limit, 'x') + R"("})";
  s = preview_json(kAccount, big, kOrders, kConfig, out);
  EXPECT_EQ(s.code, ErrorCode::DOCUMENT_TOO_LARGE);
  EXPECT_EQ(s.field, "market");
  s = preview_json(kAccount, kMarket, big, kConfig, out);
  EXPECT_EQ(s.code, ErrorCode::DOCUMENT_TOO_LARGE);
  EXPECT_EQ(s.field, "orders");
  s = preview_json(kAccount, kMarket, kOrders, big, out);
  EXPECT_EQ(s.code, ErrorCode::DOCUMENT_TOO_LARGE);
  EXPECT_EQ(s.field, "config");
  expect_same_answers(before);
}

TEST(JsonInputStrict, APreparedAccountsPreviewOptionsAreStrictToo) {
  std::unique_ptr<PreparedAccountPreview> prepared;
  ASSERT_TRUE(prepare_json(kAccount, kMarket, "", prepared).ok());
  std::string expected;
  ASSERT_TRUE(prepared_preview_json(*prepared, kOrders, "", expected).ok());
  struct Case {
    std::string orders, options;
    ErrorCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {kOrders, R"({"sizeIncrment":1})", ErrorCode::UNSUPPORTED_FIELD, "options.sizeIncrment"},
      {kOrders, R"({"schedule":{}})", ErrorCode::UNSUPPORTED_FIELD, "options.schedule"},
      {kOrders, R"({"warningRatio":0.5})", ErrorCode::UNSUPPORTED_FIELD, "options.warningRatio"},
      {kOrders, R"({"liquidationWarningPercent":-10})", ErrorCode::OUT_OF_RANGE, "options.liquidationWarningPercent"},
      {kOrders, R"({"sizeIncrement":1,"sizeIncrement":2})", ErrorCode::DUPLICATE, "options.sizeIncrement"},
      {kOrders, R"({"positions":)" + repeat("[", 100000), ErrorCode::NESTING_TOO_DEEP, "options.positions" + repeat("[0]", kMaxNestingDepth - 1)},
      {R"({"instrument":"BTC_USDC-PERPETUAL","side":"buy","size":1,"prce":1})", "", ErrorCode::UNSUPPORTED_FIELD, "orders[0].prce"},
      {"[" + kOrders + R"(,{"instrument":"BTC-27DEC26-100000.0-C","side":"buy","size":1,"isolatedMargin":1e308}])", "",
       ErrorCode::OUT_OF_RANGE, "orders[1].isolatedMargin"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    std::string out = "untouched";
    const Status s = prepared_preview_json(*prepared, c.orders, c.options, out);
    EXPECT_EQ(s.code, c.code) << s.message;
    EXPECT_EQ(s.field, c.field) << s.message;
    EXPECT_EQ(out, "untouched");
    std::string again;
    ASSERT_TRUE(prepared_preview_json(*prepared, kOrders, "", again).ok());
    EXPECT_EQ(again, expected) << "the prepared account answers as before";
  }
}

// The last line of defence (src/io/json_output.cpp): a non-finite number or a negative margin in
// a result withholds it; +Infinity ratios are the documented null; -0 is written as 0.
TEST(JsonInputStrict, ResultsWithANonFiniteNumberOrANegativeMarginAreWithheld) {
  AccountRisk risk;
  risk.equity_usd = 100;
  risk.maintenance_margin_usd = -0.0;
  risk.margin_ratio = HUGE_VAL;
  std::string out;
  ASSERT_TRUE(account_risk_to_json(risk, {}, out).ok());
  EXPECT_NE(out.find(R"("marginRatio":null)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("maintenanceMarginUsd":0.0,)"), std::string::npos) << out;
  EXPECT_EQ(out.find("-0"), std::string::npos) << out;

  out = "untouched";
  risk.equity_usd = std::nan("");
  Status s = account_risk_to_json(risk, {}, out);
  EXPECT_EQ(s.code, ErrorCode::NON_FINITE_RESULT) << s.message;
  EXPECT_EQ(s.field, "equityUsd");
  EXPECT_EQ(out, "untouched");

  risk.equity_usd = 100;
  risk.leverage = std::nan("");  // NaN is no ratio to zero equity
  s = account_risk_to_json(risk, {}, out);
  EXPECT_EQ(s.code, ErrorCode::NON_FINITE_RESULT) << s.message;
  EXPECT_EQ(s.field, "leverage");

  risk.leverage = 0;
  risk.positions.resize(2);
  risk.positions[1].value.maintenance_margin_usd = -1;
  s = account_risk_to_json(risk, {}, out);
  EXPECT_EQ(s.code, ErrorCode::INTERNAL) << s.message;
  EXPECT_EQ(s.field, "risk.positions[1].maintenanceMarginUsd");

  TradePreview preview;
  preview.after.initial_margin_usd = -5;
  s = trade_preview_to_json(preview, out);
  EXPECT_EQ(s.code, ErrorCode::INTERNAL) << s.message;
  EXPECT_EQ(s.field, "after.initialMarginUsd");
  EXPECT_EQ(out, "untouched");
}

}  // namespace
}  // namespace marginkit
