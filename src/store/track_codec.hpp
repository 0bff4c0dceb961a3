#pragma once
// Compact, lossless-at-stated-precision encoding of a track for the store.
//
// Columnar: for each field (time, lat, lon, distance, altitude, heart_rate, speed,
// segment_start) a presence run-length list, then the present values as fixed-point integers,
// delta-encoded and written as zig-zag varints. Precision: time 1 ms, lat/lon 1e-7 degree
// (about 1 cm), distance 1 cm, altitude 1 cm, heart rate 0.01 bpm, speed 1 mm/s.
// A 1 Hz track costs about 6–10 bytes per sample.
//
// Guarantees: NaN (missing) stays NaN at the same index; a value on the precision grid comes
// back bit-identical (e.g. a GPX latitude with 7 decimals, whole-second times, FIT distances);
// other values come back rounded to the nearest grid step. A column holding a value too large
// for fixed-point (beyond 2^50 units, or ±inf) is stored raw instead, bit-exact. The blob starts
// with a format version byte and ends with a checksum. Byte layout: track_codec_format.hpp.

#include <vector>

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

// Throws ParseError when the track has more than track_format::kMaxSamples (2^25) samples.
Bytes encode_track(const std::vector<Sample>& samples);
// Throws ParseError on corrupt input (never reads past the end): wrong version, checksum
// mismatch, truncation, inconsistent counts.
std::vector<Sample> decode_track(ByteView blob);

}  // namespace th
