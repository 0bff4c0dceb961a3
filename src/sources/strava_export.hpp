#pragma once
// A Strava bulk export, unpacked folder or the zip itself (read in place with libzip):
//
//   activities.csv                        one row per activity (see StravaRow)
//   activities/<id>.fit.gz | .gpx | .tcx.gz | …   the original files, named by the CSV
//
// The export is a read-only view; nothing is extracted to disk.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

struct StravaRow {
  std::string activity_id;   // "Activity ID"
  double start_utc = kNaN;   // "Activity Date": UTC, "Oct 7, 2020, 2:43:11 PM"
  std::string name;          // "Activity Name"
  std::string type;          // "Activity Type" as written
  Sport sport = Sport::Unknown;
  std::string description;   // "Activity Description"
  std::string filename;      // "Filename", relative to the export root; empty for manual entries
  // SI values (the later, SI occurrence of a repeated column when present; NaN when absent).
  double distance_m = kNaN;
  double elapsed_s = kNaN;
  double moving_s = kNaN;
  double elevation_gain_m = kNaN;
};

// Parses "Oct 7, 2020, 2:43:11 PM" (UTC) to Unix seconds; nullopt if malformed.
std::optional<double> parse_strava_date(std::string_view text);

// Reads activities.csv text. Throws ParseError naming a missing required column
// ("Activity ID", "Activity Date", "Activity Type", "Filename"); a malformed row becomes a
// warning and is skipped.
std::vector<StravaRow> read_strava_csv(std::string_view csv_text,
                                       std::vector<std::string>* warnings = nullptr);

class StravaExport {
 public:
  // `root` is the unpacked folder or the export zip. Throws UsageError when it is neither, and
  // ParseError when activities.csv is missing or unreadable. A zip may hold the export at its
  // top level or inside one folder.
  static StravaExport open(const std::filesystem::path& root);

  StravaExport(StravaExport&&) noexcept;
  StravaExport& operator=(StravaExport&&) noexcept;
  ~StravaExport();

  const std::vector<StravaRow>& rows() const;
  const std::vector<std::string>& warnings() const;
  // "strava_export/" or "export_123.zip", for messages.
  std::string describe() const;
  // Reads one file named by a row's `filename`. Thread-safe. Throws IoError if absent, too large.
  Bytes read(const std::string& relative_path) const;

 private:
  class Impl;
  explicit StravaExport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace th
