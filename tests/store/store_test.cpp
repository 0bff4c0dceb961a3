// The store's rows: parse cache and activities, through the public Store API.

#include "store/store.hpp"
#include "store/schema.hpp"
#include "store/track_codec.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cmath>

#include "core/errors.hpp"
#include "store/synthetic_track.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

Activity sample_activity() {
  Activity a;
  a.format = FileFormat::Fit;
  a.compressed = true;
  a.sport = Sport::TrailRun;
  a.sport_raw = "running/trail";
  a.name = "Uetliberg loop — \"hills\"";
  a.start_time = 1'600'000'000.0;
  a.utc_offset_s = 7200;
  a.flags = kFlagVirtual | kFlagIndoor;
  test::TrackShape shape;
  shape.fit_semicircles = false;  // on the codec's grid: compared exactly below
  a.samples = test::synthetic_track(1200, shape);
  a.samples[600].segment_start = true;
  a.samples[10].heart_rate = kNaNf;
  a.totals = {.distance_m = 3612.5, .elapsed_s = 1199, .moving_s = kNaN, .ascent_m = 42};
  a.summary = {.distance_m = 3600.25,
               .elapsed_s = 1199,
               .moving_s = 1150.5,
               .ascent_m = 40.5,
               .descent_m = 39.75,
               .min_lat = 47.1,
               .min_lon = 8.4,
               .max_lat = 47.5,
               .max_lon = 8.6,
               .samples = 1200,
               .points = 1190,
               .has_heart_rate = true,
               .has_altitude = false};
  a.warnings = {"3 points without time skipped", "sport \"xyz\" unknown"};
  return a;
}

void expect_same_metadata(const Activity& got, const Activity& want) {
  EXPECT_EQ(got.format, want.format);
  EXPECT_EQ(got.compressed, want.compressed);
  EXPECT_EQ(got.sport, want.sport);
  EXPECT_EQ(got.sport_raw, want.sport_raw);
  EXPECT_EQ(got.name, want.name);
  EXPECT_TRUE(same(got.start_time, want.start_time));
  EXPECT_EQ(got.utc_offset_s, want.utc_offset_s);
  EXPECT_EQ(got.flags, want.flags);
  EXPECT_TRUE(same(got.totals.distance_m, want.totals.distance_m));
  EXPECT_TRUE(same(got.totals.elapsed_s, want.totals.elapsed_s));
  EXPECT_TRUE(same(got.totals.moving_s, want.totals.moving_s));
  EXPECT_TRUE(same(got.totals.ascent_m, want.totals.ascent_m));
  const Summary &g = got.summary, &w = want.summary;
  EXPECT_TRUE(same(g.distance_m, w.distance_m));
  EXPECT_TRUE(same(g.elapsed_s, w.elapsed_s));
  EXPECT_TRUE(same(g.moving_s, w.moving_s));
  EXPECT_TRUE(same(g.ascent_m, w.ascent_m));
  EXPECT_TRUE(same(g.descent_m, w.descent_m));
  EXPECT_TRUE(same(g.min_lat, w.min_lat));
  EXPECT_TRUE(same(g.min_lon, w.min_lon));
  EXPECT_TRUE(same(g.max_lat, w.max_lat));
  EXPECT_TRUE(same(g.max_lon, w.max_lon));
  EXPECT_EQ(g.samples, w.samples);
  EXPECT_EQ(g.points, w.points);
  EXPECT_EQ(g.has_heart_rate, w.has_heart_rate);
  EXPECT_EQ(g.has_altitude, w.has_altitude);
  EXPECT_EQ(got.warnings, want.warnings);
}

void expect_same_samples(const std::vector<Sample>& got, const std::vector<Sample>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_TRUE(same(got[i].time, want[i].time)) << i;
    EXPECT_TRUE(same(got[i].lat, want[i].lat)) << i;
    EXPECT_TRUE(same(got[i].lon, want[i].lon)) << i;
    EXPECT_TRUE(same(got[i].distance, want[i].distance)) << i;
    EXPECT_TRUE(same(got[i].altitude, want[i].altitude)) << i;
    EXPECT_TRUE(same(got[i].heart_rate, want[i].heart_rate)) << i;
    EXPECT_TRUE(same(got[i].speed, want[i].speed)) << i;
    EXPECT_EQ(got[i].segment_start, want[i].segment_start) << i;
  }
}

