#include "common/number_text.hpp"

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

std::string plain_decimal(double value) {
  if (value == 0.0) return "0";
  std::string text = value < 0 ? "-" : "";
  char digits[32];
  int length = 0, exponent = 0;  // |value| = digits x 10^exponent
  nlohmann::detail::dtoa_impl::grisu2(digits, length, exponent, std::fabs(value));
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

}  // namespace marginkit
