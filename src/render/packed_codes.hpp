#pragma once
// A tile's codes held compactly between drawing and encoding.
//
// A build draws every tile of a zoom before it can encode any: the colours follow the zoom's
// scales, which follow the histograms of all its pixels. At z17 of the 5,000-activity demo
// that is 43 M pixels, about 1 GB as TileCodes (2 bytes of pixel number and 11 × 2 bytes of
// codes each) held beside the prepared tracks: the build's peak memory. PackedTileCodes keeps
// the same codes in about 60 % of that, exactly (unpack() gives back the very TileCodes).
//
// Form: the pixel numbers as they are; per layer one column over the tile's pixels, either
// "the same as layer 0" (frequency and log frequency share their codes) or each code as
// (code − base + 1), 0 for no code, in the fewest bits that hold the tile's largest, where
// base is the tile's smallest non-zero code of that layer (a layer with no code there takes
// no bits). The columns follow each other in one stream of 64-bit words, least significant
// bit first.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "render/zoom_renderer.hpp"

namespace th {

class PackedTileCodes {
 public:
  PackedTileCodes() = default;
  explicit PackedTileCodes(const TileCodes& codes);

  const TileKey& tile() const { return tile_; }
  std::size_t pixel_count() const { return pixels_.size(); }
  // The codes as they were given, into `out` (its buffers reused).
  void unpack(TileCodes& out) const;
  // What tile_indices() (encode/palette_index.hpp) gives for layer `layer` of the unpacked
  // codes with `table` (65536 palette indices by code), without unpacking them: 256 × 256
  // indices; false when none of them is non-zero.
  bool layer_indices(std::size_t layer, const std::vector<std::uint8_t>& table,
                     std::vector<std::uint8_t>& indices) const;
  // The same layer as its non-zero indices only: pixel numbers (y * 256 + x, increasing) and
  // their indices, as a sparse PNG encoder takes them; false when there is none.
  bool layer_index_pixels(std::size_t layer, const std::vector<std::uint8_t>& table,
                          std::vector<std::uint32_t>& pixels,
                          std::vector<std::uint8_t>& indices) const;
  // The packed form as bytes (little-endian), for keeping a tile's codes on disk:
  //   u32 n, n × u16 pixels, kLayerCount × (u8 width, u16 base), u32 w, w × u64 words
  void append_to(Bytes& out) const;
  // The codes such bytes hold, unpacked. The bytes are treated as hostile: nullopt unless they
  // are exactly such a form, pixels increasing, every code within 16 bits and every pixel with
  // a code.
  static std::optional<TileCodes> unpack_bytes(const TileKey& tile, ByteView bytes);
  // Bytes held on the heap.
  std::size_t heap_bytes() const {
    return pixels_.capacity() * sizeof(std::uint16_t) + bits_.capacity() * sizeof(std::uint64_t);
  }

 private:
  static constexpr std::uint8_t kSameAsFirst = 0xff;  // width_: the column equals layer 0's
  template <typename F>
  void each_stored_column(F f) const;  // f(layer, width, base, first bit) per column in bits_
  template <typename F>
  void each_layer_index(std::size_t layer, const std::vector<std::uint8_t>& table, F f) const;

  TileKey tile_;
  std::vector<std::uint16_t> pixels_;
  std::array<std::uint8_t, kLayerCount> width_{};  // bits per code (0..16), or kSameAsFirst
  std::array<std::uint16_t, kLayerCount> base_{};
  std::vector<std::uint64_t> bits_;
};

}  // namespace th
