// FIT decoding speed on a plain 1 Hz activity file written by write_fit() (timestamp,
// position, altitude, heart rate, distance, speed per record: the layout of most devices), and
// on the largest file of the real corpus when it is there. Target: >= 5 M records/s per core.
//
//   ninja -C build fit_decode_bench && ./build/bench/fit_decode_bench

#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "core/bytes.hpp"
#include "demo/writers.hpp"
#include "parse/fit_decoder.hpp"

namespace {

// A day-long 1 Hz ride: 86400 records, about 2.5 MB of FIT.
th::Bytes plain_activity_file(int records) {
  th::Activity a;
  a.sport = th::Sport::Ride;
  a.start_time = 1700000000.0;
  double distance = 0;
  for (int i = 0; i < records; ++i) {
    th::Sample s;
    s.time = a.start_time + i;
    s.lat = 48.137 + 0.02 * std::sin(i * 1e-3);
    s.lon = 11.575 + 0.03 * std::cos(i * 1e-3);
    s.altitude = static_cast<float>(520 + 40 * std::sin(i * 3e-3));
    s.heart_rate = static_cast<float>(110 + i % 60);
    s.speed = static_cast<float>(7 + std::sin(i * 1e-2));
    distance += s.speed;
    s.distance = distance;
    a.samples.push_back(s);
  }
  return th::write_fit(a);
}

void BM_DecodePlainActivity(benchmark::State& state) {
  const int records = static_cast<int>(state.range(0));
  const th::Bytes file = plain_activity_file(records);
  std::size_t samples = 0;
  for (auto _ : state) {
    th::Activity a = th::decode_fit(file);
    samples = a.samples.size();
    benchmark::DoNotOptimize(a.samples.data());
  }
  if (samples != static_cast<std::size_t>(records)) state.SkipWithError("wrong sample count");
  state.SetItemsProcessed(state.iterations() * records);  // items = records
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(file.size()));
  state.counters["file_MB"] = static_cast<double>(file.size()) / 1e6;
}
BENCHMARK(BM_DecodePlainActivity)->Arg(3600)->Arg(86400)->Unit(benchmark::kMillisecond);

void BM_DecodeRealWahooRide(benchmark::State& state) {
  // 715 kB, big-endian definitions, 125 developer fields, 13471 records.
  const std::filesystem::path path =
      std::string(TRACKHEAT_REAL_TESTDATA) + "/fitparse_2019-02-17-062644-ELEMNT-297E-195-0.fit";
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("real test data absent");
    return;
  }
  const th::Bytes file = th::read_file(path);
  std::size_t samples = 0;
  for (auto _ : state) {
    th::Activity a = th::decode_fit(file);
    samples = a.samples.size();
    benchmark::DoNotOptimize(a.samples.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(samples));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(file.size()));
}
BENCHMARK(BM_DecodeRealWahooRide)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
