#include "render/track_prep.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <vector>

#include "core/geo.hpp"
#include "render/synthetic_paths.hpp"

namespace th {
namespace {

constexpr double kMunichLat = 48.137, kMunichLon = 11.575;
constexpr double kT0 = 1'700'000'000.0;

// Degrees of latitude for `m` metres due north (exact on the haversine sphere).
double north_deg(double m) {
  return m / kEarthRadiusM * 180.0 / std::numbers::pi;
}

// A sample `north_m` metres north of Munich at time kT0 + t (NaN t: untimed).
Sample at(double north_m, double t) {
  Sample s;
  s.lat = kMunichLat + north_deg(north_m);
  s.lon = kMunichLon;
  s.time = std::isnan(t) ? kNaN : kT0 + t;
  return s;
}

// Samples every `step_m` metres due north, `dt` seconds apart.
std::vector<Sample> line(int count, double step_m, double dt) {
  std::vector<Sample> out;
  for (int i = 0; i < count; ++i) out.push_back(at(i * step_m, std::isnan(dt) ? kNaN : i * dt));
  return out;
}

std::vector<std::size_t> run_starts(const PreparedTrack& t) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < t.vertices.size(); ++i) {
    if (t.vertices[i].run_start) out.push_back(i);
  }
  return out;
}

using Starts = std::vector<std::size_t>;

TEST(TrackPrep, VertexIsSmall) {
  EXPECT_LE(sizeof(TrackVertex), 24u);
}

TEST(TrackPrep, TimedLineGivesSegmentsWithTimeSpeedAndHeartRate) {
  std::vector<Sample> s = line(5, 3.0, 1.0);
  for (int i = 0; i < 5; ++i) s[i].heart_rate = static_cast<float>(140 + i);
  const PreparedTrack t = prepare_track(s);
  ASSERT_EQ(t.vertices.size(), 5u);
  EXPECT_EQ(run_starts(t), Starts{0});
  EXPECT_EQ(t.runs, 1u);
  EXPECT_EQ(t.skipped_points, 0u);
  EXPECT_NEAR(t.length_m, 12.0, 1e-6);
  const TrackVertex& first = t.vertices[0];
  EXPECT_TRUE(std::isnan(first.dt_s));
  EXPECT_TRUE(std::isnan(first.heart_rate()));
  for (std::size_t i = 1; i < 5; ++i) {
    const TrackVertex& v = t.vertices[i];
    EXPECT_FALSE(v.run_start);
    EXPECT_EQ(v.dt_s, 1.0f);
    EXPECT_NEAR(v.speed_mps, 3.0, 1e-6);  // no recorded speed: length / dt
    // Mean of 140 + (i - 1) and 140 + i is x.5, rounded up.
    EXPECT_EQ(v.heart_rate(), static_cast<float>(140 + i));
    EXPECT_TRUE(std::isnan(v.grade));  // no altitude
  }
  // Vertices are the projected samples; the box holds them all.
  EXPECT_EQ(t.vertices[2].point(), project_fixed(s[2].lat, s[2].lon));
  EXPECT_EQ(t.bounds.min_x, t.vertices[0].x);
  EXPECT_EQ(t.bounds.max_x, t.vertices[0].x);
  EXPECT_EQ(t.bounds.max_y, t.vertices[0].y);  // y grows southwards: the first is lowest
  EXPECT_EQ(t.bounds.min_y, t.vertices[4].y);
}

TEST(TrackPrep, LengthMatchesHaversineOnACurvedPath) {
  test::PathSpec spec;
  spec.duration_s = 2000;
  spec.turn_rad_per_m = 0.002;  // circles of 500 m radius
  std::vector<double> truth;
  const std::vector<Sample> s = test::make_path(spec, &truth);
  const PreparedTrack t = prepare_track(s);
  EXPECT_EQ(t.runs, 1u);
  EXPECT_NEAR(t.length_m, truth.back(), truth.back() * 1e-7);
}

