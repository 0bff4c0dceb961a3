#include "render/track_grade.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace th {
namespace {

constexpr float kMinAltitude = -1000.0f;  // below the Dead Sea shore (-430 m) with margin
constexpr float kMaxAltitude = 10000.0f;  // above Everest (8849 m) with margin
constexpr double kMaxGrade = 1.0;
constexpr double kRungGrowth = 1.4;  // window ladder: each rung 40 % wider than the last
constexpr std::size_t kMaxRungs = 40;
constexpr double kNoiseHalfWindowS = 15.0;
constexpr std::size_t kMinNoiseSamples = 60;  // fewer: too few to judge the noise

// Two doubles in one register (SSE2 on x86-64, NEON on arm64): GCC/Clang vector extensions.
using Pair = double __attribute__((vector_size(16)));
using PairMask = std::int64_t __attribute__((vector_size(16)));

Pair load_pair(const double* p) {
  Pair v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
void store_pair(double* p, Pair v) {
  std::memcpy(p, &v, sizeof v);
}

// False for NaN too.
bool plausible(float a) {
  return a >= kMinAltitude && a <= kMaxAltitude;
}

// Replaces missing altitudes by linear interpolation in distance; false when none is known.
bool fill_missing_altitudes(std::span<const double> d, std::span<float> a) {
  const std::size_t n = a.size();
  std::size_t last = n;  // index of the last known altitude, n = none yet
  for (std::size_t j = 0; j < n; ++j) {
    if (!plausible(a[j])) continue;
    if (last == n) {
      std::fill(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(j), a[j]);
    } else if (j - last > 1) {
      const double span = d[j] - d[last];
      const double a0 = a[last], a1 = a[j];
      for (std::size_t k = last + 1; k < j; ++k) {
        const double f = span > 0 ? (d[k] - d[last]) / span : 0.0;
        a[k] = static_cast<float>(a0 + (a1 - a0) * f);
      }
    }
    last = j;
  }
  if (last == n) return false;
  std::fill(a.begin() + static_cast<std::ptrdiff_t>(last) + 1, a.end(), a[last]);
  return true;
}

// Samples the piecewise-linear profile (a - ref) at grid points s_k = k * step, k = 0..K:
// its value point[k] and its integral from 0, integral[k]. One merged pass over vertices and
// grid points.
void sample_profile(std::span<const double> d, std::span<const float> a, double ref, double step,
                    std::size_t cells, std::span<double> point, std::span<double> integral) {
  const std::size_t n = d.size();
  std::size_t j = 0;  // vertex segment [d[j], d[j + 1]] holding the grid point
  double acc = 0;     // integral from 0 to d[j]
  for (std::size_t k = 0; k <= cells; ++k) {
    const double s = k == cells ? d[n - 1] : static_cast<double>(k) * step;
    while (j + 2 < n && d[j + 1] < s) {
      acc += 0.5 * ((a[j] - ref) + (a[j + 1] - ref)) * (d[j + 1] - d[j]);
      ++j;
    }
    const double len = d[j + 1] - d[j];
    const double u = std::clamp(s - d[j], 0.0, len);
    const double a0 = a[j] - ref, slope = len > 0 ? (a[j + 1] - a[j]) / len : 0.0;
    point[k] = a0 + slope * u;
    integral[k] = acc + u * (a0 + 0.5 * slope * u);
  }
}

// The window ladder in grid cells: from the shortest window up to the longest, each rung
// kRungGrowth times (and at least one cell) wider than the previous. No rung is wider than
// the run: such boxes are clamped to the run at every grid point, like a rung of `cells`.
std::size_t build_ladder(double step, std::size_t cells, const GradeOptions& options,
                         std::array<std::size_t, kMaxRungs>& rungs) {
  const auto cells_for = [step, cells](double m) {
    return std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(m / step)), 1, cells);
  };
  const std::size_t first = cells_for(options.min_window_m);
  const std::size_t last = std::max(first, cells_for(options.max_window_m));
  std::size_t count = 0;
  for (std::size_t m = first; count < kMaxRungs;) {
    rungs[count++] = m;
    if (m >= last) break;
    m = std::min(last,
                 std::max(m + 1, static_cast<std::size_t>(static_cast<double>(m) * kRungGrowth)));
  }
  return count;
}

// The grade over boxes of m cells left and right of grid point k, clamped to the run (a box
// clamped to nothing is the profile's value at k): rise between the box means over the
// distance between the box centres. Sets `passes` when the rise reaches min_rise.
double clamped_grade(const GradeScratch& sc, std::size_t k, std::size_t m, double step,
                     double min_rise, bool& passes) {
  const std::size_t cells = sc.integral.size() - 1;
  const std::size_t ml = std::min(m, k), mr = std::min(m, cells - k);
  const double* integral = sc.integral.data();
  const double left =
      ml > 0 ? (integral[k] - integral[k - ml]) / (static_cast<double>(ml) * step) : sc.point[k];
  const double right =
      mr > 0 ? (integral[k + mr] - integral[k]) / (static_cast<double>(mr) * step) : sc.point[k];
  const double rise = right - left;
  passes = std::fabs(rise) >= min_rise;
  return rise / (0.5 * static_cast<double>(ml + mr) * step);
}

