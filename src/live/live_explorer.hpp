#pragma once
// The explorer layers of the live map: a filter's visited cells, stats and tiles, from the
// per-activity cell lists the LiveIndex keeps (pipeline/explorer_layers.hpp). A filter's cells
// are the union of its activities' cells, so its tiles and stats equal those of a build of only
// those activities.
//
// "new" counts the cells first visited within the filter's dates: visited by the filter's
// activities and by no activity that the filter without its dates selects and that started
// before `after` (without `after`, every visited cell is new).
#include <array>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "live/live_filter.hpp"
#include "pipeline/explorer_layers.hpp"

namespace th::live {

class LiveIndex;

struct LiveExplorer {
  ExplorerMaps maps;
  std::array<std::uint64_t, kExplorerCellZoomCount> new_cells{};
};

// `keep`: LiveIndex::selection(filter).
LiveExplorer live_explorer(const LiveIndex& index, const LiveFilter& filter,
                           const std::vector<bool>& keep);

// The live manifest's "explorer" object: {"14": {"visited", "max_square", "max_cluster",
// "new"}, "17": {...}}.
nlohmann::json explorer_json(const LiveExplorer& explorer);

}  // namespace th::live
