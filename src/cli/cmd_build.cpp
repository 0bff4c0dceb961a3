// trackheat build: import, render every layer at every zoom, write the site.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/source_options.hpp"
#include "cli/sync_step.hpp"
#include "core/errors.hpp"
#include "pipeline/build.hpp"

namespace th::cli {

namespace {

struct BuildCommandOptions {
  SourceOptions source;
  std::string out = "site";
  int min_zoom = 0;
  int max_zoom = 17;
  bool no_sync = false;
  bool force = false;
  std::vector<std::string> privacy_zones;
  std::optional<double> trim_ends_m;
};

}  // namespace

void add_build_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<BuildCommandOptions>();
  auto* sub =
      app.add_subcommand("build", "Import activities, render the heatmap layers, write the site");
  add_source_options(sub, opts->source);
  sub->add_option("--out", opts->out, "Site folder to write")->capture_default_str();
  sub->add_option("--min-zoom", opts->min_zoom, "Lowest zoom level")->capture_default_str();
  sub->add_option("--max-zoom", opts->max_zoom, "Highest zoom level")->capture_default_str();
  sub->add_flag("--no-sync", opts->no_sync,
                "Do not sync intervals.icu first (its cache is still imported)");
  sub->add_flag("--force", opts->force, "Render even when nothing changed since the last build");
  sub->add_option("--privacy-zone", opts->privacy_zones,
                  "Hide everything within a circle (LAT,LON,RADIUS_M; repeatable); kept in the "
                  "cache for later builds and serve: see trackheat privacy");
  sub->add_option("--trim-ends", opts->trim_ends_m,
                  "Leave out the first and last M metres of every track (kept in the cache; 0 "
                  "draws them again)");
  commands.add(sub, [opts] {
    // Bad zones are usage errors before anything runs (sync included).
    std::vector<ZoneSpec> zones;
    for (const std::string& text : opts->privacy_zones) zones.push_back(parse_zone_spec(text));
    if (opts->trim_ends_m) check_trim_ends(*opts->trim_ends_m);
    BuildOptions options;
    if (!opts->no_sync) options.sync = build_sync_credentials();
    options.on_synced = print_build_sync;
    options.cache_dir = opts->source.cache;
    options.out_dir = opts->out;
    options.min_zoom = opts->min_zoom;
    options.max_zoom = opts->max_zoom;
    options.jobs = opts->source.jobs;
    options.quiet = opts->source.quiet;
    options.force = opts->force;
    options.paths = opts->source.file_paths();
    options.strava = opts->source.strava_export();
    options.add_privacy_zones = zones;
    options.trim_ends_m = opts->trim_ends_m;
    const BuildReport r = run_build(options);
    if (r.privacy_zones > 0 || r.privacy_zones_added > 0) {
      std::printf("privacy: %d zone%s (%d added), kept in %s; trackheat privacy list shows them\n",
                  r.privacy_zones, r.privacy_zones == 1 ? "" : "s", r.privacy_zones_added,
                  privacy_file(opts->source.cache).string().c_str());
    }
    print_import_problems(r.import);
    // Failed files do not fail the build: a map of everything else is a success.
    std::printf("import: %d added, %d updated, %d unchanged, %d failed%s\n", r.import.added,
                r.import.updated, r.import.unchanged, r.import.failed,
                r.import.failed > 0 ? " (left off the map; reasons above)" : "");
    if (r.left_out > 0) {
      std::printf(
          "dedup: %d records left out (duplicates or excluded; review them at /admin/ "
          "in trackheat serve)\n",
          r.left_out);
    }
    if (r.up_to_date) {
      std::printf("build: nothing changed since the last build; %s/ is up to date\n",
                  opts->out.c_str());
      return 0;
    }
    if (r.privacy_cut > 0) {
      std::printf("privacy: %d drawn activities cut by zones or trimmed ends\n", r.privacy_cut);
    }
    std::printf(
        "build: %d activities, %d drawn (%llu samples); %llu tiles encoded, %llu written, "
        "%llu unchanged, %llu deleted (%.1f MB)\n",
        r.activities, r.drawn, static_cast<unsigned long long>(r.samples),
        static_cast<unsigned long long>(r.tiles_encoded),
        static_cast<unsigned long long>(r.tiles_written),
        static_cast<unsigned long long>(r.tiles_unchanged),
        static_cast<unsigned long long>(r.tiles_deleted),
        static_cast<double>(r.bytes_written) / 1e6);
    const std::string near_change =
        r.tiles_over_kept == 0
            ? ""
            : " (" + std::to_string(r.tiles_over_kept) + " of them only near the change)";
    std::printf(
        "render: %llu of %llu tiles drawn%s; %d of %d zooms updated from the render cache (%d "
        "activities left the map)\n",
        static_cast<unsigned long long>(r.tiles_drawn),
        static_cast<unsigned long long>(r.tiles_in_zooms), near_change.c_str(), r.zooms_incremental,
        opts->max_zoom - opts->min_zoom + 1, r.leaving);
    for (std::size_t k = 0; k < r.explorer.size(); ++k) {
      const ExplorerStats& e = r.explorer[k];
      std::printf("explorer z%d: %llu cells visited, max square %u, max cluster %llu\n",
                  kExplorerCellZooms[k], static_cast<unsigned long long>(e.visited), e.max_square,
                  static_cast<unsigned long long>(e.max_cluster));
    }
    const StageTimes& t = r.times;
    std::printf(
        "times: import %.1f s, prepare %.1f s, accumulate %.1f s, normalise %.2f s, "
        "encode %.1f s, explorer %.1f s, commit %.2f s\n",
        t.import_s, t.prepare_s, t.accumulate_s, t.normalise_s, t.encode_s, t.explorer_s,
        t.write_s);
    std::printf("site: %s/index.html (open it, or run: trackheat serve --site %s)\n",
                opts->out.c_str(), opts->out.c_str());
    return 0;
  });
}

}  // namespace th::cli
