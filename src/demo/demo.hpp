#pragma once
// Synthetic, Strava-export-shaped data around Munich: the embedded default for `make run` and
// the data of every benchmark. Deterministic for a (seed, now) pair.
//
// A handful of favourite loops run and ridden many times with realistic GPS jitter, one-off
// routes, hikes with real climbs; 1 Hz samples with heart rate and altitude; dates spread over
// `years` up to `now`.

#include <cstdint>
#include <filesystem>
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
  Activity activity;             // sport, name, start_time, samples (derive_summary() applied)
  FileFormat format = FileFormat::Fit;
  bool gzip = true;
  std::string filename() const;  // "activities/<id>.fit.gz", …
};

std::vector<DemoActivity> generate_demo(const DemoOptions& options);

// Writes activities.csv (Strava's real header shape) and activities/ to options.out.
// Returns the number of activities written.
int write_demo_export(const DemoOptions& options);

}  // namespace th
