#include "parse/derive.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <vector>

#include "core/geo.hpp"

// The rules are stated in derive.hpp; the constants below are their numbers.

namespace th {
namespace {

constexpr double kMaxJumpSpeed = 100.0;         // m/s: faster than any athlete, GPS glitch
constexpr double kMaxUntimedStepM = 2000.0;     // a route without times may be sparse, not this
constexpr double kPauseLimitS = 30.0;           // smart recording gaps are shorter than this
constexpr double kIndoorSpreadM = 50.0;         // GPS noise on a treadmill stays within this
constexpr double kIndoorMinDurationS = 180.0;   // shorter: maybe just a short outdoor file
constexpr double kIndoorMinPointsNoTime = 300;  // the same without times, at ~1 sample/s
constexpr double kAltitudeWindowS = 60.0;       // centred; GPS altitude noise is faster
constexpr double kHysteresisPerNoiseSd = 3.0;   // threshold = 3 x the fast noise's sd, within:
constexpr double kMinHysteresisM = 2.0;         //   barometric: small real hills still count
constexpr double kMaxHysteresisM = 12.0;        //   very noisy GPS: only hills above this
constexpr float kMinAltitude = -500.0f;         // Dead Sea shore is -430 m
constexpr float kMaxAltitude = 9000.0f;         // Everest is 8849 m
constexpr float kMaxHeartRate = 255.0f;         // 0xFF is FIT's "invalid"

struct SportLimits {
  double moving_speed;  // m/s: above this the athlete is moving
  double max_speed;     // m/s: a derived speed above this is an outlier
};

SportLimits limits_for(Sport sport) {
  if (sport == Sport::Walk || sport == Sport::Hike || sport == Sport::Snowshoe) {
    return {0.3, 12.5};  // a steep uphill is slow; someone may still run a bit
  }
  if (is_foot(sport)) return {0.5, 12.5};  // Bolt's top speed is about 12.4 m/s
  if (is_cycling(sport)) return {1.0, 40.0};
  return {0.5, 60.0};  // skiing, paddling, unknown: generous
}

// A position in radians with its cosine, so each haversine step costs one cos, not two.
struct Point {
  double lat = 0, lon = 0, cos_lat = 1;
  double lat_deg = 0, lon_deg = 0;
};

// Below 1e-3 rad (about 6 km on the ground) these Taylor series are exact to double precision;
// consecutive track points are always that close, and a libm call per sample is the cost of
// derive_summary on 18 M samples.
double sin_small(double x) {
  if (std::fabs(x) >= 1e-3) return std::sin(x);
  const double x2 = x * x;
  return x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0));
}

double asin_small(double y) {
  if (y >= 1e-3) return std::asin(y);
  const double y2 = y * y;
  return y * (1.0 + y2 * (1.0 / 6.0 + y2 * (3.0 / 40.0)));
}

// cos(latitude) for a track that moves little between samples: expanded around the last
// exactly computed latitude while within 1e-3 rad of it.
class CosineCache {
 public:
  double cos(double lat) {
    const double d = lat - ref_;
    if (!(std::fabs(d) < 1e-3)) {
      ref_ = lat;
      cos_ = std::cos(lat);
      sin_ = std::sin(lat);
      return cos_;
    }
    const double d2 = d * d;
    return cos_ * (1.0 - d2 / 2.0 * (1.0 - d2 / 12.0)) - sin_ * d * (1.0 - d2 / 6.0);
  }

 private:
  double ref_ = kNaN, cos_ = 1, sin_ = 0;
};

Point make_point(double lat_deg, double lon_deg, CosineCache& cosines) {
  Point p;
  p.lat_deg = lat_deg;
  p.lon_deg = lon_deg;
  p.lat = deg_to_rad(lat_deg);
  p.lon = deg_to_rad(lon_deg);
  p.cos_lat = cosines.cos(p.lat);
  return p;
}

// Same formula as th::haversine_m (core/geo.hpp), reusing the cosines. The longitude
// difference is taken modulo a full turn so a track across the antimeridian stays short.
double step_m(const Point& a, const Point& b) {
  const double s_lat = sin_small((b.lat - a.lat) * 0.5);
  double d_lon = b.lon - a.lon;
  if (d_lon > std::numbers::pi) d_lon -= 2 * std::numbers::pi;
  if (d_lon < -std::numbers::pi) d_lon += 2 * std::numbers::pi;
  const double s_lon = sin_small(d_lon * 0.5);
  const double h = s_lat * s_lat + a.cos_lat * b.cos_lat * s_lon * s_lon;
  return 2 * kEarthRadiusM * asin_small(std::sqrt(std::fmin(1.0, h)));
}

