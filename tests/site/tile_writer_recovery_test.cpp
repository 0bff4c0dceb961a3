// Interruption safety: a build killed (SIGKILL) at every step, or failing on a full disk, leaves
// the old site or — once committed — the new one after recovery, never a mix; hand-made leftovers
// (staging without journal, corrupt or hostile journals) are handled.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "recovery_builds.hpp"
#include "site/site_journal.hpp"
#include "site/tile_writer.hpp"
#include "site_test_util.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

using test::build_a;
using test::build_b;
using test::build_killed_at;
using test::BuildSpec;
using test::count_steps;
using test::fake_png;
using test::StepCount;

TEST(TileWriterRecovery, KilledAtEveryStepTheSiteIsOldOrNewNeverAMix) {
  test::ScratchDir dir;
  const BuildSpec a = build_a(), b = build_b();
  // Reference sites: every file's bytes (tiles, data files, index) after A and after A then B.
  const auto ref = dir.path() / "ref";
  test::run_build(ref, a);
  const auto content_a = test::contents(ref);
  const StepCount steps = count_steps(ref, b);
  const auto content_b = test::contents(ref);
  ASSERT_EQ(test::site_files(ref), test::expected_content(b));
  ASSERT_GT(steps.commit_point, 0);
  ASSERT_GT(steps.total, steps.commit_point + 5);  // deletions and renames to interrupt

  for (int k = 0; k < steps.total; ++k) {
    SCOPED_TRACE("killed at step " + std::to_string(k) + " of " + std::to_string(steps.total));
    const auto site = dir.path() / ("site" + std::to_string(k));
    test::run_build(site, a);
    ASSERT_TRUE(build_killed_at(site, b, k));
    const bool committed = k >= steps.commit_point;
    if (!committed) {
      // Until the commit point the live files are untouched, even before any recovery.
      auto live = test::contents(site);
      std::erase_if(live, [](const auto& e) { return e.first.starts_with(".trackheat/staging"); });
      EXPECT_EQ(live, content_a);
    }
    {
      TileWriter recovering(site, b.options);
      EXPECT_EQ(recovering.recovery(),
                committed ? SiteRecovery::ReplayedJournal : SiteRecovery::DiscardedStaging);
    }
    EXPECT_EQ(test::contents(site), committed ? content_b : content_a);
    // And the next build lands on B, writing nothing when B was already published.
    const TileWriteStats s = test::run_build(site, b);
    EXPECT_EQ(s.committed, !committed);
    EXPECT_EQ(test::contents(site), content_b);
    std::filesystem::remove_all(site);
  }
}

TEST(TileWriterRecovery, AReplayKilledInTurnIsReplayedAgain) {
  test::ScratchDir dir;
  const BuildSpec a = build_a(), b = build_b();
  const auto ref = dir.path() / "ref";
  test::run_build(ref, a);
  const StepCount steps = count_steps(ref, b);
  const auto content_b = test::contents(ref);
  const int journal_steps = steps.total - steps.commit_point - 2;  // minus JournalWritten, Applied
  ASSERT_GT(journal_steps, 4);

  for (const int first : {1, journal_steps / 2, journal_steps - 1}) {
    for (const int second : {0, 1, 3}) {
      SCOPED_TRACE("commit killed after journal step " + std::to_string(first) +
                   ", replay killed at step " + std::to_string(second));
      const auto site = dir.path() / "site";
      test::run_build(site, a);
      ASSERT_TRUE(build_killed_at(site, b, steps.commit_point + first));
      // The replay by the next writer dies too (its constructor runs the same journal).
      const pid_t pid = ::fork();
      if (pid == 0) {
        int count = 0;
        TileWriterOptions o = b.options;
        o.step_hook = [&count, second](SiteStep) {
          if (count++ == second) ::raise(SIGKILL);
        };
        try {
          TileWriter replaying(site, o);
        } catch (...) {
          ::_exit(3);
        }
        ::_exit(0);
      }
      int status = 0;
      ::waitpid(pid, &status, 0);
      {
        TileWriter recovering(site, b.options);
        EXPECT_EQ(recovering.recovery(),
                  WIFSIGNALED(status) ? SiteRecovery::ReplayedJournal : SiteRecovery::None);
      }
      EXPECT_EQ(test::contents(site), content_b);
      std::filesystem::remove_all(site);
    }
  }
}

