#include "admin/admin_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/time_util.hpp"
#include "render/projection.hpp"
#include "render/track_prep.hpp"

namespace th::admin {
namespace {

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

double round5(double v) {
  return std::round(v * 1e5) / 1e5;
}

double day_param(const std::map<std::string, std::string>& query, const char* name, double fallback,
                 double add) {
  const auto it = query.find(name);
  if (it == query.end() || it->second.empty()) return fallback;
  const auto t = it->second.size() == 10 ? parse_iso8601(it->second + "T00:00:00Z") : std::nullopt;
  if (!t) throw UsageError(std::string("parameter '") + name + "' must be a date YYYY-MM-DD");
  return *t + add;
}

// Why the store keeps a row that no build draws or counts, whatever dedup says: it is gone
// upstream (kFlagDeleted). Empty for every other row.
std::string gone_reason(const StoredActivity& a) {
  if ((a.flags & kFlagDeleted) == 0) return {};
  if (a.source == Source::Strava) return "no longer in the Strava export";
  if (a.source == Source::Intervals) return "deleted on intervals.icu";
  return "deleted upstream";
}

bool left_out(const StoredActivity& a, const DedupResult& dedup) {
  return dedup.is_excluded(a.id) || (a.flags & kFlagDeleted) != 0;
}

// The vertices the map draws, downsampled; null where a run starts between two kept ones.
nlohmann::json drawn_track_json(const std::vector<Sample>& samples, const PrivacySettings& privacy,
                                std::size_t max_points) {
  nlohmann::json out = nlohmann::json::array();
  const PreparedTrack track = prepare_track(samples, {}, &privacy);
  const std::size_t n = track.vertices.size();
  const std::size_t keep = std::min(n, max_points);
  std::size_t previous = 0;
  for (std::size_t k = 0; k < keep; ++k) {
    const std::size_t i = keep == 1 ? 0 : k * (n - 1) / (keep - 1);
    bool breaks = false;
    for (std::size_t j = previous + 1; j <= i && k > 0; ++j)
      breaks = breaks || track.vertices[j].run_start;
    if (breaks) out.push_back(nullptr);
    const LatLon p = unproject(to_world(track.vertices[i].point()));
    out.push_back({round5(p.lat), round5(p.lon)});
    previous = i;
  }
  return out;
}

}  // namespace

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json record_json(const StoredActivity& a, const DedupResult& dedup) {
  nlohmann::json j;
  j["id"] = a.id;
  j["source"] = source_name(a.source);
  j["source_id"] = a.source_id;
  j["sport"] = std::string(sport_name(a.sport));
  j["name"] = a.name;
  j["start"] = has(a.start_utc) ? nlohmann::json(format_iso8601(a.start_utc)) : nullptr;
  j["utc_offset_s"] = a.utc_offset_s ? nlohmann::json(*a.utc_offset_s) : nullptr;
  const Summary& s = a.summary;
  j["distance_m"] = number_or_null(s.distance_m);
  j["moving_s"] = number_or_null(s.moving_s);
  j["elapsed_s"] = number_or_null(s.elapsed_s);
  j["ascent_m"] = number_or_null(s.ascent_m);
  j["points"] = s.points;
  j["samples"] = s.samples;
  j["has_heart_rate"] = s.has_heart_rate;
  j["has_altitude"] = s.has_altitude;
  const auto ex = dedup.excluded.find(a.id);
  const std::string gone = gone_reason(a);
  j["excluded"] = left_out(a, dedup);
  j["excluded_reason"] = !gone.empty() ? gone : ex != dedup.excluded.end() ? ex->second : "";
  j["state"] = (a.flags & kFlagDeleted) == 0 ? (ex == dedup.excluded.end() ? "drawn" : "left_out")
               : a.source == Source::Strava  ? "gone_from_strava_export"
                                             : "deleted_upstream";
  const auto d = dedup.activity_decisions.find(a.id);
  j["decision"] = d == dedup.activity_decisions.end()
                      ? nlohmann::json(nullptr)
                      : nlohmann::json{{"id", d->second.id},
                                       {"kind", dedup::decision_kind_name(d->second.kind)}};
  return j;
}

nlohmann::json track_json(Store& store, const StoredActivity& a, const PrivacySettings& privacy,
                          std::size_t max_points) {
  nlohmann::json out = nlohmann::json::array();
  if (a.content_hash.empty() || a.summary.points == 0 || max_points == 0) return out;
  std::vector<Sample> samples;
  try {
    samples = store.track(a.content_hash);
  } catch (const std::exception&) {
    return out;  // a corrupt blob: no map, the rest of the page still works
  }
  if (privacy.active()) return drawn_track_json(samples, privacy, max_points);
  std::erase_if(samples, [](const Sample& s) { return !s.has_position(); });
  if (samples.empty()) return out;
  const std::size_t n = samples.size();
  const std::size_t keep = std::min(n, max_points);
  for (std::size_t k = 0; k < keep; ++k) {
    const std::size_t i = keep == 1 ? 0 : k * (n - 1) / (keep - 1);
    out.push_back({round5(samples[i].lat), round5(samples[i].lon)});
  }
  return out;
}

ActivityFilter parse_filter(const std::map<std::string, std::string>& query) {
  ActivityFilter f;
  auto get = [&](const char* name) {
    const auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  };
  f.text = ascii_lower(get("q"));
  f.source = get("source");
  f.sport = get("sport");
  f.after_utc = day_param(query, "after", f.after_utc, 0);
  f.before_utc = day_param(query, "before", f.before_utc, 86400);  // inclusive day
  const std::string ex = get("excluded");
  if (ex == "1") f.excluded = true;
  if (ex == "0") f.excluded = false;
  if (!ex.empty() && ex != "1" && ex != "0") {
    throw UsageError("parameter 'excluded' must be 1 or 0");
  }
  return f;
}

bool matches(const ActivityFilter& f, const StoredActivity& a, const DedupResult& dedup) {
  if (!f.source.empty() && source_name(a.source) != f.source) return false;
  if (!f.sport.empty() && sport_name(a.sport) != f.sport) return false;
  if (f.after_utc > -1e300 || f.before_utc < 1e300) {
    if (!has(a.start_utc) || a.start_utc < f.after_utc || a.start_utc >= f.before_utc) return false;
  }
  if (f.excluded && *f.excluded != left_out(a, dedup)) return false;
  if (!f.text.empty() && ascii_lower(a.name).find(f.text) == std::string::npos &&
      ascii_lower(a.source_id).find(f.text) == std::string::npos) {
    return false;
  }
  return true;
}

std::size_t size_param(const std::map<std::string, std::string>& query, const std::string& name,
                       std::size_t fallback, std::size_t max) {
  const auto it = query.find(name);
  if (it == query.end() || it->second.empty()) return std::min(fallback, max);
  std::size_t v = 0;
  const auto* end = it->second.data() + it->second.size();
  const auto [ptr, ec] = std::from_chars(it->second.data(), end, v);
  if (ec == std::errc::result_out_of_range) return max;
  if (ec != std::errc() || ptr != end) {
    throw UsageError("parameter '" + name + "' must be a whole number");
  }
  return std::min(v, max);
}

}  // namespace th::admin
