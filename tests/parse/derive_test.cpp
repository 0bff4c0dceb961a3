#include "parse/derive.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>

#include "core/geo.hpp"

namespace th {
namespace {

constexpr double kLat0 = 48.137, kLon0 = 11.575;  // Munich
constexpr double kMetresPerDegLat = kEarthRadiusM * std::numbers::pi / 180.0;
const double kMetresPerDegLon = kMetresPerDegLat * std::cos(kLat0 * std::numbers::pi / 180.0);

// Deterministic noise for the fixtures (a test must not depend on the library's PRNG).
class Noise {
 public:
  explicit Noise(std::uint64_t seed) : state_(seed) {}
  double uniform() {  // [0, 1)
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) * 0x1.0p-53;
  }
  double gauss() {  // mean 0, sd 1 (Irwin-Hall, good enough for fixtures)
    double sum = 0;
    for (int k = 0; k < 12; ++k) sum += uniform();
    return sum - 6.0;
  }

 private:
  std::uint64_t state_;
};

// A sample `north_m`/`east_m` metres from Munich at time t.
Sample at(double t, double north_m, double east_m = 0) {
  Sample s;
  s.time = t;
  s.lat = kLat0 + north_m / kMetresPerDegLat;
  s.lon = kLon0 + east_m / kMetresPerDegLon;
  return s;
}

// A runner going north at `speed` m/s for `seconds` samples at 1 Hz.
Activity straight_run(int seconds, double speed, double t0 = 1.6e9) {
  Activity a;
  a.sport = Sport::Run;
  for (int i = 0; i <= seconds; ++i) a.samples.push_back(at(t0 + i, speed * i));
  return a;
}

float max_speed(const Activity& a) {
  float m = 0;
  for (const Sample& s : a.samples) {
    if (has(s.speed)) m = std::max(m, s.speed);
  }
  return m;
}

TEST(Derive, StraightLineAlongMeridianHasItsLength) {
  // 5 km north along a meridian: the great-circle length is exactly R * dlat.
  Activity a = straight_run(2000, 2.5);
  derive_summary(a);
  EXPECT_NEAR(a.summary.distance_m, 5000.0, 0.5);
  EXPECT_DOUBLE_EQ(a.summary.elapsed_s, 2000.0);
  EXPECT_DOUBLE_EQ(a.summary.moving_s, 2000.0);
  EXPECT_EQ(a.summary.samples, 2001u);
  EXPECT_EQ(a.summary.points, 2001u);
  EXPECT_NEAR(a.summary.min_lat, kLat0, 1e-12);
  EXPECT_NEAR(a.summary.max_lat, kLat0 + 5000.0 / kMetresPerDegLat, 1e-9);
  EXPECT_NEAR(a.summary.min_lon, kLon0, 1e-12);
  EXPECT_FALSE(a.summary.has_heart_rate);
  EXPECT_FALSE(a.summary.has_altitude);
  EXPECT_DOUBLE_EQ(a.start_time, 1.6e9);
  EXPECT_EQ(a.flags, kFlagNone);
  EXPECT_TRUE(a.warnings.empty());
  for (const Sample& s : a.samples) EXPECT_NEAR(s.speed, 2.5, 0.01);
}

TEST(Derive, DeclaredStartTimeIsKept) {
  Activity a = straight_run(100, 3.0);
  a.start_time = 1.5e9;
  derive_summary(a);
  EXPECT_DOUBLE_EQ(a.start_time, 1.5e9);
}

TEST(Derive, StandingStillIsNotMovingTime) {
  // 10 min running, 5 min standing at a crossing with the watch running, 10 min running.
  Activity a;
  a.sport = Sport::Run;
  double north = 0;
  for (int t = 0; t <= 1500; ++t) {
    if (t > 0 && (t <= 600 || t > 900)) north += 3.0;
    a.samples.push_back(at(1.6e9 + t, north));
  }
  derive_summary(a);
  EXPECT_DOUBLE_EQ(a.summary.elapsed_s, 1500.0);
  EXPECT_NEAR(a.summary.moving_s, 1200.0, 5.0);
  EXPECT_NEAR(a.summary.distance_m, 3600.0, 0.5);
}

TEST(Derive, StoppedTimerGapIsNotMovingTime) {
  // Auto-pause: no samples for 10 minutes, the run resumes where it stopped.
  Activity a;
  a.sport = Sport::Run;
  for (int t = 0; t <= 600; ++t) a.samples.push_back(at(1.6e9 + t, 3.0 * t));
  for (int t = 0; t <= 600; ++t) a.samples.push_back(at(1.6e9 + 1200 + t, 1800 + 5 + 3.0 * t));
  derive_summary(a);
  EXPECT_DOUBLE_EQ(a.summary.elapsed_s, 1800.0);
  EXPECT_NEAR(a.summary.moving_s, 1200.0, 1.0);
  EXPECT_NEAR(a.summary.distance_m, 3605.0, 0.5);
}

TEST(Derive, LongIntervalWhileMovingCountsAsMoving) {
  // A ride recorded every 40 s (longer than the pause limit) at 8 m/s still moves.
  Activity a;
  a.sport = Sport::Ride;
  for (int i = 0; i <= 30; ++i) a.samples.push_back(at(1.6e9 + 40.0 * i, 320.0 * i));
  derive_summary(a);
  EXPECT_DOUBLE_EQ(a.summary.moving_s, 1200.0);
}

// Altitude as a device records it: GPS altitude with fast noise (sd 3 m) and a slow wander
// (sd about 2 m over minutes), on top of the true profile.
void add_gps_altitude(Activity& a, double base, double grade_per_m, std::uint64_t seed) {
  Noise noise(seed);
  double wander = 0;
  const double first_north = (a.samples.front().lat - kLat0) * kMetresPerDegLat;
  for (Sample& s : a.samples) {
    wander = 0.98 * wander + 0.4 * noise.gauss();  // AR(1): sd = 0.4 / sqrt(1 - 0.98^2) = 2
    const double north = (s.lat - kLat0) * kMetresPerDegLat - first_north;
    s.altitude = static_cast<float>(base + grade_per_m * north + wander + 3.0 * noise.gauss());
  }
}

TEST(Derive, NoisyFlatTrackHasAlmostNoAscent) {
  Activity a = straight_run(3600, 3.0);
  add_gps_altitude(a, 520.0, 0.0, 7);
  derive_summary(a);
  EXPECT_TRUE(a.summary.has_altitude);
  EXPECT_LT(a.summary.ascent_m, 15.0);
  EXPECT_LT(a.summary.descent_m, 15.0);
}

TEST(Derive, SteadyClimbCountsItsHeight) {
  // 2 km at 5 %: 100 m up, then 2 km flat; altitude noisy as above.
  Activity a = straight_run(4000, 1.0);
  Noise noise(11);
  double wander = 0;
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    wander = 0.98 * wander + 0.4 * noise.gauss();
    const double truth = 520.0 + 0.05 * std::min<double>(static_cast<double>(i), 2000.0);
    a.samples[i].altitude = static_cast<float>(truth + wander + 3.0 * noise.gauss());
  }
  derive_summary(a);
  EXPECT_NEAR(a.summary.ascent_m, 100.0, 8.0);
  EXPECT_LT(a.summary.descent_m, 15.0);
}

