// Privacy zones and trimmed ends (render/privacy.hpp) on tiny hand-made tracks: what prepare_track
// keeps of a track that crosses, starts in, lies in or avoids a hidden circle, and the trim.
#include "render/privacy.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "core/geo.hpp"
#include "render/projection.hpp"
#include "render/track_prep.hpp"

namespace th {
namespace {

constexpr double kLat = 48.137, kLon = 11.575;
constexpr double kT0 = 1'700'000'000.0;
constexpr double kTolM = 0.02;  // a cut vertex is on the circle to within a fixed-point unit

double north_deg(double m) {
  return m / kEarthRadiusM * 180.0 / std::numbers::pi;
}
double east_deg(double m) {
  return north_deg(m) / std::cos(kLat * std::numbers::pi / 180.0);
}

// Samples every `step` metres from (x0, y0) to (x1, y1) metres east/north of (kLat, kLon), 1 s
// apart.
std::vector<Sample> walk(double x0, double y0, double x1, double y1, double step = 5.0) {
  const double len = std::hypot(x1 - x0, y1 - y0);
  const int n = static_cast<int>(std::round(len / step));
  std::vector<Sample> out;
  for (int i = 0; i <= n; ++i) {
    const double f = static_cast<double>(i) / n;
    Sample s;
    s.lat = kLat + north_deg(y0 + f * (y1 - y0));
    s.lon = kLon + east_deg(x0 + f * (x1 - x0));
    s.time = kT0 + i;
    s.altitude = 500.0f;
    out.push_back(s);
  }
  return out;
}

// A zone whose secret centre is (dx, dy) metres from the given centre (kLat, kLon).
PrivacySettings zone(double radius, double dx = 0, double dy = 0) {
  PrivacySettings p;
  PrivacyZone z;
  z.lat = kLat;
  z.lon = kLon;
  z.radius_m = radius;
  z.hidden_lat = kLat + north_deg(dy);
  z.hidden_lon = kLon + east_deg(dx);
  p.zones.push_back(z);
  return p;
}

LatLon where(const TrackVertex& v) {
  return unproject(to_world(v.point()));
}

double hidden_distance(const PrivacyZone& z, const TrackVertex& v) {
  const LatLon p = where(v);
  return haversine_m(p.lat, p.lon, z.hidden_lat, z.hidden_lon);
}

// Every vertex outside the hidden circle (to kTolM) and every drawn segment too: 200 points
// along each segment, on the Mercator line the renderer draws.
void expect_nothing_inside(const PreparedTrack& t, const PrivacyZone& z) {
  const double r = z.hidden_radius_m();
  for (std::size_t i = 0; i < t.vertices.size(); ++i) {
    ASSERT_GE(hidden_distance(z, t.vertices[i]), r - kTolM) << "vertex " << i;
    if (i == 0 || t.vertices[i].run_start) continue;
    const WorldPoint a = to_world(t.vertices[i - 1].point()), b = to_world(t.vertices[i].point());
    for (int k = 1; k < 200; ++k) {
      const double f = k / 200.0;
      const LatLon p = unproject({a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)});
      ASSERT_GE(haversine_m(p.lat, p.lon, z.hidden_lat, z.hidden_lon), r - kTolM)
          << "segment " << i;
    }
  }
}

TEST(Privacy, TrackThroughAZoneIsCutAtTheCircle) {
  const PrivacySettings p = zone(100, 20, -10);  // hidden: 150 m around (20 m E, 10 m S)
  const PreparedTrack plain = prepare_track(walk(-500, 0, 500, 0));
  const PreparedTrack t = prepare_track(walk(-500, 0, 500, 0), {}, &p);
  EXPECT_FALSE(plain.privacy_cut);
  EXPECT_TRUE(t.privacy_cut);
  expect_nothing_inside(t, p.zones[0]);
  EXPECT_EQ(t.runs, 2u);
  // The two runs end and begin on the circle.
  std::size_t second = 1;
  while (!t.vertices[second].run_start) ++second;
  EXPECT_NEAR(hidden_distance(p.zones[0], t.vertices[second - 1]), 150.0, kTolM);
  EXPECT_NEAR(hidden_distance(p.zones[0], t.vertices[second]), 150.0, kTolM);
  // What is left: 1000 m minus the chord through the circle (10 m off its centre).
  const double chord = 2 * std::sqrt(150.0 * 150.0 - 10.0 * 10.0);
  EXPECT_NEAR(t.length_m, plain.length_m - chord, 0.1);
}

TEST(Privacy, SegmentJumpingAcrossAZoneIsCutToo) {
  // Two samples 1 km apart, both outside, the line between them through the zone.
  std::vector<Sample> s = walk(-500, 0, 500, 0, 1000.0);
  s[1].time = kT0 + 150;  // 6.7 m/s, under the 180 s gap: drawn
  const PrivacySettings p = zone(100);
  const PreparedTrack t = prepare_track(s, {}, &p);
  expect_nothing_inside(t, p.zones[0]);
  ASSERT_EQ(t.vertices.size(), 4u);
  EXPECT_TRUE(t.vertices[2].run_start);
  EXPECT_NEAR(t.length_m, 1000.0 - 300.0, 0.1);
  // The pieces keep the segment's time in proportion.
  EXPECT_NEAR(t.vertices[1].dt_s, 52.5, 0.01);
  EXPECT_NEAR(t.vertices[3].dt_s, 52.5, 0.01);
}

TEST(Privacy, TrackStartingInsideStartsAtTheBoundary) {
  const PrivacySettings p = zone(100, 0, 0);
  const PreparedTrack t = prepare_track(walk(0, 0, 600, 0), {}, &p);
  expect_nothing_inside(t, p.zones[0]);
  ASSERT_FALSE(t.vertices.empty());
  EXPECT_TRUE(t.vertices[0].run_start);
  EXPECT_EQ(t.runs, 1u);
  EXPECT_NEAR(hidden_distance(p.zones[0], t.vertices[0]), 150.0, kTolM);
  EXPECT_NEAR(t.length_m, 450.0, 0.1);
}

TEST(Privacy, TrackEntirelyInsideVanishes) {
  const PrivacySettings p = zone(100, 10, 10);
  const PreparedTrack t = prepare_track(walk(-80, -40, 80, 60), {}, &p);
  EXPECT_TRUE(t.vertices.empty());
  EXPECT_TRUE(t.bounds.empty());
  EXPECT_EQ(t.length_m, 0.0);
  EXPECT_TRUE(t.privacy_cut);
}

TEST(Privacy, TrackOutsideIsUntouched) {
  const PrivacySettings p = zone(100);
  const std::vector<Sample> s = walk(-500, 200, 500, 160);  // passes 160+ m from the centre
  const PreparedTrack plain = prepare_track(s);
  const PreparedTrack t = prepare_track(s, {}, &p);
  EXPECT_FALSE(t.privacy_cut);
  ASSERT_EQ(t.vertices.size(), plain.vertices.size());
  for (std::size_t i = 0; i < t.vertices.size(); ++i) {
    EXPECT_EQ(t.vertices[i].point(), plain.vertices[i].point());
    EXPECT_EQ(t.vertices[i].run_start, plain.vertices[i].run_start);
  }
  EXPECT_EQ(t.length_m, plain.length_m);
}

TEST(Privacy, GrazingSegmentBetweenOutsideVerticesIsCut) {
  // Vertices 400 m apart on a line 140 m from the centre: both far outside, the middle inside.
  std::vector<Sample> s = walk(-200, 140, 200, 140, 400.0);
  const PrivacySettings p = zone(100);
  const PreparedTrack t = prepare_track(s, {}, &p);
  expect_nothing_inside(t, p.zones[0]);
  EXPECT_EQ(t.runs, 2u);
}

TEST(Privacy, TrimEndsRemovesTheFirstAndLastMetresExactly) {
  PrivacySettings p;
  p.trim_ends_m = 123.0;  // between two samples (5 m apart): the cut is interpolated
  const std::vector<Sample> s = walk(0, 0, 1000, 0);
  const PreparedTrack t = prepare_track(s, {}, &p);
  ASSERT_GE(t.vertices.size(), 2u);
  const LatLon first = where(t.vertices.front()), last = where(t.vertices.back());
  EXPECT_NEAR(haversine_m(s.front().lat, s.front().lon, first.lat, first.lon), 123.0, kTolM);
  EXPECT_NEAR(haversine_m(s.back().lat, s.back().lon, last.lat, last.lon), 123.0, kTolM);
  EXPECT_NEAR(t.length_m, 1000.0 - 246.0, 0.05);
  EXPECT_EQ(t.runs, 1u);

  p.trim_ends_m = 501.0;  // a track shorter than twice the trim vanishes
  EXPECT_TRUE(prepare_track(s, {}, &p).vertices.empty());
  p.trim_ends_m = 499.0;
  EXPECT_NEAR(prepare_track(s, {}, &p).length_m, 2.0, 0.05);
}

TEST(Privacy, PlacedSecretCentreKeepsTheGivenCircleInside) {
  for (const double u1 : {0.0, 0.3, 0.999999}) {
    for (const double u2 : {0.0, 0.25, 0.6, 0.9}) {
      const PrivacyZone z = place_zone(kLat, kLon, 200.0, u1, u2);
      const double offset = haversine_m(kLat, kLon, z.hidden_lat, z.hidden_lon);
      EXPECT_LE(offset, kMaxSecretOffset * 200.0 + 1e-6);
      EXPECT_GE(z.hidden_radius_m() - offset, 200.0 * 1.1 - 1e-6);  // 0.1 r to spare
    }
  }
  EXPECT_GT(haversine_m(kLat, kLon, place_zone(kLat, kLon, 200, 0.5, 0.1).hidden_lat,
                        place_zone(kLat, kLon, 200, 0.5, 0.1).hidden_lon),
            10.0);
}

TEST(Privacy, ZoneValidation) {
  EXPECT_TRUE(valid_zone(kLat, kLon, 50));
  EXPECT_TRUE(valid_zone(kLat, kLon, 50000));
  EXPECT_FALSE(valid_zone(kLat, kLon, 49.9));
  EXPECT_FALSE(valid_zone(kLat, kLon, 50001));
  EXPECT_FALSE(valid_zone(91, kLon, 100));
  EXPECT_FALSE(valid_zone(kLat, 181, 100));
  EXPECT_FALSE(valid_zone(kLat, kLon, std::nan("")));
}

TEST(Privacy, BoxCornerInsideAZoneIsPushedOut) {
  // A track leaving west and another leaving north: the box's south-east corner would sit
  // near the centre.
  const PrivacySettings p = zone(100);
  LonLatBox box{kLon - east_deg(1000), kLat, kLon, kLat + north_deg(1000)};
  keep_corners_outside(box, p);
  const double corners[4][2] = {{box.min_lat, box.min_lon},
                                {box.min_lat, box.max_lon},
                                {box.max_lat, box.min_lon},
                                {box.max_lat, box.max_lon}};
  for (const auto& c : corners) {
    EXPECT_FALSE(hidden(p, c[0], c[1]));
    EXPECT_GT(haversine_m(c[0], c[1], kLat, kLon), 100.0);
  }
}

// The renderer's mask: pixels wholly inside the hidden circle, and only those. At zoom 14 a
// pixel is ~6 m here, so a 300 m zone (hidden radius 450 m) masks a disc of pixels.
TEST(Privacy, HiddenPixelsAreExactlyThoseWhollyInsideTheHiddenCircle) {
  PrivacySettings privacy;
  privacy.zones.push_back(place_zone(kLat, kLon, 300.0, 0.3, 0.7));
  const PrivacyZone& z = privacy.zones[0];
  constexpr int kZoom = 14;
  const TileKey centre = tile_of(project(z.hidden_lat, z.hidden_lon), kZoom);
  const double pixels = 256.0 * std::ldexp(1.0, kZoom);
  std::size_t masked = 0, checked = 0;
  for (std::uint32_t dy = 0; dy < 3; ++dy) {
    for (std::uint32_t dx = 0; dx < 3; ++dx) {
      const TileKey tile{kZoom, centre.x - 1 + dx, centre.y - 1 + dy};
      const std::vector<bool> mask = hidden_pixels(privacy, tile);
      for (int y = 0; y < 256; y += 3) {
        for (int x = 0; x < 256; x += 3) {
          bool all_inside = true;
          for (int cy = 0; cy < 2; ++cy) {
            for (int cx = 0; cx < 2; ++cx) {
              const LatLon c = unproject(
                  {(tile.x * 256.0 + x + cx) / pixels, (tile.y * 256.0 + y + cy) / pixels});
              all_inside = all_inside && haversine_m(c.lat, c.lon, z.hidden_lat, z.hidden_lon) <
                                             z.hidden_radius_m();
            }
          }
          const bool is_masked = !mask.empty() && mask[static_cast<std::size_t>(y) * 256 + x];
          EXPECT_EQ(is_masked, all_inside)
              << "tile " << tile.x << "," << tile.y << " pixel " << x << "," << y;
          masked += is_masked ? 1 : 0;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(masked, 100u);
  EXPECT_LT(masked, checked);
  // A tile far away: no mask at all.
  EXPECT_TRUE(hidden_pixels(privacy, TileKey{kZoom, centre.x + 20, centre.y}).empty());
  // At zoom 5 a pixel (~3 km) is larger than the whole circle: nothing wholly inside.
  EXPECT_TRUE(hidden_pixels(privacy, tile_of(project(z.hidden_lat, z.hidden_lon), 5)).empty());
}

TEST(Privacy, NearZoneReachesFiveHiddenRadii) {
  const PrivacyZone z = place_zone(kLat, kLon, 200.0, 0.0, 0.0);
  const double step = 1.0 / 111195.0;  // one metre of latitude, in degrees
  const auto box_at = [&](double metres_north) {
    const double lat = z.hidden_lat + metres_north * step;
    return LonLatBox{z.hidden_lon - 0.001, lat, z.hidden_lon + 0.001, lat + 0.01};
  };
  EXPECT_TRUE(near_zone(box_at(4.9 * z.hidden_radius_m()), z));
  EXPECT_FALSE(near_zone(box_at(5.1 * z.hidden_radius_m()), z));
  EXPECT_FALSE(near_zone(LonLatBox{}, z));
}

}  // namespace
}  // namespace th
