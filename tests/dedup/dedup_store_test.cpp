// run_dedup on a real store: decisions keyed by (source, source_id) survive a re-import (even
// one that gives rows new ids), undo restores the default, exclude/include, and track facts are
// decoded once.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "dedup/dedup.hpp"
#include "dedup/dedup_test_util.hpp"
#include "demo/demo.hpp"
#include "demo/writers.hpp"
#include "store/sqlite_stmt.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

struct Fixture {
  test::ScratchDir dir;
  std::vector<DemoActivity> demo = test::demo_activities(6, 3);
  std::filesystem::path db() const { return dir.path() / "trackheat.db"; }
  // Strava's FIT copy and intervals.icu's GPX copy of outdoor demo activity `i`.
  void put_both(Store& store, std::size_t i) const {
    const Bytes fit = write_fit(demo[i].activity);
    test::put_file_activity(store, Source::Strava, demo[i].strava_id, fit);
    test::put_file_activity(store, Source::Intervals, "i" + demo[i].strava_id,
                            test::view(write_gpx(demo[i].activity)));
  }
  std::size_t outdoor() const {
    for (std::size_t i = 0; i < demo.size(); ++i) {
      if (demo[i].activity.summary.points > 100) return i;
    }
    ADD_FAILURE() << "no outdoor demo activity";
    return 0;
  }
};

std::int64_t id_of(Store& store, Source source, const std::string& source_id) {
  return store.find_activity(source, source_id).value().id;
}

TEST(DedupStore, ACopyInTheOtherSourceIsMatchedAndTheRicherWins) {
  Fixture f;
  Store store(f.db());
  const std::size_t i = f.outdoor();
  f.put_both(store, i);
  const DedupResult r = run_dedup(store);
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_EQ(r.pairs[0].kind, dedup::PairKind::Probable) << r.pairs[0].reason;
  EXPECT_TRUE(r.pairs[0].merged);
  // Both copies have GPS, heart rate and altitude and the same points: the lower id, Strava's.
  const auto strava = id_of(store, Source::Strava, f.demo[i].strava_id);
  const auto intervals = id_of(store, Source::Intervals, "i" + f.demo[i].strava_id);
  EXPECT_EQ(r.pairs[0].winner_id, strava);
  EXPECT_TRUE(r.is_excluded(intervals));
  EXPECT_FALSE(r.is_excluded(strava));
  EXPECT_EQ(without_excluded(r.activities, r).size(), 1u);
}

TEST(DedupStore, ChoicesSurviveAReimportWithNewRowIdsAndCanBeUndone) {
  Fixture f;
  const std::size_t i = f.outdoor();
  const std::string iid = "i" + f.demo[i].strava_id;
  std::int64_t decision = 0;
  {
    Store store(f.db());
    f.put_both(store, i);
    dedup::Decision d;
    d.kind = dedup::DecisionKind::Winner;
    d.subject = {Source::Intervals, iid};
    d.other = dedup::ActivityKey{Source::Strava, f.demo[i].strava_id};
    decision = dedup::add_decision(store, d);
    const DedupResult r = run_dedup(store);
    EXPECT_TRUE(r.is_excluded(id_of(store, Source::Strava, f.demo[i].strava_id)));
    ASSERT_TRUE(r.pairs.at(0).decision.has_value());
    EXPECT_EQ(r.pairs[0].decision->id, decision);
  }
  {
    // The sync drops and re-adds the intervals.icu record: a new row id, same (source, id).
    Store store(f.db());
    const auto old_id = id_of(store, Source::Intervals, iid);
    sql::exec(store.handle(), store.name(), "DELETE FROM activities WHERE source = 'intervals'",
              "test");
    const Bytes fit = write_fit(f.demo[i].activity);
    test::put_file_activity(store, Source::Strava, f.demo[i].strava_id,
                            fit);  // unchanged re-import
    // Another new record first, so the re-added one cannot get its old row id back.
    const std::size_t other = (i + 1) % f.demo.size();
    test::put_file_activity(store, Source::Intervals, "i" + f.demo[other].strava_id,
                            test::view(write_gpx(f.demo[other].activity)));
    test::put_file_activity(store, Source::Intervals, iid,
                            test::view(write_gpx(f.demo[i].activity)));
    EXPECT_NE(id_of(store, Source::Intervals, iid), old_id);
    const DedupResult r = run_dedup(store);
    EXPECT_TRUE(r.is_excluded(id_of(store, Source::Strava, f.demo[i].strava_id)));
    EXPECT_FALSE(r.is_excluded(id_of(store, Source::Intervals, iid)));

    EXPECT_EQ(dedup::undo_decision(store, std::nullopt), decision);
    const DedupResult back = run_dedup(store);
    EXPECT_FALSE(back.is_excluded(id_of(store, Source::Strava, f.demo[i].strava_id)));
    EXPECT_TRUE(back.is_excluded(id_of(store, Source::Intervals, iid)));
    EXPECT_FALSE(back.pairs.at(0).decision.has_value());
    EXPECT_EQ(dedup::undo_decision(store, std::nullopt), std::nullopt);  // nothing left
  }
}

TEST(DedupStore, DistinctKeepsBothAndExcludeIncludeToggle) {
  Fixture f;
  Store store(f.db());
  const std::size_t i = f.outdoor();
  f.put_both(store, i);
  const std::string iid = "i" + f.demo[i].strava_id;
  dedup::Decision d;
  d.kind = dedup::DecisionKind::Distinct;
  d.subject = {Source::Strava, f.demo[i].strava_id};
  d.other = dedup::ActivityKey{Source::Intervals, iid};
  dedup::add_decision(store, d);
  DedupResult r = run_dedup(store);
  EXPECT_TRUE(r.excluded.empty());
  EXPECT_FALSE(r.pairs.at(0).merged);

  dedup::Decision ex;
  ex.kind = dedup::DecisionKind::Exclude;
  ex.subject = {Source::Strava, f.demo[i].strava_id};
  dedup::add_decision(store, ex);
  r = run_dedup(store);
  EXPECT_EQ(r.excluded.at(id_of(store, Source::Strava, f.demo[i].strava_id)), "excluded by you");

  ex.kind = dedup::DecisionKind::Include;
  const auto include = dedup::add_decision(store, ex);
  EXPECT_TRUE(run_dedup(store).excluded.empty());
  dedup::undo_decision(store, include);  // back to excluded
  EXPECT_EQ(run_dedup(store).excluded.size(), 1u);

  dedup::Decision bad;
  bad.kind = dedup::DecisionKind::Winner;
  bad.subject = {Source::Strava, "1"};
  EXPECT_THROW(dedup::add_decision(store, bad), UsageError);
}

TEST(DedupStore, TrackFactsAreDecodedOncePerContent) {
  Fixture f;
  Store store(f.db());
  f.put_both(store, f.outdoor());
  EXPECT_EQ(run_dedup(store).tracks_decoded, 2u);
  EXPECT_EQ(run_dedup(store).tracks_decoded, 0u);
}

TEST(DedupStore, DeletedAndNonActivityRowsAreNeverMatched) {
  Fixture f;
  Store store(f.db());
  const std::size_t i = f.outdoor();
  f.put_both(store, i);
  auto rec = store.find_activity(Source::Intervals, "i" + f.demo[i].strava_id).value();
  rec.flags |= kFlagDeleted;
  store.upsert_activity(rec);
  const DedupResult r = run_dedup(store);
  EXPECT_TRUE(r.pairs.empty());
  EXPECT_TRUE(r.excluded.empty());
}

}  // namespace
}  // namespace th
