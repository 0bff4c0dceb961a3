#pragma once
// `trackheat build`: import ─► prepare tracks ─► per zoom: render, normalise, encode ─► site/.
// The CLI only parses options and prints the report; this is the whole job.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "ingest/importer.hpp"
#include "pipeline/privacy_zones.hpp"

namespace th {

struct BuildOptions {
  std::optional<std::filesystem::path> strava;  // export folder or zip; nullopt: none
  std::vector<std::filesystem::path> paths;     // loose files or folders
  std::filesystem::path cache_dir = "cache";
  std::filesystem::path out_dir = "site";
  int min_zoom = 0;
  int max_zoom = 17;
  unsigned jobs = 0;      // 0: all cores
  bool quiet = false;
  double now_utc = kNaN;  // NaN: the current time (its month is "now" of recency, freshness)
  bool force = false;     // render even when the live site's fingerprint says it is current
  // Privacy (pipeline/privacy_zones.hpp): zones to add and a new trim, saved in the cache
  // before anything else; the build then applies every zone the cache holds.
  std::vector<ZoneSpec> add_privacy_zones;
  std::optional<double> trim_ends_m;
};

struct StageTimes {
  double import_s = 0, prepare_s = 0, accumulate_s = 0, normalise_s = 0, encode_s = 0,
         write_s = 0;
};

struct BuildReport {
  ImportReport import;
  bool up_to_date = false;    // nothing changed since the live site was built: nothing done
  int activities = 0;         // in the store
  int drawn = 0;              // drawn on the map (outdoor activities with a track)
  int left_out = 0;           // dedup: duplicates and exclusions, kept in the store, not counted
  int privacy_zones = 0;      // zones applied (kept in the cache)
  int privacy_zones_added = 0;
  int privacy_cut = 0;        // drawn activities that privacy cut something from
  std::uint64_t samples = 0;  // samples of the drawn activities
  std::uint64_t tiles_encoded = 0;     // PNGs encoded (the others were kept as they were)
  std::uint64_t tiles_in_zooms = 0;    // tiles with anything drawn, over all zooms
  std::uint64_t tiles_drawn = 0;       // of those, rasterised by this build
  int zooms_incremental = 0;           // zooms updated from the render cache
  std::uint64_t tiles_written = 0;
  std::uint64_t tiles_unchanged = 0;
  std::uint64_t tiles_deleted = 0;
  std::uint64_t bytes_written = 0;
  StageTimes times;
};

BuildReport run_build(const BuildOptions& options);

}  // namespace th
