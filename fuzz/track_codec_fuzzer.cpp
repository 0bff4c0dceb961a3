// The store's track decoder behind its checksum, and the round trip of what it accepts.
//
// The input is a blob without its trailing checksum: the fuzzer appends the right one, so
// mutations reach the decoder instead of dying at the checksum. Properties: decode_track only
// throws ParseError; whatever it decodes, encode_track takes, and decoding that gives the same
// samples bit for bit (decoded values lie on the precision grid, or were stored raw).
#include <bit>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "core/errors.hpp"
#include "store/track_codec.hpp"
#include "store/track_codec_format.hpp"

namespace {

template <typename T>
bool same_value(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::bit_cast<std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>>(a) ==
         std::bit_cast<std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>>(b);
}

bool same_sample(const th::Sample& a, const th::Sample& b) {
  return same_value(a.time, b.time) && same_value(a.lat, b.lat) && same_value(a.lon, b.lon) &&
         same_value(a.distance, b.distance) && same_value(a.altitude, b.altitude) &&
         same_value(a.heart_rate, b.heart_rate) && same_value(a.speed, b.speed) &&
         a.segment_start == b.segment_start;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  th::Bytes blob(data, data + size);
  const std::uint32_t sum = th::track_format::checksum(blob);
  for (int i = 0; i < 4; ++i) blob.push_back(static_cast<std::uint8_t>(sum >> (8 * i)));
  std::vector<th::Sample> samples;
  try {
    samples = th::decode_track(blob);
  } catch (const th::ParseError&) {
    return 0;
  }
  const std::vector<th::Sample> again = th::decode_track(th::encode_track(samples));
  if (again.size() != samples.size()) std::abort();
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (!same_sample(samples[i], again[i])) std::abort();
  }
  return 0;
}