TEST(Derive, SmallHillsOnCleanBarometricDataCount) {
  // Rolling terrain: 10 bumps of 6 m over an hour, barometer noise of a few centimetres.
  Activity a = straight_run(3600, 3.0);
  Noise noise(2);
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    const double x = static_cast<double>(i) / 360.0 * 2 * std::numbers::pi;
    a.samples[i].altitude = static_cast<float>(520.0 - 3.0 * std::cos(x) + 0.05 * noise.gauss());
  }
  derive_summary(a);
  EXPECT_NEAR(a.summary.ascent_m, 60.0, 6.0);
  EXPECT_NEAR(a.summary.descent_m, 60.0, 6.0);
}

TEST(Derive, DescentIsCountedOnTheWayDown) {
  // Clean barometric-like profile: up 300 m, down 300 m.
  Activity a = straight_run(6000, 1.0);
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    const double x = static_cast<double>(i);
    a.samples[i].altitude = static_cast<float>(800.0 + 0.1 * (x <= 3000 ? x : 6000 - x));
  }
  derive_summary(a);
  EXPECT_NEAR(a.summary.ascent_m, 300.0, 5.0);  // smoothing rounds the sharp summit a little
  EXPECT_NEAR(a.summary.descent_m, 300.0, 5.0);
}

