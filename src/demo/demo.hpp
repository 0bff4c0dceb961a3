#pragma once
// Synthetic, Strava-export-shaped data around Munich: the embedded default for `make run` and
// the data of every benchmark. Deterministic for a (seed, now) pair.
//
// A handful of favourite loops run and ridden many times with realistic GPS jitter, one-off
// routes, hikes with real climbs; 1 Hz samples with heart rate and altitude; dates spread over
// `years` up to `now`.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/activity.hpp"

namespace th {

struct DemoOptions {
  std::filesystem::path out = "strava_export_demo";
  int activities = 150;
  std::uint64_t seed = 1;
  int years = 3;
  double now_utc = kNaN;  // NaN: the current time
};

// One generated activity and how it is written to the export.
struct DemoActivity {
  std::string strava_id;
  Activity activity;  // sport, name, start_time, samples (derive_summary() applied)
  FileFormat format = FileFormat::Fit;
  bool gzip = true;
  std::string filename() const;  // "activities/<id>.fit.gz", …
};

// All activities, in start-time order (Strava ids increase with it). Deterministic: the same
// (seed, now_utc, activities, years) give identical output. Throws UsageError for activities
// outside 0..1'000'000 or years outside 1..50. Start times lie in [now - years, now].
// Each Activity: format/compressed as written, sport and sport_raw, name, start_time (whole
// seconds) and utc_offset_s (Munich: 3600 or 7200), 1 Hz samples with time, distance, heart
// rate (60..200), altitude (not on treadmills), lat/lon outdoors (indoor ones have none and
// kFlagIndoor), speed as derived; summary and flags from derive_summary().
// Memory: everything at once (about 50 bytes per sample, ~0.9 GB for 5 000 activities); use
// for_each_demo_activity() to stream instead.
std::vector<DemoActivity> generate_demo(const DemoOptions& options);

// The same activities as generate_demo(), handed to `sink` one at a time as each is made, so
// memory stays at one activity whatever the count.
void for_each_demo_activity(const DemoOptions& options,
                            const std::function<void(DemoActivity&&)>& sink);

// Writes activities.csv (Strava's real header shape) and activities/ to options.out.
// Returns the number of activities written.
int write_demo_export(const DemoOptions& options);

}  // namespace th
