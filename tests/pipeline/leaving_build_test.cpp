// Activities leaving the map (pipeline/leaving_inputs.hpp). Each change an incremental build
// subtracts — an exclusion and its undo, a dedup decision that swaps which copy is drawn, a
// changed track, an activity gone from the store — must leave the site a full build writes, to
// the byte, while every zoom is updated from the render cache and most tiles are kept. Each is
// drawn twice: with the defaults (no tile of these small maps is busy enough to keep its codes)
// and with every tile keeping its codes, so that every dirty tile is redrawn over them.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include "dedup/dedup.hpp"
#include "incremental_fixture.hpp"
#include "pipeline/drawn_inputs.hpp"
#include "pipeline/render_cache.hpp"
#include "site_compare.hpp"
#include "store/dedup_tables.hpp"
#include "store/store.hpp"

namespace th {
namespace {

using Fixture = test::IncrementalFixture;
constexpr int kTopZoom = 13;
constexpr int kZooms = kTopZoom + 1;

Store open_store(const BuildOptions& o) {
  return Store(o.cache_dir / "trackheat.db");
}

StoredActivity loose_activity(const BuildOptions& o) {
  for (const StoredActivity& a : open_store(o).activities()) {
    if (a.source == Source::File) return a;
  }
  ADD_FAILURE() << "no loose file's activity in " << o.cache_dir;
  return {};
}

dedup::Decision exclusion(const StoredActivity& a) {
  dedup::Decision d;
  d.kind = dedup::DecisionKind::Exclude;
  d.subject = {a.source, a.source_id};
  return d;
}

// What the change must leave: a full render of the same store (the decisions given).
void full_build(const Fixture& f, BuildOptions o, const std::vector<dedup::Decision>& decisions) {
  o.cache_dir = f.dir.path() / "cache-full";
  o.out_dir = f.dir.path() / "site-full";
  std::filesystem::remove_all(o.cache_dir);
  std::filesystem::remove_all(o.out_dir);
  run_build(o);
  if (decisions.empty()) return;
  {
    Store store = open_store(o);
    for (const auto& d : decisions) dedup::add_decision(store, d);
  }
  o.force = true;
  run_build(o);
}

class LeavingBuild : public ::testing::TestWithParam<std::uint64_t> {
 protected:
  bool every_tile_keeps_codes() const { return GetParam() == 0; }
};

INSTANTIATE_TEST_SUITE_P(, LeavingBuild, ::testing::Values(BuildOptions{}.busy_tile_segments, 0),
                         [](const ::testing::TestParamInfo<std::uint64_t>& param) {
                           return param.param == 0 ? "EveryTileKeepsItsCodes" : "Defaults";
                         });

// `over_kept`: whether the dirty tiles were redrawn over their kept codes.
void expect_subtracted(const BuildReport& r, int leaving, bool over_kept) {
  EXPECT_FALSE(r.up_to_date);
  if (over_kept) {
    EXPECT_GT(r.tiles_over_kept, 0u) << "tiles the live site has are redrawn over their codes";
  } else {
    EXPECT_EQ(r.tiles_over_kept, 0u);
  }
  EXPECT_EQ(r.leaving, leaving);
  EXPECT_EQ(r.zooms_incremental, kZooms);
  EXPECT_LT(r.tiles_drawn, r.tiles_in_zooms / 2) << "most tiles should be kept";
  EXPECT_GT(r.explorer_kept, r.explorer_tiles / 2) << "most explorer tiles should be kept";
}

TEST_P(LeavingBuild, AnExclusionAndItsUndoAreDrawnIncrementally) {
  Fixture f(60);
  f.busy_tile_segments = GetParam();
  const BuildOptions inc = f.options("inc", true, kTopZoom);
  const BuildReport first = run_build(inc);
  const StoredActivity loose = loose_activity(inc);
  {
    Store store = open_store(inc);
    dedup::add_decision(store, exclusion(loose));
  }
  const BuildReport excluded = run_build(inc);
  EXPECT_EQ(excluded.drawn, first.drawn - 1);
  expect_subtracted(excluded, 1, every_tile_keeps_codes());
  full_build(f, inc, {exclusion(loose)});
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");

  {
    Store store = open_store(inc);
    ASSERT_TRUE(dedup::undo_decision(store, std::nullopt).has_value());
  }
  const BuildReport undone = run_build(inc);
  EXPECT_EQ(undone.drawn, first.drawn);
  expect_subtracted(undone, 0, every_tile_keeps_codes());
  full_build(f, inc, {});
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST_P(LeavingBuild, ADecisionThatSwapsTheDrawnCopyIsDrawnIncrementally) {
  Fixture f(60);
  f.busy_tile_segments = GetParam();
  BuildOptions inc = f.options("inc", false, kTopZoom);
  const BuildReport first = run_build(inc);
  // A copy of an export activity's file as a loose file: dedup draws one of the two.
  std::filesystem::path original;
  for (const StoredActivity& a : open_store(inc).activities()) {
    if (drawable(a) && a.source == Source::Strava && !a.file_path.empty()) {
      original = a.file_path;
      break;
    }
  }
  ASSERT_FALSE(original.empty());
  const std::filesystem::path copies = f.dir.path() / "copies";
  std::filesystem::create_directories(copies);
  std::filesystem::copy_file(original, copies / original.filename());
  inc.paths = {copies};
  EXPECT_TRUE(run_build(inc).up_to_date) << "the copy is a duplicate: nothing to draw";
  std::vector<StoredActivity> pair;
  {
    Store store = open_store(inc);
    const DedupResult dedup = run_dedup(store);
    for (const StoredActivity& a : store.activities()) {
      if (a.source == Source::File || a.file_path == original.string()) pair.push_back(a);
    }
    ASSERT_EQ(pair.size(), 2u);
    ASSERT_NE(dedup.is_excluded(pair[0].id), dedup.is_excluded(pair[1].id))
        << "dedup must draw exactly one of the two copies";
    if (dedup.is_excluded(pair[0].id)) std::swap(pair[0], pair[1]);  // pair[0] is drawn
  }
  dedup::Decision swap;
  swap.kind = dedup::DecisionKind::Winner;
  swap.subject = {pair[1].source, pair[1].source_id};
  swap.other = dedup::ActivityKey{pair[0].source, pair[0].source_id};
  {
    Store store = open_store(inc);
    dedup::add_decision(store, swap);
  }
  const BuildReport swapped = run_build(inc);
  EXPECT_EQ(swapped.drawn, first.drawn);
  expect_subtracted(swapped, 1, every_tile_keeps_codes());
  full_build(f, inc, {swap});
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST_P(LeavingBuild, AChangedTrackIsDrawnIncrementally) {
  Fixture f(60);
  f.busy_tile_segments = GetParam();
  const BuildOptions inc = f.options("inc", true, kTopZoom);
  const BuildReport first = run_build(inc);
  // The loose file is rewritten with another outing: same activity, another track.
  DemoOptions other = f.demo;
  other.out = f.dir.path() / "other";
  other.activities = 1;
  other.seed = 4245;  // an outdoor run, like the file it replaces
  write_demo_export(other);
  std::filesystem::path replacement;
  for (const auto& e : std::filesystem::directory_iterator(other.out / "activities")) {
    replacement = e.path();
  }
  ASSERT_FALSE(replacement.empty());
  std::filesystem::path loose;
  for (const auto& e : std::filesystem::directory_iterator(f.extra)) loose = e.path();
  const StoredActivity before = loose_activity(inc);
  std::filesystem::copy_file(replacement, loose, std::filesystem::copy_options::overwrite_existing);

  const BuildReport changed = run_build(inc);
  const StoredActivity after = loose_activity(inc);
  EXPECT_EQ(after.id, before.id);
  ASSERT_NE(after.content_hash, before.content_hash);
  ASSERT_EQ(changed.drawn, first.drawn) << "the replacement must be drawn too";
  expect_subtracted(changed, 1, every_tile_keeps_codes());
  full_build(f, inc, {});
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST_P(LeavingBuild, AnActivityGoneFromTheStoreIsSubtracted) {
  Fixture f(60);
  f.busy_tile_segments = GetParam();
  const BuildOptions inc = f.options("inc", true, kTopZoom);
  run_build(inc);
  // The loose file's row leaves the store (as nothing in trackheat deletes rows, by hand): its
  // track stays in the parse cache, from which the build subtracts it.
  {
    Store store = open_store(inc);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(store.handle(), "DELETE FROM activities WHERE source = 'file'", nullptr,
                           nullptr, &error),
              SQLITE_OK);
  }
  const BuildReport removed = run_build(f.options("inc", false, kTopZoom));
  EXPECT_EQ(removed.activities, 60);
  expect_subtracted(removed, 1, every_tile_keeps_codes());
  full_build(f, f.options("inc", false, kTopZoom), {});
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST(LeavingRecords, WithoutTheDrawnRecordsALeavingActivityRendersInFull) {
  Fixture f;
  const BuildOptions inc = f.options("inc", true);
  run_build(inc);
  std::filesystem::remove(inc.cache_dir / "render" / "drawn.bin");
  {
    Store store = open_store(inc);
    dedup::add_decision(store, exclusion(loose_activity(inc)));
  }
  const BuildReport r = run_build(inc);
  EXPECT_EQ(r.leaving, 0);
  EXPECT_EQ(r.zooms_incremental, 0);
  full_build(f, inc, {exclusion(loose_activity(inc))});
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST(LeavingRecords, ExplorerCacheRoundTripsAndRejectsDamage) {
  ExplorerCache c;
  c.site_fingerprint = "site";
  c.drawn_with = "explorer 1 z0-17";
  ExplorerCells m;
  m.zoom = 14;
  m.visited = {cell_key(1, 1), cell_key(2, 1), cell_key(1, 2)};
  m.max_cluster = {cell_key(2, 1)};
  m.square = {1, 1, 1};
  c.maps = {m, ExplorerCells{17, {}, {}, {}}};
  const Bytes bytes = encode_explorer_cache(c);
  const auto back = decode_explorer_cache(bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->site_fingerprint, "site");
  EXPECT_EQ(back->drawn_with, c.drawn_with);
  ASSERT_EQ(back->maps.size(), 2u);
  EXPECT_EQ(back->maps[0].visited, m.visited);
  EXPECT_EQ(back->maps[0].max_cluster, m.max_cluster);
  EXPECT_EQ(back->maps[0].square.size, 1u);
  EXPECT_EQ(back->maps[1].zoom, 17);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_explorer_cache(ByteView(bytes).first(n)).has_value()) << n;
  }
  ExplorerCache unsorted = c;
  std::swap(unsorted.maps[0].visited[0], unsorted.maps[0].visited[1]);
  EXPECT_FALSE(decode_explorer_cache(encode_explorer_cache(unsorted)).has_value());
}

TEST(LeavingRecords, DrawnRecordsRoundTripAndRejectDamage) {
  DrawnRecords d;
  d.site_fingerprint = "abc";
  d.records = {{11, 5, 1.7e9, "hash-one"}, {22, -3, std::nan(""), ""}};
  const Bytes bytes = encode_drawn_records(d);
  const auto back = decode_drawn_records(bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->site_fingerprint, "abc");
  ASSERT_EQ(back->records.size(), 2u);
  EXPECT_EQ(back->records[0].key, 11u);
  EXPECT_EQ(back->records[0].id, 5);
  EXPECT_EQ(back->records[0].start_utc, 1.7e9);
  EXPECT_EQ(back->records[0].content_hash, "hash-one");
  EXPECT_EQ(back->records[1].id, -3);
  EXPECT_TRUE(std::isnan(back->records[1].start_utc));
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_drawn_records(ByteView(bytes).first(n)).has_value()) << n;
  }
  Bytes flipped = bytes;
  flipped[12] ^= 1;
  EXPECT_FALSE(decode_drawn_records(flipped).has_value());
}

}  // namespace
}  // namespace th
