#pragma once
// Cross-source matching: which records are the same outing, and which one is drawn and counted.
// Pure functions over in-memory records (no database), so every rule is unit tested directly;
// dedup.hpp loads the records from the store and applies the user's decisions.
//
// Rules:
//   certain    an intervals.icu record whose listing names the Strava Activity ID of a Strava
//              record (`linked_strava_id`), or two records with the same file content (same
//              content hash: the only way two records of one source are ever merged).
//   probable   records of different sources whose starts agree in time, allowing for the
//              sources' UTC/local-time disagreement (a shift of 0, of either record's UTC offset,
//              or, when neither knows its offset, any whole quarter hour up to 14 h), whose start
//              points lie within kStartToleranceM (a real great-circle distance, not grid cells,
//              so two starts a few metres apart always match) and whose distances agree within
//              5 % or 200 m, whichever is larger.
//   ambiguous  the same time agreement (shift 0 or a known offset only) but something does not
//              fit: distances or starts far apart, or one track clearly broken (far fewer
//              points, a jump of more than kBrokenJumpM, no GPS at all); or a record that has
//              several candidates in another source.
// Matching is O(n log n + n·w) for n records and w records within ±14 h of each other: records
// are sorted by start time and each one looks only at its neighbours in that window.
//
// Resolution: pairs are merged into groups (union–find), strongest evidence first; a group never
// holds two records of one source with different content (that would merge two real outings),
// so a weaker pair that would do so stays unmerged. Each group draws one winner: the user's
// choice if there is one, else the richest record (GPS, not broken, heart rate, altitude, more
// points; then the lower id). Every other member is excluded: kept in the store, out of the map
// and the stats. Pairs the user marked distinct are never merged.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/source.hpp"

namespace th::dedup {

inline constexpr double kStartToleranceM = 250.0;
inline constexpr double kTimeToleranceS = 180.0;
inline constexpr double kMaxShiftS = 14 * 3600.0;
inline constexpr double kDistanceToleranceFraction = 0.05;
inline constexpr double kDistanceToleranceM = 200.0;
inline constexpr double kBrokenJumpM = 1000.0;
inline constexpr double kFewerPointsFraction = 0.5;  // "far fewer points": under half the other's

// What matching needs to know of one activities row.
struct MatchRecord {
  std::int64_t id = 0;
  Source source = Source::File;
  std::string source_id;
  double start_utc = 0;  // NaN: unknown (such a record matches only for certain)
  std::optional<std::int32_t> utc_offset_s;
  double distance_m = 0;
  std::uint32_t points = 0;  // samples with a position
  std::uint32_t samples = 0;
  bool has_heart_rate = false;
  bool has_altitude = false;
  std::string content_hash;             // empty: summary only
  double start_lat = 0, start_lon = 0;  // NaN without GPS
  double max_jump_m = 0;                // longest step between consecutive positions
  std::string linked_strava_id;         // intervals.icu's strava_id, empty when none
};

bool has_gps(const MatchRecord& r);
bool is_broken(const MatchRecord& r);

enum class PairKind { Ambiguous = 0, Probable = 1, Certain = 2 };
const char* pair_kind_name(PairKind k);  // "ambiguous", "probable", "certain"

struct MatchPair {
  std::size_t a = 0, b = 0;  // indices into the records given, a < b
  PairKind kind = PairKind::Probable;
  std::string reason;           // why, in a few words, for the admin page
  double time_shift_s = 0;      // the UTC/local shift that made the starts agree (b minus a)
  double start_distance_m = 0;  // NaN when either has no GPS
  double score = 0;             // lower is a better match (ranks pairs of equal kind)
};

// Every candidate pair, each once, certain ones first, then probable, then ambiguous.
std::vector<MatchPair> find_pairs(const std::vector<MatchRecord>& records);

// A user's choice about a pair (by record index).
struct PairChoice {
  std::size_t a = 0, b = 0;
  bool distinct = false;   // "not the same activity"
  std::size_t winner = 0;  // when !distinct: a or b
};

struct Resolution {
  // Per record: the index of its group's winner (itself when it is not a duplicate).
  std::vector<std::size_t> winner_of;
  // Per pair of find_pairs(): whether it was merged.
  std::vector<bool> merged;
};

// `choices` in the order they were made (a later one overrides an earlier one of its pair).
Resolution resolve(const std::vector<MatchRecord>& records, const std::vector<MatchPair>& pairs,
                   const std::vector<PairChoice>& choices);

}  // namespace th::dedup
