// Venue profiles (profiles/*.json, compiled in: io/embedded_sets.hpp) and the schedule keys that
// express venue rules: each file's sources and date, selection by config.profile, key-by-key
// overrides, a coded error naming the field for every bad value, and marks at intrinsic value
// (Derive's own examples use them) valued at zero vol.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/embedded_sets.hpp"
#include "io/json_api.hpp"
#include "io/json_input.hpp"
#include "json_file.hpp"

namespace marginkit {
namespace {

using nlohmann::json;
using test::read_json_file;

TEST(VenueProfiles, EveryFileHasItsSourcesAndDateAndIsCompiledIn) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(MARGINKIT_PROFILES_DIR)) {
    if (entry.path().extension() != ".json") continue;
    const json profile = read_json_file(entry.path());
    ASSERT_TRUE(profile.is_object()) << entry.path();
    const std::string name = profile.value("name", "");
    EXPECT_EQ(name + ".json", entry.path().filename().string());
    EXPECT_EQ(profile.value("read", ""), "2026-11-26") << name;
    ASSERT_TRUE(profile.contains("sources") && profile["sources"].is_array() && !profile["sources"].empty()) << name;
    for (const auto& source : profile["sources"]) {
      EXPECT_EQ(source.value("url", "").rfind("https://", 0), 0u) << name;
      EXPECT_FALSE(source.value("what", "").empty()) << name;
    }
    EXPECT_TRUE(profile.contains("checked") && !profile["checked"].empty()) << name << ": which examples were checked";
    EXPECT_TRUE(profile.contains("schedule")) << name;
    files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> compiled;
  for (const auto& p : embedded_profiles()) compiled.push_back(p.name);
  EXPECT_EQ(files, compiled);
  EXPECT_EQ(compiled, (std::vector<std::string>{"bit", "bybit", "deribit", "derive", "okx"}));
  // Every compiled-in schedule reads without error (config.profile reads it the same way).
  for (const auto& p : embedded_profiles()) {
    PreviewConfig config;
    const Status s = parse_config_json(std::string(R"({"profile":")") + p.name + "\"}", config);
    EXPECT_TRUE(s.ok()) << p.name << ": " << s.message;
  }
}

TEST(VenueProfiles, TheDeribitProfileIsTheDefault) {
  PreviewConfig defaults, deribit;
  ASSERT_TRUE(parse_config_json("", defaults).ok());
  ASSERT_TRUE(parse_config_json(R"({"profile":"deribit"})", deribit).ok());
  const auto& a = defaults.risk.schedule;
  const auto& b = deribit.risk.schedule;
  EXPECT_EQ(a.options.initial_base, b.options.initial_base);
  EXPECT_EQ(a.options.maintenance_rate, b.options.maintenance_rate);
  EXPECT_EQ(a.options.put_mark_rate, b.options.put_mark_rate);
  EXPECT_EQ(a.options.reference, ReferencePrice::forward);
  EXPECT_EQ(b.options.reference, ReferencePrice::forward);
  EXPECT_EQ(a.futures.rate_step, b.futures.rate_step);
  EXPECT_TRUE(b.futures.tiers.empty());
}

TEST(VenueProfiles, ASchedulesKeysOverrideTheProfilesOneByOne) {
  PreviewConfig config;
  ASSERT_TRUE(parse_config_json(R"({"schedule":{"options":{"liquidationFeeRate":0.001}},"profile":"bybit"})", config).ok());
  const auto& o = config.risk.schedule.options;
  EXPECT_EQ(o.liquidation_fee_rate, 0.001);  // the override, whatever the keys' order
  EXPECT_EQ(o.maintenance_rate, 0.03);       // the profile's
  EXPECT_EQ(o.premium_basis, PremiumBasis::max_entry_mark);
  EXPECT_EQ(config.risk.schedule.futures.tiers.size(), 1u);
  // tiers: [] restores the linear add-on over a profile's table, with its keys.
  ASSERT_TRUE(parse_config_json(R"({"profile":"bybit","schedule":{"futures":{"tiers":[],"initialRate":0.01}}})", config).ok());
  EXPECT_TRUE(config.risk.schedule.futures.tiers.empty());
  EXPECT_EQ(config.risk.schedule.futures.initial_rate, 0.01);
}

struct BadConfig {
  const char* what;
  std::string config;
  ErrorCode code;
  const char* field;
};

std::string schedule(const std::string& inner) { return R"({"schedule":)" + inner + "}"; }
std::string options(const std::string& inner) { return schedule(R"({"options":{)" + inner + "}}"); }
std::string futures(const std::string& inner) { return schedule(R"({"futures":{)" + inner + "}}"); }
const std::string kTier = R"({"upTo":10,"initialRate":0.02,"maintenanceRate":0.01})";

TEST(VenueProfiles, EveryBadValueIsACodedErrorNamingItsField) {
  const std::vector<BadConfig> rows = {
      {"unknown profile", R"({"profile":"binance"})", ErrorCode::INVALID_ENUM, "config.profile"},
      {"profile not a string", R"({"profile":3})", ErrorCode::INVALID_TYPE, "config.profile"},
      {"negative liquidation fee", options(R"("liquidationFeeRate":-0.001)"), ErrorCode::OUT_OF_RANGE,
       "config.schedule.options.liquidationFeeRate"},
      {"otmRate above 10", options(R"("otmRate":11)"), ErrorCode::OUT_OF_RANGE, "config.schedule.options.otmRate"},
      {"negative call mark rate", options(R"("callMarkRate":-1)"), ErrorCode::OUT_OF_RANGE,
       "config.schedule.options.callMarkRate"},
      {"negative put multiple", options(R"("putMaintenanceMultiple":-0.5)"), ErrorCode::OUT_OF_RANGE,
       "config.schedule.options.putMaintenanceMultiple"},
      {"call multiple above 10", options(R"("callMaintenanceMultiple":10.5)"), ErrorCode::OUT_OF_RANGE,
       "config.schedule.options.callMaintenanceMultiple"},
      {"reference price not a choice", options(R"("referencePrice":"spot")"), ErrorCode::INVALID_ENUM,
       "config.schedule.options.referencePrice"},
      {"premium basis not a choice", options(R"("premiumBasis":"entry")"), ErrorCode::INVALID_ENUM,
       "config.schedule.options.premiumBasis"},
      {"premium basis not a string", options(R"("premiumBasis":1)"), ErrorCode::INVALID_TYPE,
       "config.schedule.options.premiumBasis"},
      {"misspelt option key", options(R"("liquidationFee":0.1)"), ErrorCode::UNSUPPORTED_FIELD,
       "config.schedule.options.liquidationFee"},
      {"tiers not an array", futures(R"("tiers":{})"), ErrorCode::INVALID_TYPE, "config.schedule.futures.tiers"},
      {"a tier not an object", futures(R"("tiers":[5])"), ErrorCode::INVALID_TYPE, "config.schedule.futures.tiers[0]"},
      {"a tier without upTo", futures(R"("tiers":[{"initialRate":0.1,"maintenanceRate":0.1}])"), ErrorCode::MISSING_FIELD,
       "config.schedule.futures.tiers[0].upTo"},
      {"a tier without its MM rate", futures(R"("tiers":[{"upTo":1,"initialRate":0.1}])"), ErrorCode::MISSING_FIELD,
       "config.schedule.futures.tiers[0].maintenanceRate"},
      {"a zero bound", futures(R"("tiers":[{"upTo":0,"initialRate":0.1,"maintenanceRate":0.1}])"),
       ErrorCode::NON_POSITIVE, "config.schedule.futures.tiers[0].upTo"},
      {"a negative tier rate", futures(R"("tiers":[{"upTo":1,"initialRate":-0.1,"maintenanceRate":0.1}])"),
       ErrorCode::OUT_OF_RANGE, "config.schedule.futures.tiers[0].initialRate"},
      {"tiers out of order", futures(R"("tiers":[)" + kTier + R"(,{"upTo":5,"initialRate":0.03,"maintenanceRate":0.02}])"),
       ErrorCode::OUT_OF_RANGE, "config.schedule.futures.tiers[1].upTo"},
      {"tiers overlapping (the same bound twice)",
       futures(R"("tiers":[)" + kTier + R"(,{"upTo":10,"initialRate":0.03,"maintenanceRate":0.02}])"),
       ErrorCode::OUT_OF_RANGE, "config.schedule.futures.tiers[1].upTo"},
      {"a rate that falls", futures(R"("tiers":[)" + kTier + R"(,{"upTo":20,"initialRate":0.03,"maintenanceRate":0.005}])"),
       ErrorCode::OUT_OF_RANGE, "config.schedule.futures.tiers[1].maintenanceRate"},
      {"a misspelt tier key", futures(R"("tiers":[{"upto":1,"initialRate":0.1,"maintenanceRate":0.1}])"),
       ErrorCode::UNSUPPORTED_FIELD, "config.schedule.futures.tiers[0].upto"},
      {"tier unit not a choice", futures(R"("tiers":[)" + kTier + R"(],"tierUnit":"contracts")"), ErrorCode::INVALID_ENUM,
       "config.schedule.futures.tierUnit"},
      {"tier mode not a choice", futures(R"("tiers":[)" + kTier + R"(],"tierMode":"stepped")"), ErrorCode::INVALID_ENUM,
       "config.schedule.futures.tierMode"},
      {"a linear key with a table", futures(R"("tiers":[)" + kTier + R"(],"rateStep":0.01)"), ErrorCode::UNSUPPORTED_FIELD,
       "config.schedule.futures.rateStep"},
      {"a linear key over a profile's table", R"({"profile":"bybit","schedule":{"futures":{"initialRate":0.01}}})",
       ErrorCode::UNSUPPORTED_FIELD, "config.schedule.futures.initialRate"},
      {"a table key without a table", futures(R"("tierMode":"whole")"), ErrorCode::UNSUPPORTED_FIELD,
       "config.schedule.futures.tierMode"},
  };
  for (const auto& row : rows) {
    PreviewConfig config;
    const Status s = parse_config_json(row.config, config);
    EXPECT_EQ(s.code, row.code) << row.what << ": " << s.message;
    EXPECT_EQ(s.field, row.field) << row.what << ": " << s.message;
  }
  // The unknown profile's message lists the names.
  PreviewConfig config;
  const Status s = parse_config_json(R"({"profile":"binance"})", config);
  for (const char* name : {"'bit'", "'bybit'", "'deribit'", "'derive'", "'okx'"}) {
    EXPECT_NE(s.message.find(name), std::string::npos) << s.message;
  }
  // Too many brackets.
  std::string many = R"("tiers":[)";
  for (int i = 1; i <= 65; ++i) {
    many += std::string(i > 1 ? "," : "") + R"({"upTo":)" + std::to_string(i) + R"(,"initialRate":0.1,"maintenanceRate":0.1})";
  }
  const Status too_many = parse_config_json(futures(many + "]"), config);
  EXPECT_EQ(too_many.code, ErrorCode::OUT_OF_RANGE);
  EXPECT_EQ(too_many.field, "config.schedule.futures.tiers");
  // A profile is the portfolio's, fixed when it is made.
  PreviewConfig preview;
  const Status fixed = parse_preview_options_json(R"({"profile":"okx"})", PreviewConfig{}, preview);
  EXPECT_EQ(fixed.code, ErrorCode::UNSUPPORTED_FIELD);
  EXPECT_EQ(fixed.field, "options.profile");
}

// Derive's examples through the whole engine: linear options on an underlying at 1,500 (rate 0,
// so forward = index), their marks given; two marks are the options' intrinsic values, which are
// valued at zero vol (delta 1 or -1, no gamma) rather than refused.
TEST(VenueProfiles, DeriveExamplesThroughJsonWithMarksAtIntrinsic) {
  const std::string market = R"({"time":"2026-11-24T08:00:00Z","underlyings":{"ETH":{"index":1500,"vol":0.6}},
    "markPrices":{"ETH_USDC-26MAR27-1500-C":100,"ETH_USDC-26MAR27-400-C":1100,"ETH_USDC-26MAR27-3000-C":10,
                  "ETH_USDC-26MAR27-1500-P":100,"ETH_USDC-26MAR27-3000-P":1500,"ETH_USDC-26MAR27-400-P":10}})";
  const std::string account = R"({"collateral":{"USDC":100000},"positions":[
    {"instrument":"ETH_USDC-26MAR27-1500-C","size":-1,"entryPrice":100},{"instrument":"ETH_USDC-26MAR27-400-C","size":-1,"entryPrice":1100},
    {"instrument":"ETH_USDC-26MAR27-3000-C","size":-1,"entryPrice":10},{"instrument":"ETH_USDC-26MAR27-1500-P","size":-1,"entryPrice":100},
    {"instrument":"ETH_USDC-26MAR27-3000-P","size":-1,"entryPrice":1500},{"instrument":"ETH_USDC-26MAR27-400-P","size":-1,"entryPrice":10}]})";
  std::string out;
  const Status s = account_risk_json(account, market, R"({"profile":"derive"})", out);
  ASSERT_TRUE(s.ok()) << s.message;
  const json risk = json::parse(out);
  const double expected[][2] = {{325, 212.5}, {1325, 1212.5}, {160, 122.5}, {325, 212.5}, {1725, 1612.5}, {160, 122.5}};
  ASSERT_EQ(risk["positions"].size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    const json& p = risk["positions"][i];
    EXPECT_NEAR(p["initialMarginUsd"].get<double>(), expected[i][0], 1e-7) << p["instrument"];
    EXPECT_NEAR(p["maintenanceMarginUsd"].get<double>(), expected[i][1], 1e-7) << p["instrument"];
    EXPECT_NEAR(p["mark"].get<double>(), json::parse(market)["markPrices"][p["instrument"].get<std::string>()].get<double>(),
                1e-9);
  }
  // The two at intrinsic: short 1 call (delta -1 coin) and short 1 put (+1), no gamma, no vega.
  for (std::size_t i : {1u, 4u}) {
    const json& p = risk["positions"][i];
    EXPECT_DOUBLE_EQ(p["deltaCoins"].get<double>(), i == 1 ? -1.0 : 1.0) << p["instrument"];
    EXPECT_EQ(p["gammaPerUsd"].get<double>(), 0.0) << p["instrument"];
  }
  // A mark below intrinsic is still refused.
  std::string below = market;
  below.replace(below.find("\"ETH_USDC-26MAR27-400-C\":1100"), 29, "\"ETH_USDC-26MAR27-400-C\":1099");
  const Status refused = account_risk_json(account, below, R"({"profile":"derive"})", out);
  EXPECT_EQ(refused.code, ErrorCode::PRICE_OUT_OF_BOUNDS);
  EXPECT_EQ(refused.field, "market.markPrices.ETH_USDC-26MAR27-400-C");
}

}  // namespace
}  // namespace marginkit
