// trackheat sync: bring the intervals.icu cache (<cache>/intervals_icu/ and its index in the
// store) up to date. `build` runs the same step first and then imports the cache.
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/sync_step.hpp"

namespace th::cli {

namespace {

struct SyncCommandOptions {
  std::string cache = "cache";
  unsigned jobs = 0;
  bool quiet = false;
};

}  // namespace

void add_sync_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<SyncCommandOptions>();
  auto* sub = app.add_subcommand(
      "sync",
      "Download new and changed activities from intervals.icu into the cache "
      "(credentials: INTERVALS_ICU_API_KEY, INTERVALS_ICU_ATHLETE_ID in the environment "
      "or .env)");
  sub->add_option("--cache", opts->cache, "Cache folder")->capture_default_str();
  sub->add_option("--jobs", opts->jobs, "Parallel downloads (0: 4)")->capture_default_str();
  sub->add_flag("--quiet", opts->quiet, "No progress output");
  commands.add(sub, [opts] {
    const SyncCredentials credentials = credentials_from_environment();
    if (!credentials.configured()) {
      throw UsageError(
          "sync: INTERVALS_ICU_API_KEY is not set; put it (and INTERVALS_ICU_ATHLETE_ID) into "
          ".env or the environment (see .env.example)");
    }
    const SyncReport r = run_sync_command(credentials, opts->cache, opts->jobs, opts->quiet);
    return r.failed > 0 || !r.listing_complete ? 1 : 0;
  });
}

}  // namespace th::cli