// A full disk at any moment (RLIMIT_FSIZE makes writes past `limit` bytes fail with EFBIG, the
// way ENOSPC would): the build fails with IoError and the site stays the old one.
TEST(TileWriterRecovery, AFullDiskLeavesTheOldSite) {
  test::ScratchDir dir;
  const BuildSpec a = build_a();
  BuildSpec b = build_b();
  b.tiles.push_back({"hill", 3, 7, 7, fake_png(3000, 4000)});  // one large tile
  const auto ref = dir.path() / "ref";
  test::run_build(ref, a);
  const auto content_a = test::contents(ref);
  test::run_build(ref, b);
  const auto content_b = test::contents(ref);

  int failures = 0;
  for (const rlim_t limit :
       {rlim_t{0}, rlim_t{100}, rlim_t{200}, rlim_t{1000}, rlim_t{3000}, rlim_t{1} << 20}) {
    SCOPED_TRACE("file size limit " + std::to_string(limit));
    const auto site = dir.path() / "site";
    test::run_build(site, a);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit rl{limit, limit};
      ::setrlimit(RLIMIT_FSIZE, &rl);
      try {
        test::run_build(site, b);
      } catch (const IoError&) {
        ::_exit(10);
      }
      ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    const bool failed = WEXITSTATUS(status) == 10;
    failures += failed ? 1 : 0;
    EXPECT_FALSE(std::filesystem::exists(site / ".trackheat/staging"));
    EXPECT_EQ(test::contents(site), failed ? content_a : content_b);
    test::run_build(site, b);
    EXPECT_EQ(test::contents(site), content_b);
    std::filesystem::remove_all(site);
  }
  EXPECT_EQ(failures, 5);  // every limit below the large tile's size fails
}

TEST(TileWriterRecovery, StagingWithoutAJournalIsDeleted) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec a = build_a();
  test::run_build(site, a);
  const auto before = test::snapshot(site);
  // What an interrupted build leaves: staged tiles and files, a half-written journal temp file.
  site_fs::write_new_file((site / ".trackheat/staging/site/tiles/pace/0/0/0.png").string(),
                          fake_png(9));
  site_fs::write_new_file((site / ".trackheat/staging/site/manifest.json").string(), fake_png(10));
  site_fs::write_new_file((site / ".trackheat/staging/journal.tmp-1234").string(),
                          fake_png(11, 20));
  TileWriter writer(site, a.options);
  EXPECT_EQ(writer.recovery(), SiteRecovery::DiscardedStaging);
  EXPECT_FALSE(std::filesystem::exists(site / ".trackheat/staging"));
  EXPECT_EQ(test::snapshot(site), before);
}

TEST(TileWriterRecovery, ACorruptJournalDiscardsStagingAndTheIndex) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec a = build_a(), b = build_b();
  test::run_build(site, a);
  test::ScratchDir ref;
  test::run_build(ref.path(), a);
  const StepCount bsteps = count_steps(ref.path(), b);
  ASSERT_TRUE(build_killed_at(site, b, bsteps.commit_point + 3));  // half applied
  const auto journal = site / ".trackheat/staging/journal";
  Bytes bytes = read_file(journal);
  bytes[bytes.size() / 2] ^= 0x20;
  write_file_atomic(journal, bytes);
  {
    TileWriter writer(site, b.options);
    EXPECT_EQ(writer.recovery(), SiteRecovery::DiscardedCorrupt);
  }
  EXPECT_FALSE(std::filesystem::exists(site / ".trackheat/staging"));
  EXPECT_FALSE(std::filesystem::exists(site / ".trackheat/tile-index"));
  // Without an index the next build compares contents and lands exactly on B.
  test::run_build(site, b);
  EXPECT_EQ(test::site_files(site), test::expected_content(b));
  EXPECT_EQ(test::contents(site), test::contents(ref.path()));
}

TEST(TileWriterRecovery, AHostileJournalCannotDeleteOutsideTheTiles) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec a = build_a();
  test::run_build(site, a);
  write_file_atomic(dir.path() / "precious.txt", std::string_view("keep me"));
  const auto before = test::snapshot(site);
  for (const char* path : {"../precious.txt", "tiles/../../precious.txt", "/tmp", "manifest.json",
                           "tiles/./pace", "tiles//pace", ".trackheat/tile-index"}) {
    SCOPED_TRACE(path);
    SiteJournal hostile;
    hostile.remove_tiles.emplace_back(path);
    hostile.remove_trees.emplace_back(path);
    std::filesystem::create_directories(site / ".trackheat/staging");
    write_file_atomic(site / ".trackheat/staging/journal", encode_site_journal(hostile));
    TileWriter writer(site, a.options);
    EXPECT_EQ(writer.recovery(), SiteRecovery::DiscardedCorrupt);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "precious.txt"));
    auto now = test::snapshot(site);
    now.erase(".trackheat/tile-index");  // dropped with the corrupt journal, by design
    auto expected = before;
    expected.erase(".trackheat/tile-index");
    EXPECT_EQ(now, expected);
  }
}

}  // namespace
}  // namespace th