TEST(Derive, SpikeOutlierGivesNoSpeedSpike) {
  Activity a = straight_run(600, 3.0);
  a.samples[300] = at(1.6e9 + 300, 900.0, 40.0);  // one fix 40 m off the path
  derive_summary(a);
  EXPECT_LT(max_speed(a), 3.5f);
  EXPECT_GT(a.samples[300].speed, 2.5f);
}

TEST(Derive, HugeJumpIsSkippedAndWarned) {
  Activity a = straight_run(600, 3.0);
  a.samples[300] = at(1.6e9 + 300, 900.0, 5000.0);  // 5 km off for one second
  derive_summary(a);
  EXPECT_NEAR(a.summary.distance_m, 1800.0, 0.5);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_NE(a.warnings[0].find("skipped 1"), std::string::npos);
  EXPECT_LT(max_speed(a), 3.5f);
  EXPECT_LT(a.summary.max_lon, kLon0 + 1e-9);  // the spike is not part of the bbox
}

TEST(Derive, TrackThatReallyMovedOnGoesOnFromThere) {
  // The first fix is 5 km off (cold start); the rest of the run is where it is.
  Activity a = straight_run(600, 3.0);
  a.samples[0] = at(1.6e9, 0.0, 5000.0);
  derive_summary(a);
  EXPECT_NEAR(a.summary.distance_m, 1797.0, 0.5);
  EXPECT_EQ(a.warnings.size(), 1u);
}

TEST(Derive, CorrelatedGpsJitterGivesNoRunnerSpeedSpikes) {
  // 1 Hz jitter of a few metres, correlated along the track, as phones and watches produce.
  Activity a = straight_run(3600, 3.0);
  Noise noise(3);
  double jn = 0, je = 0;
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    jn = 0.95 * jn + 0.9 * noise.gauss();  // sd about 3 m
    je = 0.95 * je + 0.9 * noise.gauss();
    a.samples[i] = at(a.samples[i].time, 3.0 * static_cast<double>(i) + jn, je);
  }
  derive_summary(a);
  EXPECT_LT(max_speed(a), 6.0f);  // never near 30 km/h (8.3 m/s)
  // Jitter adds a little length, as it does on real devices; it removes none.
  EXPECT_GT(a.summary.distance_m, 10800.0);
  EXPECT_LT(a.summary.distance_m, 1.08 * 10800.0);
}

TEST(Derive, SegmentBreaksAreNotDistance) {
  // Two segments of 1 km; the second starts 2 km further on, 10 minutes later.
  Activity a;
  a.sport = Sport::Run;
  for (int t = 0; t <= 400; ++t) a.samples.push_back(at(1.6e9 + t, 2.5 * t));
  for (int t = 0; t <= 400; ++t) {
    Sample s = at(1.6e9 + 1000 + t, 3000.0 + 2.5 * t);
    s.segment_start = t == 0;
    a.samples.push_back(s);
  }
  derive_summary(a);
  EXPECT_NEAR(a.summary.distance_m, 2000.0, 0.5);
  EXPECT_TRUE(a.warnings.empty());
  EXPECT_EQ(a.summary.points, 802u);
}

TEST(Derive, UntimedRouteCountsStepsButNotHugeJumps) {
  Activity a;
  a.sport = Sport::Hike;
  for (int i = 0; i <= 100; ++i) a.samples.push_back(at(kNaN, 20.0 * i));
  a.samples.push_back(at(kNaN, 2000.0 + 3000.0));  // 3 km with no time to justify it
  derive_summary(a);
  EXPECT_NEAR(a.summary.distance_m, 2000.0, 0.5);
  EXPECT_EQ(a.warnings.size(), 1u);
  EXPECT_DOUBLE_EQ(a.summary.elapsed_s, 0.0);
  EXPECT_TRUE(std::isnan(a.start_time));
  EXPECT_EQ(a.flags & kFlagIndoor, 0u);
}

