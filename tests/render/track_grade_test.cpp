// Grade (rise over run in the direction of travel) from prepare_track(): steady slopes are
// exact, GPS altitude noise on flat ground stays under the hill layer's 2.5 % threshold.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "render/synthetic_paths.hpp"
#include "render/track_grade.hpp"
#include "render/track_prep.hpp"

namespace th {
namespace {

constexpr double kHillThreshold = 0.025;  // the hill layer lights grades above this

struct Graded {
  PreparedTrack track;
  std::vector<double> along;  // true distance of each vertex from the start (haversine)
  double length() const { return along.back(); }
  // Distance from the start to the middle of the segment ending at vertex i.
  double centre(std::size_t i) const { return 0.5 * (along[i - 1] + along[i]); }
  double segment(std::size_t i) const { return along[i] - along[i - 1]; }
};

// A path with the given altitude profile; every sample has a position, so vertex i is
// sample i.
Graded graded_path(const test::PathSpec& spec,
                   const std::function<void(std::vector<Sample>&)>& edit = {},
                   const PrepOptions& options = {}) {
  Graded g;
  std::vector<Sample> samples = test::make_path(spec, &g.along);
  if (edit) edit(samples);
  g.track = prepare_track(samples, options);
  return g;
}

test::PathSpec slope(double grade, double speed_mps = 3.0, double duration_s = 1200) {
  test::PathSpec spec;
  spec.speed_mps = speed_mps;
  spec.duration_s = duration_s;
  spec.altitude_at = [grade](double s) { return 600.0 + grade * s; };
  return spec;
}

// Altitude stored the way files store it: FIT 0.2 m steps, GPX often whole metres.
std::function<void(std::vector<Sample>&)> quantise(double unit) {
  return [unit](std::vector<Sample>& samples) {
    for (Sample& s : samples) {
      s.altitude = static_cast<float>(std::nearbyint(s.altitude / unit) * unit);
    }
  };
}

TEST(TrackGrade, SteadyFivePercentClimbIsFivePercentOnEverySegment) {
  struct Case {
    const char* what;
    double speed, interval, quantum;
  };
  for (const Case& c :
       {Case{"run 1 Hz", 3.0, 1.0, 0.0}, Case{"run 5 s", 3.0, 5.0, 0.0},
        Case{"ride 1 Hz", 8.0, 1.0, 0.0}, Case{"walk 1 Hz FIT 0.2 m", 1.4, 1.0, 0.2},
        Case{"run 1 Hz whole metres", 3.0, 1.0, 1.0}}) {
    test::PathSpec spec = slope(0.05, c.speed);
    spec.interval_s = c.interval;
    const Graded g = graded_path(spec, c.quantum > 0 ? quantise(c.quantum) : nullptr);
    ASSERT_EQ(g.track.runs, 1u);
    int checked = 0;
    for (std::size_t i = 1; i < g.track.vertices.size(); ++i) {
      const double grade = g.track.vertices[i].grade;
      if (c.quantum >= 1.0 && (g.centre(i) < 100 || g.centre(i) > g.length() - 100)) continue;
      ASSERT_NEAR(grade, 0.05, 0.005) << c.what << " at " << g.centre(i) << " m";
      ++checked;
    }
    EXPECT_GT(checked, 200) << c.what;
  }
}

TEST(TrackGrade, SteadyOnePercentClimbNeverLooksLikeAHill) {
  for (double quantum : {0.0, 0.2, 1.0}) {
    const Graded g = graded_path(slope(0.01, 3.0, 1800), quantum > 0 ? quantise(quantum) : nullptr);
    double sum = 0, length = 0;
    for (std::size_t i = 1; i < g.track.vertices.size(); ++i) {
      const double grade = g.track.vertices[i].grade;
      ASSERT_LE(std::fabs(grade), kHillThreshold) << quantum << " m steps, at " << g.centre(i);
      sum += grade * g.segment(i);
      length += g.segment(i);
    }
    EXPECT_NEAR(sum / length, 0.01, 0.001) << quantum;
  }
}

TEST(TrackGrade, DescentIsNegative) {
  const Graded g = graded_path(slope(-0.05));
  for (std::size_t i = 1; i < g.track.vertices.size(); ++i) {
    ASSERT_NEAR(g.track.vertices[i].grade, -0.05, 0.005) << g.centre(i);
  }
}

// Length fraction of a graded path whose |grade| reaches the hill threshold (or is unknown).
double lit_fraction(const Graded& g) {
  double lit = 0, total = 0;
  for (std::size_t i = 1; i < g.track.vertices.size(); ++i) {
    total += g.segment(i);
    if (!(std::fabs(g.track.vertices[i].grade) < kHillThreshold)) lit += g.segment(i);
  }
  return lit / total;
}

// Flat ground recorded with GPS altitude: a wander of 1.5-2.5 m standard deviation (so
// +-3-5 m excursions), correlated over ~10 s (tau 5) or ~30 s (tau 15), plus +-1 m white
// noise, at walking, running and riding speed. Must light at most 1 % of the length.
TEST(TrackGrade, GpsAltitudeNoiseOnFlatGroundStaysUnderTheHillThreshold) {
  for (double speed : {1.4, 3.0, 8.0}) {
    for (double tau : {5.0, 15.0}) {
      for (double sd : {1.5, 2.5}) {
        for (std::uint64_t seed : {1u, 2u}) {
          test::PathSpec spec = slope(0.0, speed, 7200);
          spec.turn_rad_per_m = 0.0002;
          test::AltitudeNoise noise;
          noise.wander_sd_m = sd;
          noise.tau_s = tau;
          noise.seed = seed;
          const Graded g = graded_path(spec, [&](std::vector<Sample>& s) {
            test::add_altitude_noise(s, noise, spec.interval_s);
          });
          EXPECT_LE(lit_fraction(g), 0.01)
              << "speed " << speed << " tau " << tau << " sd " << sd << " seed " << seed;
        }
      }
    }
  }
}

// The other side of the trade: a real climb under the same noise is still a hill. Choosing
// the window from the data leans a little steep under noise (windows where the noise adds to
// the rise reach min_rise first): about +0.007 at 2 m of wander, none on clean altitude.
TEST(TrackGrade, RealClimbUnderGpsNoiseStillLightsUp) {
  for (double speed : {1.4, 3.0, 8.0}) {
    test::PathSpec spec = slope(0.05, speed, 2000 / speed);  // 2 km
    const Graded g = graded_path(
        spec, [&](std::vector<Sample>& s) { test::add_altitude_noise(s, {}, spec.interval_s); });
    EXPECT_GE(lit_fraction(g), 0.95) << speed;
    double sum = 0;
    for (std::size_t i = 1; i < g.track.vertices.size(); ++i) {
      sum += g.track.vertices[i].grade * g.segment(i);
    }
    EXPECT_GT(sum / g.length(), 0.045) << speed;
    EXPECT_LT(sum / g.length(), 0.06) << speed;
  }
}

TEST(TrackGrade, HillUpThenDownIsPositiveThenNegative) {
  // 1.5 km flat, 500 m up at 6 %, 500 m down at 6 %, 1.5 km flat.
  test::PathSpec spec = slope(0.0, 3.0, 4000 / 3.0);
  spec.altitude_at = [](double s) {
    if (s < 1500) return 300.0;
    if (s < 2000) return 300.0 + 0.06 * (s - 1500);
    if (s < 2500) return 330.0 - 0.06 * (s - 2000);
    return 300.0;
  };
  const Graded g = graded_path(spec);
  for (std::size_t i = 1; i < g.track.vertices.size(); ++i) {
    const double c = g.centre(i), grade = g.track.vertices[i].grade;
    if (c > 1600 && c < 1900) {
      ASSERT_NEAR(grade, 0.06, 0.006) << c;
    }
    if (c > 2100 && c < 2400) {
      ASSERT_NEAR(grade, -0.06, 0.006) << c;
    }
    if (c > 1500 && c < 1960) {
      ASSERT_GT(grade, kHillThreshold) << c;
    }
    if (c > 2040 && c < 2500) {
      ASSERT_LT(grade, -kHillThreshold) << c;
    }
    // The flat approaches are not lit beyond 50 m from the hill (the windows that reach the
    // hill blur its edges that far); beyond the widest window they are exactly flat.
    if (c < 1450 || c > 2550) {
      ASSERT_LT(std::fabs(grade), kHillThreshold) << c;
    }
    if (c < 450 || c > 3550) {
      ASSERT_LT(std::fabs(grade), 1e-6) << c;
    }
  }
}

// How much rise makes a slope follows the track's altitude noise: a 6 m bump recorded by a
// barometric altimeter (0.2 m steps, a slow 0.3 m drift) lights up; the same bump under GPS
// noise cannot be told from the noise and does not.
TEST(TrackGrade, SmallHillShowsOnCleanAltitudeOnly) {
  test::PathSpec spec = slope(0.0, 3.0, 1200);
  spec.altitude_at = [](double s) {
    if (s < 1500 || s > 1740) return 450.0;
    return s < 1620 ? 450.0 + 0.05 * (s - 1500) : 456.0 - 0.05 * (s - 1620);
  };
  const auto up_lit = [](const Graded& g) {
    double lit = 0;
    for (std::size_t i = 1; i < g.track.vertices.size(); ++i) {
      if (g.centre(i) > 1500 && g.centre(i) < 1620 && g.track.vertices[i].grade > kHillThreshold) {
        lit += g.segment(i);
      }
    }
    return lit / 120.0;
  };
  test::AltitudeNoise barometric;
  barometric.wander_sd_m = 0.3;
  barometric.tau_s = 60;
  barometric.white_m = 0.1;
  const Graded clean = graded_path(spec, [&](std::vector<Sample>& s) {
    test::add_altitude_noise(s, barometric, 1.0);
    quantise(0.2)(s);
  });
  EXPECT_GT(up_lit(clean), 0.6);
  const Graded noisy =
      graded_path(spec, [&](std::vector<Sample>& s) { test::add_altitude_noise(s, {}, 1.0); });
  EXPECT_LT(up_lit(noisy), 0.2);
}

TEST(TrackGrade, AltitudeNoiseEstimate) {
  test::PathSpec spec = slope(0.04, 3.0, 1800);
  std::vector<Sample> s = test::make_path(spec);
  std::vector<double> clock;
  std::vector<float> altitude;
  const auto estimate = [&] {
    clock.clear();
    altitude.clear();
    for (const Sample& x : s) {
      clock.push_back(x.time - s[0].time);
      altitude.push_back(x.altitude);
    }
    return estimate_altitude_noise(clock, altitude);
  };
  EXPECT_LT(estimate(), 0.05);  // a straight slope is all signal (but for one-sided ends)
  test::add_altitude_noise(s, {}, 1.0);
  EXPECT_GT(estimate(), 0.8);  // 2 m of wander over ~20 s plus +-1 m
  EXPECT_LT(estimate(), 2.0);
  s.resize(50);
  EXPECT_TRUE(std::isnan(estimate()));  // too few samples to judge
  EXPECT_TRUE(std::isnan(estimate_altitude_noise({}, {})));
}

TEST(TrackGrade, SameGradeWhateverTheRecordingInterval) {
  test::PathSpec spec = slope(0.0, 3.0, 2400);
  spec.altitude_at = [](double s) { return 400.0 + 30.0 * std::sin(s / 400.0); };
  const Graded fast = graded_path(spec);
  spec.interval_s = 5.0;
  const Graded slow = graded_path(spec);
  // Vertex 5k of the fast track is vertex k of the slow one: compare the grades around it.
  for (std::size_t k = 2; k < slow.track.vertices.size(); ++k) {
    const double a = fast.track.vertices[5 * k - 2].grade;  // the middle of the 5 s segment
    ASSERT_NEAR(slow.track.vertices[k].grade, a, 0.004) << slow.centre(k);
  }
}

TEST(TrackGrade, NoAltitudeGivesUnknownGrade) {
  test::PathSpec spec = slope(0.05);
  spec.altitude_at = nullptr;
  const Graded g = graded_path(spec);
  for (const TrackVertex& v : g.track.vertices) ASSERT_TRUE(std::isnan(v.grade));
}

TEST(TrackGrade, MissingAltitudesAreBridged) {
  const Graded g = graded_path(slope(0.05), [](std::vector<Sample>& s) {
    for (std::size_t i = 0; i < s.size(); i += 2) s[i].altitude = kNaNf;
    for (std::size_t i = 300; i < 400; ++i) s[i].altitude = kNaNf;  // a 300 m dropout
    s[500].altitude = 1e30f;                                        // and a glitch
    s[501].altitude = -1e9f;
  });
  for (std::size_t i = 1; i < g.track.vertices.size(); ++i) {
    ASSERT_NEAR(g.track.vertices[i].grade, 0.05, 0.005) << g.centre(i);
  }
}

TEST(TrackGrade, StationaryStretchNeverDividesByZero) {
  // A 5 % climb with a two-minute stop after 600 s: 120 samples at one place whose altitude
  // jitters by a metre.
  std::vector<Sample> s = test::make_path(slope(0.05));
  test::TestRng rng(3);
  std::vector<Sample> stop(120, s[600]);
  for (std::size_t i = 0; i < stop.size(); ++i) {
    stop[i].time += static_cast<double>(i + 1);
    stop[i].altitude = static_cast<float>(s[600].altitude + rng.uniform() - 0.5);
  }
  for (std::size_t i = 601; i < s.size(); ++i) s[i].time += 120.0;
  s.insert(s.begin() + 601, stop.begin(), stop.end());
  const PreparedTrack t = prepare_track(s);
  EXPECT_EQ(t.runs, 1u);
  for (std::size_t i = 1; i < t.vertices.size(); ++i) {
    const float grade = t.vertices[i].grade;
    ASSERT_TRUE(std::isfinite(grade)) << i;
    if (i < 550 || i > 771) {  // beyond 150 m from the stop
      ASSERT_NEAR(grade, 0.05, 0.005) << i;
    }
  }
  // A run that never moves has no slope at all.
  std::vector<Sample> still(300, s[0]);
  for (std::size_t i = 0; i < still.size(); ++i) {
    still[i].time += static_cast<double>(i);
    still[i].altitude = static_cast<float>(500 + i % 7);
  }
  const PreparedTrack t2 = prepare_track(still);
  EXPECT_EQ(t2.runs, 1u);
  for (const TrackVertex& v : t2.vertices) ASSERT_TRUE(std::isnan(v.grade));
}

TEST(TrackGrade, RunShorterThanTheWindowHasNoGrade) {
  const Graded g = graded_path(slope(0.05, 3.0, 12));  // 36 m
  for (const TrackVertex& v : g.track.vertices) ASSERT_TRUE(std::isnan(v.grade));
  const Graded longer = graded_path(slope(0.05, 3.0, 20));  // 60 m
  for (std::size_t i = 1; i < longer.track.vertices.size(); ++i) {
    ASSERT_NEAR(longer.track.vertices[i].grade, 0.05, 0.005);
  }
}

TEST(TrackGrade, EachRunIsGradedOnItsOwn) {
  // Two climbs separated by a segment break where the altitude drops by 100 m (another
  // recording on another hill): no grade spans the break.
  const Graded g = graded_path(slope(0.05), [](std::vector<Sample>& s) {
    s[600].segment_start = true;
    for (std::size_t i = 600; i < s.size(); ++i) s[i].altitude -= 100.0f;
  });
  EXPECT_EQ(g.track.runs, 2u);
  for (std::size_t i = 1; i < g.track.vertices.size(); ++i) {
    if (i == 600) continue;
    ASSERT_NEAR(g.track.vertices[i].grade, 0.05, 0.005) << i;
  }
}

}  // namespace
}  // namespace th
