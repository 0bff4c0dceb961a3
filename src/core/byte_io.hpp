#pragma once
// Little-endian binary encoding for the project's own small file formats (the site's tile
// index, the render cache). Hand-written: the formats are a few fixed-width integers and byte
// strings, which no packaged serialisation library makes simpler or safer to validate.
//
// ByteReader never reads past its view: a read that does not fit returns 0 (or an empty view)
// and sets failed(), so a decoder can read a whole record and check once. Decoders of files
// from disk must still check counts against remaining() before allocating (hostile input).

#include <cstdint>
#include <cstring>

#include "core/bytes.hpp"

namespace th {

class ByteWriter {
 public:
  explicit ByteWriter(Bytes& out) : out_(out) {}
  void le(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void raw(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    out_.insert(out_.end(), p, p + n);
  }
  std::size_t pos() const { return out_.size(); }

 private:
  Bytes& out_;
};

class ByteReader {
 public:
  explicit ByteReader(ByteView bytes) : bytes_(bytes) {}
  bool has(std::size_t n) const { return bytes_.size() - pos_ >= n; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  std::size_t pos() const { return pos_; }
  bool failed() const { return failed_; }

  std::uint64_t le(int n) {
    if (!has(static_cast<std::size_t>(n))) return fail(), 0;
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(bytes_[pos_ + i]) << (8 * i);
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  ByteView take(std::size_t n) {
    if (!has(n)) return fail(), ByteView{};
    const ByteView v = bytes_.subspan(pos_, n);
    pos_ += n;
    return v;
  }

 private:
  void fail() {
    failed_ = true;
    pos_ = bytes_.size();
  }
  ByteView bytes_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace th
