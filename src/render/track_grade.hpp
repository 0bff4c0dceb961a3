#pragma once
// Grade of each segment of one run, from altitude smoothed along distance.
//
// Profile
// - Altitude is a function of distance along the run, a(s), linear between vertices. Missing
//   or implausible altitudes (outside -1000..10000 m) are filled by linear interpolation in
//   distance from their neighbours (constant before the first and after the last known one).
// - a(s) and its integral are sampled on a uniform grid (grid_step_m, 10 m; coarser for sparse
//   routes, at most 4 cells per vertex). Box means are differences of the exact integral of the
//   piecewise-linear profile, so everything depends on distance only: not on the sampling
//   rate, and not on a stop (many samples at one place, where GPS altitude wanders), and no
//   division by a segment length ever happens.
//
// Grade at a grid point: rise over an adaptive window
//   grade(w) = (mean of a over [c, c + w] - mean of a over [c - w, c]) / w
//   i.e. altitude smoothed with a w-wide box and differenced across w, centred on the point.
//   Any w reproduces a straight slope exactly. w is the NARROWEST of a ladder of windows
//   (min_window_m = 50 m, growing by 40 % up to max_window_m = 1000 m) over which the rise
//   |mean right - mean left| reaches min_rise_m; where none does, the widest is used. Each
//   segment takes the grade at its centre, interpolated between grid points.
//   Near the ends of a run the boxes are clamped to the run and the grade is the rise over
//   the distance between the two boxes' centres (still exact for straight slopes). A run
//   shorter than min_window_m gets NaN (too short to tell a slope from noise); results are
//   clamped to +-1 (45 degrees): beyond that it is a glitch, not a hill.
//
// Why adaptive, and why min_rise follows the track's noise
// - Requirement: a flat track with GPS altitude noise (a wander of +-3-5 m correlated over
//   10-30 s, plus +-1 m white noise) keeps |grade| < 2.5 % on 99 % of its length, while a
//   steady 5 % slope reads 5 % and 1 % never passes 2.5 %. Correlated noise averages out only
//   over windows much longer than its correlation length in metres, so a fixed window fails:
//   simulated on the noise model of tests/render/synthetic_paths.hpp (walking to riding speed,
//   wander sd 1.5-2.5 m, correlation ~10-30 s), a fixed 50 m window lit 4-61 % of the flat
//   length, 100 m 0.6-32 %, 150 m 0.1-13 %.
// - A slope is real once the profile has climbed more than the noise can fake. The noise only
//   wanders a few metres, so requiring a rise of min_rise_m keeps noise on the widest (flat)
//   windows, where it makes well under 1 %, while a real 5 % slope is measured over the
//   ~min_rise / 0.05 metres it needs. With noise of 2.5 m sd a fixed min_rise of 6 m lit
//   1.8 % of flat length, 8 m 0.2 %, 10 m none.
// - A barometric altimeter is an order of magnitude cleaner than GPS altitude and deserves
//   small hills, so min_rise = 12 x the track's measured fast noise (estimate_altitude_noise),
//   clamped to [3, 10] m (PrepOptions). Simulated (4 seeds, walk/run/ride, wander sd 1.5 and
//   2.5 m, correlation ~10-60 s): no flat length lit at all up to 30 s correlation, 0.36 % at
//   60 s; a 6 m bump on clean altitude lights up, under GPS noise it does not.
// - The cost: choosing the window from the data leans steep under heavy noise (windows where
//   the noise adds to the rise reach min_rise first): a 5 % climb reads 5.0-5.6 % with 2.5 m
//   of wander, exactly 5 % on clean altitude. Hills lower than min_rise are diluted, and a
//   real slope's edges are blurred over about min_rise / grade metres.

#include <cstddef>
#include <span>
#include <vector>

#include "render/track_prep.hpp"

namespace th {

struct GradeOptions {
  double min_window_m = 50.0;    // narrowest box (and distance between the two boxes)
  double max_window_m = 1000.0;  // widest: a rise that needs more is no hill worth colouring
  double min_rise_m = 6.0;       // a rise (or fall) the window must span to count as a slope
  double grid_step_m = 10.0;     // resolution of the distance grid
};

// Standard deviation (metres) of the fast part of a track's altitude noise: the residual
// from a centred moving average over +-15 s of clock_s. clock_s is non-decreasing per vertex
// (seconds; a big jump between runs keeps windows within a run). Only plausible altitudes
// count. NaN when fewer than 60 altitudes are known.
double estimate_altitude_noise(std::span<const double> clock_s, std::span<const float> altitude_m);

// Storage reused from run to run (one allocation per track, not per run).
struct GradeScratch {
  std::vector<double> point, integral, grade;
};

// Fills run[i].grade for i >= 1 (run[0] starts the run and keeps NaN). distance_m[i] is the
// distance from run[0] (non-decreasing, distance_m[0] == 0); altitude_m[i] the altitude (NaN
// when missing), rewritten in place with the filled profile.
// Preconditions: the three spans have the same size.
void compute_run_grades(std::span<TrackVertex> run, std::span<const double> distance_m,
                        std::span<float> altitude_m, const GradeOptions& options,
                        GradeScratch& scratch);

}  // namespace th
