// Hostile input to the PNG decoder: truncations, bit flips, garbage and forged headers must
// throw ParseError (or, for a flip that leaves the file valid, decode to the declared size) and
// never crash or read out of bounds (this test runs under ASan + UBSan via the asan label).

#include <gtest/gtest.h>

#include <random>

#include "core/errors.hpp"
#include "encode/png_chunks.hpp"
#include "encode/png_writer.hpp"
#include "encode/synthetic_tiles.hpp"

namespace th {
namespace {

Bytes small_png() {
  // A small tile keeps the exhaustive loops quick, but still has PLTE, tRNS and a real IDAT.
  std::vector<std::uint8_t> indices(32 * 32, 0);
  for (int i = 0; i < 32; ++i)
    indices[static_cast<std::size_t>(i) * 32 + i] = static_cast<std::uint8_t>(8 * i + 1);
  return encode_palette_png(indices, 32, 32, ramp(RampId::Heat));
}

TEST(PngDecodeCorruptTest, EveryTruncationThrows) {
  const Bytes png = small_png();
  ASSERT_NO_THROW(decode_png_rgba(png));
  for (std::size_t size = 0; size < png.size(); ++size) {
    const Bytes cut(png.begin(), png.begin() + static_cast<std::ptrdiff_t>(size));
    EXPECT_THROW(decode_png_rgba(cut), ParseError) << "cut at " << size << " of " << png.size();
  }
}

TEST(PngDecodeCorruptTest, BitFlipsNeverCrash) {
  const Bytes png = small_png();
  int rejected = 0;
  int accepted = 0;
  for (std::size_t offset = 0; offset < png.size(); ++offset) {
    for (int bit : {0, 3, 7}) {
      Bytes flipped = png;
      flipped[offset] = static_cast<std::uint8_t>(flipped[offset] ^ (1u << bit));
      try {
        const DecodedImage image = decode_png_rgba(flipped);
        ++accepted;
        EXPECT_EQ(image.pixels.size(), static_cast<std::size_t>(image.width) * image.height);
      } catch (const ParseError&) {
        ++rejected;
      }
    }
  }
  // CRCs and the zlib checksum catch nearly every flip.
  EXPECT_GT(rejected, accepted * 10);
}

TEST(PngDecodeCorruptTest, GarbageThrows) {
  EXPECT_THROW(decode_png_rgba({}), ParseError);
  std::mt19937 rng(11);
  for (int i = 0; i < 200; ++i) {
    Bytes garbage(static_cast<std::size_t>(rng() % 2000));
    for (auto& b : garbage) b = static_cast<std::uint8_t>(rng());
    // Half of them with a valid signature so the chunk parser, not just the signature check, runs.
    if (i % 2 == 0 && garbage.size() >= 8) {
      const std::uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
      std::copy(sig, sig + 8, garbage.begin());
    }
    EXPECT_THROW(decode_png_rgba(garbage), ParseError) << i;
  }
}

Bytes forged_png(std::uint32_t width, std::uint32_t height) {
  Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  Bytes ihdr;
  append_be32(ihdr, width);
  append_be32(ihdr, height);
  ihdr.insert(ihdr.end(), {8, 6, 0, 0, 0});
  const Bytes chunk = test::make_chunk("IHDR", ihdr);
  png.insert(png.end(), chunk.begin(), chunk.end());
  // A tiny valid zlib stream that holds far fewer bytes than the header promises.
  const Bytes idat =
      test::make_chunk("IDAT", {0x78, 0x01, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01});
  png.insert(png.end(), idat.begin(), idat.end());
  const Bytes iend = test::make_chunk("IEND", {});
  png.insert(png.end(), iend.begin(), iend.end());
  return png;
}

TEST(PngDecodeCorruptTest, OversizedOrLyingHeadersThrow) {
  // Correct CRCs, impossible content: the size cap and the short IDAT must be caught.
  EXPECT_THROW(decode_png_rgba(forged_png(100000, 100000)), ParseError);
  EXPECT_THROW(decode_png_rgba(forged_png(kMaxPngDimension + 1, 1)), ParseError);
  EXPECT_THROW(decode_png_rgba(forged_png(0, 10)), ParseError);
  EXPECT_THROW(decode_png_rgba(forged_png(64, 64)), ParseError);
}

}  // namespace
}  // namespace th
