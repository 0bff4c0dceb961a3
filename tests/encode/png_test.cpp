#include <gtest/gtest.h>

#include <random>
#include <set>
#include <stdexcept>

#include "core/errors.hpp"
#include "encode/png_chunks.hpp"
#include "encode/png_writer.hpp"
#include "encode/synthetic_tiles.hpp"

namespace th {
namespace {

using test::inflate_idat;
using test::kTileSize;
using test::png_chunks;
using test::read_be32;
using test::synthetic_tile;
using test::TileKind;

std::set<std::uint8_t> distinct(const std::vector<std::uint8_t>& indices) {
  return {indices.begin(), indices.end()};
}

// Every decoded pixel is the palette colour of its index, alpha included.
void expect_decodes_to_palette(const Bytes& png, const std::vector<std::uint8_t>& indices,
                               int width, int height, const Palette& palette) {
  const DecodedImage image = decode_png_rgba(png);
  ASSERT_EQ(image.width, width);
  ASSERT_EQ(image.height, height);
  ASSERT_EQ(image.pixels.size(), indices.size());
  int mismatches = 0;
  for (std::size_t i = 0; i < indices.size(); ++i) {
    if (image.pixels[i] != palette[indices[i]] && ++mismatches <= 5) {
      ADD_FAILURE() << "pixel " << i % width << "," << i / width << " index " << int{indices[i]};
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(PalettePngTest, SparseTileRoundTripsForEveryRamp) {
  const auto indices = synthetic_tile(TileKind::Sparse, 1);
  ASSERT_GT(test::non_zero_fraction(indices), 0.01);
  for (RampId id : kAllRamps) {
    SCOPED_TRACE(std::string(ramp_name(id)));
    const Bytes png = encode_palette_png(indices, kTileSize, kTileSize, ramp(id));
    expect_decodes_to_palette(png, indices, kTileSize, kTileSize, ramp(id));
  }
}

TEST(PalettePngTest, DenseCornerAndEmptyTilesRoundTrip) {
  const Palette& heat = ramp(RampId::Heat);
  for (auto kind : {TileKind::Dense, TileKind::Corner}) {
    const auto indices = synthetic_tile(kind, 7);
    expect_decodes_to_palette(encode_palette_png(indices, kTileSize, kTileSize, heat), indices,
                              kTileSize, kTileSize, heat);
  }
  const std::vector<std::uint8_t> empty(kTileSize * kTileSize, 0);
  const DecodedImage image = decode_png_rgba(encode_palette_png(empty, kTileSize, kTileSize, heat));
  for (const Rgba& px : image.pixels) ASSERT_EQ(px.a, 0);
}

TEST(PalettePngTest, FullPaletteWithoutTrimmingRoundTrips) {
  const auto indices = synthetic_tile(TileKind::Sparse, 2);
  PngOptions options;
  options.trim_palette = false;
  const Bytes png = encode_palette_png(indices, kTileSize, kTileSize, ramp(RampId::Pace), options);
  expect_decodes_to_palette(png, indices, kTileSize, kTileSize, ramp(RampId::Pace));
  const auto chunks = png_chunks(png);
  EXPECT_EQ(chunks[1].type, "PLTE");
  EXPECT_EQ(chunks[1].data.size(), 256u * 3);
}

TEST(PalettePngTest, HeaderSaysIndexedBitDepth8WithTransparency) {
  const auto indices = synthetic_tile(TileKind::Sparse, 3);
  const Bytes png = encode_palette_png(indices, kTileSize, kTileSize, ramp(RampId::Heat));
  const auto chunks = png_chunks(png);
  ASSERT_GE(chunks.size(), 5u);
  // IHDR: width, height, bit depth, colour type, compression, filter method, interlace.
  ASSERT_EQ(chunks[0].type, "IHDR");
  ASSERT_EQ(chunks[0].data.size(), 13u);
  EXPECT_EQ(read_be32(&chunks[0].data[0]), 256u);
  EXPECT_EQ(read_be32(&chunks[0].data[4]), 256u);
  EXPECT_EQ(chunks[0].data[8], 8) << "bit depth";
  EXPECT_EQ(chunks[0].data[9], 3) << "colour type: indexed";
  EXPECT_EQ(chunks[0].data[10], 0);
  EXPECT_EQ(chunks[0].data[11], 0);
  EXPECT_EQ(chunks[0].data[12], 0) << "not interlaced";
  EXPECT_EQ(chunks[1].type, "PLTE");
  EXPECT_EQ(chunks[2].type, "tRNS");
  EXPECT_EQ(chunks[3].type, "IDAT");
  EXPECT_EQ(chunks.back().type, "IEND");

  // The palette holds exactly the entries used (index 0 first, transparent), in ramp order.
  const auto used = distinct(indices);
  ASSERT_EQ(chunks[1].data.size(), used.size() * 3);
  ASSERT_LE(chunks[2].data.size(), used.size());
  EXPECT_EQ(chunks[2].data[0], 0) << "entry 0 is transparent";
  std::size_t n = 0;
  for (std::uint8_t index : used) {
    const Rgba& c = ramp(RampId::Heat)[index];
    EXPECT_EQ(chunks[1].data[3 * n], c.r);
    EXPECT_EQ(chunks[1].data[3 * n + 1], c.g);
    EXPECT_EQ(chunks[1].data[3 * n + 2], c.b);
    EXPECT_EQ(n < chunks[2].data.size() ? chunks[2].data[n] : 255, c.a);
    ++n;
  }
}

TEST(PalettePngTest, NoRowUsesAFilter) {
  for (auto kind : {TileKind::Sparse, TileKind::Dense, TileKind::Corner}) {
    const auto indices = synthetic_tile(kind, 4);
    const Bytes png = encode_palette_png(indices, kTileSize, kTileSize, ramp(RampId::Heat));
    const Bytes raw = inflate_idat(png_chunks(png), kTileSize * (kTileSize + 1));
    ASSERT_EQ(raw.size(), kTileSize * (kTileSize + 1u));
    for (int row = 0; row < kTileSize; ++row) {
      ASSERT_EQ(raw[static_cast<std::size_t>(row) * (kTileSize + 1)], 0) << "row " << row;
    }
  }
}

TEST(PalettePngTest, OddSizesAndEveryIndexRoundTrip) {
  // Widths that are not multiples of 8 exercise the tails of the zero-skipping scans; a ramp
  // covering all 256 indices exercises the untrimmed (identity) path.
  std::mt19937 rng(5);
  for (auto [w, h] : {std::pair{1, 1}, {3, 5}, {17, 9}, {256, 1}, {1, 256}, {512, 512}}) {
    std::vector<std::uint8_t> indices(static_cast<std::size_t>(w) * h);
    for (auto& v : indices) v = static_cast<std::uint8_t>(rng());
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    expect_decodes_to_palette(encode_palette_png(indices, w, h, ramp(RampId::Climb)), indices, w, h,
                              ramp(RampId::Climb));
  }
  std::vector<std::uint8_t> all(256 * 4);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  const Bytes png = encode_palette_png(all, 256, 4, ramp(RampId::Recency));
  expect_decodes_to_palette(png, all, 256, 4, ramp(RampId::Recency));
  EXPECT_EQ(png_chunks(png)[1].data.size(), 256u * 3);
}

TEST(PalettePngTest, OpaquePaletteHasNoTransparencyChunk) {
  Palette opaque{};
  for (int i = 0; i < 256; ++i) opaque[i] = {static_cast<std::uint8_t>(i), 0, 0, 255};
  const std::vector<std::uint8_t> indices = {0, 1, 2, 200};
  const Bytes png = encode_palette_png(indices, 2, 2, opaque);
  for (const auto& chunk : png_chunks(png)) EXPECT_NE(chunk.type, "tRNS");
  expect_decodes_to_palette(png, indices, 2, 2, opaque);
}

TEST(PalettePngTest, TrimmingSavesAboutAKilobyteOnSparseTiles) {
  const auto indices = synthetic_tile(TileKind::Corner, 6);
  PngOptions full;
  full.trim_palette = false;
  const auto trimmed = encode_palette_png(indices, kTileSize, kTileSize, ramp(RampId::Heat));
  const auto untrimmed =
      encode_palette_png(indices, kTileSize, kTileSize, ramp(RampId::Heat), full);
  EXPECT_LT(trimmed.size() + 600, untrimmed.size());
}

TEST(PalettePngTest, OutputIsDeterministic) {
  const auto indices = synthetic_tile(TileKind::Sparse, 8);
  EXPECT_EQ(encode_palette_png(indices, kTileSize, kTileSize, ramp(RampId::Hill)),
            encode_palette_png(indices, kTileSize, kTileSize, ramp(RampId::Hill)));
}

TEST(PalettePngTest, RejectsWrongSizes) {
  const std::vector<std::uint8_t> indices(100, 1);
  const Palette& heat = ramp(RampId::Heat);
  EXPECT_THROW(encode_palette_png(indices, 10, 11, heat), std::invalid_argument);
  EXPECT_THROW(encode_palette_png(indices, 0, 100, heat), std::invalid_argument);
  EXPECT_THROW(encode_palette_png(indices, -10, -10, heat), std::invalid_argument);
  EXPECT_THROW(encode_palette_png({}, 0, 0, heat), std::invalid_argument);
  const std::vector<std::uint8_t> wide(kMaxPngDimension + 1, 1);
  EXPECT_THROW(encode_palette_png(wide, kMaxPngDimension + 1, 1, heat), std::invalid_argument);
  EXPECT_THROW(encode_rgba_png(std::vector<Rgba>(3), 2, 2), std::invalid_argument);
}

// The image as its non-zero pixels, the input of encode_sparse_palette_png.
void sparse_of(const std::vector<std::uint8_t>& indices, std::vector<std::uint32_t>& pixels,
               std::vector<std::uint8_t>& values) {
  pixels.clear();
  values.clear();
  for (std::size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] == 0) continue;
    pixels.push_back(static_cast<std::uint32_t>(i));
    values.push_back(indices[i]);
  }
}

TEST(PalettePngTest, SparseInputGivesTheSameBytes) {
  const Palette& heat = ramp(RampId::Heat);
  std::vector<std::uint32_t> pixels;
  std::vector<std::uint8_t> values;
  for (const TileKind kind : {TileKind::Sparse, TileKind::Corner, TileKind::Dense}) {
    for (std::uint32_t seed = 0; seed < 8; ++seed) {
      const auto indices = synthetic_tile(kind, 50 + seed);
      sparse_of(indices, pixels, values);
      EXPECT_EQ(encode_sparse_palette_png(pixels, values, kTileSize, kTileSize, heat),
                encode_palette_png(indices, kTileSize, kTileSize, heat));
    }
  }
  // Odd sizes, runs of equal values across rows, full rows, the last pixel, an empty image.
  std::mt19937 rng(9);
  for (const auto& [w, h] : {std::pair{1, 1}, {3, 7}, {300, 2}, {17, 19}}) {
    for (const double share : {0.0, 0.02, 0.5, 1.0}) {
      std::vector<std::uint8_t> indices(static_cast<std::size_t>(w) * h);
      for (auto& v : indices) {
        v = std::uniform_real_distribution<double>(0, 1)(rng) < share
                ? static_cast<std::uint8_t>(1 + rng() % 3)
                : 0;
      }
      sparse_of(indices, pixels, values);
      EXPECT_EQ(encode_sparse_palette_png(pixels, values, w, h, heat),
                encode_palette_png(indices, w, h, heat))
          << w << "x" << h << " " << share;
    }
  }
}

TEST(PalettePngTest, SparseInputIsChecked) {
  const Palette& heat = ramp(RampId::Heat);
  const std::vector<std::uint8_t> two = {1, 2};
  const std::vector<std::uint32_t> unordered = {5, 3}, repeated = {3, 3}, outside = {3, 100};
  EXPECT_THROW(encode_sparse_palette_png(unordered, two, 10, 10, heat), std::invalid_argument);
  EXPECT_THROW(encode_sparse_palette_png(repeated, two, 10, 10, heat), std::invalid_argument);
  EXPECT_THROW(encode_sparse_palette_png(outside, two, 10, 10, heat), std::invalid_argument);
  EXPECT_THROW(encode_sparse_palette_png(std::vector<std::uint32_t>{1}, two, 10, 10, heat),
               std::invalid_argument);
  EXPECT_THROW(encode_sparse_palette_png({}, {}, 0, 10, heat), std::invalid_argument);
  // Also when so many pixels are given that the image is encoded from a full buffer.
  const std::vector<std::uint8_t> ten(10, 1);
  std::vector<std::uint32_t> many = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_NO_THROW(encode_sparse_palette_png(many, ten, 10, 10, heat));
  std::swap(many[3], many[4]);
  EXPECT_THROW(encode_sparse_palette_png(many, ten, 10, 10, heat), std::invalid_argument);
  many = {0, 1, 2, 3, 4, 5, 6, 7, 8, 100};
  EXPECT_THROW(encode_sparse_palette_png(many, ten, 10, 10, heat), std::invalid_argument);
}

TEST(RgbaPngTest, RoundTripsWithColourType6AndNoFilters) {
  std::mt19937 rng(9);
  const int w = 37;
  const int h = 23;
  std::vector<Rgba> pixels(static_cast<std::size_t>(w) * h);
  for (auto& px : pixels) {
    px = {static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng()),
          static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng())};
  }
  const Bytes png = encode_rgba_png(pixels, w, h);
  const DecodedImage image = decode_png_rgba(png);
  ASSERT_EQ(image.width, w);
  ASSERT_EQ(image.height, h);
  EXPECT_EQ(image.pixels, pixels);
  EXPECT_EQ(image.at(36, 22), pixels.back());

