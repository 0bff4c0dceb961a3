#pragma once
// Test-only: builds FIT bytes message by message, so decoder tests can state exactly what a file
// holds (12- or 14-byte headers, big-endian definitions, compressed timestamps, developer
// fields, broken CRCs). Deliberately independent of the product's writer.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "parse/fit_crc.hpp"

namespace th::test {

// FIT base type bytes as they appear in field definitions.
namespace bt {
inline constexpr std::uint8_t kEnum = 0x00, kSint8 = 0x01, kUint8 = 0x02, kSint16 = 0x83,
                              kUint16 = 0x84, kSint32 = 0x85, kUint32 = 0x86, kString = 0x07,
                              kFloat32 = 0x88, kUint8z = 0x0A, kUint16z = 0x8B, kUint32z = 0x8C,
                              kByte = 0x0D;
}  // namespace bt

struct FitField {
  std::uint8_t number;
  std::uint8_t size;
  std::uint8_t base_type;
};

// Unix time -> FIT date_time.
inline std::uint32_t fit_time(double unix_seconds) {
  return static_cast<std::uint32_t>(unix_seconds - 631065600.0);
}
// Degrees -> semicircles.
inline std::int32_t semicircles(double degrees) {
  return static_cast<std::int32_t>(degrees * 2147483648.0 / 180.0);
}

class FitBuilder {
 public:
  // A definition message; `dev_fields` (number, size, developer index) sets the developer flag.
  FitBuilder& define(std::uint8_t local, std::uint16_t global,
                     std::initializer_list<FitField> fields, bool big_endian = false,
                     std::initializer_list<FitField> dev_fields = {}) {
    const bool dev = dev_fields.size() > 0;
    data_.push_back(static_cast<std::uint8_t>(0x40 | (dev ? 0x20 : 0) | local));
    data_.push_back(0);
    data_.push_back(big_endian ? 1 : 0);
    big_endian_[local & 15] = big_endian;
    big_endian_now_ = big_endian;
    put(global, 2);
    data_.push_back(static_cast<std::uint8_t>(fields.size()));
    for (const FitField& f : fields) data_.insert(data_.end(), {f.number, f.size, f.base_type});
    if (dev) {
      data_.push_back(static_cast<std::uint8_t>(dev_fields.size()));
      for (const FitField& f : dev_fields) {
        data_.insert(data_.end(), {f.number, f.size, f.base_type});
      }
    }
    return *this;
  }
  // Starts a data message with a normal header.
  FitBuilder& data(std::uint8_t local) {
    message_starts_.push_back(size());
    data_.push_back(local & 15);
    big_endian_now_ = big_endian_[local & 15];
    return *this;
  }
  // Starts a data message with a compressed-timestamp header.
  FitBuilder& compressed(std::uint8_t local, std::uint8_t time_offset) {
    message_starts_.push_back(size());
    data_.push_back(static_cast<std::uint8_t>(0x80 | ((local & 3) << 5) | (time_offset & 31)));
    big_endian_now_ = big_endian_[local & 3];
    return *this;
  }
  FitBuilder& u8(std::uint8_t v) { return put(v, 1); }
  FitBuilder& u16(std::uint16_t v) { return put(v, 2); }
  FitBuilder& u32(std::uint32_t v) { return put(v, 4); }
  FitBuilder& s32(std::int32_t v) { return put(static_cast<std::uint32_t>(v), 4); }
  FitBuilder& raw(std::initializer_list<std::uint8_t> bytes) {
    data_.insert(data_.end(), bytes);
    return *this;
  }
  FitBuilder& str(const std::string& s, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      data_.push_back(i < s.size() ? static_cast<std::uint8_t>(s[i]) : 0);
    }
    return *this;
  }

  // Offset (in the finished file) where each data message started, in order.
  std::vector<std::size_t> message_starts() const { return message_starts_; }
  // Bytes of the finished file so far would be header_size + data.
  std::size_t size() const { return header_size_ + data_.size(); }

  void set_header_size(std::size_t n) { header_size_ = n; }

  // Header + data + file CRC. `corrupt_*` flip the stored CRC values.
  Bytes finish(bool corrupt_header_crc = false, bool corrupt_file_crc = false) const {
    Bytes out;
    out.push_back(static_cast<std::uint8_t>(header_size_));
    out.push_back(0x20);
    out.push_back(0x5C);  // profile 21.40
    out.push_back(0x08);
    const auto n = static_cast<std::uint32_t>(data_.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
    out.insert(out.end(), {'.', 'F', 'I', 'T'});
    if (header_size_ == 14) {
      std::uint16_t crc = fit::crc16(ByteView(out.data(), 12));
      if (corrupt_header_crc) crc ^= 0x1234;
      out.push_back(static_cast<std::uint8_t>(crc));
      out.push_back(static_cast<std::uint8_t>(crc >> 8));
    }
    out.insert(out.end(), data_.begin(), data_.end());
    std::uint16_t crc = fit::crc16(out);
    if (corrupt_file_crc) crc ^= 0x0101;
    out.push_back(static_cast<std::uint8_t>(crc));
    out.push_back(static_cast<std::uint8_t>(crc >> 8));
    return out;
  }

 private:
  FitBuilder& put(std::uint32_t v, int n) {
    for (int i = 0; i < n; ++i) {
      const int shift = big_endian_now_ ? 8 * (n - 1 - i) : 8 * i;
      data_.push_back(static_cast<std::uint8_t>(v >> shift));
    }
    return *this;
  }

  std::size_t header_size_ = 14;
  Bytes data_;
  bool big_endian_[16] = {};
  bool big_endian_now_ = false;
  std::vector<std::size_t> message_starts_;
};

}  // namespace th::test
