#pragma once
// Import: find activity files (a Strava export and/or loose files and folders), parse what the
// parse cache does not already know — in parallel — and record activities in the store.
// `build` calls the same code.
//
// A Strava export is a snapshot of one account. Every activity of source "strava" in the store
// came from an export (loose files are source "file"), whatever folder or zip it was read from;
// one the export being imported no longer lists was deleted on Strava (or removed as a
// duplicate there): it is flagged kFlagDeleted — kept in the store, out of the map and the
// stats, listed on the admin page — and shown again when a later export lists it again, or
// when the user includes it (an Include decision, store/dedup_tables.hpp). Nothing is hidden when
// the export lists no activity at all, or none of the Strava activities already in the store
// (most likely another account's export: one Strava account per store is supported).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace th {

struct ImportOptions {
  std::optional<std::filesystem::path> strava;  // export folder or zip
  std::vector<std::filesystem::path> paths;     // loose files or folders (searched recursively)
  // <cache>/intervals_icu (sync/sync.hpp): also import the intervals.icu index kept in the
  // store, its files from this folder, and link the index rows to their activities.
  std::optional<std::filesystem::path> intervals_dir;
  unsigned jobs = 0;   // 0: all cores
  bool quiet = false;  // no progress output
};

struct ImportFailure {
  std::string file;
  std::string reason;
};

struct ImportReport {
  int added = 0;
  int unchanged = 0;
  int updated = 0;
  int failed = 0;
  int parsed = 0;  // files actually parsed (cache misses)
  // Strava activities in the store that the export no longer lists: hidden (see above).
  int gone_from_export = 0;
  std::vector<ImportFailure> failures;
  std::vector<std::string> warnings;  // export-level warnings (bad CSV rows, …), one line each
};

ImportReport run_import(Store& store, const ImportOptions& options);

}  // namespace th
