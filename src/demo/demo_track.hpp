#pragma once
// Private to src/demo: turns a planned outing into 1 Hz samples, as a watch or phone records
// them: the athlete moves along a route at a speed that follows the sport, the grade and the
// day's form; the device adds its errors (GPS position wandering by a few metres, correlated
// over tens of seconds; altitude from a barometer or from GPS; distance off by ~1 %); the heart
// follows the effort with a lag and drifts upward over hours.

#include <vector>

#include "core/activity.hpp"
#include "demo/demo_random.hpp"
#include "demo/routes.hpp"

namespace th::demo {

struct Stop {
  double at_m = 0;     // distance along the outing where the athlete stands still
  double seconds = 0;  // how long (the device keeps recording)
};

struct TrackPlan {
  Sport sport = Sport::Run;
  double start_time = 0;  // UTC seconds of the first sample (whole seconds)
  const Route* route = nullptr;
  int laps = 1;                  // loops: how many times round
  double duration_s = 0;         // indoor: how long; outdoors the route decides
  double flat_speed = 3.0;       // m/s on level ground, before the day's variation
  double effort = 0.7;           // fraction of heart-rate reserve on level ground at flat_speed
  bool positions = true;         // false: treadmill / trainer, no GPS at all
  bool altitude = true;          // false: no altitude recorded
  bool barometer = true;         // altitude from a barometer (watch) rather than GPS (phone)
  double gps_sd_m = 2.5;         // standard deviation of the GPS error
  double interval_period_s = 0;  // > 0: alternate hard and easy every half period (treadmill)
  std::vector<Stop> stops;       // sorted by at_m
};

// Appends the samples of the outing to `out` (cleared first). Every sample has time; outdoor
// samples have lat/lon; distance and heart rate are always there.
void synthesize_track(const TrackPlan& plan, Rng& rng, std::vector<Sample>& out);

}  // namespace th::demo
