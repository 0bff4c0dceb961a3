// Writes the demo activities as a Strava bulk export: activities.csv + activities/<id>.<ext>[.gz].
#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/time_util.hpp"
#include "demo/demo.hpp"
#include "demo/writers.hpp"

namespace th {

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

// A small bounded hand-over from the generator thread to the file writers: generation is
// sequential (one seeded stream), encoding and compressing are not.
class DemoQueue {
 public:
  explicit DemoQueue(std::size_t capacity) : capacity_(capacity) {}
  // False when the queue was closed because a writer failed.
  bool push(DemoActivity&& d) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(d));
    ready_.notify_one();
    return true;
  }
  std::optional<DemoActivity> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    DemoActivity d = std::move(items_.front());
    items_.pop_front();
    room_.notify_one();
    return d;
  }
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::deque<DemoActivity> items_;
  bool closed_ = false;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
};

}  // namespace

int write_demo_export(const DemoOptions& options) {
  if (options.activities < 0) throw UsageError("--activities must not be negative");
  const std::filesystem::path dir = options.out / "activities";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError(dir.string() + ": cannot create folder: " + ec.message());

  // Memory stays at a few activities whatever the count: the generator (this thread) streams
  // them to writer threads, each index writing the next activity that comes. The output does
  // not depend on the number of threads.
  const unsigned threads = resolve_jobs(0);
  DemoQueue queue(std::size_t{2} * threads);
  const auto write_next = [&](unsigned, std::size_t) {
    // activities.csv is written last (and synced): it is what makes the export complete.
    if (auto d = queue.pop()) {
      write_file_atomic(options.out / d->filename(), encode_file(*d), Durability::NoSync);
    }
  };
  std::string csv = kStravaHeader;
  csv += '\n';
  int count = 0;
  const auto generate = [&] {
    for_each_demo_activity(options, [&](DemoActivity&& d) {
      csv += csv_row(d) + '\n';
      ++count;
      if (!queue.push(std::move(d))) throw Error("demo: a file writer stopped");
    });
    queue.close();
  };
  // A writer's error stops the generator (its queue is closed) and is the one reported.
  parallel_for(static_cast<std::size_t>(options.activities), threads, write_next,
               {generate, [&] { queue.close(); }});
  write_file_atomic(options.out / "activities.csv", csv);
  return count;
}

}  // namespace th
