#pragma once
// What every sync test needs: a scratch cache, a store, the fake intervals.icu, SyncOptions
// pointing at it (no real waiting: sleeps are recorded, not slept), import of the intervals
// cache, and activity files written by the project's own writers (src/demo/writers.hpp).

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/time_util.hpp"
#include "demo/writers.hpp"
#include "ingest/importer.hpp"
#include "store/intervals_index.hpp"
#include "store/store.hpp"
#include "support/testdata.hpp"
#include "sync/fake_intervals.hpp"
#include "sync/sync.hpp"

namespace th::test {

inline std::string text_of(const Bytes& b) {
  return std::string(b.begin(), b.end());
}

// A 1 Hz outdoor track of `n` samples heading north-east from (lat, lon).
inline Activity synthetic_activity(double start_utc, int n, double lat, double lon,
                                   Sport sport = Sport::Run) {
  Activity a;
  a.sport = sport;
  a.start_time = start_utc;
  for (int i = 0; i < n; ++i) {
    Sample s;
    s.time = start_utc + i;
    s.lat = lat + i * 2e-5;
    s.lon = lon + i * 3e-5;
    s.altitude = static_cast<float>(500 + i * 0.1);
    s.heart_rate = static_cast<float>(120 + i % 30);
    s.distance = i * 3.0;
    a.samples.push_back(s);
  }
  return a;
}

enum class Wrap { GzipFit, Fit, Gpx, GzipTcx };

// An activity as the fake server holds it; `day` is "YYYY-MM-DD" (local start 07:30, UTC 05:30).
inline FakeActivity fake_activity(const std::string& id, const std::string& day,
                                  Wrap wrap = Wrap::GzipFit, int samples = 120) {
  FakeActivity f;
  f.id = id;
  f.start_local = day + "T07:30:00";
  f.start_utc = day + "T05:30:00Z";
  f.name = "Morning run " + id;
  const double start = *parse_iso8601(f.start_utc);
  const Activity a =
      synthetic_activity(start, samples, 48.1 + static_cast<double>(id.size() % 7) * 0.01, 11.5);
  const Bytes fit = write_fit(a);
  f.fit_file = text_of(fit);
  switch (wrap) {
    case Wrap::GzipFit: f.file = text_of(gzip_bytes(fit)); break;
    case Wrap::Fit: f.file = f.fit_file; break;
    case Wrap::Gpx: f.file = write_gpx(a); break;
    case Wrap::GzipTcx: {
      const std::string tcx = write_tcx(a);
      f.file = text_of(
          gzip_bytes(ByteView(reinterpret_cast<const std::uint8_t*>(tcx.data()), tcx.size())));
      break;
    }
  }
  return f;
}

class SyncTest : public ::testing::Test {
 protected:
  static constexpr double kNow = 1765800000;  // 2025-12-15T12:00:00Z

  SyncTest() : store_(std::make_unique<Store>(cache() / "trackheat.db")) {}

  std::filesystem::path cache() const { return dir_.path() / "cache"; }
  std::filesystem::path files_dir() const { return intervals_cache_dir(cache()); }

  SyncOptions options() {
    SyncOptions o;
    o.cache_dir = cache();
    o.credentials.api_key = FakeIntervals::kKey;
    o.credentials.athlete_id = FakeIntervals::kAthlete;
    o.credentials.base_url = server_.base_url();
    o.http.max_requests_per_second = 0;  // the rate limiter is real time; not in unit tests
    o.http.total_timeout_ms = 10'000;
    o.http.sleep = [this](std::chrono::milliseconds d) {
      std::lock_guard lock(sleeps_mutex_);
      sleeps_.push_back(d);
    };
    o.window_days = 120;
    o.jobs = 3;
    o.quiet = true;
    o.now_utc = kNow;
    return o;
  }
  SyncReport sync() { return run_sync(*store_, options()); }
  SyncReport sync(const SyncOptions& o) { return run_sync(*store_, o); }

  ImportReport import_cache() {
    ImportOptions io;
    io.intervals_dir = files_dir();
    io.jobs = 2;
    io.quiet = true;
    return run_import(*store_, io);
  }

  std::map<std::string, IntervalsEntry> index() const { return load_intervals_index(*store_); }

  std::set<std::string> cached_files() const {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(files_dir())) {
      names.insert(e.path().filename().string());
    }
    return names;
  }

  std::vector<std::chrono::milliseconds> sleeps() {
    std::lock_guard lock(sleeps_mutex_);
    return sleeps_;
  }

  // Puts `n` activities on the server, one every `step_days` from `first_day` on; ids i1000…
  std::vector<std::string> put_history(int n, const std::string& first_day, int step_days) {
    std::vector<std::string> ids;
    const double first = *parse_iso8601(first_day + "T00:00:00Z");
    for (int k = 0; k < n; ++k) {
      const std::string day = format_iso8601(first + k * step_days * 86400.0).substr(0, 10);
      const std::string id = "i" + std::to_string(1000 + k);
      const Wrap wrap = k % 3 == 0 ? Wrap::GzipFit : k % 3 == 1 ? Wrap::Fit : Wrap::Gpx;
      server_.put(fake_activity(id, day, wrap));
      ids.push_back(id);
    }
    return ids;
  }

  // Each listed id was downloaded exactly once, and its row points at a file in the cache
  // that holds exactly the bytes recorded.
  void expect_each_downloaded_once(const std::vector<std::string>& ids) {
    const auto rows = index();
    for (const auto& id : ids) {
      EXPECT_EQ(server_.served(id), 1) << id;
      const auto it = rows.find(id);
      ASSERT_NE(it, rows.end()) << id;
      EXPECT_EQ(it->second.state, IntervalsState::Downloaded) << id << ": " << it->second.error;
      ASSERT_FALSE(it->second.file_name.empty()) << id;
      EXPECT_TRUE(std::filesystem::is_regular_file(files_dir() / it->second.file_name)) << id;
    }
  }

  ScratchDir dir_{"th-sync"};
  FakeIntervals server_;
  std::unique_ptr<Store> store_;
  std::mutex sleeps_mutex_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace th::test
