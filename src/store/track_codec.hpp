#pragma once
// Compact, lossless-at-stated-precision encoding of a track for the store.
//
// Columnar: for each field (time, lat, lon, distance, altitude, heart_rate, speed,
// segment_start) a presence run-length list, then the present values as fixed-point integers,
// delta-encoded and written as zig-zag varints. Precision: time 1 ms, lat/lon 1e-7 degree
// (about 1 cm), distance 1 cm, altitude 1 cm, heart rate 0.01 bpm, speed 1 mm/s.
// A 1 Hz track costs about 6–10 bytes per sample.

#include <vector>

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

Bytes encode_track(const std::vector<Sample>& samples);
// Throws ParseError on corrupt input (never reads past the end).
std::vector<Sample> decode_track(ByteView blob);

}  // namespace th
