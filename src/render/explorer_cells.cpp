#include "render/explorer_cells.hpp"

#include <algorithm>
#include <stdexcept>

namespace th {

namespace {

__extension__ typedef unsigned __int128 Wide;  // products of two 33-bit distances

void sort_unique(std::vector<CellKey>& cells) {
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
}

bool contains(const std::vector<CellKey>& sorted, CellKey key) {
  return std::binary_search(sorted.begin(), sorted.end(), key);
}

// The cells west, east, north and south of `key` (fewer at the grid's edges).
template <typename F>
void for_each_neighbour(CellKey key, std::uint32_t grid, F&& f) {
  const std::uint32_t x = cell_x(key), y = cell_y(key);
  if (x > 0) f(cell_key(x - 1, y));
  if (x + 1 < grid) f(cell_key(x + 1, y));
  if (y > 0) f(cell_key(x, y - 1));
  if (y + 1 < grid) f(cell_key(x, y + 1));
}

ExplorerSquare largest_square(const std::vector<CellKey>& visited) {
  // side[i]: the largest square of visited cells whose bottom-right cell is visited[i].
  std::vector<std::uint32_t> side(visited.size(), 0);
  const auto side_at = [&](std::uint32_t x, std::uint32_t y, std::size_t upto) -> std::uint32_t {
    const auto end = visited.begin() + static_cast<std::ptrdiff_t>(upto);
    const auto it = std::lower_bound(visited.begin(), end, cell_key(x, y));
    return it != end && *it == cell_key(x, y) ? side[static_cast<std::size_t>(it - visited.begin())]
                                              : 0;
  };
  ExplorerSquare best;
  for (std::size_t i = 0; i < visited.size(); ++i) {
    const std::uint32_t x = cell_x(visited[i]), y = cell_y(visited[i]);
    std::uint32_t s = 1;
    if (x > 0 && y > 0) {
      s = 1 + std::min({side_at(x - 1, y, i), side_at(x, y - 1, i), side_at(x - 1, y - 1, i)});
    }
    side[i] = s;
    const std::uint32_t top = y + 1 - s, left = x + 1 - s;
    if (s > best.size || (s == best.size && cell_key(left, top) < cell_key(best.x, best.y))) {
      best = {left, top, s};
    }
  }
  return best;
}

std::vector<CellKey> largest_cluster(const std::vector<CellKey>& visited, int zoom) {
  const std::uint32_t grid = std::uint32_t{1} << zoom;
  std::vector<CellKey> cluster;
  for (const CellKey key : visited) {
    int neighbours = 0;
    for_each_neighbour(key, grid, [&](CellKey n) { neighbours += contains(visited, n) ? 1 : 0; });
    if (neighbours == 4) cluster.push_back(key);
  }
  // Components by flood fill, in key order: the first of the largest wins a tie.
  std::vector<bool> seen(cluster.size(), false);
  std::vector<CellKey> best, current, stack;
  for (std::size_t i = 0; i < cluster.size(); ++i) {
    if (seen[i]) continue;
    current.clear();
    stack.assign(1, cluster[i]);
    seen[i] = true;
    while (!stack.empty()) {
      const CellKey key = stack.back();
      stack.pop_back();
      current.push_back(key);
      for_each_neighbour(key, grid, [&](CellKey n) {
        const auto it = std::lower_bound(cluster.begin(), cluster.end(), n);
        if (it == cluster.end() || *it != n) return;
        const auto k = static_cast<std::size_t>(it - cluster.begin());
        if (seen[k]) return;
        seen[k] = true;
        stack.push_back(n);
      });
    }
    if (current.size() > best.size()) best = current;
  }
  std::sort(best.begin(), best.end());
  return best;
}

}  // namespace

void segment_cells(FixedPoint a, FixedPoint b, int zoom, std::vector<CellKey>& out) {
  if (zoom < 1 || zoom > kMaxFixedZoom) throw std::invalid_argument("segment_cells: bad zoom");
  const int shift = 32 - zoom;
  const std::uint64_t size = std::uint64_t{1} << shift;
  const std::uint64_t ax = a.x, ay = a.y;
  std::uint64_t cx = ax >> shift, cy = ay >> shift;
  const std::uint64_t ex = std::uint64_t{b.x} >> shift, ey = std::uint64_t{b.y} >> shift;
  out.push_back(cell_key(static_cast<std::uint32_t>(cx), static_cast<std::uint32_t>(cy)));
  const bool east = b.x > a.x, south = b.y > a.y;
  const std::uint64_t adx = east ? b.x - a.x : a.x - b.x;
  const std::uint64_t ady = south ? b.y - a.y : a.y - b.y;
  // Distance from a to the next cell boundary along each axis: the segment crosses the x one at
  // t = nx / adx and the y one at t = ny / ady, compared exactly as nx * ady against ny * adx.
  std::uint64_t nx = east ? ((cx + 1) << shift) - ax : ax - (cx << shift);
  std::uint64_t ny = south ? ((cy + 1) << shift) - ay : ay - (cy << shift);
  const auto step_x = [&] {
    cx = east ? cx + 1 : cx - 1;
    nx += size;
  };
  const auto step_y = [&] {
    cy = south ? cy + 1 : cy - 1;
    ny += size;
  };
  const auto push = [&](std::uint64_t x, std::uint64_t y) {
    out.push_back(cell_key(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)));
  };
  // A crossing at t = 1 exactly (b on a boundary) must not step past b's cell, so an axis whose
  // cell already is b's never steps.
  while (cx != ex || cy != ey) {
    if (cx == ex) {
      step_y();
    } else if (cy == ey) {
      step_x();
    } else {
      const Wide tx = static_cast<Wide>(nx) * ady, ty = static_cast<Wide>(ny) * adx;
      if (tx < ty) {
        step_x();
      } else if (ty < tx) {
        step_y();
      } else {  // through a corner: the two cells beside it are touched too
        push(east ? cx + 1 : cx - 1, cy);
        push(cx, south ? cy + 1 : cy - 1);
        step_x();
        step_y();
      }
    }
    push(cx, cy);
  }
}

std::vector<CellKey> track_cells(std::span<const TrackVertex> vertices, int zoom) {
  std::vector<CellKey> cells;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const FixedPoint p = vertices[i].point();
    if (i == 0 || vertices[i].run_start) {
      segment_cells(p, p, zoom, cells);
    } else {
      segment_cells(vertices[i - 1].point(), p, zoom, cells);
    }
  }
  sort_unique(cells);
  return cells;
}

std::vector<CellKey> union_cells(std::span<const std::vector<CellKey>* const> lists) {
  std::size_t total = 0;
  for (const auto* list : lists) total += list->size();
  std::vector<CellKey> out;
  out.reserve(total);
  for (const auto* list : lists) out.insert(out.end(), list->begin(), list->end());
  sort_unique(out);
  return out;
}

std::uint64_t cells_not_in(const std::vector<CellKey>& visited,
                           const std::vector<CellKey>& earlier) {
  std::uint64_t n = 0;
  auto it = earlier.begin();
  for (const CellKey key : visited) {
    it = std::lower_bound(it, earlier.end(), key);
    if (it == earlier.end() || *it != key) ++n;
  }
  return n;
}

ExplorerCells explorer_cells(int zoom, std::vector<CellKey> visited) {
  ExplorerCells out;
  out.zoom = zoom;
  out.visited = std::move(visited);
  out.square = largest_square(out.visited);
  out.max_cluster = largest_cluster(out.visited, zoom);
  return out;
}

}  // namespace th
