// Golden tiles: a small fixed scenario (nine hilly activities from tests/render/hilly_tracks.hpp
// as GPX files, a fixed build time) built with run_build, and a few tiles of every layer
// compared pixel by pixel with the PNGs checked in under tests/golden/tiles/<layer>/.
//
// On a mismatch the actual tile and a side-by-side image (expected | actual | differences in
// red) are written into the build folder and named in the failure message.
// TRACKHEAT_UPDATE_GOLDENS=1 (scripts/update_goldens.sh) rewrites the goldens from this build
// instead, and writes the same side-by-side images for every tile that changed, for review.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/bytes.hpp"
#include "encode/png_writer.hpp"
#include "pipeline/build.hpp"
#include "render/layers.hpp"
#include "support/hilly_gpx.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = TRACKHEAT_GOLDEN_DIR;  // tests/golden/tiles in the source tree
const fs::path kOutDir = TRACKHEAT_GOLDEN_OUT;     // actual tiles and diff images
constexpr int kMaxZoom = 12;
// The zooms goldens are taken from: the whole region, a town, streets.
constexpr int kGoldenZooms[] = {2, 8, 12};

bool updating() {
  const char* v = std::getenv("TRACKHEAT_UPDATE_GOLDENS");
  return v != nullptr && std::string(v) == "1";
}

// The scenario's site, built once for every test of this file.
class GoldenSite {
 public:
  static const fs::path& site() {
    static GoldenSite instance;
    return instance.site_;
  }

 private:
  GoldenSite() : dir_("th-golden") {
    const fs::path files = dir_.path() / "gpx";
    test::write_hilly_gpx(files, 9);
    BuildOptions o;
    o.paths = {files};
    o.cache_dir = dir_.path() / "cache";
    o.out_dir = dir_.path() / "site";
    o.max_zoom = kMaxZoom;
    o.jobs = 2;
    o.quiet = true;
    o.now_utc = 1.73e9;  // 2024-10-27: every activity (July 2024) within the last 12 months
    const BuildReport r = run_build(o);
    if (r.drawn != 9) throw std::runtime_error("golden scenario: expected 9 drawn activities");
    site_ = o.out_dir;
  }
  test::ScratchDir dir_;
  fs::path site_;
};

// A golden's file name: <z>-<x>-<y>.png; the site's path: tiles/<layer>/<z>/<x>/<y>.png.
struct TileRef {
  int z = 0, x = 0, y = 0;
  std::string file_name() const {
    return std::to_string(z) + "-" + std::to_string(x) + "-" + std::to_string(y) + ".png";
  }
  fs::path site_path(const fs::path& site, std::string_view layer) const {
    return site / "tiles" / std::string(layer) / std::to_string(z) / std::to_string(x) /
           (std::to_string(y) + ".png");
  }
};

std::optional<TileRef> parse_golden_name(const std::string& name) {
  TileRef t;
  char tail[8] = {};
  if (std::sscanf(name.c_str(), "%d-%d-%d%7s", &t.z, &t.x, &t.y, tail) != 4 ||
      std::string(tail) != ".png") {
    return std::nullopt;
  }
  return t;
}

std::vector<TileRef> goldens_of(std::string_view layer) {
  std::vector<TileRef> out;
  const fs::path dir = kGoldenDir / std::string(layer);
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto t = parse_golden_name(e.path().filename().string());
    if (!t) ADD_FAILURE() << "unexpected file among the goldens: " << e.path();
    if (t) out.push_back(*t);
  }
  std::sort(out.begin(), out.end(), [](const TileRef& a, const TileRef& b) {
    return std::tie(a.z, a.x, a.y) < std::tie(b.z, b.x, b.y);
  });
  return out;
}

std::size_t lit_pixels(const DecodedImage& img) {
  return static_cast<std::size_t>(
      std::count_if(img.pixels.begin(), img.pixels.end(), [](const Rgba& p) { return p.a > 0; }));
}

// Per golden zoom, the layer's tile with the most drawn pixels (ties: the smallest x, y).
std::vector<TileRef> pick_goldens(const fs::path& site, std::string_view layer) {
  std::vector<TileRef> out;
  for (const int z : kGoldenZooms) {
    const fs::path zoom_dir = site / "tiles" / std::string(layer) / std::to_string(z);
    if (!fs::is_directory(zoom_dir)) continue;
    std::optional<TileRef> best;
    std::size_t best_lit = 0;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(zoom_dir)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
      const std::size_t lit = lit_pixels(decode_png_rgba(read_file(p)));
      if (lit <= best_lit) continue;
      best_lit = lit;
      best =
          TileRef{z, std::stoi(p.parent_path().filename().string()), std::stoi(p.stem().string())};
    }
    if (best) out.push_back(*best);
  }
  return out;
}

// Pixels that differ between two images of the same size.
std::size_t differing_pixels(const DecodedImage& a, const DecodedImage& b) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) n += a.pixels[i] == b.pixels[i] ? 0 : 1;
  return n;
}

// A tile pixel over a dark grey map, so faint heat and the panels' edges show in any viewer.
Rgba over_dark(const Rgba& p) {
  constexpr int kGrey = 40;
  auto mix = [&](int c) {
    return static_cast<std::uint8_t>((c * p.a + kGrey * (255 - p.a)) / 255);
  };
  return Rgba{mix(p.r), mix(p.g), mix(p.b), 255};
}

