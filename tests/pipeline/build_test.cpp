// `trackheat build` end to end on demo data: every layer's tiles, the manifest, activities.js,
// output independent of the number of threads, and a rebuild with no change doing nothing.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "demo/demo.hpp"
#include "demo/writers.hpp"
#include "encode/png_writer.hpp"
#include "pipeline/build.hpp"
#include "render/layers.hpp"
#include "support/hilly_gpx.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

constexpr double kNow = 1790000000;  // 2026-09-21

struct Fixture {
  test::ScratchDir dir;
  DemoOptions demo;
  Fixture() {
    demo.out = dir.path() / "export";
    demo.activities = 16;
    demo.seed = 5;
    demo.now_utc = kNow;
    write_demo_export(demo);
  }
  BuildOptions options(const std::string& site, unsigned jobs) const {
    BuildOptions o;
    o.strava = demo.out;
    o.cache_dir = dir.path() / ("cache-" + site);
    o.out_dir = dir.path() / site;
    o.max_zoom = 12;
    o.jobs = jobs;
    o.quiet = true;
    o.now_utc = kNow;
    return o;
  }
};

std::map<std::string, Bytes> all_tiles(const std::filesystem::path& site) {
  std::map<std::string, Bytes> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(site / "tiles")) {
    if (e.is_regular_file()) {
      out[std::filesystem::relative(e.path(), site).string()] = read_file(e.path());
    }
  }
  return out;
}

nlohmann::json read_json(const std::filesystem::path& p) {
  const Bytes b = read_file(p);
  return nlohmann::json::parse(b.begin(), b.end());
}

TEST(Build, WritesEveryLayerAtEveryZoomWithAManifest) {
  Fixture f;
  const BuildReport r = run_build(f.options("site", 2));
  EXPECT_EQ(r.activities, 16);
  EXPECT_GT(r.drawn, 10);
  EXPECT_GT(r.tiles_written, 0u);
  EXPECT_EQ(r.tiles_written, r.tiles_encoded);
  const auto site = f.dir.path() / "site";
  const auto tiles = all_tiles(site);
  for (const LayerSpec& spec : layer_specs()) {
    if (spec.id == LayerId::Hill || spec.id == LayerId::Freshness12) continue;  // data-dependent
    for (int z = 0; z <= 12; ++z) {
      const std::string prefix = "tiles/" + std::string(spec.name) + "/" + std::to_string(z) + "/";
      const bool found = std::any_of(tiles.begin(), tiles.end(),
                                     [&](const auto& kv) { return kv.first.starts_with(prefix); });
      EXPECT_TRUE(found) << prefix;
    }
  }
  // A tile decodes to a picture with some heat in it.
  const auto& [name, png] = *tiles.begin();
  const DecodedImage img = decode_png_rgba(png);
  EXPECT_EQ(img.width, 256);
  EXPECT_TRUE(std::any_of(img.pixels.begin(), img.pixels.end(), [](const Rgba& p) {
    return p.a > 0;
  })) << name;

  const auto manifest = read_json(site / "manifest.json");
  EXPECT_EQ(manifest["max_zoom"], 12);
  EXPECT_EQ(manifest["layers"].size(), kLayerCount + kExplorerCellZooms.size());
  EXPECT_EQ(manifest["activity_count"], 16);
  for (const auto& layer : manifest["layers"]) {
    EXPECT_FALSE(layer["legend"].empty());
    // The explorer layers' legends are categories: they have no per-zoom scales.
    if (layer["family"] == "explorer") {
      EXPECT_EQ(layer["scale"], "categorical");
      EXPECT_TRUE(layer["zooms"].empty()) << layer["id"];
    } else {
      EXPECT_TRUE(layer["zooms"].contains("12")) << layer["id"];
    }
  }
  // Munich: the bounds hold the demo's city.
  const auto& b = manifest["bounds"];
  EXPECT_LT(b[0].get<double>(), 11.58);
  EXPECT_GT(b[2].get<double>(), 11.57);
  EXPECT_TRUE(std::filesystem::exists(site / "data" / "activities.js"));
  EXPECT_TRUE(std::filesystem::exists(site / "data" / "manifest.js"));
}

// Hikes in the Alps and runs over Munich's hills, as GPX files: at zooms 0-2 a whole hike is a
// chord or two whose climb and descent average out, yet every layer, hill included, must show.
TEST(Build, EveryLayerShowsAtTheWorldZoomsOnAHillySet) {
  test::ScratchDir dir;
  const auto files = dir.path() / "gpx";
  test::write_hilly_gpx(files, 24);
  BuildOptions o;
  o.paths = {files};
  o.cache_dir = dir.path() / "cache";
  o.out_dir = dir.path() / "site";
  o.max_zoom = 13;
  o.jobs = 2;
  o.quiet = true;
  o.now_utc = 1.73e9;
  const BuildReport r = run_build(o);
  ASSERT_EQ(r.drawn, 24);
  for (const LayerSpec& spec : layer_specs()) {
    for (int z = 0; z <= 2; ++z) {
      const auto folder = o.out_dir / "tiles" / spec.name / std::to_string(z);
      std::uint64_t lit = 0;
      if (std::filesystem::exists(folder)) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(folder)) {
          if (!e.is_regular_file()) continue;
          const DecodedImage img = decode_png_rgba(read_file(e.path()));
          for (const Rgba& p : img.pixels) lit += p.a > 0 ? 1 : 0;
        }
      }
      EXPECT_GT(lit, 0u) << spec.name << " at zoom " << z;
    }
  }
}

TEST(Build, OutputDoesNotDependOnJobs) {
  Fixture f;
  run_build(f.options("one", 1));
  run_build(f.options("two", 2));
  const auto a = all_tiles(f.dir.path() / "one");
  const auto b = all_tiles(f.dir.path() / "two");
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, bytes] : a) {
    const auto it = b.find(name);
    ASSERT_NE(it, b.end()) << name;
    EXPECT_EQ(it->second, bytes) << name;
  }
}

TEST(Build, NoChangeRebuildDoesNothingAndANewMonthRebuilds) {
  Fixture f;
  auto options = f.options("site", 2);
  run_build(options);
  const auto before = std::filesystem::last_write_time(f.dir.path() / "site" / "manifest.json");
  const BuildReport again = run_build(options);
  EXPECT_TRUE(again.up_to_date);
  EXPECT_EQ(again.tiles_encoded, 0u);
  EXPECT_EQ(std::filesystem::last_write_time(f.dir.path() / "site" / "manifest.json"), before);

  options.now_utc = kNow + 40 * 86400.0;  // next month: recency and freshness age
  const BuildReport next_month = run_build(options);
  EXPECT_FALSE(next_month.up_to_date);
  EXPECT_GT(next_month.tiles_encoded, 0u);

  options.max_zoom = 10;  // fewer zooms: the dropped ones disappear
  run_build(options);
  EXPECT_FALSE(
      std::filesystem::exists(f.dir.path() / "site" / "tiles" / "frequency-linear" / "12"));
}

TEST(Build, RejectsABadZoomRangeAndAnEmptyStore) {
  Fixture f;
  auto options = f.options("site", 1);
  options.min_zoom = 5;
  options.max_zoom = 3;
  EXPECT_THROW(run_build(options), UsageError);
  BuildOptions empty;
  empty.cache_dir = f.dir.path() / "empty-cache";
  empty.out_dir = f.dir.path() / "empty-site";
  empty.quiet = true;
  EXPECT_THROW(run_build(empty), UsageError);
}

}  // namespace
}  // namespace th
