#pragma once
// The intervals.icu sync as the CLI runs it: `trackheat sync`, and the first step of
// `trackheat build` (skipped silently without credentials; offline it says so in one line and
// the build goes on from the cache).

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/errors.hpp"
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

inline SyncReport run_sync_command(const SyncCredentials& credentials, const std::string& cache,
                                   unsigned jobs, bool quiet) {
  SyncOptions o;
  o.cache_dir = cache;
  o.credentials = credentials;
  o.jobs = jobs;
  o.quiet = quiet;
  Store store(std::filesystem::path(cache) / "trackheat.db");
  const SyncReport r = run_sync(store, o);
  for (const auto& e : r.errors) std::fprintf(stderr, "sync: %s\n", e.c_str());
  for (const auto& w : r.warnings) std::fprintf(stderr, "sync: warning: %s\n", w.c_str());
  std::printf(
      "sync: %d listed (%d new, %d changed, %d deleted, %d Strava stubs); "
      "%d downloaded, %d resumed from disk, %d failed%s\n",
      r.listed, r.added, r.changed, r.deleted, r.stubs, r.downloaded, r.adopted, r.failed,
      r.listing_complete ? "" : " (listing incomplete: deletions not checked)");
  return r;
}

// build's sync step. Bad credentials stop the build (AuthError propagates); no network does not.
inline void sync_before_build(const std::string& cache, unsigned jobs, bool quiet) {
  const SyncCredentials credentials = credentials_from_environment();
  if (!credentials.configured()) return;
  try {
    run_sync_command(credentials, cache, jobs, quiet);
  } catch (const NetworkError& e) {
    std::fprintf(stderr, "sync: intervals.icu not reachable, building from the cache (%s)\n",
                 e.what());
  }
}

}  // namespace th::cli