StoredActivity stored(const std::string& source_id, double start) {
  StoredActivity a;
  a.source = Source::Strava;
  a.source_id = source_id;
  a.sport = Sport::Ride;
  a.name = "Ride " + source_id;
  a.start_utc = start;
  a.utc_offset_s = -18000;
  a.flags = kFlagNone;
  a.summary.distance_m = 42195;
  a.summary.elapsed_s = 3600;
  a.summary.min_lat = kNaN;  // no positions: bbox missing
  a.summary.samples = 3600;
  a.file_path = "activities/" + source_id + ".fit.gz";
  a.content_hash = "0123456789abcdef0123456789abcdef";
  return a;
}

TEST(StoreParsed, PutThenGetReturnsEveryField) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  const Activity a = sample_activity();
  store.put_parsed("hash-a", 3, a);

  const auto got = store.get_parsed("hash-a", 3);
  ASSERT_TRUE(got.has_value());
  expect_same_metadata(*got, a);
  expect_same_samples(got->samples, a.samples);

  const auto light = store.get_parsed("hash-a", 3, /*with_samples=*/false);
  ASSERT_TRUE(light.has_value());
  expect_same_metadata(*light, a);
  EXPECT_TRUE(light->samples.empty());
}

TEST(StoreParsed, KeyedByHashAndParserVersion) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  Activity a = sample_activity();
  store.put_parsed("hash-a", 1, a);
  EXPECT_TRUE(store.has_parsed("hash-a", 1));
  EXPECT_FALSE(store.has_parsed("hash-a", 2));
  EXPECT_FALSE(store.has_parsed("hash-b", 1));
  EXPECT_FALSE(store.get_parsed("hash-a", 2).has_value());

  // Same key again: replaced.
  a.name = "renamed";
  a.utc_offset_s.reset();
  a.start_time = kNaN;
  a.warnings.clear();
  store.put_parsed("hash-a", 1, a);
  const auto got = store.get_parsed("hash-a", 1, false);
  ASSERT_TRUE(got.has_value());
  expect_same_metadata(*got, a);
}

TEST(StoreParsed, ListsTheHashesOfOneParserVersion) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  EXPECT_TRUE(store.parsed_hashes(1).empty());
  const Activity a = sample_activity();
  store.put_parsed("hash-b", 1, a);
  store.put_parsed("hash-a", 1, a);
  store.put_parsed("hash-c", 2, a);
  auto v1 = store.parsed_hashes(1);
  std::sort(v1.begin(), v1.end());
  EXPECT_EQ(v1, (std::vector<std::string>{"hash-a", "hash-b"}));
  EXPECT_EQ(store.parsed_hashes(2), std::vector<std::string>{"hash-c"});
}

TEST(StoreKnownFiles, RecordReplaceAndList) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  EXPECT_TRUE(store.known_files().empty());
  store.put_known_file({"file:/a.fit", "file:10:1:2", "hash-a"});
  store.put_known_file({"strava:/x|activities/1.gpx", "zip:5:7:9", "hash-b"});
  store.put_known_file({"file:/a.fit", "file:11:3:2", "hash-c"});  // the file changed
  auto files = store.known_files();
  std::sort(files.begin(), files.end(),
            [](const KnownFile& a, const KnownFile& b) { return a.location < b.location; });
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].location, "file:/a.fit");
  EXPECT_EQ(files[0].identity, "file:11:3:2");
  EXPECT_EQ(files[0].content_hash, "hash-c");
  EXPECT_EQ(files[1].content_hash, "hash-b");
}

TEST(StoreParsed, EmptyTrackAndUnknownSportNames) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  Activity a;  // all defaults: no samples, unknown sport and format, NaN start
  store.put_parsed("empty", 1, a);
  const auto got = store.get_parsed("empty", 1);
  ASSERT_TRUE(got.has_value());
  expect_same_metadata(*got, a);
  EXPECT_TRUE(got->samples.empty());

  // A sport name this build does not know (written by a newer one) reads back as Other.
  sqlite3_exec(store.handle(), "UPDATE parsed SET sport = 'Teleporting'", nullptr, nullptr,
               nullptr);
  EXPECT_EQ(store.get_parsed("empty", 1)->sport, Sport::Other);
}

