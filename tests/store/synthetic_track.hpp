#pragma once
// Synthetic 1 Hz tracks for the codec tests and benchmark: a runner or rider moving with a
// wandering heading and speed, GPS jitter, pauses, and values quantised the way devices store
// them. Deterministic for a given seed.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "core/activity.hpp"

namespace th::test {

struct TrackShape {
  std::uint32_t seed = 1;
  double start_lat = 47.3769;  // Zürich
  double start_lon = 8.5417;
  double speed_mps = 3.0;  // mean speed
  // How coordinates are quantised: FIT semicircles (a watch) or 1e-7° (exact at codec
  // precision, like a GPX file with 7 decimals).
  bool fit_semicircles = true;
  bool pauses = false;  // occasional gaps of 20..300 s in time
};

inline double quantise(double v, double unit) {
  return std::nearbyint(v / unit) * unit;
}

// Degrees on the 1e-7° grid, computed the way a parser reading "47.1234567" gets it.
inline double on_grid_1e7(double deg) {
  return std::nearbyint(deg * 1e7) / 1e7;
}

inline std::vector<Sample> synthetic_track(std::size_t n, const TrackShape& shape = {}) {
  std::mt19937 rng(shape.seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);

  std::vector<Sample> out(n);
  double t = 1'600'000'000.0;
  double lat = shape.start_lat, lon = shape.start_lon;
  double heading = 0.7, speed = shape.speed_mps, altitude = 420.0, hr = 135.0, distance = 0.0;
  constexpr double kMetresPerDegree = 111'195.0;
  constexpr double kSemicircle = 180.0 / 2147483648.0;
  for (std::size_t i = 0; i < n; ++i) {
    Sample& s = out[i];
    if (shape.pauses && i > 0 && uniform(rng) < 0.002) t += 20 + std::floor(uniform(rng) * 280);
    s.time = t;
    t += 1.0;

    heading += 0.05 * noise(rng);
    speed = std::fmax(0.3, speed + 0.05 * noise(rng) + 0.02 * (shape.speed_mps - speed));
    const double dn = speed * std::cos(heading), de = speed * std::sin(heading);
    lat += dn / kMetresPerDegree;
    lon += de / (kMetresPerDegree * std::cos(lat * std::numbers::pi / 180.0));
    if (lon > 180.0) lon -= 360.0;
    if (lon < -180.0) lon += 360.0;
    // GPS jitter of ~30 cm around the true path.
    double jlat = lat + 0.3 * noise(rng) / kMetresPerDegree;
    double jlon = lon + 0.3 * noise(rng) / kMetresPerDegree;
    jlat = std::fmax(-90.0, std::fmin(90.0, jlat));
    jlon = std::fmax(-180.0, std::fmin(180.0, jlon));
    if (shape.fit_semicircles) {
      s.lat = quantise(jlat, kSemicircle);
      s.lon = quantise(jlon, kSemicircle);
    } else {
      s.lat = on_grid_1e7(jlat);
      s.lon = on_grid_1e7(jlon);
    }
    distance += speed;
    s.distance = std::nearbyint(distance * 100) / 100;  // FIT: 1 cm
    altitude += 0.1 * noise(rng);
    s.altitude = static_cast<float>(std::nearbyint((altitude + 500) * 5) / 5 - 500);  // FIT: 0.2 m
    hr = std::fmax(60, std::fmin(200, hr + 0.4 * noise(rng)));
    s.heart_rate = static_cast<float>(std::nearbyint(hr));              // whole bpm
    s.speed = static_cast<float>(std::nearbyint(speed * 1000) / 1000);  // FIT: 1 mm/s
  }
  return out;
}

}  // namespace th::test
