#include "render/packed_codes.hpp"

#include <algorithm>
#include <bit>

#include "core/byte_io.hpp"

namespace th {

namespace {

// Writes values of up to 16 bits into a stream of words sized in advance.
class BitWriter {
 public:
  explicit BitWriter(std::vector<std::uint64_t>& words) : out_(words.data()) {}
  void put(std::uint64_t value, unsigned width) {
    word_ |= value << fill_;
    fill_ += width;
    if (fill_ >= 64) {
      *out_++ = word_;
      fill_ -= 64;
      word_ = fill_ != 0 ? value >> (width - fill_) : 0;
    }
  }
  void flush() {
    if (fill_ != 0) *out_ = word_;
  }

 private:
  std::uint64_t* out_;
  std::uint64_t word_ = 0;
  unsigned fill_ = 0;
};

class BitReader {
 public:
  BitReader(const std::vector<std::uint64_t>& words, std::size_t at)
      : words_(words.data()), at_(at) {}
  std::uint64_t get(unsigned width) {
    const std::size_t word = at_ >> 6;
    const unsigned offset = at_ & 63;
    std::uint64_t value = words_[word] >> offset;
    if (offset + width > 64) value |= words_[word + 1] << (64 - offset);
    at_ += width;
    return value & ((std::uint64_t{1} << width) - 1);
  }

 private:
  const std::uint64_t* words_;
  std::size_t at_;
};

}  // namespace

// The columns held in bits_, in their order: f(layer, width, base, first bit).
template <typename F>
void PackedTileCodes::each_stored_column(F f) const {
  std::size_t at = 0;
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    if (width_[l] == 0 || width_[l] == kSameAsFirst) continue;
    f(l, width_[l], base_[l], at);
    at += pixels_.size() * width_[l];
  }
}

PackedTileCodes::PackedTileCodes(const TileCodes& codes)
    : tile_(codes.tile), pixels_(codes.pixels) {
  const std::size_t n = pixels_.size();
  const std::uint16_t* codes_of = codes.codes.data();  // pixel p, layer l: [p * kLayerCount + l]
  std::size_t total_bits = 0;
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    // One column at a time: its range and whether it equals layer 0, in registers.
    bool same = l > 0;
    unsigned lo = 0xffff, hi = 0;
    for (std::size_t p = 0; p < n; ++p) {
      const unsigned c = codes_of[p * kLayerCount + l];
      same &= c == codes_of[p * kLayerCount];
      lo = std::min(lo, c != 0 ? c : 0xffffu);
      hi = std::max(hi, c);
    }
    if (same) {
      width_[l] = kSameAsFirst;
      continue;
    }
    base_[l] = static_cast<std::uint16_t>(hi == 0 ? 0 : lo);
    width_[l] = hi == 0 ? 0 : static_cast<std::uint8_t>(std::bit_width(hi - lo + 1));
    total_bits += n * width_[l];
  }
  bits_.assign((total_bits + 63) / 64, 0);
  BitWriter out(bits_);
  each_stored_column([&](std::size_t l, unsigned width, unsigned base, std::size_t) {
    for (std::size_t p = 0; p < n; ++p) {
      const unsigned c = codes_of[p * kLayerCount + l];
      out.put(c == 0 ? 0 : c - base + 1, width);
    }
  });
  out.flush();
}

void PackedTileCodes::unpack(TileCodes& out) const {
  const std::size_t n = pixels_.size();
  out.tile = tile_;
  out.pixels.assign(pixels_.begin(), pixels_.end());
  out.codes.assign(n * kLayerCount, 0);
  each_stored_column([&](std::size_t l, unsigned width, unsigned base, std::size_t at) {
    BitReader in(bits_, at);
    for (std::size_t p = 0; p < n; ++p) {
      const auto v = static_cast<unsigned>(in.get(width));
      out.codes[p * kLayerCount + l] = v == 0 ? 0 : static_cast<std::uint16_t>(v + base - 1);
    }
  });
  for (std::size_t l = 1; l < kLayerCount; ++l) {
    if (width_[l] != kSameAsFirst) continue;
    for (std::size_t p = 0; p < n; ++p) out.codes[p * kLayerCount + l] = out.codes[p * kLayerCount];
  }
}

