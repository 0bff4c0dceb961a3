// End to end at the store level: a Strava export plus intervals.icu records of some of the same
// activities, left as the sync leaves them (files in the intervals cache folder and
// intervals_activities rows, with strava_id for some, none for others); the build's import turns
// them into activities rows. (Start times filed as local time are matching's unit tests.) After
// run_build every outing is counted once in activities.js and drawn once; choosing the other winner
// and rebuilding shows the other record.
#include <gtest/gtest.h>

#include <set>

#include "dedup/dedup.hpp"
#include "dedup/dedup_test_util.hpp"
#include "demo/demo.hpp"
#include "demo/writers.hpp"
#include "pipeline/build.hpp"
#include "support/testdata.hpp"
#include "sync/sync.hpp"

namespace th {
namespace {

constexpr double kNow = 1790000000;

struct Fixture {
  test::ScratchDir dir;
  DemoOptions demo;
  std::vector<DemoActivity> activities;
  Fixture() {
    demo.out = dir.path() / "export";
    demo.activities = 12;
    demo.seed = 11;
    demo.now_utc = kNow;
    write_demo_export(demo);
    activities = generate_demo(demo);
  }
  BuildOptions options(const std::string& name) const {
    BuildOptions o;
    o.strava = demo.out;
    o.cache_dir = dir.path() / ("cache-" + name);
    o.out_dir = dir.path() / ("site-" + name);
    o.max_zoom = 10;
    o.jobs = 2;
    o.quiet = true;
    o.now_utc = kNow;
    return o;
  }
  std::vector<std::size_t> outdoor() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < activities.size(); ++i) {
      if (activities[i].activity.summary.points > 100) out.push_back(i);
    }
    return out;
  }
};

std::set<std::int64_t> ids_in(const nlohmann::json& js) {
  std::set<std::int64_t> out;
  for (const auto& id : js["id"]) out.insert(id.get<std::int64_t>());
  return out;
}

TEST(DedupBuild, EachOutingIsCountedAndDrawnOnceWithBothSources) {
  Fixture f;
  const auto outdoor = f.outdoor();
  ASSERT_GE(outdoor.size(), 5u);

  // The export alone: what the user should see.
  const BuildReport alone = run_build(f.options("alone"));
  const auto alone_js = test::read_activities_js(f.options("alone").out_dir);

  const BuildOptions both = f.options("both");
  std::vector<std::pair<std::string, std::string>> copies;  // (intervals id, strava id)
  {
    Store store(both.cache_dir / "trackheat.db");
    const auto dir = intervals_cache_dir(both.cache_dir);
    int n = 0;
    for (const std::size_t i : outdoor) {
      const DemoActivity& d = f.activities[i];
      const std::string iid = "i" + std::to_string(++n);
      if (n == 1 || n == 2) {
        // Linked by strava_id; a GPX copy.
        test::put_synced_activity(store, dir, iid, test::view(write_gpx(d.activity)), "gpx",
                                  d.strava_id);
      } else if (n == 3) {
        // The very same file (the watch uploaded it to both).
        const Bytes same = read_file(f.demo.out / d.filename());
        test::put_synced_activity(store, dir, iid, same, "fit.gz", "");
      } else if (n == 4) {
        // No link; a TCX copy.
        test::put_synced_activity(store, dir, iid, test::view(write_tcx(d.activity)), "tcx", "");
      } else if (n == 5) {
        // No link, a GPX copy at the same time.
        test::put_synced_activity(store, dir, iid, test::view(write_gpx(d.activity)), "gpx", "");
      } else {
        break;
      }
      copies.emplace_back(iid, d.strava_id);
    }
    // One outing only intervals.icu knows: the first outdoor activity a week later.
    Activity extra = f.activities[outdoor[0]].activity;
    for (Sample& s : extra.samples) s.time += 7 * 86400;
    extra.start_time += 7 * 86400;
    test::put_synced_activity(store, dir, "only", test::view(write_gpx(extra)), "gpx", "");
  }

  const BuildReport r = run_build(both);
  const auto js = test::read_activities_js(both.out_dir);
  EXPECT_EQ(js["count"], alone_js["count"].get<int>() + 1);
  EXPECT_EQ(r.drawn, alone.drawn + 1);
  EXPECT_EQ(r.left_out, static_cast<int>(copies.size()));
  EXPECT_EQ(alone.left_out, 0);
  const auto shown = ids_in(js);
  Store store(both.cache_dir / "trackheat.db");
  for (const auto& [iid, sid] : copies) {
    const auto a = store.find_activity(Source::Strava, sid)->id;
    const auto b = store.find_activity(Source::Intervals, iid)->id;
    EXPECT_EQ(shown.count(a) + shown.count(b), 1u) << iid;
  }
  EXPECT_EQ(shown.count(store.find_activity(Source::Intervals, "only")->id), 1u);

  // The user prefers intervals.icu's copy of the first one: rebuild shows it instead.
  const auto [iid, sid] = copies[0];
  const auto strava_row = store.find_activity(Source::Strava, sid)->id;
  const auto intervals_row = store.find_activity(Source::Intervals, iid)->id;
  const std::int64_t hidden = shown.count(strava_row) ? intervals_row : strava_row;
  const std::int64_t visible = hidden == strava_row ? intervals_row : strava_row;
  const dedup::ActivityKey strava_key{Source::Strava, sid}, intervals_key{Source::Intervals, iid};
  dedup::Decision d;
  d.kind = dedup::DecisionKind::Winner;
  d.subject = hidden == strava_row ? strava_key : intervals_key;
  d.other = hidden == strava_row ? intervals_key : strava_key;
  dedup::add_decision(store, d);
  const BuildReport again = run_build(both);
  EXPECT_FALSE(again.up_to_date);
  const auto after = ids_in(test::read_activities_js(both.out_dir));
  EXPECT_EQ(after.count(hidden), 1u);
  EXPECT_EQ(after.count(visible), 0u);
  EXPECT_EQ(after.size(), shown.size());
}

}  // namespace
}  // namespace th
