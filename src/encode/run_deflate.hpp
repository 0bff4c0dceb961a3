#pragma once
// A zlib stream (RFC 1950) of one DEFLATE block (RFC 1951) that codes only literals and runs:
// every match has distance 1, which is what zlib's Z_RLE strategy does, and all a heatmap tile's
// rows of palette indices need (long runs of "no data" with short runs of colour).
//
// Why not zlib or libdeflate: on these inputs zlib's deflate (Z_RLE) plus its adler32 were the
// largest single cost of a build, and libdeflate was measured no faster (bench/png_bench.cpp).
// Knowing that only runs are wanted makes this much cheaper: runs are found 8 bytes at a time,
// the adler32 checksum is computed per run in closed form instead of per byte, and the block's
// Huffman codes are built from the exact symbol counts of the buffer (one dynamic block, so the
// output is as small as zlib's). The output is deterministic and any inflater reads it.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/bytes.hpp"

namespace th {

// `count` copies of `value`: data described as a sequence of runs.
struct ByteRun {
  std::uint8_t value = 0;
  std::uint32_t count = 0;
};

// Usage: construct over the bytes (this finds the runs), optionally rename the byte values, then
// append the zlib stream.
class RunDeflate {
 public:
  explicit RunDeflate(std::span<const std::uint8_t> data);
  // The same data given as runs (neighbours may hold the same value; a count of 0 is skipped):
  // the same tokens as from the bytes themselves, at a cost per run instead of per byte — a
  // sparse tile is a few hundred runs against 65,792 bytes.
  explicit RunDeflate(std::span<const ByteRun> runs);

  // Which byte values occur in the data.
  std::array<bool, 256> byte_values() const;
  // Codes every byte b as to[b] instead. Precondition: `to` is one-to-one on the values that
  // occur, so equal neighbours stay equal and the runs found still hold.
  void rename(const std::array<std::uint8_t, 256>& to);
  // Appends the zlib stream (header, one final dynamic-Huffman block, Adler-32) of the data, as
  // renamed, to `out`. Any size of data is accepted, including none.
  void append_zlib(Bytes& out) const;

 private:
  // One token per literal or run: below 256 a literal byte, 256 + n a run of n (3..258) copies
  // of the byte before it (a match at distance 1). Every value's first occurrence is a literal.
  std::vector<std::uint16_t> tokens_;
};

}  // namespace th
