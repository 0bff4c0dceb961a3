// The user's path: two lines in .env, `trackheat sync`, `trackheat build`; offline builds go
// on from the cache with one line said. Runs the real binary against the fake intervals.icu.
#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <string>

#include "support/run_binary.hpp"
#include "sync/sync_fixture.hpp"

namespace th::test {
namespace {

RunResult run(const std::string& args, const std::filesystem::path& cwd) {
  // The test's own environment must not leak real credentials into the run.
  return run_trackheat(
      args, cwd,
      "env -u INTERVALS_ICU_API_KEY -u INTERVALS_ICU_ATHLETE_ID -u INTERVALS_ICU_BASE_URL");
}

int count_lines_with(const std::string& text, const std::string& needle) {
  int n = 0;
  std::size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    ++n;
    pos += needle.size();
  }
  return n;
}

void write_env(const std::filesystem::path& dir, const std::string& base_url) {
  write_file_atomic(dir / ".env", "INTERVALS_ICU_API_KEY=" + std::string(FakeIntervals::kKey) +
                                      "\nINTERVALS_ICU_ATHLETE_ID=" + FakeIntervals::kAthlete +
                                      "\nINTERVALS_ICU_BASE_URL=" + base_url + "\n");
}

TEST(SyncCli, DotEnvCredentialsAloneGiveAHeatmapAndOfflineBuildsFromTheCache) {
  ScratchDir dir("th-sync-cli");
  FakeIntervals server;
  const double now = std::floor(static_cast<double>(std::time(nullptr)) / 86400.0) * 86400.0;
  for (int k = 0; k < 3; ++k) {
    const std::string day = format_iso8601(now - (k * 40 + 1) * 86400.0).substr(0, 10);
    server.put(fake_activity("i" + std::to_string(70 + k), day,
                             k == 0   ? Wrap::GzipFit
                             : k == 1 ? Wrap::Gpx
                                      : Wrap::Fit));
  }
  write_env(dir.path(), server.base_url());

  const RunResult s = run("sync --quiet", dir.path());
  EXPECT_EQ(s.status, 0) << s.out;
  EXPECT_NE(s.out.find("sync: 3 listed (3 new"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find(FakeIntervals::kKey), std::string::npos) << s.out;

  // No Strava export, no files: the intervals.icu cache is the only source.
  const RunResult b = run("build --quiet --max-zoom 12", dir.path());
  EXPECT_EQ(b.status, 0) << b.out;
  EXPECT_NE(b.out.find("build: 3 activities, 3 drawn"), std::string::npos) << b.out;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "site" / "data" / "activities.js"));
  EXPECT_EQ(server.served_total(), 3);  // build's sync found nothing new

  // Offline: one line says so, the build goes on from the cache.
  write_env(dir.path(), "http://127.0.0.1:1");
  const RunResult off = run("build --quiet --max-zoom 12 --force", dir.path());
  EXPECT_EQ(off.status, 0) << off.out;
  EXPECT_EQ(count_lines_with(off.out, "not reachable"), 1) << off.out;
  EXPECT_NE(off.out.find("build: 3 activities, 3 drawn"), std::string::npos) << off.out;

  // Wrong key: the sync says which settings to check, and never the key.
  write_file_atomic(
      dir.path() / ".env",
      "INTERVALS_ICU_API_KEY=wrong-secret\nINTERVALS_ICU_BASE_URL=" + server.base_url() + "\n");
  const RunResult bad = run("sync", dir.path());
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.out.find("check INTERVALS_ICU_API_KEY / INTERVALS_ICU_ATHLETE_ID"),
            std::string::npos)
      << bad.out;
  EXPECT_EQ(bad.out.find("wrong-secret"), std::string::npos) << bad.out;

  // No credentials at all: build skips the sync silently; sync says what to set.
  std::filesystem::remove(dir.path() / ".env");
  const RunResult none = run("build --quiet --max-zoom 12", dir.path());
  EXPECT_EQ(none.status, 0) << none.out;
  EXPECT_EQ(none.out.find("sync"), std::string::npos) << none.out;
  const RunResult unset = run("sync", dir.path());
  EXPECT_EQ(unset.status, 2);
  EXPECT_NE(unset.out.find("INTERVALS_ICU_API_KEY"), std::string::npos) << unset.out;
}

// A FIT file that ends early at its source (a watch that lost power): sync keeps it and says so
// once, exits 0, never downloads it again, and the build draws what it holds.
TEST(SyncCli, AFitFileThatEndsEarlyIsSyncedOnceWarnedAboutAndDrawn) {
  ScratchDir dir("th-sync-cli");
  FakeIntervals server;
  const double now = std::floor(static_cast<double>(std::time(nullptr)) / 86400.0) * 86400.0;
  const std::string day = format_iso8601(now - 3 * 86400.0).substr(0, 10);
  server.put(fake_activity("i80", day, Wrap::Fit));
  server.set_truncate("i80", true);
  write_env(dir.path(), server.base_url());

  const RunResult s = run("sync --quiet", dir.path());
  EXPECT_EQ(s.status, 0) << s.out;
  EXPECT_EQ(count_lines_with(s.out,
                             "sync: warning: intervals.icu activity i80: FIT file shorter "
                             "than its header says"),
            1)
      << s.out;
  EXPECT_NE(s.out.find("1 downloaded, 0 resumed from disk, 0 failed"), std::string::npos) << s.out;

  const RunResult again = run("sync --quiet", dir.path());
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_EQ(again.out.find("warning"), std::string::npos) << again.out;
  EXPECT_EQ(server.served("i80"), 1);

  const RunResult b = run("build --quiet --max-zoom 12", dir.path());
  EXPECT_EQ(b.status, 0) << b.out;
  EXPECT_NE(b.out.find("build: 1 activities, 1 drawn"), std::string::npos) << b.out;
  EXPECT_EQ(server.served("i80"), 1);
}

}  // namespace
}  // namespace th::test
