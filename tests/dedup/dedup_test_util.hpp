#pragma once
// Helpers for dedup and admin tests: putting activities into a store the way import and the
// intervals.icu sync do (parse cache entry + activities row, intervals_activities row), and
// reading data/activities.js back.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/activity.hpp"
#include "core/bytes.hpp"
#include "core/hash.hpp"
#include "demo/demo.hpp"
#include "parse/parse.hpp"
#include "store/sqlite_stmt.hpp"
#include "store/store.hpp"

namespace th::test {

// Parses `bytes` as the sync would after a download and stores it as (source, source_id).
// `start_shift_s` moves the recorded start (a source that files local time as UTC).
inline StoredActivity put_file_activity(Store& store, Source source, const std::string& source_id,
                                        ByteView bytes, double start_shift_s = 0) {
  const Activity parsed = parse_activity(bytes);
  const std::string hash = content_hash(bytes);
  store.put_parsed(hash, kParserVersion, parsed);
  StoredActivity rec;
  rec.source = source;
  rec.source_id = source_id;
  rec.sport = parsed.sport;
  rec.name = parsed.name.empty() ? std::string(source_name(source)) + " " + source_id : parsed.name;
  rec.start_utc = parsed.start_time + start_shift_s;
  rec.utc_offset_s = parsed.utc_offset_s;
  rec.flags = parsed.flags;
  rec.summary = parsed.summary;
  rec.content_hash = hash;
  rec.file_path = source_id;
  store.upsert_activity(rec);
  return rec;
}

// An intervals.icu activity as the sync leaves it: the downloaded file in the intervals cache
// folder (`intervals_dir`, see sync/sync.hpp) and its intervals_activities row in state
// "downloaded". The next import (run_build) turns it into an activities row with source
// "intervals", the file's start time and the listing's name.
inline void put_synced_activity(Store& store, const std::filesystem::path& intervals_dir,
                                const std::string& intervals_id, ByteView bytes,
                                const std::string& extension, const std::string& strava_id) {
  const Activity parsed = parse_activity(bytes);
  const std::string file_name = intervals_id + "." + extension;
  std::filesystem::create_directories(intervals_dir);
  write_file_atomic(intervals_dir / file_name, bytes);
  sql::Statement s(store.handle(), store.name(),
                   "INSERT OR REPLACE INTO intervals_activities (intervals_id, state, strava_id, "
                   "type, name, start_utc, distance_m, moving_s, file_name, file_hash) "
                   "VALUES (?, 'downloaded', ?, ?, ?, ?, ?, ?, ?, ?)");
  sql::Query q(store.handle(), s, store.name(), "test: intervals row");
  q.bind_text(intervals_id);
  if (strava_id.empty()) {
    q.bind_null();
  } else {
    q.bind_text(strava_id);
  }
  q.bind_text(std::string(sport_name(parsed.sport)))
      .bind_text("intervals " + intervals_id)
      .bind_double(parsed.start_time)
      .bind_double(parsed.summary.distance_m)
      .bind_double(parsed.summary.moving_s)
      .bind_text(file_name)
      .bind_text(content_hash(bytes));
  q.run();
}

// `count` demo activities (in memory, nothing written) for a fixed date, from `seed`.
inline std::vector<DemoActivity> demo_activities(int count, std::uint64_t seed) {
  DemoOptions o;
  o.activities = count;
  o.seed = seed;
  o.now_utc = 1790000000;  // 2026-09-21
  return generate_demo(o);
}

inline ByteView view(const std::string& text) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

// data/activities.js of a built site, as JSON.
inline nlohmann::json read_activities_js(const std::filesystem::path& site) {
  const Bytes b = read_file(site / "data" / "activities.js");
  const std::string js(b.begin(), b.end());
  const std::string prefix = "window.TRACKHEAT_ACTIVITIES = ";
  EXPECT_TRUE(js.starts_with(prefix));
  return nlohmann::json::parse(js.substr(prefix.size(), js.size() - prefix.size() - 2));
}

}  // namespace th::test
