// `trackheat poster` as a user meets it: every bad argument is one line and exit 2; a demo site
// gives a PNG of exactly the size asked for, written atomically (no temporary left behind).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/bytes.hpp"
#include "support/run_binary.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

using test::RunResult;

RunResult run(const std::string& args, const std::filesystem::path& cwd) {
  return test::run_trackheat(args, cwd);
}

std::size_t lines(const std::string& text) {
  std::size_t n = 0;
  for (const char c : text) n += c == '\n' ? 1 : 0;
  return n;
}

TEST(PosterCli, BadArgumentsAreOneLineAndExitTwo) {
  test::ScratchDir dir;
  // A site's manifest is all the zoom check reads.
  std::filesystem::create_directories(dir.path() / "site");
  write_file_atomic(dir.path() / "site" / "manifest.json",
                    std::string_view(R"({"min_zoom": 2, "max_zoom": 14, )"
                                     R"("build_time": "2026-01-01T00:00:00Z"})"));
  const std::string ok = " --out p.png --site site --cache cache";
  const std::pair<std::string, std::string> cases[] = {
      {"--layer nope --size 100x100 --bbox 47,11,48,12", "unknown layer 'nope'"},
      {"--layer pace --size 0x100 --bbox 47,11,48,12", "size must be WxH"},
      {"--layer pace --size 10001x10000 --bbox 47,11,48,12", "from 1 to 10000"},
      {"--layer pace --size 100x100 --bbox 47,11,48", "bbox must be S,W,N,E"},
      {"--layer pace --size 100x100 --bbox 47,11,48,12 --center 47.5,11.5 --zoom 9", "not both"},
      {"--layer pace --size 100x100 --center 47.5,11.5 --zoom 15",
       "outside the site's zooms 2 to 14"},
      {"--layer pace --size 100x100 --center 47.5,11.5 --zoom 1",
       "outside the site's zooms 2 to 14"},
      {"--layer pace --size 100x100 --center 47.5,11.5", "a center needs a zoom"},
      {"--layer pace --size 100x100 --bbox 47,11,48,12 --after 2024-13-01", "after"},
      {"--layer pace --size 100x100 --bbox 47,11,48,12 --background pink", "dark, light or"},
  };
  for (const auto& [args, expected] : cases) {
    const RunResult r = run("poster " + args + ok, dir.path());
    EXPECT_EQ(r.status, 2) << args << ": " << r.out;
    EXPECT_EQ(lines(r.out), 1u) << args << ": " << r.out;
    EXPECT_NE(r.out.find(expected), std::string::npos) << args << ": " << r.out;
  }
  const RunResult no_site = run(
      "poster --layer pace --size 10x10 --bbox 47,11,48,12 --out p.png --site none", dir.path());
  EXPECT_EQ(no_site.status, 2) << no_site.out;
  EXPECT_EQ(lines(no_site.out), 1u) << no_site.out;
  EXPECT_EQ(run("poster --layer pace --bbox 47,11,48,12 --out p.png", dir.path()).status, 2)
      << "--size is required";
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "p.png"));
}

TEST(PosterCli, ADemoSiteGivesAPosterOfTheSizeAskedFor) {
  test::ScratchDir dir;
  ASSERT_EQ(run("demo --out ex --activities 6 --seed 5", dir.path()).status, 0);
  const RunResult built =
      run("build --strava ex --cache cache --out site --max-zoom 13 --no-sync --quiet", dir.path());
  ASSERT_EQ(built.status, 0) << built.out;
  const RunResult r = run(
      "poster --layer frequency-log --size 640x360 --bbox 47.9,11.3,48.3,11.9 --title 'Six rides'"
      " --background light --quiet --out out/poster.png",
      dir.path());
  EXPECT_EQ(r.status, 1) << "the folder of --out does not exist: " << r.out;
  std::filesystem::create_directories(dir.path() / "out");
  const RunResult again = run(
      "poster --layer frequency-log --size 640x360 --bbox 47.9,11.3,48.3,11.9 --title 'Six rides'"
      " --background light --quiet --out out/poster.png",
      dir.path());
  ASSERT_EQ(again.status, 0) << again.out;
  const Bytes png = read_file(dir.path() / "out" / "poster.png");
  ASSERT_GT(png.size(), 24u);
  const auto be32 = [&](std::size_t at) {
    return (std::uint32_t{png[at]} << 24) | (std::uint32_t{png[at + 1]} << 16) |
           (std::uint32_t{png[at + 2]} << 8) | png[at + 3];
  };
  EXPECT_EQ(be32(16), 640u);  // IHDR width, height
  EXPECT_EQ(be32(20), 360u);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path() / "out")) {
    ++files;
  }
  EXPECT_EQ(files, 1u) << "no temporary file left";

  // A view with nothing drawn: the poster is written all the same, and stderr says so.
  const RunResult empty =
      run("poster --layer pace --size 200x100 --center -40,-120 --zoom 8 --quiet --out empty.png",
          dir.path());
  EXPECT_EQ(empty.status, 0) << empty.out;
  EXPECT_EQ(
      empty.out,
      "poster: nothing of the pace layer is drawn in this view; wrote empty.png without heat\n");
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "empty.png"));
}

}  // namespace
}  // namespace th
