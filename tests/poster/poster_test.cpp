// Posters against what the user sees: with a transparent background and no legend a poster's
// pixels are the site's tile pixels of the same zoom wherever they overlap (and, with a filter,
// the live map's tiles of that filter); nothing is drawn inside a privacy zone; a view with no
// activity gives a poster of background only; the served route answers like the command.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/geo.hpp"
#include "demo/demo.hpp"
#include "demo/routes.hpp"
#include "encode/png_writer.hpp"
#include "live/live_index.hpp"
#include "live/live_map.hpp"
#include "pipeline/build.hpp"
#include "poster/poster.hpp"
#include "poster/poster_route.hpp"
#include "render/projection.hpp"
#include "support/testdata.hpp"

namespace th::poster {
namespace {

namespace fs = std::filesystem;
constexpr double kNow = 1790000000;  // 2026-09-21
constexpr double kZoneRadius = 300;  // m, around the demo's home, where its rides start

// A 40-activity demo over 3 years with a privacy zone at home, built to z16 once.
struct Site {
  test::ScratchDir dir{"th-poster"};
  Site() {
    DemoOptions d;
    d.out = dir.path() / "export";
    d.activities = 40;
    d.seed = 11;
    d.years = 3;
    d.now_utc = kNow;
    write_demo_export(d);
    BuildOptions o;
    o.strava = d.out;
    o.cache_dir = cache();
    o.out_dir = site();
    o.max_zoom = 16;
    o.jobs = 2;
    o.quiet = true;
    o.now_utc = kNow;
    o.add_privacy_zones = {ZoneSpec{demo::kHomeLat, demo::kHomeLon, kZoneRadius}};
    run_build(o);
  }
  fs::path cache() const { return dir.path() / "cache"; }
  fs::path site() const { return dir.path() / "site"; }
};

Site& site() {
  static Site* s = new Site();  // built once; the scratch folder is left to the OS temp cleaner
  return *s;
}

live::QueryParams params(const std::string& layer, int z, double lat, double lon, int w, int h,
                         live::QueryParams more = {}) {
  live::QueryParams p = {{"layer", layer},
                         {"size", std::to_string(w) + "x" + std::to_string(h)},
                         {"center", std::to_string(lat) + "," + std::to_string(lon)},
                         {"z", std::to_string(z)},
                         {"background", "transparent"},
                         {"legend", "0"}};
  for (auto& kv : more) p.push_back(std::move(kv));
  return p;
}

struct Drawn {
  PosterView view;
  Poster poster;
  DecodedImage image;
};

std::unique_ptr<live::LiveMap> loaded_live_map() {
  live::LiveOptions o;
  o.cache_dir = site().cache();
  o.site = site().site();
  o.jobs = 2;
  return std::make_unique<live::LiveMap>(o);
}

Drawn draw(const live::QueryParams& p, const fs::path& cache = site().cache()) {
  const PosterRequest request = parse_poster_request(p, kMaxPosterSide);
  const live::SiteZooms zooms = live::site_zooms(site().site());
  Drawn d;
  d.view = resolve_view(request, zooms.min_zoom, zooms.max_zoom);
  const auto index = live::LiveIndex::load(cache, site().site(), 2, d.view.zoom);
  d.poster = make_poster(*index, cache, request, d.view, 2, nullptr);
  d.image = decode_png_rgba(ByteView(d.poster.png.data(), d.poster.png.size()));
  return d;
}

// The credit line, bottom right, is the one overlay a poster without title and legend has.
bool in_credit(const Drawn& d, int x, int y) {
  return x >= d.view.width - 260 && y >= d.view.height - 40;
}

// A tile's pixels, decoded, or none (the site has no such tile: fully transparent).
using TileSource =
    std::function<std::optional<DecodedImage>(int z, std::int64_t x, std::int64_t y)>;

// Compares every poster pixel outside the credit line with its tile pixel; returns the number
// of pixels with heat.
std::size_t expect_same_pixels(const Drawn& d, const TileSource& tiles) {
  std::map<std::pair<std::int64_t, std::int64_t>, std::optional<DecodedImage>> cache;
  std::size_t heat = 0, mismatches = 0;
  for (int y = 0; y < d.view.height; ++y) {
    for (int x = 0; x < d.view.width; ++x) {
      if (in_credit(d, x, y)) continue;
      const std::int64_t wx = d.view.left + x, wy = d.view.top + y;
      const auto key = std::make_pair(wx / 256, wy / 256);
      auto it = cache.find(key);
      if (it == cache.end())
        it = cache.emplace(key, tiles(d.view.zoom, key.first, key.second)).first;
      const Rgba expected =
          it->second ? it->second->at(static_cast<int>(wx % 256), static_cast<int>(wy % 256))
                     : Rgba{0, 0, 0, 0};
      const Rgba got = d.image.at(x, y);
      if (got.a != 0) ++heat;
      if (!(got == expected) && ++mismatches <= 5) {
        ADD_FAILURE() << "pixel " << x << "," << y << " (world " << wx << "," << wy << " z"
                      << d.view.zoom << "): poster " << int(got.r) << "," << int(got.g) << ","
                      << int(got.b) << "," << int(got.a) << " site " << int(expected.r) << ","
                      << int(expected.g) << "," << int(expected.b) << "," << int(expected.a);
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
  return heat;
}

std::optional<DecodedImage> site_tile(const std::string& layer, int z, std::int64_t x,
                                      std::int64_t y) {
  const fs::path p = site().site() / "tiles" / layer / std::to_string(z) / std::to_string(x) /
                     (std::to_string(y) + ".png");
  if (!fs::exists(p)) return std::nullopt;
  const Bytes b = read_file(p);
  return decode_png_rgba(ByteView(b.data(), b.size()));
}

// A point 1.5 km north-east of home: busy, and a window around it crosses tile borders.
constexpr double kLat = demo::kHomeLat + 0.012, kLon = demo::kHomeLon + 0.018;

TEST(Poster, PixelsAreTheSiteTilesOfTheSameZoom) {
  for (const std::string layer : {"frequency-log", "pace", "recency"}) {
    for (const int z : {9, 12, 14}) {
      SCOPED_TRACE(layer + " z" + std::to_string(z));
      const Drawn d = draw(params(layer, z, kLat, kLon, 700, 500));
      EXPECT_EQ(d.image.width, 700);
      EXPECT_EQ(d.image.height, 500);
      EXPECT_NE(d.view.left % 256, 0) << "the window should not be tile-aligned";
      const std::size_t heat = expect_same_pixels(
          d, [&](int zz, std::int64_t x, std::int64_t y) { return site_tile(layer, zz, x, y); });
      EXPECT_GT(heat, 500u);
    }
  }
}

// Without the build's render cache the scales come from the zoom drawn in full: the same.
TEST(Poster, WithoutTheRenderCacheThePixelsAreTheSame) {
  test::ScratchDir copy("th-poster-cache");
  fs::copy(site().cache(), copy.path(), fs::copy_options::recursive);
  fs::remove_all(copy.path() / "render");
  for (const int z : {11, 14}) {
    SCOPED_TRACE("z" + std::to_string(z));
    const Drawn d = draw(params("frequency-log", z, kLat, kLon, 500, 400), copy.path());
    const std::size_t heat = expect_same_pixels(d, [&](int zz, std::int64_t x, std::int64_t y) {
      return site_tile("frequency-log", zz, x, y);
    });
    EXPECT_GT(heat, 500u);
  }
}

TEST(Poster, AFilterGivesTheLiveTilesOfThatFilter) {
  const std::unique_ptr<live::LiveMap> live = loaded_live_map();
  ASSERT_TRUE(live->wait_ready()) << live->error();
  live::LiveMap& map = *live;
  const std::string filter = "after=2025-01-01&min_km=5";
  for (const int z : {10, 14}) {
    SCOPED_TRACE("z" + std::to_string(z));
    const Drawn all = draw(params("frequency-log", z, kLat, kLon, 600, 400));
    const Drawn d = draw(params("frequency-log", z, kLat, kLon, 600, 400,
                                {{"after", "2025-01-01"}, {"min_km", "5"}}));
    const std::size_t heat = expect_same_pixels(d, [&](int zz, std::int64_t x, std::int64_t y) {
      live::LiveRequest r;
      r.path = "/live/frequency-log/" + std::to_string(zz) + "/" + std::to_string(x) + "/" +
               std::to_string(y) + ".png";
      r.query = {{"after", "2025-01-01"}, {"min_km", "5"}};
      const live::LiveResponse res = map.handle(r);
      EXPECT_TRUE(res.status == 200 || res.status == 204) << res.status << " " << res.body;
      if (res.status != 200) return std::optional<DecodedImage>();
      return std::optional<DecodedImage>(decode_png_rgba(
          ByteView(reinterpret_cast<const std::uint8_t*>(res.body.data()), res.body.size())));
    });
    EXPECT_GT(heat, 100u) << filter;
    EXPECT_LT(heat, all.poster.heat_pixels) << "the filter leaves activities out";
  }
}

TEST(Poster, NothingIsDrawnInsideAPrivacyZone) {
  const int z = 15;
  const Drawn d = draw(params("frequency-linear", z, demo::kHomeLat, demo::kHomeLon, 600, 600));
  const double px_m = metres_per_pixel(demo::kHomeLat, z);
  std::size_t inside = 0, near = 0;
  for (int y = 0; y < d.view.height; ++y) {
    for (int x = 0; x < d.view.width; ++x) {
      const double scale = std::ldexp(256.0, z);
      const LatLon p = unproject({(static_cast<double>(d.view.left + x) + 0.5) / scale,
                                  (static_cast<double>(d.view.top + y) + 0.5) / scale});
      const double m = haversine_m(p.lat, p.lon, demo::kHomeLat, demo::kHomeLon);
      if (m < kZoneRadius - px_m) {
        ++inside;
        EXPECT_EQ(d.image.at(x, y).a, 0) << "pixel " << x << "," << y << " at " << m << " m";
      } else if (m < 2.5 * kZoneRadius && d.image.at(x, y).a != 0 && !in_credit(d, x, y)) {
        ++near;
      }
    }
  }
  EXPECT_GT(inside, 20000u);
  EXPECT_GT(near, 200u) << "the rides start at home: heat just outside the zone";
}

TEST(Poster, AViewWithNoActivityIsBackgroundOnly) {
  const Drawn d = draw({{"layer", "frequency-log"},
                        {"size", "300x200"},
                        {"center", "-40,-120"},
                        {"z", "8"},
                        {"legend", "0"}});
  EXPECT_EQ(d.poster.heat_pixels, 0u);
  EXPECT_EQ(d.image.at(10, 10), d.image.at(150, 100));
  EXPECT_EQ(d.image.at(10, 10).a, 255) << "dark background";
}

TEST(Poster, TitleAndLegendAreDrawnOverTheMap) {
  const live::QueryParams plain = params("frequency-log", 12, kLat, kLon, 800, 600);
  live::QueryParams dressed = plain;
  dressed.back() = {"legend", "1"};
  dressed.emplace_back("title", "My year");
  const Drawn a = draw(plain), b = draw(dressed);
  const auto differing = [&](int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) n += a.image.at(x, y) == b.image.at(x, y) ? 0 : 1;
    }
    return n;
  };
  EXPECT_GT(differing(300, 0, 500, 60), 500) << "title at the top";
  EXPECT_GT(differing(0, 480, 250, 600), 2000) << "legend at the bottom left";
  EXPECT_EQ(differing(300, 200, 500, 400), 0) << "the middle is the map";
}

TEST(Poster, TheServedRouteDrawsTheSamePoster) {
  const std::unique_ptr<live::LiveMap> live = loaded_live_map();
  ASSERT_TRUE(live->wait_ready()) << live->error();
  live::LiveMap& map = *live;
  PosterRoute route(map);
  live::LiveRequest r;
  r.path = "/api/poster.png";
  r.query = params("pace", 13, kLat, kLon, 640, 480, {{"title", "Pace"}});
  const live::LiveResponse res = route.handle(r);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.content_type, "image/png");
  const Drawn d = draw(r.query);
  EXPECT_EQ(res.body, std::string(d.poster.png.begin(), d.poster.png.end()));

  r.query = params("pace", 13, kLat, kLon, 9000, 100);
  live::LiveResponse bad = route.handle(r);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("8192"), std::string::npos) << bad.body;
  r.query = params("pace", 13, kLat, kLon, 8000, 8000);
  bad = route.handle(r);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("pixels"), std::string::npos) << bad.body;
  r.query = params("pace", 17, kLat, kLon, 100, 100);
  bad = route.handle(r);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("outside the site's zooms 0 to 16"), std::string::npos) << bad.body;
}

}  // namespace
}  // namespace th::poster
