#pragma once
// Time conversions. All times inside trackheat are UTC seconds since the Unix epoch (double).

#include <optional>
#include <string>
#include <string_view>

namespace th {

// Parses ISO 8601 / RFC 3339 as found in GPX and TCX: "2020-10-07T14:43:11Z",
// "2020-10-07T14:43:11.250Z", "2020-10-07T16:43:11+02:00", "2020-10-07 14:43:11" (taken as UTC).
// Returns nullopt when the text is not a date-time.
std::optional<double> parse_iso8601(std::string_view text);

// "2020-10-07T14:43:11Z" (whole seconds, UTC).
std::string format_iso8601(double unix_seconds);

// Civil dates (proleptic Gregorian) through std::chrono's calendar (year_month_day, sys_days),
// for years -32767 to 32767 (std::chrono::year's range).
struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Days since 1970-01-01 (negative before). Precondition: month 1..12. A day past the month's
// end counts on into the next month (2023-02-30 is 2023-03-02).
long long days_from_civil(int year, unsigned month, unsigned day);

// The date of a day number: the inverse of days_from_civil() for real dates.
CivilDate civil_from_days(long long days);

// True for a real calendar day: month 1..12, day 1 to the month's length (29 February only in
// leap years: every 4th, except centuries not divisible by 400).
bool valid_civil_date(int year, int month, int day);

// "YYYY-MM-DD" of a day number.
std::string format_iso_day(long long days);

}  // namespace th
