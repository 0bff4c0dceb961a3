#pragma once
// The list of things one import looks at: every row of a Strava export (with or without a file)
// and every activity file found under the paths given on the command line.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sources/strava_export.hpp"

namespace th {

struct WorkItem {
  std::string source;        // "strava" | "file"
  std::string source_id;     // Strava activity id, or the file's canonical path
  std::string file;          // path inside the export (in_export) or on disk; empty: no file
  bool in_export = false;
  std::string location;      // stable key of the file for the known-files table
  std::string display_path;  // for messages
  std::string fallback_name; // name when neither file nor CSV has one (file stem)
  std::optional<StravaRow> row;

  bool has_file() const { return !file.empty(); }
};

// True for names trackheat reads when walking a folder: *.fit, *.gpx, *.tcx, optionally .gz,
// any case. Files named explicitly are read whatever their name (formats are sniffed).
bool looks_like_activity_file(const std::filesystem::path& path);

// Export rows first (in CSV order), then loose files (sorted, so the order is stable).
// Throws UsageError for a path that does not exist.
// `strava_root` is the path the export was opened from (for the files' locations).
std::vector<WorkItem> collect_work_items(const StravaExport* strava,
                                         const std::filesystem::path& strava_root,
                                         const std::vector<std::filesystem::path>& paths);

}  // namespace th
