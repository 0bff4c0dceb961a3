// What the geometry chain (each zoom decimated from the next finer one) must keep: on a hilly
// set of hikes and runs every layer shows at every zoom from the street to the world view.
#include <gtest/gtest.h>

#include <memory>
#include <numeric>

#include "encode/palette_index.hpp"
#include "hilly_tracks.hpp"
#include "render/layers.hpp"
#include "render/normalize.hpp"
#include "render/track_prep.hpp"
#include "render/zoom_renderer.hpp"

namespace th {
namespace {

constexpr int kMaxZoom = 17;

struct HillyScene {
  std::vector<PreparedTrack> tracks;
  std::vector<RenderInput> inputs;
  float newest_day = 0;
  explicit HillyScene(int count) {
    for (const auto& a : test::hilly_activities(count)) tracks.push_back(prepare_track(a.samples));
    for (std::size_t i = 0; i < tracks.size(); ++i) {
      const auto index = static_cast<std::uint32_t>(i);
      const float day = 19900.0f + 3.0f * static_cast<float>(i);
      inputs.push_back({&tracks[i], DrawnActivity{index, day, true, true}});
      newest_day = day;
    }
  }
};

std::vector<std::size_t> every_tile(const ZoomGeometry& g) {
  std::vector<std::size_t> all(g.tile_count());
  std::iota(all.begin(), all.end(), std::size_t{0});
  return all;
}

// Pixels with a colour (palette index > 0) per layer over a whole zoom, as its PNGs show them.
std::array<std::uint64_t, kLayerCount> lit_pixels(const ZoomGeometry& g, double now_day) {
  ZoomHistograms h = empty_histograms();
  const std::vector<TileCodes> tiles = render_tiles(g, every_tile(g), 2, h);
  const ZoomScales scales = scales_for_zoom(h, now_day);
  std::array<std::uint64_t, kLayerCount> lit{};
  std::vector<std::uint8_t> indices;
  for (const LayerSpec& spec : layer_specs()) {
    const auto l = static_cast<std::size_t>(spec.id);
    const IndexTable table = index_table(spec.id, scales[l]);
    for (const TileCodes& t : tiles) {
      if (!tile_indices(t, spec.id, table, indices)) continue;
      for (const std::uint8_t i : indices) lit[l] += i != 0 ? 1 : 0;
    }
  }
  return lit;
}

TEST(ZoomConservation, EveryLayerShowsAtEveryZoomOnHillyTracks) {
  const HillyScene scene(12);
  std::unique_ptr<ZoomGeometry> finer;
  for (int z = kMaxZoom; z >= 0; --z) {
    auto g = std::make_unique<ZoomGeometry>(scene.inputs, z, 2, finer.get());
    const auto lit = lit_pixels(*g, scene.newest_day + 10);
    for (const LayerSpec& spec : layer_specs()) {
      EXPECT_GT(lit[static_cast<std::size_t>(spec.id)], 0u) << spec.name << " at zoom " << z;
    }
    finer = std::move(g);
  }
}

// Seconds spent on grades above kHillGrade, and in all, over every tile of a zoom.
struct Seconds {
  double hill = 0, all = 0, steep = 0;  // steep: Σ time · |grade|
};
Seconds seconds_over_zoom(const ZoomGeometry& g) {
  Seconds s;
  for (std::size_t k = 0; k < g.tile_count(); ++k) {
    for (const PixelSums& p : tile_sums(g, k)) {
      s.hill += p.hill_time;
      s.all += p.time;
      s.steep += p.grade_abs_sum;
    }
  }
  return s;
}

TEST(ZoomConservation, TimeOnSteepGradesSurvivesMergingIntoWorldViewChords) {
  // At z0-z2 a whole hike is one or two chords: its climb and descent average to a flat line,
  // yet the time it spent climbing (and how steep it was) must be what the street view shows.
  const HillyScene scene(6);
  std::unique_ptr<ZoomGeometry> finer;
  Seconds street;
  for (int z = kMaxZoom; z >= 0; --z) {
    auto g = std::make_unique<ZoomGeometry>(scene.inputs, z, 2, finer.get());
    const Seconds s = seconds_over_zoom(*g);
    if (z == kMaxZoom) {
      street = s;
      ASSERT_GT(street.hill, 0.2 * street.all);  // the scene does climb
    } else {
      EXPECT_NEAR(s.all, street.all, 0.002 * street.all) << "zoom " << z;
      EXPECT_NEAR(s.hill, street.hill, 0.002 * street.hill) << "zoom " << z;
      EXPECT_NEAR(s.steep, street.steep, 0.002 * street.steep) << "zoom " << z;
    }
    finer = std::move(g);
  }
  ASSERT_EQ(finer->zoom(), 0);
  ASSERT_EQ(finer->tile_count(), 1u);  // the world in one tile: a coarse tile's sum is it all
  EXPECT_LT(finer->segments(), 60u);   // and the hikes really were merged into a few chords
}

TEST(ZoomConservation, DecimatingMergesGradesWithoutLosingTheClimb) {
  // Ten segments of 10 s: five climbing at 8 %, five descending at 8 %; one chord at zoom 0.
  std::vector<TrackVertex> v(11);
  for (std::size_t i = 0; i < v.size(); ++i) {
    v[i].x = 2'000'000'000u + static_cast<std::uint32_t>(i) * 1000u;
    v[i].y = 1'400'000'000u;
    if (i == 0) {
      v[i].run_start = true;
      continue;
    }
    v[i].dt_s = 10;
    v[i].grade = i <= 5 ? 0.08f : -0.08f;
  }
  const DecimatedTrack d = decimate_for_zoom(v, nullptr, 0);
  ASSERT_EQ(d.vertices.size(), 2u);
  ASSERT_EQ(d.grades.size(), 2u);
  const GradeMix g = d.grades[1].unpack(d.vertices[1].grade);
  EXPECT_FLOAT_EQ(d.vertices[1].dt_s, 100);
  EXPECT_NEAR(g.mean, 0, 1e-6);
  EXPECT_FLOAT_EQ(d.vertices[1].grade, g.mean);
  // Kept in steps of 1e-5 (grades) and 1/65535 (share): PackedGradeMix.
  EXPECT_NEAR(g.abs_mean, 0.08f, 1e-5);
  EXPECT_NEAR(g.hill_share, 0.5f, 1.0 / 65535);
  EXPECT_NEAR(g.hill_mean, 0.08f, 1e-5);
  // Decimating the decimated track again keeps them (the chain of zooms).
  const DecimatedTrack again = decimate_for_zoom(d.vertices, &d.grades, 0);
  const GradeMix g2 = again.grades[1].unpack(again.vertices[1].grade);
  EXPECT_NEAR(g2.hill_share, 0.5f, 1.0 / 65535);
  EXPECT_NEAR(g2.abs_mean, 0.08f, 1e-5);
}

}  // namespace
}  // namespace th
