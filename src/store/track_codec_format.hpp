#pragma once
// The byte layout of a track blob (internal to the store; tests include it to fuzz the decoder
// behind the checksum). Version 1:
//
//   blob      := version:u8 (=1)  count:varint  runs × 8  columns × 7  checksum:u32 (LE)
//   runs      := n:varint  length:varint × n
//                  Run lengths alternate absent, present, absent, … starting with "absent";
//                  the first may be 0, the others are > 0, and they add up to `count`.
//                  One list per field in Field order; for segment_start "present" means true.
//   column    := nothing, when no value of the field is present
//              | mode:u8 body                      (one per numeric field, in Field order)
//   body(0|1) := first:zz  step:varint(>=1)  zz × (present - 1)
//                  Fixed-point integers v_i = round(value_i × scale). Mode 0 stores
//                  (v_i − v_{i−1}) / step, mode 1 the difference of those successive
//                  differences (smooth series: time at 1 Hz, distance). `step` is the greatest
//                  common divisor of v_i − v_0, so whole seconds or whole bpm cost one unit.
//   body(2)   := IEEE little-endian f64 (time, lat, lon, distance) or f32 (others) × present
//                  Raw fallback when a value does not fit fixed-point (|v| > 2^50, ±inf).
//   checksum  := low 32 bits of XXH3-64 over every byte before it.
//
//   varint = LEB128 (7 bits per byte, low first, at most 10 bytes); zz = zig-zag varint.
//
// Sizes stay far from overflow: |v| <= 2^50, so first differences fit in 2^51 and second ones
// in 2^52. The decoder accumulates in uint64 (wrapping is defined), so a corrupt blob gives
// garbage values or a ParseError, never UB.

#include <cstddef>
#include <cstdint>

#include "core/bytes.hpp"

namespace th::track_format {

inline constexpr std::uint8_t kVersion = 1;
// 2^25 samples: a year at one sample per second. Caps what a corrupt count can allocate.
inline constexpr std::uint64_t kMaxSamples = std::uint64_t{1} << 25;
// Largest fixed-point magnitude the encoder writes; beyond it a column is stored raw. Not 2^53:
// a decoded value is v / scale rounded to a double, and re-encoding multiplies by scale again,
// which lands within |v| * 2^-52 of v; only below 2^50 is that safely under the 0.5 that
// nearbyint() needs to give v back (a latitude of 2.9e8 degrees, v = 2.9e15, came back one
// unit off). Real values are far below: times in ms ~2^41, coordinates ~2^31.
inline constexpr double kMaxFixed = 1125899906842624.0;  // 2^50
inline constexpr std::size_t kChecksumBytes = 4;

enum class Mode : std::uint8_t { Delta = 0, DeltaOfDelta = 1, Raw = 2 };

// Fields in blob order. The first kNumeric have values; segment_start only has runs.
enum Field : int { kTime, kLat, kLon, kDistance, kAltitude, kHeartRate, kSpeed, kSegmentStart };
inline constexpr int kNumeric = 7;
inline constexpr int kFields = 8;

// Units per field: time 1 ms, lat/lon 1e-7°, distance 1 cm, altitude 1 cm, HR 0.01 bpm,
// speed 1 mm/s.
inline constexpr double kScale[kNumeric] = {1e3, 1e7, 1e7, 1e2, 1e2, 1e2, 1e3};
// Raw width per field: the in-memory type of th::Sample.
inline constexpr bool kIsDouble[kNumeric] = {true, true, true, true, false, false, false};

// Checksum of the bytes before the trailing checksum.
std::uint32_t checksum(ByteView bytes);

inline std::uint64_t zigzag(std::int64_t n) {
  return (static_cast<std::uint64_t>(n) << 1) ^ static_cast<std::uint64_t>(n >> 63);
}
// Returns the two's-complement bits of the decoded integer: callers accumulate in uint64.
inline std::uint64_t unzigzag(std::uint64_t u) {
  return (u >> 1) ^ (~(u & 1) + 1);
}

inline std::size_t varint_size(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

}  // namespace th::track_format
