// Track blob encoder (the layout is described in track_codec_format.hpp; the decoder lives in
// track_decode.cpp).

#include <xxhash.h>

#include <bit>
#include <cmath>
#include <numeric>
#include <string>

#include "core/errors.hpp"
#include "store/track_codec.hpp"
#include "store/track_codec_format.hpp"

namespace th {
namespace track_format {

std::uint32_t checksum(ByteView bytes) {
  return static_cast<std::uint32_t>(XXH3_64bits(bytes.data(), bytes.size()) & 0xffffffffu);
}

}  // namespace track_format

namespace {

using namespace track_format;

class Writer {
 public:
  explicit Writer(Bytes& out) : out_(out) {}

  void byte(std::uint8_t b) { out_.push_back(b); }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<std::uint8_t>(v));
  }
  void zz(std::int64_t v) { varint(zigzag(v)); }
  void little_endian(std::uint64_t bits, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  }

 private:
  Bytes& out_;
};

// Value of field `f` of a sample, as double (NaN when absent).
double field_value(const Sample& s, int f) {
  switch (f) {
    case kTime: return s.time;
    case kLat: return s.lat;
    case kLon: return s.lon;
    case kDistance: return s.distance;
    case kAltitude: return static_cast<double>(s.altitude);
    case kHeartRate: return static_cast<double>(s.heart_rate);
    case kSpeed: return static_cast<double>(s.speed);
    default: return kNaN;
  }
}

bool field_present(const Sample& s, int f) {
  if (f == kSegmentStart) return s.segment_start;
  return !std::isnan(field_value(s, f));
}

// Run lengths alternating absent/present, starting with absent (the first may be 0).
void write_runs(Writer& w, const std::vector<Sample>& samples, int f,
                std::vector<std::uint64_t>& runs) {
  runs.clear();
  bool state = false;
  std::uint64_t length = 0;
  for (const Sample& s : samples) {
    const bool present = field_present(s, f);
    if (present == state) {
      ++length;
    } else {
      runs.push_back(length);
      state = present;
      length = 1;
    }
  }
  if (!samples.empty()) runs.push_back(length);
  w.varint(runs.size());
  for (const std::uint64_t r : runs) w.varint(r);
}

// Fixed-point integers of `values`, or false when one of them does not fit (then: raw).
bool to_fixed(const std::vector<double>& values, double scale, std::vector<std::int64_t>& fixed) {
  fixed.clear();
  for (const double x : values) {
    const double y = x * scale;
    if (!(std::fabs(y) <= kMaxFixed)) return false;  // also catches ±inf
    fixed.push_back(static_cast<std::int64_t>(std::nearbyint(y)));
  }
  return true;
}

std::uint64_t magnitude(std::int64_t v) {
  // |v| <= 2^52 here, so negation cannot overflow.
  return v < 0 ? static_cast<std::uint64_t>(-v) : static_cast<std::uint64_t>(v);
}

void write_fixed(Writer& w, const std::vector<std::int64_t>& v) {
  std::uint64_t g = 0;
  for (std::size_t i = 1; i < v.size() && g != 1; ++i) g = std::gcd(g, magnitude(v[i] - v[0]));
  const std::int64_t step = g == 0 ? 1 : static_cast<std::int64_t>(g);

  // Size of both orders; choose the smaller (ties: first differences, cheaper to decode).
  std::size_t size1 = 0, size2 = 0;
  std::int64_t previous_delta = 0;
  for (std::size_t i = 1; i < v.size(); ++i) {
    const std::int64_t delta = (v[i] - v[i - 1]) / step;
    size1 += varint_size(zigzag(delta));
    size2 += varint_size(zigzag(delta - previous_delta));
    previous_delta = delta;
  }
  const bool second_order = size2 < size1;
  w.byte(static_cast<std::uint8_t>(second_order ? Mode::DeltaOfDelta : Mode::Delta));
  w.zz(v[0]);
  w.varint(static_cast<std::uint64_t>(step));
  previous_delta = 0;
  for (std::size_t i = 1; i < v.size(); ++i) {
    const std::int64_t delta = (v[i] - v[i - 1]) / step;
    w.zz(second_order ? delta - previous_delta : delta);
    previous_delta = delta;
  }
}

void write_raw(Writer& w, const std::vector<double>& values, bool is_double) {
  w.byte(static_cast<std::uint8_t>(Mode::Raw));
  for (const double x : values) {
    if (is_double) {
      w.little_endian(std::bit_cast<std::uint64_t>(x), 8);
    } else {
      w.little_endian(std::bit_cast<std::uint32_t>(static_cast<float>(x)), 4);
    }
  }
}

}  // namespace

Bytes encode_track(const std::vector<Sample>& samples) {
  if (samples.size() > kMaxSamples) {
    throw ParseError("track of " + std::to_string(samples.size()) +
                     " samples is too long to store (at most " + std::to_string(kMaxSamples) + ")");
  }
  Bytes out;
  out.reserve(samples.size() * 12 + 64);
  Writer w(out);
  w.byte(kVersion);
  w.varint(samples.size());

  std::vector<std::uint64_t> runs;
  for (int f = 0; f < kFields; ++f) write_runs(w, samples, f, runs);

  std::vector<double> values;
  std::vector<std::int64_t> fixed;
  values.reserve(samples.size());
  fixed.reserve(samples.size());
  for (int f = 0; f < kNumeric; ++f) {
    values.clear();
    for (const Sample& s : samples) {
      const double x = field_value(s, f);
      if (!std::isnan(x)) values.push_back(x);
    }
    if (values.empty()) continue;
    if (to_fixed(values, kScale[f], fixed)) {
      write_fixed(w, fixed);
    } else {
      write_raw(w, values, kIsDouble[f]);
    }
  }

  const std::uint32_t sum = checksum(out);
  w.little_endian(sum, 4);
  return out;
}

}  // namespace th