// One rung of the sweep: writes the grade over m-cell boxes wherever its rise reaches
// min_rise (everywhere when `always`, the widest rung that is the fallback).
void sweep_rung(std::size_t m, bool always, double step, double min_rise, GradeScratch& sc) {
  const std::size_t cells = sc.integral.size() - 1;
  double* grade = sc.grade.data();
  const auto edge = [&](std::size_t k) {
    bool passes = false;
    const double g = clamped_grade(sc, k, m, step, min_rise, passes);
    if (passes || always) grade[k] = g;
  };
  if (2 * m > cells) {  // no interior: every point has a clamped box
    for (std::size_t k = 0; k <= cells; ++k) edge(k);
    return;
  }
  for (std::size_t k = 0; k < m; ++k) edge(k);
  for (std::size_t k = cells - m + 1; k <= cells; ++k) edge(k);
  // Interior, both boxes whole: rise = (I[k+m] - 2 I[k] + I[k-m]) / (m step) and
  // grade = rise / (m step). Two grid points per step in a vector register (the build targets
  // baseline x86-64, where -O2 leaves this loop scalar); the sweep is most of the grade cost.
  const double* integral = sc.integral.data();
  const double width = static_cast<double>(m) * step;
  const double rise_limit = always ? 0.0 : min_rise * width, inv_width2 = 1.0 / (width * width);
  const Pair limit = {rise_limit, rise_limit}, scale = {inv_width2, inv_width2};
  std::size_t k = m;
  for (; k + 1 + m <= cells; k += 2) {
    const Pair d2 =
        load_pair(integral + k + m) - 2.0 * load_pair(integral + k) + load_pair(integral + k - m);
    const PairMask passes = (d2 >= limit) | (d2 <= -limit);
    store_pair(grade + k, passes ? d2 * scale : load_pair(grade + k));
  }
  for (; k + m <= cells; ++k) {
    const double d2 = integral[k + m] - 2.0 * integral[k] + integral[k - m];
    if (std::fabs(d2) >= rise_limit) grade[k] = d2 * inv_width2;
  }
}

}  // namespace

double estimate_altitude_noise(std::span<const double> clock_s, std::span<const float> altitude_m) {
  // Centred moving average over +-kNoiseHalfWindowS by two pointers over the samples with a
  // plausible altitude; the residual's mean absolute value x 1.25 estimates the standard
  // deviation of Gaussian noise.
  const std::size_t n = altitude_m.size();
  std::size_t lo = 0, hi = 0, in_window = 0, used = 0;
  double window_sum = 0, abs_residual = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!plausible(altitude_m[i])) continue;
    const double t = clock_s[i];
    for (; hi < n && clock_s[hi] <= t + kNoiseHalfWindowS; ++hi) {
      if (plausible(altitude_m[hi])) {
        window_sum += altitude_m[hi];
        ++in_window;
      }
    }
    for (; clock_s[lo] < t - kNoiseHalfWindowS; ++lo) {
      if (plausible(altitude_m[lo])) {
        window_sum -= altitude_m[lo];
        --in_window;
      }
    }
    // Sums of floats near 10^4 m over a minute stay exact in a double; no drift to correct.
    abs_residual += std::fabs(altitude_m[i] - window_sum / static_cast<double>(in_window));
    ++used;
  }
  if (used < kMinNoiseSamples) return kNaN;
  return 1.25 * abs_residual / static_cast<double>(used);
}

void compute_run_grades(std::span<TrackVertex> run, std::span<const double> distance_m,
                        std::span<float> altitude_m, const GradeOptions& options,
                        GradeScratch& scratch) {
  const std::size_t n = run.size();
  if (n < 2 || !(options.min_window_m > 0) || !(options.grid_step_m > 0)) return;
  const double length = distance_m[n - 1];
  if (!(length >= options.min_window_m)) return;  // too short to tell a slope from noise
  if (!fill_missing_altitudes(distance_m, altitude_m)) return;

  // A uniform grid over the run: slopes are judged in distance, not in samples.
  const double ref = altitude_m[0];
  // At most 4 cells per vertex: a sparse route (hundreds of metres between points) gets a
  // coarser grid instead of memory in proportion to its length.
  const std::size_t cells = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::ceil(std::min(length / options.grid_step_m, 1e12))), 1, 4 * n);
  const double step = length / static_cast<double>(cells);
  scratch.point.resize(cells + 1);
  scratch.integral.resize(cells + 1);
  scratch.grade.resize(cells + 1);
  sample_profile(distance_m, altitude_m, ref, step, cells, scratch.point, scratch.integral);

  std::array<std::size_t, kMaxRungs> rungs{};
  const std::size_t rung_count = build_ladder(step, cells, options, rungs);

  // For each grid point, the grade over the narrowest window across which the profile rises
  // or falls at least min_rise_m (the widest when none does). Rungs are swept from the widest
  // to the narrowest, each overwriting the grade where it passes, so the last writer is the
  // narrowest passing rung: ~15 simple passes over the grid, the same answer whichever way
  // the track runs (a search that starts from the neighbour's rung is cheaper but lopsided
  // at hilltops, where the rise over a window is not monotone in its width).
  std::fill(scratch.grade.begin(), scratch.grade.end(), 0.0);
  for (std::size_t r = rung_count; r-- > 0;) {
    sweep_rung(rungs[r], r + 1 == rung_count, step, options.min_rise_m, scratch);
  }

  // Each segment takes the grade at its centre, interpolated between grid points.
  for (std::size_t i = 1; i < n; ++i) {
    const double f = 0.5 * (distance_m[i - 1] + distance_m[i]) / step;
    const auto k = std::min(cells - 1, static_cast<std::size_t>(std::max(0.0, f)));
    const double t = std::clamp(f - static_cast<double>(k), 0.0, 1.0);
    const double g = scratch.grade[k] + t * (scratch.grade[k + 1] - scratch.grade[k]);
    run[i].grade = static_cast<float>(std::clamp(g, -kMaxGrade, kMaxGrade));
  }
}

}  // namespace th