TEST(TrackPrep, RecordedSpeedIsTheMeanOfTheKnownEnds) {
  std::vector<Sample> s = line(5, 3.0, 1.0);
  s[0].speed = 2.0f;
  s[1].speed = 4.0f;
  s[2].speed = kNaNf;
  s[3].speed = -1.0f;    // not a speed
  s[4].speed = 1000.0f;  // over max_speed_mps: a glitch
  const PreparedTrack t = prepare_track(s);
  EXPECT_FLOAT_EQ(t.vertices[1].speed_mps, 3.0f);
  EXPECT_FLOAT_EQ(t.vertices[2].speed_mps, 4.0f);    // only one end known
  EXPECT_NEAR(t.vertices[3].speed_mps, 3.0f, 1e-5);  // none: length / dt
  EXPECT_NEAR(t.vertices[4].speed_mps, 3.0f, 1e-5);
}

TEST(TrackPrep, HeartRateOfOneKnownEndAndUnknownWhenNone) {
  std::vector<Sample> s = line(5, 3.0, 1.0);
  s[0].heart_rate = 150.0f;
  s[1].heart_rate = 0.0f;  // devices write 0 for "no strap"
  s[2].heart_rate = kNaNf;
  s[3].heart_rate = 300.0f;  // impossible
  s[4].heart_rate = 255.0f;
  const PreparedTrack t = prepare_track(s);
  EXPECT_EQ(t.vertices[1].heart_rate(), 150.0f);
  EXPECT_TRUE(std::isnan(t.vertices[2].heart_rate()));
  EXPECT_TRUE(std::isnan(t.vertices[3].heart_rate()));
  EXPECT_EQ(t.vertices[4].heart_rate(), 255.0f);
}

TEST(TrackPrep, SamplesWithoutAValidPositionAreSkippedAndCounted) {
  std::vector<Sample> s = line(6, 3.0, 1.0);
  s[1].lat = kNaN;
  s[2].lat = 0.0;
  s[2].lon = 0.0;  // null island: a placeholder, not a fix
  s[3].lat = 95.0;
  const PreparedTrack t = prepare_track(s);
  EXPECT_EQ(t.skipped_points, 3u);
  ASSERT_EQ(t.vertices.size(), 3u);
  // The line goes on over the skipped samples: dt spans them.
  EXPECT_EQ(run_starts(t), Starts{0});
  EXPECT_EQ(t.vertices[1].dt_s, 4.0f);
  EXPECT_NEAR(t.vertices[1].speed_mps, 3.0f, 1e-5);
}

TEST(TrackPrep, SegmentStartBreaksTheRunEvenOnASkippedSample) {
  std::vector<Sample> s = line(8, 3.0, 1.0);
  s[3].segment_start = true;
  s[5].segment_start = true;
  s[5].lon = kNaN;            // the break is carried to the next positioned sample
  s[7].segment_start = true;  // s[6] and s[7] each alone: runs of one vertex
  const PreparedTrack t = prepare_track(s);
  ASSERT_EQ(t.vertices.size(), 7u);
  EXPECT_EQ(run_starts(t), (Starts{0, 3, 5, 6}));
  EXPECT_EQ(t.runs, 4u);
  for (std::size_t i : run_starts(t)) {
    EXPECT_TRUE(std::isnan(t.vertices[i].dt_s));
    EXPECT_TRUE(std::isnan(t.vertices[i].speed_mps));
    EXPECT_TRUE(std::isnan(t.vertices[i].grade));
  }
  EXPECT_NEAR(t.length_m, 2 * 3.0 + 3.0, 1e-6);  // s0-s1-s2 | s3-s4 | s6 | s7
}

TEST(TrackPrep, TimeGapOverTheLimitBreaksTheRun) {
  std::vector<Sample> s = {at(0, 0), at(3, 1), at(6, 171), at(9, 172), at(12, 353), at(15, 354)};
  const PreparedTrack t = prepare_track(s);
  // 170 s is a pause drawn as a line; 181 s is a gap.
  EXPECT_EQ(run_starts(t), (Starts{0, 4}));
  EXPECT_EQ(t.vertices[2].dt_s, 170.0f);
  EXPECT_NEAR(t.vertices[2].speed_mps, 3.0 / 170.0, 1e-6);
  PrepOptions strict;
  strict.max_gap_s = 60;
  EXPECT_EQ(run_starts(prepare_track(s, strict)), (Starts{0, 2, 4}));
}

