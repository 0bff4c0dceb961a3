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

// Marks every index that occurs. Tiles are mostly 0, so runs of eight zero bytes are skipped
// with one 64-bit test; entry 0 is marked by the caller regardless.
void mark_used(std::span<const std::uint8_t> indices, std::array<bool, 256>& used) {
  std::size_t i = 0;
  for (; i + 8 <= indices.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, indices.data() + i, sizeof word);
    if (word == 0) continue;
    for (std::size_t j = i; j < i + 8; ++j) used[indices[j]] = true;
  }
  for (; i < indices.size(); ++i) used[indices[i]] = true;
}

// Renumbers indices through `to_new`, which maps 0 to 0 (so zero runs are copied as they are).
void renumber(std::span<const std::uint8_t> indices, const std::array<std::uint8_t, 256>& to_new,
              std::uint8_t* out) {
  std::size_t i = 0;
  for (; i + 8 <= indices.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, indices.data() + i, sizeof word);
    if (word == 0) {
      std::memcpy(out + i, &word, sizeof word);
      continue;
    }
    for (std::size_t j = i; j < i + 8; ++j) out[j] = to_new[indices[j]];
  }
  for (; i < indices.size(); ++i) out[i] = to_new[indices[i]];
}

}  // namespace

Bytes encode_palette_png(std::span<const std::uint8_t> indices, int width, int height,
                         const Palette& palette, const PngOptions& options) {
  check_dimensions(indices.size(), width, height, "encode_palette_png");

  // Which palette entries to write, in palette order: old index -> new index.
  std::array<bool, 256> used{};
  if (options.trim_palette) {
    mark_used(indices, used);
    used[0] = true;
  } else {
    used.fill(true);
  }
  std::array<std::uint8_t, 256> to_new{};
  spng_plte plte{};
  spng_trns trns{};
  std::uint32_t last_translucent = 0;  // one past the last entry with alpha < 255
  bool identity = true;
  for (int old_index = 0; old_index < 256; ++old_index) {
    if (!used[old_index]) continue;
    const std::uint32_t n = plte.n_entries++;
    to_new[old_index] = static_cast<std::uint8_t>(n);
    identity = identity && n == static_cast<std::uint32_t>(old_index);
    const Rgba& c = palette[old_index];
    plte.entries[n] = {c.r, c.g, c.b, 255};
    trns.type3_alpha[n] = c.a;
    if (c.a != 255) last_translucent = n + 1;
  }
  trns.n_type3_entries = last_translucent;

  std::vector<std::uint8_t> renumbered;
  std::span<const std::uint8_t> image = indices;
  if (!identity) {
    renumbered.resize(indices.size());
    renumber(indices, to_new, renumbered.data());
    image = renumbered;
  }

  Bytes out;
  out.reserve(4096);
  SpngCtx ctx = make_encoder(out, width, height, SPNG_COLOR_TYPE_INDEXED, options);
  check(spng_set_plte(ctx.get(), &plte), "palette");
  if (trns.n_type3_entries > 0) check(spng_set_trns(ctx.get(), &trns), "transparency");
  encode(ctx.get(), image.data(), image.size());
  return out;
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
