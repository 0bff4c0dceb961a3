#pragma once
// Explorer tiles: one cell zoom's cells (render/explorer_cells.hpp) drawn into 256 px tiles of
// any zoom, as four categories a palette colours (pipeline/explorer_layers.hpp).
//
// A cell covers, at tile zoom z and cell zoom c, the pixels [x << (z + 8 - c), (x + 1) << ...)
// when a cell is at least a pixel wide, else the one pixel x >> (c - z - 8): a pixel is shaded
// when any visited cell falls in it. Categories, later ones drawn over earlier ones:
//   kExplorerVisited  a visited cell;
//   kExplorerCluster  a cell of the max cluster;
//   kExplorerSquare   the outline of the max square, kExplorerOutlinePx wide inside its edge
//                     (the whole square when it is narrower than two outlines).
// With privacy settings, pixels wholly inside a hidden circle stay empty, as in every other
// layer (render/privacy.hpp, hidden_pixels): a visited cell beside a zone is shaded around it.
#include <cstdint>
#include <span>
#include <vector>

#include "core/tile_key.hpp"
#include "render/explorer_cells.hpp"
#include "render/privacy.hpp"

namespace th {

enum ExplorerCategory : std::uint8_t {
  kExplorerNone = 0,
  kExplorerVisited = 1,
  kExplorerCluster = 2,
  kExplorerSquare = 3,
};

inline constexpr int kExplorerOutlinePx = 2;

// The tiles of zoom `z` (0..kMaxTileZoom) that draw something of `cells`: sorted, unique.
std::vector<TileKey> explorer_tiles(const ExplorerCells& cells, int z);

// Draws `tile` into `categories` (256 * 256, row-major, cleared first). Returns whether any
// pixel is not kExplorerNone. `privacy` may be null (nothing hidden).
bool draw_explorer_tile(const ExplorerCells& cells, const TileKey& tile,
                        std::span<std::uint8_t> categories,
                        const PrivacySettings* privacy = nullptr);

}  // namespace th
