// decode_png_rgba() (declared in png_writer.hpp beside the encoders it checks).

#include <spng.h>

#include <algorithm>
#include <memory>
#include <string>

#include "core/errors.hpp"
#include "encode/png_writer.hpp"

namespace th {
namespace {

struct SpngCtxDeleter {
  void operator()(spng_ctx* ctx) const { spng_ctx_free(ctx); }
};

// Caps on what a hostile file can make libspng buffer: no ancillary chunk we care about comes
// near these.
constexpr std::size_t kMaxChunkBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxChunkCacheBytes = std::size_t{32} << 20;

// The complete IEND chunk (length 0, type, CRC): every PNG ends with these 12 bytes.
constexpr std::uint8_t kIend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};

void check(int status) {
  if (status != SPNG_OK) throw ParseError(std::string("corrupt PNG: ") + spng_strerror(status));
}

}  // namespace

DecodedImage decode_png_rgba(ByteView png) {
  // libspng stops reading at IEND's type and does not notice a missing CRC after it; checking
  // the tail here makes every truncation an error.
  if (png.size() < sizeof kIend ||
      !std::equal(std::begin(kIend), std::end(kIend), png.end() - sizeof kIend)) {
    throw ParseError("corrupt PNG: does not end with an IEND chunk (truncated?)");
  }
  std::unique_ptr<spng_ctx, SpngCtxDeleter> ctx(spng_ctx_new(0));
  if (!ctx) throw IoError("PNG decoder: out of memory");
  check(spng_set_image_limits(ctx.get(), kMaxPngDimension, kMaxPngDimension));
  check(spng_set_chunk_limits(ctx.get(), kMaxChunkBytes, kMaxChunkCacheBytes));
  check(spng_set_png_buffer(ctx.get(), png.data(), png.size()));

  spng_ihdr ihdr{};
  check(spng_get_ihdr(ctx.get(), &ihdr));
  std::size_t size = 0;
  check(spng_decoded_image_size(ctx.get(), SPNG_FMT_RGBA8, &size));

  DecodedImage image;
  image.width = static_cast<int>(ihdr.width);
  image.height = static_cast<int>(ihdr.height);
  if (size != static_cast<std::size_t>(image.width) * image.height * sizeof(Rgba)) {
    throw ParseError("corrupt PNG: unexpected decoded size");
  }
  image.pixels.resize(size / sizeof(Rgba));
  check(spng_decode_image(ctx.get(), image.pixels.data(), size, SPNG_FMT_RGBA8, SPNG_DECODE_TRNS));
  // Read on to IEND so that a file cut after its pixel data is still reported as corrupt.
  check(spng_decode_chunks(ctx.get()));
  return image;
}

}  // namespace th
