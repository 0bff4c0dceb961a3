// Import end to end: demo export → store, warm re-import, changed and broken files, zip input,
// and output that does not depend on the number of jobs.
#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>

#include "core/bytes.hpp"
#include "demo/demo.hpp"
#include "ingest/importer.hpp"
#include "parse/parse.hpp"
#include "store/store.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

constexpr double kNow = 1790000000;  // 2026-09-21, fixed so the demo is reproducible

DemoOptions demo_options(const std::filesystem::path& out, int n) {
  DemoOptions o;
  o.out = out;
  o.activities = n;
  o.seed = 7;
  o.years = 2;
  o.now_utc = kNow;
  return o;
}

ImportOptions strava_import(const std::filesystem::path& export_path, unsigned jobs = 2) {
  ImportOptions o;
  o.strava = export_path;
  o.jobs = jobs;
  o.quiet = true;
  return o;
}

TEST(Import, DemoExportColdThenWarm) {
  test::ScratchDir dir;
  ASSERT_EQ(write_demo_export(demo_options(dir.path() / "export", 24)), 24);
  Store store(dir.path() / "cache" / "trackheat.db");

  const ImportReport cold = run_import(store, strava_import(dir.path() / "export"));
  EXPECT_EQ(cold.added, 24);
  EXPECT_EQ(cold.failed, 0) << (cold.failures.empty() ? "" : cold.failures[0].reason);
  EXPECT_EQ(cold.parsed, 24);
  const auto activities = store.activities();
  ASSERT_EQ(activities.size(), 24u);
  for (const auto& a : activities) {
    EXPECT_EQ(a.source, Source::Strava);
    EXPECT_FALSE(a.content_hash.empty());
    EXPECT_FALSE(a.name.empty());
    EXPECT_TRUE(has(a.start_utc));
    if ((a.flags & kFlagIndoor) == 0) {
      EXPECT_GT(a.summary.points, 100u) << a.name;
      EXPECT_FALSE(store.track(a.content_hash).empty());
    }
  }

  const ImportReport warm = run_import(store, strava_import(dir.path() / "export"));
  EXPECT_EQ(warm.unchanged, 24);
  EXPECT_EQ(warm.added + warm.updated + warm.failed + warm.parsed, 0);
}

TEST(Import, ChangedFileIsUpdatedAndReparsedAlone) {
  test::ScratchDir dir;
  const auto demo = demo_options(dir.path() / "export", 6);
  write_demo_export(demo);
  Store store(dir.path() / "trackheat.db");
  run_import(store, strava_import(demo.out));

  // Replace one activity's file with another activity's content.
  const auto generated = generate_demo(demo);
  const auto first = demo.out / generated[0].filename();
  const auto second = demo.out / generated[1].filename();
  if (generated[0].format == generated[1].format && generated[0].gzip == generated[1].gzip) {
    std::filesystem::copy_file(second, first, std::filesystem::copy_options::overwrite_existing);
  } else {
    // Different formats: truncate instead, which changes the content too.
    Bytes b = read_file(first);
    b.resize(b.size() * 3 / 4);
    write_file_atomic(first, b);
  }
  const ImportReport r = run_import(store, strava_import(demo.out));
  EXPECT_EQ(r.unchanged, 5);
  EXPECT_EQ(r.updated + r.failed, 1);
  EXPECT_LE(r.parsed, 1);
}

TEST(Import, BrokenFilesAreReportedAndTheBatchGoesOn) {
  test::ScratchDir dir;
  const auto demo = demo_options(dir.path() / "export", 5);
  write_demo_export(demo);
  const auto generated = generate_demo(demo);
  // Break one export file beyond repair, and put loose files beside it.
  write_file_atomic(demo.out / generated[2].filename(), std::string_view("garbage, not a track"));
  const auto loose = dir.path() / "loose";
  std::filesystem::create_directories(loose / "sub");
  write_file_atomic(loose / "sub" / "bad.gpx", std::string_view("<gpx><trk><trkseg><trkpt"));
  write_file_atomic(loose / "notes.txt", std::string_view("ignored: not an activity name"));
  std::filesystem::copy_file(demo.out / generated[0].filename(),
                             loose / generated[0].filename().substr(11));

  Store store(dir.path() / "trackheat.db");
  ImportOptions opts = strava_import(demo.out);
  opts.paths = {loose};
  const ImportReport r = run_import(store, opts);
  EXPECT_EQ(r.failed, 2);
  EXPECT_EQ(r.added, 4 + 1);  // the good export rows and the good loose file
  // The broken export row is counted as failed, yet kept as a summary-only activity.
  EXPECT_EQ(store.activities().size(), 6u);
  ASSERT_EQ(r.failures.size(), 2u);
  bool saw_export = false, saw_loose = false;
  for (const auto& f : r.failures) {
    EXPECT_FALSE(f.reason.empty());
    saw_export |= f.file.find(generated[2].strava_id) != std::string::npos;
    saw_loose |= f.file.find("bad.gpx") != std::string::npos;
  }
  EXPECT_TRUE(saw_export);
  EXPECT_TRUE(saw_loose);
  const auto broken = store.find_activity(Source::Strava, generated[2].strava_id);
  ASSERT_TRUE(broken);
  EXPECT_TRUE(broken->flags & kFlagSummaryOnly);
  EXPECT_GT(broken->summary.distance_m, 0);  // from activities.csv
}