  const auto chunks = png_chunks(png);
  EXPECT_EQ(chunks[0].data[8], 8);
  EXPECT_EQ(chunks[0].data[9], 6) << "colour type: RGBA";
  const std::size_t stride = w * 4 + 1;
  const Bytes raw = inflate_idat(chunks, stride * h);
  ASSERT_EQ(raw.size(), stride * h);
  for (int row = 0; row < h; ++row) EXPECT_EQ(raw[row * stride], 0) << "row " << row;
}

// Posters are encoded a row at a time: the same pixels as the whole-image encoder, and a
// size beyond what a tile encoder takes.
TEST(RgbaRowPngTest, RowsRoundTripAndMistakesAreCaught) {
  const int w = 300, h = 7;
  std::vector<Rgba> pixels;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      pixels.push_back({static_cast<std::uint8_t>(x), static_cast<std::uint8_t>(y * 30),
                        static_cast<std::uint8_t>(x ^ y),
                        static_cast<std::uint8_t>(255 - x % 256)});
    }
  }
  RgbaPngRowEncoder rows(w, h);
  EXPECT_THROW(rows.finish(), std::logic_error);
  for (int y = 0; y < h; ++y) {
    rows.write_row(std::span<const Rgba>(pixels).subspan(static_cast<std::size_t>(y) * w, w));
  }
  EXPECT_THROW(rows.write_row(std::span<const Rgba>(pixels).first(w)), std::logic_error);
  const Bytes png = rows.finish();
  const DecodedImage d = decode_png_rgba(png);
  EXPECT_EQ(d.width, w);
  EXPECT_EQ(d.height, h);
  EXPECT_EQ(d.pixels, pixels);
  EXPECT_EQ(png, encode_rgba_png(pixels, w, h));

  RgbaPngRowEncoder wide(10000, 1);
  EXPECT_THROW(wide.write_row(std::span<const Rgba>(pixels).first(w)), std::invalid_argument);
  wide.write_row(std::vector<Rgba>(10000, Rgba{1, 2, 3, 4}));
  EXPECT_GT(wide.finish().size(), 8u);
  EXPECT_THROW(RgbaPngRowEncoder(kMaxStreamedPngDimension + 1, 1), std::invalid_argument);
  EXPECT_THROW(RgbaPngRowEncoder(1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace th
