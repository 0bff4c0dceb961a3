// What readers see while a build is published: a build killed at every step of its commit, then
// read (a) the way `trackheat serve` reads (SiteReadLock: finish a pending journal, then read
// under the shared publish lock) and (b) the way a browser opening the folder from disk reads it
// (the raw files, no replay, no lock); and a reader holding the lock while a build applies.
#include <atomic>
#include <chrono>
#include <optional>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "recovery_builds.hpp"
#include "site/site_journal.hpp"
#include "site/site_publish.hpp"
#include "site/tile_writer.hpp"
#include "site_test_util.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

using test::build_a;
using test::build_b;
using test::BuildSpec;

// The files a page or a tool can read: everything outside .trackheat/.
std::map<std::string, std::string> visible(const std::filesystem::path& site) {
  auto c = test::contents(site);
  std::erase_if(c, [](const auto& e) { return e.first.starts_with(".trackheat/"); });
  return c;
}

// Every tile the listing (data/tiles.js) names exists, and every tile that exists is listed.
void expect_listing_matches_tiles(const std::map<std::string, std::string>& files,
                                  const std::filesystem::path& site) {
  std::set<std::string> listed, present;
  const Bytes listing = read_file(site / "data/tiles.js");
  std::string line;
  for (const std::uint8_t c : listing) {
    if (c != '\n') {
      line += static_cast<char>(c);
    } else {
      listed.insert(line);
      line.clear();
    }
  }
  for (const auto& [path, digest] : files) {
    if (path.starts_with("tiles/")) present.insert(path);
  }
  EXPECT_EQ(listed, present);
}

TEST(SitePublish, KilledAtEveryStepReadersSeeOneBuildOrTheUpdatingMarker) {
  test::ScratchDir dir;
  const BuildSpec a = build_a(), b = build_b();
  const auto expected_a = test::expected_content(a), expected_b = test::expected_content(b);
  const auto ref = dir.path() / "ref";
  test::run_build(ref, a);
  const test::StepCount steps = test::count_steps(ref, b);
  ASSERT_EQ(visible(ref), expected_b);
  const std::string marker(kSiteUpdatingScript);

  int marked = 0;
  for (int k = 0; k < steps.total; ++k) {
    SCOPED_TRACE("killed at step " + std::to_string(k) + " of " + std::to_string(steps.total) +
                 " (commit point " + std::to_string(steps.commit_point) + ")");
    const auto site = dir.path() / ("site" + std::to_string(k));
    test::run_build(site, a);
    ASSERT_TRUE(test::build_killed_at(site, b, k));
    const bool committed = k >= steps.commit_point;

    // (b) From disk: the old site, the new one, or a page told that the site is being updated.
    const auto raw = visible(site);
    const Bytes front = read_file(site / "data/manifest.js");
    if (std::string(front.begin(), front.end()) == marker) {
      ++marked;
      EXPECT_TRUE(committed);
    } else {
      EXPECT_EQ(raw, committed && k > steps.commit_point ? expected_b : expected_a);
    }

    // (a) Through the reader's path: a pending journal is finished first, then one build.
    {
      const SiteReadLock reading(site);
      EXPECT_EQ(reading.recovery(), committed ? SiteRecovery::ReplayedJournal : SiteRecovery::None);
      const auto served = visible(site);
      EXPECT_EQ(served, committed ? expected_b : expected_a);
      expect_listing_matches_tiles(served, site);
      EXPECT_FALSE(std::filesystem::exists(site / ".trackheat/staging/journal"));
    }
    // The next build agrees: B was published (nothing to write) or is published now.
    const TileWriteStats s = test::run_build(site, b);
    EXPECT_EQ(s.committed, !committed);
    EXPECT_EQ(visible(site), expected_b);
    std::filesystem::remove_all(site);
  }
  // Every apply step but the last leaves the marker (the last one publishes B's manifest).
  EXPECT_EQ(marked, steps.total - steps.commit_point - 3);
}

// A build whose page data did not change (only tiles did) still marks the page while applying,
// and ends with the very same data/manifest.js file (a hard link kept it), not the marker.
TEST(SitePublish, AnUnchangedPageManifestIsMarkedThenRestored) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  BuildSpec a = build_a();
  test::run_build(site, a);
  const auto before = test::snapshot(site).at("data/manifest.js");
  BuildSpec b = a;
  b.tiles[0].png = test::fake_png(4242, 150);
  b.files["data/tiles.js"] = test::tile_listing(b);
  int step = 0;
  bool saw_marker = false;
  b.options.step_hook = [&](SiteStep s) {
    if (s == SiteStep::JournalStep && step++ == 0) {
      const Bytes front = read_file(site / "data/manifest.js");
      saw_marker = std::string(front.begin(), front.end()) == kSiteUpdatingScript;
    }
  };
  EXPECT_TRUE(test::run_build(site, b).committed);
  EXPECT_TRUE(saw_marker);
  EXPECT_EQ(test::snapshot(site).at("data/manifest.js"), before);  // content, inode, mtime
  EXPECT_EQ(visible(site), test::expected_content(b));
}

// A reader holding the lock (another thread, its own descriptor: as serve's threads beside the
// admin page's in-process rebuild) keeps the old site until it lets go, and readers arriving
// while a (slowed down) apply runs wait for it and see the new site: never a mix.
TEST(SitePublish, ReadersHoldingTheLockSeeTheOldOrTheNewSite) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec a = build_a();
  BuildSpec b = build_b();
  test::run_build(site, a);
  const auto expected_a = test::expected_content(a), expected_b = test::expected_content(b);

  std::atomic<bool> staged{false}, applying{false};
  b.options.step_hook = [&](SiteStep s) {
    if (s == SiteStep::IndexStaged) staged = true;
    if (s == SiteStep::JournalWritten) applying = true;  // the writer holds the lock now
    if (s == SiteStep::JournalStep) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  std::optional<SiteReadLock> held(site);
  std::thread writer([&] { test::run_build(site, b); });
  while (!staged) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  for (int i = 0; i < 10; ++i) {  // the writer waits for the reader: no journal, the site is A
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_FALSE(std::filesystem::exists(site / ".trackheat/staging/journal"));
    const SiteReadLock another(site);  // shared locks do not wait for each other
    EXPECT_EQ(visible(site), expected_a);
  }
  EXPECT_FALSE(applying);
  held.reset();  // the writer may apply now
  while (!applying) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  std::vector<std::thread> readers;
  std::vector<std::map<std::string, std::string>> seen(3);
  for (auto& view : seen) {
    readers.emplace_back([&site, &view] {
      const SiteReadLock reading(site);  // waits for the apply
      view = visible(site);
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  for (const auto& view : seen) EXPECT_EQ(view, expected_b);
}

}  // namespace
}  // namespace th
