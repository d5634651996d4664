// parse_decimal against the C library's strtod (glibc natively, musl in the wasm build; both round
// correctly): the same double, bit for bit, and the same end, on hand-picked hard cases, random
// doubles written to 1-20 significant digits, the exact midpoints between neighbouring doubles and
// numbers just above and below them, long digit strings, and random digits with random exponents.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "common/decimal_parse.hpp"

namespace marginkit {
namespace {

std::uint64_t bits_of(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

// The number of mismatches (each reported, the first few in full).
int expect_as_strtod(const std::string& text) {
  char* libc_end = nullptr;
  const char* our_end = nullptr;
  const double expected = std::strtod(text.c_str(), &libc_end);
  const double actual = parse_decimal(text.c_str(), &our_end);
  const bool same = bits_of(expected) == bits_of(actual) && libc_end == our_end;
  EXPECT_TRUE(same) << "'" << text.substr(0, 120) << (text.size() > 120 ? "...'" : "'") << ": strtod "
                    << expected << " (end " << (libc_end - text.c_str()) << "), parse_decimal " << actual
                    << " (end " << (our_end - text.c_str()) << ")";
  return same ? 0 : 1;
}

std::string printed(const char* format, int precision, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, precision, value);
  return buffer;
}

TEST(ParseDecimal, HardCasesAndLimits) {
  for (const char* text : {
           "0", "-0", "0.0", "-0.0e10", "1", "-1", "0.1", "0.5", "0.3", "0.30000000000000004", "2.9999999999999996",
           "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995", "1e23", "8.533e+68",
           "4.1006e-184", "9.998e+307", "9.9538452227e-280", "6.47660115e-260", "7.4e+47", "5.92e+48", "89255.0e-22",
           "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "2e308", "1e309", "1e400",
           "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
           "4.9406564584124654e-324", "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-324",
           "3e-324", "1e-400", "123456789012345678901234567890", "0.00000000000000000000000000000015e32",
           "1e0000000000000000000000001", "0.1e-99999999999999999999", "1e99999999999999999999",
           // strtod's ends: an exponent without digits is not read, a trailing point is
           "5.", ".5", "-.5", "5e", "5e+", "5e-3x", "1.2.3", "00000123.4500000", "+7",
           // no number at all: 0, end at the start
           "", "-", ".", "e5", "abc"}) {
    expect_as_strtod(text);
  }
  // The midpoint between the largest double and 2^1024, and just below it.
  const std::string max_midpoint =
      "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286"
      "416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571"
      "366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
  expect_as_strtod(max_midpoint);
  expect_as_strtod(max_midpoint.substr(0, max_midpoint.size() - 1) + "1");
  EXPECT_EQ(parse_decimal(max_midpoint.c_str(), nullptr), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::signbit(parse_decimal("-0", nullptr)));
}

TEST(ParseDecimal, RandomDoublesAtEveryPrecision) {
  std::mt19937_64 random(20261126);
  int mismatches = 0;
  for (int i = 0; i < 20000 && mismatches < 5; ++i) {
    std::uint64_t bits = random();
    if (i % 4 == 0) bits &= 0x800FFFFFFFFFFFFF;  // subnormals
    double value;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    mismatches += expect_as_strtod(printed("%.*g", 1 + static_cast<int>(random() % 20), value));
    mismatches += expect_as_strtod(printed("%.*g", 17, value));
  }
}

TEST(ParseDecimal, MidpointsBetweenNeighbours) {
  // The exact decimal value halfway between a double and the next (a long double holds it), and
  // the numbers a digit above and below it: ties go to the even neighbour.
  std::mt19937_64 random(7);
  int mismatches = 0;
  for (int i = 0; i < 2000 && mismatches < 5; ++i) {
    std::uint64_t bits = random() & 0x7FFFFFFFFFFFFFFF;
    if (i % 3 == 0) bits &= 0x000FFFFFFFFFFFFF;  // subnormals
    if (i % 3 == 1) bits |= 0x000FFFFFFFFFFFFF;  // the next is a power of 2: the gap below it is half
    double value;
    std::memcpy(&value, &bits, sizeof value);
    const double next = std::nextafter(value, std::numeric_limits<double>::infinity());
    if (!std::isfinite(next)) continue;
    const long double midpoint = (static_cast<long double>(value) + static_cast<long double>(next)) / 2;
    static char buffer[1000];
    std::snprintf(buffer, sizeof buffer, "%.780Le", midpoint);
    std::string digits(buffer);
    const std::string exponent = digits.substr(digits.find('e'));
    digits.resize(digits.find('e'));
    while (digits.back() == '0') digits.pop_back();
    std::string below = digits;  // one unit less in the last digit
    std::size_t k = below.size() - 1;
    for (; below[k] == '0' || below[k] == '.'; --k) {
      if (below[k] == '0') below[k] = '9';
    }
    --below[k];
    mismatches += expect_as_strtod(digits + exponent);
    mismatches += expect_as_strtod(digits + "1" + exponent);
    mismatches += expect_as_strtod(below + exponent);
    mismatches += expect_as_strtod(below + "99999999" + exponent);
  }
}

TEST(ParseDecimal, LongDigitStrings) {
  // More digits than are kept (800): what follows them decides only through a sticky digit.
  std::mt19937_64 random(11);
  int mismatches = 0;
  for (int i = 0; i < 300 && mismatches < 5; ++i) {
    std::string text = "0." + std::string(random() % 400, '0') + static_cast<char>('1' + random() % 9);
    const int length = 700 + static_cast<int>(random() % 1500);
    const char filler = i % 2 ? '0' : '9';
    for (int j = 0; j < length; ++j) text += random() % 5 == 0 ? static_cast<char>('0' + random() % 10) : filler;
    if (random() % 2) text += "e" + std::to_string(static_cast<int>(random() % 1400) - 700);
    mismatches += expect_as_strtod(text);
  }
  mismatches += expect_as_strtod("1" + std::string(900, '0') + "e-900");
  mismatches += expect_as_strtod("1" + std::string(900, '0') + "1e-900");
  mismatches += expect_as_strtod("9" + std::string(1000, '9') + "e-1000");
}

TEST(ParseDecimal, RandomDigitsAndExponents) {
  std::mt19937_64 random(3);
  int mismatches = 0;
  for (int i = 0; i < 20000 && mismatches < 5; ++i) {
    const int count = 1 + static_cast<int>(random() % 30);
    std::string text = random() % 2 ? "-" : "";
    const int point = static_cast<int>(random() % (count + 1));
    for (int j = 0; j < count; ++j) {
      if (j == point && random() % 2) text += '.';
      text += static_cast<char>('0' + random() % 10);
    }
    if (random() % 3) text += (random() % 2 ? "e" : "E") + std::to_string(static_cast<int>(random() % 700) - 350);
    mismatches += expect_as_strtod(text);
  }
}

}  // namespace
}  // namespace marginkit
