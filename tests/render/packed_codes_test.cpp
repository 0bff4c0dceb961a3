// PackedTileCodes: a zoom's tiles are held packed between drawing and encoding, so packing
// must give back exactly the codes that were drawn, whatever their ranges.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

#include "encode/palette_index.hpp"
#include "render/normalize.hpp"
#include "render/packed_codes.hpp"
#include "render/track_prep.hpp"
#include "render/zoom_renderer.hpp"
#include "synthetic_paths.hpp"

namespace th {
namespace {

TileCodes round_trip(const TileCodes& codes) {
  TileCodes out;
  out.codes.assign(7, 1);  // unpack() must not keep anything of what `out` held
  out.pixels.assign(3, 9);
  PackedTileCodes(codes).unpack(out);
  return out;
}

// Every layer's palette indices from the packed codes are those of the codes themselves, with
// `tables` (per layer) and with a table that colours even code 0.
void expect_same_indices(const TileCodes& codes, const std::vector<IndexTable>& tables) {
  const PackedTileCodes packed(codes);
  IndexTable odd(65536);
  for (std::size_t c = 0; c < odd.size(); ++c) odd[c] = static_cast<std::uint8_t>(c * 31 + 7);
  std::vector<std::uint8_t> want, got;
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    for (const IndexTable* table : {&tables[l], static_cast<const IndexTable*>(&odd)}) {
      const bool want_any = tile_indices(codes, static_cast<LayerId>(l), *table, want);
      EXPECT_EQ(packed.layer_indices(l, *table, got), want_any) << l;
      EXPECT_EQ(got, want) << l;
      // Sparse: the non-zero ones of those, by increasing pixel number.
      std::vector<std::uint32_t> want_pixels, got_pixels;
      std::vector<std::uint8_t> want_sparse;
      for (std::uint32_t pixel = 0; pixel < want.size(); ++pixel) {
        if (want[pixel] == 0) continue;
        want_pixels.push_back(pixel);
        want_sparse.push_back(want[pixel]);
      }
      EXPECT_EQ(packed.layer_index_pixels(l, *table, got_pixels, got), !want_pixels.empty()) << l;
      EXPECT_EQ(got_pixels, want_pixels) << l;
      EXPECT_EQ(got, want_sparse) << l;
    }
  }
}

void expect_same(const TileCodes& want, const TileCodes& got) {
  EXPECT_EQ(got.tile, want.tile);
  EXPECT_EQ(got.pixels, want.pixels);
  EXPECT_EQ(got.codes, want.codes);
}

// Each layer's table for the zoom's scales, as a build encodes with.
std::vector<IndexTable> tables_for(const ZoomHistograms& h) {
  const ZoomScales scales = scales_for_zoom(h, 20000.0f);
  std::vector<IndexTable> tables;
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    tables.push_back(index_table(static_cast<LayerId>(l), scales[l]));
  }
  return tables;
}

// `n` pixels, codes from `code(pixel, layer)`.
template <typename F>
TileCodes tile_of(std::size_t n, F code) {
  TileCodes t;
  t.tile = TileKey{17, 70000, 43000};
  for (std::size_t p = 0; p < n; ++p) {
    t.pixels.push_back(static_cast<std::uint16_t>(p * (65536 / n)));  // increasing, as drawn
    for (std::size_t l = 0; l < kLayerCount; ++l) t.codes.push_back(code(p, l));
  }
  return t;
}

TEST(PackedTileCodes, AnEmptyTileKeepsItsKey) {
  TileCodes empty;
  empty.tile = TileKey{3, 5, 6};
  const TileCodes back = round_trip(empty);
  expect_same(empty, back);
  EXPECT_TRUE(back.codes.empty());
  expect_same_indices(empty, tables_for(empty_histograms()));
}

TEST(PackedTileCodes, EveryRangeOfCodesComesBackExactly) {
  std::mt19937 rng(7);
  // Per layer a different shape: the full 16-bit range, codes 0 and 65535 side by side, one
  // value, nothing, the same as layer 0, small ranges at either end, odd widths that cross
  // word boundaries.
  const auto code = [&rng](std::size_t p, std::size_t l) -> std::uint16_t {
    switch (l) {
      case 0: return static_cast<std::uint16_t>(rng() % 65536);
      case 2: return p % 2 == 0 ? 0 : 65535;
      case 3: return 4242;
      case 4: return 0;
      case 5: return static_cast<std::uint16_t>(1 + rng() % 3);
      case 6: return static_cast<std::uint16_t>(65535 - rng() % 5);
      case 7: return static_cast<std::uint16_t>(rng() % 3 == 0 ? 0 : 30000 + rng() % 1000);
      default: return static_cast<std::uint16_t>(rng() % (1u << (l + 2)));
    }
  };
  for (const std::size_t n :
       {std::size_t{1}, std::size_t{2}, std::size_t{63}, std::size_t{1000}, std::size_t{65536}}) {
    TileCodes t = tile_of(n, code);
    for (std::size_t p = 0; p < n; ++p) t.codes[p * kLayerCount + 1] = t.codes[p * kLayerCount];
    expect_same(t, round_trip(t));
    ZoomHistograms h = empty_histograms();
    for (std::size_t p = 0; p < n; ++p) {
      for (std::size_t l = 0; l < kLayerCount; ++l) ++h[l][t.codes[p * kLayerCount + l]];
    }
    expect_same_indices(t, tables_for(h));
  }
}

