// Track blob decoder (layout in track_codec_format.hpp). Hot path of every map render and warm
// import, so the value loops are templates over the Sample member they fill, and varints are
// read without a bounds check per byte whenever ten bytes remain. Every read is bounded by the
// end of the blob; every count is validated before it sizes an allocation.

#include <bit>
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>

#include "core/errors.hpp"
#include "store/track_codec.hpp"
#include "store/track_codec_format.hpp"

namespace th {
namespace {

using namespace track_format;

[[noreturn]] void fail(const std::string& what) {
  throw ParseError("corrupt track blob: " + what);
}

class Reader {
 public:
  Reader(const std::uint8_t* begin, const std::uint8_t* end) : p_(begin), end_(end) {}

  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
  bool at_end() const { return p_ == end_; }

  std::uint8_t byte() {
    if (p_ == end_) fail("truncated");
    return *p_++;
  }

  std::uint64_t varint() {
    if (remaining() >= 10) [[likely]] {
      std::uint64_t result = 0;
      for (int shift = 0; shift < 63; shift += 7) {
        const std::uint8_t b = *p_++;
        result |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if (b < 0x80) return result;
      }
      return last_varint_byte(result, *p_++);
    }
    return varint_checked();
  }

  // Little-endian fixed-width integer of `n` bytes (n <= 8).
  std::uint64_t little_endian(int n) {
    if (remaining() < static_cast<std::size_t>(n)) fail("truncated raw value");
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(p_[i]) << (8 * i);
    p_ += n;
    return v;
  }

 private:
  static std::uint64_t last_varint_byte(std::uint64_t result, std::uint8_t b) {
    if (b > 1) fail("varint longer than 64 bits");
    return result | static_cast<std::uint64_t>(b) << 63;
  }

  std::uint64_t varint_checked() {
    std::uint64_t result = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      const std::uint8_t b = byte();
      result |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (b < 0x80) return result;
    }
    return last_varint_byte(result, byte());
  }

  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

// Where a field is present: [start, start + length) ranges, in order.
struct Runs {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> present;
  std::uint64_t present_count = 0;
};

Runs read_runs(Reader& r, std::uint64_t count, int field) {
  const std::uint64_t n = r.varint();
  if (n > count + 1 || (n == 0 && count != 0))
    fail("bad run count of field " + std::to_string(field));
  if (n > r.remaining()) fail("truncated runs");
  Runs runs;
  std::uint64_t position = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t length = r.varint();
    if ((length == 0 && i != 0) || length > count - position) {
      fail("bad run length of field " + std::to_string(field));
    }
    if (i % 2 == 1) {
      runs.present.emplace_back(position, length);
      runs.present_count += length;
    }
    position += length;
  }
  if (position != count) fail("runs of field " + std::to_string(field) + " do not cover the track");
  return runs;
}

template <auto Member>
using MemberType = std::remove_reference_t<decltype(std::declval<Sample&>().*Member)>;

template <auto Member>
void store(Sample& s, std::uint64_t fixed, double scale) {
  // uint64 → int64 is modular (C++20); exact for |v| <= 2^53, garbage but defined otherwise.
  const double value = static_cast<double>(static_cast<std::int64_t>(fixed)) / scale;
  s.*Member = static_cast<MemberType<Member>>(value);
}

template <auto Member, bool SecondOrder>
void read_fixed(Reader& r, Sample* samples, const Runs& runs, double scale) {
  std::uint64_t value = unzigzag(r.varint());
  const std::uint64_t step = r.varint();
  if (step == 0) fail("zero step");
  std::uint64_t delta = 0;
  bool first = true;
  for (const auto& [start, length] : runs.present) {
    Sample* s = samples + start;
    Sample* const end = s + length;
    if (first) {
      store<Member>(*s++, value, scale);
      first = false;
    }
    for (; s != end; ++s) {
      // Unsigned arithmetic: wraps instead of overflowing on a corrupt blob.
      const std::uint64_t d = unzigzag(r.varint()) * step;
      if constexpr (SecondOrder) {
        delta += d;
        value += delta;
      } else {
        value += d;
      }
      store<Member>(*s, value, scale);
    }
  }
}

// Only what the encoder writes is accepted: it stores a column raw only when a value does not
// fit fixed-point, and a present value is never NaN (the runs say what is missing). A raw column
// of small values, or a NaN marked present, would not survive decode → encode → decode.
template <auto Member>
void read_raw(Reader& r, Sample* samples, const Runs& runs, double scale) {
  using T = MemberType<Member>;
  bool beyond_fixed = false;
  for (const auto& [start, length] : runs.present) {
    for (std::uint64_t i = start; i < start + length; ++i) {
      T value;
      if constexpr (std::is_same_v<T, double>) {
        value = std::bit_cast<double>(r.little_endian(8));
      } else {
        value = std::bit_cast<float>(static_cast<std::uint32_t>(r.little_endian(4)));
      }
      if (std::isnan(value)) fail("raw column holds NaN as a present value");
      beyond_fixed = beyond_fixed || !(std::fabs(static_cast<double>(value) * scale) <= kMaxFixed);
      samples[i].*Member = value;
    }
  }
  if (!beyond_fixed) fail("raw column whose values all fit fixed-point");
}

template <auto Member>
void read_column(Reader& r, Sample* samples, const Runs& runs, double scale) {
  switch (static_cast<Mode>(r.byte())) {
    case Mode::Delta: read_fixed<Member, false>(r, samples, runs, scale); return;
    case Mode::DeltaOfDelta: read_fixed<Member, true>(r, samples, runs, scale); return;
    case Mode::Raw: read_raw<Member>(r, samples, runs, scale); return;
  }
  fail("unknown column mode");
}

void read_field(Reader& r, int field, Sample* samples, const Runs& runs) {
  const double scale = kScale[field];
  switch (field) {
    case kTime: read_column<&Sample::time>(r, samples, runs, scale); return;
    case kLat: read_column<&Sample::lat>(r, samples, runs, scale); return;
    case kLon: read_column<&Sample::lon>(r, samples, runs, scale); return;
    case kDistance: read_column<&Sample::distance>(r, samples, runs, scale); return;
    case kAltitude: read_column<&Sample::altitude>(r, samples, runs, scale); return;
    case kHeartRate: read_column<&Sample::heart_rate>(r, samples, runs, scale); return;
    case kSpeed: read_column<&Sample::speed>(r, samples, runs, scale); return;
    default: fail("unknown field");
  }
}

}  // namespace

