#include "render/explorer_tiles.hpp"

#include <algorithm>
#include <stdexcept>

#include "render/projection.hpp"

namespace th {

namespace {

// Half-open pixel range [lo, hi) at tile zoom z of the cells [a, b) of cell zoom c.
struct Span {
  std::int64_t lo = 0;
  std::int64_t hi = 0;
};

Span pixel_span(std::int64_t a, std::int64_t b, int c, int z) {
  const int up = z + 8 - c;
  if (up >= 0) return {a << up, b << up};
  return {a >> -up, ((b - 1) >> -up) + 1};
}

// Inclusive range of cells of zoom c under pixels [lo, hi) of zoom z.
Span cell_range(std::int64_t lo, std::int64_t hi, int c, int z) {
  const int up = z + 8 - c;
  if (up >= 0) return {lo >> up, (hi - 1) >> up};
  return {lo << -up, (hi << -up) - 1};
}

// Calls f(cell) for each cell of sorted `cells` inside the inclusive ranges xs, ys.
template <typename F>
void for_cells_in(const std::vector<CellKey>& cells, Span xs, Span ys, F&& f) {
  const auto x0 = static_cast<std::uint32_t>(xs.lo), x1 = static_cast<std::uint32_t>(xs.hi);
  const auto y1 = static_cast<std::uint32_t>(ys.hi);
  auto it =
      std::lower_bound(cells.begin(), cells.end(), cell_key(x0, static_cast<std::uint32_t>(ys.lo)));
  while (it != cells.end()) {
    const std::uint32_t x = cell_x(*it), y = cell_y(*it);
    if (y > y1) break;
    if (x < x0) {
      it = std::lower_bound(it, cells.end(), cell_key(x0, y));
    } else if (x > x1) {
      if (y == y1) break;
      it = std::lower_bound(it, cells.end(), cell_key(x0, y + 1));
    } else {
      f(*it);
      ++it;
    }
  }
}

void fill(std::span<std::uint8_t> out, Span tx, Span ty, Span xs, Span ys, std::uint8_t value) {
  const std::int64_t x0 = std::max(xs.lo, tx.lo), x1 = std::min(xs.hi, tx.hi);
  const std::int64_t y0 = std::max(ys.lo, ty.lo), y1 = std::min(ys.hi, ty.hi);
  for (std::int64_t y = y0; y < y1; ++y) {
    for (std::int64_t x = x0; x < x1; ++x) {
      out[static_cast<std::size_t>((y - ty.lo) * kTileSizePx + (x - tx.lo))] = value;
    }
  }
}

}  // namespace

std::vector<TileKey> explorer_tiles(const ExplorerCells& cells, int z) {
  if (z < 0 || z > kMaxTileZoom) throw std::invalid_argument("explorer_tiles: bad zoom");
  std::vector<TileKey> out;
  const int c = cells.zoom;
  for (const CellKey key : cells.visited) {
    const std::int64_t x = cell_x(key), y = cell_y(key);
    if (z <= c) {
      out.push_back(
          {z, static_cast<std::uint32_t>(x >> (c - z)), static_cast<std::uint32_t>(y >> (c - z))});
      continue;
    }
    const int up = z - c;
    for (std::int64_t ty = y << up; ty < (y + 1) << up; ++ty) {
      for (std::int64_t tx = x << up; tx < (x + 1) << up; ++tx) {
        out.push_back({z, static_cast<std::uint32_t>(tx), static_cast<std::uint32_t>(ty)});
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool draw_explorer_tile(const ExplorerCells& cells, const TileKey& tile,
                        std::span<std::uint8_t> categories, const PrivacySettings* privacy) {
  if (categories.size() != static_cast<std::size_t>(kTileSizePx) * kTileSizePx) {
    throw std::invalid_argument("draw_explorer_tile: need 256 x 256 categories");
  }
  std::fill(categories.begin(), categories.end(), kExplorerNone);
  const int c = cells.zoom, z = tile.z;
  const Span tx{std::int64_t{tile.x} * kTileSizePx, (std::int64_t{tile.x} + 1) * kTileSizePx};
  const Span ty{std::int64_t{tile.y} * kTileSizePx, (std::int64_t{tile.y} + 1) * kTileSizePx};
  const Span xs = cell_range(tx.lo, tx.hi, c, z), ys = cell_range(ty.lo, ty.hi, c, z);
  bool any = false;
  const auto paint = [&](const std::vector<CellKey>& list, std::uint8_t value) {
    for_cells_in(list, xs, ys, [&](CellKey key) {
      const std::int64_t x = cell_x(key), y = cell_y(key);
      fill(categories, tx, ty, pixel_span(x, x + 1, c, z), pixel_span(y, y + 1, c, z), value);
      any = true;
    });
  };
  paint(cells.visited, kExplorerVisited);
  paint(cells.max_cluster, kExplorerCluster);
  if (cells.square.size > 0) {
    const std::int64_t sx = cells.square.x, sy = cells.square.y, n = cells.square.size;
    const Span px = pixel_span(sx, sx + n, c, z), py = pixel_span(sy, sy + n, c, z);
    const std::int64_t w = kExplorerOutlinePx;
    if (px.hi - px.lo <= 2 * w || py.hi - py.lo <= 2 * w) {
      fill(categories, tx, ty, px, py, kExplorerSquare);
    } else {
      fill(categories, tx, ty, px, {py.lo, py.lo + w}, kExplorerSquare);
      fill(categories, tx, ty, px, {py.hi - w, py.hi}, kExplorerSquare);
      fill(categories, tx, ty, {px.lo, px.lo + w}, py, kExplorerSquare);
      fill(categories, tx, ty, {px.hi - w, px.hi}, py, kExplorerSquare);
    }
  }
  if (any && privacy != nullptr && privacy->active()) {
    const std::vector<bool> hidden = hidden_pixels(*privacy, tile);
    if (!hidden.empty()) {
      for (std::size_t i = 0; i < hidden.size(); ++i) {
        if (hidden[i]) categories[i] = kExplorerNone;
      }
      any = std::any_of(categories.begin(), categories.end(),
                        [](std::uint8_t v) { return v != kExplorerNone; });
    }
  }
  return any;
}

}  // namespace th
