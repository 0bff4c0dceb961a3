#include "demo/demo_track.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace th::demo {
namespace {

constexpr double kRestHeartRate = 50;  // the demo athlete
constexpr double kMaxHeartRate = 188;
constexpr double kMinRecordedHr = 60;  // the demo keeps heart rate in a plausible band
constexpr double kMaxRecordedHr = 200;
constexpr double kMaxRideSpeed = 16.0;  // m/s: a careful descent

// How the grade (rise/run) changes speed, relative to level ground.
double grade_factor(Sport sport, double grade) {
  grade = std::clamp(grade, -0.4, 0.4);
  if (sport == Sport::Hike || sport == Sport::Walk) {
    // Tobler's hiking function, normalised to 1 on the flat: fastest slightly downhill.
    return std::exp(-3.5 * std::fabs(grade + 0.05)) / std::exp(-3.5 * 0.05);
  }
  if (is_cycling(sport)) {
    return grade > 0 ? 1.0 / (1.0 + 12.0 * grade) : std::min(2.0, 1.0 - 8.0 * grade);
  }
  return grade > 0 ? std::exp(-3.5 * grade) : std::min(1.1, 1.0 - 1.5 * grade);  // running
}

// How much harder a climb makes the heart work, per unit of grade.
double climb_effort(Sport sport) {
  if (sport == Sport::Hike || sport == Sport::Walk) return 1.4;
  if (is_cycling(sport)) return 2.5;
  return 1.2;
}

}  // namespace

void synthesize_track(const TrackPlan& plan, Rng& rng, std::vector<Sample>& out) {
  out.clear();
  const Route& route = *plan.route;
  const double lap = route.length();
  const double total_m =
      plan.positions ? lap * std::max(1, plan.laps) : std::numeric_limits<double>::infinity();
  const double expected_s =
      plan.positions ? total_m / plan.flat_speed * 1.3 + 600 : plan.duration_s + 1;
  out.reserve(static_cast<std::size_t>(std::min(expected_s, 1e6)));

  RouteWalker walker(route);
  SmoothWander gps_north(plan.gps_sd_m, 60.0, 8.0), gps_east(plan.gps_sd_m, 60.0, 8.0);
  SmoothWander lateral(2.0, 300.0, 8.0);  // which side of the path, which lane
  Wander form(0.04, 120.0);               // relative speed variation within the outing
  Wander altitude_error(plan.barometer ? 0.6 : 2.0, plan.barometer ? 900.0 : 60.0);
  Wander heart_noise(1.2, 15.0);
  for (SmoothWander* w : {&gps_north, &gps_east, &lateral}) w->start(rng);
  for (Wander* w : {&form, &altitude_error, &heart_noise}) w->start(rng);
  const double altitude_offset = plan.barometer ? 3.0 * rng.gauss() : 0.0;  // calibration
  const double white_altitude = plan.barometer ? 0.1 : 2.5;
  const double distance_scale = 1.0 + 0.006 * rng.gauss();  // no device measures exactly
  const double rest_hr = kRestHeartRate + 2.0 * rng.gauss();
  const double climb_gain = climb_effort(plan.sport);

  double s = 0;  // metres travelled
  double v = 0;  // m/s, starting from standing
  double hr = rest_hr + 35.0;
  double stop_left = 0;
  std::size_t next_stop = 0;
  for (long k = 0;; ++k) {
    const double elapsed = static_cast<double>(k);
    const RoutePosition here = walker.at(std::fmod(s, lap));

    Sample sample;
    sample.time = plan.start_time + elapsed;
    if (plan.positions) {
      const double side = lateral.step(rng);  // to the right of the direction of travel
      // Plus a little fast noise of the fix itself (15 cm).
      const double north = gps_north.step(rng) - side * here.east_x + 0.15 * rng.gauss();
      const double east = gps_east.step(rng) + side * here.east_y + 0.15 * rng.gauss();
      sample.lat = here.lat + north / kMetresPerDegree;
      sample.lon = here.lon + east / here.metres_per_deg_lon;
    }
    if (plan.altitude) {
      const double recorded =
          here.alt + altitude_offset + altitude_error.step(rng) + white_altitude * rng.gauss();
      sample.altitude = static_cast<float>(std::round(recorded * 5.0) / 5.0);  // 0.2 m steps
    }
    sample.distance = std::round(s * distance_scale * 100.0) / 100.0;

    // The heart follows the effort with a lag (faster up than down) and drifts over hours.
    double intensity = 0.2;  // standing
    if (v > 0.3) {
      intensity = plan.effort * (0.7 + 0.3 * v / plan.flat_speed) +
                  climb_gain * std::clamp(here.grade, -0.1, 0.3);
    }
    intensity += 0.035 * elapsed / 3600.0;
    const double hr_target = rest_hr + (kMaxHeartRate - rest_hr) * std::clamp(intensity, 0.1, 0.97);
    hr += (hr_target - hr) / (hr_target > hr ? 20.0 : 35.0);
    sample.heart_rate = static_cast<float>(
        std::clamp(std::round(hr + heart_noise.step(rng)), kMinRecordedHr, kMaxRecordedHr));
    out.push_back(sample);

    if (plan.positions ? s >= total_m : elapsed >= plan.duration_s) break;

    if (stop_left > 0) {
      stop_left -= 1;
      v = 0;
    } else if (next_stop < plan.stops.size() && s >= plan.stops[next_stop].at_m) {
      stop_left = plan.stops[next_stop++].seconds - 1;
      v = 0;
    } else {
      double target =
          plan.flat_speed * grade_factor(plan.sport, here.grade) * (1.0 + form.step(rng));
      if (plan.interval_period_s > 0) {
        const bool hard = std::fmod(elapsed, plan.interval_period_s) < plan.interval_period_s / 2;
        target *= hard ? 1.2 : 0.85;
      }
      if (is_cycling(plan.sport)) target = std::min(target, kMaxRideSpeed);
      v += (target - v) * 0.25;  // inertia: a few seconds to change pace
    }
    s = std::min(s + v, total_m);
  }
}

}  // namespace th::demo
