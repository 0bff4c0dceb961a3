// Inputs that are not regular files: a FIFO would block a reader forever and /dev/zero would
// never end. inspect and import refuse them promptly with one line each; folders walked by
// import skip them with a report line. Every run has a timeout: a hang fails the test.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "core/bytes.hpp"
#include "support/run_binary.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

using test::RunResult;

// timeout(1) exits 124 when the command had to be killed.
constexpr int kTimedOut = 124;

RunResult run(const std::string& args, const std::filesystem::path& cwd) {
  return test::run_trackheat(args, cwd, "timeout 30");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::filesystem::path make_fifo(const std::filesystem::path& path) {
  EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0) << path;
  return path;
}

TEST(InputKinds, InspectRefusesAFifoAndADevicePromptly) {
  test::ScratchDir dir;
  make_fifo(dir.path() / "pipe.gpx");
  const RunResult r = run("inspect pipe.gpx /dev/zero", dir.path());
  ASSERT_NE(r.status, kTimedOut) << "inspect hung on a FIFO or /dev/zero";
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "pipe.gpx: is a FIFO (named pipe), not a regular file")) << r.out;
  EXPECT_TRUE(contains(r.out, "/dev/zero: is a character device, not a regular file")) << r.out;

  const RunResult json = run("inspect --json pipe.gpx", dir.path());
  ASSERT_NE(json.status, kTimedOut);
  EXPECT_EQ(json.status, 1);
  EXPECT_TRUE(contains(json.out, "\"error\":\"pipe.gpx: is a FIFO")) << json.out;
}

TEST(InputKinds, InspectSaysAFolderIsAFolder) {
  test::ScratchDir dir;
  std::filesystem::create_directory(dir.path() / "rides");
  const RunResult r = run("inspect rides", dir.path());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "rides: is a directory; inspect reads activity files")) << r.out;
  EXPECT_FALSE(contains(r.out, "larger than")) << r.out;
}

TEST(InputKinds, InspectExitsOneWhenAnyFileFailsAfterPrintingAll) {
  test::ScratchDir dir;
  ASSERT_EQ(run("demo --out ex --activities 1", dir.path()).status, 0);
  std::string good;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() / "ex" / "activities")) {
    good = e.path().string();
  }
  ASSERT_FALSE(good.empty());
  const RunResult ok = run("inspect '" + good + "'", dir.path());
  EXPECT_EQ(ok.status, 0) << ok.out;
  // The failing file first: the good one after it is still printed.
  const RunResult mixed = run("inspect --json missing.fit '" + good + "'", dir.path());
  EXPECT_EQ(mixed.status, 1) << mixed.out;
  EXPECT_TRUE(contains(mixed.out, "missing.fit: cannot open")) << mixed.out;
  EXPECT_TRUE(contains(mixed.out, "\"error\":null")) << mixed.out;
}

TEST(InputKinds, ImportRefusesAFifoNamedOnTheCommandLine) {
  test::ScratchDir dir;
  make_fifo(dir.path() / "pipe.fit");
  const RunResult r = run("import --cache c --quiet pipe.fit /dev/zero", dir.path());
  ASSERT_NE(r.status, kTimedOut) << "import hung on a FIFO or /dev/zero";
  EXPECT_TRUE(contains(r.out, "pipe.fit: is a FIFO (named pipe), not a regular file")) << r.out;
  EXPECT_TRUE(contains(r.out, "/dev/zero: is a character device")) << r.out;
  EXPECT_TRUE(contains(r.out, "0 added, 0 updated, 0 unchanged, 2 failed")) << r.out;
}

TEST(InputKinds, ImportSkipsFifosInFoldersWithAReportLine) {
  test::ScratchDir dir;
  ASSERT_EQ(run("demo --out ex --activities 2", dir.path()).status, 0);
  const auto activities = dir.path() / "ex" / "activities";
  make_fifo(activities / "waiting.gpx");
  make_fifo(activities / "other-pipe");
  const RunResult r = run("import --cache c --quiet ex/activities", dir.path());
  ASSERT_NE(r.status, kTimedOut) << "import hung on a FIFO in a folder";
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "2 added")) << r.out;
  EXPECT_TRUE(contains(r.out, "0 failed")) << r.out;
  EXPECT_TRUE(contains(r.out,
                       "skipped ex/activities/waiting.gpx: a FIFO (named pipe), not a "
                       "regular file"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "skipped ex/activities/other-pipe: a FIFO")) << r.out;
}

}  // namespace
}  // namespace th
