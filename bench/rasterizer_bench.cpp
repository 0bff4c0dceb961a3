// Line rasteriser throughput: segments per second and emitted pixels per second with a trivial
// emit (sum into a float 256 × 256 grid), at typical segment lengths: 0.3 px (a 1 s sample at
// mid zooms), 3 px (z17 running), 30 px (z17 cycling / sparse recordings).
// Build with -DTRACKHEAT_BENCH=ON, run: ./build/bench/rasterizer_bench  (Google Benchmark prints
// the machine in its header; compare CPU time, wall time suffers on a shared machine)
// Arguments: segment length in tenths of a pixel.

#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "render/rasterizer.hpp"
#include "render/tile_grid.hpp"

namespace {

struct Seg {
  double x0, y0, x1, y1;
};

// A random walk inside one tile (reflected at a 2 px margin): consecutive segments share end
// points and turn gently, like a track.
std::vector<Seg> track_in_tile(double length, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> turn(0.0, 0.3);
  std::vector<Seg> segs;
  segs.reserve(n);
  double x = 128.3, y = 127.7, heading = 0.4;
  while (segs.size() < n) {
    heading += turn(rng);
    double nx = x + length * std::cos(heading), ny = y + length * std::sin(heading);
    if (nx < 2.0 || nx > 254.0 || ny < 2.0 || ny > 254.0) {
      heading += std::numbers::pi;
      continue;
    }
    segs.push_back({x, y, nx, ny});
    x = nx;
    y = ny;
  }
  return segs;
}

void run(benchmark::State& state, const std::vector<Seg>& segs, const th::PixelWindow& window) {
  th::TileGrid<float> grid(window.width, window.height, 0.0f);
  float* const values = grid.values().data();
  const std::size_t stride = static_cast<std::size_t>(window.width);
  std::int64_t pixels = 0;
  for (auto _ : state) {
    for (const Seg& s : segs) {
      th::rasterize_segment(s.x0, s.y0, s.x1, s.y1, window, [&](int px, int py, float w) {
        values[static_cast<std::size_t>(py) * stride + static_cast<std::size_t>(px)] += w;
        ++pixels;
      });
    }
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(values);
  const auto segments = static_cast<double>(state.iterations()) * static_cast<double>(segs.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(segments));
  state.counters["Msegments/s"] = benchmark::Counter(segments / 1e6, benchmark::Counter::kIsRate);
  state.counters["Mpixels/s"] =
      benchmark::Counter(static_cast<double>(pixels) / 1e6, benchmark::Counter::kIsRate);
  state.counters["pixels/segment"] = static_cast<double>(pixels) / segments;
}

// Segments of one length, all inside the tile.
void BM_TrackInTile(benchmark::State& state) {
  const double length = static_cast<double>(state.range(0)) / 10.0;
  run(state, track_in_tile(length, 1 << 16, 1), {0, 0, 256, 256});
}
BENCHMARK(BM_TrackInTile)->Arg(3)->Arg(30)->Arg(300);

// The same tracks seen from the neighbouring tile shifted by half a tile: half the segments
// are clipped away by the analytic window test, the others partly.
void BM_TrackHalfOutside(benchmark::State& state) {
  const double length = static_cast<double>(state.range(0)) / 10.0;
  run(state, track_in_tile(length, 1 << 16, 1), {128, 0, 256, 256});
}
BENCHMARK(BM_TrackHalfOutside)->Arg(3)->Arg(30)->Arg(300);

// Segments from −1e9 to 1e9 crossing the tile: cost of the tile's part only.
void BM_HugeSegmentsClipped(benchmark::State& state) {
  std::vector<Seg> segs;
  for (int i = 0; i < 256; ++i) segs.push_back({-1e9, -1e9 + i * 0.7, 1e9, 1e9 + i * 0.7});
  run(state, segs, {0, 0, 256, 256});
}
BENCHMARK(BM_HugeSegmentsClipped);

void BM_SegmentTouchesWindow(benchmark::State& state) {
  const auto segs = track_in_tile(3.0, 1 << 16, 2);
  const th::PixelWindow window{128, 128, 256, 256};
  std::int64_t hits = 0;
  for (auto _ : state) {
    for (const Seg& s : segs) hits += th::segment_touches_window(s.x0, s.y0, s.x1, s.y1, window);
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(segs.size()));
}
BENCHMARK(BM_SegmentTouchesWindow);

}  // namespace

BENCHMARK_MAIN();
