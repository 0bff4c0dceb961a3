#pragma once
// The FIT CRC: CRC-16 with the reflected polynomial 0xA001 (CRC-16/ARC), initial value 0, no
// final XOR. It protects the 14-byte header (over bytes 0..11) and each file (over header +
// data); running it over data followed by its little-endian CRC gives 0.

#include <cstdint>

#include "core/bytes.hpp"

namespace th::fit {

// Continues `crc` over `data` (start with 0).
std::uint16_t crc16(ByteView data, std::uint16_t crc = 0);

}  // namespace th::fit
