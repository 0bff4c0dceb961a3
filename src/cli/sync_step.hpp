#pragma once
// The intervals.icu sync as the CLI says it: `trackheat sync`, and the first step of
// `trackheat build` and of the admin page's rebuild, which the pipeline runs (pipeline/build.hpp:
// skipped silently without credentials; offline the CLI says so in one line and the build goes
// on from the cache).

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "pipeline/build.hpp"
#include "store/store.hpp"
#include "sync/config.hpp"
#include "sync/sync.hpp"

namespace th::cli {

// Credentials from the environment and ./.env; .env warnings go to stderr.
inline SyncCredentials credentials_from_environment() {
  std::vector<std::string> warnings;
  SyncCredentials c = load_credentials(".env", process_env, &warnings);
  for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  return c;
}

// Errors and warnings on stderr, one summary line on stdout.
inline void print_sync_report(const SyncReport& r) {
  for (const auto& e : r.errors) std::fprintf(stderr, "sync: %s\n", e.c_str());
  for (const auto& w : r.warnings) std::fprintf(stderr, "sync: warning: %s\n", w.c_str());
  std::printf(
      "sync: %d listed (%d new, %d changed, %d deleted, %d Strava stubs); "
      "%d downloaded, %d resumed from disk, %d failed%s\n",
      r.listed, r.added, r.changed, r.deleted, r.stubs, r.downloaded, r.adopted, r.failed,
      r.listing_complete ? "" : " (listing incomplete: deletions not checked)");
}

inline SyncReport run_sync_command(const SyncCredentials& credentials, const std::string& cache,
                                   unsigned jobs, bool quiet) {
  SyncOptions o;
  o.cache_dir = cache;
  o.credentials = credentials;
  o.jobs = jobs;
  o.quiet = quiet;
  Store store(std::filesystem::path(cache) / "trackheat.db");
  SyncReport r = run_sync(store, o);
  print_sync_report(r);
  return r;
}

// The credentials build's sync step uses: nullopt when intervals.icu is not configured.
inline std::optional<SyncCredentials> build_sync_credentials() {
  SyncCredentials c = credentials_from_environment();
  if (!c.configured()) return std::nullopt;
  return c;
}

// What build's sync step did (BuildOptions::on_synced), said as `trackheat sync` says it. Bad
// credentials stop the build (AuthError propagates from run_build); no network does not.
inline void print_build_sync(const BuildReport& r) {
  if (r.sync) print_sync_report(*r.sync);
  if (!r.sync_unreachable.empty()) {
    std::fprintf(stderr, "sync: intervals.icu not reachable, building from the cache (%s)\n",
                 r.sync_unreachable.c_str());
  }
}

}  // namespace th::cli
