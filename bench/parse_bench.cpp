// Parse throughput per format, points per second on one core (issue targets: FIT >= 5 M/s,
// GPX and TCX >= 1.5 M/s). Inputs are demo activities written by the project's own writers,
// uncompressed, so the figure is the reader's, not zlib's. Reported: the reader alone and the
// full parse_activity() (reader + derive_summary()).
#include <benchmark/benchmark.h>

#include <string>

#include "core/allocator.hpp"
#include "demo/demo.hpp"
#include "demo/writers.hpp"
#include "parse/fit_decoder.hpp"
#include "parse/gpx_reader.hpp"
#include "parse/parse.hpp"
#include "parse/tcx_reader.hpp"

namespace th {
namespace {

// A few hundred thousand samples of demo data, concatenated into one long activity per format.
struct Corpus {
  Bytes fit, gpx, tcx;
  std::size_t points = 0;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    DemoOptions o;
    o.activities = 80;
    o.seed = 42;
    o.now_utc = 1790000000;
    Activity all;
    all.sport = Sport::Run;
    all.name = "bench";
    for (const auto& d : generate_demo(o)) {
      if (d.activity.summary.points == 0) continue;
      bool first = true;
      for (Sample s : d.activity.samples) {
        s.segment_start = first && !all.samples.empty();
        first = false;
        if (!all.samples.empty() && s.time <= all.samples.back().time) continue;
        all.samples.push_back(s);
      }
    }
    all.start_time = all.samples.front().time;
    Corpus out;
    out.points = all.samples.size();
    out.fit = write_fit(all);
    const std::string g = write_gpx(all), t = write_tcx(all);
    out.gpx.assign(g.begin(), g.end());
    out.tcx.assign(t.begin(), t.end());
    return out;
  }();
  return c;
}

template <typename Fn>
void run(benchmark::State& state, const Bytes& bytes, Fn&& fn) {
  const Corpus& c = corpus();
  for (auto _ : state) {
    Activity a = fn(bytes);
    benchmark::DoNotOptimize(a.samples.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.points));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.counters["points"] = static_cast<double>(c.points);
}

void BM_DecodeFit(benchmark::State& s) {
  run(s, corpus().fit, [](ByteView b) { return decode_fit(b); });
}
void BM_ReadGpx(benchmark::State& s) {
  run(s, corpus().gpx, [](ByteView b) { return read_gpx(b); });
}
void BM_ReadTcx(benchmark::State& s) {
  run(s, corpus().tcx, [](ByteView b) { return read_tcx(b); });
}
void BM_ParseFit(benchmark::State& s) {
  run(s, corpus().fit, [](ByteView b) { return parse_activity(b); });
}
void BM_ParseGpx(benchmark::State& s) {
  run(s, corpus().gpx, [](ByteView b) { return parse_activity(b); });
}
void BM_ParseTcx(benchmark::State& s) {
  run(s, corpus().tcx, [](ByteView b) { return parse_activity(b); });
}

BENCHMARK(BM_DecodeFit)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadGpx)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadTcx)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseFit)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseGpx)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseTcx)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace th

// The product tunes the allocator at start-up (core/allocator.hpp); measure what it runs.
int main(int argc, char** argv) {
  th::tune_allocator_for_batch_work();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
