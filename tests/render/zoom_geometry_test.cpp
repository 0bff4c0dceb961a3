// ZoomGeometry, render_tiles and render_changed_tiles: the pieces incremental builds are made of.
// A grown tile must count exactly what its earlier activities alone gave and draw exactly what
// all of them give, and the geometry chain (each zoom decimated from the finer one) must keep
// every activity's heat.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <optional>

#include "render/layers.hpp"
#include "render/track_prep.hpp"
#include "render/zoom_renderer.hpp"
#include "synthetic_paths.hpp"

namespace th {
namespace {

struct Scene {
  std::vector<PreparedTrack> tracks;
  std::vector<RenderInput> inputs;
  // `shape` (optional) changes activity i's path.
  explicit Scene(int count, const std::function<void(test::PathSpec&, int)>& shape = {}) {
    for (int i = 0; i < count; ++i) {
      test::PathSpec spec;
      spec.heading_rad = 0.4 * i;
      spec.duration_s = 1800;
      spec.start_time = 1.7e9 + i * 86400.0;
      if (shape) shape(spec, i);
      tracks.push_back(prepare_track(test::make_path(spec)));
    }
    for (std::size_t i = 0; i < tracks.size(); ++i) {
      const auto index = static_cast<std::uint32_t>(i);
      inputs.push_back(
          {&tracks[i], DrawnActivity{index, 19700.0f + static_cast<float>(i), true, true}});
    }
  }
};

std::vector<std::size_t> every_tile(const ZoomGeometry& g) {
  std::vector<std::size_t> all(g.tile_count());
  std::iota(all.begin(), all.end(), std::size_t{0});
  return all;
}

std::uint64_t total(const ZoomHistograms& h) {
  std::uint64_t n = 0;
  for (const auto& layer : h) n = std::accumulate(layer.begin(), layer.end(), n);
  return n;
}

// The tiles of `g` as render_changed_tiles sees them when input `only_before` was drawn only
// before and `only_after` only now (kNone: no such input); every other input in both.
constexpr std::uint32_t kNone = 0xffffffffu;
struct Changed {
  std::vector<TileCodes> now;
  ZoomHistograms now_h = empty_histograms(), before_h = empty_histograms();
};
struct TileLists {
  std::vector<std::vector<std::uint32_t>> before, after;  // per tile
};
TileLists tile_lists(const ZoomGeometry& g, std::uint32_t only_before, std::uint32_t only_after) {
  TileLists lists;
  for (std::size_t k = 0; k < g.tile_count(); ++k) {
    lists.before.emplace_back();
    lists.after.emplace_back();
    for (const std::uint32_t input : g.tile_inputs(k)) {
      if (input != only_after) lists.before.back().push_back(input);
      if (input != only_before) lists.after.back().push_back(input);
    }
  }
  return lists;
}
Changed change(const ZoomGeometry& g, std::uint32_t only_before, std::uint32_t only_after) {
  const TileLists lists = tile_lists(g, only_before, only_after);
  Changed out;
  out.now =
      render_changed_tiles(g, every_tile(g), lists.before, lists.after, 2, out.now_h, out.before_h);
  return out;
}
Changed grow(const ZoomGeometry& g, std::uint32_t added) {
  return change(g, kNone, added);
}

// Adding the middle or the latest of three activities: the grown tiles equal a full render and
// count, before, what the other two alone gave.
void expect_grown_tiles_match_a_full_render(const Scene& scene, int zoom) {
  const ZoomGeometry g(scene.inputs, zoom, 2);
  // On one thread every tile is drawn whole: the reference for the tiles drawn in halves.
  ZoomHistograms full_h = empty_histograms();
  const auto full = render_tiles(g, every_tile(g), 1, full_h);
  ZoomHistograms two_threads_h = empty_histograms();
  const auto two_threads = render_tiles(g, every_tile(g), 2, two_threads_h);
  EXPECT_EQ(two_threads_h, full_h);
  ASSERT_EQ(two_threads.size(), full.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    EXPECT_EQ(two_threads[i].pixels, full[i].pixels);
    EXPECT_EQ(two_threads[i].codes, full[i].codes);
  }
  // The scene without the middle activity: what the tiles had before it was added.
  const std::vector<RenderInput> pair{scene.inputs[0], scene.inputs[2]};
  const ZoomGeometry g_pair(pair, zoom, 2);
  ZoomHistograms pair_h = empty_histograms();
  render_tiles(g_pair, every_tile(g_pair), 2, pair_h);

  for (const std::uint32_t added : {1u, 2u}) {  // in the middle of the order, and the latest
    const Changed grown = grow(g, added);
    EXPECT_EQ(grown.now_h, full_h) << added;
    ASSERT_EQ(grown.now.size(), full.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
      EXPECT_EQ(grown.now[i].pixels, full[i].pixels) << added;
      EXPECT_EQ(grown.now[i].codes, full[i].codes) << added;
    }
    if (added == 1) {
      EXPECT_EQ(grown.before_h, pair_h);
    }
  }
  EXPECT_NE(pair_h, full_h);
}

TEST(ZoomGeometry, GrownTilesCountWhatTheyHadBeforeAndDrawWhatTheyHaveNow) {
  Scene scene(3);
  ASSERT_GT(ZoomGeometry(scene.inputs, 15, 2).tile_count(), 1u);
  expect_grown_tiles_match_a_full_render(scene, 15);
}

TEST(ZoomGeometry, ATileThatHadNothingCountsNothingBefore) {
  Scene scene(2);
  const ZoomGeometry g(scene.inputs, 14, 1);
  const std::vector<std::vector<std::uint32_t>> none(g.tile_count());
  ZoomHistograms now_h = empty_histograms(), before_h = empty_histograms();
  ZoomHistograms full_h = empty_histograms();
  render_tiles(g, every_tile(g), 1, full_h);
  std::vector<std::vector<std::uint32_t>> all;
  for (std::size_t k = 0; k < g.tile_count(); ++k) all.push_back(g.tile_inputs(k));
  render_changed_tiles(g, every_tile(g), none, all, 1, now_h, before_h);
  EXPECT_EQ(total(before_h), 0u);
  EXPECT_EQ(now_h, full_h);
  EXPECT_THROW(render_changed_tiles(g, every_tile(g), {}, all, 1, now_h, before_h),
               std::invalid_argument);
  EXPECT_THROW(render_changed_tiles(g, every_tile(g), none, {}, 1, now_h, before_h),
               std::invalid_argument);
}

TEST(ZoomGeometry, TilesAnActivityLeftCountItBeforeAndDrawWithoutItNow) {
  Scene scene(3);
  const ZoomGeometry g(scene.inputs, 15, 2);
  ZoomHistograms full_h = empty_histograms();
  render_tiles(g, every_tile(g), 2, full_h);
  for (const std::uint32_t left : {0u, 1u, 2u}) {  // the first, the middle and the latest
    std::vector<RenderInput> rest;
    for (std::uint32_t i = 0; i < 3; ++i) {
      if (i != left) rest.push_back(scene.inputs[i]);
    }
    const ZoomGeometry g_rest(rest, 15, 2);
    ZoomHistograms rest_h = empty_histograms();
    const auto rest_tiles = render_tiles(g_rest, every_tile(g_rest), 2, rest_h);
    std::map<std::uint64_t, const TileCodes*> by_key;
    for (const TileCodes& t : rest_tiles) by_key[t.tile.packed()] = &t;

    const Changed left_out = change(g, left, kNone);
    EXPECT_EQ(left_out.before_h, full_h) << left;
    EXPECT_EQ(left_out.now_h, rest_h) << left;
    // The same as drawing only the others, also when the keep mask leaves it out.
    std::vector<bool> keep(3, true);
    keep[left] = false;
    ZoomHistograms kept_h = empty_histograms();
    const auto kept = render_tiles(g, every_tile(g), 2, kept_h, &keep);
    EXPECT_EQ(kept_h, rest_h) << left;
    for (std::size_t k = 0; k < g.tile_count(); ++k) {
      const auto it = by_key.find(g.tile(k).packed());
      if (it == by_key.end()) {
        EXPECT_TRUE(left_out.now[k].pixels.empty()) << left;  // only it was drawn there
        EXPECT_TRUE(kept[k].pixels.empty()) << left;
        continue;
      }
      EXPECT_EQ(left_out.now[k].pixels, it->second->pixels) << left;
      EXPECT_EQ(left_out.now[k].codes, it->second->codes) << left;
      EXPECT_EQ(kept[k].codes, it->second->codes) << left;
    }
  }
}

TEST(ZoomGeometry, ABusyTileDrawnInTwoHalvesEqualsItDrawnWhole) {
  // Three activities circling a 30 m radius for 40,000 s at 1 m/s: at z17 each is tens of
  // thousands of segments of about a pixel in the same tile, so that tile has more than
  // kSplitTileSegments and render_changed_tiles draws it in two halves on two threads.
  const Scene scene(3, [](test::PathSpec& spec, int i) {
    spec.speed_mps = 1.0;
    spec.turn_rad_per_m = 1.0 / (30.0 + i);
    spec.heading_rad = 0.7 * i;
    spec.duration_s = 40000;
  });
  const ZoomGeometry g(scene.inputs, 17, 2);
  std::uint64_t busiest = 0;
  for (std::size_t k = 0; k < g.tile_count(); ++k) {
    busiest = std::max(busiest, g.tile_segments(k, nullptr));
  }
  ASSERT_GE(busiest, kSplitTileSegments);
  expect_grown_tiles_match_a_full_render(scene, 17);
}

TEST(ZoomGeometry, ATileRedrawnOverItsOldCodesEqualsOneRedrawnWhole) {
  // Eight activities from one start in eight directions, winding (so they cross each other and
  // themselves), over zooms where they share a few tiles or many: a tile redrawn over the codes
  // it had draws only near the activity that came or left, and must give the very codes and
  // histograms of redrawing it whole, for the first, a middle and the latest activity.
  // And eight side by side about a metre apart (a pixel or less at z16-17), so that pixels the
  // changed one reaches border pixels only its neighbours reach, across block edges too.
  const Scene radiating(8, [](test::PathSpec& spec, int i) {
    spec.turn_rad_per_m = (i % 2 ? 1.0 : -1.0) / (400.0 + 50.0 * i);
    spec.duration_s = 2400;
  });
  const Scene side_by_side(8, [](test::PathSpec& spec, int i) {
    spec.lon0 += 1.4e-5 * i;
    spec.lat0 += 0.6e-5 * i;
    spec.heading_rad = 0.3;
    spec.duration_s = 1200;
  });
  for (const auto& [scene, zoom] :
       {std::pair{&radiating, 12}, std::pair{&radiating, 14}, std::pair{&radiating, 16},
        std::pair{&side_by_side, 16}, std::pair{&side_by_side, 17}}) {
    const ZoomGeometry g(scene->inputs, zoom, 2);
    for (const std::uint32_t changed : {0u, 4u, 7u}) {
      for (const bool leaves : {false, true}) {
        const std::uint32_t only_before = leaves ? changed : kNone;
        const std::uint32_t only_after = leaves ? kNone : changed;
        const Changed whole = change(g, only_before, only_after);
        // What the last build drew: every activity but the one added since.
        std::vector<bool> had(scene->inputs.size(), true);
        if (only_after != kNone) had[only_after] = false;
        ZoomHistograms had_h = empty_histograms();
        const std::vector<TileCodes> was = render_tiles(g, every_tile(g), 2, had_h, &had);
        std::vector<const TileCodes*> was_ptrs;
        for (const TileCodes& t : was) was_ptrs.push_back(&t);
        const TileLists lists = tile_lists(g, only_before, only_after);
        ZoomHistograms now_h = empty_histograms(), before_h = empty_histograms();
        const std::vector<TileCodes> over = render_changed_tiles(
            g, every_tile(g), lists.before, lists.after, 2, now_h, before_h, was_ptrs);
        const std::string what = "z" + std::to_string(zoom) + " activity " +
                                 std::to_string(changed) + (leaves ? " leaving" : " added");
        EXPECT_EQ(before_h, whole.before_h) << what;
        EXPECT_EQ(now_h, whole.now_h) << what;
        ASSERT_EQ(over.size(), whole.now.size()) << what;
        for (std::size_t k = 0; k < over.size(); ++k) {
          EXPECT_EQ(over[k].tile.packed(), whole.now[k].tile.packed()) << what;
          EXPECT_EQ(over[k].pixels, whole.now[k].pixels) << what << " tile " << k;
          EXPECT_EQ(over[k].codes, whole.now[k].codes) << what << " tile " << k;
        }
      }
    }
  }
}

TEST(ZoomGeometry, BucketingOnlySomeTilesGivesThoseTilesExactlyAsBucketingAll) {
  // What an incremental build does: bucket a few tiles (here every third, at zooms where the
  // activities cross tens of tiles) and get each exactly as a full bucketing has it: the same
  // buckets, so the same pixels. With a far corner of the grid among them too (no segment near
  // it), the tiles' box is too large for a bitmap and they are looked up by key instead.
  Scene scene(4, [](test::PathSpec& spec, int) { spec.duration_s = 7200; });
  for (const int zoom : {13, 15, 17}) {
    const ZoomGeometry all(scene.inputs, zoom, 2);
    ASSERT_GT(all.tile_count(), 6u) << zoom;
    for (const bool far_corner : {false, true}) {
      std::vector<std::uint64_t> some;
      for (std::size_t k = 0; k < all.tile_count(); k += 3) some.push_back(all.tile(k).packed());
      if (far_corner) some.push_back(TileKey{zoom, 0, 0}.packed());
      std::sort(some.begin(), some.end());
      ZoomGeometry part(scene.inputs, zoom, 2, nullptr, false);
      part.bucket(nullptr, &some, 2);
      ASSERT_EQ(part.tile_count(), some.size() - (far_corner ? 1 : 0)) << zoom;
      for (std::size_t k = 0; k < part.tile_count(); ++k) {
        const std::optional<std::size_t> same = all.find_tile(part.tile(k).x, part.tile(k).y);
        ASSERT_TRUE(same.has_value()) << zoom;
        const auto a = all.tile_buckets(*same);
        const auto b = part.tile_buckets(k);
        ASSERT_EQ(a.size(), b.size()) << zoom;
        for (std::size_t j = 0; j < a.size(); ++j) {
          EXPECT_EQ(a[j].input, b[j].input);
          EXPECT_EQ(a[j].first, b[j].first);
          EXPECT_EQ(a[j].last, b[j].last);
        }
      }
    }
  }
}

// Seconds spent over every pixel of a zoom (frequency-linear is time per pixel).
double time_spent(const ZoomGeometry& g) {
  ZoomHistograms h = empty_histograms();
  double seconds = 0;
  for (const TileCodes& t : render_tiles(g, every_tile(g), 2, h)) {
    for (std::size_t p = 0; p < t.pixels.size(); ++p) {
      const auto code =
          t.codes[p * kLayerCount + static_cast<std::size_t>(LayerId::FrequencyLinear)];
      if (code != 0) seconds += decode_value(LayerId::FrequencyLinear, code);
    }
  }
  return seconds;
}

TEST(ZoomGeometry, TheChainFromFinerZoomsKeepsTilesAndTimeSpent) {
  // Decimating zoom z from zoom z+1's geometry instead of from the tracks: no more segments,
  // the same tiles, and the same time spent (durations are summed when merging; codes are
  // stored to 0.2 %).
  Scene scene(2);
  std::unique_ptr<ZoomGeometry> finer;
  for (int z = 16; z >= 8; --z) {
    auto chained = std::make_unique<ZoomGeometry>(scene.inputs, z, 2, finer.get());
    const ZoomGeometry direct(scene.inputs, z, 2);
    EXPECT_LE(chained->segments(), direct.segments()) << z;
    ASSERT_EQ(chained->tile_count(), direct.tile_count()) << z;
    for (std::size_t k = 0; k < direct.tile_count(); ++k) {
      EXPECT_EQ(chained->tile(k), direct.tile(k)) << z;
    }
    const double direct_s = time_spent(direct);
    EXPECT_NEAR(time_spent(*chained), direct_s, direct_s * 0.005) << z;
    finer = std::move(chained);
  }
  EXPECT_THROW(ZoomGeometry(scene.inputs, 5, 1, finer.get()), std::invalid_argument);
}

}  // namespace
}  // namespace th
