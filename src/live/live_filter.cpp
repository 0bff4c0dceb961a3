#include "live/live_filter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/time_util.hpp"

namespace th::live {

namespace {

constexpr double kMaxKm = 1e6;

std::int64_t parse_day(std::string_view key, std::string_view text) {
  const auto bad = [&] {
    return BadRequest(std::string(key) + " must be a date YYYY-MM-DD, not '" +
                      std::string(text.substr(0, 40)) + "'");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw bad();
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    const char* b = text.data() + starts[i];
    const char* e = b + lengths[i];
    if (!std::all_of(b, e, [](char c) { return c >= '0' && c <= '9'; })) throw bad();
    std::from_chars(b, e, parts[i]);
  }
  const int year = parts[0];
  const auto month = static_cast<unsigned>(parts[1]), day = static_cast<unsigned>(parts[2]);
  if (!valid_civil_date(year, static_cast<int>(month), static_cast<int>(day))) throw bad();
  return days_from_civil(year, month, day);
}

double parse_km(std::string_view key, std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) ||
      v < 0 || v > kMaxKm) {
    throw BadRequest(std::string(key) + " must be a distance in km from 0 to 1000000, not '" +
                     std::string(text.substr(0, 40)) + "'");
  }
  return v;
}

std::optional<Sport> sport_named(std::string_view name) {
  for (std::size_t s = 0; s < kSportCount; ++s) {
    if (sport_name(static_cast<Sport>(s)) == name) return static_cast<Sport>(s);
  }
  return std::nullopt;
}

std::bitset<kSportCount> parse_sports(std::string_view text) {
  std::bitset<kSportCount> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    const std::optional<Sport> s = sport_named(name);
    if (!s) {
      throw BadRequest("sport: unknown sport '" + std::string(name.substr(0, 40)) +
                       "' (names as in data/activities.js, comma-separated)");
    }
    out.set(static_cast<std::size_t>(*s));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string number_text(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, r.ptr};
}

}  // namespace

bool LiveFilter::matches(const FilterFacts& a) const {
  if (sports && !sports->test(static_cast<std::size_t>(a.sport))) return false;
  if (after_day || before_day) {
    if (!a.local_day) return false;
    if (after_day && *a.local_day < *after_day) return false;
    if (before_day && *a.local_day > *before_day) return false;
  }
  if (min_km || max_km) {
    if (!a.distance_km) return false;
    if (min_km && *a.distance_km < *min_km) return false;
    if (max_km && *a.distance_km > *max_km) return false;
  }
  return true;
}

std::string LiveFilter::canonical() const {
  std::string out;
  const auto add = [&out](std::string_view key, const std::string& value) {
    if (!out.empty()) out += '&';
    out.append(key).append("=").append(value);
  };
  if (after_day) add("after", format_iso_day(*after_day));
  if (before_day) add("before", format_iso_day(*before_day));
  if (min_km) add("min_km", number_text(*min_km));
  if (max_km) add("max_km", number_text(*max_km));
  if (sports) {
    std::vector<std::string_view> names;
    for (std::size_t s = 0; s < kSportCount; ++s) {
      if (sports->test(s)) names.push_back(sport_name(static_cast<Sport>(s)));
    }
    std::sort(names.begin(), names.end());
    std::string list;
    for (const std::string_view n : names) {
      if (!list.empty()) list += ',';
      list.append(n);
    }
    add("sport", list);
  }
  return out;
}

LiveFilter parse_live_filter(const QueryParams& params,
                             const std::vector<std::string_view>& other_keys) {
  LiveFilter f;
  std::vector<std::string_view> seen;
  for (const auto& [key, value] : params) {
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      throw BadRequest("parameter '" + key.substr(0, 40) + "' is given twice");
    }
    seen.push_back(key);
    if (key == "after") {
      f.after_day = parse_day(key, value);
    } else if (key == "before") {
      f.before_day = parse_day(key, value);
    } else if (key == "min_km") {
      f.min_km = parse_km(key, value);
    } else if (key == "max_km") {
      f.max_km = parse_km(key, value);
    } else if (key == "sport") {
      f.sports = parse_sports(value);
    } else if (std::find(other_keys.begin(), other_keys.end(), key) == other_keys.end()) {
      throw BadRequest("unknown parameter '" + key.substr(0, 40) +
                       "' (after, before, min_km, max_km, sport)");
    }
  }
  if (f.after_day && f.before_day && *f.after_day > *f.before_day) {
    throw BadRequest("after (" + format_iso_day(*f.after_day) + ") is later than before (" +
                     format_iso_day(*f.before_day) + ")");
  }
  if (f.min_km && f.max_km && *f.min_km > *f.max_km) {
    throw BadRequest("min_km is larger than max_km");
  }
  return f;
}

}  // namespace th::live
