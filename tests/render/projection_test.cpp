#include "render/projection.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>

#include "core/geo.hpp"

namespace th {
namespace {

constexpr double kUnit = 1.0 / kFixedScale;  // one fixed-point unit in world coordinates

// The textbook slippy-map formula (OpenStreetMap wiki), written independently of project().
double osm_tile_y(double lat, int zoom) {
  const double r = lat * std::numbers::pi / 180.0;
  return (1.0 - std::log(std::tan(r) + 1.0 / std::cos(r)) / std::numbers::pi) / 2.0 *
         std::ldexp(1.0, zoom);
}
double osm_tile_x(double lon, int zoom) {
  return (lon + 180.0) / 360.0 * std::ldexp(1.0, zoom);
}

TEST(Projection, NullIslandIsTheCentreOfTheWorld) {
  const WorldPoint p = project(0.0, 0.0);
  EXPECT_EQ(p.x, 0.5);
  EXPECT_EQ(p.y, 0.5);
  const FixedPoint f = to_fixed(p);
  EXPECT_EQ(f.x, 0x80000000u);
  EXPECT_EQ(f.y, 0x80000000u);
  EXPECT_EQ(tile_of(f, 1), (TileKey{1, 1, 1}));
  EXPECT_EQ(tile_of(f, 0), (TileKey{0, 0, 0}));
  const PixelPoint px = pixel_of(f, 0);
  EXPECT_EQ(px.x, 128.0);
  EXPECT_EQ(px.y, 128.0);
}

TEST(Projection, MunichAtZoom12IsTile2179_1421) {
  const double lat = 48.137154, lon = 11.576124;  // Marienplatz
  // The standard formula puts it at x 2179.71, y 1421.49.
  EXPECT_EQ(static_cast<int>(osm_tile_x(lon, 12)), 2179);
  EXPECT_EQ(static_cast<int>(osm_tile_y(lat, 12)), 1421);
  EXPECT_EQ(tile_of(project_fixed(lat, lon), 12), (TileKey{12, 2179, 1421}));
  // Fixed point truncates to units of 2^-12 pixel at z12.
  const PixelPoint px = pixel_of(project_fixed(lat, lon), 12);
  EXPECT_NEAR(px.x, osm_tile_x(lon, 12) * 256.0, 1.0 / 4096);
  EXPECT_NEAR(px.y, osm_tile_y(lat, 12) * 256.0, 1.0 / 4096);
  // At z17 the pixel is 2^7 fixed units: the sub-pixel bits are there.
  const PixelPoint p17 = pixel_of(project_fixed(lat, lon), 17);
  EXPECT_NEAR(p17.x, osm_tile_x(lon, 17) * 256.0, 1.0 / 64);
  EXPECT_NE(p17.x, std::floor(p17.x));
}

TEST(Projection, AgreesWithTheStandardFormulaEverywhere) {
  for (double lat = -85.0; lat <= 85.0; lat += 2.5) {
    for (double lon = -179.5; lon <= 180.0; lon += 7.3) {
      const WorldPoint p = project(lat, lon);
      ASSERT_NEAR(p.x, osm_tile_x(lon, 0), 1e-15) << lat << " " << lon;
      ASSERT_NEAR(p.y, osm_tile_y(lat, 0), 1e-13) << lat << " " << lon;
    }
  }
}

TEST(Projection, RoundTripsThroughFixedPointAndBack) {
  for (double lat = -85.0; lat <= 85.0; lat += 0.77) {
    for (double lon = -180.0; lon < 180.0; lon += 3.1) {
      const WorldPoint p = project(lat, lon);
      const WorldPoint back = to_world(to_fixed(p));
      // Truncation: the fixed cell's corner is at most one unit below the point.
      ASSERT_LE(back.x, p.x);
      ASSERT_LT(p.x - back.x, kUnit);
      ASSERT_LE(back.y, p.y);
      ASSERT_LT(p.y - back.y, kUnit);
      const LatLon ll = unproject(back);
      // A unit is 9.3 mm at the equator: 1e-7 degrees is 11 mm.
      ASSERT_NEAR(ll.lat, lat, 1e-7);
      ASSERT_NEAR(ll.lon, lon, 1e-7);
      ASSERT_NEAR(unproject(p).lat, lat, 1e-11);
      ASSERT_NEAR(unproject(p).lon, lon, 1e-11);
    }
  }
}

TEST(Projection, ClampsAtThePolesAndTheAntimeridian) {
  EXPECT_EQ(project(90.0, 0.0).y, 0.0);
  EXPECT_EQ(project(89.0, 0.0).y, 0.0);
  EXPECT_EQ(project(kMaxMercatorLat, 0.0).y, 0.0);
  EXPECT_GT(project(85.0, 0.0).y, 0.0);
  EXPECT_LT(project(-90.0, 0.0).y, 1.0);
  EXPECT_EQ(project_fixed(-90.0, 0.0).y, 0xFFFFFFFFu);
  EXPECT_EQ(project_fixed(-89.0, 0.0).y, 0xFFFFFFFFu);
  EXPECT_EQ(project_fixed(90.0, 0.0).y, 0u);

  EXPECT_EQ(project(0.0, -180.0).x, 0.0);
  EXPECT_LT(project(0.0, 180.0).x, 1.0);
  EXPECT_EQ(project_fixed(0.0, 180.0).x, 0xFFFFFFFFu);
  EXPECT_EQ(project_fixed(0.0, 200.0).x, 0xFFFFFFFFu);
  EXPECT_EQ(project_fixed(0.0, -200.0).x, 0u);
  // Both sides of the antimeridian land in the edge tiles of the same row.
  const TileKey east = tile_of(project_fixed(-17.0, 179.9999), 17);
  const TileKey west = tile_of(project_fixed(-17.0, -179.9999), 17);
  EXPECT_EQ(east.x, (1u << 17) - 1);
  EXPECT_EQ(west.x, 0u);
  EXPECT_EQ(east.y, west.y);
  // The last point of the world is in the last tile at every zoom.
  for (int z = 0; z <= 24; ++z) {
    const TileKey t = tile_of(FixedPoint{0xFFFFFFFFu, 0xFFFFFFFFu}, z);
    const auto last = static_cast<std::uint32_t>((std::uint64_t{1} << z) - 1);
    ASSERT_EQ(t.x, last) << z;
    ASSERT_EQ(t.y, last) << z;
  }
}

TEST(Projection, NanNeverBecomesUndefinedBehaviour) {
  const WorldPoint p = project(std::nan(""), 10.0);
  EXPECT_TRUE(std::isnan(p.x));
  EXPECT_TRUE(std::isnan(p.y));
  EXPECT_EQ(to_fixed(p), (FixedPoint{0, 0}));
  EXPECT_EQ(to_fixed(WorldPoint{-3.0, 7.0}), (FixedPoint{0, 0xFFFFFFFFu}));
}

TEST(Projection, TileOriginAndPixelsAgree) {
  const TileKey t{17, 69822, 45584};
  const WorldPoint o = tile_origin(t);
  const FixedPoint f = to_fixed(o);
  EXPECT_EQ(tile_of(f, 17), t);
  const PixelPoint px = pixel_of(f, 17);
  EXPECT_EQ(px.x, 256.0 * 69822);
  EXPECT_EQ(px.y, 256.0 * 45584);
  // One unit to the left is the previous tile.
  EXPECT_EQ(tile_of(FixedPoint{f.x - 1, f.y}, 17).x, 69821u);
}

TEST(Projection, MetresPerPixelFollowsLatitude) {
  // 2 pi R / 256 at the equator on the haversine sphere.
  EXPECT_NEAR(metres_per_pixel(0.0, 0), 156368.08, 0.01);
  EXPECT_NEAR(metres_per_pixel(0.0, 17), 156368.08 / 131072.0, 1e-6);
  EXPECT_NEAR(metres_per_pixel(60.0, 10), metres_per_pixel(0.0, 10) / 2.0, 1e-9);
  // A pixel's width in metres matches haversine between its two edges.
  const double lat = 48.137, m = metres_per_pixel(lat, 15);
  const double lon_per_px = 360.0 / (256.0 * 32768.0);
  EXPECT_NEAR(haversine_m(lat, 11.5, lat, 11.5 + lon_per_px), m, m * 1e-6);
}

// The stepper walks a track; every point must agree with project() to a fixed-point unit.
void expect_stepper_agrees(double lat0, double lon0, double dlat, double dlon, int steps) {
  MercatorStepper stepper;
  for (int i = 0; i < steps; ++i) {
    const double lat = lat0 + dlat * i, lon = lon0 + dlon * i;
    const MercatorStepper::Result r = stepper.project(lat, lon);
    const FixedPoint direct = project_fixed(lat, lon);
    const FixedPoint stepped = to_fixed(r.world);
    ASSERT_EQ(stepped.x, direct.x) << lat << " " << lon;
    ASSERT_LE(std::abs(static_cast<std::int64_t>(stepped.y) - direct.y), 1) << lat << " " << lon;
    ASSERT_NEAR(r.world.y, project(lat, lon).y, 1e-3 * kUnit) << lat << " " << lon;
    const double clamped = std::fmin(kMaxMercatorLat, std::fmax(-kMaxMercatorLat, lat));
    ASSERT_NEAR(r.cos_lat, std::cos(deg_to_rad(clamped)), 1e-12) << lat;
  }
}

TEST(MercatorStepper, MatchesProjectAlongTracksAtAllLatitudes) {
  expect_stepper_agrees(-1.0, 30.0, 3e-5, 2e-5, 200000);     // across the equator, ~3 m steps
  expect_stepper_agrees(48.0, 11.0, 2.7e-5, -1e-5, 100000);  // Munich
  expect_stepper_agrees(69.0, 18.0, -4e-5, 1e-4, 100000);    // Tromsø
  expect_stepper_agrees(84.9, 0.0, 1e-6, 1e-5, 100000);      // into the clamp at 85.05
  expect_stepper_agrees(-84.0, 0.0, -3e-3, 1e-3, 1000);      // big steps: re-anchors often
  expect_stepper_agrees(10.0, 0.0, 0.5, 0.5, 300);           // jumps across the world
}

}  // namespace
}  // namespace th
