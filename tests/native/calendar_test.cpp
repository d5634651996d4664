// Calendar (src/common/calendar.*): venue expiry codes DDMMMYY at 08:00 UTC, ISO-8601 UTC
// times, days_from_civil. Every expected epoch value was computed independently with GNU date,
// e.g. `date -u -d 2026-12-27T08:00:00Z +%s` -> 1798358400 (times 1000 for milliseconds).
#include <gtest/gtest.h>

#include <string>

#include "common/calendar.hpp"
#include "test_support.hpp"

namespace marginkit {
namespace {

struct CodeCase {
  const char* code;
  TimestampMs expected;  // ms; GNU date
};

// Source: GNU date; 08:00 UTC per calendar.hpp (Deribit expiries).
const CodeCase kCodes[] = {
    {"27DEC26", 1798358400000LL},  // 2026-12-27T08:00:00Z
    {"7MAR27", 1804406400000LL},   // 2027-03-07T08:00:00Z
    {"29FEB28", 1835424000000LL},  // 2028-02-29T08:00:00Z (leap year)
    {"29FEB00", 951811200000LL},   // 2000-02-29T08:00:00Z (2000 is a leap year: divisible by 400)
    {"1JAN26", 1767254400000LL},   // 2026-01-01T08:00:00Z
    {"31DEC99", 4102387200000LL},  // 2099-12-31T08:00:00Z
    {"24NOV26", 1795507200000LL},  // 2026-11-24T08:00:00Z
};

TEST(Calendar, ExpiryCodesAreAt0800Utc) {
  for (const auto& c : kCodes) {
    const auto t = parse_expiry_code(c.code);
    ASSERT_TRUE(t.has_value()) << c.code;
    EXPECT_EQ(*t, c.expected) << c.code;
    EXPECT_EQ(format_expiry_code(*t), c.code) << c.code;
  }
}

// Source: calendar.hpp ("nullopt unless the text is exactly such a code naming a real date").
const char* const kBadCodes[] = {
    "",        "27dec26", "27Dec26", "31FEB26", "29FEB27", "30FEB28", "31APR26", "31JUN26",
    "31SEP26", "31NOV26", "32JAN26", "00DEC26", "0DEC26",  "027DEC26", "07DEC26", "27DEC2026",
    "27DEC6",  "27XYZ26", "DEC26",   "27DEC",   " 7DEC26", "+7DEC26", "-7DEC26", "27DEC-6",
    "27 DEC26", "27DEC26 ", "1.5DEC26", "27DECX6",
};

TEST(Calendar, RejectsMalformedExpiryCodes) {
  for (const char* code : kBadCodes) {
    EXPECT_FALSE(parse_expiry_code(code).has_value()) << "'" << code << "'";
  }
}

TEST(Calendar, FormatExpiryCodeUsesTheUtcDay) {
  struct Case {
    TimestampMs t;
    const char* code;
  };
  // Source: GNU date. Any time of the day formats as that UTC day.
  const Case cases[] = {
      {1795478400000LL, "24NOV26"},  // 2026-11-24T00:00:00Z
      {1795564799000LL, "24NOV26"},  // 2026-11-24T23:59:59Z
      {1795564799999LL, "24NOV26"},
      {1795564800000LL, "25NOV26"},
      {0, "1JAN70"},
      {-86400000LL, "31DEC69"},      // 1969-12-31T00:00:00Z
      {-1, "31DEC69"},
      {4107542400000LL, "1MAR00"},   // 2100-03-01: 2100 is not a leap year, prints as year 00
  };
  for (const auto& c : cases) EXPECT_EQ(format_expiry_code(c.t), c.code) << c.t;
}

TEST(Calendar, DaysFromCivil) {
  struct Case {
    int y;
    unsigned m, d;
    std::int64_t days;  // GNU date seconds / 86400
  };
  const Case cases[] = {
      {1970, 1, 1, 0},          {1969, 12, 31, -1},        {2000, 3, 1, 951868800 / 86400},
      {2000, 2, 29, 11016},     {2024, 2, 29, 1709164800 / 86400}, {2026, 12, 27, 1798329600 / 86400},
      {2100, 3, 1, 4107542400LL / 86400},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(days_from_civil(c.y, c.m, c.d), c.days) << c.y << "-" << c.m << "-" << c.d;
  }
}

struct IsoCase {
  const char* text;
  TimestampMs expected;
};

// Source: GNU date. Forms per calendar.hpp: date only (midnight), HH:MM, HH:MM:SS, HH:MM:SS.mmm,
// always with a trailing Z when there is a time.
const IsoCase kIso[] = {
    {"2026-11-24", 1795478400000LL},
    {"2026-11-24T08:00:00Z", 1795507200000LL},
    {"2026-11-24T08:00:00.000Z", 1795507200000LL},
    {"2026-11-24T08:00Z", 1795507200000LL},
    {"2026-11-24T12:34:56Z", 1795523696000LL},
    {"2026-11-24T12:34:56.789Z", 1795523696789LL},
    {"2026-11-24T23:59:59.999Z", 1795564799999LL},
    {"2026-12-27T08:00:00Z", 1798358400000LL},
    {"2024-02-29T00:00:00Z", 1709164800000LL},
    {"1970-01-01T00:00:00Z", 0},
    {"1970-01-01T00:00:00.001Z", 1},
};

TEST(Calendar, ParsesIsoUtc) {
  for (const auto& c : kIso) {
    const auto t = parse_iso_utc(c.text);
    ASSERT_TRUE(t.has_value()) << c.text;
    EXPECT_EQ(*t, c.expected) << c.text;
  }
}

// Source: calendar.hpp ("UTC only"); invalid dates and times are not normalised.
const char* const kBadIso[] = {
    "",
    "2026-11-24T08:00:00",         // no Z: local time is ambiguous
    "2026-11-24T08:00:00+00:00",   // offsets are not accepted
    "2026-11-24T08:00:00.000+01:00",
    "2026-11-24t08:00:00z",
    "2026-11-24 08:00:00Z",
    "2026-11-24Z",
    "2026-13-01",
    "2026-00-10",
    "2026-02-29",
    "2026-11-31",
    "2026-11-00",
    "2026-11-24T24:00:00Z",
    "2026-11-24T08:60:00Z",
    "2026-11-24T08:00:60Z",
    "2026-11-24T8:00:00Z",
    "2026-11-24T08:0:00Z",
    "2026-11-24T08:00:0Z",
    "2026-11-24T08:00:00.Z",
    "2026-11-24T08:00:00.0Z",
    "2026-11-24T08:00:00.00Z",
    "2026-11-24T08:00:00.0000Z",
    "2026-11-24T08:00:00,000Z",
    "2026-11-24T08:00:00:00Z",
    "2026-11-24T08Z",
    "2026-1-24",
    "26-11-24",
    "2026/11/24",
    "2026-11-24x",
    "+2026-11-24",
    "2026-11-2a",
    "27DEC26",
};

TEST(Calendar, RejectsMalformedIso) {
  for (const char* text : kBadIso) {
    EXPECT_FALSE(parse_iso_utc(text).has_value()) << "'" << text << "'";
  }
}

TEST(Calendar, YearsBetweenIsAct365) {
  // 33 days (24 Nov -> 27 Dec 2026) is 33/365 of a year.
  EXPECT_DOUBLE_EQ(years_between(1795507200000LL, 1798358400000LL), 33.0 / 365.0);
  EXPECT_DOUBLE_EQ(years_between(1798358400000LL, 1795507200000LL), -33.0 / 365.0);
  EXPECT_DOUBLE_EQ(years_between(0, 3600000LL), 1.0 / 8760.0);
}

}  // namespace
}  // namespace marginkit
