#pragma once
// Time as the engine sees it: UTC milliseconds since the Unix epoch, and year fractions ACT/365.
// Venue expiry codes (27DEC26) are parsed here; Deribit expiries are at 08:00 UTC.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace marginkit {

using TimestampMs = std::int64_t;

inline constexpr double kMsPerYear = 365.0 * 24 * 3600 * 1000;  // ACT/365
inline constexpr int kVenueExpiryHourUtc = 8;

inline double years_between(TimestampMs from, TimestampMs to) {
  return static_cast<double>(to - from) / kMsPerYear;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int year, unsigned month, unsigned day);

// "27DEC26" or "7MAR27" -> 08:00 UTC that day; nullopt unless the text is exactly such a code
// naming a real calendar date.
std::optional<TimestampMs> parse_expiry_code(std::string_view code);

// The inverse: 08:00 UTC timestamps -> "27DEC26" (no leading zero for days 1-9, as Deribit).
std::string format_expiry_code(TimestampMs expiry);

// The ISO-8601 text of a time, to the millisecond: "2026-12-27T08:00:00.000Z".
std::string format_iso_utc(TimestampMs time);

// ISO-8601 "2026-11-24", "2026-11-24T08:00:00Z" or "2026-11-24T08:00:00.000Z" (UTC only).
std::optional<TimestampMs> parse_iso_utc(std::string_view text);

}  // namespace marginkit