TEST(StoreParsed, TrackUsesTheNewestParserVersion) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  Activity v1 = sample_activity(), v2 = sample_activity();
  v1.samples.resize(10);
  v2.samples.resize(20);
  store.put_parsed("h", 2, v2);
  store.put_parsed("h", 1, v1);
  EXPECT_EQ(store.track("h").size(), 20u);
  expect_same_samples(store.track("h"), v2.samples);
  EXPECT_TRUE(store.track("unknown").empty());
  // The encoded blob of the same (newest) track decodes to the same samples on any thread.
  expect_same_samples(decode_track(store.track_blob("h")), v2.samples);
  EXPECT_TRUE(store.track_blob("unknown").empty());
}

TEST(StoreParsed, LightReadDoesNotDecodeTheTrack) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  store.put_parsed("h", 1, sample_activity());
  // Damage the stored blob: only the reads that decode it notice.
  ASSERT_EQ(sqlite3_exec(store.handle(), "UPDATE parsed SET track = x'01ff00'", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  const auto light = store.get_parsed("h", 1, false);
  ASSERT_TRUE(light.has_value());
  EXPECT_EQ(light->name, sample_activity().name);
  EXPECT_THROW(store.get_parsed("h", 1, true), ParseError);
  try {
    store.track("h");
    FAIL() << "corrupt blob decoded";
  } catch (const ParseError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("trackheat.db"), std::string::npos) << message;
    EXPECT_NE(message.find("corrupt track blob"), std::string::npos) << message;
  }
}

TEST(StoreParsed, WarningsWithInvalidUtf8AreKeptReadable) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  Activity a;
  a.warnings = {"bad byte \xff here", "ok"};
  store.put_parsed("h", 1, a);
  const auto got = store.get_parsed("h", 1, false);
  ASSERT_EQ(got->warnings.size(), 2u);
  EXPECT_EQ(got->warnings[0], "bad byte \xEF\xBF\xBD here");  // U+FFFD
  EXPECT_EQ(got->warnings[1], "ok");
}

TEST(StoreActivities, UpsertReportsAddedUnchangedUpdated) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  StoredActivity a = stored("111", 1.6e9);
  a.start_utc = kNaN;  // NaN fields must not make an identical row look changed
  EXPECT_EQ(store.upsert_activity(a), UpsertOutcome::Added);
  const std::int64_t id = a.id;
  EXPECT_GT(id, 0);

  StoredActivity again = stored("111", 1.6e9);
  again.start_utc = kNaN;
  again.id = 999;  // ignored on input
  EXPECT_EQ(store.upsert_activity(again), UpsertOutcome::Unchanged);
  EXPECT_EQ(again.id, id);

  again.name = "Morning Ride (renamed)";
  EXPECT_EQ(store.upsert_activity(again), UpsertOutcome::Updated);
  EXPECT_EQ(again.id, id);
  again.summary.ascent_m += 0.5;
  EXPECT_EQ(store.upsert_activity(again), UpsertOutcome::Updated);
  again.utc_offset_s.reset();
  EXPECT_EQ(store.upsert_activity(again), UpsertOutcome::Updated);
  EXPECT_EQ(store.upsert_activity(again), UpsertOutcome::Unchanged);

  const auto found = store.find_activity(Source::Strava, "111");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->name, "Morning Ride (renamed)");
  EXPECT_EQ(found->summary.ascent_m, 0.5);
  EXPECT_FALSE(found->utc_offset_s.has_value());
  EXPECT_TRUE(std::isnan(found->start_utc));
  EXPECT_TRUE(std::isnan(found->summary.min_lat));
  EXPECT_EQ(found->sport, Sport::Ride);
  EXPECT_EQ(found->file_path, "activities/111.fit.gz");
  EXPECT_FALSE(store.find_activity(Source::Strava, "222").has_value());

  // Same source_id from another source is another activity.
  StoredActivity other = stored("111", 1.6e9);
  other.source = Source::Intervals;
  EXPECT_EQ(store.upsert_activity(other), UpsertOutcome::Added);
  EXPECT_NE(other.id, id);
  EXPECT_EQ(store.activities().size(), 2u);
}