TEST(PackedTileCodes, BytesComeBackExactlyAndDamagedOnesAreRefused) {
  std::mt19937 rng(11);
  TileCodes t = tile_of(3000, [&rng](std::size_t, std::size_t l) -> std::uint16_t {
    if (l == 0) return static_cast<std::uint16_t>(1 + rng() % 65535);  // no pixel without a code
    return l == 4 ? 0 : static_cast<std::uint16_t>(65535 - rng() % (l * 300));
  });
  Bytes bytes{0xaa};  // appended to what is there
  PackedTileCodes(t).append_to(bytes);
  const ByteView form = ByteView(bytes).subspan(1);
  const std::optional<TileCodes> back = PackedTileCodes::unpack_bytes(t.tile, form);
  ASSERT_TRUE(back.has_value());
  expect_same(t, *back);

  for (std::size_t n = 0; n < form.size(); n += 97) {
    EXPECT_FALSE(PackedTileCodes::unpack_bytes(t.tile, form.first(n)).has_value()) << n;
  }
  const std::size_t layers_at = 4 + 3000 * 2;  // after the count and the pixels
  const auto damaged = [&](std::size_t at, std::uint8_t value) {
    Bytes copy(form.begin(), form.end());
    copy[at] = value;
    return PackedTileCodes::unpack_bytes(t.tile, ByteView(copy)).has_value();
  };
  EXPECT_FALSE(damaged(4 + 2, 0)) << "pixels out of order";
  EXPECT_FALSE(damaged(layers_at, 0xff)) << "layer 0 the same as itself";
  EXPECT_FALSE(damaged(layers_at + 3, 17)) << "wider than 16 bits";
  EXPECT_FALSE(damaged(layers_at + 3 + 2, 0xff)) << "codes past 65535";
  // A pixel without a code in any layer is never drawn, so never kept.
  TileCodes blank = t;
  std::fill_n(blank.codes.begin() + 5 * kLayerCount, kLayerCount, std::uint16_t{0});
  Bytes blank_bytes;
  PackedTileCodes(blank).append_to(blank_bytes);
  EXPECT_FALSE(PackedTileCodes::unpack_bytes(t.tile, ByteView(blank_bytes)).has_value());
}

TEST(PackedTileCodes, ALayerThatDiffersFromLayerZeroInOnePixelIsKeptApart) {
  TileCodes t =
      tile_of(500, [](std::size_t p, std::size_t) { return static_cast<std::uint16_t>(100 + p); });
  t.codes[499 * kLayerCount + 1] = 7;
  t.codes[0 * kLayerCount + 10] = 0;
  expect_same(t, round_trip(t));
  ZoomHistograms h = empty_histograms();
  for (const std::uint16_t c : t.codes) ++h[0][c];
  expect_same_indices(t, std::vector<IndexTable>(kLayerCount, tables_for(h)[0]));
}

TEST(PackedTileCodes, DrawnTilesComeBackExactlyAndColourAlikeInFarLessMemory) {
  std::vector<PreparedTrack> tracks;
  std::vector<RenderInput> inputs;
  for (int i = 0; i < 6; ++i) {
    test::PathSpec spec;
    spec.heading_rad = 0.7 * i;
    spec.duration_s = 3600;
    spec.start_time = 1.6e9 + i * 40 * 86400.0;
    spec.altitude_at = [i](double d) { return 500 + (10 + i) * std::sin(d / 300); };
    spec.heart_rate = 120.0f + 5.0f * static_cast<float>(i);
    tracks.push_back(prepare_track(test::make_path(spec)));
  }
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const auto index = static_cast<std::uint32_t>(i);
    inputs.push_back({&tracks[i], DrawnActivity{index, 18500.0f + 40.0f * static_cast<float>(i),
                                                i % 2 == 0, true}});
  }
  for (const int zoom : {17, 15, 12}) {
    const ZoomGeometry g(inputs, zoom, 2);
    std::vector<std::size_t> all(g.tile_count());
    std::iota(all.begin(), all.end(), std::size_t{0});
    ZoomHistograms h = empty_histograms();
    std::size_t unpacked_bytes = 0, packed_bytes = 0;
    const std::vector<TileCodes> tiles = render_tiles(g, all, 2, h);
    const std::vector<IndexTable> tables = tables_for(h);
    for (const TileCodes& t : tiles) {
      expect_same(t, round_trip(t));
      expect_same_indices(t, tables);
      unpacked_bytes += (t.pixels.size() + t.codes.size()) * sizeof(std::uint16_t);
      packed_bytes += PackedTileCodes(t).heap_bytes();
    }
    ASSERT_GT(unpacked_bytes, 0u) << zoom;
    // Frequency and log frequency share their codes, and most layers span far less than
    // 16 bits within one tile.
    EXPECT_LT(packed_bytes, unpacked_bytes * 3 / 4) << zoom;
  }
}

}  // namespace
}  // namespace th
