#pragma once
// `trackheat build` and the admin page's rebuild: the whole job, from the sources to site/.
// The CLI only parses options and prints the report.
//
// run_build() runs these steps in order, on the calling thread unless a step says otherwise
// (each parallel step spreads its work with parallel_for() over `jobs` threads and is joined
// before the next; an exception on any thread stops the step and is rethrown on the caller).
// Every step may throw IoError (disk, database); the first exception ends the build, and what
// the steps before it recorded stays recorded: the live site is changed only by `commit`.
//
//   check options  UsageError for a bad zoom range. No side effect.
//   privacy        load_privacy() of the cache, this build's zones and trim added and saved
//                  first (cache/privacy.json, atomically); UsageError for a bad trim, ParseError
//                  for a corrupt privacy file.
//   open store     cache/trackheat.db, created or migrated (store/store.hpp).
//   sync           only with configured `sync` credentials: run_sync() (sync/sync.hpp) brings
//                  cache/intervals_icu/ and its index in the store up to date, downloading on
//                  its own threads; the import below reads what it fetched. intervals.icu not
//                  reachable (NetworkError): report.sync_unreachable says why and the build
//                  goes on from the cache. AuthError (bad key or athlete) stops the build.
//                  `on_synced` is called after it, on this thread.
//   import         run_import(): every source (the Strava export, loose files, the
//                  intervals.icu cache) into the store, in batched transactions from one
//                  writer thread, parsing on `jobs` threads. A file that fails is counted in
//                  the report, not thrown; UsageError for a path that does not exist.
//   select         run_dedup() (reads the store, caches track facts in one transaction),
//                  the counted activities, the build fingerprint, and the live site's
//                  fingerprint read under its SiteReadLock (a killed build's journal is
//                  finished first). UsageError when nothing is left to build. When the
//                  fingerprints agree (and not `force`): report.up_to_date, nothing written.
//   prepare        prepare_drawn() (pipeline/drawn_inputs.hpp): tracks read from the store in
//                  batches and prepared on `jobs` threads; ParseError for a corrupt stored
//                  track. Then the drawn bounds, boxes and render keys.
//   open site      TileWriter: takes the site's writer lock (IoError when another build holds
//                  it) and finishes an interrupted build's journal.
//   render zooms   finest zoom first: decimate, then update_zoom() renders, normalises and
//                  encodes on `jobs` threads, incrementally from cache/render/ when it
//                  describes the live site; PNGs are staged under site/.trackheat/staging/.
//   explorer       the explorer layers (pipeline/explorer_layers.hpp): every drawn track's
//                  cells, the stats, every tile of both layers at every zoom offered to the
//                  writer (only changed bytes are staged); on `jobs` threads.
//   write data     activities.js, the viewer's files, manifest.json: staged too.
//   commit         TileWriter::commit(): the site's publish lock taken exclusively (waits for
//                  readers such as `trackheat serve`), journal written, applied, removed. The
//                  only step that changes the live site; all of it or none survives a crash.
//   save caches    the render cache of every zoom (cache/render/), after the commit, never
//                  before: a crash in between costs one full render, never a wrong tile.

#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "ingest/importer.hpp"
#include "pipeline/privacy_zones.hpp"
#include "render/explorer_cells.hpp"
#include "sync/sync.hpp"

namespace th {

struct BuildReport;

struct BuildOptions {
  std::optional<std::filesystem::path> strava;  // export folder or zip; nullopt: none
  std::vector<std::filesystem::path> paths;     // loose files or folders
  std::filesystem::path cache_dir = "cache";
  std::filesystem::path out_dir = "site";
  int min_zoom = 0;
  int max_zoom = 17;
  unsigned jobs = 0;  // 0: all cores
  bool quiet = false;
  double now_utc = kNaN;  // NaN: the current time (its month is "now" of recency, freshness)
  bool force = false;     // render even when the live site's fingerprint says it is current
  // Tiles of at least this many segments keep their codes in the cache (render_cache.hpp:
  // BusyTileCodes), so that a change redraws them only near it. Tests lower it to take that
  // path on small data.
  std::uint64_t busy_tile_segments = 100'000;
  // Privacy (pipeline/privacy_zones.hpp): zones to add and a new trim, saved in the cache
  // before anything else; the build then applies every zone the cache holds.
  std::vector<ZoneSpec> add_privacy_zones;
  std::optional<double> trim_ends_m;
  // intervals.icu: synced first when these credentials are configured (the CLI reads them from
  // the environment and .env; `build --no-sync` and a server without them leave nullopt).
  std::optional<SyncCredentials> sync;
  HttpOptions sync_http;  // the sync's HTTP client settings (timeouts, rate limit)
  // Called once the sync step has run or failed to reach intervals.icu, with the report so
  // far (`sync`, `sync_unreachable`): the CLI says what the sync did before the import starts.
  std::function<void(const BuildReport&)> on_synced;
};

struct StageTimes {
  double import_s = 0, prepare_s = 0, accumulate_s = 0, normalise_s = 0, encode_s = 0, write_s = 0;
  double explorer_s = 0;  // explorer cells, stats and tiles
};

struct BuildReport {
  std::optional<SyncReport> sync;  // what the sync did, when it ran
  std::string sync_unreachable;    // why intervals.icu could not be reached; built from the cache
  ImportReport import;
  bool up_to_date = false;  // nothing changed since the live site was built: nothing done
  int activities = 0;       // in the store
  int drawn = 0;            // drawn on the map (outdoor activities with a track)
  int left_out = 0;         // dedup: duplicates and exclusions, kept in the store, not counted
  int privacy_zones = 0;    // zones applied (kept in the cache)
  int privacy_zones_added = 0;
  int privacy_cut = 0;                // drawn activities that privacy cut something from
  std::uint64_t samples = 0;          // samples of the drawn activities
  std::uint64_t tiles_encoded = 0;    // PNGs encoded (the others were kept as they were)
  std::uint64_t tiles_in_zooms = 0;   // tiles with anything drawn, over all zooms
  std::uint64_t tiles_drawn = 0;      // of those, rasterised by this build
  std::uint64_t tiles_over_kept = 0;  // of those, busy tiles redrawn near a change only
  int zooms_incremental = 0;          // zooms updated from the render cache
  int leaving = 0;  // activities the live site drew and this one does not, subtracted from it
  std::uint64_t tiles_written = 0;
  std::uint64_t tiles_unchanged = 0;
  std::uint64_t tiles_deleted = 0;
  std::uint64_t bytes_written = 0;
  // The explorer layers' stats, per cell zoom (kExplorerCellZooms order), and their tiles.
  std::array<ExplorerStats, kExplorerCellZooms.size()> explorer{};
  std::uint64_t explorer_tiles = 0;  // with anything drawn, both layers, all zooms
  std::uint64_t explorer_kept = 0;   // of those, kept as the live site has them (no cell changed)
  StageTimes times;
};

BuildReport run_build(const BuildOptions& options);

}  // namespace th
