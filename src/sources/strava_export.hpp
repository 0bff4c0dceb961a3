#pragma once
// A Strava bulk export, unpacked folder or the zip itself (read in place with libzip):
//
//   activities.csv                        one row per activity (see StravaRow)
//   activities/<id>.fit.gz | .gpx | .tcx.gz | …   the original files, named by the CSV
//
// The export is a read-only view; nothing is extracted to disk.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

struct StravaRow {
  std::string activity_id;  // "Activity ID"
  double start_utc = kNaN;  // "Activity Date": UTC, "Oct 7, 2020, 2:43:11 PM"
  std::string name;         // "Activity Name"
  std::string type;         // "Activity Type" as written
  Sport sport = Sport::Unknown;
  std::string description;  // "Activity Description"
  std::string filename;     // "Filename", relative to the export root; empty for manual entries
  // SI values (the later, SI occurrence of a repeated column when present; NaN when absent).
  double distance_m = kNaN;
  double elapsed_s = kNaN;
  double moving_s = kNaN;
  double elevation_gain_m = kNaN;
};

// Parses "Oct 7, 2020, 2:43:11 PM" (UTC) to Unix seconds; nullopt if malformed. Also accepts
// the forms of older and translated exports when their reading is certain ("Oct 7 2020 …",
// "7 Oct 2020, 14:43:11", "09.12.2022, 15:24:49", "2018-09-12 15:02:23"; see strava_date.cpp),
// and refuses ambiguous ones ("10/07/2020").
std::optional<double> parse_strava_date(std::string_view text);

// Reads activities.csv text. Throws ParseError naming a missing required column
// ("activities.csv: missing column 'Filename'"; required: "Activity ID", "Activity Date",
// "Activity Type", "Filename") or a header row with an unclosed quote. No row is dropped
// without a warning naming its physical line ("activities.csv line 7 (activity 123): …"):
//   - a row with fewer cells than the header or without an Activity ID is skipped;
//   - a row whose Activity ID an earlier row has is skipped (the first one is kept);
//   - a quote that is never closed, or is closed only by a later row's quote (which merges
//     rows: the record then has not the header's width, or a line inside the quoted field reads
//     as a row of its own), skips that row and reading goes on from the line after the quote;
//   - an unreadable date or number becomes NaN, the row is kept.
// Rows with an empty Filename (manual entries) are kept. `skipped_ids` receives the Activity
// IDs of rows skipped as unreadable (not of duplicates): the export still holds them.
std::vector<StravaRow> read_strava_csv(std::string_view csv_text,
                                       std::vector<std::string>* warnings = nullptr,
                                       std::vector<std::string>* skipped_ids = nullptr);

struct StravaExportOptions {
  // read() refuses files (and zip entries, by declared and by actual size) larger than this;
  // activities.csv too.
  std::size_t max_file_bytes = kMaxInputFileBytes;
  // Zip only: libzip handles kept for concurrent read() calls (0: one per hardware thread;
  // 1 serialises reads). See zip_archive.hpp.
  std::size_t zip_handles = 0;
};

class StravaExport {
 public:
  // `root` is the unpacked folder or the export zip. Throws UsageError when it is neither, and
  // ParseError when activities.csv is missing or malformed (IoError when the system refuses to
  // read it). A zip may hold the export at its top level or inside one folder; so may a folder
  // (an export unzipped into a folder of its own). activities.csv is looked up case-sensitively
  // first, then case-insensitively. Reading starts at once: rows() and warnings() are ready.
  static StravaExport open(const std::filesystem::path& root);
  static StravaExport open(const std::filesystem::path& root, const StravaExportOptions& options);

  StravaExport(StravaExport&&) noexcept;
  StravaExport& operator=(StravaExport&&) noexcept;
  ~StravaExport();

  const std::vector<StravaRow>& rows() const;
  const std::vector<std::string>& warnings() const;
  // Activity IDs of rows activities.csv holds but that could not be read (read_strava_csv's
  // `skipped_ids`): the export still lists those activities.
  const std::vector<std::string>& skipped_ids() const;
  // "strava_export/" or "export_123.zip", for messages.
  std::string describe() const;
  // Reads one file named by a row's `filename`. Thread-safe. Throws IoError if absent, too large,
  // or if the path would leave the export (absolute, "..", or — in a folder — a symlink that
  // resolves outside it).
  Bytes read(const std::string& relative_path) const;
  // A cheap fingerprint of that file, without reading it: size and modification time in a
  // folder, size, CRC-32 and time of the entry in a zip. Equal identities mean the import can
  // trust the content hash it saw last time. nullopt when unknown. Thread-safe.
  std::optional<std::string> identity(const std::string& relative_path) const;

 private:
  class Impl;
  explicit StravaExport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace th
