// format_rounded: figures in warning messages, rounded for a person (the exact figures travel as
// fields). Expected texts written by hand from the rule: round to `significant` digits and to at
// most `decimals` decimals, whichever keeps fewer; half away from zero; plain digits; no "-0".
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/number_text.hpp"

namespace marginkit {
namespace {

TEST(FormatRounded, PricesToSixSignificantDigits) {
  EXPECT_EQ(format_rounded(4303.123456789, 6), "4303.12");
  EXPECT_EQ(format_rounded(101234.56789, 6), "101235");
  EXPECT_EQ(format_rounded(91234.5, 6), "91234.5");
  EXPECT_EQ(format_rounded(0.123456789, 6), "0.123457");
  EXPECT_EQ(format_rounded(0.000123456789, 3), "0.000123");
  EXPECT_EQ(format_rounded(1234567890.0, 6), "1234570000");
  EXPECT_EQ(format_rounded(100000.0, 6), "100000");
  EXPECT_EQ(format_rounded(-30000.0, 6), "-30000");
  EXPECT_EQ(format_rounded(0.5, 6), "0.5");
}

TEST(FormatRounded, AmountsAndPercentsToTwoDecimals) {
  EXPECT_EQ(format_rounded(1234.5678, 6, 2), "1234.57");
  EXPECT_EQ(format_rounded(12345678.9, 6, 2), "12345700");
  EXPECT_EQ(format_rounded(-8.7654321, 6, 2), "-8.77");
  EXPECT_EQ(format_rounded(85.0, 6, 2), "85");
  EXPECT_EQ(format_rounded(0.125, 6, 2), "0.13");  // the shortest digits are rounded, not the binary value
  EXPECT_EQ(format_rounded(0.006, 6, 2), "0.01");
  EXPECT_EQ(format_rounded(0.004, 6, 2), "0");
  EXPECT_EQ(format_rounded(0.0004, 6, 2), "0");
}

TEST(FormatRounded, CarriesThroughNines) {
  EXPECT_EQ(format_rounded(0.0996, 6, 2), "0.1");
  EXPECT_EQ(format_rounded(999.996, 6, 2), "1000");
  EXPECT_EQ(format_rounded(9999995.0, 6), "10000000");
  EXPECT_EQ(format_rounded(-99.9999999, 6, 2), "-100");
}

TEST(FormatRounded, NeverMinusZero) {
  EXPECT_EQ(format_rounded(-0.0, 6), "0");
  EXPECT_EQ(format_rounded(-0.001, 6, 2), "0");
  EXPECT_EQ(format_rounded(-0.004999, 6, 2), "0");
  EXPECT_EQ(format_rounded(-0.005, 6, 2), "-0.01");
}

TEST(FormatRounded, NonFiniteAsFormatNumber) {
  EXPECT_EQ(format_rounded(std::numeric_limits<double>::quiet_NaN(), 6), "nan");
  EXPECT_EQ(format_rounded(HUGE_VAL, 6), "inf");
  EXPECT_EQ(format_rounded(-HUGE_VAL, 6, 2), "-inf");
}

TEST(PlainDecimal, Unchanged) {
  EXPECT_EQ(plain_decimal(0.00001), "0.00001");
  EXPECT_EQ(plain_decimal(12345678901.0), "12345678901");
  EXPECT_EQ(plain_decimal(101234.56789), "101234.56789");
  EXPECT_EQ(plain_decimal(-2.5), "-2.5");
}

}  // namespace
}  // namespace marginkit
