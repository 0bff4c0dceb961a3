#include "pipeline/explorer_layers.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <iterator>

#include "core/parallel.hpp"
#include "encode/png_writer.hpp"
#include "render/explorer_tiles.hpp"
#include "render/projection.hpp"
#include "site/tile_writer.hpp"

namespace th {

namespace {

struct Category {
  ExplorerCategory value;
  Rgba colour;
  const char* css;
  const char* label;
};

// Few colours, readable on light and dark base maps: cells a translucent sky blue, the max
// cluster a stronger amber, the max square's outline opaque red.
constexpr std::array<Category, 3> kCategories = {{
    {kExplorerVisited, {56, 189, 248, 115}, "#38bdf8", "visited"},
    {kExplorerCluster, {245, 158, 11, 153}, "#f59e0b", "max cluster"},
    {kExplorerSquare, {220, 38, 38, 255}, "#dc2626", "max square"},
}};

const Palette& explorer_palette() {
  static const Palette palette = [] {
    Palette p{};
    for (const Category& c : kCategories) p[c.value] = c.colour;
    return p;
  }();
  return palette;
}

constexpr std::size_t kTilePixels = static_cast<std::size_t>(kTileSizePx) * kTileSizePx;

Bytes encode_categories(const std::vector<std::uint8_t>& categories) {
  return encode_palette_png(categories, kTileSizePx, kTileSizePx, explorer_palette());
}

// PNGs of tiles all of one category, encoded once.
const std::array<Bytes, 4>& uniform_pngs() {
  static const std::array<Bytes, 4> pngs = [] {
    std::array<Bytes, 4> out;
    for (const Category& c : kCategories) {
      out[c.value] = encode_categories(std::vector<std::uint8_t>(kTilePixels, c.value));
    }
    return out;
  }();
  return pngs;
}

// The tile's PNG from its drawn categories; `encoded` says whether it was encoded.
Bytes tile_png(const std::vector<std::uint8_t>& categories, bool& encoded) {
  const std::uint8_t first = categories.front();
  encoded = false;
  // Every byte equals the next one: libc's vectorised memcmp checks that several times faster
  // than a byte loop (most explorer tiles of a small site are one colour).
  if (first != kExplorerNone &&
      std::memcmp(categories.data(), categories.data() + 1, categories.size() - 1) == 0) {
    return uniform_pngs()[first];
  }
  encoded = true;
  return encode_categories(categories);
}

}  // namespace

std::string explorer_layer_id(int cell_zoom) {
  return "explorer-" + std::to_string(cell_zoom);
}

int explorer_layer_index(std::string_view id) {
  for (std::size_t k = 0; k < kExplorerCellZoomCount; ++k) {
    if (id == explorer_layer_id(kExplorerCellZooms[k])) return static_cast<int>(k);
  }
  return -1;
}

std::vector<std::string> explorer_layer_ids() {
  std::vector<std::string> ids;
  for (const int z : kExplorerCellZooms) ids.push_back(explorer_layer_id(z));
  return ids;
}

LayerManifest explorer_layer_manifest(int cell_zoom) {
  LayerManifest m;
  m.id = explorer_layer_id(cell_zoom);
  m.family = "explorer";
  m.label = cell_zoom == 14 ? "Explorer tiles (z14)" : "Squadrats (z17)";
  m.units = "cells";
  m.ramp = "explorer";
  m.scale = "categorical";
  m.description = "Map cells (Web Mercator tiles of zoom " + std::to_string(cell_zoom) +
                  ") any track passed through; the largest cluster of cells whose four "
                  "neighbours are visited, and the largest square of visited cells.";
  for (std::size_t i = 0; i < kCategories.size(); ++i) {
    const Category& c = kCategories[i];
    m.legend.push_back({static_cast<double>(i) / static_cast<double>(kCategories.size() - 1), c.css,
                        c.colour.a / 255.0, c.label});
  }
  return m;
}

std::vector<ActivityCells> activity_cells(const DrawnInputs& inputs, unsigned jobs,
                                          const std::vector<std::size_t>* only) {
  std::vector<ActivityCells> out(only != nullptr ? only->size() : inputs.tracks.size());
  parallel_for(out.size(), jobs, [&](unsigned, std::size_t j) {
    const std::size_t i = only != nullptr ? (*only)[j] : j;
    for (std::size_t k = 0; k < kExplorerCellZoomCount; ++k) {
      out[j][k] = track_cells(inputs.tracks[i].vertices, kExplorerCellZooms[k]);
    }
  });
  return out;
}

std::vector<std::size_t> all_indices(std::size_t count) {
  std::vector<std::size_t> all(count);
  for (std::size_t i = 0; i < count; ++i) all[i] = i;
  return all;
}

std::vector<CellKey> visited_cells(const std::vector<ActivityCells>& cells,
                                   const std::vector<std::size_t>& chosen, std::size_t k) {
  std::vector<const std::vector<CellKey>*> lists;
  lists.reserve(chosen.size());
  for (const std::size_t i : chosen) lists.push_back(&cells[i][k]);
  return union_cells(lists);
}

ExplorerMaps explorer_maps(const std::vector<ActivityCells>& cells,
                           const std::vector<std::size_t>& chosen) {
  ExplorerMaps maps;
  for (std::size_t k = 0; k < kExplorerCellZoomCount; ++k) {
    maps[k] = explorer_cells(kExplorerCellZooms[k], visited_cells(cells, chosen, k));
  }
  return maps;
}

ExplorerMaps grown_explorer_maps(const ExplorerMaps& maps,
                                 const std::vector<ActivityCells>& added) {
  ExplorerMaps out;
  for (std::size_t k = 0; k < kExplorerCellZoomCount; ++k) {
    std::vector<const std::vector<CellKey>*> lists{&maps[k].visited};
    for (const ActivityCells& a : added) lists.push_back(&a[k]);
    out[k] = explorer_cells(kExplorerCellZooms[k], union_cells(lists));
  }
  return out;
}

std::vector<ManifestExplorerStats> explorer_manifest_stats(const ExplorerMaps& maps) {
  std::vector<ManifestExplorerStats> out;
  for (const ExplorerCells& m : maps) {
    const ExplorerStats s = m.stats();
    out.push_back({m.zoom, s.visited, s.max_square, s.max_cluster});
  }
  return out;
}

Bytes explorer_tile_png(const ExplorerCells& cells, const TileKey& tile,
                        const PrivacySettings& privacy) {
  std::vector<std::uint8_t> categories(kTilePixels);
  if (!draw_explorer_tile(cells, tile, categories, &privacy)) return {};
  bool encoded = false;
  return tile_png(categories, encoded);
}

namespace {

// Cells whose look may differ between `before` and `now`: visited or in the max cluster in one
// only, and every cell of either max square when it moved. Sorted, unique.
std::vector<CellKey> changed_cells(const ExplorerCells& before, const ExplorerCells& now) {
  std::vector<CellKey> out;
  const auto add_difference = [&out](const std::vector<CellKey>& a, const std::vector<CellKey>& b) {
    std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  };
  add_difference(before.visited, now.visited);
  add_difference(before.max_cluster, now.max_cluster);
  const ExplorerSquare& a = before.square;
  const ExplorerSquare& b = now.square;
  if (a.x != b.x || a.y != b.y || a.size != b.size) {
    for (const ExplorerSquare* sq : {&a, &b}) {
      for (std::uint32_t dy = 0; dy < sq->size; ++dy) {
        for (std::uint32_t dx = 0; dx < sq->size; ++dx) {
          out.push_back(cell_key(sq->x + dx, sq->y + dy));
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whether tile (z, x, y) covers any of `changed` (cells of zoom c): its pixels depend only on
// the cells under it (render/explorer_tiles.hpp).
bool covers_changed(const std::vector<CellKey>& changed, int c, const TileKey& tile) {
  if (changed.empty()) return false;
  if (static_cast<int>(tile.z) >= c) {
    const int down = static_cast<int>(tile.z) - c;
    return std::binary_search(changed.begin(), changed.end(),
                              cell_key(tile.x >> down, tile.y >> down));
  }
  const int up = c - static_cast<int>(tile.z);
  const std::uint64_t x0 = std::uint64_t{tile.x} << up, x1 = (std::uint64_t{tile.x} + 1) << up;
  const std::uint64_t y0 = std::uint64_t{tile.y} << up, y1 = (std::uint64_t{tile.y} + 1) << up;
  // Cells are ordered by (y, x): look up each row of the tile's cells.
  for (std::uint64_t y = y0; y < y1; ++y) {
    const auto lo =
        std::lower_bound(changed.begin(), changed.end(),
                         cell_key(static_cast<std::uint32_t>(x0), static_cast<std::uint32_t>(y)));
    if (lo != changed.end() && cell_y(*lo) == y && cell_x(*lo) < x1) return true;
    if (lo == changed.end()) return false;
    if (cell_y(*lo) > y) y = cell_y(*lo) - 1;  // skip rows with no changed cell
  }
  return false;
}

}  // namespace

ExplorerWriteStats write_explorer_tiles(const ExplorerMaps& maps, const PrivacySettings& privacy,
                                        int min_zoom, int max_zoom, unsigned jobs,
                                        TileWriter& writer, const ExplorerMaps* live) {
  std::atomic<std::uint64_t> tiles{0}, encoded{0}, kept{0};
  std::vector<std::vector<std::uint8_t>> scratch(std::max(1u, jobs),
                                                 std::vector<std::uint8_t>(kTilePixels));
  for (std::size_t k = 0; k < maps.size(); ++k) {
    const ExplorerCells& cells = maps[k];
    const std::string layer = explorer_layer_id(cells.zoom);
    const std::vector<CellKey> changed =
        live != nullptr ? changed_cells((*live)[k], cells) : std::vector<CellKey>{};
    for (int z = min_zoom; z <= max_zoom; ++z) {
      const std::vector<TileKey> keys = explorer_tiles(cells, z);
      parallel_for(keys.size(), jobs, [&](unsigned worker, std::size_t i) {
        const TileKey& key = keys[i];
        const int x = static_cast<int>(key.x), y = static_cast<int>(key.y);
        // Drawn from the same cells as the live tile: the live PNG stays (when it is there).
        if (live != nullptr && !covers_changed(changed, cells.zoom, key) &&
            writer.keep(layer, key.z, x, y)) {
          ++kept;
          return;
        }
        std::vector<std::uint8_t>& categories = scratch[worker];
        if (!draw_explorer_tile(cells, key, categories, &privacy)) return;
        bool fresh = false;
        const Bytes png = tile_png(categories, fresh);
        writer.put(layer, key.z, x, y, png);
        ++tiles;
        if (fresh) ++encoded;
      });
    }
  }
  return {tiles, encoded, kept};
}

}  // namespace th
