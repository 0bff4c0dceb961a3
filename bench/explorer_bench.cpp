// The explorer layers on a built site (make bench's 5,000-activity demo, or any site):
//
//   explorer_bench <cache dir> <site dir>
//
// Prints: the cells of every drawn activity (total list entries per cell zoom, and the time to
// compute them: what each build and each `serve` start pays), the union and stats of all of
// them (each build), a filter of the later half of the dates (each new live filter, with the
// "new" cells), and the size per-activity cell lists would add to data/activities.js as
// delta-coded text (the viewer could then filter explorer stats without `serve`).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "live/live_explorer.hpp"
#include "live/live_index.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// One activity's sorted cells as JavaScript array text: the first cell absolute (x, y), then
// per cell the row step and the column (relative to the previous cell in the same row, to the
// first cell's column on a new row).
std::size_t delta_text_bytes(const std::vector<th::CellKey>& cells) {
  std::string out = "[";
  std::int64_t px = 0, py = 0, x0 = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::int64_t x = th::cell_x(cells[i]), y = th::cell_y(cells[i]);
    if (i == 0) {
      x0 = x;
      out += std::to_string(x) + "," + std::to_string(y);
    } else {
      const std::int64_t dy = y - py;
      out += "," + std::to_string(dy) + "," + std::to_string(dy == 0 ? x - px : x - x0);
    }
    px = x, py = y;
  }
  out += "],";
  return out.size();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: explorer_bench CACHE_DIR SITE_DIR\n");
    return 2;
  }
  auto t0 = Clock::now();
  const auto index = th::live::LiveIndex::load(argv[1], argv[2], 0);
  std::printf("index: %zu activities loaded in %.2f s (cells included)\n",
              index->activities().size(), ms_since(t0) / 1000);
  const auto& cells = index->explorer_cells();
  for (std::size_t k = 0; k < th::kExplorerCellZoomCount; ++k) {
    std::size_t entries = 0, text = 0;
    for (const auto& a : cells) {
      entries += a[k].size();
      text += delta_text_bytes(a[k]);
    }
    std::printf("z%d: %zu per-activity cell entries, %.1f MB as delta-coded text\n",
                th::kExplorerCellZooms[k], entries, static_cast<double>(text) / 1e6);
  }
  t0 = Clock::now();
  const th::ExplorerMaps all = th::explorer_maps(cells, th::all_indices(cells.size()));
  std::printf("union and stats of all activities: %.0f ms\n", ms_since(t0));
  for (const auto& m : all) {
    const th::ExplorerStats s = m.stats();
    std::printf("  z%d: %llu visited, max square %u, max cluster %llu\n", m.zoom,
                static_cast<unsigned long long>(s.visited), s.max_square,
                static_cast<unsigned long long>(s.max_cluster));
  }
  std::vector<std::int64_t> days;
  for (const auto& a : index->activities()) {
    if (a.facts.local_day) days.push_back(*a.facts.local_day);
  }
  std::sort(days.begin(), days.end());
  th::live::LiveFilter filter;
  if (!days.empty()) filter.after_day = days[days.size() / 2];
  t0 = Clock::now();
  const th::live::LiveExplorer later =
      th::live::live_explorer(*index, filter, index->selection(filter));
  std::printf("a filter (later half of the dates, with new cells): %.0f ms\n", ms_since(t0));
  for (std::size_t k = 0; k < th::kExplorerCellZoomCount; ++k) {
    std::printf("  z%d: %llu visited, %llu new\n", th::kExplorerCellZooms[k],
                static_cast<unsigned long long>(later.maps[k].visited.size()),
                static_cast<unsigned long long>(later.new_cells[k]));
  }
  return 0;
}
