// prepare_track() throughput in samples per second. A full build prepares every activity once
// (about 18 M samples for 5 000 activities), so the target is >= 20 M samples/s on one core.

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "demo/demo.hpp"
#include "render/synthetic_paths.hpp"
#include "render/track_prep.hpp"

namespace {

// One hour at 1 Hz on rolling terrain with GPS altitude noise, heart rate and recorded speed:
// what a watch writes. speed_mps 3 is a run (~3 samples per 10 m grid cell), 8 a ride (~1).
std::vector<th::Sample> recorded_track(double speed_mps, bool with_speed) {
  th::test::PathSpec spec;
  spec.speed_mps = speed_mps;
  spec.duration_s = 3600;
  spec.altitude_at = [](double s) { return 520.0 + 25.0 * std::sin(s / 700.0); };
  spec.heart_rate = 142.0f;
  if (with_speed) spec.speed = static_cast<float>(speed_mps);
  std::vector<th::Sample> samples = th::test::make_path(spec);
  th::test::add_altitude_noise(samples, {}, spec.interval_s);
  return samples;
}

void run_bench(benchmark::State& state, double speed_mps, bool with_speed) {
  const std::vector<th::Sample> samples = recorded_track(speed_mps, with_speed);
  for (auto _ : state) {
    th::PreparedTrack track = th::prepare_track(samples);
    benchmark::DoNotOptimize(track.vertices.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(samples.size()));
  state.SetLabel("samples");
}

void BM_PrepareRun(benchmark::State& state) {
  run_bench(state, 3.0, true);
}
void BM_PrepareRunNoSpeed(benchmark::State& state) {
  run_bench(state, 3.0, false);
}
void BM_PrepareRide(benchmark::State& state) {
  run_bench(state, 8.0, true);
}

// The demo generator's mix (Munich runs and rides, hikes, treadmill runs without positions),
// 40 activities: what a real build prepares.
void BM_PrepareDemoMix(benchmark::State& state) {
  th::DemoOptions options;
  options.activities = 40;
  options.now_utc = 1'700'000'000.0;
  const std::vector<th::DemoActivity> demo = th::generate_demo(options);
  std::int64_t samples = 0;
  for (const th::DemoActivity& d : demo)
    samples += static_cast<std::int64_t>(d.activity.samples.size());
  for (auto _ : state) {
    for (const th::DemoActivity& d : demo) {
      th::PreparedTrack track = th::prepare_track(d.activity.samples);
      benchmark::DoNotOptimize(track.vertices.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * samples);
  state.SetLabel("samples");
}

}  // namespace

BENCHMARK(BM_PrepareDemoMix);
BENCHMARK(BM_PrepareRun);
BENCHMARK(BM_PrepareRunNoSpeed);
BENCHMARK(BM_PrepareRide);

BENCHMARK_MAIN();
