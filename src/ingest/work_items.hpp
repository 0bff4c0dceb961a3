#pragma once
// The list of things one import looks at: every row of a Strava export (with or without a file)
// and every activity file found under the paths given on the command line.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sources/strava_export.hpp"
#include "store/intervals_index.hpp"

namespace th {

struct WorkItem {
  Source source = Source::File;
  std::string source_id;  // Strava activity id, intervals.icu id, or the file's canonical path
  std::string file;       // path inside the export (in_export) or on disk; empty: no file
  bool in_export = false;
  std::string location;       // stable key of the file for the known-files table
  std::string display_path;   // for messages
  std::string fallback_name;  // name when neither file nor CSV has one (file stem)
  // The source's listing metadata: a Strava CSV row, or an intervals.icu listing entry in the
  // same shape. Its name and sport win over the file's; without a readable file its totals
  // make a summary-only activity.
  std::optional<StravaRow> row;
  std::uint32_t flags = kFlagNone;  // added to the record (kFlagDeleted: gone upstream)

  bool has_file() const { return !file.empty(); }
};

// True for names trackheat reads when walking a folder: *.fit, *.gpx, *.tcx, optionally .gz,
// any case. Files named explicitly are read whatever their name (formats are sniffed).
bool looks_like_activity_file(const std::filesystem::path& path);

// Export rows first (in CSV order), then loose files (sorted, so the order is stable).
// Throws UsageError for a path that does not exist.
// `strava_root` is the path the export was opened from (for the files' locations). Entries of
// walked folders that are neither regular files nor folders (FIFOs, devices, sockets) are not
// read; each adds a line to `skipped` when given.
std::vector<WorkItem> collect_work_items(const StravaExport* strava,
                                         const std::filesystem::path& strava_root,
                                         const std::vector<std::filesystem::path>& paths,
                                         std::vector<std::string>* skipped = nullptr);

// One item per intervals.icu index row except Strava stubs (the export supplies those): with
// its cached file under `dir` when it has one, else summary-only from the listing; rows deleted
// upstream carry kFlagDeleted. Ordered by intervals id.
std::vector<WorkItem> intervals_work_items(const std::map<std::string, IntervalsEntry>& index,
                                           const std::filesystem::path& dir);

}  // namespace th
