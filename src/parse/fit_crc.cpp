#include "parse/fit_crc.hpp"

#include <array>
#include <cstddef>

namespace th::fit {
namespace {

// Slicing-by-4 tables: table[k][b] is the CRC contribution of byte b followed by k zero bytes.
// Four bytes per step keeps the file CRC well below the cost of decoding (the decoder checks
// it over every byte of every file).
using CrcTables = std::array<std::array<std::uint16_t, 256>, 4>;

constexpr CrcTables make_tables() {
  CrcTables t{};
  for (unsigned b = 0; b < 256; ++b) {
    unsigned crc = b;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? (crc >> 1) ^ 0xA001u : crc >> 1;
    t[0][b] = static_cast<std::uint16_t>(crc);
  }
  for (std::size_t k = 1; k < t.size(); ++k) {
    for (unsigned b = 0; b < 256; ++b) {
      const unsigned prev = t[k - 1][b];
      t[k][b] = static_cast<std::uint16_t>((prev >> 8) ^ t[0][prev & 0xFFu]);
    }
  }
  return t;
}

constexpr CrcTables kTables = make_tables();

}  // namespace

std::uint16_t crc16(ByteView data, std::uint16_t crc) {
  unsigned c = crc;
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  while (n >= 4) {
    // The 16-bit state overlaps the first two bytes; the last two enter the tables unchanged.
    const unsigned b0 = (p[0] ^ c) & 0xFFu;
    const unsigned b1 = (p[1] ^ (c >> 8)) & 0xFFu;
    c = static_cast<unsigned>(kTables[3][b0] ^ kTables[2][b1] ^ kTables[1][p[2]] ^
                              kTables[0][p[3]]);
    p += 4;
    n -= 4;
  }
  while (n-- > 0) c = (c >> 8) ^ kTables[0][(c ^ *p++) & 0xFFu];
  return static_cast<std::uint16_t>(c);
}

}  // namespace th::fit
