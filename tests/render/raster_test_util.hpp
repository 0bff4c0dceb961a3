#pragma once
// Helpers for the rasteriser tests: drawing into grids, ASCII pictures, a brute-force oracle.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "render/rasterizer.hpp"
#include "render/tile_grid.hpp"

namespace th::test {

struct Seg {
  double x0, y0, x1, y1;
  double length() const { return std::hypot(x1 - x0, y1 - y0); }
};

// Draws a segment into a grid covering the window, summing emitted weights; also checks the
// emit contract: coordinates inside the window, weights finite and > 0, each pixel at most once.
inline void draw(TileGrid<double>& grid, const PixelWindow& window, const Seg& s) {
  TileGrid<unsigned char> seen(window.width, window.height, 0);
  rasterize_segment(s.x0, s.y0, s.x1, s.y1, window, [&](int px, int py, float w) {
    ASSERT_TRUE(px >= 0 && px < window.width && py >= 0 && py < window.height)
        << "emit outside the window: " << px << "," << py;
    ASSERT_TRUE(std::isfinite(w) && w > 0.0f) << "weight " << w;
    ASSERT_EQ(seen.at(px, py), 0) << "pixel emitted twice: " << px << "," << py;
    seen.at(px, py) = 1;
    grid.at(px, py) += w;
  });
}

inline TileGrid<double> draw_all(const PixelWindow& window, const std::vector<Seg>& segs) {
  TileGrid<double> grid(window.width, window.height, 0.0);
  for (const Seg& s : segs) draw(grid, window, s);
  return grid;
}

// A polyline (consecutive points) as segments.
inline std::vector<Seg> polyline(const std::vector<std::pair<double, double>>& pts) {
  std::vector<Seg> segs;
  for (std::size_t i = 1; i < pts.size(); ++i) {
    segs.push_back({pts[i - 1].first, pts[i - 1].second, pts[i].first, pts[i].second});
  }
  return segs;
}

// The segment cut into n equal pieces, each computed from the original end points (as a
// polyline of samples along a straight track would be).
inline std::vector<Seg> cut(const Seg& s, int n) {
  std::vector<Seg> out;
  for (int i = 0; i < n; ++i) {
    const double t0 = static_cast<double>(i) / n, t1 = static_cast<double>(i + 1) / n;
    out.push_back({s.x0 + (s.x1 - s.x0) * t0, s.y0 + (s.y1 - s.y0) * t0,
                   i + 1 == n ? s.x1 : s.x0 + (s.x1 - s.x0) * t1,
                   i + 1 == n ? s.y1 : s.y0 + (s.y1 - s.y0) * t1});
  }
  return out;
}

// One character per pixel: '.' exactly 0, ':' below 0.3, '+' below 0.7, '#' from 0.7 up.
inline std::vector<std::string> ascii(const TileGrid<double>& grid) {
  std::vector<std::string> rows;
  for (int y = 0; y < grid.height(); ++y) {
    std::string row;
    for (int x = 0; x < grid.width(); ++x) {
      const double w = grid.at(x, y);
      row += w == 0.0 ? '.' : w < 0.3 ? ':' : w < 0.7 ? '+' : '#';
    }
    rows.push_back(row);
  }
  return rows;
}

inline double grid_sum(const TileGrid<double>& grid) {
  double sum = 0.0;
  for (const double v : grid.values()) sum += v;
  return sum;
}

inline double max_abs_difference(const TileGrid<double>& a, const TileGrid<double>& b) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.values().size(); ++i) {
    worst = std::max(worst, std::fabs(a.values()[i] - b.values()[i]));
  }
  return worst;
}

// Independent oracle: the definition itself, sampled. Splats `per_px` points per pixel of
// length (midpoint rule) with the bilinear tent onto the window's pixels.
inline TileGrid<double> brute_force(const PixelWindow& window, const Seg& s, int per_px = 4000) {
  TileGrid<double> grid(window.width, window.height, 0.0);
  const double len = s.length();
  const int n = std::max(1, static_cast<int>(std::ceil(len * per_px)));
  const double ds = len / n;
  for (int i = 0; i < n; ++i) {
    const double t = (i + 0.5) / n;
    const double u = s.x0 + (s.x1 - s.x0) * t - 0.5 - static_cast<double>(window.left);
    const double v = s.y0 + (s.y1 - s.y0) * t - 0.5 - static_cast<double>(window.top);
    const double cu = std::floor(u), cv = std::floor(v);
    const double fu = u - cu, fv = v - cv;
    for (int a = 0; a < 2; ++a) {
      for (int b = 0; b < 2; ++b) {
        const int px = static_cast<int>(cu) + a, py = static_cast<int>(cv) + b;
        if (px < 0 || py < 0 || px >= window.width || py >= window.height) continue;
        grid.at(px, py) += ds * (a ? fu : 1.0 - fu) * (b ? fv : 1.0 - fv);
      }
    }
  }
  return grid;
}

}  // namespace th::test