TEST(Derive, IndoorWithoutGpsUsesRecordedDistance) {
  // Treadmill: no positions, a foot pod's distance at 3.2 m/s, heart rate.
  Activity a;
  a.sport = Sport::Run;
  for (int t = 0; t <= 1800; ++t) {
    Sample s;
    s.time = 1.6e9 + t;
    s.distance = 3.2 * t;
    s.heart_rate = 150;
    a.samples.push_back(s);
  }
  derive_summary(a);
  EXPECT_NE(a.flags & kFlagIndoor, 0u);
  EXPECT_EQ(a.flags & kFlagVirtual, 0u);
  EXPECT_EQ(a.summary.points, 0u);
  EXPECT_DOUBLE_EQ(a.summary.distance_m, 5760.0);
  EXPECT_DOUBLE_EQ(a.summary.moving_s, 1800.0);
  EXPECT_TRUE(a.summary.has_heart_rate);
  EXPECT_TRUE(std::isnan(a.summary.min_lat));
  EXPECT_NEAR(a.samples[900].speed, 3.2f, 1e-4f);
}

TEST(Derive, TreadmillWithGpsNoiseIsIndoor) {
  // A watch left with GPS on at the gym: fixes wander within a few metres for 30 minutes.
  Activity a;
  a.sport = Sport::Run;
  Noise noise(5);
  double jn = 0, je = 0;
  for (int t = 0; t <= 1800; ++t) {
    jn = 0.95 * jn + 0.6 * noise.gauss();
    je = 0.95 * je + 0.6 * noise.gauss();
    Sample s = at(1.6e9 + t, std::clamp(jn, -15.0, 15.0), std::clamp(je, -15.0, 15.0));
    s.distance = 2.8 * t;
    a.samples.push_back(s);
  }
  derive_summary(a);
  EXPECT_NE(a.flags & kFlagIndoor, 0u);
  EXPECT_DOUBLE_EQ(a.summary.distance_m, 5040.0);
  EXPECT_EQ(a.summary.points, 1801u);
}

TEST(Derive, ShortStandingFileIsNotIndoor) {
  // One minute at one spot outdoors is not a treadmill.
  Activity a;
  a.sport = Sport::Walk;
  for (int t = 0; t <= 60; ++t) a.samples.push_back(at(1.6e9 + t, 0.0));
  derive_summary(a);
  EXPECT_EQ(a.flags & kFlagIndoor, 0u);
}

TEST(Derive, VirtualSportIsFlaggedAndOtherFlagsKept) {
  Activity a = straight_run(1200, 9.0);
  a.sport = Sport::VirtualRide;
  a.flags = kFlagSummaryOnly;
  derive_summary(a);
  EXPECT_EQ(a.flags, kFlagSummaryOnly | kFlagVirtual);  // positions spread: not indoor
  EXPECT_NEAR(a.summary.distance_m, 10800.0, 1.0);
}

TEST(Derive, VirtualRideWithoutPositionsIsVirtualAndIndoor) {
  Activity a;
  a.sport = Sport::VirtualRide;
  for (int t = 0; t <= 600; ++t) {
    Sample s;
    s.time = 1.6e9 + t;
    s.distance = 9.0 * t;
    a.samples.push_back(s);
  }
  derive_summary(a);
  EXPECT_EQ(a.flags, kFlagVirtual | kFlagIndoor);
  EXPECT_DOUBLE_EQ(a.summary.distance_m, 5400.0);
}

TEST(Derive, RecordedSpeedIsNeverOverwritten) {
  Activity a = straight_run(100, 3.0);
  for (Sample& s : a.samples) s.speed = 2.0f;
  a.samples[50].speed = 7.5f;
  derive_summary(a);
  EXPECT_EQ(a.samples[50].speed, 7.5f);
  EXPECT_EQ(a.samples[10].speed, 2.0f);
}

TEST(Derive, HeartRateNeedsAValidValue) {
  Activity a = straight_run(10, 3.0);
  for (Sample& s : a.samples) s.heart_rate = 0;
  derive_summary(a);
  EXPECT_FALSE(a.summary.has_heart_rate);
  a.samples[5].heart_rate = 140;
  derive_summary(a);
  EXPECT_TRUE(a.summary.has_heart_rate);
}

