// trackheat import: read a Strava export and/or activity files into the store.
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "core/errors.hpp"
#include "ingest/importer.hpp"
#include "store/store.hpp"

namespace th::cli {

namespace {

struct ImportCommandOptions {
  std::string strava;
  std::string cache = "cache";
  unsigned jobs = 0;
  bool quiet = false;
  std::vector<std::string> paths;
};

constexpr const char* kDefaultStrava = "strava_export";

}  // namespace

void add_import_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<ImportCommandOptions>();
  auto* sub = app.add_subcommand("import", "Read activities into the store (cache/trackheat.db)");
  sub->add_option("--strava", opts->strava,
                  "Strava export folder or zip (default: strava_export/ when present)");
  sub->add_option("--cache", opts->cache, "Cache folder")->capture_default_str();
  sub->add_option("--jobs", opts->jobs, "Parallel parsers (0: all cores)")->capture_default_str();
  sub->add_flag("--quiet", opts->quiet, "No progress output");
  sub->add_option("paths", opts->paths, "Activity files or folders (FIT, GPX, TCX, gzip'd or not)");
  commands.add(sub, [opts] {
    ImportOptions options;
    options.jobs = opts->jobs;
    options.quiet = opts->quiet;
    for (const auto& p : opts->paths) options.paths.emplace_back(p);
    if (!opts->strava.empty()) {
      options.strava = opts->strava;
    } else if (opts->paths.empty()) {
      if (!std::filesystem::exists(kDefaultStrava)) {
        throw UsageError(
            "nothing to import: no strava_export/ here; pass --strava PATH (folder or zip) or "
            "activity files and folders");
      }
      options.strava = kDefaultStrava;
    }
    const auto t0 = std::chrono::steady_clock::now();
    Store store(std::filesystem::path(opts->cache) / "trackheat.db");
    const ImportReport report = run_import(store, options);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& w : report.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    for (const auto& f : report.failures) {
      std::fprintf(stderr, "failed: %s: %s\n", f.file.c_str(), f.reason.c_str());
    }
    std::printf(
        "import: %d added, %d updated, %d unchanged, %d failed (%d files parsed, %.1f s)\n",
        report.added, report.updated, report.unchanged, report.failed, report.parsed, secs);
    return 0;
  });
}

}  // namespace th::cli
