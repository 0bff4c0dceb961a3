#pragma once
// The in-memory model every stage shares: one Activity = metadata + a track of samples.
//
// Representation: every measured quantity is stored as a double/float where NaN means "not
// recorded". That keeps one flat struct per sample (cheap to copy, easy to vectorise) instead of
// a std::optional per field. Use th::has() to test presence.

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/source.hpp"
#include "core/sport.hpp"

namespace th {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();

inline bool has(double v) {
  return !std::isnan(v);
}
inline bool has(float v) {
  return !std::isnan(v);
}

// One recorded instant. Any field may be missing (NaN).
struct Sample {
  double time = kNaN;        // seconds since the Unix epoch, UTC (fractions allowed)
  double lat = kNaN;         // degrees WGS84, -90..90
  double lon = kNaN;         // degrees WGS84, -180..180
  double distance = kNaN;    // metres from the start, as recorded by the device
  float altitude = kNaNf;    // metres above sea level
  float heart_rate = kNaNf;  // beats per minute
  float speed = kNaNf;       // metres per second (recorded, or derived when the file has none)
  // True on the first sample of every track segment after the first one: the line from the
  // previous sample must never be drawn (GPX <trkseg> break, TCX <Track> break, FIT timer stop
  // is *not* a break by itself).
  bool segment_start = false;

  bool has_position() const { return has(lat) && has(lon); }
};

enum class FileFormat : std::uint8_t { Unknown, Fit, Gpx, Tcx };
const char* format_name(FileFormat f);  // "fit", "gpx", "tcx", "unknown"

// Bit flags kept with an activity in the store.
enum ActivityFlags : std::uint32_t {
  kFlagNone = 0,
  kFlagIndoor = 1u << 0,       // no usable GPS track (treadmill, trainer, pool)
  kFlagVirtual = 1u << 1,      // virtual world (Zwift, MyWhoosh, VirtualRide/Run)
  kFlagSummaryOnly = 1u << 2,  // no file at all (manual entry in Strava)
  kFlagNotActivity = 1u << 3,  // a course, route or settings file: never drawn, not counted
  kFlagDeleted = 1u << 4,      // deleted upstream (intervals.icu): kept, never drawn or counted
};

// Values derived from the samples, computed the same way for every format (see parse/derive.hpp).
struct Summary {
  double distance_m = 0;  // along the track (haversine), or recorded distance if larger info
  double elapsed_s = 0;   // last minus first timestamp
  double moving_s = 0;    // time spent moving (pauses removed)
  double ascent_m = 0;    // smoothed, with hysteresis
  double descent_m = 0;
  double min_lat = kNaN, min_lon = kNaN, max_lat = kNaN, max_lon = kNaN;  // bbox of positions
  std::uint32_t samples = 0;                                              // all samples
  std::uint32_t points = 0;                                               // samples with a position
  bool has_heart_rate = false;
  bool has_altitude = false;
};

// What the file itself says about totals (FIT session, TCX lap sums). NaN when absent.
struct FileTotals {
  double distance_m = kNaN;
  double elapsed_s = kNaN;
  double moving_s = kNaN;
  double ascent_m = kNaN;
};

struct Activity {
  FileFormat format = FileFormat::Unknown;
  bool compressed = false;  // the bytes were gzip'd
  Sport sport = Sport::Unknown;
  std::string sport_raw;     // the file's own words for the sport, e.g. "running", "Biking"
  std::string name;          // title, when the file has one
  double start_time = kNaN;  // UTC seconds; first sample's time or the file's declared start
  std::optional<std::int32_t> utc_offset_s;  // local time = UTC + offset, when the file says
  std::uint32_t flags = kFlagNone;
  std::vector<Sample> samples;
  FileTotals totals;
  Summary summary;                    // filled by derive_summary()
  std::vector<std::string> warnings;  // non-fatal problems met while reading
};

// One activities row of the store (store/store.hpp): the summary later stages draw and count.
// Here, not in the store, so that stages that only read rows (the site's activities.js) need
// no database.
struct StoredActivity {
  std::int64_t id = 0;  // row id, assigned by the store
  Source source = Source::File;
  std::string source_id;  // Strava activity id, intervals.icu id, or the file's path
  Sport sport = Sport::Unknown;
  std::string name;
  double start_utc = kNaN;
  std::optional<std::int32_t> utc_offset_s;
  std::uint32_t flags = kFlagNone;
  Summary summary;
  std::string file_path;     // where the file was read from (for messages); empty if none
  std::string content_hash;  // key of its parsed track; empty for summary-only activities
};

}  // namespace th
