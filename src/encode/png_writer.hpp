#pragma once
// PNG encoding of heatmap tiles and decoding for tests and goldens.
//
// Palette tiles are written as colour type 3 (indexed), bit depth 8, with a tRNS chunk, no
// interlacing and filter type None on every row: palette indices are not a signal that the PNG
// prediction filters help (they predict a neighbour's *value*, and neighbouring palette indices
// are unrelated numbers at ramp edges), and skipping the filter search is a large part of why
// encoding is cheap. Palette PNGs are framed here and compressed by RunDeflate
// (encode/run_deflate.hpp: runs only, like zlib's RLE strategy, several times faster); RGBA PNGs
// go through libspng + zlib with the run-length strategy (see PngOptions).
//
// Palette trimming: by default only the palette entries a tile actually uses are written, and
// the pixel indices are renumbered to match, keeping their order (entry 0 is always kept, so 0
// stays "transparent / no data"). A full 256-entry PLTE + tRNS costs ~1 KB per tile, which is
// more than the compressed pixels of a typical sparse tile; finding the used entries and
// renumbering costs a few microseconds (zero-runs are skipped 8 bytes at a time). tRNS is
// written only up to the last entry that is not opaque (the PNG default for missing entries is
// opaque), and is omitted when every written entry is opaque.
// Decoded pixels are the same either way: pixel (x, y) decodes to palette[indices[y * w + x]].
// Output is deterministic: equal input gives byte-identical PNGs, so "write only when changed"
// can compare bytes or hashes.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "encode/color_ramp.hpp"

namespace th {

// Largest width or height accepted by the encoders and the decoder (tiles are 256 or 512 px;
// the cap bounds what a hostile PNG can make the decoder allocate: 4096² RGBA = 64 MiB).
inline constexpr int kMaxPngDimension = 4096;

// Encoder tuning. zlib's RLE strategy was chosen with bench/png_bench.cpp: on mostly-empty rows
// it is both faster and smaller than zlib's default matching, and the level (> 0) makes no
// difference. The zlib settings apply to RGBA PNGs; palette PNGs always code runs (RunDeflate).
struct PngOptions {
  int compression_level = 1;  // zlib level, 0..9 (RGBA)
  int strategy = 3;           // zlib strategy (RGBA): 0 default, 1 filtered, 2 huffman only, 3 RLE
  bool trim_palette = true;   // palette PNGs: write only the palette entries in use (see above)
};

// Encodes `indices` (width * height palette indices, row-major, top row first) as an indexed
// PNG with `palette` (RGB into PLTE, alpha into tRNS).
// Preconditions (checked; std::invalid_argument otherwise): 1 <= width, height <=
// kMaxPngDimension and indices.size() == width * height.
// Throws std::bad_alloc when out of memory.
Bytes encode_palette_png(std::span<const std::uint8_t> indices, int width, int height,
                         const Palette& palette, const PngOptions& options = {});

// The same PNG as encode_palette_png of the image whose pixel number pixels[k] (y * width + x,
// strictly increasing) has index indices[k] and every other pixel 0, at a cost per given pixel
// rather than per image pixel (most tiles are a few hundred pixels of 65,536).
// Preconditions (checked; std::invalid_argument otherwise): sizes as above, pixels.size() ==
// indices.size(), pixels increasing and inside the image.
Bytes encode_sparse_palette_png(std::span<const std::uint32_t> pixels,
                                std::span<const std::uint8_t> indices, int width, int height,
                                const Palette& palette, const PngOptions& options = {});

// Encodes straight-alpha RGBA pixels (row-major) as colour type 6, bit depth 8, filter None on
// every row: for layers that may need more than 256 colours. Same preconditions as above.
Bytes encode_rgba_png(std::span<const Rgba> pixels, int width, int height,
                      const PngOptions& options = {});

// Largest width or height of an image encoded row by row (posters: up to 10,000 px a side).
inline constexpr int kMaxStreamedPngDimension = 16384;

// Encodes a large straight-alpha RGBA image (colour type 6, bit depth 8, filter None) one row at
// a time, top row first, so the caller never holds the whole image: only the compressed bytes
// grow. Usage: construct, write_row() exactly `height` times, then finish().
// Throws std::invalid_argument for a size outside 1..kMaxStreamedPngDimension or a row of the
// wrong width, std::logic_error for a row too many or finish() before the last row, IoError if
// libspng fails (out of memory).
class RgbaPngRowEncoder {
 public:
  RgbaPngRowEncoder(int width, int height, const PngOptions& options = {});
  ~RgbaPngRowEncoder();
  RgbaPngRowEncoder(const RgbaPngRowEncoder&) = delete;
  RgbaPngRowEncoder& operator=(const RgbaPngRowEncoder&) = delete;

  void write_row(std::span<const Rgba> row);
  int rows_written() const { return rows_; }
  // The PNG file's bytes; the encoder is spent afterwards.
  Bytes finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
  int width_;
  int height_;
  int rows_ = 0;
};

// A decoded image: width * height straight-alpha RGBA pixels, row-major, top row first.
struct DecodedImage {
  int width = 0;
  int height = 0;
  std::vector<Rgba> pixels;

  // Precondition: 0 <= x < width, 0 <= y < height.
  const Rgba& at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
};

// Decodes any PNG to RGBA8 (tRNS applied, no gamma correction), checking CRCs and the zlib
// checksum and reading through to IEND, which must be the last 12 bytes (strict on purpose: it
// serves tests and goldens, where a truncated file must never pass). Throws ParseError("corrupt
// PNG: <reason>") on any malformed, truncated or oversized (> kMaxPngDimension) input; never reads
// out of bounds.
DecodedImage decode_png_rgba(ByteView png);

}  // namespace th
