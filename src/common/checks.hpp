#pragma once
// Small input checks shared by every entry point. Each returns the first problem it finds as a
// Status naming the field, so callers can write `if (auto s = check(...); !s.ok()) return s;`.
#include <cmath>
#include <cstddef>
#include <string>

#include "common/number_text.hpp"
#include "common/status.hpp"

namespace marginkit {

// Limits that catch unit mistakes (a price in wei, a vol of 65 meaning 65 %) without getting in
// the way of any real market. Documented in web/marginkit.d.ts. The lower limits also keep every
// Greek finite: with vol * sqrt(t) >= ~2e-8 and prices within 27 orders of magnitude, d1 stays
// finite and no 0 * inf appears in the closed forms.
inline constexpr double kMinPrice = 1e-12;          // underlying and strike, in quote currency
inline constexpr double kMaxPrice = 1e15;
inline constexpr double kMinYears = 1.0 / 31536000;  // one second, ACT/365
inline constexpr double kMaxYears = 100.0;           // time to expiry
inline constexpr double kMinVolatility = 1e-4;       // 0.01 % a year
inline constexpr double kMaxVolatility = 10.0;       // 1,000 % a year
inline constexpr double kMaxAbsRate = 5.0;           // rates and carry, 500 % a year
inline constexpr double kMaxAmount = 1e15;           // sizes, balances, isolated margin
inline constexpr double kMinLeverage = 0.01;         // an order's leverage (isolated mode): a margin of at most
inline constexpr double kMaxLeverage = 1000.0;       // 100x the notional (a subnormal one would make it infinite)
inline constexpr double kMaxScheduleCoefficient = 10.0;      // margin schedule rates, >= 0
inline constexpr std::size_t kMaxFuturesTiers = 64;        // brackets of a futures tier table
inline constexpr double kMaxLiquidationWarningPercent = 1000.0;
// Times (market.time, expiries): milliseconds within [2000-01-01, 2100-01-01) UTC. Venue expiry
// codes (27DEC26) name years 2000-2099 only; a time in seconds (1.7e9) falls below the range.
inline constexpr double kMinTimestampMs = 946684800000.0;
inline constexpr double kMaxTimestampMs = 4102444800000.0;
// JSON documents: no input may nest deeper or be longer (checked in JS before stringifying and
// in C++ while parsing, neither by recursion). The deepest document we read nests 6 levels.
inline constexpr int kMaxNestingDepth = 32;
inline constexpr double kMaxDocumentBytes = 64.0 * 1024 * 1024;

inline Status check_finite(double value, const std::string& field) {
  if (!std::isfinite(value)) {
    return Status::error(ErrorCode::NOT_FINITE, field, field + " must be a finite number, got " +
                                                           format_number(value));
  }
  return Status::success();
}

// Positive and within [min_value, max_value]: zero or negative is NON_POSITIVE, the rest
// OUT_OF_RANGE.
inline Status check_positive(double value, const std::string& field, double min_value,
                             double max_value) {
  if (auto status = check_finite(value, field); !status.ok()) return status;
  if (value <= 0.0) {
    return Status::error(ErrorCode::NON_POSITIVE, field,
                         field + " must be > 0, got " + format_number(value));
  }
  if (value < min_value || value > max_value) {
    return Status::error(ErrorCode::OUT_OF_RANGE, field,
                         field + " must lie within [" + format_number(min_value) + ", " +
                             format_number(max_value) + "], got " + format_number(value));
  }
  return Status::success();
}

inline Status check_bounded(double value, const std::string& field, double max_abs) {
  if (auto status = check_finite(value, field); !status.ok()) return status;
  if (std::fabs(value) > max_abs) {
    return Status::error(ErrorCode::OUT_OF_RANGE, field,
                         field + " must lie within +-" + format_number(max_abs) + ", got " +
                             format_number(value));
  }
  return Status::success();
}

}  // namespace marginkit
