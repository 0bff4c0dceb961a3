#pragma once
// The intervals.icu index in the store: table `intervals_activities` (one row per activity the
// listing has ever shown, see store/schema.cpp migration 3) and the key/value `sync_state`.
//
// Row states and what they mean for the cache folder:
//   pending     listed, file not (or no longer) current: the next sync downloads it
//   downloaded  `file_name` under <cache>/intervals_icu/ holds the current file (`file_hash`)
//   stub        `upstream_source` is STRAVA: the API does not serve the file; the Strava export
//               supplies it. Never downloaded, never imported from here.
//   failed      the last download or check failed (`error` says why); retried next sync;
//               imported as a summary-only activity from the listing meanwhile
//   deleted     gone from the listing; its activities row is kept with kFlagDeleted
//
// Only the sync writes these rows, one statement at a time (autocommit), so whatever was
// recorded before an interruption stays recorded. Import reads them (load_intervals_index) and
// links `activity_id` afterwards (link_imported_activities); dedup reads the links
// (intervals_strava_links). The table code lives in the store so that import and dedup read it
// without depending on the sync (and libcurl).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/activity.hpp"
#include "store/store.hpp"

namespace th {

// The row states above; the text is the `state` column's.
enum class IntervalsState : std::uint8_t { Pending, Downloaded, Stub, Failed, Deleted };
// "pending", "downloaded", "stub", "failed", "deleted".
std::string_view intervals_state_name(IntervalsState s);
// The inverse of intervals_state_name(); throws ParseError on any other text.
IntervalsState parse_intervals_state(std::string_view text);

struct IntervalsEntry {
  std::string intervals_id;
  std::optional<std::int64_t> activity_id;
  IntervalsState state = IntervalsState::Pending;
  std::string strava_id, external_id, upstream_source, type, name, start_local, timezone;
  double start_utc = kNaN;
  double distance_m = kNaN;
  double moving_s = kNaN;
  double elapsed_s = kNaN;
  double elevation_gain_m = kNaN;
  std::string listing_hash;
  std::string file_name;  // relative to <cache>/intervals_icu/; empty when none
  std::string file_hash;  // content hash of that file
  std::string error;      // why the last attempt failed; empty otherwise
  double updated_utc = kNaN;
};

// Every row, keyed by intervals id.
std::map<std::string, IntervalsEntry> load_intervals_index(const Store& store);
// Inserts or replaces a row (all columns but activity_id, which import owns).
void put_intervals_entry(Store& store, const IntervalsEntry& entry);

std::optional<std::string> get_sync_state(const Store& store, const std::string& key);
void set_sync_state(Store& store, const std::string& key, const std::string& value);

// activities row id → the Strava Activity ID its intervals.icu listing names (rows import linked
// to an activity, with a non-empty strava_id): dedup's certain matches.
std::unordered_map<std::int64_t, std::string> intervals_strava_links(const Store& store);

// Points each row's activity_id at the activities row (source 'intervals', source_id =
// intervals_id) import made for it; NULL where there is none (stubs, rows never imported).
void link_imported_activities(Store& store);

}  // namespace th