TEST(TrackPrep, JumpsNoAthleteMakesBreakTheRun) {
  // 1 s apart: 50 m is a fast descent, 100 m is a GPS jump.
  std::vector<Sample> s = {at(0, 0), at(50, 1), at(150, 2), at(153, 3)};
  EXPECT_EQ(run_starts(prepare_track(s)), (Starts{0, 2}));
  // Whole-second timestamps: a duplicate time with a metre of jitter is not a jump ...
  s = {at(0, 0), at(1, 0), at(4, 1)};
  PreparedTrack t = prepare_track(s);
  EXPECT_EQ(run_starts(t), Starts{0});
  EXPECT_EQ(t.vertices[1].dt_s, 0.0f);
  EXPECT_TRUE(std::isnan(t.vertices[1].speed_mps));  // no speed without time
  // ... but a duplicate time 200 m away is.
  s = {at(0, 0), at(200, 0)};
  EXPECT_EQ(run_starts(prepare_track(s)), (Starts{0, 1}));
  // Time running backwards breaks the line.
  s = {at(0, 10), at(3, 11), at(6, 5), at(9, 6)};
  EXPECT_EQ(run_starts(prepare_track(s)), (Starts{0, 2}));
}

TEST(TrackPrep, UntimedTrackGetsTimeFromLengthAndNoSpeed) {
  std::vector<Sample> s = line(4, 30.0, kNaN);
  s.push_back(at(90 + 400, kNaN));   // a sparse route point: still drawn
  s.push_back(at(490 + 600, kNaN));  // over max_untimed_step_m: a jump
  s.push_back(at(1090 + 30, kNaN));
  const PreparedTrack t = prepare_track(s);
  EXPECT_EQ(run_starts(t), (Starts{0, 5}));
  EXPECT_NEAR(t.vertices[1].dt_s, 10.0, 1e-5);  // 30 m at 3 m/s
  EXPECT_NEAR(t.vertices[4].dt_s, 400.0 / 3.0, 1e-3);
  for (std::size_t i = 1; i < t.vertices.size(); ++i) {
    EXPECT_TRUE(std::isnan(t.vertices[i].speed_mps)) << i;
  }
  PrepOptions walking;
  walking.untimed_speed_mps = 1.5;
  EXPECT_NEAR(prepare_track(s, walking).vertices[1].dt_s, 20.0, 1e-5);
}

TEST(TrackPrep, AntimeridianCrossingIsNotDrawnAcrossTheWorld) {
  std::vector<Sample> s;
  for (int i = 0; i < 6; ++i) {
    Sample p;
    p.lat = -17.0;
    p.lon = 179.99997 + i * 0.00002;  // ~2 m steps eastwards
    if (p.lon > 180.0) p.lon -= 360.0;
    p.time = kT0 + i;
    s.push_back(p);
  }
  const PreparedTrack t = prepare_track(s);
  ASSERT_EQ(t.vertices.size(), 6u);
  const auto starts = run_starts(t);
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_GT(t.vertices[starts[1] - 1].x, 0xFFFF0000u);
  EXPECT_LT(t.vertices[starts[1]].x, 0x00010000u);
  EXPECT_LT(t.length_m, 20.0);
}

// The same path recorded every second and every 5 s spends the same time per metre, timed or
// not, so frequency does not depend on the recording interval.
TEST(TrackPrep, RecordingIntervalDoesNotChangeTimePerMetre) {
  for (bool timed : {true, false}) {
    test::PathSpec spec;
    spec.duration_s = 1800;
    spec.turn_rad_per_m = 0.001;
    spec.timed = timed;
    const std::vector<Sample> every_second = test::make_path(spec);
    std::vector<Sample> every_fifth;
    for (std::size_t i = 0; i < every_second.size(); i += 5) every_fifth.push_back(every_second[i]);
    const auto time_per_metre = [](const PreparedTrack& t) {
      double time = 0;
      for (const TrackVertex& v : t.vertices) {
        if (!v.run_start) time += v.dt_s;
      }
      return time / t.length_m;
    };
    const PreparedTrack a = prepare_track(every_second), b = prepare_track(every_fifth);
    EXPECT_EQ(a.runs, 1u);
    EXPECT_EQ(b.runs, 1u);
    EXPECT_NEAR(time_per_metre(a), 1.0 / 3.0, 1e-4) << timed;
    EXPECT_NEAR(time_per_metre(b), time_per_metre(a), time_per_metre(a) * 1e-3) << timed;
  }
}

