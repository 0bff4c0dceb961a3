// trackheat import: read a Strava export and/or activity files into the store.
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/source_options.hpp"
#include "core/errors.hpp"
#include "ingest/importer.hpp"
#include "store/store.hpp"

namespace th::cli {

void add_import_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<SourceOptions>();
  auto* sub = app.add_subcommand(
      "import",
      "Read activities into the store (cache/trackheat.db); exits 1 when any file failed to "
      "import (after importing all the others)");
  add_source_options(sub, *opts);
  commands.add(sub, [opts] {
    ImportOptions options;
    options.jobs = opts->jobs;
    options.quiet = opts->quiet;
    options.paths = opts->file_paths();
    options.strava = opts->strava_export();
    if (!options.strava && options.paths.empty()) {
      throw UsageError(
          "nothing to import: no strava_export/ here; pass --strava PATH (folder or zip) or "
          "activity files and folders");
    }
    const auto t0 = std::chrono::steady_clock::now();
    Store store(std::filesystem::path(opts->cache) / "trackheat.db");
    const ImportReport report = run_import(store, options);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    print_import_problems(report);
    std::printf("import: %d added, %d updated, %d unchanged, %d failed (%d files parsed, %.1f s)\n",
                report.added, report.updated, report.unchanged, report.failed, report.parsed, secs);
    return report.failed > 0 ? 1 : 0;
  });
}

}  // namespace th::cli
