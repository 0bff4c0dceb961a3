#include "live/live_scales.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

namespace th::live {

namespace {

// At least one row in 16 is drawn.
constexpr int kMaxRowStep = 16;

}  // namespace

ZoomScaleEstimate estimate_scales(const ZoomGeometry& g, const std::vector<bool>& keep,
                                  double now_day, std::uint64_t segment_budget,
                                  TileRenderer& scratch) {
  ZoomScaleEstimate out;
  std::vector<std::pair<std::uint64_t, std::size_t>> tiles;  // (filtered segments, tile)
  std::uint64_t total = 0;
  for (std::size_t k = 0; k < g.tile_count(); ++k) {
    const std::uint64_t n = g.tile_segments(k, &keep);
    if (n == 0) continue;
    tiles.emplace_back(n, k);
    total += n;
  }
  if (total == 0) return out;
  out.any = true;
  // The busiest tiles, drawn in full while they fit half the budget: a frequency scale's top
  // percentile lives there. The other tiles (all of them when they do not fit) are sampled by
  // rows with what is left.
  std::sort(tiles.begin(), tiles.end(), std::greater<>());
  std::size_t full = 0;
  std::uint64_t full_segments = 0;
  if (total > segment_budget) {
    while (full < tiles.size() && full_segments + tiles[full].first <= segment_budget / 2) {
      full_segments += tiles[full++].first;
    }
  } else {
    full = tiles.size();
  }
  // One row in `step` (the finest interleave: a cluster of hot pixels a few rows high is sampled
  // in proportion, where bands of several rows take it whole or miss it).
  RowSample sample;
  if (full < tiles.size()) {
    const double share = static_cast<double>(segment_budget - full_segments) /
                         static_cast<double>(total - full_segments);
    sample = {std::clamp(static_cast<int>(std::floor(1 / share)), 1, kMaxRowStep), 1};
  }
  out.exact = full == tiles.size() || sample.rows >= sample.step;
  out.row_share = out.exact ? 1.0 : static_cast<double>(sample.rows) / sample.step;
  // A sampled pixel stands for step / rows pixels, a pixel of a tile drawn in full for one:
  // weights `step` and `rows`.
  ZoomHistograms histograms = empty_histograms();
  for (std::size_t t = 0; t < tiles.size(); ++t) {
    const bool whole = t < full || out.exact;
    const TileCodes codes =
        render_tile(g, tiles[t].second, &keep, scratch, whole ? RowSample{} : sample);
    const auto weight = static_cast<std::uint64_t>(whole ? sample.rows : sample.step);
    ++out.tiles_drawn;
    for (std::size_t i = 0; i < codes.pixels.size(); ++i) {
      for (std::size_t l = 0; l < kLayerCount; ++l) {
        const std::uint16_t c = codes.codes[i * kLayerCount + l];
        if (c != 0) histograms[l][c] += weight;
      }
    }
  }
  out.scales = scales_for_zoom(histograms, now_day);
  return out;
}

}  // namespace th::live
