// Demo generation speed: `trackheat demo --activities 5000` (~20 M samples) must take a few
// seconds on one core. Activities are streamed (for_each_demo_activity) as the export writer
// can, so memory does not distort the figure; derive_summary() is included, file writing is not.

#include <benchmark/benchmark.h>

#include <cstdint>

#include "demo/demo.hpp"

namespace {

void BM_GenerateDemo(benchmark::State& state) {
  th::DemoOptions options;
  options.activities = static_cast<int>(state.range(0));
  options.seed = 1;
  options.years = 3;
  options.now_utc = 1'730'000'000;
  std::uint64_t samples = 0;
  for (auto _ : state) {
    th::for_each_demo_activity(options, [&samples](th::DemoActivity&& d) {
      samples += d.activity.samples.size();
      benchmark::DoNotOptimize(d.activity.summary);
    });
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(samples));
  state.counters["samples"] =
      benchmark::Counter(static_cast<double>(samples) / static_cast<double>(state.iterations()));
  state.counters["activities/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(state.range(0)),
      benchmark::Counter::kIsRate);
}

BENCHMARK(BM_GenerateDemo)->Arg(150)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GenerateDemo)->Arg(5000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
