#include "sync/intervals_api.hpp"

#include <cctype>
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/hash.hpp"
#include "core/time_util.hpp"

namespace th {

namespace {

using json = nlohmann::json;

std::string text_field(const json& o, const char* key) {
  const auto it = o.find(key);
  if (it == o.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number_unsigned()) return std::to_string(it->get<unsigned long long>());
  throw ParseError(std::string("field '") + key + "' is not text");
}

double number_field(const json& o, const char* key) {
  const auto it = o.find(key);
  if (it == o.end() || it->is_null()) return kNaN;
  if (!it->is_number()) throw ParseError(std::string("field '") + key + "' is not a number");
  return it->get<double>();
}

ListedActivity read_entry(const json& o) {
  if (!o.is_object()) throw ParseError("entry is not an object");
  ListedActivity a;
  a.id = text_field(o, "id");
  if (a.id.empty() || a.id.size() > 64 ||
      a.id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
          std::string::npos) {
    throw ParseError("entry without a usable 'id'");
  }
  a.start_local = text_field(o, "start_date_local");
  a.start_utc = parse_iso8601(text_field(o, "start_date")).value_or(kNaN);
  a.timezone = text_field(o, "timezone");
  a.type = text_field(o, "type");
  a.name = text_field(o, "name");
  a.source = text_field(o, "source");
  a.strava_id = text_field(o, "strava_id");
  a.external_id = text_field(o, "external_id");
  a.file_type = text_field(o, "file_type");
  a.distance_m = number_field(o, "distance");
  a.moving_s = number_field(o, "moving_time");
  a.elapsed_s = number_field(o, "elapsed_time");
  a.elevation_gain_m = number_field(o, "total_elevation_gain");
  return a;
}

std::string number_text(double v) {
  if (!has(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

std::string url_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace

std::string ListedActivity::listing_hash() const {
  const std::string key = start_local + '|' + number_text(start_utc) + '|' +
                          number_text(distance_m) + '|' + number_text(moving_s) + '|' +
                          number_text(elapsed_s) + '|' + number_text(elevation_gain_m) + '|' +
                          source + '|' + external_id + '|' + file_type;
  return content_hash(ByteView(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()));
}

Listing parse_listing(std::string_view json_text, const std::string& what) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {
    throw ParseError(what + ": malformed JSON (" + e.what() + ")");
  }
  if (!doc.is_array()) throw ParseError(what + ": expected a JSON array of activities");
  Listing out;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    try {
      out.activities.push_back(read_entry(doc[i]));
    } catch (const std::exception& e) {
      out.errors.push_back(what + ": entry " + std::to_string(i) + ": " + e.what());
    }
  }
  return out;
}

IntervalsApi::IntervalsApi(const SyncCredentials& credentials, HttpOptions http)
    : api_root_(credentials.base_url + "/api/v1"),
      athlete_(url_escape(credentials.athlete_id)),
      http_(std::move(http), "API_KEY", credentials.api_key) {}

Bytes IntervalsApi::get(const std::string& path) {
  return http_.get(api_root_ + path, "GET /api/v1" + path).body;
}

Listing IntervalsApi::list(const std::string& oldest_date, const std::string& newest_date,
                           int limit) {
  const std::string path = "/athlete/" + athlete_ + "/activities?oldest=" + oldest_date +
                           "&newest=" + newest_date + "&limit=" + std::to_string(limit);
  const Bytes body = get(path);
  return parse_listing(std::string_view(reinterpret_cast<const char*>(body.data()), body.size()),
                       "intervals.icu listing " + oldest_date + ".." + newest_date);
}

Bytes IntervalsApi::original_file(const std::string& activity_id) {
  return get("/activity/" + url_escape(activity_id) + "/file");
}

Bytes IntervalsApi::generated_fit_file(const std::string& activity_id) {
  return get("/activity/" + url_escape(activity_id) + "/fit-file");
}

}  // namespace th
