#pragma once
// A small synthetic Strava export, written by the tests themselves: Strava's header shape
// (repeated display/SI columns), a quoted description with line breaks and quotes, a UTF-8
// name, a manual entry without a file. Plus a zip writer (libzip) to pack it.

#include <zip.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/bytes.hpp"

namespace th::test {

using Entries = std::vector<std::pair<std::string, std::string>>;  // path → content

// Same column layout as a real export's start (shortened after "Commute").
inline constexpr const char* kStravaHeader =
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,"
    "Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,"
    "Average Speed,Elevation Gain,Elevation Loss,Max Heart Rate,Relative Effort,Commute";

inline std::string synthetic_csv() {
  return std::string(kStravaHeader) +
         "\r\n"
         "101,\"Oct 7, 2020, 2:43:11 PM\",Morning Run,Run,"
         "\"Easy \"\"recovery\"\" run,\r\nsecond line\",1800,5.01,151,12,false,\"\",Shoes,"
         "activities/101.fit.gz,70,,1800.0,1750.0,5012.5,4.1,2.86,42.5,40.0,151,12,false\r\n"
         "102,\"Jun 1, 2021, 6:00:00 AM\",Zürich → Üetliberg 🚴,Ride,\"\",3600,25.40,,,true,"
         "\"\",Bike,activities/102.gpx,70,9,3600.0,3400.0,25400.0,12.0,7.47,512.0,510.0,,,true\r\n"
         "103,\"Jan 2, 2022, 7:30:00 PM\",Treadmill,Run,\"\",1200,3.00,,,false,\"\",,,"
         ",,1200.0,1200.0,3000.0,,,,,,,false\r\n";
}

// Bytes of the activity files: binary (with NULs) and text, so a mangled read shows.
inline std::string fake_fit_gz() {
  std::string bytes = "\x1f\x8b\x08";
  for (int i = 0; i < 3000; ++i) bytes.push_back(static_cast<char>((i * 7 + 3) % 256));
  return bytes;
}
inline std::string fake_gpx() {
  return "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\"><trk><trkseg/></trk></gpx>\n";
}

inline Entries synthetic_export() {
  return {{"activities.csv", synthetic_csv()},
          {"activities/101.fit.gz", fake_fit_gz()},
          {"activities/102.gpx", fake_gpx()}};
}

inline std::string as_string(const Bytes& bytes) {
  return {bytes.begin(), bytes.end()};
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  write_file_atomic(path, std::string_view(text));
}

// Writes `entries` under `dir`, each path prefixed by `prefix` ("" or "folder/").
inline void write_folder(const std::filesystem::path& dir, const Entries& entries,
                         const std::string& prefix = "") {
  for (const auto& [path, content] : entries) write_text(dir / (prefix + path), content);
}

// Writes a zip holding `entries` (deflated), each path prefixed by `prefix`.
inline void write_zip(const std::filesystem::path& zip_path, const Entries& entries,
                      const std::string& prefix = "") {
  int error = 0;
  zip_t* archive = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("zip_open failed");
  if (!prefix.empty() && zip_dir_add(archive, prefix.c_str(), ZIP_FL_ENC_UTF_8) < 0) {
    throw std::runtime_error("zip_dir_add failed");
  }
  for (const auto& [path, content] : entries) {
    // The buffers live in `entries` until zip_close writes them.
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (source == nullptr ||
        zip_file_add(archive, (prefix + path).c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      throw std::runtime_error("zip_file_add failed: " + std::string(zip_strerror(archive)));
    }
  }
  if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed");
}

}  // namespace th::test
