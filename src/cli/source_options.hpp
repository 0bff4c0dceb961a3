#pragma once
// Options shared by the commands that read activities (import, build): where they come from,
// the cache, threads, progress; and how their problems are reported.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ingest/importer.hpp"

namespace th::cli {

struct SourceOptions {
  std::string strava;
  std::string cache = "cache";
  unsigned jobs = 0;
  bool quiet = false;
  std::vector<std::string> paths;

  // The export to read: --strava, else strava_export/ when it exists, else none.
  std::optional<std::filesystem::path> strava_export() const {
    if (!strava.empty()) return std::filesystem::path(strava);
    if (std::filesystem::exists(kDefaultStrava)) return std::filesystem::path(kDefaultStrava);
    return std::nullopt;
  }
  std::vector<std::filesystem::path> file_paths() const { return {paths.begin(), paths.end()}; }

  static constexpr const char* kDefaultStrava = "strava_export";
};

inline void add_source_options(CLI::App* sub, SourceOptions& o) {
  sub->add_option("--strava", o.strava,
                  "Strava export folder or zip (default: strava_export/ when present)");
  sub->add_option("--cache", o.cache, "Cache folder")->capture_default_str();
  sub->add_option("--jobs", o.jobs, "Threads (0: all cores)")->capture_default_str();
  sub->add_flag("--quiet", o.quiet, "No progress output");
  sub->add_option("paths", o.paths, "Activity files or folders (FIT, GPX, TCX, gzip'd or not)");
}

// Export warnings and every failed file with its reason, one line each, on stderr; then, on
// stdout, the Strava activities hidden because the export no longer lists them.
inline void print_import_problems(const ImportReport& r) {
  for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  for (const auto& f : r.failures) {
    std::fprintf(stderr, "failed: %s: %s\n", f.file.c_str(), f.reason.c_str());
  }
  if (r.gone_from_export > 0) {
    std::printf(
        "import: %d activit%s no longer in the Strava export: hidden (kept in the "
        "store; listed on the admin page)\n",
        r.gone_from_export, r.gone_from_export == 1 ? "y" : "ies");
  }
}

}  // namespace th::cli
