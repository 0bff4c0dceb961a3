#pragma once
// Synthetic heatmap tiles shaped like the renderer's output, for the PNG tests and benchmark:
// thin anti-aliased polylines (about two pixels wide, soft edges) whose heat adds up where they
// cross, quantised with index_for() on a log scale like the frequency-log layer.
//   Kind::Sparse  a handful of tracks crossing the tile: ~2-10 % of pixels non-zero (typical);
//   Kind::Corner  one short track clipping a corner: the "empty but for a corner" tile;
//   Kind::Dense   a city centre: hundreds of tracks, most pixels non-zero.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "encode/color_ramp.hpp"

namespace th::test {

enum class TileKind { Sparse, Corner, Dense };

inline constexpr int kTileSize = 256;

// Adds one anti-aliased segment's heat: full weight within 0.5 px of the centre line, falling
// linearly to zero at 1.5 px.
inline void add_segment(std::vector<float>& heat, double x0, double y0, double x1, double y1,
                        float weight) {
  constexpr double kInner = 0.5;
  constexpr double kOuter = 1.5;
  const int min_x = std::max(0, static_cast<int>(std::floor(std::min(x0, x1) - kOuter)));
  const int max_x = std::min(kTileSize - 1, static_cast<int>(std::ceil(std::max(x0, x1) + kOuter)));
  const int min_y = std::max(0, static_cast<int>(std::floor(std::min(y0, y1) - kOuter)));
  const int max_y = std::min(kTileSize - 1, static_cast<int>(std::ceil(std::max(y0, y1) + kOuter)));
  const double dx = x1 - x0;
  const double dy = y1 - y0;
  const double len2 = dx * dx + dy * dy;
  for (int py = min_y; py <= max_y; ++py) {
    for (int px = min_x; px <= max_x; ++px) {
      const double cx = px + 0.5 - x0;
      const double cy = py + 0.5 - y0;
      const double f = len2 > 0 ? std::clamp((cx * dx + cy * dy) / len2, 0.0, 1.0) : 0.0;
      const double d = std::hypot(cx - f * dx, cy - f * dy);
      if (d >= kOuter) continue;
      const double coverage = d <= kInner ? 1.0 : (kOuter - d) / (kOuter - kInner);
      heat[static_cast<std::size_t>(py) * kTileSize + px] += static_cast<float>(coverage) * weight;
    }
  }
}

// A wandering polyline from a random point, `steps` segments of ~`step_px` pixels.
inline void add_track(std::vector<float>& heat, std::mt19937& rng, double x, double y, int steps,
                      double step_px, float weight) {
  std::uniform_real_distribution<double> turn(-0.5, 0.5);
  double heading = std::uniform_real_distribution<double>(0.0, 6.283185307179586)(rng);
  for (int i = 0; i < steps; ++i) {
    heading += turn(rng);
    const double nx = x + step_px * std::cos(heading);
    const double ny = y + step_px * std::sin(heading);
    add_segment(heat, x, y, nx, ny, weight);
    x = nx;
    y = ny;
  }
}

// Palette indices (kTileSize² bytes) of one synthetic tile; equal seeds give equal tiles.
inline std::vector<std::uint8_t> synthetic_tile(TileKind kind, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> pos(0.0, kTileSize);
  std::uniform_int_distribution<int> repeats(1, 40);  // how often a track was run
  std::vector<float> heat(static_cast<std::size_t>(kTileSize) * kTileSize, 0.0f);
  switch (kind) {
    case TileKind::Sparse:
      for (int i = 0; i < 8; ++i) {
        add_track(heat, rng, pos(rng), pos(rng), 24, 12.0, static_cast<float>(repeats(rng)));
      }
      break;
    case TileKind::Corner:
      add_track(heat, rng, 4.0, 4.0, 3, 6.0, static_cast<float>(repeats(rng)));
      break;
    case TileKind::Dense:
      for (int i = 0; i < 400; ++i) {
        add_track(heat, rng, pos(rng), pos(rng), 30, 10.0, static_cast<float>(repeats(rng)));
      }
      break;
  }
  // Log scale against a fixed maximum, as the frequency-log layer normalises per zoom.
  const double log_max = std::log1p(400.0);
  std::vector<std::uint8_t> indices(heat.size());
  for (std::size_t i = 0; i < heat.size(); ++i) {
    indices[i] = index_for(std::log1p(static_cast<double>(heat[i])) / log_max);
  }
  return indices;
}

inline double non_zero_fraction(const std::vector<std::uint8_t>& indices) {
  const auto zeros = std::count(indices.begin(), indices.end(), std::uint8_t{0});
  return 1.0 - static_cast<double>(zeros) / static_cast<double>(indices.size());
}

}  // namespace th::test
