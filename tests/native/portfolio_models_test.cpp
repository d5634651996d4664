// The named portfolio-margin models (portfolio-models/*.json, compiled in: io/embedded_sets.hpp):
// each file's sources and date, the compiled-in set equal to its file, every key given in every
// file, 'deribit' equal to the engine's built-in default, selection by config.portfolioModel by
// name or with overrides key by key, and a coded error naming the field for every bad value.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
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

ScenarioGridModel model_of(const std::string& config) {
  PreviewConfig parsed;
  const Status s = parse_config_json(config, parsed);
  EXPECT_TRUE(s.ok()) << config << ": " << s.message;
  return parsed.risk.portfolio.grid;
}

void expect_same_model(const ScenarioGridModel& a, const ScenarioGridModel& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.price_range, b.price_range);
  EXPECT_EQ(a.default_price_range, b.default_price_range);
  EXPECT_EQ(a.buckets, b.buckets);
  EXPECT_EQ(a.grid_vols, b.grid_vols);
  EXPECT_EQ(a.vol_range_up, b.vol_range_up);
  EXPECT_EQ(a.vol_range_down, b.vol_range_down);
  EXPECT_EQ(a.vol_points_up, b.vol_points_up);
  EXPECT_EQ(a.vol_points_down, b.vol_points_down);
  EXPECT_EQ(a.min_vol_up, b.min_vol_up);
  EXPECT_EQ(a.short_term_power, b.short_term_power);
  EXPECT_EQ(a.long_term_power, b.long_term_power);
  EXPECT_EQ(a.dte_floor_days, b.dte_floor_days);
  EXPECT_EQ(a.tail_moves, b.tail_moves);
  EXPECT_EQ(a.tail_moves_in_ranges, b.tail_moves_in_ranges);
  EXPECT_EQ(a.tail_vol, b.tail_vol);
  EXPECT_EQ(a.tail_factor, b.tail_factor);
  EXPECT_EQ(a.tail_weight_power, b.tail_weight_power);
  EXPECT_EQ(a.tail_options_only, b.tail_options_only);
  EXPECT_EQ(a.pnl_offset, b.pnl_offset);
  EXPECT_EQ(a.min_annualised_move, b.min_annualised_move);
  EXPECT_EQ(a.short_option_minimum, b.short_option_minimum);
  EXPECT_EQ(a.mm_factor, b.mm_factor);
}

TEST(PortfolioModels, EachFileIsCompiledInAsWritten) {
  std::vector<std::string> files;
  std::set<std::string> keys_of_first;
  for (const auto& entry : std::filesystem::directory_iterator(MARGINKIT_PORTFOLIO_MODELS_DIR)) {
    if (entry.path().extension() != ".json") continue;
    const json file = read_json_file(entry.path());
    const std::string name = entry.path().stem().string();
    ASSERT_FALSE(file.is_discarded()) << name;
    EXPECT_EQ(file.value("name", ""), name);
    EXPECT_EQ(file.value("read", "").size(), 10u) << name << ": the date its sources were read";
    ASSERT_TRUE(file.contains("sources") && !file["sources"].empty()) << name;
    for (const auto& source : file["sources"]) {
      EXPECT_EQ(source.value("url", "").rfind("http", 0), 0u) << name;
      EXPECT_FALSE(source.value("what", "").empty()) << name;
    }
    EXPECT_FALSE(file.value("notes", "").empty()) << name;
    ASSERT_TRUE(file.contains("model") && file["model"].is_object()) << name;
    // Every grid file gives every key (none falls back on another model's value), none of them
    // "name"; derive-pm2's holds its params (read whole: tests/js/derive_pm2_account.test.mjs).
    std::set<std::string> keys;
    for (const auto& item : file["model"].items()) keys.insert(item.key());
    EXPECT_EQ(keys.count("name"), 0u) << name;
    if (name == "derive-pm2") {
      EXPECT_EQ(keys, std::set<std::string>{"params"});
    } else {
      if (keys_of_first.empty()) keys_of_first = keys;
      EXPECT_EQ(keys, keys_of_first) << name;
    }
    bool compiled = false;
    for (const auto& set : embedded_portfolio_models()) {
      if (set.name != name) continue;
      compiled = true;
      EXPECT_EQ(json::parse(set.json), file["model"]) << name;
    }
    EXPECT_TRUE(compiled) << name;
    files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"deribit", "derive-pm2", "span"}));
  EXPECT_EQ(embedded_portfolio_models().size(), files.size());
  EXPECT_EQ(keys_of_first.size(), 22u);  // every key config.portfolioModel takes, but "name"
}

TEST(PortfolioModels, DeribitIsTheDefaultAndTheBuiltInParameters) {
  const ScenarioGridModel built_in;
  expect_same_model(model_of(""), built_in);
  expect_same_model(model_of(R"({"portfolioModel":"deribit"})"), built_in);
  expect_same_model(model_of(R"({"portfolioModel":{}})"), built_in);
}

