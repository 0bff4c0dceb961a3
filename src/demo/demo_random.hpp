#pragma once
// Private to src/demo: the demo's own random numbers. std::random_device would make output
// irreproducible and std's distributions differ between standard libraries, so the generator
// (xoshiro256**, seeded through splitmix64) and the few distributions needed are written here.
// Same seed, same sequence, on every platform with IEEE doubles.

#include <cmath>
#include <cstdint>

namespace th::demo {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  // Streams for different `stream` values of one seed are independent for all practical use:
  // every activity gets its own, so it can be generated on its own.
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 0) {
    std::uint64_t sm = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    for (auto& word : s_) word = splitmix64(sm);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }
  // 0 .. n-1; n must be > 0. The tiny modulo bias is irrelevant here.
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }

  // Approximately standard normal (mean 0, sd 1, bounded by +-3.46): the sum of four uniforms
  // from one draw. Cheap enough for several values per sample at 18 M samples; the tails do not
  // matter for jitter and noise.
  double gauss() {
    const std::uint64_t r = next();
    const double sum = static_cast<double>((r & 0xFFFF) + ((r >> 16) & 0xFFFF) +
                                           ((r >> 32) & 0xFFFF) + (r >> 48)) *
                       (1.0 / 65536.0);
    return (sum - 2.0) * 1.7320508075688772;  // var of the sum is 4/12: scale by sqrt(3)
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// Ornstein-Uhlenbeck process sampled every `dt`: noise that is correlated over `tau` seconds
// with a stationary standard deviation `sd` (GPS error wanders; it is not white).
class Wander {
 public:
  Wander(double sd, double tau_s, double dt_s = 1.0)
      : keep_(std::exp(-dt_s / tau_s)), kick_(sd * std::sqrt(1.0 - keep_ * keep_)), sd_(sd) {}

  // Starts from the stationary distribution, so the first samples are as noisy as the rest.
  void start(Rng& rng) { value_ = sd_ * rng.gauss(); }
  double step(Rng& rng) {
    value_ = keep_ * value_ + kick_ * rng.gauss();
    return value_;
  }
  double value() const { return value_; }

 private:
  double keep_, kick_, sd_;
  double value_ = 0;
};

// A Wander seen through a first-order low-pass of `smooth_s` seconds: the error still wanders by
// `sd` (a bit less), but changes little from one second to the next, as a GNSS fix does (its
// velocity comes from Doppler and is smooth). Plain OU noise at 1 Hz would add a random
// velocity that inflates the distance of slow walkers by tens of percent.
class SmoothWander {
 public:
  SmoothWander(double sd, double tau_s, double smooth_s)
      : raw_(sd, tau_s), keep_(std::exp(-1.0 / smooth_s)) {}

  void start(Rng& rng) {
    raw_.start(rng);
    value_ = raw_.value();
  }
  double step(Rng& rng) {
    value_ = keep_ * value_ + (1.0 - keep_) * raw_.step(rng);
    return value_;
  }

 private:
  Wander raw_;
  double keep_;
  double value_ = 0;
};

}  // namespace th::demo
