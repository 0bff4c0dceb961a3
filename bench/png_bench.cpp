// Palette PNG encoding of heatmap tiles: tiles per second and bytes per tile for the kinds of
// tile a build writes (see tests/encode/synthetic_tiles.hpp):
//   sparse  thin anti-aliased tracks, ~5 % of pixels non-zero (the typical tile),
//   corner  one short track in a corner, the rest empty,
//   dense   a city centre, ~90 % non-zero,
//   mix     80 % sparse, 15 % corner, 5 % dense, in a fixed shuffled order.
// Arguments: kind (0 sparse, 1 corner, 2 dense, 3 mix), zlib level, zlib strategy (0 default,
// 1 filtered, 2 huffman only, 3 RLE), trim palette (0/1). The first rows are the defaults
// (level 1, RLE, trimmed); the rest compare the alternatives that were considered.
// Run: ./build/bench/png_bench   (single thread; the build encodes tiles on all cores)
//
// Measured 2026-11-24 on a shared 2-core AMD EPYC (2.1 GHz) VM under load average 3.5-4.4
// (other builds running; medians of 3, CPU time; expect faster on an idle machine):
//   defaults (level 1, RLE, trimmed)   sparse 4.4k tiles/s 4.98 KB | corner 8.9k/s 295 B
//                                      dense 1.2k/s 58.9 KB        | mix 4.4k/s 6.97 KB
//   level 1, default strategy          sparse 6.14 KB, mix 7.96 KB, dense 0.59k/s
//   level 6, default strategy          sparse 1.5k/s 5.50 KB, mix 1.8k/s 7.39 KB
//   untrimmed palette (level 1, RLE)   sparse 5.19 KB, corner 1079 B, mix 7.26 KB
// RLE only looks for runs (distance 1), which is exactly what mostly-empty rows of palette
// indices are made of: it is both faster and smaller than zlib's default matching here, even
// at level 6. Speed differences between trimmed and untrimmed palettes were within the noise.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "encode/png_writer.hpp"
#include "encode/synthetic_tiles.hpp"

namespace {

using th::test::TileKind;

const std::vector<std::vector<std::uint8_t>>& tiles(int kind) {
  static const auto sets = [] {
    std::vector<std::vector<std::vector<std::uint8_t>>> all(4);
    const TileKind kinds[3] = {TileKind::Sparse, TileKind::Corner, TileKind::Dense};
    for (int k = 0; k < 3; ++k) {
      for (std::uint32_t seed = 0; seed < 32; ++seed) {
        all[k].push_back(th::test::synthetic_tile(kinds[k], 1000 * k + seed));
      }
    }
    // The mix: 80 sparse, 15 corner, 5 dense out of every 100.
    for (int i = 0; i < 100; ++i) {
      const int k = i < 80 ? 0 : (i < 95 ? 1 : 2);
      all[3].push_back(all[k][static_cast<std::size_t>(i) % all[k].size()]);
    }
    std::shuffle(all[3].begin(), all[3].end(), std::mt19937(42));
    return all;
  }();
  return sets[static_cast<std::size_t>(kind)];
}

void BM_EncodePaletteTile(benchmark::State& state) {
  const auto& set = tiles(static_cast<int>(state.range(0)));
  th::PngOptions options;
  options.compression_level = static_cast<int>(state.range(1));
  options.strategy = static_cast<int>(state.range(2));
  options.trim_palette = state.range(3) != 0;
  const th::Palette& palette = th::ramp(th::RampId::Heat);
  std::size_t i = 0;
  std::size_t bytes = 0;
  double non_zero = 0;
  for (auto _ : state) {
    const auto& tile = set[i];
    const th::Bytes png =
        th::encode_palette_png(tile, th::test::kTileSize, th::test::kTileSize, palette, options);
    bytes += png.size();
    benchmark::DoNotOptimize(png.data());
    i = i + 1 == set.size() ? 0 : i + 1;
  }
  for (const auto& tile : set) non_zero += th::test::non_zero_fraction(tile);
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_per_tile"] =
      static_cast<double>(bytes) / static_cast<double>(state.iterations());
  state.counters["non_zero_pct"] = 100.0 * non_zero / static_cast<double>(set.size());
}

void BM_DecodeTile(benchmark::State& state) {
  const auto& set = tiles(static_cast<int>(state.range(0)));
  std::vector<th::Bytes> pngs;
  for (const auto& tile : set) {
    pngs.push_back(th::encode_palette_png(tile, th::test::kTileSize, th::test::kTileSize,
                                          th::ramp(th::RampId::Heat)));
  }
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(th::decode_png_rgba(pngs[i]).pixels.data());
    i = i + 1 == pngs.size() ? 0 : i + 1;
  }
  state.SetItemsProcessed(state.iterations());
}

void tuning_grid(benchmark::internal::Benchmark* b) {
  for (int kind = 0; kind < 4; ++kind) b->Args({kind, 1, 3, 1});  // the defaults
  for (int kind = 0; kind < 4; ++kind) {
    for (auto [level, strategy] : {std::pair{1, 0}, {2, 0}, {2, 3}, {1, 1}, {6, 0}}) {
      b->Args({kind, level, strategy, 1});
    }
    b->Args({kind, 1, 3, 0});  // untrimmed palette
  }
  b->ArgNames({"kind", "level", "strategy", "trim"});
}

BENCHMARK(BM_EncodePaletteTile)->Apply(tuning_grid);
BENCHMARK(BM_DecodeTile)->DenseRange(0, 3)->ArgName("kind");

}  // namespace

BENCHMARK_MAIN();
