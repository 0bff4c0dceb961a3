#pragma once
// Per-pixel sums over every visit of a tile's pixel, for all layers at once. Every channel is a
// sum (or a max, or a distinct count), so a tile is the same whatever order its activities are
// drawn in, and drawing one more activity only adds to it.
//
// "Time" is the duration of a segment spread along its pixels by the rasteriser's weights
// (dt · weight / length), so it measures time spent per pixel and does not depend on how often
// the device recorded.

#include <cstdint>
#include <limits>

namespace th {

// Grade above which a stretch counts as hill training (DESIGN / issue: 2.5 %).
inline constexpr float kHillGrade = 0.025f;

struct PixelSums {
  float time = 0;                   // seconds spent here
  float time_12mo = 0;              // of which in activities of the last 12 months
  float time_36mo = 0;              // … of the last 36 months
  float speed_time = 0;             // seconds with a known speed
  float speed_sum = 0;              // Σ time · speed (m/s)
  float hr_time = 0;                // seconds with a known heart rate
  float hr_sum = 0;                 // Σ time · bpm
  float grade_time = 0;             // seconds with a known grade
  float grade_abs_sum = 0;          // Σ time · |grade|
  float grade_sum = 0;              // Σ time · grade (signed)
  float hill_time = 0;              // seconds on grades above kHillGrade
  float hill_sum = 0;               // Σ time · grade there
  float latest_day = 0;             // newest activity's day number (days since 1970 + 1; 0 = none)
  std::uint32_t activities = 0;     // distinct activities
  std::uint32_t last_activity = 0;  // 1 + index of the last activity counted (for `activities`)
};

// What the accumulator needs to know of the activity being drawn.
struct DrawnActivity {
  std::uint32_t index = 0;  // 0-based, unique within the build
  float day = 0;            // its day number (days since 1970 + 1)
  bool within_12mo = false;
  bool within_36mo = false;
};

// A segment's grades as the grade layers sum them. A recorded segment has one grade (of());
// a chord merged from many at a coarse zoom (render/zoom_renderer.hpp) keeps, besides the mean,
// what the mean loses: a climb merged with the descent after it averages to about zero, but
// its steepness and the time spent above kHillGrade must survive.
struct GradeMix {
  float mean = std::numeric_limits<float>::quiet_NaN();  // time-weighted signed grade; NaN: none
  float abs_mean = 0;                                    // time-weighted |grade|
  float hill_share = 0;  // fraction of the time on grades above kHillGrade
  float hill_mean = 0;   // mean grade over that time

  static GradeMix of(float grade) {
    return {grade, grade < 0 ? -grade : grade, grade > kHillGrade ? 1.0f : 0.0f, grade};
  }
};

// A GradeMix as a decimated chord keeps it, beside its vertex whose grade is the mean: 6 bytes
// instead of 16, since one is held for every vertex of every decimated zoom (29 M of them for
// the 5,000-activity demo, all at once in `trackheat serve`). Grades in steps of 1e-5 up to
// 0.65535 (a steeper chord is GPS noise), the hill share in steps of 1/65535: far below what a
// 16-bit layer code resolves (render/layers.hpp: grade 1e-4).
struct PackedGradeMix {
  std::uint16_t abs_mean = 0;    // × 1e5
  std::uint16_t hill_share = 0;  // × 65535
  std::uint16_t hill_mean = 0;   // × 1e5 (hill grades are above kHillGrade: positive)

  static PackedGradeMix pack(const GradeMix& g) {
    const auto grade = [](float v) {
      const float x = v * 1e5f + 0.5f;
      return static_cast<std::uint16_t>(x <= 0 ? 0.0f : x >= 65535.0f ? 65535.0f : x);
    };
    const float share = g.hill_share * 65535.0f + 0.5f;
    return {grade(g.abs_mean),
            static_cast<std::uint16_t>(share <= 0          ? 0.0f
                                       : share >= 65535.0f ? 65535.0f
                                                           : share),
            grade(g.hill_mean)};
  }
  GradeMix unpack(float mean) const {
    return {mean, static_cast<float>(abs_mean) * 1e-5f, static_cast<float>(hill_share) / 65535.0f,
            static_cast<float>(hill_mean) * 1e-5f};
  }
};

// One segment's values, spread over a pixel with `time` seconds.
inline void add_visit(PixelSums& p, const DrawnActivity& a, float time, float speed, float hr,
                      const GradeMix& grade) {
  p.time += time;
  if (a.within_12mo) p.time_12mo += time;
  if (a.within_36mo) p.time_36mo += time;
  if (speed == speed) {  // not NaN
    p.speed_time += time;
    p.speed_sum += time * speed;
  }
  if (hr == hr) {
    p.hr_time += time;
    p.hr_sum += time * hr;
  }
  if (grade.mean == grade.mean) {
    p.grade_time += time;
    p.grade_sum += time * grade.mean;
    p.grade_abs_sum += time * grade.abs_mean;
    if (grade.hill_share > 0) {
      const float hill = time * grade.hill_share;
      p.hill_time += hill;
      p.hill_sum += hill * grade.hill_mean;
    }
  }
  if (a.day > p.latest_day) p.latest_day = a.day;
  if (p.last_activity != a.index + 1) {
    p.last_activity = a.index + 1;
    ++p.activities;
  }
}

}  // namespace th