// expected | actual | differences, 4 px apart: a differing pixel red, an equal one with heat
// dim grey. Either image may be missing (an empty image: an empty panel).
Bytes side_by_side(const DecodedImage& expected, const DecodedImage& actual) {
  constexpr int kGap = 4;
  const int w = std::max(expected.width, actual.width),
            h = std::max(expected.height, actual.height);
  const int width = 3 * w + 2 * kGap;
  std::vector<Rgba> out(static_cast<std::size_t>(width) * h, Rgba{255, 255, 255, 255});
  auto pixel = [](const DecodedImage& img, int x, int y) {
    return x < img.width && y < img.height ? img.at(x, y) : Rgba{};
  };
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const Rgba e = pixel(expected, x, y), a = pixel(actual, x, y);
      const std::size_t row = static_cast<std::size_t>(y) * width;
      out[row + x] = over_dark(e);
      out[row + w + kGap + x] = over_dark(a);
      const bool heat = e.a > 0 || a.a > 0;
      out[row + 2 * (w + kGap) + x] = !(e == a) ? Rgba{255, 0, 0, 255}
                                      : heat    ? Rgba{90, 90, 90, 255}
                                                : over_dark(Rgba{});
    }
  }
  return encode_rgba_png(out, width, h);
}

DecodedImage decode_if_exists(const fs::path& p) {
  return fs::exists(p) ? decode_png_rgba(read_file(p)) : DecodedImage{};
}

// Writes the actual tile and the side-by-side image of `layer`'s tile `t`; returns their paths.
std::string write_review_images(std::string_view layer, const TileRef& t, const Bytes& actual_png,
                                const DecodedImage& expected, const DecodedImage& actual) {
  fs::create_directories(kOutDir);
  const std::string stem =
      std::string(layer) + "-" + t.file_name().substr(0, t.file_name().size() - 4);
  const fs::path actual_path = kOutDir / (stem + ".actual.png");
  const fs::path diff_path = kOutDir / (stem + ".diff.png");
  if (!actual_png.empty()) write_file_atomic(actual_path, actual_png);
  write_file_atomic(diff_path, side_by_side(expected, actual));
  return (actual_png.empty() ? std::string() : "actual: " + actual_path.string() + ", ") +
         "expected | actual | differences: " + diff_path.string();
}

// Rewrites `layer`'s goldens from the build, with review images of every tile that changed.
void update_layer(const fs::path& site, std::string_view layer) {
  const fs::path dir = kGoldenDir / std::string(layer);
  std::map<std::string, DecodedImage> old;
  for (const TileRef& t : goldens_of(layer))
    old[t.file_name()] = decode_if_exists(dir / t.file_name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const TileRef& t : pick_goldens(site, layer)) {
    const Bytes png = read_file(t.site_path(site, layer));
    write_file_atomic(dir / t.file_name(), png);
    const DecodedImage actual = decode_png_rgba(png);
    const auto it = old.find(t.file_name());
    const DecodedImage before = it == old.end() ? DecodedImage{} : it->second;
    if (it != old.end()) old.erase(it);
    const bool same = before.width == actual.width && before.height == actual.height &&
                      differing_pixels(before, actual) == 0;
    if (same) continue;
    std::cout << "golden " << layer << "/" << t.file_name() << " changed; "
              << write_review_images(layer, t, {}, before, actual) << "\n";
  }
  for (const auto& [name, img] : old) {
    std::cout << "golden " << layer << "/" << name << " removed (not picked any more)\n";
  }
}

class GoldenTiles : public ::testing::TestWithParam<LayerSpec> {};

TEST_P(GoldenTiles, MatchPixelForPixel) {
  const LayerSpec& spec = GetParam();
  const fs::path& site = GoldenSite::site();
  if (updating()) {
    update_layer(site, spec.name);
    return;
  }
  const std::vector<TileRef> goldens = goldens_of(spec.name);
  // Every layer has goldens at each golden zoom: a deleted golden must not pass unnoticed.
  ASSERT_EQ(goldens.size(), std::size(kGoldenZooms))
      << "goldens of layer " << spec.name << " in " << kGoldenDir / std::string(spec.name)
      << "; run scripts/update_goldens.sh";
  for (const TileRef& t : goldens) {
    SCOPED_TRACE(std::string(spec.name) + "/" + t.file_name());
    const DecodedImage expected =
        decode_png_rgba(read_file(kGoldenDir / std::string(spec.name) / t.file_name()));
    const fs::path built = t.site_path(site, spec.name);
    if (!fs::exists(built)) {
      ADD_FAILURE() << "the build wrote no tile " << built.filename() << " for golden " << spec.name
                    << "/" << t.file_name() << "; "
                    << write_review_images(spec.name, t, {}, expected, DecodedImage{});
      continue;
    }
    const Bytes png = read_file(built);
    const DecodedImage actual = decode_png_rgba(png);
    ASSERT_EQ(actual.width, expected.width);
    ASSERT_EQ(actual.height, expected.height);
    const std::size_t differing = differing_pixels(expected, actual);
    if (differing == 0) continue;
    ADD_FAILURE() << differing << " of " << actual.pixels.size() << " pixels differ from golden "
                  << spec.name << "/" << t.file_name() << "; "
                  << write_review_images(spec.name, t, png, expected, actual);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryLayer, GoldenTiles, ::testing::ValuesIn(layer_specs()),
                         [](const ::testing::TestParamInfo<LayerSpec>& param) {
                           std::string name(param.param.name);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The goldens show something: a golden of an empty tile would compare equal to nothing drawn.
TEST(GoldenTiles, EveryGoldenHasHeat) {
  for (const LayerSpec& spec : layer_specs()) {
    for (const TileRef& t : goldens_of(spec.name)) {
      const DecodedImage img =
          decode_png_rgba(read_file(kGoldenDir / std::string(spec.name) / t.file_name()));
      EXPECT_GT(lit_pixels(img), 0u) << spec.name << "/" << t.file_name();
    }
  }
}

}  // namespace
}  // namespace th