std::vector<Sample> decode_track(ByteView blob) {
  if (blob.empty()) fail("empty");
  if (blob[0] != kVersion) {
    throw ParseError("track blob has format version " + std::to_string(blob[0]) +
                     ", this trackheat reads version " + std::to_string(kVersion) +
                     " (written by a newer trackheat?)");
  }
  if (blob.size() < 1 + kChecksumBytes) fail("truncated");
  const std::size_t body = blob.size() - kChecksumBytes;
  std::uint32_t stored = 0;
  for (std::size_t i = 0; i < kChecksumBytes; ++i) {
    stored |= static_cast<std::uint32_t>(blob[body + i]) << (8 * i);
  }
  if (stored != checksum(blob.first(body))) fail("checksum mismatch");

  Reader r(blob.data() + 1, blob.data() + body);
  const std::uint64_t count = r.varint();
  if (count > kMaxSamples) fail("sample count " + std::to_string(count) + " exceeds the maximum");

  Runs runs[kFields];
  std::uint64_t min_value_bytes = 0;  // every present value costs at least one byte
  for (int f = 0; f < kFields; ++f) {
    runs[f] = read_runs(r, count, f);
    if (f < kNumeric) min_value_bytes += runs[f].present_count;
  }
  if (min_value_bytes > r.remaining()) fail("truncated values");

  std::vector<Sample> samples(count);
  for (int f = 0; f < kNumeric; ++f) {
    if (runs[f].present_count > 0) read_field(r, f, samples.data(), runs[f]);
  }
  for (const auto& [start, length] : runs[kSegmentStart].present) {
    for (std::uint64_t i = start; i < start + length; ++i) samples[i].segment_start = true;
  }
  if (!r.at_end()) fail("trailing bytes");
  return samples;
}

}  // namespace th
