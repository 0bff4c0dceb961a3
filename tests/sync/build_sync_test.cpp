// The build's sync step (pipeline/build.hpp): with intervals.icu credentials, run_build syncs
// first and draws what it downloaded; offline it builds from the cache and says why; a bad key
// stops it; without credentials it never calls intervals.icu. Against the fake intervals.icu.
#include <gtest/gtest.h>

#include <string>

#include "pipeline/build.hpp"
#include "sync/sync_fixture.hpp"

namespace th::test {
namespace {

class BuildSync : public SyncTest {
 protected:
  BuildOptions build_options() {
    const SyncOptions s = options();
    BuildOptions b;
    b.cache_dir = cache();
    b.out_dir = dir_.path() / "site";
    b.max_zoom = 10;
    b.jobs = 2;
    b.quiet = true;
    b.now_utc = kNow;
    b.sync = s.credentials;
    b.sync_http = s.http;
    return b;
  }
};

TEST_F(BuildSync, SyncsFirstAndDrawsWhatItDownloaded) {
  put_history(2, "2025-10-01", 20);
  BuildOptions o = build_options();
  int synced_calls = 0;
  o.on_synced = [&](const BuildReport& so_far) {
    ++synced_calls;
    ASSERT_TRUE(so_far.sync.has_value());
    EXPECT_EQ(so_far.sync->downloaded, 2);
    EXPECT_EQ(so_far.import.added, 0);  // called before the import
  };
  const BuildReport first = run_build(o);
  EXPECT_EQ(synced_calls, 1);
  ASSERT_TRUE(first.sync.has_value());
  EXPECT_EQ(first.sync->listed, 2);
  EXPECT_EQ(first.sync->downloaded, 2);
  EXPECT_TRUE(first.sync_unreachable.empty());
  EXPECT_EQ(first.import.added, 2);
  EXPECT_EQ(first.activities, 2);
  EXPECT_EQ(first.drawn, 2);

  // A new activity upstream: the next build (the admin page's rebuild runs this same call)
  // downloads it, and only it, and draws it.
  server_.put(fake_activity("i2000", "2025-12-01"));
  const BuildReport second = run_build(build_options());
  ASSERT_TRUE(second.sync.has_value());
  EXPECT_EQ(second.sync->added, 1);
  EXPECT_EQ(second.sync->downloaded, 1);
  EXPECT_EQ(server_.served("i2000"), 1);
  EXPECT_EQ(server_.served_total(), 3);
  EXPECT_FALSE(second.up_to_date);
  EXPECT_EQ(second.import.added, 1);
  EXPECT_EQ(second.activities, 3);
  EXPECT_EQ(second.drawn, 3);
}

TEST_F(BuildSync, OfflineBuildsFromTheCacheAndSaysWhy) {
  put_history(1, "2025-11-01", 1);
  run_build(build_options());
  BuildOptions o = build_options();
  o.sync->base_url = "http://127.0.0.1:1";  // nothing listens there
  o.force = true;
  int synced_calls = 0;
  o.on_synced = [&](const BuildReport&) { ++synced_calls; };
  const BuildReport r = run_build(o);
  EXPECT_EQ(synced_calls, 1);
  EXPECT_FALSE(r.sync.has_value());
  EXPECT_FALSE(r.sync_unreachable.empty());
  EXPECT_EQ(r.sync_unreachable.find(FakeIntervals::kKey), std::string::npos);
  EXPECT_EQ(r.activities, 1);
  EXPECT_EQ(r.drawn, 1);
  EXPECT_GT(r.tiles_in_zooms, 0u);
}

TEST_F(BuildSync, BadCredentialsStopTheBuild) {
  put_history(1, "2025-11-01", 1);
  BuildOptions o = build_options();
  o.sync->api_key = "wrong-secret";
  EXPECT_THROW(run_build(o), AuthError);
  EXPECT_FALSE(std::filesystem::exists(o.out_dir / "manifest.json"));
}

TEST_F(BuildSync, WithoutCredentialsIntervalsIsNeverCalled) {
  put_history(1, "2025-11-01", 1);
  BuildOptions o = build_options();
  o.sync.reset();
  int synced_calls = 0;
  o.on_synced = [&](const BuildReport&) { ++synced_calls; };
  // Nothing in the cache and no other source: nothing to build.
  EXPECT_THROW(run_build(o), UsageError);
  EXPECT_EQ(server_.requests(), 0);
  EXPECT_EQ(synced_calls, 0);
}

}  // namespace
}  // namespace th::test
