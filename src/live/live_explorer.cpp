#include "live/live_explorer.hpp"

#include <string>

#include "live/live_index.hpp"

namespace th::live {

namespace {

std::vector<std::size_t> chosen(const std::vector<bool>& keep) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) out.push_back(i);
  }
  return out;
}

}  // namespace

LiveExplorer live_explorer(const LiveIndex& index, const LiveFilter& filter,
                           const std::vector<bool>& keep) {
  LiveExplorer out;
  out.maps = explorer_maps(index.explorer_cells(), chosen(keep));
  for (std::size_t k = 0; k < kExplorerCellZoomCount; ++k) {
    out.new_cells[k] = out.maps[k].visited.size();
  }
  if (!filter.after_day) return out;
  LiveFilter earlier = filter;
  earlier.after_day.reset();
  earlier.before_day = *filter.after_day - 1;
  const std::vector<std::size_t> before = chosen(index.selection(earlier));
  for (std::size_t k = 0; k < kExplorerCellZoomCount; ++k) {
    out.new_cells[k] =
        cells_not_in(out.maps[k].visited, visited_cells(index.explorer_cells(), before, k));
  }
  return out;
}

nlohmann::json explorer_json(const LiveExplorer& explorer) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t k = 0; k < kExplorerCellZoomCount; ++k) {
    const ExplorerStats s = explorer.maps[k].stats();
    j[std::to_string(kExplorerCellZooms[k])] = {{"visited", s.visited},
                                                {"max_square", s.max_square},
                                                {"max_cluster", s.max_cluster},
                                                {"new", explorer.new_cells[k]}};
  }
  return j;
}

}  // namespace th::live
