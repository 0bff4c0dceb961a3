#pragma once
// Per-zoom normalisation: from a zoom's code histograms to each layer's LayerScale, and from a
// tile's codes to 8-bit palette indices for one layer.

#include <array>
#include <cstdint>
#include <vector>

#include "render/layers.hpp"
#include "render/zoom_renderer.hpp"

namespace th {

using ZoomScales = std::array<LayerScale, kLayerCount>;

// `now_day` (days since 1970 + 1, as PixelSums::latest_day) anchors recency at the build date.
// Percentile scales are snapped outwards to a grid (1/16 of a doubling; 30 days for recency) so
// that adding an activity rarely moves them: equal histograms give equal scales, and nearly
// equal ones usually do too.
ZoomScales scales_for_zoom(const std::array<CodeHistogram, kLayerCount>& histograms,
                           double now_day);

// Palette index for every 16-bit code of one layer at one zoom (0 for code 0): computed once
// per zoom, so colouring a pixel is one table lookup.
using IndexTable = std::vector<std::uint8_t>;  // 65536 entries
IndexTable index_table(LayerId layer, const LayerScale& scale);

// 256 × 256 palette indices of one layer of a tile (0 = transparent). Returns false when the
// layer has nothing in this tile (the tile is not written for that layer).
bool tile_indices(const TileCodes& tile, LayerId layer, const IndexTable& table,
                  std::vector<std::uint8_t>& indices);

}  // namespace th
