// derive_summary() throughput in samples per second: it runs once per activity on every import
// (about 18 M samples for 5 000 activities), so it must stay a couple of linear passes.

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <numbers>

#include "core/geo.hpp"
#include "parse/derive.hpp"

namespace {

// A one-hour 1 Hz run around Munich: a gentle curve, correlated GPS jitter, rolling altitude,
// heart rate and recorded distance, as a watch writes it.
th::Activity synthetic_run(int seconds, bool with_speed) {
  th::Activity a;
  a.sport = th::Sport::Run;
  std::uint64_t state = 42;
  auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53 - 0.5;
  };
  const double m_per_deg = th::kEarthRadiusM * std::numbers::pi / 180.0;
  double jn = 0, je = 0, heading = 0, north = 0, east = 0;
  for (int i = 0; i < seconds; ++i) {
    heading += 0.002;
    north += 3.0 * std::cos(heading);
    east += 3.0 * std::sin(heading);
    jn = 0.97 * jn + uniform();
    je = 0.97 * je + uniform();
    th::Sample s;
    s.time = 1.6e9 + i;
    s.lat = 48.137 + (north + jn) / m_per_deg;
    s.lon = 11.575 + (east + je) / (m_per_deg * 0.667);
    s.distance = 3.0 * i;
    s.altitude = static_cast<float>(520.0 + 8.0 * std::sin(i / 300.0) + uniform());
    s.heart_rate = static_cast<float>(140 + 10 * uniform());
    if (with_speed) s.speed = 3.0f;
    a.samples.push_back(s);
  }
  return a;
}

void run_bench(benchmark::State& state, bool with_speed) {
  const th::Activity original = synthetic_run(static_cast<int>(state.range(0)), with_speed);
  th::Activity work = original;
  for (auto _ : state) {
    // Restore the speeds derive_summary filled in, so every round does the full work; this
    // copy of one float per sample is part of the measured time (a few percent at most).
    for (std::size_t i = 0; i < work.samples.size(); ++i) {
      work.samples[i].speed = original.samples[i].speed;
    }
    work.warnings.clear();
    th::derive_summary(work);
    benchmark::DoNotOptimize(work.summary);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetLabel("samples");
}

void BM_DeriveNoRecordedSpeed(benchmark::State& state) {
  run_bench(state, false);
}
void BM_DeriveRecordedSpeed(benchmark::State& state) {
  run_bench(state, true);
}

BENCHMARK(BM_DeriveNoRecordedSpeed)->Arg(3600)->Arg(36000);
BENCHMARK(BM_DeriveRecordedSpeed)->Arg(3600);

}  // namespace

BENCHMARK_MAIN();
