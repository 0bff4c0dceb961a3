#pragma once
// Test-side PNG reading that does not go through libspng, so the encoder is checked against an
// independent reading of the bytes: the chunk list (PNG spec §5.3) and the IDAT stream inflated
// with zlib directly.

#include <zlib.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace th::test {

struct PngChunk {
  std::string type;
  Bytes data;
};

inline std::uint32_t read_be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

// Splits a PNG into its chunks, checking the signature and every CRC.
inline std::vector<PngChunk> png_chunks(const Bytes& png) {
  static constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (png.size() < 8 || !std::equal(kSignature, kSignature + 8, png.begin())) {
    throw std::runtime_error("no PNG signature");
  }
  std::vector<PngChunk> chunks;
  std::size_t pos = 8;
  while (pos < png.size()) {
    if (png.size() - pos < 12) throw std::runtime_error("truncated chunk header");
    const std::uint32_t length = read_be32(&png[pos]);
    if (png.size() - pos - 12 < length) throw std::runtime_error("truncated chunk");
    PngChunk chunk;
    chunk.type.assign(reinterpret_cast<const char*>(&png[pos + 4]), 4);
    chunk.data.assign(png.begin() + static_cast<std::ptrdiff_t>(pos + 8),
                      png.begin() + static_cast<std::ptrdiff_t>(pos + 8 + length));
    const auto crc = static_cast<std::uint32_t>(crc32(0, &png[pos + 4], length + 4));
    if (crc != read_be32(&png[pos + 8 + length])) throw std::runtime_error("bad CRC " + chunk.type);
    chunks.push_back(std::move(chunk));
    pos += 12 + length;
  }
  return chunks;
}

// Builds one chunk (length, type, data, CRC) for hand-made PNGs.
inline Bytes make_chunk(const std::string& type, const Bytes& data) {
  Bytes out;
  append_be32(out, static_cast<std::uint32_t>(data.size()));
  out.insert(out.end(), type.begin(), type.end());
  out.insert(out.end(), data.begin(), data.end());
  auto crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), 4);
  crc = crc32(crc, data.data(), static_cast<uInt>(data.size()));
  append_be32(out, static_cast<std::uint32_t>(crc));
  return out;
}

// A zlib stream inflated by zlib, which must give at most `expected_size` bytes (one spare byte
// in the buffer proves there is nothing beyond them).
inline Bytes inflate_zlib(const Bytes& compressed, std::size_t expected_size) {
  Bytes raw(expected_size + 1);
  uLongf raw_size = static_cast<uLongf>(raw.size());
  const int status =
      uncompress(raw.data(), &raw_size, compressed.data(), static_cast<uLong>(compressed.size()));
  if (status != Z_OK) throw std::runtime_error("does not inflate: " + std::to_string(status));
  raw.resize(raw_size);
  return raw;
}

// The concatenated IDAT payload inflated with zlib: the filtered scanlines, each one filter-type
// byte followed by the row's bytes.
inline Bytes inflate_idat(const std::vector<PngChunk>& chunks, std::size_t expected_size) {
  Bytes compressed;
  for (const auto& chunk : chunks) {
    if (chunk.type == "IDAT")
      compressed.insert(compressed.end(), chunk.data.begin(), chunk.data.end());
  }
  return inflate_zlib(compressed, expected_size);
}

}  // namespace th::test