template <typename F>
void PackedTileCodes::each_layer_index(std::size_t layer, const std::vector<std::uint8_t>& table,
                                       F f) const {
  const std::size_t l = width_[layer] == kSameAsFirst ? 0 : layer;
  if (width_[l] == 0) {  // no code in this layer: every pixel is code 0
    for (const std::uint16_t pixel : pixels_) f(pixel, table[0]);
    return;
  }
  each_stored_column([&](std::size_t column, unsigned width, unsigned base, std::size_t at) {
    if (column != l) return;
    const std::uint8_t* from_base = table.data() + (base - 1);  // value v >= 1: code v + base - 1
    BitReader in(bits_, at);
    for (const std::uint16_t pixel : pixels_) {
      const auto v = static_cast<unsigned>(in.get(width));
      f(pixel, v == 0 ? table[0] : from_base[v]);
    }
  });
}

bool PackedTileCodes::layer_indices(std::size_t layer, const std::vector<std::uint8_t>& table,
                                    std::vector<std::uint8_t>& indices) const {
  indices.assign(static_cast<std::size_t>(kTileSizePx) * kTileSizePx, 0);
  std::uint8_t any = 0;
  each_layer_index(layer, table, [&](std::uint16_t pixel, std::uint8_t index) {
    indices[pixel] = index;
    any |= index;
  });
  return any != 0;
}

bool PackedTileCodes::layer_index_pixels(std::size_t layer, const std::vector<std::uint8_t>& table,
                                         std::vector<std::uint32_t>& pixels,
                                         std::vector<std::uint8_t>& indices) const {
  pixels.clear();
  indices.clear();
  each_layer_index(layer, table, [&](std::uint16_t pixel, std::uint8_t index) {
    if (index == 0) return;
    pixels.push_back(pixel);
    indices.push_back(index);
  });
  return !pixels.empty();
}

void PackedTileCodes::append_to(Bytes& out) const {
  ByteWriter w(out);
  w.le(pixels_.size(), 4);
  for (const std::uint16_t p : pixels_) w.le(p, 2);
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    w.le(width_[l], 1);
    w.le(base_[l], 2);
  }
  w.le(bits_.size(), 4);
  for (const std::uint64_t word : bits_) w.le(word, 8);
}

std::optional<TileCodes> PackedTileCodes::unpack_bytes(const TileKey& tile, ByteView bytes) {
  ByteReader in(bytes);
  PackedTileCodes packed;
  packed.tile_ = tile;
  const std::size_t n = in.le(4);
  if (n > static_cast<std::size_t>(kTileSizePx) * kTileSizePx || in.remaining() / 2 < n) {
    return std::nullopt;
  }
  packed.pixels_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    packed.pixels_[i] = static_cast<std::uint16_t>(in.le(2));
    if (i > 0 && packed.pixels_[i] <= packed.pixels_[i - 1]) return std::nullopt;
  }
  std::size_t total_bits = 0;
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    packed.width_[l] = static_cast<std::uint8_t>(in.le(1));
    packed.base_[l] = static_cast<std::uint16_t>(in.le(2));
    const unsigned width = packed.width_[l];
    if (width == kSameAsFirst ? l == 0 : width > 16) return std::nullopt;
    if (width != kSameAsFirst) total_bits += n * width;
  }
  const std::size_t words = in.le(4);
  if (words != (total_bits + 63) / 64 || in.remaining() != words * 8) return std::nullopt;
  packed.bits_.resize(words);
  for (std::uint64_t& word : packed.bits_) word = in.le(8);
  if (in.failed()) return std::nullopt;
  // Every stored value v >= 1 stands for code v + base - 1, which must fit 16 bits.
  bool fits = true;
  packed.each_stored_column([&](std::size_t, unsigned width, unsigned base, std::size_t at) {
    BitReader bits(packed.bits_, at);
    for (std::size_t p = 0; p < n; ++p) {
      const auto v = static_cast<unsigned>(bits.get(width));
      fits = fits && (v == 0 || (base >= 1 && v + base - 1 <= 0xffff));
    }
  });
  if (!fits) return std::nullopt;
  TileCodes codes;
  packed.unpack(codes);
  for (std::size_t p = 0; p < n; ++p) {
    const auto first = codes.codes.begin() + static_cast<std::ptrdiff_t>(p * kLayerCount);
    if (std::all_of(first, first + kLayerCount, [](std::uint16_t c) { return c == 0; })) {
      return std::nullopt;
    }
  }
  return codes;
}

}  // namespace th
