#include "pipeline/build.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/hash.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "core/time_util.hpp"
#include "dedup/dedup.hpp"
#include "encode/color_ramp.hpp"
#include "encode/png_writer.hpp"
#include "pipeline/drawn_inputs.hpp"
#include "pipeline/explorer_layers.hpp"
#include "pipeline/leaving_inputs.hpp"
#include "pipeline/render_cache.hpp"
#include "pipeline/zoom_update.hpp"
#include "render/normalize.hpp"
#include "render/privacy.hpp"
#include "render/projection.hpp"
#include "render/track_prep.hpp"
#include "render/zoom_renderer.hpp"
#include "site/activities_js.hpp"
#include "site/manifest.hpp"
#include "site/tile_index.hpp"
#include "site/tile_writer.hpp"
#include "store/store.hpp"
#include "store/track_codec.hpp"
#include "sync/sync.hpp"
#include "viewer_assets/viewer_assets.hpp"

namespace th {

namespace {

constexpr int kMaxZoomLimit = 20;  // z20 is ~15 cm per pixel: beyond any GPS
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void check_options(const BuildOptions& o) {
  if (o.min_zoom < 0 || o.max_zoom > kMaxZoomLimit || o.min_zoom > o.max_zoom) {
    throw UsageError("zoom range must satisfy 0 <= --min-zoom <= --max-zoom <= " +
                     std::to_string(kMaxZoomLimit));
  }
}

// Legend stops, labelled in user units at the lowest and highest stop.
LayerManifest layer_manifest(const LayerSpec& spec, const std::vector<ZoomScale>& zooms) {
  LayerManifest m;
  m.id = spec.name;
  m.family = spec.family;
  m.label = spec.label;
  m.units = spec.units;
  m.ramp = spec.ramp;
  m.scale = scale_name(spec.scale);
  m.description = spec.description;
  for (const auto& stop : legend_stops(ramp_from_name(spec.ramp))) {
    m.legend.push_back({stop.t, stop.color, stop.opacity, ""});
  }
  m.zooms = zooms;
  return m;
}

// Everything the site depends on, hashed: inputs, options, month, renderer version.
std::string build_fingerprint(const std::vector<StoredActivity>& all, const BuildOptions& o,
                              double render_now, const std::string& privacy_digest) {
  std::string text = "trackheat-render " + std::to_string(kRenderVersion) + " z" +
                     std::to_string(o.min_zoom) + "-" + std::to_string(o.max_zoom) + " now " +
                     format_iso8601(render_now) + " viewer " + viewer_assets_hash() + " explorer " +
                     std::to_string(kExplorerVersion);
  if (!privacy_digest.empty()) text += " privacy " + privacy_digest;
  text += '\n';
  char buf[256];
  for (const auto& a : all) {
    const Summary& s = a.summary;
    std::snprintf(buf, sizeof buf, "%lld|%u|%.3f|%.3f|%.3f|%.3f|%.3f|%d|",
                  static_cast<long long>(a.id), a.flags, a.start_utc, s.distance_m, s.moving_s,
                  s.elapsed_s, s.ascent_m, a.utc_offset_s.value_or(-1));
    text += buf + std::string(source_name(a.source)) + '|' + a.source_id + '|' + a.content_hash +
            '|' + std::string(sport_name(a.sport)) + '|' + a.name + '\n';
  }
  return content_hash(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// The fingerprint of the live site, empty when there is none (no tiles yet) or it cannot be read.
std::string live_fingerprint(const std::filesystem::path& site) {
  std::error_code ec;
  if (!std::filesystem::is_directory(site / "tiles", ec)) return {};
  return published_fingerprint(site);
}

// The zones and trim in the cache, with this build's additions saved first.
PrivacyConfig update_privacy(const BuildOptions& o, BuildReport& report) {
  PrivacyConfig config = load_privacy(o.cache_dir);
  bool changed = false;
  for (const ZoneSpec& zone : o.add_privacy_zones) {
    if (add_zone(config, zone)) {
      ++report.privacy_zones_added;
      changed = true;
    }
  }
  if (o.trim_ends_m && *o.trim_ends_m != config.settings.trim_ends_m) {
    check_trim_ends(*o.trim_ends_m);
    config.settings.trim_ends_m = *o.trim_ends_m;
    changed = true;
  }
  if (changed) save_privacy(o.cache_dir, config);
  report.privacy_zones = static_cast<int>(config.settings.zones.size());
  return config;
}

// The steps of run_build, in order; build.hpp states each one's contract.

double build_time(const BuildOptions& o) {
  if (std::isfinite(o.now_utc)) return o.now_utc;
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void sync_intervals(Store& store, const BuildOptions& o, BuildReport& report) {
  if (!o.sync || !o.sync->configured()) return;
  SyncOptions so;
  so.cache_dir = o.cache_dir;
  so.credentials = *o.sync;
  so.http = o.sync_http;
  so.jobs = o.jobs;  // download threads (0: the sync's own default)
  so.quiet = o.quiet;
  so.now_utc = o.now_utc;
  try {
    report.sync = run_sync(store, so);
  } catch (const NetworkError& e) {
    report.sync_unreachable = e.what();
  }
  if (o.on_synced) o.on_synced(report);
}

void import_sources(Store& store, const BuildOptions& o, unsigned jobs, BuildReport& report) {
  const auto t0 = Clock::now();
  ImportOptions io;
  // Always: the intervals.icu cache may hold activities even without other sources.
  io.intervals_dir = intervals_cache_dir(o.cache_dir);
  io.strava = o.strava;
  io.paths = o.paths;
  io.jobs = jobs;
  io.quiet = o.quiet;
  report.import = run_import(store, io);
  report.times.import_s = seconds_since(t0);
}

// What this build draws and counts, and whether the live site already shows it.
struct Selection {
  std::vector<StoredActivity> all;  // counted: dedup's duplicates and exclusions dropped
  double render_now = 0;            // month_start of the build time
  std::string fingerprint;          // of this build's inputs (build_fingerprint)
  std::string live;                 // of the live site; empty when there is none

  bool up_to_date(const BuildOptions& o) const { return !o.force && fingerprint == live; }
};

Selection select_activities(Store& store, const BuildOptions& o, const PrivacyConfig& privacy,
                            double now, BuildReport& report) {
  Selection sel;
  // Duplicates across sources (and the user's exclusions) stay in the store, out of the build.
  const DedupResult dedup = run_dedup(store);
  sel.all = without_excluded(dedup.activities, dedup);
  report.left_out = static_cast<int>(dedup.excluded.size());
  report.activities = static_cast<int>(sel.all.size());
  if (sel.all.empty()) {
    throw UsageError("nothing to build: no activities in " +
                     (o.cache_dir / "trackheat.db").string() +
                     "; pass --strava PATH (folder or zip) or activity files");
  }
  sel.render_now = month_start(now);
  sel.fingerprint = build_fingerprint(sel.all, o, sel.render_now, privacy_digest(privacy));
  // Read once: it decides both "nothing to do" and whether the render cache describes the site.
  sel.live = live_fingerprint(o.out_dir);
  return sel;
}

// Where the drawn activities are and the render cache's key of each.
struct DrawnLayout {
  LonLatBox bounds;                 // of what is drawn, corners kept outside privacy zones
  DrawnBoxes boxes;                 // per drawn activity, for activities.js
  std::vector<std::uint64_t> keys;  // per drawn activity (render_cache.hpp)
};

DrawnLayout layout_drawn(const DrawnInputs& prepared, const PrivacySettings& privacy) {
  DrawnLayout out;
  const std::vector<StoredActivity>& drawn = prepared.drawn;
  out.keys.resize(drawn.size());
  // Bounds of what is drawn (never of the recorded summaries: privacy may have cut the track).
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    const PreparedTrack& track = prepared.tracks[i];
    LonLatBox box = drawn_box(track);
    out.keys[i] =
        privacy_render_key(activity_render_key(drawn[i].id, drawn[i].content_hash,
                                               drawn[i].start_utc, prepared.inputs[i].activity),
                           track, box, privacy);
    if (box.empty()) continue;
    keep_corners_outside(box, privacy);
    out.bounds.extend(box);
    out.boxes[drawn[i].id] = {box.min_lon, box.min_lat, box.max_lon, box.max_lat};
  }
  keep_corners_outside(out.bounds, privacy);
  return out;
}

TileWriterOptions site_writer_options(const BuildOptions& o) {
  TileWriterOptions wo;
  for (const auto& spec : layer_specs()) wo.layers.emplace_back(spec.name);
  for (auto& id : explorer_layer_ids()) wo.layers.push_back(std::move(id));
  wo.min_zoom = o.min_zoom;
  wo.max_zoom = o.max_zoom;
  // One syncfs before the journal and one after (not an fsync per tile): a power cut, too, leaves
  // the old or the new site. Measured at about 0.4 s per 100 MB of tiles.
  wo.durability = Durability::Sync;
  return wo;
}

// Each zoom's scales per layer (for the manifest) and render cache (saved after the commit).
struct RenderedZooms {
  std::array<std::vector<ZoomScale>, kLayerCount> layer_zooms;  // by zoom, lowest first
  std::vector<ZoomCache> caches;
};

RenderedZooms render_zooms(const RenderInputs& inputs, const Selection& sel, const BuildOptions& o,
                           const PrivacySettings& privacy, unsigned jobs, TileWriter& writer,
                           BuildReport& report) {
  // The render cache of each zoom counts only when it describes the live site.
  const auto usable_cache = [&](int z) -> std::optional<ZoomCache> {
    if (o.force || sel.live.empty()) return std::nullopt;
    auto cache = load_zoom_cache(o.cache_dir, z);
    if (!cache || cache->renderer != kRenderVersion || cache->chain_top != o.max_zoom ||
        cache->render_now != sel.render_now || cache->site_fingerprint != sel.live) {
      return std::nullopt;
    }
    return cache;
  };
  RenderedZooms out;
  const double now_day = day_number(sel.render_now);
  const BusyTileCodes busy(o.cache_dir, o.busy_tile_segments, kRenderVersion, o.max_zoom,
                           sel.render_now);
  Progress progress("render", static_cast<std::uint64_t>(o.max_zoom - o.min_zoom + 1), stderr,
                    o.quiet);
  // Zooms differ in cost by orders of magnitude (the finest, drawn first, takes the most): a
  // rate per zoom would promise too much time left.
  progress.set_estimate(false);
  // Finest zoom first: each zoom's geometry is decimated from the one above it.
  std::unique_ptr<ZoomGeometry> finer;
  for (int z = o.max_zoom; z >= o.min_zoom; --z) {
    auto t0 = Clock::now();
    // Decimated only: update_zoom buckets the tiles it draws.
    auto geometry =
        std::make_unique<ZoomGeometry>(inputs.inputs, z, jobs, finer.get(), false, &privacy);
    finer = std::move(geometry);
    report.times.accumulate_s += seconds_since(t0);
    const std::optional<ZoomCache> cached = usable_cache(z);
    ZoomUpdate update =
        update_zoom(*finer, inputs.keys, inputs.leaving, cached ? &*cached : nullptr, &busy,
                    now_day, jobs, writer, o.quiet);
    report.times.accumulate_s += update.render_s;
    report.times.encode_s += update.encode_s;
    report.tiles_encoded += update.pngs_encoded;
    report.tiles_drawn += update.tiles_drawn;
    report.tiles_over_kept += update.tiles_over_kept;
    report.tiles_in_zooms += update.tiles;
    report.zooms_incremental += update.incremental ? 1 : 0;
    t0 = Clock::now();
    for (const LayerSpec& spec : layer_specs()) {
      const LayerScale& s = update.scales[static_cast<std::size_t>(spec.id)];
      out.layer_zooms[static_cast<std::size_t>(spec.id)].push_back(
          {z, to_user_units(spec.id, s.lo), to_user_units(spec.id, s.hi)});
    }
    update.cache.renderer = kRenderVersion;
    update.cache.chain_top = o.max_zoom;
    update.cache.render_now = sel.render_now;
    update.cache.site_fingerprint = sel.fingerprint;
    out.caches.push_back(std::move(update.cache));
    report.times.normalise_s += seconds_since(t0);
    progress.advance();
  }
  finer.reset();
  progress.finish();
  for (auto& zooms : out.layer_zooms) {
    std::sort(zooms.begin(), zooms.end(),
              [](const ZoomScale& a, const ZoomScale& b) { return a.zoom < b.zoom; });
  }
  return out;
}

// The explorer layers' cells of every drawn activity, their stats and tiles (all zooms).
// What besides the cells decides the explorer tiles: their look, the zooms, the privacy zones.
std::string explorer_drawn_with(const BuildOptions& o, const PrivacyConfig& privacy) {
  return "explorer " + std::to_string(kExplorerVersion) + " z" + std::to_string(o.min_zoom) + "-" +
         std::to_string(o.max_zoom) + " privacy " + privacy_digest(privacy);
}

// The explorer maps the live site's tiles were drawn from, when the cache says so.
std::optional<ExplorerMaps> live_explorer_maps(const BuildOptions& o, const Selection& sel,
                                               const std::string& drawn_with) {
  if (o.force || sel.live.empty()) return std::nullopt;
  const std::optional<ExplorerCache> cache = load_explorer_cache(o.cache_dir);
  if (!cache || cache->site_fingerprint != sel.live || cache->drawn_with != drawn_with ||
      cache->maps.size() != kExplorerCellZoomCount) {
    return std::nullopt;
  }
  ExplorerMaps maps;
  for (std::size_t k = 0; k < maps.size(); ++k) {
    if (cache->maps[k].zoom != kExplorerCellZooms[k]) return std::nullopt;
    maps[k] = cache->maps[k];
  }
  return maps;
}

ExplorerMaps render_explorer(const DrawnInputs& prepared, const BuildOptions& o,
                             const PrivacySettings& privacy,
                             const std::optional<ExplorerMaps>& live,
                             const std::optional<std::vector<std::size_t>>& added, unsigned jobs,
                             TileWriter& writer, BuildReport& report) {
  const auto t0 = Clock::now();
  ExplorerMaps maps =
      live && added
          ? grown_explorer_maps(*live, activity_cells(prepared, jobs, &*added))
          : explorer_maps(activity_cells(prepared, jobs), all_indices(prepared.tracks.size()));
  const ExplorerWriteStats written = write_explorer_tiles(maps, privacy, o.min_zoom, o.max_zoom,
                                                          jobs, writer, live ? &*live : nullptr);
  for (std::size_t k = 0; k < maps.size(); ++k) report.explorer[k] = maps[k].stats();
  report.explorer_tiles = written.tiles + written.kept;
  report.explorer_kept = written.kept;
  report.tiles_encoded += written.tiles;
  report.times.explorer_s = seconds_since(t0);
  return maps;
}

void write_site_data(TileWriter& writer, const Selection& sel, const DrawnLayout& layout,
                     const RenderedZooms& zooms, const ExplorerMaps& explorer,
                     const BuildOptions& o, double now) {
  write_activities_js(writer, sel.all, &layout.boxes);
  write_viewer_assets(writer);
  Manifest manifest;
  manifest.generator = std::string("trackheat ") + TRACKHEAT_VERSION;
  manifest.build_time = format_iso8601(now);
  manifest.min_zoom = o.min_zoom;
  manifest.max_zoom = o.max_zoom;
  if (!layout.bounds.empty()) {
    manifest.bounds[0] = layout.bounds.min_lon;
    manifest.bounds[1] = layout.bounds.min_lat;
    manifest.bounds[2] = layout.bounds.max_lon;
    manifest.bounds[3] = layout.bounds.max_lat;
  }
  for (const LayerSpec& spec : layer_specs()) {
    manifest.layers.push_back(
        layer_manifest(spec, zooms.layer_zooms[static_cast<std::size_t>(spec.id)]));
  }
  for (const int z : kExplorerCellZooms) manifest.layers.push_back(explorer_layer_manifest(z));
  manifest.explorer = explorer_manifest_stats(explorer);
  manifest.activity_count = static_cast<int>(sel.all.size());
  manifest.fingerprint = sel.fingerprint;
  write_manifest(writer, manifest);
}

void commit_site(TileWriter& writer, BuildReport& report) {
  const TileWriteStats stats = writer.commit();
  report.tiles_written = stats.tiles_written();
  report.tiles_unchanged = stats.tiles_unchanged;
  report.tiles_deleted = stats.tiles_deleted;
  report.bytes_written = stats.bytes_written;
}

// After the commit, never before: a cache ahead of the live site would keep tiles that were
// never published. A build killed before this leaves caches naming an older site: full render.
void save_render_caches(const std::filesystem::path& cache_dir,
                        const std::vector<ZoomCache>& caches, const DrawnRecords& drawn,
                        const ExplorerCache& explorer) {
  for (const ZoomCache& cache : caches) save_zoom_cache(cache_dir, cache);
  save_drawn_records(cache_dir, drawn);
  save_explorer_cache(cache_dir, explorer);
}

// What the live site drew, when the render cache describes it (else no activity can leave
// incrementally).
std::optional<DrawnRecords> live_drawn_records(const BuildOptions& o, const Selection& sel) {
  if (o.force || sel.live.empty()) return std::nullopt;
  std::optional<DrawnRecords> drawn = load_drawn_records(o.cache_dir);
  if (drawn && drawn->site_fingerprint != sel.live) return std::nullopt;
  return drawn;
}

// This build's drawn activities (indices) that the live site did not draw, when it drew all
// the others and none besides (every activity it drew is drawn now, with the same key): the
// live explorer maps then only grow by their cells. nullopt otherwise.
std::optional<std::vector<std::size_t>> added_since_live(const std::vector<std::uint64_t>& keys,
                                                         const std::optional<DrawnRecords>& live) {
  if (!live) return std::nullopt;
  const std::unordered_set<std::uint64_t> now(keys.begin(), keys.end());
  std::unordered_set<std::uint64_t> before;
  for (const DrawnRecord& r : live->records) {
    if (!now.contains(r.key)) return std::nullopt;  // it left the map
    before.insert(r.key);
  }
  std::vector<std::size_t> added;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!before.contains(keys[i])) added.push_back(i);
  }
  return added;
}

}  // namespace

BuildReport run_build(const BuildOptions& options) {
  check_options(options);
  BuildReport report;
  const unsigned jobs = resolve_jobs(options.jobs);
  const double now = build_time(options);

  const PrivacyConfig privacy = update_privacy(options, report);
  Store store(options.cache_dir / "trackheat.db");
  sync_intervals(store, options, report);
  import_sources(store, options, jobs, report);
  const Selection selection = select_activities(store, options, privacy, now, report);
  if (selection.up_to_date(options)) {
    report.up_to_date = true;
    return report;
  }

  auto t0 = Clock::now();
  const DrawnInputs prepared = prepare_drawn(store, selection.all, privacy.settings,
                                             selection.render_now, jobs, options.quiet);
  report.drawn = static_cast<int>(prepared.drawn.size());
  report.samples += prepared.samples;
  report.privacy_cut = prepared.privacy_cut;
  const DrawnLayout layout = layout_drawn(prepared, privacy.settings);
  report.times.prepare_s = seconds_since(t0);

  TileWriter writer(options.out_dir, site_writer_options(options));
  // The activities leaving the map since the live site, beside this build's: subtracted.
  t0 = Clock::now();
  RenderInputs inputs;
  const std::optional<DrawnRecords> live_drawn = live_drawn_records(options, selection);
  add_leaving_inputs(store, prepared, layout.keys, live_drawn, privacy.settings,
                     selection.render_now, jobs, inputs);
  report.leaving = inputs.leaving_count;
  report.times.prepare_s += seconds_since(t0);
  const RenderedZooms zooms =
      render_zooms(inputs, selection, options, privacy.settings, jobs, writer, report);
  const std::string explorer_with = explorer_drawn_with(options, privacy);
  const ExplorerMaps explorer = render_explorer(
      prepared, options, privacy.settings, live_explorer_maps(options, selection, explorer_with),
      added_since_live(layout.keys, live_drawn), jobs, writer, report);

  t0 = Clock::now();
  write_site_data(writer, selection, layout, zooms, explorer, options, now);
  commit_site(writer, report);
  report.times.write_s = seconds_since(t0);
  save_render_caches(options.cache_dir, zooms.caches,
                     drawn_records(prepared, layout.keys, selection.fingerprint),
                     {selection.fingerprint, explorer_with, {explorer.begin(), explorer.end()}});
  return report;
}

}  // namespace th