TEST(Derive, EmptyActivityGivesZeros) {
  Activity a;
  derive_summary(a);
  EXPECT_EQ(a.summary.samples, 0u);
  EXPECT_EQ(a.summary.points, 0u);
  EXPECT_EQ(a.summary.distance_m, 0.0);
  EXPECT_EQ(a.summary.elapsed_s, 0.0);
  EXPECT_EQ(a.summary.moving_s, 0.0);
  EXPECT_EQ(a.summary.ascent_m, 0.0);
  EXPECT_EQ(a.flags, kFlagNone);
  EXPECT_TRUE(std::isnan(a.start_time));
}

TEST(Derive, EmptyActivityFallsBackToFileTotals) {
  Activity a;
  a.sport = Sport::Swim;
  a.totals.distance_m = 1500;
  a.totals.elapsed_s = 2000;
  a.totals.moving_s = 1800;
  derive_summary(a);
  EXPECT_EQ(a.summary.distance_m, 1500.0);
  EXPECT_EQ(a.summary.elapsed_s, 2000.0);
  EXPECT_EQ(a.summary.moving_s, 1800.0);
}

TEST(Derive, GarbageValuesDoNotPoisonTheSummary) {
  Activity a = straight_run(100, 3.0);
  a.samples[10].time = std::numeric_limits<double>::infinity();
  a.samples[20].lat = 400;  // out of range
  a.samples[30].lat = 0;    // null island
  a.samples[30].lon = 0;
  a.samples[40].altitude = 1e9f;
  a.samples[41].altitude = 530.0f;
  derive_summary(a);
  EXPECT_EQ(a.summary.points, 99u);
  EXPECT_DOUBLE_EQ(a.summary.elapsed_s, 100.0);
  EXPECT_NEAR(a.summary.distance_m, 300.0, 0.5);
  EXPECT_TRUE(a.summary.has_altitude);
  EXPECT_EQ(a.summary.ascent_m, 0.0);
  EXPECT_TRUE(std::isfinite(a.summary.moving_s));
}

TEST(Derive, RandomGarbageNeverCrashesAndGivesFiniteValues) {
  // Every field random: arbitrary bit patterns (NaN, infinities, denormals, huge values) or
  // plausible values with random gaps and segment breaks, the way corrupt files come out.
  Noise noise(1234);
  auto bits = [&noise] {
    const auto hi = static_cast<std::uint64_t>(noise.uniform() * 4294967296.0);
    const auto lo = static_cast<std::uint64_t>(noise.uniform() * 4294967296.0);
    double d;
    const std::uint64_t u = hi << 32 | lo;
    std::memcpy(&d, &u, sizeof d);
    return d;
  };
  for (int round = 0; round < 200; ++round) {
    Activity a;
    a.sport = static_cast<Sport>(round % 37);
    const int n = static_cast<int>(noise.uniform() * 300);
    for (int i = 0; i < n; ++i) {
      Sample s;
      const bool wild = noise.uniform() < 0.3;
      s.time = wild ? bits() : 1.6e9 + i * noise.uniform() * 3;
      s.lat = wild ? bits() : 48 + noise.gauss() * 0.01;
      s.lon = wild ? bits() : 11 + noise.gauss() * 0.01;
      s.distance = wild ? bits() : i * 3.0;
      s.altitude = static_cast<float>(wild ? bits() : 500 + noise.gauss() * 50);
      s.heart_rate = static_cast<float>(wild ? bits() : 140.0);
      if (noise.uniform() < 0.2) s.speed = static_cast<float>(wild ? bits() : 3.0);
      s.segment_start = noise.uniform() < 0.05;
      a.samples.push_back(s);
    }
    derive_summary(a);
    const Summary& m = a.summary;
    EXPECT_EQ(m.samples, static_cast<std::uint32_t>(n));
    for (double v : {m.distance_m, m.elapsed_s, m.moving_s, m.ascent_m, m.descent_m}) {
      EXPECT_TRUE(std::isfinite(v)) << "round " << round;
      EXPECT_GE(v, 0.0) << "round " << round;
    }
    EXPECT_LE(m.moving_s, m.elapsed_s + 1e-6 * m.elapsed_s) << "round " << round;
    if (m.points > 0) {
      EXPECT_TRUE(m.min_lat >= -90 && m.max_lat <= 90 && m.min_lon >= -180 && m.max_lon <= 180);
    }
  }
}

}  // namespace
}  // namespace th
