#include "store/track_codec.hpp"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "store/synthetic_track.hpp"

namespace th {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Same value, or both missing.
bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

// Exact equality of every field (NaN == NaN).
void expect_identical(const std::vector<Sample>& got, const std::vector<Sample>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Sample &g = got[i], &w = want[i];
    EXPECT_TRUE(same(g.time, w.time)) << "time at " << i << ": " << g.time << " vs " << w.time;
    EXPECT_TRUE(same(g.lat, w.lat)) << "lat at " << i << ": " << g.lat << " vs " << w.lat;
    EXPECT_TRUE(same(g.lon, w.lon)) << "lon at " << i << ": " << g.lon << " vs " << w.lon;
    EXPECT_TRUE(same(g.distance, w.distance)) << "distance at " << i;
    EXPECT_TRUE(same(g.altitude, w.altitude)) << "altitude at " << i;
    EXPECT_TRUE(same(g.heart_rate, w.heart_rate)) << "heart rate at " << i;
    EXPECT_TRUE(same(g.speed, w.speed)) << "speed at " << i;
    EXPECT_EQ(g.segment_start, w.segment_start) << "segment_start at " << i;
  }
}

std::vector<Sample> round_trip(const std::vector<Sample>& samples) {
  return decode_track(encode_track(samples));
}

// Values already on the codec's grid (1 ms, 1e-7°, 1 cm, 0.01 bpm, 1 mm/s) come back exactly.
TEST(TrackCodec, GridValuesRoundTripExactly) {
  test::TrackShape shape;
  shape.fit_semicircles = false;
  shape.pauses = true;
  auto track = test::synthetic_track(5000, shape);
  for (std::size_t i = 0; i < track.size(); ++i) {
    track[i].time += static_cast<double>(i % 1000) / 1000.0;  // millisecond fractions
    track[i].heart_rate = static_cast<float>(120.25 + static_cast<double>(i % 7) * 0.01);
  }
  expect_identical(round_trip(track), track);
}

TEST(TrackCodec, DeviceValuesRoundTripWithinStatedPrecision) {
  const auto track = test::synthetic_track(3600);  // FIT semicircles: not on the 1e-7° grid
  const auto got = round_trip(track);
  ASSERT_EQ(got.size(), track.size());
  for (std::size_t i = 0; i < track.size(); ++i) {
    EXPECT_NEAR(got[i].lat, track[i].lat, 0.5e-7 + 1e-12) << i;
    EXPECT_NEAR(got[i].lon, track[i].lon, 0.5e-7 + 1e-12) << i;
    EXPECT_EQ(got[i].time, track[i].time);
    EXPECT_EQ(got[i].distance, track[i].distance);
    EXPECT_EQ(got[i].altitude, track[i].altitude);
    EXPECT_EQ(got[i].heart_rate, track[i].heart_rate);
    EXPECT_EQ(got[i].speed, track[i].speed);
  }
}

TEST(TrackCodec, OffGridValuesAreRoundedToHalfAUnit) {
  std::vector<Sample> track(3);
  track[0] = {.time = 1.0004,
              .lat = 10.00000004,
              .lon = -10.00000006,
              .distance = 1.234,
              .altitude = 1.006f,
              .heart_rate = 99.996f,
              .speed = 2.0004f};
  track[1] = track[0];
  track[2] = track[0];
  track[2].time = 2.5;
  const auto got = round_trip(track);
  EXPECT_DOUBLE_EQ(got[0].time, 1.0);
  EXPECT_DOUBLE_EQ(got[0].lat, 10.0);
  EXPECT_DOUBLE_EQ(got[0].lon, -10.0000001);
  EXPECT_DOUBLE_EQ(got[0].distance, 1.23);
  EXPECT_FLOAT_EQ(got[0].altitude, 1.01f);
  EXPECT_FLOAT_EQ(got[0].heart_rate, 100.0f);
  EXPECT_FLOAT_EQ(got[0].speed, 2.0f);
  EXPECT_DOUBLE_EQ(got[2].time, 2.5);
}

TEST(TrackCodec, EmptyAndSingleSampleTracks) {
  EXPECT_TRUE(round_trip({}).empty());
  EXPECT_LE(encode_track({}).size(), 16u);

  std::vector<Sample> one(1);
  expect_identical(round_trip(one), one);  // every field missing
  one[0] = {.time = 1.5e9,
            .lat = -33.8688,
            .lon = 151.2093,
            .distance = 0,
            .altitude = 58,
            .heart_rate = 61,
            .speed = 0,
            .segment_start = true};
  expect_identical(round_trip(one), one);
}

TEST(TrackCodec, MissingFieldsStayMissingAtTheirIndices) {
  test::TrackShape shape;
  shape.fit_semicircles = false;
  auto track = test::synthetic_track(2000, shape);
  for (std::size_t i = 0; i < track.size(); ++i) {
    if (i >= 300 && i < 420) track[i].lat = track[i].lon = kNaN;  // tunnel
    if (i % 50 < 10) track[i].heart_rate = kNaNf;                 // strap drop-outs
    track[i].altitude = kNaNf;                                    // never recorded
    if (i % 333 == 0) track[i].time = kNaN;                       // odd untimed point
    if (i > 1500) track[i].speed = kNaNf;                         // stops at the end
    if (i == 0 || i == 1999) track[i].distance = kNaN;
  }
  const auto got = round_trip(track);
  expect_identical(got, track);
  EXPECT_TRUE(std::isnan(got[350].lat));
  EXPECT_FALSE(std::isnan(got[299].lat));
  EXPECT_TRUE(std::isnan(got[5].heart_rate));
  EXPECT_FALSE(std::isnan(got[15].heart_rate));
}

