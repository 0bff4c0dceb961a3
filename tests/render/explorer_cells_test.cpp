// Explorer cells and their stats on hand-drawn scenarios. Pictures are cells, row 0 at the top
// (north), '#' visited, '.' not; the origin is cell (kX0, kY0) of zoom 14, away from the grid's
// edges. Tracks are given in cell units (1.5 = the middle of the second cell).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "render/explorer_cells.hpp"
#include "render/explorer_tiles.hpp"

namespace th {
namespace {

using Picture = std::vector<std::string>;

}  // namespace

void PrintTo(const ExplorerStats& s, std::ostream* os) {
  *os << "{visited " << s.visited << ", max square " << s.max_square << ", max cluster "
      << s.max_cluster << "}";
}

namespace {

constexpr int kZoom = 14;
constexpr std::uint32_t kX0 = 8000, kY0 = 5000;

FixedPoint at(double cx, double cy) {
  const double unit = static_cast<double>(std::uint64_t{1} << (32 - kZoom));
  return {static_cast<std::uint32_t>((kX0 + cx) * unit),
          static_cast<std::uint32_t>((kY0 + cy) * unit)};
}

// Vertices in cell units; a row of vertices starting with `true` begins a run.
struct V {
  double x, y;
  bool run_start = false;
};

std::vector<CellKey> cells_of(const std::vector<V>& path) {
  std::vector<TrackVertex> vertices;
  for (std::size_t i = 0; i < path.size(); ++i) {
    TrackVertex v;
    const FixedPoint p = at(path[i].x, path[i].y);
    v.x = p.x;
    v.y = p.y;
    v.run_start = i == 0 || path[i].run_start;
    vertices.push_back(v);
  }
  return track_cells(vertices, kZoom);
}

Picture picture(const std::vector<CellKey>& cells, int width, int height) {
  Picture out(static_cast<std::size_t>(height), std::string(static_cast<std::size_t>(width), '.'));
  for (const CellKey key : cells) {
    const auto x = static_cast<std::int64_t>(cell_x(key)) - kX0;
    const auto y = static_cast<std::int64_t>(cell_y(key)) - kY0;
    EXPECT_TRUE(x >= 0 && x < width && y >= 0 && y < height) << "cell outside the picture";
    if (x >= 0 && x < width && y >= 0 && y < height) {
      out[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] = '#';
    }
  }
  return out;
}

ExplorerCells cells_from(const Picture& p) {
  std::vector<CellKey> visited;
  for (std::size_t y = 0; y < p.size(); ++y) {
    for (std::size_t x = 0; x < p[y].size(); ++x) {
      if (p[y][x] == '#') {
        visited.push_back(
            cell_key(kX0 + static_cast<std::uint32_t>(x), kY0 + static_cast<std::uint32_t>(y)));
      }
    }
  }
  std::sort(visited.begin(), visited.end());
  return explorer_cells(kZoom, visited);
}

TEST(ExplorerCells, StraightSegmentCountsACellWithNoSampleInside) {
  // Samples only in cells 0 and 3 of the top row; cells 1 and 2 are crossed.
  EXPECT_EQ(picture(cells_of({{0.5, 0.5}, {3.5, 0.5}}), 4, 1), (Picture{"####"}));
  // A diagonal: x crosses 1 at y = 1.5, y crosses 1 at x = 0.43 and 2 at x = 1.57.
  EXPECT_EQ(picture(cells_of({{0.2, 0.8}, {1.8, 2.2}}), 2, 3), (Picture{
                                                                   "#.",
                                                                   "##",
                                                                   ".#",
                                                               }));
  // The same segment reversed visits the same cells.
  EXPECT_EQ(picture(cells_of({{1.8, 2.2}, {0.2, 0.8}}), 2, 3), (Picture{"#.", "##", ".#"}));
}

TEST(ExplorerCells, ThroughACornerTouchesTheCellsBesideIt) {
  EXPECT_EQ(picture(cells_of({{0.5, 0.5}, {1.5, 1.5}}), 2, 2), (Picture{"##", "##"}));
  EXPECT_EQ(picture(cells_of({{1.5, 0.5}, {0.5, 1.5}}), 2, 2), (Picture{"##", "##"}));
}

TEST(ExplorerCells, SegmentEndingOnACellBoundaryStopsThere) {
  // Ends exactly on the corner of cells (1,1), (2,1), (1,2), (2,2): the end point's cell is the
  // one east and south of it, and nothing beyond it is visited.
  EXPECT_EQ(picture(cells_of({{0.5, 0.5}, {2.0, 2.0}}), 3, 3), (Picture{
                                                                   "##.",
                                                                   "###",
                                                                   ".##",
                                                               }));
  EXPECT_EQ(picture(cells_of({{2.5, 0.5}, {1.0, 2.0}}), 3, 3), (Picture{
                                                                   ".##",
                                                                   ".##",
                                                                   ".#.",
                                                               }));
}

TEST(ExplorerCells, RunBreaksAreNotJoined) {
  // Two runs in one row: cells 2 and 3 lie between the end of one and the start of the next.
  EXPECT_EQ(picture(cells_of({{0.5, 0.5}, {1.5, 0.5}, {4.5, 0.5, true}, {5.5, 0.5}}), 6, 1),
            (Picture{"##..##"}));
  // A run of one vertex still counts the cell the athlete was in.
  EXPECT_EQ(picture(cells_of({{0.5, 0.5}, {3.5, 0.5, true}}), 4, 1), (Picture{"#..#"}));
}

TEST(ExplorerCells, SquareWithAHoleIsNotTheFullSquare) {
  const ExplorerCells corner = cells_from({
      "###",
      "###",
      "##.",
  });
  EXPECT_EQ(corner.stats(), (ExplorerStats{8, 2, 1}));  // the centre has its four neighbours
  EXPECT_EQ(corner.square.x, kX0);                      // the first 2 x 2 block row-major
  EXPECT_EQ(corner.square.y, kY0);
  const ExplorerCells centre = cells_from({
      "###",
      "#.#",
      "###",
  });
  EXPECT_EQ(centre.stats(), (ExplorerStats{8, 1, 0}));
  const ExplorerCells full = cells_from({
      ".....",
      ".###.",
      ".###.",
      ".###.",
  });
  EXPECT_EQ(full.stats(), (ExplorerStats{9, 3, 1}));
  EXPECT_EQ(full.square.x, kX0 + 1);
  EXPECT_EQ(full.square.y, kY0 + 1);
}

TEST(ExplorerCells, MaxClusterIsTheLargestOfSeparateClusters) {
  const ExplorerCells cells = cells_from({
      "####.......",
      "####..#####",
      "####..#####",
      "####..#####",
      "......#####",
      "......#####",
  });
  // Left block: 2 x 2 cluster cells; right block: 3 x 3.
  EXPECT_EQ(cells.stats(), (ExplorerStats{16 + 25, 5, 9}));
  EXPECT_EQ(cells.max_cluster.front(), cell_key(kX0 + 7, kY0 + 2));
  EXPECT_EQ(cells.max_cluster.back(), cell_key(kX0 + 9, kY0 + 4));
}

TEST(ExplorerCells, ClusterCellsTouchingOnlyDiagonallyAreNotConnected) {
  // Two plus shapes sharing arm cells: their centres (1,1) and (3,2) are cluster cells but not
  // 4-neighbours, so each is a cluster of one.
  const ExplorerCells cells = cells_from({
      ".#...",
      "####.",
      ".####",
      "...#.",
  });
  EXPECT_EQ(cells.stats().max_cluster, 1u);
  EXPECT_EQ(cells.stats().visited, 10u);
}

TEST(ExplorerCells, TraversalHoldsEveryPointOfTheLineAndNoMore) {
  // Random segments over a few cells, at both cell zooms: every point sampled along the line
  // lies in a cell found, the cells form a 4- or 8-connected path from a's cell to b's, and
  // there are no more of them than the grid lines crossed (+1, +2 per corner passed).
  std::mt19937_64 rng(7);
  for (const int zoom : kExplorerCellZooms) {
    const double unit = static_cast<double>(std::uint64_t{1} << (32 - zoom));
    std::uniform_real_distribution<double> pos(0.0, 6.0);
    for (int n = 0; n < 2000; ++n) {
      const double ax = kX0 + pos(rng), ay = kY0 + pos(rng);
      // One in four segments vertical, one in four horizontal.
      const double bx = n % 4 == 1 ? ax : kX0 + pos(rng);
      const double by = n % 4 == 2 ? ay : kY0 + pos(rng);
      const FixedPoint a{static_cast<std::uint32_t>(ax * unit),
                         static_cast<std::uint32_t>(ay * unit)};
      const FixedPoint b{static_cast<std::uint32_t>(bx * unit),
                         static_cast<std::uint32_t>(by * unit)};
      std::vector<CellKey> cells;
      segment_cells(a, b, zoom, cells);
      EXPECT_EQ(cells.front(), cell_key(a.x >> (32 - zoom), a.y >> (32 - zoom)));
      EXPECT_EQ(cells.back(), cell_key(b.x >> (32 - zoom), b.y >> (32 - zoom)));
      const std::int64_t crossings =
          std::abs(static_cast<std::int64_t>(b.x >> (32 - zoom)) - (a.x >> (32 - zoom))) +
          std::abs(static_cast<std::int64_t>(b.y >> (32 - zoom)) - (a.y >> (32 - zoom)));
      std::vector<CellKey> unique = cells;
      std::sort(unique.begin(), unique.end());
      unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
      EXPECT_LE(static_cast<std::int64_t>(unique.size()), 2 * crossings + 1);
      for (int i = 0; i <= 1000; ++i) {
        const double t = i / 1000.0;
        // Points strictly inside a cell (away from its edges by more than rounding) only.
        const double x = (a.x + t * (static_cast<double>(b.x) - a.x)) / unit;
        const double y = (a.y + t * (static_cast<double>(b.y) - a.y)) / unit;
        if (std::fabs(x - std::round(x)) < 1e-6 || std::fabs(y - std::round(y)) < 1e-6) continue;
        const CellKey key = cell_key(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y));
        ASSERT_TRUE(std::binary_search(unique.begin(), unique.end(), key))
            << "segment " << n << " at t = " << t << " misses a cell";
      }
    }
  }
}

TEST(ExplorerCells, NothingVisitedGivesZeros) {
  const ExplorerCells cells = explorer_cells(kZoom, {});
  EXPECT_EQ(cells.stats(), (ExplorerStats{0, 0, 0}));
}

TEST(ExplorerCells, UnionAndNewCells) {
  const std::vector<CellKey> a = {1, 3, 5}, b = {2, 3, 6};
  const std::vector<const std::vector<CellKey>*> lists = {&a, &b};
  EXPECT_EQ(union_cells(lists), (std::vector<CellKey>{1, 2, 3, 5, 6}));
  EXPECT_EQ(cells_not_in(b, a), 2u);
  EXPECT_EQ(cells_not_in(a, {}), 3u);
}

std::vector<std::uint8_t> tile(const ExplorerCells& cells, TileKey key) {
  std::vector<std::uint8_t> out(256 * 256);
  draw_explorer_tile(cells, key, out);
  return out;
}

TEST(ExplorerTiles, AtTheCellZoomATileIsOneCell) {
  const ExplorerCells cells = cells_from({
      "###",
      "###",
      "###",
  });
  // The centre cell is the cluster and inside the square's outline.
  const auto centre = tile(cells, {kZoom, kX0 + 1, kY0 + 1});
  EXPECT_TRUE(std::all_of(centre.begin(), centre.end(),
                          [](std::uint8_t v) { return v == kExplorerCluster; }));
  // The top-left cell: outline along its top and left edges, visited inside.
  const auto corner = tile(cells, {kZoom, kX0, kY0});
  EXPECT_EQ(corner[0], kExplorerSquare);
  EXPECT_EQ(corner[1 * 256 + 200], kExplorerSquare);
  EXPECT_EQ(corner[200 * 256 + 1], kExplorerSquare);
  EXPECT_EQ(corner[2 * 256 + 2], kExplorerVisited);
  EXPECT_EQ(corner[255 * 256 + 255], kExplorerVisited);
  // A tile of no visited cell draws nothing.
  std::vector<std::uint8_t> empty(256 * 256, 7);
  EXPECT_FALSE(draw_explorer_tile(cells, {kZoom, kX0 + 5, kY0}, empty));
  EXPECT_TRUE(std::all_of(empty.begin(), empty.end(), [](std::uint8_t v) { return v == 0; }));
}

TEST(ExplorerTiles, CellsSmallerThanAPixelShadeThePixelTheyFallIn) {
  const ExplorerCells cells = cells_from({"#.", "..", "..", ".#"});
  // At zoom 14 - 9 a pixel covers 2 x 2 cells: the picture's cells fall in pixels (0, 0) and
  // (0, 1) relative to the pixel of cell (kX0, kY0); the square (one cell) is drawn too.
  const int z = kZoom - 9;
  const std::int64_t px = kX0 / 2, py = kY0 / 2;
  const TileKey key{z, static_cast<std::uint32_t>(px / 256), static_cast<std::uint32_t>(py / 256)};
  const auto t = tile(cells, key);
  const auto at_px = [&](std::int64_t x, std::int64_t y) {
    return t[static_cast<std::size_t>((y - key.y * 256) * 256 + (x - key.x * 256))];
  };
  EXPECT_EQ(at_px(px, py), kExplorerSquare);  // the max square is the first cell
  EXPECT_EQ(at_px(px, py + 1), kExplorerVisited);
  EXPECT_EQ(at_px(px + 1, py), kExplorerNone);
  EXPECT_EQ(at_px(px, py + 2), kExplorerNone);
  const auto tiles = explorer_tiles(cells, z);
  EXPECT_EQ(tiles, (std::vector<TileKey>{key}));
  EXPECT_EQ(explorer_tiles(cells, kZoom + 1).size(), 8u);  // 2 cells x 4 tiles each
}

}  // namespace
}  // namespace th
