#pragma once
// Explorer cells: which map cells the drawn tracks visit, and the game's three numbers.
//
// Representation
// - A cell is a Web Mercator tile of a cell zoom (kExplorerCellZooms: z14 "explorer tiles",
//   ~1.5 km; z17 "squadrats", ~190 m at 50 degrees). CellKey packs it row-major, y above x, so
//   sorted keys run row by row, west to east.
// - A track visits every cell one of its drawn segments passes through (supercover traversal in
//   fixed-point world coordinates: a segment crossing a cell counts it even with no vertex
//   inside; a segment through a cell corner counts the two cells beside the corner too). Runs
//   are respected: no segment joins the end of a run to the next run's start, so a cell between
//   two runs is not visited. Privacy zones are already cut from prepared tracks.
//
// Stats (every rule has a test in tests/render/explorer_cells_test.cpp)
// - visited: the number of visited cells.
// - max square: the side of the largest n x n block of visited cells.
// - max cluster: cluster cells are visited cells whose four neighbours (west, east, north,
//   south) are all visited; the max cluster is the largest 4-connected group of cluster cells,
//   counted in cells. Neighbours do not wrap around the antimeridian.
// Ties are broken by position (the square whose top-left cell comes first row-major; the
// cluster holding the first cell row-major), so equal cell sets give equal results (the live
// map's tiles equal a build's).
//
// Cost: linear in the track's vertices and cells; the stats sort and binary-search the cells,
// O(n log n) in the visited cells.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "render/projection.hpp"
#include "render/track_prep.hpp"

namespace th {

inline constexpr std::array<int, 2> kExplorerCellZooms = {14, 17};

using CellKey = std::uint64_t;

constexpr CellKey cell_key(std::uint32_t x, std::uint32_t y) {
  return (static_cast<CellKey>(y) << 32) | x;
}
constexpr std::uint32_t cell_x(CellKey key) {
  return static_cast<std::uint32_t>(key & 0xffffffffu);
}
constexpr std::uint32_t cell_y(CellKey key) {
  return static_cast<std::uint32_t>(key >> 32);
}

// Appends the cells of `zoom` (1..kMaxFixedZoom) that the straight segment a -> b (fixed-point
// world coordinates) passes through, from a's cell to b's, unsorted; the cells beside a corner
// the segment passes exactly through are included.
void segment_cells(FixedPoint a, FixedPoint b, int zoom, std::vector<CellKey>& out);

// The cells of `zoom` that a prepared track visits: sorted, unique. A single-vertex run visits
// its vertex's cell (it is drawn as nothing, but the athlete was there).
std::vector<CellKey> track_cells(std::span<const TrackVertex> vertices, int zoom);

// Sorted, unique union of sorted lists.
std::vector<CellKey> union_cells(std::span<const std::vector<CellKey>* const> lists);

// Cells of `visited` that `earlier` lacks (both sorted, unique): the cells first visited later.
std::uint64_t cells_not_in(const std::vector<CellKey>& visited,
                           const std::vector<CellKey>& earlier);

struct ExplorerSquare {
  std::uint32_t x = 0;  // top-left cell
  std::uint32_t y = 0;
  std::uint32_t size = 0;  // side in cells; 0 when nothing is visited
};

struct ExplorerStats {
  std::uint64_t visited = 0;
  std::uint32_t max_square = 0;
  std::uint64_t max_cluster = 0;
  friend bool operator==(const ExplorerStats&, const ExplorerStats&) = default;
};

// One cell zoom's visited cells and what the game measures on them.
struct ExplorerCells {
  int zoom = 14;
  std::vector<CellKey> visited;      // sorted, unique
  std::vector<CellKey> max_cluster;  // sorted: the cells of the largest cluster
  ExplorerSquare square;             // the largest square

  ExplorerStats stats() const { return {visited.size(), square.size, max_cluster.size()}; }
};

// Computes the max square and max cluster of `visited` (sorted, unique cells of `zoom`).
ExplorerCells explorer_cells(int zoom, std::vector<CellKey> visited);

}  // namespace th