// Distance along the track, skipping impossible jumps. A point that jumps away from the last
// good one is held back: if the next point fits the last good one, it was a lone spike and is
// dropped; if the next point fits the held one, the track really moved on (a GPS fix after a
// long cold start) and goes on from there, the jump itself not counted.
class TrackDistance {
 public:
  // Adds one valid position at time t (NaN when unknown); returns the speed of the step that
  // reached it, NaN when there is none (first point, segment start, jump, long interval).
  float add(const Point& p, double t, bool segment_start) {
    if (!have_anchor_ || segment_start) {
      set_anchor(p, t);
      pending_ = false;
      return kNaNf;
    }
    float speed = kNaNf;
    if (try_step(anchor_, anchor_time_, p, t, speed) ||
        (pending_ && try_step(pending_point_, pending_time_, p, t, speed))) {
      pending_ = false;  // a held point was a spike, or the track has moved on to it
      return speed;
    }
    pending_ = true;
    pending_point_ = p;
    pending_time_ = t;
    ++jumps_;
    return kNaNf;
  }

  double metres() const { return metres_; }
  std::size_t jumps() const { return jumps_; }

  // The bounding box of the points the track went through (dropped spikes excluded).
  void bbox(Summary& summary) const {
    if (!have_anchor_) return;
    summary.min_lat = min_lat_;
    summary.max_lat = max_lat_;
    summary.min_lon = min_lon_;
    summary.max_lon = max_lon_;
  }

 private:
  static bool is_jump(double d, double dt) {
    if (dt > 0) return d > kMaxJumpSpeed * dt;
    if (has(dt)) return d > kMaxJumpSpeed;  // same second, or time running backwards
    return d > kMaxUntimedStepM;            // either end has no time
  }

  // Steps from `from` to p when that is possible: counts it, makes p the anchor and sets
  // `speed` (NaN for a long or untimed interval). Returns false, changing nothing, for a jump.
  bool try_step(const Point& from, double from_time, const Point& p, double t, float& speed) {
    const double d = step_m(from, p);
    const double dt = t - from_time;  // NaN when either time is missing
    if (is_jump(d, dt)) return false;
    metres_ += d;
    set_anchor(p, t);
    speed = dt > 0 && dt <= kPauseLimitS ? static_cast<float>(d / dt) : kNaNf;
    return true;
  }

  void set_anchor(const Point& p, double t) {
    if (!have_anchor_) {
      min_lat_ = max_lat_ = p.lat_deg;
      min_lon_ = max_lon_ = p.lon_deg;
    } else {
      min_lat_ = std::min(min_lat_, p.lat_deg);
      max_lat_ = std::max(max_lat_, p.lat_deg);
      min_lon_ = std::min(min_lon_, p.lon_deg);
      max_lon_ = std::max(max_lon_, p.lon_deg);
    }
    have_anchor_ = true;
    anchor_ = p;
    anchor_time_ = t;
  }

  Point anchor_, pending_point_;
  double anchor_time_ = kNaN, pending_time_ = kNaN;
  bool have_anchor_ = false, pending_ = false;
  double metres_ = 0;
  std::size_t jumps_ = 0;
  double min_lat_ = kNaN, max_lat_ = kNaN, min_lon_ = kNaN, max_lon_ = kNaN;
};

// Median of the valid values among v[from, to); NaN if none.
float median_of_window(const std::vector<float>& v, std::size_t from, std::size_t to) {
  std::array<float, 5> buf{};
  std::size_t k = 0;
  for (std::size_t j = from; j < to && k < buf.size(); ++j) {
    if (has(v[j])) buf[k++] = v[j];
  }
  if (k == 0) return kNaNf;
  for (std::size_t a = 1; a < k; ++a) {  // insertion sort of at most five values
    const float x = buf[a];
    std::size_t b = a;
    for (; b > 0 && buf[b - 1] > x; --b) buf[b] = buf[b - 1];
    buf[b] = x;
  }
  return k % 2 == 1 ? buf[k / 2] : 0.5f * (buf[k / 2 - 1] + buf[k / 2]);
}

// One altitude with the key its smoothing window is measured in (seconds, or sample count).
struct AltitudePoint {
  double key;
  double altitude;
};

// Counts ascent and descent between turning points at least `threshold` apart.
class HysteresisCounter {
 public:
  explicit HysteresisCounter(double threshold) : threshold_(threshold) {}

