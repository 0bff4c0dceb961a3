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

// Days since 1970-01-01 for a civil date (proleptic Gregorian), and back.
long long days_from_civil(int year, unsigned month, unsigned day);

}  // namespace th
