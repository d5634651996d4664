// Derive's PM2 portfolio margin (src/portfolio/derive_pm2.hpp) against the published reference
// cases in tests/reference/derive_pm2_subset.json (source and conventions:
// tests/reference/ORACLES_README.md): every case's inputs and params go through the JSON door
// (src/io/derive_pm2_json.hpp) and the model; mtm, mm and im must meet the case's tolerance
// (|computed - expected| <= abs or <= rel |expected|). The published intermediate values
// (diagnostics) are checked at the same tolerance, so that a failure points at its step.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>

#include "io/derive_pm2_json.hpp"
#include "io/json_reader.hpp"
#include "portfolio/derive_pm2.hpp"
#include "reference_csv.hpp"
#include "test_support.hpp"

namespace {

using marginkit::Json;
using marginkit::Pm2Params;
using marginkit::Pm2Portfolio;
using marginkit::Pm2Result;
using marginkit::test::num;

Json load_cases() {
  const std::string path = marginkit::test::reference_path("derive_pm2_subset.json");
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  Json document;
  const marginkit::Status status = marginkit::parse_json_document(text.str(), path, document);
  EXPECT_TRUE(status.ok()) << path << ": " << status.message;
  return document;
}

struct Tolerance {
  double rel, abs;
  bool accepts(double computed, double expected) const {
    const double error = std::fabs(computed - expected);
    return std::isfinite(computed) && (error <= abs || error <= rel * std::fabs(expected));
  }
};

TEST(DerivePm2, PublishedCasesMeetTheirTolerance) {
  const Json document = load_cases();
  ASSERT_EQ(document.value("format", ""), "marginkit-oracle/derive-pm2/v1");
  const Json& cases = document.at("cases");
  ASSERT_EQ(cases.size(), 51u);
  double worst[3] = {0, 0, 0};  // relative error of mtm, mm, im
  const char* kOutputs[3] = {"mtm", "mm", "im"};
  for (const Json& c : cases) {
    const std::string id = c.at("id").get<std::string>();
    Pm2Portfolio portfolio;
    Pm2Params params;
    const marginkit::Status in = marginkit::parse_derive_pm2_inputs(c.at("inputs").dump(), portfolio);
    const marginkit::Status pa = marginkit::parse_derive_pm2_params(c.at("params").dump(), params);
    ASSERT_TRUE(in.ok()) << id << ": " << in.message;
    ASSERT_TRUE(pa.ok()) << id << ": " << pa.message;
    const Pm2Result r = marginkit::derive_pm2_margin(portfolio, params);

    const Json& expected = c.at("expected");
    const Tolerance tolerance{expected.at("tolerance").at("rel").get<double>(),
                              expected.at("tolerance").at("abs").get<double>()};
    const double computed[3] = {r.mtm, r.mm, r.im};
    for (int i = 0; i < 3; ++i) {
      const double want = expected.at(kOutputs[i]).get<double>();
      EXPECT_TRUE(tolerance.accepts(computed[i], want))
          << id << " " << kOutputs[i] << ": computed " << num(computed[i]) << ", expected " << num(want)
          << ", difference " << num(computed[i] - want);
      worst[i] = std::max(worst[i], std::fabs(computed[i] - want) / std::max(std::fabs(want), 1e-300));
    }

    // The intermediate values, at the same tolerance: which step is wrong when an output is.
    const Json& d = c.at("diagnostics");
    auto check = [&](const char* name, double value, const Json& want) {
      if (want.is_null()) return;
      EXPECT_TRUE(tolerance.accepts(value, want.get<double>()))
          << id << " diagnostics " << name << ": computed " << num(value) << ", expected " << num(want.get<double>());
    };
    auto check_optional = [&](const char* name, const std::optional<double>& value, const Json& want) {
      EXPECT_EQ(value.has_value(), !want.is_null()) << id << " diagnostics " << name;
      if (value) check(name, *value, want);
    };
    const std::pair<const char*, double> scalars[] = {
        {"/worstPnl", r.worst_pnl},
        {"/basisContingency", r.basis_contingency},
        {"/optionMtm", r.option_mtm},
        {"/perpMtm", r.perp_mtm},
        {"/collateralMtm", r.collateral_mtm},
        {"/mmContingency/perp", r.mm_contingency.perp},
        {"/mmContingency/option", r.mm_contingency.option},
        {"/mmContingency/collateral", r.mm_contingency.collateral},
        {"/imContingency/perp", r.im_contingency.perp},
        {"/imContingency/option", r.im_contingency.option},
        {"/imContingency/collateral", r.im_contingency.collateral},
        {"/imContingency/confidence", r.im_contingency.confidence},
        {"/imFactor", r.im_factor}};
    for (const auto& [pointer, value] : scalars) check(pointer, value, d.at(Json::json_pointer(pointer)));
    check_optional("worstRegularPnl", r.worst_regular_pnl, d.at("worstRegularPnl"));
    check_optional("worstTailPnl", r.worst_tail_pnl, d.at("worstTailPnl"));
    check_optional("worstSkewPnl", r.worst_skew_pnl, d.at("worstSkewPnl"));
    // Below a millionth of a cash unit the worst loss is rounding noise (a short box's legs
    // cancelling), and which noise is lowest is not a fact about the model.
    if (std::fabs(r.worst_pnl) > 1e-6) EXPECT_EQ(marginkit::pm2_binding(r), d.at("binding").get<std::string>()) << id;
    const Json& per_expiry = d.at("perExpiry");
    ASSERT_EQ(r.per_expiry.size(), per_expiry.size()) << id;
    for (std::size_t e = 0; e < per_expiry.size(); ++e) {
      const Json& want = per_expiry[e];
      const marginkit::Pm2ExpiryDiagnostics& got = r.per_expiry[e];
      const std::pair<const char*, double> fields[] = {
          {"expirySeconds", got.expiry_seconds}, {"mtm", got.mtm},
          {"volShockUp", got.vol_shock_up}, {"volShockDown", got.vol_shock_down},
          {"staticDiscountPos", got.static_discount_pos}, {"staticDiscountNeg", got.static_discount_neg},
          {"nakedShorts", got.naked_shorts}};
      for (const auto& [name, value] : fields) check(name, value, want.at(name));
    }
    ASSERT_EQ(r.scenario_pnl.size(), params.scenarios.size()) << id;
  }
  std::cout << "derive_pm2: worst relative error over " << cases.size() << " cases: mtm " << num(worst[0]) << ", mm "
            << num(worst[1]) << ", im " << num(worst[2]) << "\n";
}

// The smallest portfolio the model can hold: one option, the given scenarios, neutral parameters
// (no static discount, no contingencies, no basis term) unless a test changes them.
Pm2Portfolio one_option(marginkit::OptionType kind, double strike, double amount, double vol) {
  Pm2Portfolio p;
  p.spot = 100;
  p.expiries.push_back({30 * 86400.0, 100, 0, 0.05, 1, 1, 1, {{strike, kind, amount, vol}}});
  return p;
}

Pm2Params neutral_params(std::vector<marginkit::Pm2Scenario> scenarios) {
  Pm2Params params;
  params.scenarios = std::move(scenarios);
  params.vol_shock = {0.5, 0.275, 0.3, 0.13, 1, 0.45};
  params.loss_factors = {0.8, 1.0};
  params.static_discount = {1, 0, 0, 1, 0, 0};
  params.basis = {1, 1, 0, 0};
  params.contingency = {0, 0, 0, 0, 0.55, 1, 0.98, 2};
  params.skew = {0.15, -0.05, 0.15, -0.05, 0.01, 4, 0.6, -0.1};
  return params;
}

TEST(DerivePm2, AVolShockedToZeroIsValuedAtDiscountedIntrinsic) {
  using marginkit::OptionType;
  using marginkit::Pm2ScenarioClass;
  using marginkit::Pm2VolMove;
  Pm2Params params = neutral_params({{Pm2ScenarioClass::regular, 1.1, Pm2VolMove::down, 1}});
  params.vol_shock.vol_range_down = 50;  // the down multiplier is max(0, 1 - 50 x^p) = 0
  const double discount = std::exp(-0.05 * 30.0 / 365.0);
  for (const OptionType kind : {OptionType::call, OptionType::put}) {
    const Pm2Result r = marginkit::derive_pm2_margin(one_option(kind, 105, 2, 0.6), params);
    ASSERT_EQ(r.per_expiry.at(0).vol_shock_down, 0.0);
    const double intrinsic = std::max(static_cast<double>(kind) * (110.0 - 105.0), 0.0);
    EXPECT_NEAR(r.scenario_pnl.at(0), 2 * discount * intrinsic - r.mtm, 1e-12) << marginkit::test::name(kind);
    std::string json;
    EXPECT_TRUE(marginkit::derive_pm2_result_to_json(r, params, json).ok());
  }
}

TEST(DerivePm2, SkewScenariosCountAGainAsALoss) {
  using marginkit::OptionType;
  using marginkit::Pm2ScenarioClass;
  using marginkit::Pm2VolMove;
  const Pm2Params params = neutral_params({{Pm2ScenarioClass::skew, 1, Pm2VolMove::linear, 1}});
  // An upward tilt raises an out-of-the-money call's vol: a long gains, a short loses; both
  // count the same loss.
  const Pm2Result long_call = marginkit::derive_pm2_margin(one_option(OptionType::call, 120, 1, 0.6), params);
  const Pm2Result short_call = marginkit::derive_pm2_margin(one_option(OptionType::call, 120, -1, 0.6), params);
  EXPECT_LT(long_call.scenario_pnl.at(0), 0.0);
  EXPECT_DOUBLE_EQ(long_call.scenario_pnl.at(0), short_call.scenario_pnl.at(0));
}

TEST(DerivePm2, JsonDoorNamesTheOffendingPath) {
  const Json document = load_cases();
  const Json& c = document.at("cases").at(4);  // one short call
  Json inputs = c.at("inputs");
  std::string out;
  ASSERT_TRUE(marginkit::derive_pm2_json(inputs.dump(), c.at("params").dump(), out).ok());

  inputs["options"][0]["markVolatility"] = 0.5;
  marginkit::Status s = marginkit::derive_pm2_json(inputs.dump(), c.at("params").dump(), out);
  EXPECT_EQ(s.code, marginkit::ErrorCode::UNSUPPORTED_FIELD);
  EXPECT_EQ(s.field, "inputs.options[0].markVolatility");

  Json params = c.at("params");
  params["skew"]["minKStar"] = "0.01";
  s = marginkit::derive_pm2_json(c.at("inputs").dump(), params.dump(), out);
  EXPECT_EQ(s.code, marginkit::ErrorCode::INVALID_TYPE);
  EXPECT_EQ(s.field, "params.skew.minKStar");

  params = c.at("params");
  params["contingency"].erase("confMargin");  // every parameter is data: none has a default
  s = marginkit::derive_pm2_json(c.at("inputs").dump(), params.dump(), out);
  EXPECT_EQ(s.code, marginkit::ErrorCode::MISSING_FIELD);
  EXPECT_EQ(s.field, "params.contingency.confMargin");

  inputs = c.at("inputs");
  inputs["spot"]["confidence"] = 1.5;
  s = marginkit::derive_pm2_json(inputs.dump(), c.at("params").dump(), out);
  EXPECT_EQ(s.code, marginkit::ErrorCode::OUT_OF_RANGE);
  EXPECT_EQ(s.field, "inputs.spot.confidence");

  inputs = c.at("inputs");
  inputs["options"][0]["expirySeconds"] = 12345;
  s = marginkit::derive_pm2_json(inputs.dump(), c.at("params").dump(), out);
  EXPECT_EQ(s.code, marginkit::ErrorCode::MISSING_MARKET_DATA);
  EXPECT_EQ(s.field, "inputs.options[0].expirySeconds");
}

}  // namespace
