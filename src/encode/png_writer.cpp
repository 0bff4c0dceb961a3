#include "encode/png_writer.hpp"

#include <spng.h>
#include <zlib.h>

#include <array>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "core/errors.hpp"
#include "encode/run_deflate.hpp"

namespace th {
namespace {

// PngOptions spells zlib's strategies as numbers to keep zlib.h out of the public header.
static_assert(Z_DEFAULT_STRATEGY == 0 && Z_FILTERED == 1 && Z_HUFFMAN_ONLY == 2 && Z_RLE == 3);

struct SpngCtxDeleter {
  void operator()(spng_ctx* ctx) const { spng_ctx_free(ctx); }
};
using SpngCtx = std::unique_ptr<spng_ctx, SpngCtxDeleter>;

void check_dimensions(std::size_t pixel_count, int width, int height, const char* what,
                      int max_dimension = kMaxPngDimension) {
  if (width < 1 || height < 1 || width > max_dimension || height > max_dimension) {
    throw std::invalid_argument(std::string(what) + ": image size " + std::to_string(width) + "x" +
                                std::to_string(height) + " outside 1.." +
                                std::to_string(max_dimension));
  }
  if (pixel_count != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(pixel_count) +
                                " pixels given for a " + std::to_string(width) + "x" +
                                std::to_string(height) + " image");
  }
}

void check(int status, const char* step) {
  if (status != SPNG_OK) {
    throw IoError(std::string("PNG encoder: ") + step + ": " + spng_strerror(status));
  }
}

// libspng calls this for every piece of output; it must not let an exception escape into C.
int append_to_bytes(spng_ctx*, void* user, void* data, std::size_t length) {
  try {
    auto* out = static_cast<Bytes*>(user);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + length);
    return 0;
  } catch (const std::bad_alloc&) {
    return SPNG_IO_ERROR;
  }
}

// An encoder context writing into `out`, with the settings shared by both colour types.
SpngCtx make_encoder(Bytes& out, int width, int height, std::uint8_t color_type,
                     const PngOptions& options) {
  SpngCtx ctx(spng_ctx_new(SPNG_CTX_ENCODER));
  if (!ctx) throw IoError("PNG encoder: out of memory");
  check(spng_set_png_stream(ctx.get(), append_to_bytes, &out), "output");
  check(spng_set_option(ctx.get(), SPNG_FILTER_CHOICE, SPNG_DISABLE_FILTERING), "filter");
  check(spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_LEVEL, options.compression_level),
        "compression level");
  check(spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_STRATEGY, options.strategy),
        "compression strategy");
  spng_ihdr ihdr{};
  ihdr.width = static_cast<std::uint32_t>(width);
  ihdr.height = static_cast<std::uint32_t>(height);
  ihdr.bit_depth = 8;
  ihdr.color_type = color_type;
  ihdr.compression_method = 0;
  ihdr.filter_method = 0;
  ihdr.interlace_method = SPNG_INTERLACE_NONE;
  check(spng_set_ihdr(ctx.get(), &ihdr), "header");
  return ctx;
}

void encode(spng_ctx* ctx, const void* image, std::size_t size) {
  check(spng_encode_image(ctx, image, size, SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE), "image");
}

constexpr std::uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

// A chunk is its data's length, its type, the data and a CRC-32 of type and data (PNG §5.3).
// begin_chunk returns where the chunk starts; end_chunk fills in the length and appends the CRC
// once the data has been appended.
std::size_t begin_chunk(Bytes& out, const char (&type)[5]) {
  const std::size_t start = out.size();
  append_be32(out, 0);
  out.insert(out.end(), type, type + 4);
  return start;
}

void end_chunk(Bytes& out, std::size_t start) {
  const std::size_t length = out.size() - start - 8;
  for (int k = 0; k < 4; ++k) {
    out[start + k] = static_cast<std::uint8_t>(length >> (24 - 8 * k));
  }
  const uLong crc = crc32_z(0, out.data() + start + 4, length + 4);
  append_be32(out, static_cast<std::uint32_t>(crc));
}

