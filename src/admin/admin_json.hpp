#pragma once
// Private to src/admin: the JSON shapes of records and tracks, and the activity list's filter.
// User text (names) goes out as JSON strings; invalid UTF-8 is replaced, never passed on. The
// page escapes by building its DOM with textContent only.

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dedup/dedup.hpp"
#include "render/privacy.hpp"
#include "store/store.hpp"

namespace th::admin {

inline constexpr std::size_t kTrackPointsForMap = 150;

// One record: id, source, source_id, sport, name, start (ISO 8601 UTC or null), utc_offset_s,
// distance_m, moving_s, elapsed_s, ascent_m, points, samples, has_heart_rate, has_altitude,
// excluded (bool: not on the map), excluded_reason, state ("drawn", "left_out" by dedup or the
// user, "gone_from_strava_export": hidden because the Strava export no longer lists it, an
// Include shows it again from the next rebuild; "deleted_upstream": deleted on intervals.icu),
// decision ({id, kind} of an exclude/include in force, or null).
nlohmann::json record_json(const StoredActivity& a, const DedupResult& dedup);

// [[lat, lon], …]: at most `max_points` positions spread evenly along the track, 5 decimals.
// With `privacy` active, the positions are those the map draws (prepare_track with the cut:
// nothing inside a hidden circle, no trimmed end) and a null stands between two positions of
// different runs, so no line is drawn across a zone.
nlohmann::json track_json(Store& store, const StoredActivity& a, const PrivacySettings& privacy,
                          std::size_t max_points = kTrackPointsForMap);

struct ActivityFilter {
  std::string text;                               // lower-case; matched against name and source id
  std::string source;                             // empty: any
  std::string sport;                              // sport_name(), empty: any
  double after_utc = -1e300, before_utc = 1e300;  // start in [after, before)
  std::optional<bool> excluded;                   // not on the map (left out, or gone upstream)
};

// Reads q, source, sport, after, before, excluded. Throws UsageError naming a bad parameter.
ActivityFilter parse_filter(const std::map<std::string, std::string>& query);
bool matches(const ActivityFilter& f, const StoredActivity& a, const DedupResult& dedup);

// Reads a non-negative integer parameter (default when absent), capped at `max`. Throws
// UsageError when it is not a number.
std::size_t size_param(const std::map<std::string, std::string>& query, const std::string& name,
                       std::size_t fallback, std::size_t max);

// The JSON text of `j`, replacing invalid UTF-8 instead of throwing.
std::string dump(const nlohmann::json& j);

}  // namespace th::admin
