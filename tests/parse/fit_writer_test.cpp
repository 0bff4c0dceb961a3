// write_fit(): round trips through decode_fit(), and gpsbabel as an independent reader.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/bytes.hpp"
#include "demo/writers.hpp"
#include "parse/fit_crc.hpp"
#include "parse/fit_decoder.hpp"
#include "support/gpsbabel.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

constexpr double kStart = 1700000000.0;  // 2023-11-14T22:13:20Z

// A 1 Hz loop around Munich with heart rate, altitude, distance and speed, and a few gaps the
// way devices have them (no HR for a moment, no fix in a tunnel, no altitude).
Activity synthetic_activity(int n, Sport sport = Sport::Run) {
  Activity a;
  a.sport = sport;
  a.start_time = kStart;
  double distance = 0;
  for (int i = 0; i < n; ++i) {
    Sample s;
    s.time = kStart + i;
    const double angle = i * 0.002;
    s.lat = 48.137 + 0.01 * std::sin(angle) + 1e-7 * (i % 7);
    s.lon = 11.575 + 0.015 * std::cos(angle) - 1e-7 * (i % 5);
    s.altitude = static_cast<float>(520.0 + 30.0 * std::sin(angle * 3) + 0.05 * (i % 3));
    s.heart_rate = static_cast<float>(120 + (i % 40));
    s.speed = static_cast<float>(3.0 + 0.5 * std::sin(angle * 7));
    distance += s.speed;
    s.distance = distance;
    if (i % 97 == 5) s.heart_rate = kNaNf;
    if (i % 50 == 7) s.altitude = kNaNf;
    if (i > n / 2 && i < n / 2 + 20) s.lat = s.lon = kNaN;
    a.samples.push_back(s);
  }
  return a;
}

void expect_same_samples(const Activity& in, const Activity& out) {
  ASSERT_EQ(out.samples.size(), in.samples.size());
  for (std::size_t i = 0; i < in.samples.size(); ++i) {
    const Sample& x = in.samples[i];
    const Sample& y = out.samples[i];
    SCOPED_TRACE("sample " + std::to_string(i));
    if (has(x.time)) {
      EXPECT_EQ(y.time, std::round(x.time));
    } else {
      EXPECT_TRUE(std::isnan(y.time));
    }
    ASSERT_EQ(y.has_position(), x.has_position());
    if (x.has_position()) {
      EXPECT_NEAR(y.lat, x.lat, 1e-6);
      EXPECT_NEAR(y.lon, x.lon, 1e-6);
    }
    EXPECT_EQ(has(y.altitude), has(x.altitude));
    if (has(x.altitude)) {
      EXPECT_NEAR(y.altitude, x.altitude, 0.2);
    }
    EXPECT_EQ(has(y.heart_rate), has(x.heart_rate));
    if (has(x.heart_rate)) {
      EXPECT_EQ(y.heart_rate, std::round(x.heart_rate));
    }
    EXPECT_EQ(has(y.distance), has(x.distance));
    if (has(x.distance)) {
      EXPECT_NEAR(y.distance, x.distance, 0.01);
    }
    EXPECT_EQ(has(y.speed), has(x.speed));
    if (has(x.speed)) {
      EXPECT_NEAR(y.speed, x.speed, 0.001);
    }
  }
}

TEST(FitWriter, WritesAValidFitActivityFile) {
  const Bytes file = write_fit(synthetic_activity(100));
  ASSERT_GE(file.size(), 16u);
  EXPECT_EQ(file[0], 14);
  EXPECT_EQ(std::string(file.begin() + 8, file.begin() + 12), ".FIT");
  const std::uint32_t data_size =
      file[4] | (file[5] << 8) | (file[6] << 16) | (static_cast<std::uint32_t>(file[7]) << 24);
  EXPECT_EQ(data_size + 14 + 2, file.size());
  EXPECT_EQ(fit::crc16(ByteView(file.data(), 14)), 0);  // header CRC over bytes 0..11 holds
  EXPECT_EQ(fit::crc16(file), 0);                       // file CRC holds
  const Activity a = decode_fit(file);
  EXPECT_TRUE(a.warnings.empty()) << a.warnings.front();
  EXPECT_EQ(a.flags & kFlagNotActivity, 0u);
}

TEST(FitWriter, RoundTripKeepsSamplesWithinFitPrecision) {
  const Activity in = synthetic_activity(3600, Sport::MountainBikeRide);
  const Activity out = decode_fit(write_fit(in));
  expect_same_samples(in, out);
  EXPECT_EQ(out.sport, Sport::MountainBikeRide);
  EXPECT_EQ(out.sport_raw, "cycling/mountain");
  EXPECT_DOUBLE_EQ(out.start_time, kStart);
  // No summary derived: totals come from the samples.
  EXPECT_DOUBLE_EQ(out.totals.elapsed_s, 3599);
  EXPECT_NEAR(out.totals.distance_m, in.samples.back().distance, 0.01);
  EXPECT_TRUE(std::isnan(out.totals.ascent_m));
  EXPECT_FALSE(out.utc_offset_s.has_value());
}

TEST(FitWriter, TotalsComeFromTheSummaryAndTheOffsetFromTheActivity) {
  Activity in = synthetic_activity(600);
  in.summary.samples = 600;
  in.summary.distance_m = 1804.37;
  in.summary.elapsed_s = 599;
  in.summary.moving_s = 570.5;
  in.summary.ascent_m = 41.4;
  in.utc_offset_s = 3600;
  const Activity out = decode_fit(write_fit(in));
  EXPECT_NEAR(out.totals.distance_m, 1804.37, 1e-9);
  EXPECT_DOUBLE_EQ(out.totals.elapsed_s, 599);
  EXPECT_DOUBLE_EQ(out.totals.moving_s, 570.5);
  EXPECT_DOUBLE_EQ(out.totals.ascent_m, 41);  // whole metres in FIT
  ASSERT_TRUE(out.utc_offset_s.has_value());
  EXPECT_EQ(*out.utc_offset_s, 3600);
}

