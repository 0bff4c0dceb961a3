#pragma once
// A hilly set of activities like a real one from southern Bavaria: hikes in the Alps that climb
// at 5-10 % for hours and come back down, and runs around Munich over rolling hills (grades up
// to about 5 %). Up and down cancel out over a whole outing, which is what a world-view zoom
// sees of it. Deterministic.

#include <cmath>
#include <numbers>
#include <vector>

#include "core/activity.hpp"
#include "synthetic_paths.hpp"

namespace th::test {

struct HillyActivity {
  std::vector<Sample> samples;
  Sport sport = Sport::Hike;
  double start_time = 0;
};

// `count` activities, every third a run around Munich, the others hikes in the Alps; samples
// every `interval_s` seconds with GPS-like altitude noise.
inline std::vector<HillyActivity> hilly_activities(int count, double interval_s = 5.0) {
  std::vector<HillyActivity> out;
  for (int i = 0; i < count; ++i) {
    PathSpec spec;
    spec.interval_s = interval_s;
    spec.start_time = 1.72e9 + i * 86400.0 * 3;
    spec.heading_rad = 0.7 * i;
    spec.heart_rate = static_cast<float>(110 + 3 * (i % 10));
    HillyActivity a;
    if (i % 3 == 2) {  // a run over rolling hills: 12 m up and down every 1.5 km
      a.sport = Sport::Run;
      spec.lat0 = 48.10 + 0.01 * (i % 7);
      spec.lon0 = 11.50 + 0.015 * (i % 5);
      spec.speed_mps = 3.0;
      spec.duration_s = 3600;
      spec.altitude_at = [](double d) {
        return 520.0 + 12.0 * std::sin(2 * std::numbers::pi * d / 1500.0);
      };
    } else {  // a hike: up at 5-10 % for half its length, then down the same way
      a.sport = Sport::Hike;
      spec.lat0 = 47.35 + 0.05 * (i % 6);
      spec.lon0 = 10.9 + 0.12 * (i % 11);
      spec.speed_mps = 1.2;
      spec.duration_s = 4 * 3600.0 + 600.0 * (i % 4);
      spec.turn_rad_per_m = 0.0003;
      const double grade = 0.05 + 0.01 * (i % 6);
      const double half = spec.speed_mps * spec.duration_s / 2;
      spec.altitude_at = [grade, half](double d) {
        return 900.0 + grade * (d < half ? d : 2 * half - d);
      };
    }
    a.start_time = spec.start_time;
    a.samples = make_path(spec);
    AltitudeNoise noise;
    noise.seed = 100 + static_cast<std::uint64_t>(i);
    add_altitude_noise(a.samples, noise, interval_s);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace th::test