void append_chunk(Bytes& out, const char (&type)[5], std::span<const std::uint8_t> data) {
  const std::size_t start = begin_chunk(out, type);
  out.insert(out.end(), data.begin(), data.end());
  end_chunk(out, start);
}

// The PNG of an indexed image whose scanlines (filter byte 0 and the row's indices, per row)
// `deflate` holds: trims the palette to the entries used, renumbers, frames the chunks.
Bytes palette_png(RunDeflate& deflate, int width, int height, const Palette& palette,
                  const PngOptions& options) {
  // Which palette entries to write, in palette order: old index -> new index. The runs are
  // found before renumbering (renumbering keeps equal neighbours equal), so the used entries
  // come from the literals, not from a pass over every pixel.
  std::array<bool, 256> used{};
  if (options.trim_palette) {
    used = deflate.byte_values();
    used[0] = true;
  } else {
    used.fill(true);
  }
  std::array<std::uint8_t, 256> to_new{};
  Bytes plte;
  Bytes trns;
  std::size_t trns_size = 0;  // one past the last entry with alpha < 255
  bool identity = true;
  int entries = 0;
  for (int old_index = 0; old_index < 256; ++old_index) {
    if (!used[old_index]) continue;
    const int n = entries++;
    to_new[old_index] = static_cast<std::uint8_t>(n);
    identity = identity && n == old_index;
    const Rgba& c = palette[old_index];
    plte.insert(plte.end(), {c.r, c.g, c.b});
    trns.push_back(c.a);
    if (c.a != 255) trns_size = trns.size();
  }
  trns.resize(trns_size);
  if (!identity) deflate.rename(to_new);

  Bytes out;
  out.reserve(1024);
  out.insert(out.end(), std::begin(kPngSignature), std::end(kPngSignature));
  Bytes ihdr;
  append_be32(ihdr, static_cast<std::uint32_t>(width));
  append_be32(ihdr, static_cast<std::uint32_t>(height));
  // Bit depth 8, colour type 3 (indexed), compression 0, filter method 0, no interlacing.
  ihdr.insert(ihdr.end(), {8, 3, 0, 0, 0});
  append_chunk(out, "IHDR", ihdr);
  append_chunk(out, "PLTE", plte);
  if (!trns.empty()) append_chunk(out, "tRNS", trns);
  const std::size_t idat = begin_chunk(out, "IDAT");
  deflate.append_zlib(out);
  end_chunk(out, idat);
  append_chunk(out, "IEND", {});
  return out;
}

}  // namespace

Bytes encode_palette_png(std::span<const std::uint8_t> indices, int width, int height,
                         const Palette& palette, const PngOptions& options) {
  check_dimensions(indices.size(), width, height, "encode_palette_png");
  const std::size_t row_bytes = static_cast<std::size_t>(width) + 1;
  thread_local std::vector<std::uint8_t> scanlines;
  scanlines.resize(row_bytes * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    std::uint8_t* row = scanlines.data() + static_cast<std::size_t>(y) * row_bytes;
    row[0] = 0;
    std::memcpy(row + 1, indices.data() + static_cast<std::size_t>(y) * width,
                static_cast<std::size_t>(width));
  }
  RunDeflate deflate{std::span<const std::uint8_t>(scanlines)};
  return palette_png(deflate, width, height, palette, options);
}

