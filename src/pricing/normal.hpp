#pragma once
// Standard normal density and distribution, with full relative accuracy in the lower tail (which
// deep out-of-the-money prices and implied vols need) and without a branch on the argument's size.
//
// N(-y) for y >= 0 is written e^(-y^2/2) R(y), R(y) = e^(y^2/2) N(-y) being smooth and slowly
// varying (1.2533 at 0, about 1/y for large y). R comes from a table of degree-7 polynomials on 48
// intervals (normal_tail_table.hpp, generated in 50-digit arithmetic by
// normal_table_generator.cpp), selected by the argument: no branch, so random arguments cost no
// mispredictions. e^(-y^2/2) is computed with y^2 split exactly into two doubles, so it keeps full
// relative accuracy where y^2 is large. Against 50-digit values (tests/native/black_scholes_test.cpp,
// NormalDistribution*): N(x) within 3.6 eps relative for x in [-37.5, 0] (below -37.5 N(x) is
// subnormal) and 1.6 eps for x > 0, the density within 1.9 eps. The 0.5 erfc(-x / sqrt 2) used
// before was within 0.8 eps near 0 but off by up to ~x^2 / 2 eps in the tail (855 eps near
// x = -37; 43 eps at x = -8), the scaling of x by 1/sqrt 2 being rounded.
//
// The same e^(-y^2/2) serves the density: a price needs n(d1), N(d1) and N(d2), and gets them
// from one exp (see generalized_black_scholes). Measured in wasm (node 20) on the benchmark's
// book: the two distribution values of an option cost about 8 ns besides that exp, against about
// 32 ns for two calls of musl's erfc (two exps each in the tail, and a branch per region whose
// mispredictions random arguments pay).
#include <cmath>

#include "pricing/normal_tail_table.hpp"

namespace marginkit {

inline constexpr double kInvSqrt2 = 0.70710678118654752440;
inline constexpr double kInvSqrt2Pi = 0.39894228040143267794;

// e^(-x^2/2). x^2 = hi + lo exactly (Veltkamp's split, no FMA needed), and e^(-lo/2) = 1 - lo/2
// to far below an ulp. 0 beyond |x| = 40 (the exp underflows from 38.6), NaN for NaN.
inline double gaussian(double x) {
  double y = std::fabs(x);
  y = y > detail::kNormalTailMaxY ? detail::kNormalTailMaxY : y;  // keeps NaN; inf -> 40
  const double hi = y * y;
  const double split = 134217729.0 * y;  // 2^27 + 1
  const double y_hi = split - (split - y);
  const double y_lo = y - y_hi;
  const double lo = ((y_hi * y_hi - hi) + 2.0 * y_hi * y_lo) + y_lo * y_lo;
  return std::exp(-0.5 * hi) * (1.0 - 0.5 * lo);
}

// N(x), given g = gaussian(x): the tail e^(-x^2/2) R(|x|), or one minus it.
inline double normal_cdf_given_gaussian(double x, double g) {
  const double y = std::fabs(x);
  // NaN and anything beyond 40 evaluate R at 40 (R is only ever multiplied by g, which is 0 or
  // NaN there); the index stays inside the table.
  const double clamped = y < detail::kNormalTailMaxY ? y : detail::kNormalTailMaxY;
  // v = A / (B + y) picks the row k; t = 2 (v - k) - 1 comes from (A - k B) - k y, A - k B being
  // tabulated, so that v's own rounding (up to 53 ulps of 1 here) stays out of t.
  const double inverse = 1.0 / (detail::kNormalTailB + clamped);
  const int row = static_cast<int>(detail::kNormalTailA * inverse);
  const double* c = detail::kNormalTail[row - detail::kNormalTailFirst];
  const double t = 2.0 * ((c[0] - row * clamped) * inverse) - 1.0;
  c += 1;
  const double t2 = t * t;
  const double t4 = t2 * t2;
  const double ratio = ((c[0] + t * c[1]) + t2 * (c[2] + t * c[3])) +
                       t4 * ((c[4] + t * c[5]) + t2 * (c[6] + t * c[7]));
  const double tail = g * ratio;
  return x > 0.0 ? 1.0 - tail : tail;
}

inline double normal_pdf(double x) { return kInvSqrt2Pi * gaussian(x); }
inline double normal_cdf(double x) { return normal_cdf_given_gaussian(x, gaussian(x)); }

}  // namespace marginkit