TEST(StoreActivities, ListedByStartTimeThenIdWithUndatedLast) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  // Inserted out of order; "c" and "a" share a start time.
  for (const auto& [id, start] : std::vector<std::pair<std::string, double>>{
           {"c", 300}, {"nodate", kNaN}, {"b", 100}, {"a", 300}, {"d", -50}}) {
    StoredActivity s = stored(id, start);
    store.upsert_activity(s);
  }
  std::vector<std::string> order;
  for (const auto& a : store.activities()) order.push_back(a.source_id);
  EXPECT_EQ(order, (std::vector<std::string>{"d", "b", "c", "a", "nodate"}));
}

TEST(StoreActivities, ThousandsOfUpsertsInOneTransaction) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  {
    Store::Transaction tx(store);
    for (int i = 0; i < 5000; ++i) {
      StoredActivity a = stored(std::to_string(i), 1.6e9 + i);
      EXPECT_EQ(store.upsert_activity(a), UpsertOutcome::Added);
    }
    tx.commit();
  }
  int unchanged = 0;
  {
    Store::Transaction tx(store);
    for (int i = 0; i < 5000; ++i) {
      StoredActivity a = stored(std::to_string(i), 1.6e9 + i);
      unchanged += store.upsert_activity(a) == UpsertOutcome::Unchanged ? 1 : 0;
    }
    tx.commit();
  }
  EXPECT_EQ(unchanged, 5000);
  EXPECT_EQ(store.activities().size(), 5000u);
}

TEST(StoreTransaction, RollsBackWhenNotCommitted) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  StoredActivity kept = stored("kept", 1);
  store.upsert_activity(kept);
  try {
    Store::Transaction tx(store);
    StoredActivity lost = stored("lost", 2);
    store.upsert_activity(lost);
    store.put_parsed("lost-hash", 1, sample_activity());
    kept.name = "changed";
    store.upsert_activity(kept);
    throw std::runtime_error("import failed half-way");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(store.find_activity(Source::Strava, "lost").has_value());
  EXPECT_FALSE(store.has_parsed("lost-hash", 1));
  EXPECT_EQ(store.find_activity(Source::Strava, "kept")->name, "Ride kept");

  {
    Store::Transaction tx(store);
    StoredActivity added = stored("added", 3);
    store.upsert_activity(added);
    tx.commit();
  }
  EXPECT_TRUE(store.find_activity(Source::Strava, "added").has_value());
}

TEST(StoreTransaction, NestingIsAnError) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  Store::Transaction outer(store);
  EXPECT_THROW(Store::Transaction inner(store), IoError);
  outer.commit();
}

TEST(StoreTransaction, WriterWaitsThenFailsWhileAnotherHoldsTheLock) {
  test::ScratchDir dir;
  const auto file = dir.path() / "trackheat.db";
  Store a(file);
  Store b(file);
  Store::Transaction tx(a);
  // b waits for the busy timeout, then reports a clear error. Shorten the wait for the test.
  sqlite3_busy_timeout(b.handle(), 50);
  try {
    Store::Transaction other(b);
    FAIL() << "second writer got the lock";
  } catch (const IoError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("BEGIN IMMEDIATE"), std::string::npos) << message;
    EXPECT_NE(message.find("locked"), std::string::npos) << message;
  }
  tx.commit();
}

TEST(StorePersistence, ReopeningKeepsEverything) {
  test::ScratchDir dir;
  const auto file = dir.path() / "nested" / "cache" / "trackheat.db";  // parents created
  const Activity a = sample_activity();
  std::int64_t id = 0;
  {
    Store store(file);
    store.put_parsed("h", 4, a);
    StoredActivity s = stored("42", 1.6e9);
    store.upsert_activity(s);
    id = s.id;
  }
  ASSERT_TRUE(std::filesystem::exists(file));
  Store store(file);
  EXPECT_EQ(store.schema_version(), schema::latest_version());
  const auto got = store.get_parsed("h", 4);
  ASSERT_TRUE(got.has_value());
  expect_same_metadata(*got, a);
  expect_same_samples(got->samples, a.samples);
  StoredActivity s = stored("42", 1.6e9);
  EXPECT_EQ(store.upsert_activity(s), UpsertOutcome::Unchanged);
  EXPECT_EQ(s.id, id);
}

}  // namespace
}  // namespace th
