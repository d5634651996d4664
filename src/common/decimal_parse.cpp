#include "common/decimal_parse.hpp"

#include <cfloat>
#include <cstdint>
#include <cstring>
#include <limits>

// The fast path below rounds once per operation in double precision.
static_assert(FLT_EVAL_METHOD == 0, "parse_decimal needs double arithmetic evaluated in double");
static_assert(std::numeric_limits<double>::is_iec559, "parse_decimal needs IEEE doubles");

namespace marginkit {
namespace {

// Significant digits kept. A number halfway between two adjacent doubles has at most 768
// significant digits, so the first kMaxDigits digits of a longer number followed by a nonzero
// "sticky" digit (standing for the nonzero digits dropped) compare with every such midpoint as the
// whole number does; the rounding depends on nothing else.
constexpr int kMaxDigits = 800;

constexpr double kExactPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

std::uint64_t bits_of(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

double from_bits(std::uint64_t bits) {
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// A nonnegative integer in base 2^32, least significant limb first. The comparisons below need at
// most about 3,800 bits (801 digits, times 5^e, shifted by up to 1,075 bits); 160 limbs hold 5,120.
class BigInt {
 public:
  explicit BigInt(std::uint64_t value) {
    while (value != 0) {
      limbs_[size_++] = static_cast<std::uint32_t>(value);
      value >>= 32;
    }
  }

  // this = this * factor + addend
  void multiply_add(std::uint32_t factor, std::uint32_t addend) {
    std::uint64_t carry = addend;
    for (int i = 0; i < size_; ++i) {
      const std::uint64_t product = static_cast<std::uint64_t>(limbs_[i]) * factor + carry;
      limbs_[i] = static_cast<std::uint32_t>(product);
      carry = product >> 32;
    }
    if (carry != 0) limbs_[size_++] = static_cast<std::uint32_t>(carry);
  }

  void multiply_by_power_of_5(std::int64_t exponent) {
    constexpr std::uint32_t kPowerOf5_13 = 1220703125;  // 5^13, the largest power of 5 in 32 bits
    for (; exponent >= 13; exponent -= 13) multiply_add(kPowerOf5_13, 0);
    std::uint32_t rest = 1;
    for (; exponent > 0; --exponent) rest *= 5;
    multiply_add(rest, 0);
  }

  void shift_left(std::int64_t bits) {
    if (size_ == 0) return;
    const int words = static_cast<int>(bits / 32);
    const int rest = static_cast<int>(bits % 32);
    if (rest != 0) {
      limbs_[size_] = 0;
      for (int i = size_; i > 0; --i) {
        limbs_[i] = (limbs_[i] << rest) | (limbs_[i - 1] >> (32 - rest));
      }
      limbs_[0] <<= rest;
      if (limbs_[size_] != 0) ++size_;
    }
    if (words != 0) {
      std::memmove(limbs_ + words, limbs_, static_cast<std::size_t>(size_) * sizeof limbs_[0]);
      std::memset(limbs_, 0, static_cast<std::size_t>(words) * sizeof limbs_[0]);
      size_ += words;
    }
  }

  // -1, 0 or 1 as a < b, a == b, a > b.
  static int compare(const BigInt& a, const BigInt& b) {
    if (a.size_ != b.size_) return a.size_ < b.size_ ? -1 : 1;
    for (int i = a.size_ - 1; i >= 0; --i) {
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

 private:
  std::uint32_t limbs_[160];
  int size_ = 0;
};

// The significant digits of a decimal number: value = digits x 10^exponent, the digits (ASCII,
// no leading zero) read as one integer.
struct Decimal {
  char digits[kMaxDigits + 1];
  int count = 0;
  std::int64_t exponent = 0;
};

// The sign of value - factor x 2^power_of_2, exactly.
int compare_with(const Decimal& d, std::uint64_t factor, std::int64_t power_of_2) {
  BigInt value(0);
  int i = 0;
  for (; i + 9 <= d.count; i += 9) {  // nine digits at a time
    std::uint32_t chunk = 0;
    for (int j = i; j < i + 9; ++j) chunk = chunk * 10 + static_cast<std::uint32_t>(d.digits[j] - '0');
    value.multiply_add(1000000000, chunk);
  }
  for (; i < d.count; ++i) value.multiply_add(10, static_cast<std::uint32_t>(d.digits[i] - '0'));
  BigInt other(factor);
  // value x 10^e against factor x 2^p: the powers of 5 to one side, then the powers of 2.
  if (d.exponent >= 0) value.multiply_by_power_of_5(d.exponent);
  else other.multiply_by_power_of_5(-d.exponent);
  if (d.exponent > power_of_2) value.shift_left(d.exponent - power_of_2);
  else other.shift_left(power_of_2 - d.exponent);
  return BigInt::compare(value, other);
}

// The double nearest d (ties to even), given d > 0 and 10^-325 <= d < 10^310.
double nearest_double(const Decimal& d) {
  // A first guess from the leading 19 digits, a few units in the last place (ulps) off at most:
  // one rounding to double, then at most 16 multiplications or divisions by exact powers of ten.
  std::uint64_t leading = 0;
  const int used = d.count < 19 ? d.count : 19;
  for (int i = 0; i < used; ++i) leading = leading * 10 + static_cast<std::uint64_t>(d.digits[i] - '0');
  std::int64_t scale = d.exponent + (d.count - used);
  double guess = static_cast<double>(leading);
  if (scale >= 0) {
    for (; scale > 22; scale -= 22) guess *= 1e22;
    guess *= kExactPowers[scale];
    if (guess > DBL_MAX) guess = DBL_MAX;
  } else {
    for (; scale < -22; scale += 22) guess /= 1e22;
    guess /= kExactPowers[-scale];
  }

  // Then step one ulp at a time until d lies between the midpoints to the two neighbours, each
  // compared exactly. guess = m x 2^k, m the significand as an integer.
  const std::uint64_t kMaxFinite = bits_of(DBL_MAX);
  std::uint64_t bits = bits_of(guess);
  for (;;) {
    const std::uint64_t exponent_field = bits >> 52;
    const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
    const std::uint64_t m = exponent_field == 0 ? fraction : fraction | (std::uint64_t{1} << 52);
    const std::int64_t k = exponent_field == 0 ? -1074 : static_cast<std::int64_t>(exponent_field) - 1075;
    const bool odd = (m & 1) != 0;
    // Above the midpoint to the next double (at a tie, the even one of the two).
    const int above = compare_with(d, 2 * m + 1, k - 1);
    if (above > 0 || (above == 0 && odd)) {
      if (bits == kMaxFinite) return std::numeric_limits<double>::infinity();
      ++bits;
      if (above == 0) break;
      continue;
    }
    if (above == 0 || bits == 0) break;
    // Below the midpoint to the previous double, which at the bottom of a binade is half as far.
    const bool binade_bottom = fraction == 0 && exponent_field > 1;
    const int below = binade_bottom ? compare_with(d, 4 * m - 1, k - 2) : compare_with(d, 2 * m - 1, k - 1);
    if (below < 0 || (below == 0 && odd)) {
      --bits;
      if (below == 0) break;
      continue;
    }
    break;
  }
  return from_bits(bits);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

double parse_decimal(const char* text, const char** end) {
  const char* p = text;
  const bool negative = *p == '-';
  if (*p == '-' || *p == '+') ++p;

  Decimal d;
  bool any_digit = false, after_point = false, sticky = false;
  for (;; ++p) {
    if (*p == '.' && !after_point) {
      after_point = true;
      continue;
    }
    if (!is_digit(*p)) break;
    any_digit = true;
    if (d.count == 0 && *p == '0') {  // a leading zero
      if (after_point) --d.exponent;
    } else if (d.count < kMaxDigits) {
      d.digits[d.count++] = *p;
      if (after_point) --d.exponent;
    } else {  // beyond the digits kept
      sticky = sticky || *p != '0';
      if (!after_point) ++d.exponent;
    }
  }
  if (!any_digit) {
    if (end) *end = text;
    return 0.0;
  }
  if (*p == 'e' || *p == 'E') {
    const char* q = p + 1;
    const bool negative_exponent = *q == '-';
    if (*q == '-' || *q == '+') ++q;
    if (is_digit(*q)) {
      std::int64_t exponent = 0;
      for (; is_digit(*q); ++q) {
        if (exponent < 1000000000000) exponent = exponent * 10 + (*q - '0');  // beyond: 0 or inf anyway
      }
      d.exponent += negative_exponent ? -exponent : exponent;
      p = q;
    }
  }
  if (end) *end = p;

  const double sign = negative ? -1.0 : 1.0;
  if (d.count == 0) return sign * 0.0;
  if (sticky) {
    d.digits[d.count++] = '1';
    --d.exponent;
  } else {
    while (d.digits[d.count - 1] == '0') {
      --d.count;
      ++d.exponent;
    }
  }
  // 10^(count + exponent - 1) <= value < 10^(count + exponent)
  if (d.count + d.exponent > 310) return sign * std::numeric_limits<double>::infinity();
  if (d.count + d.exponent < -324) return sign * 0.0;

  // Exact: an integer below 2^53 times or over a power of ten up to 10^22 (each exactly a double)
  // rounds once.
  if (d.count <= 16 && d.exponent >= -22 && d.exponent <= 22) {
    std::uint64_t value = 0;
    for (int i = 0; i < d.count; ++i) value = value * 10 + static_cast<std::uint64_t>(d.digits[i] - '0');
    if (value <= (std::uint64_t{1} << 53)) {
      const double x = static_cast<double>(value);
      return sign * (d.exponent >= 0 ? x * kExactPowers[d.exponent] : x / kExactPowers[-d.exponent]);
    }
  }
  return sign * nearest_double(d);
}

}  // namespace marginkit
