// The command line as a user meets it: exit codes, one-line errors, inspect --json, demo + import.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/bytes.hpp"
#include "support/run_binary.hpp"
#include "support/strava_export_edit.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

using test::RunResult;

RunResult run(const std::string& args, const std::filesystem::path& cwd = ".") {
  return test::run_trackheat(args, cwd);
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("").status, 2);
  EXPECT_EQ(run("no-such-command").status, 2);
  EXPECT_EQ(run("demo --activities -5").status, 2);
  EXPECT_EQ(run("--version").status, 0);
  EXPECT_EQ(run("inspect --help").status, 0);
}

// The version comes from CMake's project(VERSION), the one place it is written.
TEST(Cli, VersionIsTheProjectVersion) {
  const RunResult r = run("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, std::string("trackheat ") + TRACKHEAT_VERSION + "\n");
}

TEST(Cli, ImportWithNothingToImportSaysWhat) {
  test::ScratchDir dir;
  const RunResult r = run("import", dir.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("strava_export"), std::string::npos) << r.out;
  const RunResult missing = run("import --cache c no/such/file.fit", dir.path());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("no/such/file.fit"), std::string::npos) << missing.out;
}

TEST(Cli, DemoImportInspectRoundTrip) {
  test::ScratchDir dir;
  const RunResult demo = run("demo --out ex --activities 12 --seed 3", dir.path());
  ASSERT_EQ(demo.status, 0) << demo.out;
  EXPECT_NE(demo.out.find("wrote 12 activities"), std::string::npos) << demo.out;

  const RunResult first = run("import --strava ex --cache cache --quiet", dir.path());
  ASSERT_EQ(first.status, 0) << first.out;
  EXPECT_NE(first.out.find("12 added"), std::string::npos) << first.out;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "cache" / "trackheat.db"));
  const RunResult second = run("import --strava ex --cache cache --quiet", dir.path());
  EXPECT_NE(second.out.find("12 unchanged"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("0 files parsed"), std::string::npos) << second.out;

  // inspect every demo file, plus one broken and one missing file: one JSON line each, exit 1
  // (some files could not be read).
  write_file_atomic(dir.path() / "broken.fit", std::string_view("not a fit file at all"));
  std::string files;
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() / "ex" / "activities")) {
    files += " '" + e.path().string() + "'";
    ++count;
  }
  const RunResult insp = run("inspect --json" + files + " broken.fit missing.gpx", dir.path());
  EXPECT_EQ(insp.status, 1);
  const auto lines = json_lines(insp.out);
  ASSERT_EQ(static_cast<int>(lines.size()), count + 2);
  for (int i = 0; i < count; ++i) {
    const auto& j = lines[static_cast<std::size_t>(i)];
    for (const char* key :
         {"file", "format", "compressed", "sport", "start_time", "samples", "points",
          "has_heart_rate", "has_altitude", "distance_m", "elapsed_s", "warnings", "error"}) {
      EXPECT_TRUE(j.contains(key)) << key;
    }
    EXPECT_TRUE(j["error"].is_null()) << j.dump();
    EXPECT_GT(j["samples"].get<int>(), 0);
    EXPECT_TRUE(j["start_time"].get<std::string>().ends_with("Z"));
  }
  EXPECT_FALSE(lines[static_cast<std::size_t>(count)]["error"].is_null());
  EXPECT_FALSE(lines[static_cast<std::size_t>(count + 1)]["error"].is_null());
  EXPECT_NE(lines.back()["error"].get<std::string>().find("missing.gpx"), std::string::npos);
}

std::string text_of(const std::filesystem::path& p) {
  const Bytes b = read_file(p);
  return {b.begin(), b.end()};
}

TEST(Cli, ImportExitsOneWhenAFileFailedAfterImportingTheRestAndBuildStillSucceeds) {
  test::ScratchDir dir;
  ASSERT_EQ(run("demo --out ex --activities 3 --seed 4", dir.path()).status, 0);
  write_file_atomic(dir.path() / "broken.fit", std::string_view("not a fit file at all"));
  const RunResult imp = run("import --strava ex --cache cache --quiet broken.fit", dir.path());
  EXPECT_EQ(imp.status, 1) << imp.out;
  EXPECT_NE(imp.out.find("failed: broken.fit: "), std::string::npos) << imp.out;
  EXPECT_NE(imp.out.find("import: 3 added, 0 updated, 0 unchanged, 1 failed"), std::string::npos)
      << imp.out;
  const RunResult build =
      run("build --strava ex --cache cache --out site --max-zoom 8 --no-sync --quiet broken.fit",
          dir.path());
  EXPECT_EQ(build.status, 0) << build.out;
  EXPECT_NE(build.out.find("1 failed (left off the map; reasons above)"), std::string::npos)
      << build.out;
  EXPECT_NE(run("import --help", dir.path()).out.find("exits 1 when any file failed"),
            std::string::npos);
}