TEST(TrackCodec, SegmentBreaksArePreserved) {
  test::TrackShape shape;
  shape.fit_semicircles = false;
  auto track = test::synthetic_track(1000, shape);
  for (const std::size_t i : {1u, 2u, 3u, 400u, 999u}) track[i].segment_start = true;
  const auto got = round_trip(track);
  expect_identical(got, track);
  int breaks = 0;
  for (const Sample& s : got) breaks += s.segment_start ? 1 : 0;
  EXPECT_EQ(breaks, 5);
}

TEST(TrackCodec, ExtremeCoordinatesRoundTrip) {
  // Negative hemispheres, the antimeridian crossed back and forth, both poles.
  std::vector<Sample> track;
  const double lons[] = {179.9999999, -180.0, 180.0, -179.9999999, 0.0000001, -0.0000001, 180.0};
  const double lats[] = {-89.9999999, -90.0, 90.0, 89.9999999, -0.0000001, 0.0, -45.5};
  for (int i = 0; i < 7; ++i) {
    Sample s;
    s.time = 1.7e9 + i;
    s.lat = lats[i];
    s.lon = lons[i];
    track.push_back(s);
  }
  expect_identical(round_trip(track), track);
}

TEST(TrackCodec, HugeAndNonFiniteValuesRoundTripExactly) {
  std::vector<Sample> track(8);
  const double doubles[] = {1e300, -DBL_MAX, kInf, -kInf, 9.0e15, -9.0e15, 4e-320, 1.5e9};
  const float floats[] = {FLT_MAX, -FLT_MAX, std::numeric_limits<float>::infinity(),
                          3e38f,   1e-40f,   0.0f,
                          -0.0f,   150.0f};
  for (int i = 0; i < 8; ++i) {
    track[i].time = doubles[i];
    track[i].distance = doubles[7 - i];
    track[i].lat = doubles[(i + 3) % 8];
    track[i].lon = doubles[(i + 5) % 8];
    track[i].altitude = floats[i];
    track[i].heart_rate = floats[7 - i];
    track[i].speed = floats[(i + 2) % 8];
  }
  // Columns that do not fit fixed-point are stored raw: bit-exact, infinities included.
  const auto got = round_trip(track);
  ASSERT_EQ(got.size(), track.size());
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(got[i].time, track[i].time);
    EXPECT_EQ(got[i].distance, track[i].distance);
    EXPECT_EQ(got[i].lat, track[i].lat);
    EXPECT_EQ(got[i].lon, track[i].lon);
    EXPECT_EQ(got[i].altitude, track[i].altitude);
    EXPECT_EQ(got[i].heart_rate, track[i].heart_rate);
    EXPECT_EQ(got[i].speed, track[i].speed);
  }
}

TEST(TrackCodec, LargestFixedPointDeltasDoNotOverflow) {
  // Values of almost ±2^53 units, alternating: first differences near 2^54, second ones near
  // 2^55 (UBSan checks there is no signed overflow on the way). At that magnitude one unit is
  // about one double ulp, hence the tolerance of two units.
  const double units = 9007199254740992.0 - 4096.0;  // 2^53 - 4096
  std::vector<Sample> track(6);
  for (std::size_t i = 0; i < track.size(); ++i) {
    // Alternating signs, magnitudes a few units apart (so the common step is 1 unit).
    const double v = (i % 2 == 0 ? 1.0 : -1.0) * (units - 7.0 * static_cast<double>(i * i));
    track[i].time = v / 1e3;
    track[i].distance = v / 1e2;
    track[i].lat = -v / 1e7;
  }
  const auto got = round_trip(track);
  for (std::size_t i = 0; i < track.size(); ++i) {
    EXPECT_NEAR(got[i].time, track[i].time, 2e-3) << i;
    EXPECT_NEAR(got[i].distance, track[i].distance, 2e-2) << i;
    EXPECT_NEAR(got[i].lat, track[i].lat, 2e-7) << i;
  }
}

TEST(TrackCodec, NanPayloadsAndNegativeZero) {
  std::vector<Sample> track(2);
  track[0].time = -std::numeric_limits<double>::quiet_NaN();
  track[0].lat = std::numeric_limits<double>::signaling_NaN();
  track[1].time = -0.0;
  track[1].altitude = -0.0f;
  const auto got = round_trip(track);
  EXPECT_TRUE(std::isnan(got[0].time));
  EXPECT_TRUE(std::isnan(got[0].lat));
  EXPECT_EQ(got[1].time, 0.0);
  EXPECT_EQ(got[1].altitude, 0.0f);
}

// The size the header promises for a device's 1 Hz track with every field.
TEST(TrackCodec, OneHertzTrackCostsAboutTenBytesPerSample) {
  const auto run = test::synthetic_track(3600);
  const double run_bytes = static_cast<double>(encode_track(run).size()) / 3600.0;
  test::TrackShape ride_shape;
  ride_shape.speed_mps = 8.0;
  ride_shape.seed = 7;
  ride_shape.pauses = true;
  const auto ride = test::synthetic_track(3600, ride_shape);
  const double ride_bytes = static_cast<double>(encode_track(ride).size()) / 3600.0;
  EXPECT_LE(run_bytes, 10.0);
  EXPECT_LE(ride_bytes, 10.5);
  std::printf("bytes/sample: run %.2f, ride %.2f\n", run_bytes, ride_bytes);
}

TEST(TrackCodec, EncodingIsDeterministic) {
  const auto track = test::synthetic_track(500);
  EXPECT_EQ(encode_track(track), encode_track(track));
}

}  // namespace
}  // namespace th
