#pragma once
// Synthetic tracks with known geometry for the render tests and benchmark: a path walked at a
// steady speed with a steady turn, altitude a known function of the true (haversine) distance
// along it, and an optional GPS-like altitude noise. Deterministic: no library RNG whose
// sequence may differ between standard libraries.

#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <vector>

#include "core/activity.hpp"
#include "core/geo.hpp"

namespace th::test {

struct PathSpec {
  double lat0 = 48.137;  // Munich, Marienplatz
  double lon0 = 11.575;
  double heading_rad = 0.3;        // initial direction, clockwise from north
  double turn_rad_per_m = 0.0004;  // a gentle curve (a 2.5 km radius)
  double speed_mps = 3.0;
  double interval_s = 1.0;
  double duration_s = 3600.0;
  double start_time = 1'700'000'000.0;
  bool timed = true;
  // Altitude in metres as a function of the distance from the start; null: no altitude.
  std::function<double(double)> altitude_at;
  float heart_rate = kNaNf;
  float speed = kNaNf;  // recorded speed written into every sample
};

// The path sampled every interval_s. true_distance[i] receives the haversine distance along
// the samples from the first one (when not null).
inline std::vector<Sample> make_path(const PathSpec& spec,
                                     std::vector<double>* true_distance = nullptr) {
  std::vector<Sample> out;
  const auto n = static_cast<std::size_t>(spec.duration_s / spec.interval_s) + 1;
  out.reserve(n);
  if (true_distance != nullptr) true_distance->clear();
  double lat = spec.lat0, lon = spec.lon0, heading = spec.heading_rad, along = 0;
  const double step = spec.speed_mps * spec.interval_s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) {
      heading += spec.turn_rad_per_m * step;
      const double next_lat =
          lat + step * std::cos(heading) / kEarthRadiusM * 180.0 / std::numbers::pi;
      const double next_lon = lon + step * std::sin(heading) /
                                        (kEarthRadiusM * std::cos(deg_to_rad(lat))) * 180.0 /
                                        std::numbers::pi;
      along += haversine_m(lat, lon, next_lat, next_lon);
      lat = next_lat;
      lon = next_lon;
    }
    Sample s;
    s.lat = lat;
    s.lon = lon;
    if (spec.timed) s.time = spec.start_time + static_cast<double>(i) * spec.interval_s;
    if (spec.altitude_at) s.altitude = static_cast<float>(spec.altitude_at(along));
    s.heart_rate = spec.heart_rate;
    s.speed = spec.speed;
    out.push_back(s);
    if (true_distance != nullptr) true_distance->push_back(along);
  }
  return out;
}

// splitmix64: a tiny portable generator.
class TestRng {
 public:
  explicit TestRng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double normal() {                                                           // Box-Muller
    const double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  std::uint64_t state_;
};

// GPS altitude error as receivers show it: a slow wander (white noise through two first-order
// low-pass stages of time constant tau_s each, so it is smooth like a receiver's filtered
// output and correlated over ~2 tau), scaled to standard deviation wander_sd_m, plus uniform
// white noise of +-white_m per sample. Added to every sample's altitude; samples are taken to
// be interval_s apart.
struct AltitudeNoise {
  double wander_sd_m = 2.0;  // 95 % of the time within +-4 m
  double tau_s = 10.0;       // two stages: correlated over about 20 s
  double white_m = 1.0;
  std::uint64_t seed = 7;
};

inline void add_altitude_noise(std::vector<Sample>& samples, const AltitudeNoise& noise,
                               double interval_s) {
  TestRng rng(noise.seed);
  const double k = 1.0 - std::exp(-interval_s / noise.tau_s);  // per-sample low-pass gain
  // Warm the filter up so the first samples are as noisy as the rest.
  double s1 = 0, s2 = 0;
  for (int i = 0; i < 2000; ++i) {
    s1 += k * (rng.normal() - s1);
    s2 += k * (s1 - s2);
  }
  std::vector<double> wander(samples.size());
  double sum2 = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    s1 += k * (rng.normal() - s1);
    s2 += k * (s1 - s2);
    wander[i] = s2;
    sum2 += s2 * s2;
  }
  // Scale by the measured sd of this realisation: the stated sd holds exactly.
  const double sd = samples.empty() ? 1.0 : std::sqrt(sum2 / static_cast<double>(samples.size()));
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double white = (2.0 * rng.uniform() - 1.0) * noise.white_m;
    samples[i].altitude =
        static_cast<float>(samples[i].altitude + wander[i] / sd * noise.wander_sd_m + white);
  }
}

}  // namespace th::test
