// Numeric properties of the rasteriser that the heatmap relies on: weights sum to length, do not
// depend on angle or on how a line is cut into segments, show no stair steps, agree with a
// brute-force integration of the kernel, and are bit-identical across tile seams.

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>
#include <random>
#include <vector>

#include "raster_test_util.hpp"

namespace th::test {
namespace {

constexpr double kPi = std::numbers::pi;

Seg at_angle(double cx, double cy, double degrees, double length) {
  const double a = degrees * kPi / 180.0;
  const double hx = 0.5 * length * std::cos(a), hy = 0.5 * length * std::sin(a);
  return {cx - hx, cy - hy, cx + hx, cy + hy};
}

TEST(RasterizerProperties, WeightsSumToLength) {
  const PixelWindow window{0, 0, 256, 256};
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> pos(70.0, 186.0), angle(0.0, 360.0);
  for (const double length : {0.01, 0.3, 1.0, 3.0, 7.7, 30.0, 100.0}) {
    for (int i = 0; i < 50; ++i) {
      const Seg s = at_angle(pos(rng), pos(rng), angle(rng), length);
      const double sum = grid_sum(draw_all(window, {s}));
      ASSERT_NEAR(sum, length, 1e-5 * length) << "length " << length << " segment " << i;
    }
  }
}

// Long lines at angles around the circle: the same weight per unit length, the same footprint
// width across the line (rms distance of the weights from the line ≈ √(1/6) px, the tent's),
// and the weights' centroid exactly on the line.
TEST(RasterizerProperties, AngleIndependence) {
  const PixelWindow window{0, 0, 256, 256};
  for (double deg = 0.0; deg < 360.0; deg += 2.5) {
    double sum = 0.0, sum_d = 0.0, sum_d2 = 0.0, length = 0.0;
    // Four parallel lines at sub-pixel offsets, so axis-aligned lines are not all centred.
    for (const double offset : {0.0, 0.25, 0.5, 0.75}) {
      const double a = deg * kPi / 180.0;
      const double nx = -std::sin(a), ny = std::cos(a);
      const Seg s = at_angle(128.3 + offset * nx, 127.9 + offset * ny, deg, 150.0);
      const auto grid = draw_all(window, {s});
      length += s.length();
      for (int y = 0; y < 256; ++y) {
        for (int x = 0; x < 256; ++x) {
          const double w = grid.at(x, y);
          const double d = (x + 0.5 - s.x0) * nx + (y + 0.5 - s.y0) * ny;  // signed distance
          sum += w;
          sum_d += w * d;
          sum_d2 += w * d * d;
        }
      }
    }
    EXPECT_NEAR(sum / length, 1.0, 1e-6) << deg << "°";
    EXPECT_NEAR(sum_d / sum, 0.0, 1e-6) << deg << "°";  // centroid on the line
    const double rms = std::sqrt(sum_d2 / sum);
    EXPECT_GT(rms, 0.35) << deg << "°";
    EXPECT_LT(rms, 0.45) << deg << "°";
  }
}

// No stair steps: in every column a shallow line fully crosses, the weighted mean row is the
// line's height at the column centre (a Bresenham line would be off by up to half a pixel).
TEST(RasterizerProperties, ColumnCentroidFollowsTheLine) {
  const PixelWindow window{0, 0, 64, 64};
  for (const double deg : {3.0, 10.0, 30.0, -20.0, 44.0}) {
    const Seg s = at_angle(32.21, 31.87, deg, 50.0);
    const auto grid = draw_all(window, {s});
    const double slope = (s.y1 - s.y0) / (s.x1 - s.x0);
    for (int x = static_cast<int>(s.x0) + 2; x <= static_cast<int>(s.x1) - 2; ++x) {
      double sum = 0.0, sum_y = 0.0;
      for (int y = 0; y < 64; ++y) {
        sum += grid.at(x, y);
        sum_y += grid.at(x, y) * (y + 0.5);
      }
      const double line_y = s.y0 + slope * (x + 0.5 - s.x0);
      EXPECT_NEAR(sum_y / sum, line_y, 1e-5) << deg << "° column " << x;
    }
  }
}

TEST(RasterizerProperties, SegmentationIndependence) {
  const PixelWindow window{0, 0, 128, 128};
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> pos(50.0, 78.0);
  const double angles[] = {0.0,  10.0, 30.0,  44.9999999, 45.0,  45.0000001,
                           60.0, 90.0, 135.0, 200.0,      271.0, 333.3};
  for (const double deg : angles) {
    const Seg s = at_angle(pos(rng), pos(rng), deg, 70.0);
    const auto one = draw_all(window, {s});
    for (const int pieces : {10, 100, 1000}) {
      const auto many = draw_all(window, cut(s, pieces));
      EXPECT_LT(max_abs_difference(one, many), 1e-5) << deg << "° in " << pieces << " pieces";
    }
    // Uneven cuts, including pieces far shorter than a pixel.
    std::vector<double> ts{0.0, 1.0};
    std::uniform_real_distribution<double> t(0.0, 1.0);
    for (int i = 0; i < 60; ++i) ts.push_back(t(rng));
    for (int i = 0; i < 20; ++i) ts.push_back(ts[static_cast<std::size_t>(i) + 2] + 1e-4);
    std::sort(ts.begin(), ts.end());
    std::vector<Seg> uneven;
    for (std::size_t i = 1; i < ts.size(); ++i) {
      const double a = std::min(ts[i - 1], 1.0), b = std::min(ts[i], 1.0);
      uneven.push_back({s.x0 + (s.x1 - s.x0) * a, s.y0 + (s.y1 - s.y0) * a,
                        s.x0 + (s.x1 - s.x0) * b, s.y0 + (s.y1 - s.y0) * b});
    }
    EXPECT_LT(max_abs_difference(one, draw_all(window, uneven)), 1e-5) << deg << "° uneven";
  }
}

// A track sampled at 1 s and at 5 s along the same curve (a circle): the 5 s version is the
// 1 s version with every fifth vertex kept, so both are polylines through the same points; the
// heat must agree wherever both draw the same straight pieces, and its total must match.
TEST(RasterizerProperties, TurningPolylineCutFinerGivesTheSameHeat) {
  const PixelWindow window{0, 0, 96, 96};
  std::vector<std::pair<double, double>> coarse, fine;
  for (int i = 0; i <= 24; ++i) {
    const double a = 2.0 * kPi * i / 24.0;
    coarse.emplace_back(48.0 + 30.0 * std::cos(a), 48.0 + 30.0 * std::sin(a));
  }
  for (std::size_t i = 1; i < coarse.size(); ++i) {  // each chord cut into 7 collinear pieces
    for (int k = 0; k < 7; ++k) {
      const double t = k / 7.0;
      fine.emplace_back(coarse[i - 1].first + (coarse[i].first - coarse[i - 1].first) * t,
                        coarse[i - 1].second + (coarse[i].second - coarse[i - 1].second) * t);
    }
  }
  fine.push_back(coarse.back());
  const auto a = draw_all(window, polyline(coarse));
  const auto b = draw_all(window, polyline(fine));
  EXPECT_LT(max_abs_difference(a, b), 1e-5);
  EXPECT_NEAR(grid_sum(a), grid_sum(b), 1e-4);
}

TEST(RasterizerProperties, MatchesBruteForceIntegration) {
  const PixelWindow window{3, -2, 24, 24};
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> pos(-4.0, 28.0);
  for (int i = 0; i < 60; ++i) {
    Seg s{pos(rng), pos(rng), pos(rng), pos(rng)};
    if (i % 4 == 0) s.y1 = s.y0;                  // horizontal
    if (i % 4 == 1) s.x1 = s.x0;                  // vertical
    if (i % 4 == 2) s.y1 = s.y0 + (s.x1 - s.x0);  // 45°
    if (s.length() > 20.0) {
      const double k = 20.0 / s.length();
      s.x1 = s.x0 + (s.x1 - s.x0) * k;
      s.y1 = s.y0 + (s.y1 - s.y0) * k;
    }
    const auto got = draw_all(window, {s});
    const auto want = brute_force(window, s);
    EXPECT_LT(max_abs_difference(got, want), 2e-5) << "segment " << i;
  }
}

// Short segments (most of them inside one cell between pixel centres: the short path) against
// the same oracle, at all angles and at positions on and near pixel centres and edges.
TEST(RasterizerProperties, ShortSegmentsMatchBruteForceIntegration) {
  const PixelWindow window{0, 0, 8, 8};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> pos(2.0, 6.0), angle(0.0, 360.0), unit(0.0, 1.0);
  for (int i = 0; i < 400; ++i) {
    const double length = i < 200 ? unit(rng) : 0.001 + 1.5 * unit(rng);
    double cx = pos(rng), cy = pos(rng);
    if (i % 5 == 1) cx = std::round(cx) + 0.5;  // on a pixel centre column
    if (i % 5 == 2) cy = std::round(cy);        // on a pixel edge row
    const Seg s = at_angle(cx, cy, i % 7 == 0 ? 90.0 * (i % 4) : angle(rng), length);
    const auto got = draw_all(window, {s});
    const auto want = brute_force(window, s, 40000);
    ASSERT_LT(max_abs_difference(got, want), 2e-6 + 1e-5 * length) << "segment " << i;
    ASSERT_NEAR(grid_sum(got), length, 1e-6 * length) << "segment " << i;
  }
}

// Exact equality, not a tolerance: a seam would show as a line in the heatmap.
void expect_seam_free(const Seg& s, std::int64_t left, std::int64_t top) {
  const PixelWindow big{left, top, 512, 512};
  const auto whole = draw_all(big, {s});
  double sum_parts = 0.0;
  for (int ty = 0; ty < 2; ++ty) {
    for (int tx = 0; tx < 2; ++tx) {
      const PixelWindow tile{left + 256 * tx, top + 256 * ty, 256, 256};
      const auto part = draw_all(tile, {s});
      sum_parts += grid_sum(part);
      for (int y = 0; y < 256; ++y) {
        for (int x = 0; x < 256; ++x) {
          const double a = part.at(x, y), b = whole.at(256 * tx + x, 256 * ty + y);
          // Bit for bit on purpose: the same pixel must come out identical, -0.0 and NaN included.
          // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison)
          ASSERT_EQ(std::memcmp(&a, &b, sizeof a), 0)
              << "tile " << tx << "," << ty << " pixel " << x << "," << y << ": " << a << " vs "
              << b << " for segment " << s.x0 << "," << s.y0 << " → " << s.x1 << "," << s.y1;
        }
      }
    }
  }
  EXPECT_NEAR(sum_parts, grid_sum(whole), 1e-9 * grid_sum(whole));  // summed in another order
}

TEST(RasterizerProperties, SeamFreeAcrossFourTiles) {
  for (const auto& [left, top] : std::vector<std::pair<std::int64_t, std::int64_t>>{
           {0, 0}, {-256, 512}, {256LL * 70123, 256LL * 45321}}) {
    const double ox = static_cast<double>(left), oy = static_cast<double>(top);
    const double cx = ox + 256.0, cy = oy + 256.0;  // the corner the four tiles share
    const std::vector<Seg> segs{
        {cx - 100.3, cy - 3.7, cx + 90.1, cy + 17.2},    // shallow, crossing the vertical seam
        {cx - 5.2, cy - 150.0, cx + 4.9, cy + 133.3},    // steep, crossing the horizontal seam
        {cx - 77.0, cy - 77.0, cx + 77.0, cy + 77.0},    // 45° through the shared corner
        {cx - 60.0, cy + 60.0, cx + 60.0, cy - 60.0},    // the other diagonal
        {cx, cy - 200.0, cx, cy + 200.0},                // exactly on the vertical seam
        {cx - 200.0, cy, cx + 200.0, cy},                // exactly on the horizontal seam
        {cx - 0.5, cy - 30.0, cx - 0.5, cy + 30.0},      // along the centres of the last column
        {cx - 40.0, cy + 3.0, cx, cy + 3.0},             // ending exactly on the seam
        {cx, cy + 3.0, cx + 40.0, cy + 9.0},             // starting exactly on the seam
        {cx - 1.0, cy - 1.0, cx + 1.0, cy + 1.0},        // ending on pixel boundaries
        {cx - 0.5, cy - 0.5, cx + 0.5, cy + 0.5},        // ending on pixel centres
        {cx - 0.2, cy + 0.1, cx + 0.1, cy - 0.05},       // sub-pixel, straddling the corner
        {cx - 1e6, cy - 12.3, cx + 1e6, cy + 14.1},      // far longer than the windows
        {cx + 100.0, cy + 0.25, cx - 100.0, cy - 0.25},  // drawn right to left
    };
    for (const Seg& s : segs) expect_seam_free(s, left, top);
    std::mt19937_64 rng(4);
    std::uniform_real_distribution<double> pos(-40.0, 40.0);
    for (int i = 0; i < 12; ++i) {
      expect_seam_free({cx + pos(rng), cy + pos(rng), cx + pos(rng), cy + pos(rng)}, left, top);
    }
  }
}

TEST(RasterizerProperties, DeterministicAndDirectionFree) {
  const PixelWindow window{0, 0, 256, 256};
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> pos(-10.0, 266.0);
  std::vector<Seg> segs, reversed;
  for (int i = 0; i < 2000; ++i) {
    const Seg s{pos(rng), pos(rng), pos(rng), pos(rng)};
    segs.push_back(s);
    reversed.push_back({s.x1, s.y1, s.x0, s.y0});
  }
  const auto a = draw_all(window, segs);
  const auto b = draw_all(window, segs);
  const auto c = draw_all(window, reversed);
  EXPECT_EQ(std::memcmp(a.values().data(), b.values().data(), a.values().size() * sizeof(double)),
            0);
  EXPECT_EQ(std::memcmp(a.values().data(), c.values().data(), a.values().size() * sizeof(double)),
            0);
}

}  // namespace
}  // namespace th::test
