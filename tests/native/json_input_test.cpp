// Bad input through the JSON doors (src/io/json_api.*, json_input.*): every row gives the
// documented ErrorCode AND the JSON path of the offending field, as web/marginkit.d.ts
// promises ("field the JSON path (e.g. 'account.positions[3].size')", "order fields as
// 'orders[i].size'"). Shapes: AccountInput, MarketInput, OrderInput, MarginConfig.
// Each row changes one thing in a valid request.
#include <gtest/gtest.h>

#include <string>

#include "io/json_api.hpp"
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
  const char* field;
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
  r.push_back({"unknown mode", R"({"mode":"portfolio"})", M, O, C, ErrorCode::INVALID_ENUM, "account.mode"});
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
  r.push_back({"tierSize 0", A, M, O, R"({"schedule":{"futures":{"tierSize":0}}})", ErrorCode::NON_POSITIVE,
               "config.schedule.futures.tierSize"});
  r.push_back({"option rule as a string", A, M, O, R"({"schedule":{"options":{"initialBase":"0.15"}}})", ErrorCode::INVALID_TYPE,
               "config.schedule.options.initialBase"});
  r.push_back({"sizeIncrement 0", A, M, O, R"({"sizeIncrement":0})", ErrorCode::NON_POSITIVE, "config.sizeIncrement"});
  return r;
}

bool is_about_orders(const Row& row) { return std::string(row.field).rfind("orders", 0) == 0; }

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


}  // namespace
}  // namespace marginkit
