#pragma once
// Small helpers shared by the pricing tests: readable names and numbers for failure messages,
// an independent normal distribution (std::erfc, not the code under test) and central finite
// differences with one Richardson step.
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>

#include "common/error_code.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit::test {

// Every digit, so that a failure message can be pasted back into a reproduction.
inline std::string num(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

inline std::string name(OptionType type) {
  switch (type) {
    case OptionType::call: return "call";
    case OptionType::put: return "put";
  }
  return "OptionType(" + std::to_string(static_cast<int>(type)) + ")";
}
inline std::string name(PricingModel model) {
  return model == PricingModel::black76 ? "black76" : "bsm";
}
inline std::string name(Settlement settlement) {
  return settlement == Settlement::inverse ? "inverse" : "linear";
}
inline std::string name(ErrorCode code) { return std::string(to_string(code)); }

// Standard normal distribution, written here from std::erfc / std::exp so that expected values
// do not pass through src/pricing/normal.hpp.
inline double ref_normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
inline double ref_normal_pdf(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2.0 * 3.14159265358979323846);
}

// Central differences, refined by one Richardson step (error O(h^4)): D = (4 D(h/2) - D(h)) / 3.
template <class F>
double fd_first(F f, double x, double h) {
  auto central = [&](double step) { return (f(x + step) - f(x - step)) / (2.0 * step); };
  return (4.0 * central(0.5 * h) - central(h)) / 3.0;
}

template <class F>
double fd_second(F f, double x, double h) {
  const double f0 = f(x);
  auto central = [&](double step) { return (f(x + step) - 2.0 * f0 + f(x - step)) / (step * step); };
  return (4.0 * central(0.5 * h) - central(h)) / 3.0;
}

// d2 f / dx dy for f(x, y).
template <class F>
double fd_mixed(F f, double x, double y, double hx, double hy) {
  auto central = [&](double sx, double sy) {
    return (f(x + sx, y + sy) - f(x + sx, y - sy) - f(x - sx, y + sy) + f(x - sx, y - sy)) /
           (4.0 * sx * sy);
  };
  return (4.0 * central(0.5 * hx, 0.5 * hy) - central(hx, hy)) / 3.0;
}

}  // namespace marginkit::test

namespace marginkit {
// Lets GoogleTest print an ErrorCode by name (found by argument-dependent lookup).
inline void PrintTo(ErrorCode code, std::ostream* os) { *os << to_string(code); }
}  // namespace marginkit
