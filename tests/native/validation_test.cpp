// price_option's input validation (src/pricing/price_option.cpp, src/common/checks.hpp): every
// bad input gives the documented ErrorCode and names its field, and `out` is left untouched.
// Limits, as documented in web/marginkit.d.ts: 1e-12 <= underlying, strike <= 1e15; one second
// (1/31,536,000 year) <= t <= 100 (t <= 0: INSTRUMENT_EXPIRED); 1e-4 <= vol <= 10; |rate|,
// |carry| <= 5. Outside them: NON_POSITIVE for <= 0, else OUT_OF_RANGE.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "pricing/price_option.hpp"
#include "test_support.hpp"

namespace {

using marginkit::ErrorCode;
using marginkit::Greeks;
using marginkit::OptionSpec;
using marginkit::OptionType;
using marginkit::PricingModel;
using marginkit::Settlement;
using marginkit::Status;
using marginkit::test::num;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

OptionSpec valid_spec(PricingModel model, Settlement settlement) {
  OptionSpec spec;
  spec.type = OptionType::put;
  spec.model = model;
  spec.settlement = settlement;
  spec.underlying = 100.0;
  spec.strike = 95.0;
  spec.t = 0.5;
  spec.vol = 0.4;
  spec.rate = 0.03;
  spec.carry = 0.01;
  return spec;
}

// A recognisable value in every field, to see that a failed call wrote nothing.
Greeks sentinel() {
  Greeks g;
  for (double Greeks::*m : {&Greeks::price, &Greeks::delta, &Greeks::gamma, &Greeks::vega,
                            &Greeks::theta, &Greeks::rho, &Greeks::vanna, &Greeks::volga,
                            &Greeks::charm}) {
    g.*m = -12345.678;
  }
  return g;
}

bool same_bits(const Greeks& a, const Greeks& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

struct BadInput {
  double OptionSpec::*member;
  double value;
  ErrorCode code;
  const char* field;
  bool bsm_only;  // carry is ignored by black76, so only bsm rows are required to reject it
};

// Each row changes one input of a valid spec.
const BadInput kBadInputs[] = {
    {&OptionSpec::underlying, kNaN, ErrorCode::NOT_FINITE, "underlying", false},
    {&OptionSpec::underlying, kInf, ErrorCode::NOT_FINITE, "underlying", false},
    {&OptionSpec::underlying, -kInf, ErrorCode::NOT_FINITE, "underlying", false},
    {&OptionSpec::underlying, 0.0, ErrorCode::NON_POSITIVE, "underlying", false},
    {&OptionSpec::underlying, -100.0, ErrorCode::NON_POSITIVE, "underlying", false},
    {&OptionSpec::underlying, 2e15, ErrorCode::OUT_OF_RANGE, "underlying", false},
    {&OptionSpec::underlying, 1e-13, ErrorCode::OUT_OF_RANGE, "underlying", false},
    {&OptionSpec::strike, kNaN, ErrorCode::NOT_FINITE, "strike", false},
    {&OptionSpec::strike, kInf, ErrorCode::NOT_FINITE, "strike", false},
    {&OptionSpec::strike, -kInf, ErrorCode::NOT_FINITE, "strike", false},
    {&OptionSpec::strike, 0.0, ErrorCode::NON_POSITIVE, "strike", false},
    {&OptionSpec::strike, -95.0, ErrorCode::NON_POSITIVE, "strike", false},
    {&OptionSpec::strike, 1e16, ErrorCode::OUT_OF_RANGE, "strike", false},
    {&OptionSpec::strike, 5e-13, ErrorCode::OUT_OF_RANGE, "strike", false},
    {&OptionSpec::t, kNaN, ErrorCode::NOT_FINITE, "t", false},
    {&OptionSpec::t, kInf, ErrorCode::NOT_FINITE, "t", false},
    {&OptionSpec::t, -kInf, ErrorCode::NOT_FINITE, "t", false},
    {&OptionSpec::t, 0.0, ErrorCode::INSTRUMENT_EXPIRED, "t", false},
    {&OptionSpec::t, -0.0, ErrorCode::INSTRUMENT_EXPIRED, "t", false},
    {&OptionSpec::t, -0.25, ErrorCode::INSTRUMENT_EXPIRED, "t", false},
    {&OptionSpec::t, 100.5, ErrorCode::OUT_OF_RANGE, "t", false},
    {&OptionSpec::t, 0.5 / 31536000, ErrorCode::OUT_OF_RANGE, "t", false},  // half a second
    {&OptionSpec::t, 1e-300, ErrorCode::OUT_OF_RANGE, "t", false},
    {&OptionSpec::vol, kNaN, ErrorCode::NOT_FINITE, "vol", false},
    {&OptionSpec::vol, kInf, ErrorCode::NOT_FINITE, "vol", false},
    {&OptionSpec::vol, -kInf, ErrorCode::NOT_FINITE, "vol", false},
    {&OptionSpec::vol, 0.0, ErrorCode::NON_POSITIVE, "vol", false},
    {&OptionSpec::vol, -0.4, ErrorCode::NON_POSITIVE, "vol", false},
    {&OptionSpec::vol, 10.5, ErrorCode::OUT_OF_RANGE, "vol", false},
    {&OptionSpec::vol, 65.0, ErrorCode::OUT_OF_RANGE, "vol", false},  // 65 % typed as 65
    {&OptionSpec::vol, 5e-5, ErrorCode::OUT_OF_RANGE, "vol", false},
    {&OptionSpec::rate, kNaN, ErrorCode::NOT_FINITE, "rate", false},
    {&OptionSpec::rate, kInf, ErrorCode::NOT_FINITE, "rate", false},
    {&OptionSpec::rate, -kInf, ErrorCode::NOT_FINITE, "rate", false},
    {&OptionSpec::rate, 5.5, ErrorCode::OUT_OF_RANGE, "rate", false},
    {&OptionSpec::rate, -5.5, ErrorCode::OUT_OF_RANGE, "rate", false},
    {&OptionSpec::carry, kNaN, ErrorCode::NOT_FINITE, "carry", true},
    {&OptionSpec::carry, kInf, ErrorCode::NOT_FINITE, "carry", true},
    {&OptionSpec::carry, -kInf, ErrorCode::NOT_FINITE, "carry", true},
    {&OptionSpec::carry, 5.5, ErrorCode::OUT_OF_RANGE, "carry", true},
    {&OptionSpec::carry, -5.5, ErrorCode::OUT_OF_RANGE, "carry", true},
};

std::string describe(const OptionSpec& s) {
  return marginkit::test::name(s.model) + " " + marginkit::test::name(s.settlement) +
         ": type=" + std::to_string(static_cast<int>(s.type)) + " underlying=" +
         num(s.underlying) + " strike=" + num(s.strike) + " t=" + num(s.t) + " vol=" + num(s.vol) +
         " rate=" + num(s.rate) + " carry=" + num(s.carry);
}

void expect_rejected(const OptionSpec& spec, ErrorCode code, const std::string& field) {
  Greeks out = sentinel();
  const Status status = marginkit::price_option(spec, out);
  EXPECT_EQ(status.code, code) << describe(spec) << " (" << status.message << ")";
  EXPECT_EQ(status.field, field) << describe(spec);
  EXPECT_FALSE(status.message.empty()) << describe(spec);
  EXPECT_TRUE(same_bits(out, sentinel())) << "out was written on failure: " << describe(spec);
  const Status validated = marginkit::validate_option(spec);
  EXPECT_EQ(validated.code, code) << "validate_option: " << describe(spec);
  EXPECT_EQ(validated.field, field) << "validate_option: " << describe(spec);
}

TEST(Validation, BadInputsGiveTheirCodeAndField) {
  for (PricingModel model : {PricingModel::bsm, PricingModel::black76}) {
    for (Settlement settlement : {Settlement::linear, Settlement::inverse}) {
      for (const BadInput& bad : kBadInputs) {
        if (bad.bsm_only && model != PricingModel::bsm) continue;
        OptionSpec spec = valid_spec(model, settlement);
        spec.*bad.member = bad.value;
        expect_rejected(spec, bad.code, bad.field);
      }
    }
  }
}

TEST(Validation, InvalidOptionTypeIsInvalidEnum) {
  for (int raw : {3, 0, 2, -2, 127}) {
    OptionSpec spec = valid_spec(PricingModel::bsm, Settlement::linear);
    spec.type = static_cast<OptionType>(raw);
    expect_rejected(spec, ErrorCode::INVALID_ENUM, "type");
  }
}

// The limits themselves are allowed, and a valid spec is priced (out is written).
TEST(Validation, LimitsAreInclusive) {
  const struct {
    double OptionSpec::*member;
    double value;
  } at_limit[] = {
      {&OptionSpec::underlying, 1e15},
      {&OptionSpec::underlying, 1e-12},
      {&OptionSpec::strike, 1e15},
      {&OptionSpec::strike, 1e-12},
      {&OptionSpec::t, 100.0},
      {&OptionSpec::t, 1.0 / 31536000},
      {&OptionSpec::vol, 10.0},
      {&OptionSpec::vol, 1e-4},
      {&OptionSpec::rate, 5.0},
      {&OptionSpec::rate, -5.0},
      {&OptionSpec::carry, 5.0},
      {&OptionSpec::carry, -5.0},
  };
  for (const auto& limit : at_limit) {
    OptionSpec spec = valid_spec(PricingModel::bsm, Settlement::linear);
    spec.*limit.member = limit.value;
    Greeks out = sentinel();
    const Status status = marginkit::price_option(spec, out);
    EXPECT_TRUE(status.ok()) << describe(spec) << ": " << status.message;
    EXPECT_FALSE(same_bits(out, sentinel())) << describe(spec);
  }
}

// checks.hpp documents that the limits keep every Greek finite. Every corner of the valid box,
// both models, settlements and unit systems.
TEST(Validation, EveryCornerOfTheValidRangeGivesFiniteGreeks) {
  const double prices[] = {1e-12, 1.0, 1e15};
  const double times[] = {1.0 / 31536000, 1.0, 100.0};
  const double vols[] = {1e-4, 1.0, 10.0};
  const double rates[] = {-5.0, 0.0, 5.0};
  int checked = 0;
  for (PricingModel model : {PricingModel::bsm, PricingModel::black76}) {
    for (Settlement settlement : {Settlement::linear, Settlement::inverse}) {
      for (auto units : {marginkit::GreekUnits::annual, marginkit::GreekUnits::trader}) {
        for (OptionType type : {OptionType::call, OptionType::put}) {
          for (double s : prices) for (double k : prices) for (double t : times) {
            for (double vol : vols) for (double r : rates) for (double q : rates) {
              OptionSpec spec{type, model, s, k, t, vol, r, q, settlement, units};
              Greeks g;
              ASSERT_TRUE(marginkit::price_option(spec, g).ok()) << describe(spec);
              ++checked;
              for (double v : {g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.vanna, g.volga,
                               g.charm}) {
                if (std::isfinite(v)) continue;
                ADD_FAILURE() << "non-finite Greek for " << describe(spec) << " units="
                              << static_cast<int>(units) << ": price=" << num(g.price)
                              << " delta=" << num(g.delta) << " gamma=" << num(g.gamma)
                              << " vega=" << num(g.vega) << " theta=" << num(g.theta)
                              << " rho=" << num(g.rho) << " vanna=" << num(g.vanna)
                              << " volga=" << num(g.volga) << " charm=" << num(g.charm);
                break;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
