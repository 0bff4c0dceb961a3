#include "render/packed_codes.hpp"

#include <bit>

namespace th {

namespace {

// Writes values of up to 16 bits into a stream of words sized in advance.
class BitWriter {
 public:
  explicit BitWriter(std::vector<std::uint64_t>& words) : words_(words) {}
  void put(std::uint64_t value, unsigned width) {
    const std::size_t word = at_ >> 6;
    const unsigned offset = at_ & 63;
    words_[word] |= value << offset;
    if (offset + width > 64) words_[word + 1] |= value >> (64 - offset);
    at_ += width;
  }

 private:
  std::vector<std::uint64_t>& words_;
  std::size_t at_ = 0;
};

class BitReader {
 public:
  explicit BitReader(const std::vector<std::uint64_t>& words) : words_(words) {}
  std::uint64_t get(unsigned width) {
    const std::size_t word = at_ >> 6;
    const unsigned offset = at_ & 63;
    std::uint64_t value = words_[word] >> offset;
    if (offset + width > 64) value |= words_[word + 1] << (64 - offset);
    at_ += width;
    return value & ((std::uint64_t{1} << width) - 1);
  }

 private:
  const std::vector<std::uint64_t>& words_;
  std::size_t at_ = 0;
};

}  // namespace

// The columns held in bits_, in their order: f(layer, width, base).
template <typename F>
void PackedTileCodes::each_stored_column(F f) const {
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    if (width_[l] != 0 && width_[l] != kSameAsFirst) f(l, width_[l], base_[l]);
  }
}

PackedTileCodes::PackedTileCodes(const TileCodes& codes)
    : tile_(codes.tile), pixels_(codes.pixels) {
  const std::size_t n = pixels_.size();
  const auto code = [&codes](std::size_t p, std::size_t l) {
    return codes.codes[p * kLayerCount + l];
  };
  std::size_t total_bits = 0;
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    bool same = l > 0;
    std::uint16_t lo = 0xffff, hi = 0;
    for (std::size_t p = 0; p < n; ++p) {
      const std::uint16_t c = code(p, l);
      same = same && c == code(p, 0);
      if (c != 0) {
        lo = std::min(lo, c);
        hi = std::max(hi, c);
      }
    }
    if (same) {
      width_[l] = kSameAsFirst;
      continue;
    }
    base_[l] = hi == 0 ? 0 : lo;
    width_[l] = hi == 0 ? 0 : static_cast<std::uint8_t>(std::bit_width(unsigned{hi} - lo + 1u));
    total_bits += n * width_[l];
  }
  bits_.assign((total_bits + 63) / 64, 0);
  BitWriter out(bits_);
  each_stored_column([&](std::size_t l, unsigned width, unsigned base) {
    for (std::size_t p = 0; p < n; ++p) {
      const unsigned c = code(p, l);
      out.put(c == 0 ? 0 : c - base + 1, width);
    }
  });
}

void PackedTileCodes::unpack(TileCodes& out) const {
  const std::size_t n = pixels_.size();
  out.tile = tile_;
  out.pixels.assign(pixels_.begin(), pixels_.end());
  out.codes.assign(n * kLayerCount, 0);
  BitReader in(bits_);
  each_stored_column([&](std::size_t l, unsigned width, unsigned base) {
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

}  // namespace th
