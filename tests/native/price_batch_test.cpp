// price_batch (src/pricing/price_batch.hpp): row by row the same numbers as price_option, bit for
// bit; stride-0 columns broadcast; a bad row gets NaN outputs and its ErrorCode without touching
// its neighbours; the return value counts the bad rows; error_code may be null.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "pricing/price_batch.hpp"
#include "pricing/price_option.hpp"
#include "test_support.hpp"

namespace {

using marginkit::BatchColumn;
using marginkit::BatchInputs;
using marginkit::BatchOutputs;
using marginkit::ErrorCode;
using marginkit::Greeks;
using marginkit::GreekUnits;
using marginkit::OptionSpec;
using marginkit::OptionType;
using marginkit::PricingModel;
using marginkit::Settlement;
using marginkit::test::num;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Columns owned by the test, one entry per row.
struct Rows {
  std::vector<std::int8_t> type;
  std::vector<double> underlying, strike, t, vol, rate, carry;

  void add(std::int8_t ty, double s, double k, double tt, double v, double r, double q) {
    type.push_back(ty);
    underlying.push_back(s);
    strike.push_back(k);
    t.push_back(tt);
    vol.push_back(v);
    rate.push_back(r);
    carry.push_back(q);
  }
  std::size_t size() const { return type.size(); }
};

struct Outputs {
  explicit Outputs(std::size_t n)
      : price(n, -1.0), delta(n, -1.0), gamma(n, -1.0), vega(n, -1.0), theta(n, -1.0),
        rho(n, -1.0), error_code(n, -7) {}
  std::vector<double> price, delta, gamma, vega, theta, rho;
  std::vector<std::int32_t> error_code;
  BatchOutputs view(bool with_error_code = true) {
    return {price.data(), delta.data(), gamma.data(), vega.data(), theta.data(), rho.data(),
            with_error_code ? error_code.data() : nullptr};
  }
};

BatchInputs inputs_of(const Rows& rows, PricingModel model, Settlement settlement,
                      GreekUnits units) {
  BatchInputs in;
  in.count = rows.size();
  in.type = rows.type.data();
  in.underlying = {rows.underlying.data(), 1};
  in.strike = {rows.strike.data(), 1};
  in.t = {rows.t.data(), 1};
  in.vol = {rows.vol.data(), 1};
  in.rate = {rows.rate.data(), 1};
  in.carry = {rows.carry.data(), 1};
  in.model = model;
  in.settlement = settlement;
  in.units = units;
  return in;
}

OptionSpec spec_of(const BatchInputs& in, std::size_t row) {
  OptionSpec spec;
  spec.type = static_cast<OptionType>(in.type[row]);
  spec.model = in.model;
  spec.settlement = in.settlement;
  spec.units = in.units;
  spec.underlying = in.underlying.at(row);
  spec.strike = in.strike.at(row);
  spec.t = in.t.at(row);
  spec.vol = in.vol.at(row);
  spec.rate = in.rate.at(row);
  spec.carry = in.carry.at(row);
  return spec;
}

std::string describe(const OptionSpec& s, std::size_t row) {
  return "row " + std::to_string(row) + " (" + marginkit::test::name(s.model) + " " +
         marginkit::test::name(s.settlement) + " units=" +
         std::to_string(static_cast<int>(s.units)) + "): type=" +
         std::to_string(static_cast<int>(s.type)) + " underlying=" + num(s.underlying) +
         " strike=" + num(s.strike) + " t=" + num(s.t) + " vol=" + num(s.vol) +
         " rate=" + num(s.rate) + " carry=" + num(s.carry);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Compares every row of a batch with price_option on the same inputs: exactly equal outputs for
// good rows; NaN outputs and the same ErrorCode for bad ones. Returns the number of bad rows.
std::size_t expect_rows_match_price_option(const BatchInputs& in, Outputs& out,
                                           bool with_error_code) {
  std::size_t bad = 0;
  for (std::size_t row = 0; row < in.count; ++row) {
    const OptionSpec spec = spec_of(in, row);
    Greeks g;
    const auto status = marginkit::price_option(spec, g);
    const double batch[] = {out.price[row], out.delta[row], out.gamma[row],
                            out.vega[row],  out.theta[row], out.rho[row]};
    const double single[] = {g.price, g.delta, g.gamma, g.vega, g.theta, g.rho};
    const char* names[] = {"price", "delta", "gamma", "vega", "theta", "rho"};
    if (status.ok()) {
      for (int i = 0; i < 6; ++i) {
        EXPECT_TRUE(same_bits(batch[i], single[i]))
            << names[i] << " of " << describe(spec, row) << ": batch " << num(batch[i])
            << ", price_option " << num(single[i]);
      }
      if (with_error_code) EXPECT_EQ(out.error_code[row], 0) << describe(spec, row);
    } else {
      ++bad;
      for (int i = 0; i < 6; ++i) {
        EXPECT_TRUE(std::isnan(batch[i])) << names[i] << " of bad " << describe(spec, row)
                                          << " is " << num(batch[i]);
      }
      if (with_error_code) {
        EXPECT_EQ(out.error_code[row], static_cast<std::int32_t>(status.code))
            << describe(spec, row) << ": expected " << marginkit::test::name(status.code);
      }
    }
  }
  return bad;
}

// A varied set of good options.
Rows good_rows() {
  Rows rows;
  const double strikes[] = {60, 95, 100, 130, 250};
  const double times[] = {1.0 / 365, 0.1, 1.0, 4.0};
  const double vols[] = {0.05, 0.4, 1.2};
  int i = 0;
  for (double k : strikes) {
    for (double t : times) {
      for (double v : vols) {
        const std::int8_t type = (i++ % 2) ? 1 : -1;
        rows.add(type, 100.0, k, t, v, 0.01 * (i % 7) - 0.02, 0.005 * (i % 5));
      }
    }
  }
  return rows;
}

TEST(PriceBatch, EqualsPriceOptionRowByRow) {
  const Rows rows = good_rows();
  for (PricingModel model : {PricingModel::bsm, PricingModel::black76}) {
    for (Settlement settlement : {Settlement::linear, Settlement::inverse}) {
      for (GreekUnits units : {GreekUnits::annual, GreekUnits::trader}) {
        const BatchInputs in = inputs_of(rows, model, settlement, units);
        Outputs out(rows.size());
        EXPECT_EQ(marginkit::price_batch(in, out.view()), 0u);
        EXPECT_EQ(expect_rows_match_price_option(in, out, true), 0u);
      }
    }
  }
}

// Stride 0 broadcasts one value; stride 2 reads every other element.
TEST(PriceBatch, StrideZeroBroadcastsAndOtherStridesStep) {
  const Rows rows = good_rows();
  const double t = 0.3, vol = 0.55, rate = 0.04, carry = 0.01;
  std::vector<double> strikes_interleaved;  // strike, junk, strike, junk, ...
  for (double k : rows.strike) {
    strikes_interleaved.push_back(k);
    strikes_interleaved.push_back(kNaN);
  }
  const double one_underlying = 2500.0;
  BatchInputs in = inputs_of(rows, PricingModel::bsm, Settlement::linear, GreekUnits::annual);
  in.underlying = {&one_underlying, 0};
  in.strike = {strikes_interleaved.data(), 2};
  in.t = {&t, 0};
  in.vol = {&vol, 0};
  in.rate = {&rate, 0};
  in.carry = {&carry, 0};
  Outputs out(rows.size());
  EXPECT_EQ(marginkit::price_batch(in, out.view()), 0u);
  for (std::size_t row = 0; row < in.count; ++row) {
    const OptionSpec spec = spec_of(in, row);
    ASSERT_EQ(spec.underlying, one_underlying);
    ASSERT_EQ(spec.strike, rows.strike[row]);
    ASSERT_EQ(spec.t, t);
  }
  EXPECT_EQ(expect_rows_match_price_option(in, out, true), 0u);
}

// Bad rows mixed into good ones: NaN outputs and the precise ErrorCode for each bad row, the good
// rows as price_option prices them, and the count of bad rows returned. With and without
// error_code.
TEST(PriceBatch, BadRowsAreIsolated) {
  Rows rows;
  struct Bad {
    std::int8_t type;
    double s, k, t, v, r, q;
    ErrorCode code;
  };
  const Bad bad_rows[] = {
      {1, kNaN, 100, 1, 0.3, 0, 0, ErrorCode::NOT_FINITE},
      {-1, 100, 0, 1, 0.3, 0, 0, ErrorCode::NON_POSITIVE},
      {1, 100, 100, 0, 0.3, 0, 0, ErrorCode::INSTRUMENT_EXPIRED},
      {1, 100, 100, -1, 0.3, 0, 0, ErrorCode::INSTRUMENT_EXPIRED},
      {-1, 100, 100, 101, 0.3, 0, 0, ErrorCode::OUT_OF_RANGE},
      {1, 100, 100, 1, 20, 0, 0, ErrorCode::OUT_OF_RANGE},
      {1, 100, 100, 1, -0.3, 0, 0, ErrorCode::NON_POSITIVE},
      {-1, 100, 100, 1, 0.3, 6, 0, ErrorCode::OUT_OF_RANGE},
      {1, 100, 100, 1, 0.3, 0, std::numeric_limits<double>::infinity(), ErrorCode::NOT_FINITE},
      {3, 100, 100, 1, 0.3, 0, 0, ErrorCode::INVALID_ENUM},
      {0, 100, 100, 1, 0.3, 0, 0, ErrorCode::INVALID_ENUM},
  };
  std::vector<ErrorCode> expected_codes;
  for (const Bad& b : bad_rows) {
    rows.add(1, 100, 90, 0.5, 0.3, 0.02, 0.01);  // a good row before each bad one
    expected_codes.push_back(ErrorCode::OK);
    rows.add(b.type, b.s, b.k, b.t, b.v, b.r, b.q);
    expected_codes.push_back(b.code);
  }
  rows.add(-1, 100, 110, 0.5, 0.3, 0.02, 0.01);
  expected_codes.push_back(ErrorCode::OK);

  for (bool with_error_code : {true, false}) {
    const BatchInputs in = inputs_of(rows, PricingModel::bsm, Settlement::linear,
                                     GreekUnits::annual);
    Outputs out(rows.size());
    const std::size_t invalid = marginkit::price_batch(in, out.view(with_error_code));
    EXPECT_EQ(invalid, std::size(bad_rows));
    EXPECT_EQ(expect_rows_match_price_option(in, out, with_error_code), std::size(bad_rows));
    for (std::size_t row = 0; row < rows.size(); ++row) {
      if (with_error_code) {
        EXPECT_EQ(out.error_code[row], static_cast<std::int32_t>(expected_codes[row]))
            << describe(spec_of(in, row), row) << ": expected "
            << marginkit::test::name(expected_codes[row]);
      } else {
        EXPECT_EQ(out.error_code[row], -7) << "error_code written although null";
      }
    }
  }
}

TEST(PriceBatch, EmptyBatchWritesNothing) {
  Rows rows;
  rows.add(1, 100, 100, 1, 0.3, 0, 0);
  BatchInputs in = inputs_of(rows, PricingModel::bsm, Settlement::linear, GreekUnits::annual);
  in.count = 0;
  Outputs out(1);
  EXPECT_EQ(marginkit::price_batch(in, out.view()), 0u);
  EXPECT_EQ(out.price[0], -1.0);
  EXPECT_EQ(out.error_code[0], -7);
}

}  // namespace