// A newer export without one activity: the build says so, and the map and the stats lose it;
// an export that lists it again brings it back.
TEST(Cli, AnActivityNoLongerInTheStravaExportLeavesTheMapAndComesBack) {
  test::ScratchDir dir;
  ASSERT_EQ(run("demo --out ex --activities 4 --seed 5", dir.path()).status, 0);
  const std::string build =
      "build --strava ex --cache cache --out site --max-zoom 8 --no-sync --quiet";
  RunResult b = run(build, dir.path());
  ASSERT_EQ(b.status, 0) << b.out;
  const auto activities_js = dir.path() / "site" / "data" / "activities.js";
  EXPECT_NE(text_of(activities_js).find("\"count\":4"), std::string::npos);

  const std::string csv = text_of(dir.path() / "ex" / "activities.csv");
  const std::size_t second = csv.find('\n', csv.find('\n') + 1) + 1;  // the second data row
  ASSERT_TRUE(test::remove_strava_row(dir.path() / "ex",
                                      csv.substr(second, csv.find(',', second) - second)));
  b = run(build, dir.path());
  EXPECT_EQ(b.status, 0) << b.out;
  EXPECT_NE(b.out.find("import: 1 activity no longer in the Strava export: hidden"),
            std::string::npos)
      << b.out;
  EXPECT_NE(text_of(activities_js).find("\"count\":3"), std::string::npos);

  write_file_atomic(dir.path() / "ex" / "activities.csv", csv);
  b = run(build, dir.path());
  EXPECT_EQ(b.status, 0) << b.out;
  EXPECT_EQ(b.out.find("no longer in the Strava export"), std::string::npos) << b.out;
  EXPECT_NE(text_of(activities_js).find("\"count\":4"), std::string::npos);
}

TEST(Cli, InspectRealCorpusNeverFailsTheRun) {
  TH_REQUIRE_REAL_TESTDATA(real);
  std::string files;
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator(real)) {
    const auto ext = e.path().extension();
    if (ext == ".md" || ext == ".tsv" || ext == ".csv") continue;
    files += " '" + e.path().string() + "'";
    ++count;
  }
  const RunResult r = run("inspect --json" + files);
  const auto lines = json_lines(r.out);
  ASSERT_EQ(static_cast<int>(lines.size()), count);
  int with_points = 0, failed = 0;
  for (const auto& j : lines) {
    with_points += j["points"].get<int>() > 0 ? 1 : 0;
    failed += j["error"].is_null() ? 0 : 1;
  }
  EXPECT_GT(with_points, 50);
  // Every file is reported; the status says whether any could not be read.
  EXPECT_EQ(r.status, failed > 0 ? 1 : 0) << failed << " failed";
}

}  // namespace
}  // namespace th

namespace th {
namespace {

TEST(Cli, PrivacyZonesAreCheckedKeptListedAndCleared) {
  test::ScratchDir dir;
  for (const char* bad : {"48.1,11.5", "48.1,11.5,10", "91,11.5,300", "a,b,c", "48.1,11.5,1e9"}) {
    const RunResult r =
        run(std::string("build --no-sync --strava ex --privacy-zone ") + bad, dir.path());
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.out.find(bad), std::string::npos) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  }
  EXPECT_EQ(run("build --no-sync --strava ex --trim-ends -3", dir.path()).status, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "cache" / "privacy.json"));

  ASSERT_EQ(run("demo --out ex --activities 6 --seed 3", dir.path()).status, 0);
  const RunResult build =
      run("build --no-sync --quiet --strava ex --max-zoom 8 --privacy-zone 48.131,11.593,300 "
          "--privacy-zone 48.2,11.6,1000 --trim-ends 100",
          dir.path());
  ASSERT_EQ(build.status, 0) << build.out;
  EXPECT_NE(build.out.find("privacy: 2 zones (2 added)"), std::string::npos) << build.out;

  const RunResult list = run("privacy list", dir.path());
  ASSERT_EQ(list.status, 0) << list.out;
  EXPECT_NE(list.out.find("1: 48.131000,11.593000 radius 300 m"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("2: 48.200000,11.600000 radius 1000 m"), std::string::npos);
  EXPECT_NE(list.out.find("trim ends: 100 m"), std::string::npos);

  const RunResult removed = run("privacy remove 1 --cache cache", dir.path());
  ASSERT_EQ(removed.status, 0) << removed.out;
  EXPECT_EQ(removed.out.find("48.131000"), std::string::npos) << removed.out;
  EXPECT_NE(removed.out.find("1: 48.200000,11.600000"), std::string::npos) << removed.out;
  EXPECT_EQ(run("privacy remove 7", dir.path()).status, 2);
  EXPECT_EQ(run("privacy", dir.path()).status, 2);

  ASSERT_EQ(run("privacy clear", dir.path()).status, 0);
  const RunResult empty = run("privacy list", dir.path());
  EXPECT_NE(empty.out.find("no privacy zones"), std::string::npos) << empty.out;
  EXPECT_NE(empty.out.find("trim ends: off"), std::string::npos) << empty.out;
}

}  // namespace
}  // namespace th
