#include "render/track_prep.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

#include "core/geo.hpp"
#include "render/privacy.hpp"
#include "render/track_grade.hpp"

namespace th {
namespace {

constexpr double kMaxHeartRate = 255.0;     // whole bpm in a byte; FIT's 0xFF means invalid anyway
constexpr double kMinJumpDtS = 1.0;         // dt floor for the jump test (see track_prep.hpp)
constexpr double kClockJumpAtBreakS = 1e6;  // keeps the noise estimate's windows within a run
constexpr double kRisePerNoiseSd = 12.0;    // see track_grade.hpp

bool finite(double v) {
  return std::isfinite(v);
}

// A recorded speed that can be averaged, or NaN.
double usable_speed(float v, double max_speed) {
  return (v >= 0.0f && v <= max_speed) ? static_cast<double>(v) : kNaN;  // false for NaN
}

double usable_heart_rate(float v) {
  return (v > 0.0f && v <= kMaxHeartRate) ? static_cast<double>(v) : kNaN;
}

// Mean of the known values among two; NaN when neither is known.
double mean_known(double a, double b) {
  if (std::isnan(a)) return b;
  if (std::isnan(b)) return a;
  return 0.5 * (a + b);
}

// The rise a slope must span: it scales with the track's altitude noise, so a barometric
// altimeter's clean profile shows small hills and noisy GPS altitude only big ones.
double min_rise_for(double noise_sd, const PrepOptions& options) {
  const double high = std::max(options.grade_min_rise_m, options.grade_max_rise_m);
  if (std::isnan(noise_sd)) return high;  // too little altitude to judge: be careful
  return std::clamp(kRisePerNoiseSd * noise_sd, options.grade_min_rise_m, high);
}

}  // namespace

PreparedTrack prepare_track(const std::vector<Sample>& samples, const PrepOptions& options,
                            const PrivacySettings* privacy) {
  PreparedTrack out;
  out.vertices.reserve(samples.size());
  // Per vertex, for the grade pass: distance from its run's start, altitude, and a clock (the
  // sum of dt, with a jump at every break) for the altitude noise estimate.
  PrepColumns columns;
  std::vector<double>& run_distance = columns.run_distance;
  std::vector<double>& clock = columns.clock;
  std::vector<float>& altitude = columns.altitude;
  run_distance.reserve(samples.size());
  clock.reserve(samples.size());
  altitude.reserve(samples.size());
  double clock_s = 0;

  const double circumference = world_circumference_m();
  MercatorStepper stepper;
  MercatorStepper::Result prev{};
  double prev_time = kNaN, prev_speed = kNaN, prev_hr = kNaN, distance = 0;
  bool pending_break = true;  // the first vertex starts a run

  for (const Sample& s : samples) {
    pending_break = pending_break || s.segment_start;
    if (!valid_position(s.lat, s.lon)) {
      ++out.skipped_points;
      continue;
    }
    const MercatorStepper::Result here = stepper.project(s.lat, s.lon);
    const FixedPoint fixed = to_fixed(here.world);
    const double time = finite(s.time) ? s.time : kNaN;
    const double speed = usable_speed(s.speed, options.max_speed_mps);
    const double hr = usable_heart_rate(s.heart_rate);

    TrackVertex v;
    v.x = fixed.x;
    v.y = fixed.y;
    bool brk = pending_break;
    if (!brk) {
      // Mercator is conformal: ground length = world length x circumference x cos(lat), with
      // cos(lat) averaged over the segment (exact to ~1e-8 for steps below a kilometre).
      const double dx = here.world.x - prev.world.x, dy = here.world.y - prev.world.y;
      const double len =
          std::sqrt(dx * dx + dy * dy) * circumference * 0.5 * (here.cos_lat + prev.cos_lat);
      const bool timed = !std::isnan(time) && !std::isnan(prev_time);
      double dt;
      if (timed) {
        dt = time - prev_time;
        brk = !(dt >= 0.0 && dt <= options.max_gap_s) ||
              len > options.max_speed_mps * std::max(dt, kMinJumpDtS);
      } else {
        dt = len / options.untimed_speed_mps;
        brk = !(len <= options.max_untimed_step_m);
      }
      if (!brk) {
        v.dt_s = static_cast<float>(dt);
        double sp = mean_known(prev_speed, speed);
        if (std::isnan(sp) && timed && dt > 0) sp = len / dt;
        v.speed_mps = static_cast<float>(sp);
        const double h = mean_known(prev_hr, hr);
        // 0 < h <= 255: rounding by truncation of h + 0.5 is exact and stays in a byte.
        v.heart_rate_bpm = std::isnan(h) ? 0 : static_cast<std::uint8_t>(h + 0.5);
        distance += len;
        clock_s += dt;
        out.length_m += len;
      }
    }
    if (brk) {
      v.run_start = true;
      ++out.runs;
      distance = 0;
      clock_s += kClockJumpAtBreakS;
    }
    pending_break = false;
    out.vertices.push_back(v);
    out.bounds.extend(v.x, v.y);
    run_distance.push_back(distance);
    clock.push_back(clock_s);
    altitude.push_back(s.altitude);
    prev = here;
    prev_time = time;
    prev_speed = speed;
    prev_hr = hr;
  }

  if (privacy != nullptr && privacy->active()) {
    columns.vertices = std::move(out.vertices);
    out.privacy_cut = cut_private(columns, *privacy, kClockJumpAtBreakS);
    out.vertices = std::move(columns.vertices);
    if (out.privacy_cut) {
      // Bounds, length and runs of what is left.
      out.bounds = FixedBox{};
      out.length_m = 0;
      out.runs = 0;
      for (std::size_t i = 0; i < out.vertices.size(); ++i) {
        const TrackVertex& v = out.vertices[i];
        out.bounds.extend(v.x, v.y);
        if (v.run_start) {
          ++out.runs;
        } else {
          out.length_m += run_distance[i] - run_distance[i - 1];
        }
      }
    }
  }

  // Grade pass, run by run.
  GradeScratch scratch;
  GradeOptions grade_options;
  grade_options.min_window_m = options.grade_window_m;
  grade_options.max_window_m = options.grade_max_window_m;
  grade_options.min_rise_m = min_rise_for(estimate_altitude_noise(clock, altitude), options);
  const std::span<TrackVertex> all(out.vertices);
  const std::size_t n = all.size();
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && !all[end].run_start) ++end;
    const std::size_t count = end - begin;
    compute_run_grades(all.subspan(begin, count),
                       std::span<const double>(run_distance).subspan(begin, count),
                       std::span<float>(altitude).subspan(begin, count), grade_options, scratch);
    begin = end;
  }
  return out;
}

}  // namespace th