TEST(PortfolioModels, SpanByNameAndOverriddenKeyByKey) {
  const ScenarioGridModel span = model_of(R"({"portfolioModel":"span"})");
  EXPECT_EQ(span.name, "span");
  EXPECT_EQ(span.buckets, 3);
  EXPECT_EQ(span.grid_vols, vol_bit(VolState::up) | vol_bit(VolState::down));
  EXPECT_EQ(span.vol_points_up, 0.1);
  EXPECT_EQ(span.vol_points_down, 0.1);
  EXPECT_EQ(span.vol_range_up, 0.0);
  EXPECT_EQ(span.tail_moves, (std::vector<double>{3.0, -3.0}));
  EXPECT_TRUE(span.tail_moves_in_ranges);
  EXPECT_EQ(span.tail_factor, 0.35);
  EXPECT_EQ(span.short_option_minimum, 0.01);
  const ScenarioGridModel wider =
      model_of(R"({"portfolioModel":{"name":"span","priceRange":{"BTC":0.2,"SOL":0.3},"shortOptionMinimum":0.02}})");
  EXPECT_EQ(wider.range_of("BTC"), 0.2);
  EXPECT_EQ(wider.range_of("ETH"), 0.2);
  EXPECT_EQ(wider.range_of("SOL"), 0.3);
  EXPECT_EQ(wider.short_option_minimum, 0.02);
  EXPECT_EQ(wider.mm_factor, span.mm_factor);
  EXPECT_EQ(wider.grid_vols, span.grid_vols);
  // null is "not given": the named set's range stays (it was read as a range of 0, no spot moves).
  const ScenarioGridModel unchanged = model_of(R"({"portfolioModel":{"name":"span","priceRange":{"BTC":null,"SOL":0.3}}})");
  EXPECT_EQ(unchanged.range_of("BTC"), span.range_of("BTC"));
  EXPECT_EQ(unchanged.range_of("SOL"), 0.3);
}

TEST(PortfolioModels, BadParametersAreCodedErrorsOnTheirPath) {
  const std::string account = R"({"mode":"portfolio","collateral":{"BTC":1}})";
  const std::string market = R"({"time":"2026-11-24T08:00:00Z","underlyings":{"BTC":{"index":100000,"vol":0.5}}})";
  struct Case {
    const char* config;
    ErrorCode code;
    const char* field;
  };
  const Case cases[] = {
      {R"({"portfolioModel":"spam"})", ErrorCode::INVALID_ENUM, "config.portfolioModel"},
      {R"({"portfolioModel":{"name":"derive-pm3"}})", ErrorCode::INVALID_ENUM, "config.portfolioModel.name"},
      {R"({"portfolioModel":{"name":"derive-pm2","buckets":3}})", ErrorCode::UNSUPPORTED_FIELD, "config.portfolioModel.buckets"},
      {R"({"portfolioModel":{"name":"span","extremeCover":0.3}})", ErrorCode::UNSUPPORTED_FIELD,
       "config.portfolioModel.extremeCover"},
      {R"({"portfolioModel":{"gridVols":["up","sideways"]}})", ErrorCode::INVALID_ENUM, "config.portfolioModel.gridVols[1]"},
      {R"({"portfolioModel":{"gridVols":["up",1]}})", ErrorCode::INVALID_TYPE, "config.portfolioModel.gridVols[1]"},
      {R"({"portfolioModel":{"gridVols":[]}})", ErrorCode::INVALID_TYPE, "config.portfolioModel.gridVols"},
      {R"({"portfolioModel":{"tailVol":"high"}})", ErrorCode::INVALID_ENUM, "config.portfolioModel.tailVol"},
      {R"({"portfolioModel":{"tailMovesIn":"ranges"}})", ErrorCode::INVALID_ENUM, "config.portfolioModel.tailMovesIn"},
      {R"({"portfolioModel":{"tailOptionsOnly":1}})", ErrorCode::INVALID_TYPE, "config.portfolioModel.tailOptionsOnly"},
      {R"({"portfolioModel":{"name":"span","shortOptionMinimum":-0.01}})", ErrorCode::OUT_OF_RANGE,
       "config.portfolioModel.shortOptionMinimum"},
      {R"({"portfolioModel":{"volPointsDown":11}})", ErrorCode::OUT_OF_RANGE, "config.portfolioModel.volPointsDown"},
      {R"({"portfolioModel":{"tailWeightPower":3}})", ErrorCode::OUT_OF_RANGE, "config.portfolioModel.tailWeightPower"},
      // -3 price ranges of 40 % would take the index below 0.
      {R"({"portfolioModel":{"name":"span","priceRange":{"BTC":0.4}}})", ErrorCode::OUT_OF_RANGE,
       "config.portfolioModel.tailMoves[1]"},
      {R"({"portfolioModel":{"tailMoves":[-1]}})", ErrorCode::OUT_OF_RANGE, "config.portfolioModel.tailMoves[0]"},
      // A misspelt key of derive-pm2's params is refused even when null (the merge once skipped it).
      {R"({"portfolioModel":{"name":"derive-pm2","params":{"skwe":null}}})", ErrorCode::UNSUPPORTED_FIELD,
       "config.portfolioModel.params.skwe"},
      {R"({"portfolioModel":{"name":"derive-pm2","params":{"volShock":{"volRangeUpp":null}}}})",
       ErrorCode::UNSUPPORTED_FIELD, "config.portfolioModel.params.volShock.volRangeUpp"},
  };
  for (const auto& c : cases) {
    std::string out;
    const Status s = account_risk_json(account, market, c.config, out);
    EXPECT_EQ(s.code, c.code) << c.config << ": " << s.message;
    EXPECT_EQ(s.field, c.field) << c.config;
  }
}

}  // namespace
}  // namespace marginkit