  void add(double a) {
    if (!started_) {
      started_ = true;
      low_ = high_ = a;
      return;
    }
    switch (direction_) {
      case 0:  // no direction yet: wait for the first move bigger than the threshold
        low_ = std::min(low_, a);
        high_ = std::max(high_, a);
        if (a - low_ >= threshold_) {
          direction_ = 1;
          anchor_ = low_;
          extreme_ = a;
        } else if (high_ - a >= threshold_) {
          direction_ = -1;
          anchor_ = high_;
          extreme_ = a;
        }
        break;
      case 1:
        if (a > extreme_) {
          extreme_ = a;
        } else if (extreme_ - a >= threshold_) {
          ascent_ += extreme_ - anchor_;
          anchor_ = extreme_;
          extreme_ = a;
          direction_ = -1;
        }
        break;
      default:
        if (a < extreme_) {
          extreme_ = a;
        } else if (a - extreme_ >= threshold_) {
          descent_ += anchor_ - extreme_;
          anchor_ = extreme_;
          extreme_ = a;
          direction_ = 1;
        }
        break;
    }
  }

  // The last leg counts too: it is at least `threshold` long by construction.
  double ascent() const { return ascent_ + (direction_ == 1 ? extreme_ - anchor_ : 0.0); }
  double descent() const { return descent_ + (direction_ == -1 ? anchor_ - extreme_ : 0.0); }

 private:
  double threshold_;
  bool started_ = false;
  int direction_ = 0;  // 1 climbing, -1 descending, 0 not yet known
  double low_ = 0, high_ = 0, anchor_ = 0, extreme_ = 0;
  double ascent_ = 0, descent_ = 0;
};

// Smooths by a centred moving average, then counts with a threshold scaled to
// the noise the smoothing removed: a clean barometric track keeps its small real hills, a GPS
// track's jitter does not become climbing.
void ascent_descent(const std::vector<AltitudePoint>& alt, Summary& summary) {
  const double half = kAltitudeWindowS / 2;
  std::size_t lo = 0, hi = 0;  // the window is alt[lo, hi), raw values
  double sum = 0, abs_residual = 0;
  std::vector<double> smoothed(alt.size());
  for (std::size_t j = 0; j < alt.size(); ++j) {
    while (hi < alt.size() && alt[hi].key <= alt[j].key + half) sum += alt[hi++].altitude;
    while (alt[lo].key < alt[j].key - half) sum -= alt[lo++].altitude;
    smoothed[j] = sum / static_cast<double>(hi - lo);
    abs_residual += std::fabs(alt[j].altitude - smoothed[j]);
  }
  // Mean absolute deviation x 1.25 estimates the standard deviation of Gaussian noise.
  const double noise_sd = 1.25 * abs_residual / static_cast<double>(alt.size());
  HysteresisCounter counter(
      std::clamp(kHysteresisPerNoiseSd * noise_sd, kMinHysteresisM, kMaxHysteresisM));
  for (const double a : smoothed) counter.add(a);
  summary.ascent_m = counter.ascent();
  summary.descent_m = counter.descent();
}

}  // namespace

