#include "core/time_util.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/text.hpp"

namespace th {

namespace chr = std::chrono;

long long days_from_civil(int year, unsigned month, unsigned day) {
  const chr::sys_days first{chr::year{year} / chr::month{month} / chr::day{1}};
  return (first + chr::days{static_cast<long long>(day) - 1}).time_since_epoch().count();
}

CivilDate civil_from_days(long long days) {
  const chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

bool valid_civil_date(int year, int month, int day) {
  if (year < -32767 || year > 32767 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  return chr::year_month_day{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                             chr::day{static_cast<unsigned>(day)}}
      .ok();
}

std::string format_iso_day(long long days) {
  const CivilDate d = civil_from_days(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
  return buf;
}

namespace {

// 00:00:00 to 23:59:60 (a leap second), and 24:00:00 (the end of the day, ISO 8601).
bool valid_clock(int hour, int minute, int second, double fraction) {
  if (hour == 24) return minute == 0 && second == 0 && fraction == 0;
  return hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second <= 60;
}

// UTC offsets in use run from -12:00 to +14:00; ±14:00 is the bound either way.
bool valid_offset(int hours, int minutes) {
  return minutes >= 0 && minutes < 60 && hours >= 0 && hours * 60 + minutes <= 14 * 60;
}

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}

// "YYYY-MM-DDTHH:MM:SS[.fff…]Z", the form nearly every GPX/TCX time takes: parsed without the
// general path's trimming and field-by-field validation (it runs once per track point).
// nullopt means "not this form", not "invalid": the general path then decides.
std::optional<double> parse_iso8601_utc_fast(std::string_view s) {
  if (s.size() < 20 || s.back() != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
      s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  // Two ASCII digits at `i`, or a negative number when either is not a digit.
  const auto two_digits = [p = s.data()](std::size_t i) {
    const auto a = static_cast<unsigned>(p[i] - '0');
    const auto b = static_cast<unsigned>(p[i + 1] - '0');
    return a < 10 && b < 10 ? static_cast<int>(a * 10 + b) : -1000;
  };
  const int century = two_digits(0), year = two_digits(2), mo = two_digits(5), d = two_digits(8),
            h = two_digits(11), mi = two_digits(14), se = two_digits(17);
  if (century < 0 || year < 0 || !valid_civil_date(century * 100 + year, mo, d)) {
    return std::nullopt;
  }
  double frac = 0;
  if (s.size() > 20) {
    if (s[19] != '.' && s[19] != ',') return std::nullopt;
    // Up to 9 fraction digits as one integer, then one division: exact to the nanosecond.
    std::uint64_t digits = 0, scale = 1;
    for (std::size_t i = 20; i + 1 < s.size(); ++i) {
      const auto v = static_cast<unsigned>(s[i] - '0');
      if (v >= 10) return std::nullopt;
      if (scale < 1000000000) {
        digits = digits * 10 + v;
        scale *= 10;
      }
    }
    frac = static_cast<double>(digits) / static_cast<double>(scale);
  } else if (s[19] != 'Z') {
    return std::nullopt;
  }
  if (!valid_clock(h, mi, se, frac)) return std::nullopt;
  const long long days =
      days_from_civil(century * 100 + year, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return static_cast<double>(days * 86400 + h * 3600 + mi * 60 + se) + frac;
}

}  // namespace

std::optional<double> parse_iso8601(std::string_view text) {
  std::string_view s = text;  // trimmed below
  if (const auto fast = parse_iso8601_utc_fast(s)) return fast;
  s = trim(s, kBlanksAndNewlines);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!read_int(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_int(s, 5, 2, mo) ||
      s[7] != '-' || !read_int(s, 8, 2, d)) {
    return std::nullopt;
  }
  if (!valid_civil_date(y, mo, d)) return std::nullopt;
  std::size_t pos = 10;
  double frac = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    if (!read_int(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !read_int(s, pos + 4, 2, mi)) {
      return std::nullopt;
    }
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!read_int(s, pos + 1, 2, se)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        double scale = 0.1;
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          frac += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
      }
    }
    if (!valid_clock(h, mi, se, frac)) return std::nullopt;
  }
  int offset_s = 0;
  if (pos < s.size()) {
    const char c = s[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      int oh = 0, om = 0;
      if (!read_int(s, pos + 1, 2, oh)) return std::nullopt;
      std::size_t p = pos + 3;
      if (p < s.size() && s[p] == ':') ++p;
      if (p < s.size()) {
        if (!read_int(s, p, 2, om)) return std::nullopt;
        p += 2;
      }
      if (!valid_offset(oh, om)) return std::nullopt;
      offset_s = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
      pos = p;
    }
    if (pos != s.size()) return std::nullopt;
  }
  const long long days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return static_cast<double>(days * 86400 + h * 3600 + mi * 60 + se - offset_s) + frac;
}

std::string format_iso8601(double unix_seconds) {
  const chr::sys_seconds t{chr::seconds{static_cast<long long>(std::floor(unix_seconds))}};
  const chr::sys_days day = chr::floor<chr::days>(t);
  const chr::hh_mm_ss clock{t - day};
  const CivilDate d = civil_from_days(day.time_since_epoch().count());
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", d.year, d.month, d.day,
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buf;
}

}  // namespace th
