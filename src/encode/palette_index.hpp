#pragma once
// From a tile's 16-bit layer codes (render/layers.hpp) to the 8-bit palette indices a tile PNG
// stores (color_ramp.hpp: 0 transparent, 1..255 the ramp). Rendering ends at codes and per-zoom
// scales (render/normalize.hpp); colouring them is the first step of encoding.

#include <cstdint>
#include <vector>

#include "render/layers.hpp"
#include "render/zoom_renderer.hpp"

namespace th {

// Palette index for every 16-bit code of one layer at one zoom (0 for code 0): computed once
// per zoom, so colouring a pixel is one table lookup.
using IndexTable = std::vector<std::uint8_t>;  // 65536 entries
IndexTable index_table(LayerId layer, const LayerScale& scale);

// 256 × 256 palette indices of one layer of a tile (0 = transparent). Returns false when the
// layer has nothing in this tile (the tile is not written for that layer).
bool tile_indices(const TileCodes& tile, LayerId layer, const IndexTable& table,
                  std::vector<std::uint8_t>& indices);

// The same layer as its non-zero pixels only: pixel numbers (y * 256 + x, increasing) and their
// indices, for encode_sparse_palette_png. Returns false when there is none.
bool tile_index_pixels(const TileCodes& tile, LayerId layer, const IndexTable& table,
                       std::vector<std::uint32_t>& pixels, std::vector<std::uint8_t>& indices);

}  // namespace th
