#pragma once
// Import: find activity files (a Strava export and/or loose files and folders), parse what the
// parse cache does not already know — in parallel — and record activities in the store.
// `build` calls the same code.

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
  unsigned jobs = 0;                            // 0: all cores
  bool quiet = false;                           // no progress output
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
  std::vector<ImportFailure> failures;
  std::vector<std::string> warnings;  // export-level warnings (bad CSV rows, …)
};

ImportReport run_import(Store& store, const ImportOptions& options);

}  // namespace th
