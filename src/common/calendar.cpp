#include "common/calendar.hpp"

#include <array>
#include <cctype>

namespace marginkit {

namespace {

constexpr std::array<const char*, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

std::optional<int> parse_digits(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<TimestampMs> make_timestamp(int year, int month, int day, int hour, int minute,
                                          int second, int millis) {
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month)) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + hour) * 60 + minute) * 60000LL + second * 1000LL + millis;
}

}  // namespace

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

std::optional<TimestampMs> parse_expiry_code(std::string_view code) {
  if (code.size() != 6 && code.size() != 7) return std::nullopt;
  const std::size_t day_digits = code.size() - 5;
  const auto day = parse_digits(code.substr(0, day_digits));
  const auto year = parse_digits(code.substr(day_digits + 3, 2));
  if (!day || !year || (day_digits == 2 && code[0] == '0')) return std::nullopt;
  const std::string_view month_text = code.substr(day_digits, 3);
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (month_text == kMonths[m]) {
      return make_timestamp(2000 + *year, static_cast<int>(m) + 1, *day, kVenueExpiryHourUtc, 0, 0, 0);
    }
  }
  return std::nullopt;
}

namespace {

struct CivilDay {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// civil_from_days (Hinnant), on the UTC day of the timestamp.
CivilDay civil_day(TimestampMs time) {
  std::int64_t z = (time >= 0 ? time : time - 86399999) / 86400000 + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2);
  return CivilDay{year, month, day};
}

std::string two_digits(std::int64_t value) { return (value < 10 ? "0" : "") + std::to_string(value); }

}  // namespace

std::string format_expiry_code(TimestampMs expiry) {
  const CivilDay d = civil_day(expiry);
  return std::to_string(d.day) + kMonths[d.month - 1] + two_digits(d.year % 100);
}

std::string format_iso_utc(TimestampMs time) {
  const CivilDay d = civil_day(time);
  const std::int64_t ms_of_day = time - (time >= 0 ? time : time - 86399999) / 86400000 * 86400000;
  const std::int64_t ms = ms_of_day % 1000, seconds = ms_of_day / 1000;
  return std::to_string(d.year) + "-" + two_digits(d.month) + "-" + two_digits(d.day) + "T" +
         two_digits(seconds / 3600) + ":" + two_digits(seconds / 60 % 60) + ":" + two_digits(seconds % 60) + "." +
         (ms < 100 ? "0" : "") + two_digits(ms) + "Z";
}

std::optional<TimestampMs> parse_iso_utc(std::string_view text) {
  // YYYY-MM-DD[THH:MM[:SS[.mmm]]Z]
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto year = parse_digits(text.substr(0, 4));
  const auto month = parse_digits(text.substr(5, 2));
  const auto day = parse_digits(text.substr(8, 2));
  if (!year || !month || !day) return std::nullopt;
  if (text.size() == 10) return make_timestamp(*year, *month, *day, 0, 0, 0, 0);
  if (text[10] != 'T' || text.back() != 'Z' || text.size() < 17 || text[13] != ':') return std::nullopt;
  const auto hour = parse_digits(text.substr(11, 2));
  const auto minute = parse_digits(text.substr(14, 2));
  if (!hour || !minute) return std::nullopt;
  int second = 0, millis = 0;
  const std::string_view rest = text.substr(16, text.size() - 17);  // after HH:MM, before Z
  if (!rest.empty()) {
    if (rest.size() < 3 || rest[0] != ':') return std::nullopt;
    const auto sec = parse_digits(rest.substr(1, 2));
    if (!sec) return std::nullopt;
    second = *sec;
    if (rest.size() > 3) {
      if (rest.size() != 7 || rest[3] != '.') return std::nullopt;
      const auto ms = parse_digits(rest.substr(4, 3));
      if (!ms) return std::nullopt;
      millis = *ms;
    }
  }
  return make_timestamp(*year, *month, *day, *hour, *minute, second, millis);
}

}  // namespace marginkit
