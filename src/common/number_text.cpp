#include "common/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace marginkit {

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, end);
  // to_chars marks whole numbers as doubles ("5.0"); a message reads better without.
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

namespace {

// `digits` (length > 0, no leading zero) x 10^exponent as plain decimal text, sign first.
std::string decimal_text(bool negative, const char* digits, int length, int exponent) {
  std::string text = negative ? "-" : "";
  const int point = length + exponent;  // digits before the decimal point
  if (point <= 0) {
    text += "0." + std::string(static_cast<std::size_t>(-point), '0') + std::string(digits, length);
  } else if (point >= length) {
    text += std::string(digits, length) + std::string(static_cast<std::size_t>(point - length), '0');
  } else {
    text += std::string(digits, point) + "." + std::string(digits + point, length - point);
  }
  return text;
}

}  // namespace

std::string format_rounded(double value, int significant, int decimals) {
  if (!std::isfinite(value)) return format_number(value);
  if (value == 0.0) return "0";
  char digits[32];
  int length = 0, exponent = 0;  // |value| = digits x 10^exponent
  nlohmann::detail::dtoa_impl::grisu2(digits + 1, length, exponent, std::fabs(value));
  digits[0] = '0';  // room for a carry out of the first digit
  // Digits kept after the leading '0': the significant ones, fewer when that passes `decimals`.
  const int keep = std::min(significant, length + exponent + decimals);
  if (keep < 0) return "0";
  if (keep < length) {
    const bool up = digits[1 + keep] >= '5';
    exponent += length - keep;
    length = keep;
    for (int i = length; up; --i) {  // carry: 0.0996 to 2 decimals is 0.10
      if (digits[i] == '9') {
        digits[i] = '0';
      } else {
        ++digits[i];
        break;
      }
    }
  }
  char* first = digits[0] == '0' ? digits + 1 : digits;
  if (first == digits) ++length;
  while (length > 0 && first[length - 1] == '0') {  // trailing zeros go into the exponent
    --length;
    ++exponent;
  }
  if (length == 0) return "0";  // rounded away: no sign on a zero
  return decimal_text(value < 0, first, length, exponent);
}

std::string plain_decimal(double value) {
  if (value == 0.0) return "0";
  char digits[32];
  int length = 0, exponent = 0;  // |value| = digits x 10^exponent
  nlohmann::detail::dtoa_impl::grisu2(digits, length, exponent, std::fabs(value));
  return decimal_text(value < 0, digits, length, exponent);
}

}  // namespace marginkit
