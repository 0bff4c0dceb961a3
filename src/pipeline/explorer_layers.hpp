#pragma once
// The explorer layers: `explorer-14` and `explorer-17`, the visited cells of each cell zoom
// (render/explorer_cells.hpp) drawn as tile pyramids over the site's zooms, their manifest
// entries and the build's explorer stats. `trackheat build` writes them after the heat layers;
// the live map of `trackheat serve` draws the same tiles for a filter's activities.
//
//   DrawnInputs ─► activity_cells(): per drawn activity, per cell zoom, its cells (all cores)
//   ─► explorer_maps(): union over the chosen activities, max square, max cluster
//   ─► explorer_tile_png(): one tile, palette PNG (nothing drawn: empty)
//
// The cell sets are recomputed every build (0.3 s for the 5,000-activity demo), except when the
// build only adds activities to the live site's: its maps then grow by the cells of those
// (grown_explorer_maps). Against the maps of the live site (kept in the render cache,
// render_cache.hpp), only tiles over cells whose look changed are drawn; the others keep their live
// PNGs. Tiles of one colour (a zoom finer than the cells) are encoded once per colour.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "pipeline/drawn_inputs.hpp"
#include "render/explorer_cells.hpp"
#include "site/manifest.hpp"

namespace th {

class TileWriter;

inline constexpr std::size_t kExplorerCellZoomCount = kExplorerCellZooms.size();
// Bump whenever explorer tiles change their look: it enters the build fingerprint.
inline constexpr int kExplorerVersion = 1;

// "explorer-14", "explorer-17".
std::string explorer_layer_id(int cell_zoom);
// The cell zoom number (into kExplorerCellZooms) of an explorer layer id; -1 for another id.
int explorer_layer_index(std::string_view id);
std::vector<std::string> explorer_layer_ids();
// The layer entry of the manifest: family "explorer", scale "categorical", a legend of the
// three categories with the tiles' colours.
LayerManifest explorer_layer_manifest(int cell_zoom);

// One drawn activity's cells, per cell zoom (kExplorerCellZooms order); sorted, unique.
using ActivityCells = std::array<std::vector<CellKey>, kExplorerCellZoomCount>;

// Per drawn activity (DrawnInputs order), on `jobs` threads; with `only`, per activity it lists
// (indices into the drawn activities), in its order.
std::vector<ActivityCells> activity_cells(const DrawnInputs& inputs, unsigned jobs,
                                          const std::vector<std::size_t>* only = nullptr);

// The cells of cell zoom number `k` (into kExplorerCellZooms) that the activities `chosen`
// (indices into `cells`) visit: sorted, unique.
std::vector<CellKey> visited_cells(const std::vector<ActivityCells>& cells,
                                   const std::vector<std::size_t>& chosen, std::size_t k);

// The explorer cells of the activities `chosen` (indices into `cells`), per cell zoom.
using ExplorerMaps = std::array<ExplorerCells, kExplorerCellZoomCount>;
ExplorerMaps explorer_maps(const std::vector<ActivityCells>& cells,
                           const std::vector<std::size_t>& chosen);
std::vector<std::size_t> all_indices(std::size_t count);
// `maps` with the cells of `added` visited too: the maps of a set of activities grown by more.
ExplorerMaps grown_explorer_maps(const ExplorerMaps& maps, const std::vector<ActivityCells>& added);

// The manifest's "explorer" entry of `maps`.
std::vector<ManifestExplorerStats> explorer_manifest_stats(const ExplorerMaps& maps);

// The PNG of tile (z, x, y) of `cells`' layer, pixels wholly inside `privacy`'s hidden circles
// left empty (render/explorer_tiles.hpp); empty when the tile draws nothing.
Bytes explorer_tile_png(const ExplorerCells& cells, const TileKey& tile,
                        const PrivacySettings& privacy);

struct ExplorerWriteStats {
  std::uint64_t tiles = 0;    // tiles drawn and offered to the writer, both layers, all zooms
  std::uint64_t encoded = 0;  // of those, PNGs encoded (one-colour tiles reuse one PNG)
  std::uint64_t kept = 0;     // tiles whose live PNG stays (keep()), unchanged since `live`
};

// Offers every tile of both layers at zooms min_zoom..max_zoom to `writer` (on `jobs` threads).
// With `live`, the maps the live site's explorer tiles were drawn from (same zooms, same privacy
// settings), a tile that covers no cell whose look changed keeps its live PNG instead: a tile's
// pixels depend only on the cells under it.
ExplorerWriteStats write_explorer_tiles(const ExplorerMaps& maps, const PrivacySettings& privacy,
                                        int min_zoom, int max_zoom, unsigned jobs,
                                        TileWriter& writer, const ExplorerMaps* live = nullptr);

}  // namespace th
