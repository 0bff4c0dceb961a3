// The viewer files in the site: the embedded page, the tile list and the base-map keys.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "site/tile_writer.hpp"
#include "viewer_assets/basemap_keys.hpp"
#include "viewer_assets/embedded_assets.hpp"
#include "viewer_assets/tile_list_js.hpp"
#include "viewer_assets/viewer_assets.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

nlohmann::json script_json(const std::string& js, const std::string& prefix) {
  EXPECT_TRUE(js.starts_with(prefix)) << js.substr(0, 60);
  EXPECT_TRUE(js.ends_with(";\n"));
  return nlohmann::json::parse(js.substr(prefix.size(), js.size() - prefix.size() - 2));
}

// Decodes data/tiles.js as the viewer does (viewer/src/js/tile_list.js).
std::set<std::tuple<std::string, int, int, int>> decode_tiles(const std::string& js) {
  const auto j = script_json(js, "window.TRACKHEAT_TILES = ");
  std::set<std::tuple<std::string, int, int, int>> out;
  for (const auto& [zs, list] : j["zooms"].items()) {
    long long x = 0, y = 0;
    for (std::size_t i = 0; i + 2 < list.size(); i += 3) {
      if (list[i].get<long long>() != 0) {
        x += list[i].get<long long>();
        y = list[i + 1].get<long long>();
      } else {
        y += list[i + 1].get<long long>();
      }
      const auto mask = list[i + 2].get<unsigned>();
      for (std::size_t l = 0; l < j["layers"].size(); ++l) {
        if (mask & (1u << l)) {
          out.emplace(j["layers"][l].get<std::string>(), std::stoi(zs), static_cast<int>(x),
                      static_cast<int>(y));
        }
      }
    }
  }
  return out;
}

TEST(TileList, RoundTripsEveryTile) {
  const std::vector<std::string> layers = {"pace", "frequency-log", "recency"};
  std::set<std::tuple<std::string, int, int, int>> expected;
  std::vector<LayerTileKey> keys;
  const auto add = [&](std::uint32_t l, int z, std::uint32_t x, std::uint32_t y) {
    keys.push_back(pack_layer_tile(l, TileKey{z, x, y}));
    expected.emplace(layers[l], z, static_cast<int>(x), static_cast<int>(y));
  };
  add(1, 0, 0, 0);
  add(0, 12, 2140, 1300);
  add(1, 12, 2140, 1300);
  add(1, 12, 2140, 1302);
  add(2, 12, 2139, 1400);  // lower x, higher y than the next: deltas restart per column
  add(1, 12, 2141, 1299);
  add(2, 17, 131071, 0);
  const std::string js = tile_list_js(keys, layers);
  EXPECT_EQ(decode_tiles(js), expected);
  EXPECT_EQ(tile_list_js({}, layers),
            "window.TRACKHEAT_TILES = {\"version\":1,\"layers\":[\"pace\",\"frequency-log\","
            "\"recency\"],\"zooms\":{}};\n");
  EXPECT_THROW(tile_list_js({pack_layer_tile(3, TileKey{1, 0, 0})}, layers), std::invalid_argument);
}

class BasemapKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("TRACKHEAT_STADIA_API_KEY");
    ::unsetenv("TRACKHEAT_THUNDERFOREST_API_KEY");
    dotenv_ = fs::temp_directory_path() / ("th_dotenv_" + std::to_string(::getpid()));
  }
  void TearDown() override {
    ::unsetenv("TRACKHEAT_STADIA_API_KEY");
    fs::remove(dotenv_);
  }
  fs::path dotenv_;
};

TEST_F(BasemapKeys, FromDotenvAndEnvironment) {
  std::ofstream(dotenv_) << "# keys\nexport TRACKHEAT_STADIA_API_KEY=\"abc-123\"\n"
                            "TRACKHEAT_THUNDERFOREST_API_KEY = tf_key.9  # comment\n"
                            "OTHER=1\n";
  auto keys = basemap_keys(dotenv_);
  EXPECT_EQ(keys, (std::map<std::string, std::string>{{"stadia", "abc-123"},
                                                      {"thunderforest", "tf_key.9"}}));
  ::setenv("TRACKHEAT_STADIA_API_KEY", "from-env", 1);  // the real environment wins
  keys = basemap_keys(dotenv_);
  EXPECT_EQ(keys["stadia"], "from-env");
  EXPECT_EQ(basemaps_js(keys),
            "window.TRACKHEAT_BASEMAP_KEYS = {\"stadia\":\"from-env\",\"thunderforest\":"
            "\"tf_key.9\"};\n");
}

TEST_F(BasemapKeys, UnsafeKeysAreIgnored) {
  std::ofstream(dotenv_) << "TRACKHEAT_STADIA_API_KEY=a\"b</script>\n"
                            "TRACKHEAT_THUNDERFOREST_API_KEY=x\n";
  EXPECT_TRUE(basemap_keys(dotenv_).empty());
  EXPECT_TRUE(basemap_keys(dotenv_ / "missing").empty());
  EXPECT_EQ(basemaps_js({}), "window.TRACKHEAT_BASEMAP_KEYS = {};\n");
}

TEST(ViewerAssets, WritesThePageLeafletAndDataFiles) {
  const fs::path site =
      fs::temp_directory_path() / ("th_viewer_site_" + std::to_string(::getpid()));
  fs::remove_all(site);
  {
    TileWriter writer(site, {.layers = {"frequency-linear", "pace"},
                             .min_zoom = 3,
                             .max_zoom = 3,
                             .durability = Durability::NoSync,
                             .step_hook = {}});
    const std::uint8_t png[] = {1, 2, 3};
    writer.put("pace", 3, 4, 2, png);
    write_viewer_assets(writer);
    writer.commit();
  }
  std::set<std::string> paths;
  for (const EmbeddedAsset& a : embedded_assets()) {
    paths.insert(std::string(a.path));
    const Bytes on_disk = read_file(site / a.path);
    EXPECT_EQ(on_disk, Bytes(a.data, a.data + a.size)) << a.path;
  }
  for (const char* p : {"index.html", "assets/leaflet/leaflet.js", "assets/leaflet/leaflet.css",
                        "assets/js/main.js", "assets/css/viewer.css"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
  // index.html loads every script it names from the site itself (no CDN).
  const Bytes index = read_file(site / "index.html");
  const std::string html(index.begin(), index.end());
  for (std::size_t at = html.find("src=\""); at != std::string::npos;
       at = html.find("src=\"", at + 1)) {
    const std::string src = html.substr(at + 5, html.find('"', at + 5) - at - 5);
    EXPECT_EQ(src.find("//"), std::string::npos) << src;
    // The manifest and activities scripts come from th_site's writers, not from here.
    if (src == "data/manifest.js" || src == "data/activities.js") continue;
    EXPECT_TRUE(fs::exists(site / src)) << src;
  }
  const Bytes tiles = read_file(site / "data/tiles.js");
  EXPECT_EQ(decode_tiles(std::string(tiles.begin(), tiles.end())),
            (std::set<std::tuple<std::string, int, int, int>>{{"pace", 3, 4, 2}}));
  EXPECT_EQ(viewer_assets_hash().size(), 32u);
  fs::remove_all(site);
}

}  // namespace
}  // namespace th
