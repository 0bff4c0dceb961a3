// read_gpx / read_tcx throughput on a large file written by the project's own writers
// (100 000 points: time, position, elevation, heart rate, speed; TCX also distance), and the
// pieces that dominate it: the pugixml parse alone, ISO 8601 times, numbers.
//
//   cmake -S . -B build -G Ninja -DTRACKHEAT_BENCH=ON && ninja -C build xml_read_bench
//   ./build/bench/xml_read_bench
//
// items_per_second is points per second.
//
// Most of the time of a cold read is first-touch page faults of the DOM and the copy (about
// 0.8 KB of fresh memory per GPX point, 1.2 KB per TCX point), not parsing. glibc returns freed
// memory to the kernel unless told otherwise, so back-to-back reads of big files fault again
// every time; where page faults are expensive (some VMs) that dominates. To see the steady
// state of a long import run, where the heap is reused, run with
//   GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=4294967295

#include <benchmark/benchmark.h>

#include <cmath>
#include <fstream>
#include <string>

#include "core/time_util.hpp"
#include "demo/writers.hpp"
#include "parse/gpx_reader.hpp"
#include "parse/tcx_reader.hpp"
#include "parse/xml_input.hpp"

namespace th {
namespace {

constexpr std::size_t kPoints = 100'000;

// A 28-hour ride sampled every second (an ultra-distance day), in four segments.
Activity big_activity() {
  Activity a;
  a.sport = Sport::Ride;
  a.name = "Benchmark ride";
  a.start_time = 1600000000.0;
  double dist = 0;
  for (std::size_t i = 0; i < kPoints; ++i) {
    const double k = static_cast<double>(i);
    Sample s;
    s.time = a.start_time + k;
    s.lat = 46.5 + 0.2 * std::sin(k / 5000.0) + 1e-7 * static_cast<double>(i % 97);
    s.lon = 7.5 + 0.3 * std::cos(k / 7000.0) - 1e-7 * static_cast<double>(i % 89);
    s.altitude = static_cast<float>(600.0 + 400.0 * std::sin(k / 3000.0));
    s.heart_rate = static_cast<float>(110 + i % 60);
    s.speed = static_cast<float>(6.0 + 3.0 * std::sin(k / 100.0));
    dist += s.speed;
    s.distance = dist;
    s.segment_start = i > 0 && i % (kPoints / 4) == 0;
    a.samples.push_back(s);
  }
  return a;
}

const std::string& gpx_text() {
  static const std::string text = write_gpx(big_activity());
  return text;
}

const std::string& tcx_text() {
  static const std::string text = write_tcx(big_activity());
  return text;
}

ByteView view(const std::string& s) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

void set_counters(benchmark::State& state, const std::string& text) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kPoints));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_ReadGpx(benchmark::State& state) {
  const std::string& text = gpx_text();
  for (auto _ : state) {
    Activity a = read_gpx(view(text));
    benchmark::DoNotOptimize(a.samples.data());
    if (a.samples.size() != kPoints) state.SkipWithError("wrong point count");
  }
  set_counters(state, text);
}
BENCHMARK(BM_ReadGpx)->Unit(benchmark::kMillisecond);

void BM_ReadTcx(benchmark::State& state) {
  const std::string& text = tcx_text();
  for (auto _ : state) {
    Activity a = read_tcx(view(text));
    benchmark::DoNotOptimize(a.samples.data());
    if (a.samples.size() != kPoints) state.SkipWithError("wrong point count");
  }
  set_counters(state, text);
}
BENCHMARK(BM_ReadTcx)->Unit(benchmark::kMillisecond);

// The in-place overloads: the caller's buffer is parsed without a copy. Filling that buffer
// (reading the file, gunzip) is outside the timing, as it is outside the reader.
void read_in_place(benchmark::State& state, const std::string& text, bool tcx) {
  for (auto _ : state) {
    state.PauseTiming();
    Bytes bytes(text.begin(), text.end());
    state.ResumeTiming();
    Activity a = tcx ? read_tcx(std::move(bytes)) : read_gpx(std::move(bytes));
    benchmark::DoNotOptimize(a.samples.data());
    if (a.samples.size() != kPoints) state.SkipWithError("wrong point count");
  }
  set_counters(state, text);
}

void BM_ReadGpxInPlace(benchmark::State& state) {
  read_in_place(state, gpx_text(), false);
}
BENCHMARK(BM_ReadGpxInPlace)->Unit(benchmark::kMillisecond);

void BM_ReadTcxInPlace(benchmark::State& state) {
  read_in_place(state, tcx_text(), true);
}
BENCHMARK(BM_ReadTcxInPlace)->Unit(benchmark::kMillisecond);

// The pugixml parse alone (what the readers cannot go below).
void BM_PugixmlOnlyGpx(benchmark::State& state) {
  const std::string& text = gpx_text();
  for (auto _ : state) {
    const xml::Document doc(view(text), "GPX");
    benchmark::DoNotOptimize(doc.root());
  }
  set_counters(state, text);
}
BENCHMARK(BM_PugixmlOnlyGpx)->Unit(benchmark::kMillisecond);

void BM_PugixmlOnlyTcx(benchmark::State& state) {
  const std::string& text = tcx_text();
  for (auto _ : state) {
    const xml::Document doc(view(text), "TCX");
    benchmark::DoNotOptimize(doc.root());
  }
  set_counters(state, text);
}
BENCHMARK(BM_PugixmlOnlyTcx)->Unit(benchmark::kMillisecond);

void BM_ParseIso8601(benchmark::State& state) {
  const std::string times[] = {"2020-10-07T14:43:11Z", "2020-10-07T14:43:12.250Z",
                               "2020-10-07T16:43:13+02:00", "2020-10-07T14:43:14.000Z"};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_iso8601(times[i++ & 3]));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseIso8601);

void BM_ParseNumber(benchmark::State& state) {
  const std::string numbers[] = {"46.5123456", "-121.9331360", "612.25", "142"};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(xml::parse_number(numbers[i++ & 3].c_str()));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseNumber);

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

}  // namespace
}  // namespace th

int main(int argc, char** argv) {
  benchmark::AddCustomContext("cpu_model", th::cpu_model());
  benchmark::AddCustomContext("gpx_bytes", std::to_string(th::gpx_text().size()));
  benchmark::AddCustomContext("tcx_bytes", std::to_string(th::tcx_text().size()));
  benchmark::AddCustomContext("points", std::to_string(th::kPoints));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
