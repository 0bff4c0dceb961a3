// Writes the demo activities as a Strava bulk export: activities.csv + activities/<id>.<ext>[.gz].
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/errors.hpp"
#include "core/time_util.hpp"
#include "demo/demo.hpp"
#include "demo/writers.hpp"

namespace th {

std::string DemoActivity::filename() const {
  std::string name = "activities/" + strava_id;
  switch (format) {
    case FileFormat::Fit: name += ".fit"; break;
    case FileFormat::Gpx: name += ".gpx"; break;
    case FileFormat::Tcx: name += ".tcx"; break;
    case FileFormat::Unknown: throw Error("demo activity without a file format");
  }
  if (gzip) name += ".gz";
  return name;
}

namespace {

// Strava's real activities.csv header (2024 shape): names repeat, the later occurrence is SI.
constexpr const char* kStravaHeader =
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,"
    "Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,"
    "Elevation Gain,Elevation Loss,Elevation Low,Elevation High,Max Grade,Average Grade,"
    "Average Positive Grade,Average Negative Grade,Max Cadence,Average Cadence,Max Heart Rate,"
    "Average Heart Rate,Max Watts,Average Watts,Calories,Max Temperature,Average Temperature,"
    "Relative Effort,Total Work,Number of Runs,Uphill Time,Downhill Time,Other Time,"
    "Perceived Exertion,Type,Start Time,Weighted Average Power,Power Count,"
    "Prefer Perceived Exertion,Perceived Relative Effort,Commute,Total Weight Lifted,From Upload,"
    "Grade Adjusted Distance,Weather Observation Time,Weather Condition,Weather Temperature,"
    "Apparent Temperature,Dewpoint,Humidity,Weather Pressure,Wind Speed,Wind Gust,Wind Bearing,"
    "Precipitation Intensity,Sunrise Time,Sunset Time,Moon Phase,Bike,Gear,"
    "Precipitation Probability,Precipitation Type,Cloud Cover,Weather Visibility,UV Index,"
    "Weather Ozone,Jump Count,Total Grit,Average Flow,Flagged,Average Elapsed Speed,"
    "Dirt Distance,Newly Explored Distance,Newly Explored Dirt Distance,Activity Count,"
    "Total Steps,Carbon Saved,Pool Length,Training Load,Intensity,"
    "Average Grade Adjusted Pace,Timer Time,Total Cycles,Media";
constexpr int kStravaColumns = 94;

// Strava's display label for a sport in the CSV ("Virtual Ride", "Trail Run", …).
std::string strava_label(Sport s) {
  const std::string_view name = sport_name(s);
  std::string label;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (i > 0 && name[i] >= 'A' && name[i] <= 'Z' && !(name.substr(0, i) == "E")) label += ' ';
    label += name[i];
  }
  return s == Sport::EBikeRide ? "E-Bike Ride" : label;
}

// "May 29, 2022, 3:53:35 PM" in UTC, as Strava writes "Activity Date".
std::string strava_date(double unix_seconds) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string iso = format_iso8601(unix_seconds);  // YYYY-MM-DDTHH:MM:SSZ
  const int month = std::stoi(iso.substr(5, 2));
  const int day = std::stoi(iso.substr(8, 2));
  const int hour = std::stoi(iso.substr(11, 2));
  const int hour12 = hour % 12 == 0 ? 12 : hour % 12;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %d, %s, %d:%s %s", kMonths[month - 1], day,
                iso.substr(0, 4).c_str(), hour12, iso.substr(14, 5).c_str(),
                hour < 12 ? "AM" : "PM");
  return buf;
}

std::string csv_quote(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string number(double v, int decimals) {
  if (!std::isfinite(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string csv_row(const DemoActivity& d) {
  const Activity& a = d.activity;
  const Summary& s = a.summary;
  std::vector<std::string> cells(kStravaColumns);
  cells[0] = d.strava_id;
  cells[1] = csv_quote(strava_date(a.start_time));
  cells[2] = csv_quote(a.name);
  cells[3] = strava_label(a.sport);
  cells[4] = "\"\"";
  cells[5] = number(s.elapsed_s, 0);
  cells[6] = number(s.distance_m / 1000.0, 2);  // display units: km
  cells[9] = "false";
  cells[12] = d.filename();
  cells[15] = number(s.elapsed_s, 1);
  cells[16] = number(s.moving_s, 1);
  cells[17] = number(s.distance_m, 1);
  cells[19] = s.moving_s > 0 ? number(s.distance_m / s.moving_s, 3) : "";
  cells[20] = number(s.ascent_m, 1);
  cells[21] = number(s.descent_m, 1);
  std::string line;
  for (int i = 0; i < kStravaColumns; ++i) {
    if (i > 0) line += ',';
    line += cells[static_cast<std::size_t>(i)];
  }
  return line;
}

Bytes encode_file(const DemoActivity& d) {
  Bytes raw;
  switch (d.format) {
    case FileFormat::Fit: raw = write_fit(d.activity); break;
    case FileFormat::Gpx: {
      const std::string text = write_gpx(d.activity);
      raw.assign(text.begin(), text.end());
      break;
    }
    case FileFormat::Tcx: {
      const std::string text = write_tcx(d.activity);
      raw.assign(text.begin(), text.end());
      break;
    }
    case FileFormat::Unknown: throw Error("demo activity without a file format");
  }
  // Level 1: the demo must write 5 000 activities in seconds; size hardly matters here.
  return d.gzip ? gzip_bytes(raw, 1) : raw;
}

}  // namespace

int write_demo_export(const DemoOptions& options) {
  if (options.activities < 0) throw UsageError("--activities must not be negative");
  const std::vector<DemoActivity> demo = generate_demo(options);
  const std::filesystem::path dir = options.out / "activities";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError(dir.string() + ": cannot create folder: " + ec.message());

  // Files are independent: encode and write them on every core. The output does not depend on
  // the number of threads.
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      try {
        for (std::size_t i = next++; i < demo.size(); i = next++) {
          // activities.csv is written last (and synced): it is what makes the export complete.
          write_file_atomic(options.out / demo[i].filename(), encode_file(demo[i]),
                            Durability::NoSync);
        }
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = demo.size();
      }
    });
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);

  std::string csv = kStravaHeader;
  csv += '\n';
  for (const auto& d : demo) csv += csv_row(d) + '\n';
  write_file_atomic(options.out / "activities.csv", csv);
  return static_cast<int>(demo.size());
}

}  // namespace th
