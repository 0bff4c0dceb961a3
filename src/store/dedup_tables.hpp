#pragma once
// The dedup stage's tables (migration 4), kept with the store so that import reads the user's
// decisions without depending on dedup: the decisions (dedup_decisions) and the cached facts of
// each track (dedup_tracks).
//
// The user's dedup decisions are an append-only log. Records are named by (source, source_id),
// which survives re-imports and re-syncs, never by row id alone: a decision about a record that is
// gone waits and applies again when the record comes back. Undo marks a decision undone (kept for
// the history); the newest decision not undone is the one in force for its pair or its activity.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/activity.hpp"

namespace th {
class Store;
}

namespace th::dedup {

struct ActivityKey {
  Source source = Source::File;
  std::string source_id;
  bool operator==(const ActivityKey&) const = default;
};

enum class DecisionKind {
  Winner,    // subject wins over other (the two are the same outing)
  Distinct,  // subject and other are not the same activity: never merge them
  Exclude,   // subject is left out of the map and the stats
  Include,   // subject is drawn and counted even if it lost a match or was excluded
};
const char* decision_kind_name(DecisionKind k);  // "winner", "distinct", "exclude", "include"
std::optional<DecisionKind> decision_kind_from_name(const std::string& name);
bool is_pair_decision(DecisionKind k);

struct Decision {
  std::int64_t id = 0;  // assigned by add_decision; increases with time
  DecisionKind kind = DecisionKind::Exclude;
  ActivityKey subject;
  std::optional<ActivityKey> other;  // set exactly for pair decisions
  double created_utc = 0;
  bool undone = false;
};

// Every decision, oldest first.
std::vector<Decision> load_decisions(Store& store);
// Appends `d` (id and undone ignored); returns its id. Throws UsageError when `other` does not
// match the kind.
std::int64_t add_decision(Store& store, const Decision& d);
// Marks decision `id` undone, or the newest one not undone when `id` is nullopt. Returns the id
// undone, nullopt when there was nothing (left) to undo.
std::optional<std::int64_t> undo_decision(Store& store, std::optional<std::int64_t> id);

// What dedup keeps of a parsed track (computed once per content hash): where it starts and its
// longest implausible jump (0 when none). NaN start: no valid position.
struct TrackFacts {
  double start_lat = kNaN, start_lon = kNaN;
  double max_jump_m = 0;
};
// Every cached track's facts, by content hash.
std::unordered_map<std::string, TrackFacts> load_track_facts(const Store& store);
// Inserts or replaces the facts of these tracks, in one transaction.
void save_track_facts(Store& store, const std::vector<std::pair<std::string, TrackFacts>>& facts);

}  // namespace th::dedup
