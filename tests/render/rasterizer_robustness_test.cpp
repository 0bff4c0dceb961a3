// Degenerate and hostile input: zero length, NaN/inf, huge coordinates (clipped analytically,
// never iterated), odd windows; and the conservative tile-bucketing test.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "raster_test_util.hpp"

namespace th::test {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxDouble = std::numeric_limits<double>::max();
const PixelWindow kTile{0, 0, 256, 256};

int count_emits(const Seg& s, const PixelWindow& window) {
  int n = 0;
  rasterize_segment(s.x0, s.y0, s.x1, s.y1, window, [&](int, int, float) { ++n; });
  return n;
}

TEST(RasterizerRobustness, ZeroLengthEmitsNothing) {
  for (const double p : {0.0, 0.5, 1.0, 3.25, 255.999, 256.0}) {
    EXPECT_EQ(count_emits({p, p, p, p}, kTile), 0) << p;
    EXPECT_FALSE(segment_touches_window(p, p, p, p, kTile)) << p;
  }
}

TEST(RasterizerRobustness, NonFiniteCoordinatesEmitNothing) {
  for (const double bad : {kNaN, kInf, -kInf}) {
    for (int which = 0; which < 4; ++which) {
      double c[4] = {10.0, 20.0, 30.0, 40.0};
      c[which] = bad;
      EXPECT_EQ(count_emits({c[0], c[1], c[2], c[3]}, kTile), 0) << which << " " << bad;
      EXPECT_FALSE(segment_touches_window(c[0], c[1], c[2], c[3], kTile));
    }
  }
}

// Lengths down to the smallest doubles. Down to ~1e-12 px (coordinates are resolved to about
// 2^-52 of their magnitude, and the rasteriser works in pixel-centre coordinates x − 0.5) the
// weights sum to the length; below, they may vanish, but never break the contract (draw()
// checks: positive, finite, inside, once per pixel).
TEST(RasterizerRobustness, TinySegments) {
  const PixelWindow around_origin{-2, -2, 8, 8};
  for (const double length : {1e-3, 1e-9, 1e-12, 1e-30, 1e-200, 1e-320}) {
    const auto grid = draw_all(around_origin, {{0.0, 0.0, length, 0.5 * length}});
    const double sum = grid_sum(grid);
    EXPECT_LE(sum, length * 1.2) << length;
    if (length >= 1e-12) {
      EXPECT_NEAR(sum, length * std::sqrt(1.25), length * 1e-3) << length;
    }
  }
}

TEST(RasterizerRobustness, EmptyOrUnreachableWindowsGetNothing) {
  const Seg s{1.0, 1.0, 50.0, 30.0};
  EXPECT_EQ(count_emits(s, {0, 0, 0, 256}), 0);
  EXPECT_EQ(count_emits(s, {0, 0, 256, -5}), 0);
  EXPECT_EQ(count_emits(s, {std::numeric_limits<std::int64_t>::max(), 0, 256, 256}), 0);
  EXPECT_EQ(count_emits(s, {0, std::numeric_limits<std::int64_t>::min(), 256, 256}), 0);
  EXPECT_EQ(count_emits(s, {256, 0, 256, 256}), 0);  // entirely left of this window
  EXPECT_EQ(count_emits(s, {-300, -300, 256, 256}), 0);
}

// A horizontal line from −1e9 to 1e9 lights exactly one row of the tile, weight 1 per pixel,
// and costs what 256 pixels cost (a pixel walk over 2e9 columns would take seconds).
TEST(RasterizerRobustness, HugeSegmentIsClippedAnalytically) {
  const PixelWindow tile{256LL * 3000, 256LL * 2000, 256, 256};
  const double y = 256.0 * 2000 + 100.5;
  const auto grid = draw_all(tile, {{-1e9, y, 1e9, y}});
  int lit = 0;
  for (int py = 0; py < 256; ++py) {
    for (int px = 0; px < 256; ++px) {
      if (grid.at(px, py) != 0.0) {
        ++lit;
        EXPECT_EQ(py, 100);
        EXPECT_NEAR(grid.at(px, py), 1.0, 1e-6);
      }
    }
  }
  EXPECT_EQ(lit, 256);

  const auto start = std::chrono::steady_clock::now();
  double total = 0.0;
  for (int i = 0; i < 2000; ++i) {
    const double dy = i * 1e-3;
    rasterize_segment(-1e9, -1e9 + dy, 1e9, 1e9 + dy, kTile,
                      [&](int, int, float w) { total += w; });
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(total, 2000 * 250.0);  // each crosses the whole tile diagonally (≈ 256·√2 inside)
  EXPECT_LT(seconds, 2.0);         // ≈ 1 ms even under sanitizers; a pixel walk: hours
}

// Far-away end points do not change the pixels: the line through the tile is drawn as if the
// segment had been cut at the tile (the same line, to double precision).
TEST(RasterizerRobustness, HugeDiagonalMatchesAShortPieceOfTheSameLine) {
  const auto along = [](double t) { return std::pair{100.3 + t, 40.7 + 0.37 * t}; };
  const auto [ax, ay] = along(-1e9);
  const auto [bx, by] = along(1e9);
  const auto [cx, cy] = along(-150.0);
  const auto [dx, dy] = along(400.0);
  const auto huge = draw_all(kTile, {{ax, ay, bx, by}});
  const auto local = draw_all(kTile, {{cx, cy, dx, dy}});
  EXPECT_LT(max_abs_difference(huge, local), 1e-5);
  EXPECT_GT(grid_sum(local), 256.0);
}

// Beyond the coordinate box (2^40) segments are clipped to it first: a horizontal line from
// −1e300 to 1e300 is still a horizontal line through the tile; values near DBL_MAX neither
// overflow nor trip the sanitizers.
TEST(RasterizerRobustness, AstronomicalCoordinates) {
  const auto grid = draw_all(kTile, {{-1e300, 5.5, 1e300, 5.5}});
  EXPECT_NEAR(grid.at(0, 5), 1.0, 1e-6);
  EXPECT_NEAR(grid.at(255, 5), 1.0, 1e-6);
  EXPECT_NEAR(grid_sum(grid), 256.0, 1e-3);
  EXPECT_TRUE(segment_touches_window(-1e300, 5.5, 1e300, 5.5, kTile));

  const std::vector<Seg> wild{
      {-kMaxDouble, -kMaxDouble, kMaxDouble, kMaxDouble},
      {kMaxDouble, -kMaxDouble, -kMaxDouble, kMaxDouble},
      {-kMaxDouble, 3.0, kMaxDouble, 4.0},
      {3.0, -kMaxDouble, 4.0, kMaxDouble},
      {1e200, 1e200, 2e200, 2e200},  // entirely outside the box
      {0.0, 0.0, 1e300, 1e-300},
      {kMaxDouble, kMaxDouble, kMaxDouble, kMaxDouble},
  };
  for (const Seg& s : wild) {
    const auto g = draw_all(kTile, {s});  // draw() asserts the emit contract
    EXPECT_LE(grid_sum(g), 256.0 * 1.5);
  }
  EXPECT_EQ(grid_sum(draw_all(kTile, {{1e200, 1e200, 2e200, 2e200}})), 0.0);
}

// Random hostile input: mixtures of tiny, huge, integral, half-integral, near-45° and nearly
// flat segments into random windows. The emit contract holds (checked inside draw()), the total
// never exceeds the length, and segment_touches_window never says "no" to a segment that emits.
TEST(RasterizerRobustness, RandomSegmentsKeepTheContract) {
  std::mt19937_64 rng(6);
  std::uniform_int_distribution<int> kind(0, 7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto coordinate = [&](double centre) {
    switch (kind(rng)) {
      case 0: return centre + (unit(rng) - 0.5) * 600.0;
      case 1: return centre + std::round((unit(rng) - 0.5) * 600.0);
      case 2: return centre + std::round((unit(rng) - 0.5) * 600.0) + 0.5;
      case 3: return centre + (unit(rng) - 0.5) * 2e9;
      case 4: return (unit(rng) - 0.5) * 1e15;
      case 5: return centre + (unit(rng) - 0.5) * 1e-9;
      case 6: return centre + 256.0 * std::round(unit(rng) * 3.0 - 1.5);  // on a tile border
      default: return centre + (unit(rng) - 0.5) * 4.0;
    }
  };
  for (int i = 0; i < 20000; ++i) {
    const PixelWindow window{static_cast<std::int64_t>(unit(rng) * 1e7) - 5'000'000,
                             static_cast<std::int64_t>(unit(rng) * 1e7) - 5'000'000,
                             1 + static_cast<int>(unit(rng) * 40),
                             1 + static_cast<int>(unit(rng) * 40)};
    const double cx = static_cast<double>(window.left) + 20.0;
    const double cy = static_cast<double>(window.top) + 20.0;
    Seg s{coordinate(cx), coordinate(cy), coordinate(cx), coordinate(cy)};
    if (i % 5 == 0) s.y1 = s.y0 + (s.x1 - s.x0) * (1.0 + (unit(rng) - 0.5) * 1e-12);  // ≈ 45°
    if (i % 7 == 0) s.y1 = s.y0 + (s.x1 - s.x0) * 1e-250;                             // almost flat
    TileGrid<double> grid(window.width, window.height, 0.0);
    draw(grid, window, s);
    if (HasFatalFailure()) return;
    const double sum = grid_sum(grid);
    ASSERT_LE(sum, s.length() * (1.0 + 1e-6) + 1e-6) << i;
    if (sum > 0.0) {
      ASSERT_TRUE(segment_touches_window(s.x0, s.y0, s.x1, s.y1, window))
          << i << ": " << s.x0 << "," << s.y0 << " → " << s.x1 << "," << s.y1;
    }
  }
}

TEST(RasterizerRobustness, SegmentTouchesWindow) {
  const PixelWindow w{256, 256, 256, 256};
  // Inside, crossing, and just outside the edge but within the footprint (0.4 px away).
  EXPECT_TRUE(segment_touches_window(300.0, 300.0, 310.0, 320.0, w));
  EXPECT_TRUE(segment_touches_window(0.0, 0.0, 1000.0, 1000.0, w));
  EXPECT_TRUE(segment_touches_window(255.6, 100.0, 255.6, 900.0, w));
  EXPECT_GT(count_emits({255.6, 100.0, 255.6, 900.0}, w), 0);
  // 0.6 px away: the tent no longer reaches the first column's centre.
  EXPECT_FALSE(segment_touches_window(255.4, 100.0, 255.4, 900.0, w));
  EXPECT_EQ(count_emits({255.4, 100.0, 255.4, 900.0}, w), 0);
  // Bounding box overlaps the window but the line passes its corner at a distance of ~7 px.
  EXPECT_FALSE(segment_touches_window(0.0, 500.0, 500.0, 0.0, w));
  EXPECT_EQ(count_emits({0.0, 500.0, 500.0, 0.0}, w), 0);
  EXPECT_TRUE(segment_touches_window(0.0, 520.0, 520.0, 0.0, w));
  // Far away.
  EXPECT_FALSE(segment_touches_window(-1e9, -1e9, -1e9 + 3.0, -1e9 + 2.0, w));
  EXPECT_FALSE(segment_touches_window(kNaN, 300.0, 310.0, 320.0, w));
}

}  // namespace
}  // namespace th::test