TEST(FitWriter, MissingValuesAndMissingTimesRoundTripAsMissing) {
  Activity in = synthetic_activity(30);
  in.samples[3] = Sample{};  // nothing at all: written as an all-invalid record, read as none
  in.samples[4].time = kNaN;
  in.samples[5].speed = kNaNf;
  in.samples[6].distance = kNaN;
  in.samples[7].altitude = -420.0f;  // Dead Sea shore: below the old 0 m floor, above -500
  const Activity out = decode_fit(write_fit(in));
  Activity expected = in;
  expected.samples.erase(expected.samples.begin() + 3);
  expect_same_samples(expected, out);
}

TEST(FitWriter, SegmentBreaksBecomeTimerEventsThatTheDecoderIgnores) {
  Activity in = synthetic_activity(50);
  const std::size_t plain = write_fit(in).size();
  in.samples[20].segment_start = true;
  in.samples[35].segment_start = true;
  const Bytes file = write_fit(in);
  // A stop_all and a start event (7 bytes each) per break.
  EXPECT_EQ(file.size(), plain + 4 * 7);
  const Activity out = decode_fit(file);
  expect_same_samples(in, out);
  for (const Sample& s : out.samples) EXPECT_FALSE(s.segment_start);
}

TEST(FitWriter, PositionsAtTheEdgesOfTheWorld) {
  Activity in;
  in.sport = Sport::Sail;
  const double corners[][2] = {
      {89.9999999, 179.9999999}, {-90.0, -180.0}, {0.0, 180.0}, {-0.0000004, 0.0000004}};
  for (int i = 0; i < 4; ++i) {
    Sample s;
    s.time = kStart + i;
    s.lat = corners[i][0];
    s.lon = corners[i][1];
    in.samples.push_back(s);
  }
  const Activity out = decode_fit(write_fit(in));
  ASSERT_EQ(out.samples.size(), 4u);
  EXPECT_NEAR(out.samples[0].lat, 89.9999999, 1e-6);
  EXPECT_NEAR(out.samples[0].lon, 179.9999999, 1e-6);
  EXPECT_NEAR(out.samples[1].lat, -90.0, 1e-6);
  EXPECT_NEAR(out.samples[1].lon, -180.0, 1e-6);
  EXPECT_NEAR(out.samples[2].lon, -180.0, 1e-6);  // +180 is written as -180: the same meridian
  EXPECT_NEAR(out.samples[3].lat, 0.0, 1e-6);
  EXPECT_EQ(out.sport, Sport::Sail);
}

TEST(FitWriter, SportsMapToTheFitProfile) {
  // Sports the FIT profile and th::sport_from_fit() share come back as they went in.
  for (Sport s : {Sport::Run,
                  Sport::TrailRun,
                  Sport::VirtualRun,
                  Sport::Walk,
                  Sport::Hike,
                  Sport::Ride,
                  Sport::MountainBikeRide,
                  Sport::GravelRide,
                  Sport::EBikeRide,
                  Sport::VirtualRide,
                  Sport::Swim,
                  Sport::AlpineSki,
                  Sport::NordicSki,
                  Sport::Snowboard,
                  Sport::Snowshoe,
                  Sport::IceSkate,
                  Sport::InlineSkate,
                  Sport::Rowing,
                  Sport::Kayaking,
                  Sport::StandUpPaddling,
                  Sport::Sail,
                  Sport::RockClimbing,
                  Sport::Workout}) {
    const Activity out = decode_fit(write_fit(synthetic_activity(3, s)));
    EXPECT_EQ(out.sport, s) << sport_name(s) << " came back as " << out.sport_raw;
  }
  // The others are written with the profile's own codes; the file says what they are.
  const std::pair<Sport, const char*> written[] = {
      {Sport::Surfing, "surfing"},
      {Sport::Kitesurf, "kitesurfing"},
      {Sport::Windsurf, "windsurfing"},
      {Sport::Golf, "golf"},
      {Sport::Canoeing, "paddling"},
      {Sport::BackcountrySki, "alpine_skiing/backcountry"},
      {Sport::Handcycle, "cycling/hand_cycling"},
      {Sport::WeightTraining, "training/strength_training"},
      {Sport::Yoga, "training/yoga"},
      {Sport::Elliptical, "fitness_equipment/elliptical"},
      {Sport::StairStepper, "fitness_equipment/stair_climbing"},
      {Sport::Wheelchair, "wheelchair_push_walk"},
      {Sport::Unknown, "generic"},
  };
  for (const auto& [sport, words] : written) {
    EXPECT_EQ(decode_fit(write_fit(synthetic_activity(3, sport))).sport_raw, words)
        << sport_name(sport);
  }
}

TEST(FitWriter, GpsbabelReadsEveryPoint) {
  if (!test::gpsbabel_available()) GTEST_SKIP() << "gpsbabel not installed";
  test::ScratchDir dir("th-fit-writer");
  const Activity in = synthetic_activity(1800, Sport::Ride);
  std::size_t points = 0;
  for (const Sample& s : in.samples) points += s.has_position();
  const auto path = dir.path() / "ride.fit";
  write_file_atomic(path, write_fit(in));
  const auto counted = test::gpsbabel_points(path, "garmin_fit");
  ASSERT_TRUE(counted.has_value()) << "gpsbabel failed on " << path;
  EXPECT_EQ(*counted, points);
}

}  // namespace
}  // namespace th