Bytes encode_sparse_palette_png(std::span<const std::uint32_t> pixels,
                                std::span<const std::uint8_t> indices, int width, int height,
                                const Palette& palette, const PngOptions& options) {
  check_dimensions(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), width,
                   height, "encode_sparse_palette_png");
  if (pixels.size() != indices.size()) {
    throw std::invalid_argument("encode_sparse_palette_png: " + std::to_string(pixels.size()) +
                                " pixels with " + std::to_string(indices.size()) + " indices");
  }
  const auto bad_pixel = [](std::size_t q) {
    return std::invalid_argument("encode_sparse_palette_png: pixel " + std::to_string(q) +
                                 " out of order or outside the image");
  };
  const std::size_t image = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  // Past a sixteenth of the pixels, runs of one pixel cost more than a pass over the image.
  if (pixels.size() > image / 16) {
    thread_local std::vector<std::uint8_t> dense;
    dense.assign(image, 0);
    std::size_t next = 0;
    for (std::size_t k = 0; k < pixels.size(); ++k) {
      if (pixels[k] >= image || pixels[k] < next) throw bad_pixel(pixels[k]);
      dense[pixels[k]] = indices[k];
      next = pixels[k] + 1;
    }
    return encode_palette_png(dense, width, height, palette, options);
  }
  // The scanlines as runs: zeros (filter bytes and empty pixels) between the pixels given.
  const std::size_t row_bytes = static_cast<std::size_t>(width) + 1;
  const std::size_t total = row_bytes * static_cast<std::size_t>(height);
  const std::size_t w = static_cast<std::size_t>(width);
  thread_local std::vector<ByteRun> runs;
  runs.clear();
  std::size_t at = 0;  // scanline bytes described so far
  // The row of the current pixel and its first pixel number, followed without a division.
  std::size_t row = 0;
  std::size_t row_start = 0;
  for (std::size_t k = 0; k < pixels.size(); ++k) {
    const std::size_t q = pixels[k];
    if (q >= image) throw bad_pixel(q);
    while (q >= row_start + w) {
      row_start += w;
      ++row;
    }
    const std::size_t pos = row * row_bytes + 1 + (q - row_start);
    if (pos < at) throw bad_pixel(q);
    if (pos > at) runs.push_back({0, static_cast<std::uint32_t>(pos - at)});
    runs.push_back({indices[k], 1});
    at = pos + 1;
  }
  if (total > at) runs.push_back({0, static_cast<std::uint32_t>(total - at)});
  RunDeflate deflate{std::span<const ByteRun>(runs)};
  return palette_png(deflate, width, height, palette, options);
}

Bytes encode_rgba_png(std::span<const Rgba> pixels, int width, int height,
                      const PngOptions& options) {
  check_dimensions(pixels.size(), width, height, "encode_rgba_png");
  Bytes out;
  out.reserve(16384);
  SpngCtx ctx = make_encoder(out, width, height, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, options);
  encode(ctx.get(), pixels.data(), pixels.size_bytes());
  return out;
}

struct RgbaPngRowEncoder::Context {
  Bytes out;
  SpngCtx ctx;
};

RgbaPngRowEncoder::RgbaPngRowEncoder(int width, int height, const PngOptions& options)
    : width_(width), height_(height) {
  check_dimensions(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), width,
                   height, "RgbaPngRowEncoder", kMaxStreamedPngDimension);
  context_ = std::make_unique<Context>();
  context_->out.reserve(1 << 20);
  context_->ctx =
      make_encoder(context_->out, width, height, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, options);
  check(spng_encode_image(context_->ctx.get(), nullptr, 0, SPNG_FMT_PNG,
                          SPNG_ENCODE_PROGRESSIVE | SPNG_ENCODE_FINALIZE),
        "start");
}

RgbaPngRowEncoder::~RgbaPngRowEncoder() = default;

void RgbaPngRowEncoder::write_row(std::span<const Rgba> row) {
  if (row.size() != static_cast<std::size_t>(width_)) {
    throw std::invalid_argument("RgbaPngRowEncoder: a row of " + std::to_string(row.size()) +
                                " pixels for an image " + std::to_string(width_) + " wide");
  }
  if (!context_ || rows_ >= height_) throw std::logic_error("RgbaPngRowEncoder: too many rows");
  const int status = spng_encode_row(context_->ctx.get(), row.data(), row.size_bytes());
  ++rows_;
  // The last row finishes the image: libspng says so with SPNG_EOI.
  if (status != SPNG_OK && !(status == SPNG_EOI && rows_ == height_)) check(status, "row");
}

Bytes RgbaPngRowEncoder::finish() {
  if (!context_ || rows_ != height_) {
    throw std::logic_error("RgbaPngRowEncoder: finish() after " + std::to_string(rows_) + " of " +
                           std::to_string(height_) + " rows");
  }
  Bytes out = std::move(context_->out);
  context_.reset();
  return out;
}

}  // namespace th
