// The explorer layers a build writes show its stats: counting the cells the explorer-14 and
// explorer-17 tiles shade (a cell's centre pixel), the cells in the max cluster's colour and the
// width of the max square's outline, at zooms 14 to 16, gives manifest.json's numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "demo/demo.hpp"
#include "encode/png_writer.hpp"
#include "pipeline/build.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;
constexpr double kNow = 1790000000;  // 2026-09-21

nlohmann::json read_json(const fs::path& p) {
  const Bytes b = read_file(p);
  return nlohmann::json::parse(b.begin(), b.end());
}

// The RGBA a legend stop of a layer stands for.
Rgba legend_colour(const nlohmann::json& layer, const std::string& label) {
  for (const auto& stop : layer["legend"]) {
    if (stop["label"] != label) continue;
    const std::string c = stop["color"];
    const auto hex = [&](std::size_t at) {
      return static_cast<std::uint8_t>(std::stoi(c.substr(at, 2), nullptr, 16));
    };
    const double a = stop["opacity"].get<double>() * 255.0 + 0.5;
    return {hex(1), hex(3), hex(5), static_cast<std::uint8_t>(a)};
  }
  ADD_FAILURE() << "no legend stop " << label;
  return {};
}

struct Counted {
  std::uint64_t visited = 0;
  std::uint64_t cluster = 0;
  std::int64_t square_px = 0;  // width of the max square's outline, in pixels
  std::int64_t cell_px = 0;
};

// Cells of zoom c seen in the tiles of zoom z (cells at least 8 px wide there).
Counted count_cells(const fs::path& tiles, int c, int z, const Rgba& cluster, const Rgba& square) {
  Counted out;
  out.cell_px = z >= c ? std::int64_t{256} << (z - c) : 256 >> (c - z);
  std::set<std::pair<std::int64_t, std::int64_t>> seen;
  std::int64_t min_x = std::numeric_limits<std::int64_t>::max(), max_x = -1;
  std::int64_t min_y = min_x, max_y = -1;
  for (const auto& e : fs::recursive_directory_iterator(tiles / std::to_string(z))) {
    if (!e.is_regular_file()) continue;
    const std::int64_t tx = std::stoll(e.path().parent_path().filename());
    const std::int64_t ty = std::stoll(e.path().stem());
    const DecodedImage img = decode_png_rgba(read_file(e.path()));
    for (int y = 0; y < 256; ++y) {
      for (int x = 0; x < 256; ++x) {
        const Rgba& p = img.at(x, y);
        const std::int64_t gx = tx * 256 + x, gy = ty * 256 + y;
        if (p == square) {
          min_x = std::min(min_x, gx), max_x = std::max(max_x, gx);
          min_y = std::min(min_y, gy), max_y = std::max(max_y, gy);
        }
        // A cell's centre pixel.
        if (gx % out.cell_px != out.cell_px / 2 || gy % out.cell_px != out.cell_px / 2) continue;
        if (p.a == 0) continue;
        EXPECT_TRUE(seen.emplace(gx / out.cell_px, gy / out.cell_px).second);
        ++out.visited;
        if (p == cluster) ++out.cluster;
      }
    }
  }
  EXPECT_EQ(max_x - min_x, max_y - min_y) << "the max square's outline is square";
  out.square_px = max_x - min_x + 1;
  return out;
}

TEST(ExplorerBuild, TheLayersShowTheManifestsStats) {
  test::ScratchDir dir;
  const DemoOptions demo{
      .out = dir.path() / "export", .activities = 16, .seed = 5, .now_utc = kNow};
  write_demo_export(demo);
  BuildOptions o;
  o.strava = demo.out;
  o.cache_dir = dir.path() / "cache";
  o.out_dir = dir.path() / "site";
  o.min_zoom = 12;
  o.max_zoom = 16;
  o.jobs = 2;
  o.quiet = true;
  o.now_utc = kNow;
  const BuildReport r = run_build(o);

  const auto manifest = read_json(o.out_dir / "manifest.json");
  for (std::size_t k = 0; k < kExplorerCellZooms.size(); ++k) {
    const int c = kExplorerCellZooms[k];
    const std::string id = "explorer-" + std::to_string(c);
    SCOPED_TRACE(id);
    const auto& stats = manifest["explorer"][std::to_string(c)];
    EXPECT_EQ(stats["visited"], r.explorer[k].visited);
    EXPECT_EQ(stats["max_square"], r.explorer[k].max_square);
    EXPECT_EQ(stats["max_cluster"], r.explorer[k].max_cluster);
    EXPECT_GT(stats["visited"].get<int>(), 20);
    EXPECT_GE(stats["max_square"].get<int>(), 2);
    EXPECT_GT(stats["max_cluster"].get<int>(), 0);
    const auto layer = std::find_if(manifest["layers"].begin(), manifest["layers"].end(),
                                    [&](const auto& l) { return l["id"] == id; });
    ASSERT_NE(layer, manifest["layers"].end());
    EXPECT_EQ((*layer)["family"], "explorer");
    const Rgba cluster = legend_colour(*layer, "max cluster");
    const Rgba square = legend_colour(*layer, "max square");
    for (int z = 14; z <= o.max_zoom; ++z) {
      SCOPED_TRACE("zoom " + std::to_string(z));
      const Counted n = count_cells(o.out_dir / "tiles" / id, c, z, cluster, square);
      // Cells are at least 32 px wide here: the outline (2 px) never covers a centre.
      EXPECT_EQ(n.visited, stats["visited"].get<std::uint64_t>());
      EXPECT_EQ(n.cluster, stats["max_cluster"].get<std::uint64_t>());
      EXPECT_EQ(n.square_px, stats["max_square"].get<std::int64_t>() * n.cell_px);
    }
  }
}

}  // namespace
}  // namespace th
