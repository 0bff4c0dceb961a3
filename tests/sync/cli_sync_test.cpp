// The user's path: two lines in .env, `trackheat sync`, `trackheat build`; offline builds go
// on from the cache with one line said. Runs the real binary against the fake intervals.icu.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <regex>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

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

// `trackheat serve` started with only .env credentials: the admin page's "Rebuild map" syncs
// first, like `trackheat build`, so an activity new on intervals.icu reaches the map.
TEST(SyncCli, AdminRebuildSyncsLikeBuild) {
  ScratchDir dir("th-sync-cli");
  FakeIntervals server;
  const double now = std::floor(static_cast<double>(std::time(nullptr)) / 86400.0) * 86400.0;
  server.put(fake_activity("i90", format_iso8601(now - 30 * 86400.0).substr(0, 10)));
  write_env(dir.path(), server.base_url());
  const RunResult b = run("build --quiet --max-zoom 8", dir.path());
  ASSERT_EQ(b.status, 0) << b.out;
  ASSERT_NE(b.out.find("build: 1 activities, 1 drawn"), std::string::npos) << b.out;
  server.put(fake_activity("i91", format_iso8601(now - 2 * 86400.0).substr(0, 10)));

  // The shell execs into env, env into trackheat: the pid printed first is the server's.
  const std::string cmd = "cd '" + dir.path().string() +
                          "' && echo pid $$ && exec env -u INTERVALS_ICU_API_KEY -u "
                          "INTERVALS_ICU_ATHLETE_ID -u INTERVALS_ICU_BASE_URL '" +
                          std::string(TRACKHEAT_BINARY) + "' serve --port 0 2>&1";
  std::FILE* pipe = ::popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string said;
  pid_t pid = -1;
  int port = 0;
  char line[4096];
  while (port == 0 && std::fgets(line, sizeof line, pipe) != nullptr) {
    said += line;
    std::cmatch m;
    if (std::regex_search(line, m, std::regex("^pid ([0-9]+)"))) pid = std::stoi(m[1].str());
    if (std::regex_search(line, m, std::regex(R"(serve: http://127\.0\.0\.1:([0-9]+)/)"))) {
      port = std::stoi(m[1].str());
    }
  }
  ASSERT_GT(pid, 0) << said;
  ASSERT_GT(port, 0) << said;

  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(30, 0);
  const auto page = c.Get("/admin/");
  ASSERT_TRUE(page) << said;
  std::smatch token;
  ASSERT_TRUE(std::regex_search(page->body, token,
                                std::regex("name=\"trackheat-token\" content=\"([0-9a-f]+)\"")));
  const httplib::Headers with_token{{"X-Trackheat-Token", token[1].str()}};
  const auto started = c.Post("/api/rebuild", with_token, "", "application/json");
  ASSERT_TRUE(started);
  EXPECT_EQ(started->status, 202) << started->body;
  nlohmann::json status;
  for (int k = 0; k < 600; ++k) {  // up to a minute
    const auto r = c.Get("/api/rebuild", with_token);
    ASSERT_TRUE(r);
    status = nlohmann::json::parse(r->body);
    if (status["state"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid, SIGTERM);
  while (std::fgets(line, sizeof line, pipe) != nullptr) said += line;
  ::pclose(pipe);

  EXPECT_EQ(status["state"], "done") << status.dump() << "\n" << said;
  const std::string result = status["result"].get<std::string>();
  EXPECT_NE(result.find("intervals.icu: 1 downloaded"), std::string::npos) << result;
  EXPECT_NE(result.find("2 activities, 2 drawn"), std::string::npos) << result;
  EXPECT_EQ(server.served("i91"), 1);
  EXPECT_EQ(server.served("i90"), 1);
  EXPECT_EQ(said.find(FakeIntervals::kKey), std::string::npos) << said;
}

}  // namespace
}  // namespace th::test
