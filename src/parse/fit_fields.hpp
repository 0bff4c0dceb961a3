#pragma once
// Decoder internals: which fields of which messages trackheat reads, and how one field value is
// read from the bytes of a data message. Not a public interface (used by fit_decoder.cpp and
// fit_messages.cpp only).
//
// Every definition message is compiled once into a short list of FieldReads (offset in the
// message, how to read, which slot it fills); each data message then runs that list and hands
// an array of slots (double, NaN = invalid or absent) to the message's handler. Nothing is looked
// up by field number per data message.

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>

#include "parse/fit_profile.hpp"

namespace th::fit {

// Slot 0 is the timestamp (field 253) of every message: the decoder keeps the reference for
// compressed-timestamp headers from it without knowing the message.
inline constexpr std::uint8_t kSlotTimestamp = 0;
inline constexpr int kMaxSlots = 10;
using Slots = std::array<double, kMaxSlots>;

namespace slot {
// record (20)
inline constexpr std::uint8_t kLat = 1, kLon = 2, kAltitude = 3, kEnhancedAltitude = 4,
                              kHeartRate = 5, kDistance = 6, kSpeed = 7, kEnhancedSpeed = 8,
                              kCompressedSpeedDistance = 9;
// session (18) and lap (19) share one layout
inline constexpr std::uint8_t kStartTime = 1, kSport = 2, kSubSport = 3, kElapsed = 4, kTimer = 5,
                              kTotalDistance = 6, kAscent = 7;
// activity (34)
inline constexpr std::uint8_t kLocalTimestamp = 1;
// file_id (0)
inline constexpr std::uint8_t kFileType = 1;
// sport (12) uses kSport and kSubSport
}  // namespace slot

// How to read a field: a base type number (0..16), plus kKindBigEndian for multi-byte values in
// a big-endian definition, or kKindRaw24 for compressed_speed_distance's 3 bytes.
inline constexpr std::uint8_t kKindBigEndian = 0x20;
inline constexpr std::uint8_t kKindRaw24 = 0x40;

struct FieldRead {
  std::uint16_t offset = 0;  // from the first byte after the record header
  std::uint8_t kind = 0;
  std::uint8_t slot = 0;
};

// What trackheat wants from field `field` of message `global`: the slot it fills and the base
// type the profile gives it. nullopt: not read.
struct WantedField {
  std::uint8_t slot;
  BaseType expected;
};
std::optional<WantedField> wanted_field(std::uint16_t global, std::uint8_t field);

// How to read a wanted field as declared in a definition, or nullopt to skip it. Declarations
// that do not match the profile are handled so they can never yield garbage:
//   - size not a whole number of values of the declared type (seen from COROS): skipped;
//   - an array: its first value is read;
//   - another integer type of the profile's size (uint32 for a sint32 position): read with the
//     profile's type, so signedness and the invalid sentinel are the profile's;
//   - a wider integer type (uint32 altitude): read with the declared type (same units);
//   - a narrower integer type, a string, opaque bytes of another size: skipped;
//   - float32/float64: read as declared (scale and offset still apply, as in the FIT SDK).
std::optional<std::uint8_t> read_kind(const WantedField& want, std::uint8_t declared_base_type,
                                      std::uint8_t field_size, bool big_endian);

// --- Reading values ------------------------------------------------------------------------

template <typename T>
inline T byteswap_value(T v) {
  if constexpr (sizeof(T) == 2) {
    return static_cast<T>(__builtin_bswap16(static_cast<std::uint16_t>(v)));
  } else if constexpr (sizeof(T) == 4) {
    return static_cast<T>(__builtin_bswap32(static_cast<std::uint32_t>(v)));
  } else {
    return static_cast<T>(__builtin_bswap64(static_cast<std::uint64_t>(v)));
  }
}

template <typename T>
inline T load(const std::uint8_t* p, bool big_endian) {
  T v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (sizeof(T) > 1) {
    if (big_endian != (std::endian::native == std::endian::big)) v = byteswap_value(v);
  }
  return v;
}

// The value of the field at `p` read as `kind`; NaN when it is the type's invalid sentinel (or
// a non-finite float). Precondition: `p` points at at least as many bytes as the kind reads.
inline double read_value(const std::uint8_t* p, std::uint8_t kind) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const bool be = (kind & kKindBigEndian) != 0;
  switch (kind & ~kKindBigEndian) {
    case kEnum:
    case kUint8:
    case kByte: return p[0] == 0xFF ? nan : p[0];
    case kSint8: {
      const auto v = static_cast<std::int8_t>(p[0]);
      return v == 0x7F ? nan : v;
    }
    case kUint8z: return p[0] == 0 ? nan : p[0];
    case kSint16: {
      const auto v = static_cast<std::int16_t>(load<std::uint16_t>(p, be));
      return v == 0x7FFF ? nan : v;
    }
    case kUint16: {
      const auto v = load<std::uint16_t>(p, be);
      return v == 0xFFFF ? nan : v;
    }
    case kUint16z: {
      const auto v = load<std::uint16_t>(p, be);
      return v == 0 ? nan : v;
    }
    case kSint32: {
      const auto v = static_cast<std::int32_t>(load<std::uint32_t>(p, be));
      return v == 0x7FFFFFFF ? nan : v;
    }
    case kUint32: {
      const auto v = load<std::uint32_t>(p, be);
      return v == 0xFFFFFFFFu ? nan : v;
    }
    case kUint32z: {
      const auto v = load<std::uint32_t>(p, be);
      return v == 0 ? nan : v;
    }
    case kFloat32: {
      const auto bits = load<std::uint32_t>(p, be);
      float f;
      std::memcpy(&f, &bits, sizeof f);
      return std::isfinite(f) ? f : nan;
    }
    case kFloat64: {
      const auto bits = load<std::uint64_t>(p, be);
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return std::isfinite(d) ? d : nan;
    }
    case kSint64: {
      const auto v = static_cast<std::int64_t>(load<std::uint64_t>(p, be));
      return v == 0x7FFFFFFFFFFFFFFF ? nan : static_cast<double>(v);
    }
    case kUint64: {
      const auto v = load<std::uint64_t>(p, be);
      return v == 0xFFFFFFFFFFFFFFFFu ? nan : static_cast<double>(v);
    }
    case kUint64z: {
      const auto v = load<std::uint64_t>(p, be);
      return v == 0 ? nan : static_cast<double>(v);
    }
    case kKindRaw24: {
      const std::uint32_t v = p[0] | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16);
      return v == 0xFFFFFFu ? nan : v;
    }
    default: return nan;
  }
}

}  // namespace th::fit