TEST(TrackPrep, EmptyAndPositionlessInputGiveAnEmptyTrack) {
  PreparedTrack t = prepare_track({});
  EXPECT_TRUE(t.vertices.empty());
  EXPECT_TRUE(t.bounds.empty());
  EXPECT_EQ(t.runs, 0u);
  std::vector<Sample> s(10);  // all NaN
  s[3].segment_start = true;
  t = prepare_track(s);
  EXPECT_TRUE(t.vertices.empty());
  EXPECT_EQ(t.skipped_points, 10u);
  EXPECT_TRUE(t.bounds.empty());
  t = prepare_track({at(0, 0)});
  ASSERT_EQ(t.vertices.size(), 1u);
  EXPECT_TRUE(t.vertices[0].run_start);
  EXPECT_FALSE(t.bounds.empty());
  EXPECT_EQ(t.length_m, 0.0);
}

// Hostile values in every field: the invariants of track_prep.hpp hold and nothing crashes.
TEST(TrackPrep, GarbageNeverBreaksTheInvariants) {
  test::TestRng rng(99);
  const double specials[] = {kNaN,
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             0.0,
                             -0.0,
                             1e300,
                             -1e300,
                             std::numeric_limits<double>::denorm_min(),
                             90.0,
                             -90.0,
                             180.0,
                             -180.0};
  const auto wild = [&](double normal) {
    const double u = rng.uniform();
    if (u < 0.15) return specials[rng.next() % std::size(specials)];
    return normal;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<Sample> s;
    const auto n = static_cast<std::size_t>(rng.next() % 400);
    double lat = -80 + 160 * rng.uniform(), lon = -180 + 360 * rng.uniform(), t = 1e9;
    for (std::size_t i = 0; i < n; ++i) {
      lat += (rng.uniform() - 0.5) * (rng.uniform() < 0.05 ? 10.0 : 1e-4);
      lon += (rng.uniform() - 0.5) * (rng.uniform() < 0.05 ? 10.0 : 1e-4);
      t += rng.uniform() < 0.05 ? (rng.uniform() - 0.3) * 1000 : 1.0;
      Sample x;
      x.lat = wild(lat);
      x.lon = wild(lon);
      x.time = wild(t);
      x.altitude = static_cast<float>(wild(500 + 100 * rng.uniform()));
      x.heart_rate = static_cast<float>(wild(60 + 150 * rng.uniform()));
      x.speed = static_cast<float>(wild(10 * rng.uniform()));
      x.segment_start = rng.uniform() < 0.02;
      s.push_back(x);
    }
    const PreparedTrack p = prepare_track(s);
    ASSERT_EQ(p.vertices.size() + p.skipped_points, n);
    if (!p.vertices.empty()) {
      ASSERT_TRUE(p.vertices[0].run_start);
    }
    std::uint32_t runs = 0;
    for (const TrackVertex& v : p.vertices) {
      ASSERT_GE(v.x, p.bounds.min_x);
      ASSERT_LE(v.x, p.bounds.max_x);
      ASSERT_GE(v.y, p.bounds.min_y);
      ASSERT_LE(v.y, p.bounds.max_y);
      if (v.run_start) {
        ++runs;
        continue;
      }
      ASSERT_TRUE(std::isfinite(v.dt_s));
      ASSERT_GE(v.dt_s, 0.0f);
      ASSERT_TRUE(std::isnan(v.speed_mps) || (v.speed_mps >= 0.0f && std::isfinite(v.speed_mps)));
      ASSERT_TRUE(std::isnan(v.grade) || std::fabs(v.grade) <= 1.0f);
    }
    ASSERT_EQ(runs, p.runs);
    ASSERT_TRUE(std::isfinite(p.length_m));
  }
}

}  // namespace
}  // namespace th
