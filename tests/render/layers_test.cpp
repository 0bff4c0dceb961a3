// Per-layer values from synthetic activities with known values, rendered through the real
// pipeline (prepare_track → render_zoom), and the layer code/scale arithmetic.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/geo.hpp"
#include "render/layers.hpp"
#include "render/track_prep.hpp"
#include "render/zoom_renderer.hpp"

namespace th {
namespace {

constexpr double kStartLat = 48.15, kStartLon = 11.55;

// A straight line due north: `length_m` at `speed_mps`, sampled every `interval_s`, on a steady
// `grade`, with `hr` bpm.
std::vector<Sample> straight(double length_m, double speed_mps, double interval_s, double grade,
                             float hr, double t0 = 1.7e9) {
  std::vector<Sample> out;
  const double m_per_deg = kEarthRadiusM * deg_to_rad(1.0);
  for (double d = 0; d <= length_m + 1e-9; d += speed_mps * interval_s) {
    Sample s;
    s.time = t0 + d / speed_mps;
    s.lat = kStartLat + d / m_per_deg;
    s.lon = kStartLon;
    s.altitude = static_cast<float>(500 + grade * d);
    s.heart_rate = hr;
    s.distance = d;
    out.push_back(s);
  }
  return out;
}

struct Rendered {
  std::vector<PreparedTrack> tracks;
  ZoomResult zoom;
};

Rendered render(const std::vector<std::vector<Sample>>& activities, int zoom) {
  Rendered r;
  r.tracks.reserve(activities.size());
  for (const auto& a : activities) r.tracks.push_back(prepare_track(a));
  std::vector<RenderInput> inputs;
  for (std::size_t i = 0; i < r.tracks.size(); ++i) {
    inputs.push_back(
        {&r.tracks[i], DrawnActivity{static_cast<std::uint32_t>(i), 20000, true, true}});
  }
  r.zoom = render_zoom(inputs, zoom, 2);
  return r;
}

// Every decoded value of one layer over all tiles.
std::vector<double> values(const ZoomResult& z, LayerId id) {
  std::vector<double> out;
  for (const auto& t : z.tiles) {
    for (std::size_t p = 0; p < t.pixels.size(); ++p) {
      const std::uint16_t code = t.codes[p * kLayerCount + static_cast<std::size_t>(id)];
      if (code != 0) out.push_back(decode_value(id, code));
    }
  }
  return out;
}

double time_weighted_mean(const ZoomResult& z, LayerId id) {
  double num = 0, den = 0;
  for (const auto& t : z.tiles) {
    for (std::size_t p = 0; p < t.pixels.size(); ++p) {
      const auto* c = &t.codes[p * kLayerCount];
      const double w = decode_value(LayerId::FrequencyLinear, c[0]);
      const double v = decode_value(id, c[static_cast<std::size_t>(id)]);
      if (std::isfinite(v) && std::isfinite(w)) num += w * v, den += w;
    }
  }
  return den > 0 ? num / den : NAN;
}

TEST(Layers, EveryLayerIsFoundByItsNameAndNothingElseIs) {
  for (const LayerSpec& spec : layer_specs()) EXPECT_EQ(layer_named(spec.name), &spec);
  EXPECT_EQ(layer_named("nope"), nullptr);
  EXPECT_EQ(layer_named("Frequency-Log"), nullptr) << "ids are exact";
  EXPECT_EQ(layer_named(""), nullptr);
}

TEST(Layers, SteadyClimbAtTenKmhGivesKnownPaceHeartRateAndGrade) {
  const auto r = render({straight(5000, 10 / 3.6, 1, 0.05, 140)}, 15);
  ASSERT_FALSE(r.zoom.tiles.empty());
  EXPECT_NEAR(time_weighted_mean(r.zoom, LayerId::Pace), 2.78, 0.03);
  EXPECT_NEAR(time_weighted_mean(r.zoom, LayerId::HeartRate), 140, 0.5);
  EXPECT_NEAR(time_weighted_mean(r.zoom, LayerId::Climb), 0.05, 0.005);
  EXPECT_NEAR(time_weighted_mean(r.zoom, LayerId::Steepness), 0.05, 0.005);
  const auto hill = values(r.zoom, LayerId::Hill);
  EXPECT_GT(hill.size(), values(r.zoom, LayerId::FrequencyLinear).size() * 9 / 10);
  for (double g : hill) EXPECT_GT(g, 0.025);
  // Time spent: 5 km at 10 km/h is 1800 s, all of it somewhere on the map.
  double total = 0;
  for (double v : values(r.zoom, LayerId::FrequencyLinear)) total += v;
  EXPECT_NEAR(total, 1800, 1800 * 0.01);
}

TEST(Layers, OnePercentClimbLightsNoHillPixel) {
  const auto r = render({straight(5000, 10 / 3.6, 1, 0.01, 140)}, 15);
  EXPECT_TRUE(values(r.zoom, LayerId::Hill).empty());
  EXPECT_FALSE(values(r.zoom, LayerId::Steepness).empty());
}

TEST(Layers, OneSecondAndFiveSecondRecordingsGiveTheSameFrequencyPicture) {
  const auto fine = render({straight(3000, 3, 1, 0, 150)}, 16);
  const auto coarse = render({straight(3000, 3, 5, 0, 150)}, 16);
  std::map<std::pair<std::uint64_t, int>, double> a, b;
  auto collect = [](const ZoomResult& z, auto& m) {
    for (const auto& t : z.tiles) {
      for (std::size_t p = 0; p < t.pixels.size(); ++p) {
        m[{(std::uint64_t{t.tile.x} << 32) | t.tile.y, t.pixels[p]}] =
            decode_value(LayerId::FrequencyLinear, t.codes[p * kLayerCount]);
      }
    }
  };
  collect(fine.zoom, a);
  collect(coarse.zoom, b);
  ASSERT_GT(a.size(), 100u);
  int compared = 0;
  for (const auto& [k, v] : a) {
    const auto it = b.find(k);
    if (it == b.end()) continue;
    ++compared;
    EXPECT_NEAR(it->second, v, std::max(0.02 * v, 1e-3));
  }
  EXPECT_GT(compared, static_cast<int>(a.size() * 95 / 100));
}

TEST(Layers, AGapIsNotBridged) {
  auto track = straight(2000, 3, 1, 0, 140);
  // Remove the middle 800 m and mark the jump as a new segment.
  std::vector<Sample> gapped;
  for (const auto& s : track) {
    const double d = s.distance;
    if (d > 600 && d < 1400) continue;
    gapped.push_back(s);
    if (d >= 1400 && gapped.size() > 1 && gapped[gapped.size() - 2].distance <= 600) {
      gapped.back().segment_start = true;
    }
  }
  const auto r = render({gapped}, 16);
  // No pixel lies in the middle of the gap.
  const double m_per_deg = kEarthRadiusM * deg_to_rad(1.0);
  const FixedPoint mid = project_fixed(kStartLat + 1000 / m_per_deg, kStartLon);
  const TileKey tile = tile_of(mid, 16);
  const PixelPoint px = pixel_of(mid, 16);
  const int local = static_cast<int>(std::floor(px.y)) - static_cast<int>(tile.y) * 256;
  for (const auto& t : r.zoom.tiles) {
    if (!(t.tile == tile)) continue;
    for (std::uint16_t p : t.pixels) EXPECT_GT(std::abs(p / 256 - local), 100) << p;
  }
}

// A line running east across tile borders: on both sides of every border the pixels next to it
// carry the same heat, at several zooms (no seam, no gap).
TEST(Layers, LinesAreContinuousAcrossTileBorders) {
  std::vector<Sample> east;
  for (int i = 0; i <= 4000; ++i) {
    Sample s;
    s.time = 1.7e9 + i;
    s.lat = 48.1372;
    s.lon = 11.50 + i * 0.00005;  // ~3.7 m per second
    east.push_back(s);
  }
  for (int zoom : {12, 14, 16}) {
    SCOPED_TRACE(zoom);
    const auto r = render({east}, zoom);
    std::map<std::pair<std::uint32_t, std::uint32_t>, const TileCodes*> by_tile;
    for (const auto& t : r.zoom.tiles) by_tile[{t.tile.x, t.tile.y}] = &t;
    // Column sums of time at the right edge of a tile and the left edge of its east neighbour.
    auto column = [](const TileCodes& t, int x) {
      double sum = 0;
      for (std::size_t p = 0; p < t.pixels.size(); ++p) {
        if (t.pixels[p] % 256 == x)
          sum += decode_value(LayerId::FrequencyLinear, t.codes[p * kLayerCount]);
      }
      return sum;
    };
    int borders = 0;
    for (const auto& [key, tile] : by_tile) {
      const auto it = by_tile.find({key.first + 1, key.second});
      if (it == by_tile.end()) continue;
      const double left = column(*tile, 255), right = column(*it->second, 0);
      if (left == 0 && right == 0) continue;  // the line leaves through another edge
      ++borders;
      EXPECT_GT(left, 0);
      EXPECT_GT(right, 0);
      EXPECT_NEAR(left, right, 0.05 * std::max(left, right));
    }
    EXPECT_GT(borders, 0);
  }
}

TEST(Layers, DistinctActivitiesCountEachActivityOnce) {
  const auto a = straight(1000, 3, 1, 0, 140);
  const auto b = straight(1000, 3, 1, 0, 140, 1.8e9);
  const auto r = render({a, b, a}, 15);
  const auto counts = values(r.zoom, LayerId::FrequencyActivities);
  ASSERT_FALSE(counts.empty());
  for (double c : counts) EXPECT_LE(c, 3);
  EXPECT_EQ(*std::max_element(counts.begin(), counts.end()), 3);
}

TEST(Layers, CodesRoundTripWithinResolution) {
  for (double s : {0.001, 0.5, 30.0, 3600.0, 1e6}) {
    const double back =
        decode_value(LayerId::FrequencyLinear, encode_value(LayerId::FrequencyLinear, s));
    EXPECT_NEAR(back, s, s * 0.001);
  }
  EXPECT_NEAR(decode_value(LayerId::Pace, encode_value(LayerId::Pace, 2.778)), 2.778, 0.0006);
  EXPECT_NEAR(decode_value(LayerId::HeartRate, encode_value(LayerId::HeartRate, 141.37)), 141.37,
              0.006);
  EXPECT_NEAR(decode_value(LayerId::Climb, encode_value(LayerId::Climb, -0.0712)), -0.0712, 1e-4);
  EXPECT_EQ(encode_value(LayerId::Pace, NAN), 0);
  EXPECT_EQ(encode_value(LayerId::FrequencyLinear, 0), 0);
}

TEST(Layers, EncodePixelAgreesWithEachLayersValue) {
  std::uint64_t state = 12345;
  auto next = [&] {  // a small deterministic generator, values over many magnitudes
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<float>((state >> 33) % 100000) / 37.0f;
  };
  for (int i = 0; i < 2000; ++i) {
    PixelSums p;
    p.time = next() / 100;
    p.time_12mo = i % 3 == 0 ? 0 : p.time / 2;
    p.time_36mo = p.time;
    p.speed_time = i % 5 == 0 ? 0 : p.time;
    p.speed_sum = p.speed_time * (next() / 300);
    p.hr_time = i % 4 == 0 ? 0 : p.time;
    p.hr_sum = p.hr_time * (60 + next() / 30);
    p.grade_time = i % 7 == 0 ? 0 : p.time;
    p.grade_sum = p.grade_time * (next() / 20000 - 0.05f);
    p.grade_abs_sum = std::fabs(p.grade_sum);
    p.hill_time = i % 2 == 0 ? 0 : p.time / 3;
    p.hill_sum = p.hill_time * 0.07f;
    p.latest_day = i % 6 == 0 ? 0 : 19000 + static_cast<float>(i);
    p.activities = static_cast<std::uint32_t>(i % 9);
    std::array<std::uint16_t, kLayerCount> codes;
    encode_pixel(p, codes);
    for (const LayerSpec& spec : layer_specs()) {
      EXPECT_EQ(codes[static_cast<std::size_t>(spec.id)],
                encode_value(spec.id, layer_value(spec.id, p)))
          << spec.name << " at " << i;
    }
  }
}

TEST(Layers, ScalesMapDataIntoTheRampAndNeverToTransparent) {
  const LayerScale s{0, 100};
  EXPECT_DOUBLE_EQ(scale_to_t(LayerId::FrequencyLinear, s, 50), 0.5);
  EXPECT_DOUBLE_EQ(scale_to_t(LayerId::FrequencyLinear, s, 1000), 1.0);
  EXPECT_GT(scale_to_t(LayerId::FrequencyLinear, s, 1e-9), 0.0);
  EXPECT_DOUBLE_EQ(scale_to_t(LayerId::Climb, LayerScale{0, 0.1}, 0), 0.5);
  EXPECT_DOUBLE_EQ(scale_to_t(LayerId::Climb, LayerScale{0, 0.1}, -0.1), 0.0);
  // Recency: today is brightest, a year ago of three is still clearly above the oldest.
  const LayerScale days{20000, 21095};
  EXPECT_DOUBLE_EQ(scale_to_t(LayerId::Recency, days, 21095), 1.0);
  EXPECT_GT(scale_to_t(LayerId::Recency, days, 21095 - 30), 0.8);
  EXPECT_GT(scale_to_t(LayerId::Recency, days, 21095 - 365), 0.3);
  EXPECT_TRUE(std::isnan(scale_to_t(LayerId::Pace, s, NAN)));
}

TEST(Layers, HistogramPercentiles) {
  CodeHistogram h(65536, 0);
  EXPECT_EQ(histogram_percentile(h, 50), 0);
  for (int i = 1; i <= 100; ++i) h[static_cast<std::size_t>(i)] = 1;
  EXPECT_EQ(histogram_percentile(h, 50), 50);
  EXPECT_EQ(histogram_percentile(h, 99), 99);
  EXPECT_EQ(histogram_percentile(h, 100), 100);
  EXPECT_EQ(histogram_percentile(h, 0), 1);
}

}  // namespace
}  // namespace th
