// Track blob codec: bytes per sample and encode/decode speed on synthetic 1 Hz device tracks
// (tests/store/synthetic_track.hpp: FIT-quantised run and ride, every field present).
// Run: ./build/bench/track_codec_bench   (Google Benchmark prints the machine in its header)

#include <benchmark/benchmark.h>

#include "store/synthetic_track.hpp"
#include "store/track_codec.hpp"

namespace {

std::vector<th::Sample> track_for(int kind, std::size_t n) {
  th::test::TrackShape shape;
  if (kind == 1) {  // ride: faster, with pauses
    shape.speed_mps = 8.0;
    shape.pauses = true;
    shape.seed = 7;
  }
  return th::test::synthetic_track(n, shape);
}

void set_counters(benchmark::State& state, std::size_t samples, std::size_t bytes) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * samples));
  state.counters["bytes/sample"] = static_cast<double>(bytes) / static_cast<double>(samples);
}

void BM_Encode(benchmark::State& state) {
  const auto track = track_for(static_cast<int>(state.range(0)), 3600);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const th::Bytes blob = th::encode_track(track);
    bytes = blob.size();
    benchmark::DoNotOptimize(blob.data());
  }
  set_counters(state, track.size(), bytes);
}

void BM_Decode(benchmark::State& state) {
  const auto track = track_for(static_cast<int>(state.range(0)), 3600);
  const th::Bytes blob = th::encode_track(track);
  for (auto _ : state) {
    const auto samples = th::decode_track(blob);
    benchmark::DoNotOptimize(samples.data());
  }
  set_counters(state, track.size(), blob.size());
}

// A long track: decode speed once the output no longer fits in cache.
void BM_DecodeLong(benchmark::State& state) {
  const auto track = track_for(0, 200'000);
  const th::Bytes blob = th::encode_track(track);
  for (auto _ : state) {
    const auto samples = th::decode_track(blob);
    benchmark::DoNotOptimize(samples.data());
  }
  set_counters(state, track.size(), blob.size());
}

}  // namespace

// Argument: 0 = run (3 m/s), 1 = ride (8 m/s, pauses); 3600 samples = one hour at 1 Hz.
BENCHMARK(BM_Encode)->Arg(0)->Arg(1);
BENCHMARK(BM_Decode)->Arg(0)->Arg(1);
BENCHMARK(BM_DecodeLong);
BENCHMARK_MAIN();
