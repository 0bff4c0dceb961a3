#pragma once
// prepare_track(): one activity's samples -> the renderer's vertex list, once per build.
//
// Representation
// - A PreparedTrack is a flat vector of TrackVertex in recording order. Vertices are grouped
//   into runs: maximal polylines that are drawn. A vertex with run_start == true begins a new
//   run; the first vertex always has it. A line is drawn from every vertex to the next one
//   unless the next one starts a run.
// - The segment attributes of a vertex (dt_s, speed_mps, heart rate, grade) describe the segment
//   that ENDS at it, from the previous vertex. They are unknown (NaN; heart rate 0) on
//   run_start vertices and must be ignored there.
// - A run of a single vertex draws nothing; it is kept so vertex indices follow the samples.
// - Coordinates are Web Mercator fixed point (render/projection.hpp).
//
// Rules (each has a test in tests/render/track_prep_test.cpp)
// - Only samples with th::valid_position become vertices; the others are counted in
//   skipped_points. A segment_start on a skipped sample still breaks the run at the next vertex.
// - A run breaks at Sample::segment_start, at a time gap over max_gap_s, when time runs
//   backwards, and at a jump no athlete makes: implied speed over max_speed_mps (dt taken as at
//   least 1 s, so whole-second timestamps and GPS jitter never break a line), or, when either
//   end has no time, a step over max_untimed_step_m. A jump across the antimeridian is one of
//   those, so no line crosses the whole map.
// - dt_s: the time between the two samples. When either end has no time the segment's dt is
//   length / untimed_speed_mps, so an untimed route still adds time (frequency) in proportion
//   to its length. Always >= 0 on drawn segments.
// - speed_mps: the mean of the two ends' recorded Sample::speed values (one end when only one
//   has it; values that are negative, non-finite or over max_speed_mps do not count), else
//   length / dt for timed segments with dt > 0, else NaN (an untimed dt is an assumption, not a
//   speed).
// - heart rate: the mean of the two ends' values in (0, 255], rounded to whole bpm; 0 = unknown.
// - grade: rise over run in the direction of travel, over a window of distance that widens
//   until the rise beats the track's altitude noise (render/track_grade.hpp); NaN without
//   altitude or on runs shorter than grade_window_m.
//
// Cost: two linear passes over the samples plus a sweep over a 10 m distance grid; about
// 20-25 M samples/s on one core (bench/track_prep_bench.cpp).

#include <cstdint>
#include <limits>
#include <vector>

#include "core/activity.hpp"
#include "render/projection.hpp"

namespace th {

// All values must be positive.
struct PrepOptions {
  double max_gap_s = 180.0;           // a longer pause is not drawn as a line
  double max_speed_mps = 60.0;        // faster than any athlete: a GPS jump or a train ride
  double max_untimed_step_m = 500.0;  // a route without times may be sparse, not this sparse
  double untimed_speed_mps = 3.0;     // dt of an untimed segment = length / this
  // Grade (render/track_grade.hpp explains the method and these numbers): the narrowest
  // window the grade is measured over, the widest, and the bounds of the rise a window must
  // span before a slope counts as one rather than as altitude noise (the rise itself follows
  // the track's measured noise: clean barometric tracks get the low bound).
  double grade_window_m = 50.0;
  double grade_max_window_m = 1000.0;
  double grade_min_rise_m = 3.0;
  double grade_max_rise_m = 10.0;
};

// 24 bytes: 18 M of them are held at once for a full build. Heart rate is stored in whole bpm
// to make room for run_start within 24 bytes (a heatmap colour never resolves half a beat).
struct TrackVertex {
  std::uint32_t x = 0;  // fixed-point world coordinates (world x 2^32)
  std::uint32_t y = 0;
  float dt_s = kNaNf;               // seconds spent on the segment ending here
  float speed_mps = kNaNf;          // metres per second on that segment
  float grade = kNaNf;              // rise / run in the direction of travel: +0.05 = 5 % uphill
  std::uint8_t heart_rate_bpm = 0;  // mean over the segment, whole bpm; 0 = unknown
  bool run_start = false;           // no segment ends here: a new polyline begins

  float heart_rate() const {
    return heart_rate_bpm == 0 ? kNaNf : static_cast<float>(heart_rate_bpm);
  }
  FixedPoint point() const { return {x, y}; }
};
static_assert(sizeof(TrackVertex) <= 24, "TrackVertex is held 18 M times: keep it small");

// Inclusive bounding box in fixed point; empty() when min > max (no vertex).
struct FixedBox {
  std::uint32_t min_x = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t min_y = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t max_x = 0;
  std::uint32_t max_y = 0;

  bool empty() const { return min_x > max_x; }
  void extend(std::uint32_t px, std::uint32_t py) {
    if (px < min_x) min_x = px;
    if (px > max_x) max_x = px;
    if (py < min_y) min_y = py;
    if (py > max_y) max_y = py;
  }
};

struct PreparedTrack {
  std::vector<TrackVertex> vertices;
  FixedBox bounds;                   // of all vertices
  double length_m = 0;               // ground length of the drawn segments
  std::uint32_t runs = 0;            // vertices with run_start
  std::uint32_t skipped_points = 0;  // samples without a valid position
  bool privacy_cut = false;          // privacy removed something (render/privacy.hpp)
};

struct PrivacySettings;  // render/privacy.hpp

// With `privacy` (not null, active), the trimmed ends and the hidden circles are cut from the
// vertices before grades are computed (render/privacy.hpp): every caller that draws, bounds or
// shows a track goes through here, so each one gets the cut.
PreparedTrack prepare_track(const std::vector<Sample>& samples, const PrepOptions& options = {},
                            const PrivacySettings* privacy = nullptr);

}  // namespace th