void derive_summary(Activity& activity) {
  std::vector<Sample>& samples = activity.samples;
  const std::size_t n = samples.size();
  const SportLimits limits = limits_for(activity.sport);
  Summary summary;
  summary.samples = static_cast<std::uint32_t>(std::min<std::size_t>(n, UINT32_MAX));

  // Pass 1: counts, bbox, distance, interval speeds, altitudes, long-gap moving time.
  std::vector<float> interval_speed(n, kNaNf);
  std::vector<AltitudePoint> altitudes;
  TrackDistance track;
  CosineCache cosines;
  bool segment_break = false;
  double prev_dist = kNaN, prev_dist_time = kNaN, last_recorded = kNaN;
  double first_time = kNaN, last_time = kNaN;
  double recorded_at_last_time = kNaN, track_at_last_time = 0;
  double moving_long = 0;  // moving time in intervals longer than kPauseLimitS
  double alt_key = 0;

  for (std::size_t i = 0; i < n; ++i) {
    const Sample& s = samples[i];
    const double t = std::isfinite(s.time) ? s.time : kNaN;  // infinities count as missing
    if (s.segment_start) segment_break = true;

    float hav_speed = kNaNf;
    if (s.has_position() && valid_position(s.lat, s.lon)) {
      ++summary.points;
      hav_speed = track.add(make_point(s.lat, s.lon, cosines), t, segment_break);
      segment_break = false;
    }

    double rec_speed = kNaN;  // double: garbage distances could overflow a float
    if (has(s.distance) && std::isfinite(s.distance) && s.distance >= 0) {
      const double dd = s.distance - prev_dist;
      const double dt = t - prev_dist_time;
      if (dd >= 0 && dt > 0 && dt <= kPauseLimitS) rec_speed = dd / dt;
      prev_dist = s.distance;
      prev_dist_time = t;
      last_recorded = s.distance;
    }
    const double speed = has(rec_speed) ? rec_speed : static_cast<double>(hav_speed);
    if (speed <= limits.max_speed) {  // NaN or an outlier stays NaN
      interval_speed[i] = static_cast<float>(speed);
    }

    if (has(s.heart_rate) && s.heart_rate > 0 && s.heart_rate < kMaxHeartRate) {
      summary.has_heart_rate = true;
    }
    if (s.altitude >= kMinAltitude && s.altitude <= kMaxAltitude) {
      // Keys must not decrease for the sliding window; a sample without time counts as 1 s.
      if (altitudes.empty()) {
        altitudes.reserve(n - i);
        alt_key = has(t) ? t : 0.0;
      } else {
        alt_key = has(t) ? std::max(t, alt_key) : alt_key + 1;
      }
      altitudes.push_back({alt_key, static_cast<double>(s.altitude)});
    }

    if (has(t)) {
      if (!has(first_time)) first_time = t;
      const double dt = t - last_time;
      if (dt > kPauseLimitS) {
        double covered = s.distance - recorded_at_last_time;
        if (!has(covered)) covered = track.metres() - track_at_last_time;
        if (covered / dt > limits.moving_speed) moving_long += dt;
      }
      last_time = t;
      recorded_at_last_time = s.distance;
      track_at_last_time = track.metres();
    }
  }
  summary.has_altitude = !altitudes.empty();
  track.bbox(summary);

  // Pass 2: fill missing speeds, then short-interval moving time (it needs those speeds).
  double moving_short = 0;
  double prev_time = kNaN;
  for (std::size_t i = 0; i < n; ++i) {
    Sample& s = samples[i];
    if (!has(s.speed)) {
      s.speed = median_of_window(interval_speed, i >= 2 ? i - 2 : 0, std::min(n, i + 3));
    }
    if (std::isfinite(s.time)) {
      const double dt = s.time - prev_time;
      if (dt > 0 && dt <= kPauseLimitS && (!has(s.speed) || s.speed > limits.moving_speed)) {
        moving_short += dt;
      }
      prev_time = s.time;
    }
  }

  const bool timed = has(first_time) && last_time > first_time;
  if (timed) {
    summary.elapsed_s = last_time - first_time;
    // Times that jump back and forth (a corrupt file) could add up to more than the span.
    summary.moving_s = std::min(moving_short + moving_long, summary.elapsed_s);
  } else {
    summary.elapsed_s = has(activity.totals.elapsed_s) ? activity.totals.elapsed_s : 0.0;
    summary.moving_s = has(activity.totals.moving_s) ? activity.totals.moving_s : 0.0;
  }

  bool indoor = false;
  if (n > 0 && summary.points == 0) {
    indoor = true;
  } else if (summary.points > 0) {
    const double diagonal =
        haversine_m(summary.min_lat, summary.min_lon, summary.max_lat, summary.max_lon);
    const bool long_enough =
        timed ? summary.elapsed_s >= kIndoorMinDurationS : summary.points >= kIndoorMinPointsNoTime;
    indoor = diagonal < kIndoorSpreadM && long_enough;
  }

  if (indoor && has(last_recorded)) {
    summary.distance_m = last_recorded;
  } else if (summary.points >= 2 && !indoor) {
    summary.distance_m = track.metres();
  } else if (has(last_recorded)) {
    summary.distance_m = last_recorded;
  } else if (has(activity.totals.distance_m)) {
    summary.distance_m = activity.totals.distance_m;
  } else {
    summary.distance_m = track.metres();
  }

  if (!altitudes.empty()) ascent_descent(altitudes, summary);

  if (track.jumps() > 0) {
    activity.warnings.push_back("skipped " + std::to_string(track.jumps()) +
                                " impossible jump(s) in the track (not counted in distance)");
  }
  if (indoor) activity.flags |= kFlagIndoor;
  if (is_virtual(activity.sport)) activity.flags |= kFlagVirtual;
  if (!has(activity.start_time) && has(first_time)) activity.start_time = first_time;
  activity.summary = summary;
}

}  // namespace th
