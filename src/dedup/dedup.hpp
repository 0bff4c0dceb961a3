#pragma once
// The dedup stage: `run_dedup(store)` reads the activities, the intervals.icu links and the
// user's decisions, matches records of the same outing (match.hpp) and says which ones the map
// and the stats leave out. The store's rows are never changed or deleted: a loser stays in the
// store, only out of the build, so any decision can be undone.
//
// Track facts (first position, longest implausible jump) are cached in dedup_tracks keyed by
// content hash: a track is decoded for dedup once, when its content is first seen, never on
// every build.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dedup/match.hpp"
#include "store/dedup_tables.hpp"
#include "store/store.hpp"

namespace th {

struct DedupPair {
  std::int64_t a_id = 0, b_id = 0;  // activities row ids, a before b in start order
  dedup::PairKind kind = dedup::PairKind::Probable;
  std::string reason;
  bool merged = false;         // false: kept apart (the user said distinct, or another
                               // candidate of the same source was the better match)
  std::int64_t winner_id = 0;  // the group's winner when merged
  double time_shift_s = 0;
  double start_distance_m = 0;              // NaN without GPS on both
  std::optional<dedup::Decision> decision;  // the user's pair decision in force, if any
};

struct DedupResult {
  std::vector<StoredActivity> activities;  // every row, as store.activities() orders them
  std::vector<DedupPair> pairs;            // certain, probable, ambiguous (find_pairs order)
  // Row id → why it is left out: "duplicate of strava 123" or "excluded by you".
  std::unordered_map<std::int64_t, std::string> excluded;
  // Row id → the user's exclude/include decision in force.
  std::unordered_map<std::int64_t, dedup::Decision> activity_decisions;
  std::size_t tracks_decoded = 0;  // track facts computed in this run (cache misses)

  bool is_excluded(std::int64_t id) const { return excluded.count(id) != 0; }
};

// Matches and resolves; writes only the dedup_tracks cache. Throws IoError on database errors.
DedupResult run_dedup(Store& store);

// `all` without the rows `dedup` excludes (order kept).
std::vector<StoredActivity> without_excluded(const std::vector<StoredActivity>& all,
                                             const DedupResult& dedup);

}  // namespace th
