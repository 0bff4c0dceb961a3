#pragma once
// `trackheat sync`: bring <cache>/intervals_icu/ and the intervals.icu index in the store up to
// date with the athlete's intervals.icu history.
//
//   1. list the whole history in date windows, newest first (the API has no paging cursor):
//      windows of `window_days`, overlapping by a day; a window answering `page_limit` entries is
//      continued below its oldest day, so nothing is cut off however many activities a window
//      holds; empty windows double in length, so walking back to 1970 past the first activity costs
//      a handful of requests;
//   2. compare with the index: new rows and rows whose listing_hash changed become pending;
//      metadata (name, type, …) is refreshed for all; STRAVA entries become stubs; when the
//      whole listing was read, rows no longer listed become deleted (a reappearing one is
//      restored);
//   3. download pending and failed rows (and downloaded ones whose file has gone from the
//      folder) on `jobs` threads through one rate-limited client:
//      original file, else the generated FIT; unwrapped and checked (activity_file.hpp); written
//      atomically as <id>-<listing hash prefix>.<ext>; then the row is marked downloaded, one
//      autocommit statement per file, so an interruption (Ctrl-C, kill -9, network drop) loses
//      at most the files in flight. A file already on disk under the name a pending row would
//      get (written just before a kill) is adopted instead of downloaded again.
//
// Errors: AuthError and NetworkError stop the sync (what was recorded stays; the next sync goes
// on from there); a bad entry, a malformed listing window, an unrecognised file, a 404 or a
// persistent 5xx are errors for that activity or window, listed in the report, and the rest goes
// on. A transfer cut short (fewer bytes than Content-Length, a chunked body without its end) is
// retried and never cached. A file that arrived whole but itself ends early (a watch that lost
// power) is cached, recorded as downloaded and listed in `warnings`: the import reads what it
// holds. The API key is never part of any message.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "store/store.hpp"
#include "sync/config.hpp"
#include "sync/http_client.hpp"

namespace th {

// <cache>/intervals_icu: the downloaded files.
std::filesystem::path intervals_cache_dir(const std::filesystem::path& cache_dir);

struct SyncOptions {
  std::filesystem::path cache_dir = "cache";
  SyncCredentials credentials;
  HttpOptions http;
  unsigned jobs = 0;      // download threads; 0: 4 (the rate limit, not the CPU, is the bound)
  int window_days = 365;  // listing window
  int page_limit = 1000;  // `limit` per listing request
  bool quiet = false;
  double now_utc = kNaN;  // NaN: the current time (the newest listing window ends after it)
  // Called after each file is recorded with the number recorded so far; returning false stops
  // the sync there, as an interruption would (tests use it to interrupt and resume).
  std::function<bool(int recorded)> keep_going;
};

struct SyncReport {
  int listed = 0;      // entries in the listing
  int added = 0;       // rows new to the index
  int changed = 0;     // rows whose recording changed (re-downloaded)
  int stubs = 0;       // STRAVA entries in the listing
  int deleted = 0;     // rows newly marked deleted
  int restored = 0;    // deleted rows listed again
  int downloaded = 0;  // files fetched and recorded
  int adopted = 0;     // files found complete on disk from an interrupted sync
  int failed = 0;      // files that could not be fetched or checked
  int requests_listing = 0;
  bool listing_complete = false;  // every window read: deletions were detected
  bool interrupted = false;       // keep_going said stop
  std::vector<std::string> errors;
  std::vector<std::string> warnings;  // files kept although they end early, one line each
};

// Throws AuthError (401/403), NetworkError (unreachable, rate limited for good), IoError (disk,
// store), UsageError (credentials not configured).
SyncReport run_sync(Store& store, const SyncOptions& options);

}  // namespace th