// A warm import trusts files whose size and modification time are unchanged: it does not read
// them again (the 20x warm speed-up on large exports depends on it). Changing the time makes it
// look again.
TEST(Import, UnchangedFilesAreNotReadAgain) {
  test::ScratchDir dir;
  const auto demo = demo_options(dir.path() / "export", 4);
  write_demo_export(demo);
  Store store(dir.path() / "trackheat.db");
  run_import(store, strava_import(demo.out));

  const auto generated = generate_demo(demo);
  const auto file = demo.out / generated[1].filename();
  const auto mtime = std::filesystem::last_write_time(file);
  const auto size = std::filesystem::file_size(file);
  {  // same size, same inode, garbage content, original time
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << std::string(size, 'x');
  }
  std::filesystem::last_write_time(file, mtime);
  const ImportReport warm = run_import(store, strava_import(demo.out));
  EXPECT_EQ(warm.unchanged, 4);
  EXPECT_EQ(warm.failed, 0);
  EXPECT_EQ(warm.parsed, 0);

  std::filesystem::last_write_time(file, mtime + std::chrono::seconds(5));
  const ImportReport touched = run_import(store, strava_import(demo.out));
  EXPECT_EQ(touched.failed, 1);  // now it is read, and it is garbage
  EXPECT_EQ(touched.unchanged, 3);
}

TEST(Import, ResultDoesNotDependOnJobs) {
  test::ScratchDir dir;
  const auto demo = demo_options(dir.path() / "export", 12);
  write_demo_export(demo);
  Store one(dir.path() / "one.db");
  Store four(dir.path() / "four.db");
  run_import(one, strava_import(demo.out, 1));
  run_import(four, strava_import(demo.out, 4));
  const auto a = one.activities(), b = four.activities();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].source_id, b[i].source_id);
    EXPECT_EQ(a[i].content_hash, b[i].content_hash);
    EXPECT_DOUBLE_EQ(a[i].summary.distance_m, b[i].summary.distance_m);
  }
}

// Packs a folder into a zip under a top-level folder, as some unzip/rezip tools do.
void zip_folder(const std::filesystem::path& folder, const std::filesystem::path& zip_path) {
  int err = 0;
  zip_t* z = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(z, nullptr);
  for (const auto& e : std::filesystem::recursive_directory_iterator(folder)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = "export_123/" + std::filesystem::relative(e.path(), folder).string();
    zip_source_t* src = zip_source_file(z, e.path().c_str(), 0, -1);
    ASSERT_NE(src, nullptr);
    ASSERT_GE(zip_file_add(z, rel.c_str(), src, ZIP_FL_OVERWRITE), 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

TEST(Import, ZipExportGivesTheSameActivitiesAsTheFolder) {
  test::ScratchDir dir;
  const auto demo = demo_options(dir.path() / "export", 8);
  write_demo_export(demo);
  zip_folder(demo.out, dir.path() / "export_123.zip");
  Store from_folder(dir.path() / "folder.db");
  Store from_zip(dir.path() / "zip.db");
  run_import(from_folder, strava_import(demo.out));
  const ImportReport r = run_import(from_zip, strava_import(dir.path() / "export_123.zip"));
  EXPECT_EQ(r.added, 8);
  EXPECT_EQ(r.failed, 0);
  const auto a = from_folder.activities(), b = from_zip.activities();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].content_hash, b[i].content_hash);
}

TEST(Import, RealStravaCsvWithItsFitGz) {
  TH_REQUIRE_REAL_TESTDATA(real);
  test::ScratchDir dir;
  const auto exp = dir.path() / "strava";
  std::filesystem::create_directories(exp / "activities");
  std::filesystem::copy_file(real / "geoactivity_activities.csv", exp / "activities.csv");
  std::filesystem::copy_file(real / "geoactivity_12866632127.fit.gz",
                             exp / "activities" / "12866632127.fit.gz");
  Store store(dir.path() / "trackheat.db");
  const ImportReport r = run_import(store, strava_import(exp));
  EXPECT_EQ(r.added, 1);
  EXPECT_EQ(r.failed, 0);
  const auto a = store.find_activity(Source::Strava, "12070555079");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, "Laufen Landal Park");
  EXPECT_EQ(a->sport, Sport::Run);
  EXPECT_GT(a->summary.points, 300u);
  EXPECT_NEAR(a->summary.distance_m, 3320, 150);  // the CSV says 3.32 km
}

}  // namespace
}  // namespace th
