// Hostile input: real FIT files cut at many offsets and with bytes flipped at many offsets must
// never crash, hang or throw anything but ParseError for a broken first header (run under
// ASan/UBSan by `make test-asan`).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "parse/fit_decoder.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

// Small files with different traits: compressed timestamps, big-endian definitions with
// developer fields, chained files, a course, COROS misaligned fields, a Strava file with
// dropped bytes.
constexpr const char* kFiles[] = {
    "fitparse_antfs-dump.63.fit",
    "tormoder-fit_0134902991.fit",
    "fitparse_sample_mulitple_header.fit",
    "geoactivity_Berlin_0_9_km.fit",
    "fitparse_coros-pace-2-cycling-misaligned-fields.fit",
    "fitparse_strava-android-app-201.10-b1218918.fit",
    "fitparse_activity-settings-corruptheader.fit",
};

// About `count` offsets spread over [0, size), always including the first 64.
std::vector<std::size_t> offsets(std::size_t size, std::size_t count) {
  std::vector<std::size_t> out;
  const std::size_t step = std::max<std::size_t>(1, size / count);
  for (std::size_t i = 0; i < size; i += (i < 64 ? 1 : step)) out.push_back(i);
  return out;
}

TEST(FitRobustness, TruncatedRealFilesKeepAPrefixOfTheFullDecode) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  for (const char* name : kFiles) {
    SCOPED_TRACE(name);
    const Bytes bytes = read_file(dir / name);
    const Activity full = decode_fit(bytes);
    for (std::size_t cut : offsets(bytes.size(), 300)) {
      const ByteView part(bytes.data(), cut);
      if (cut < 12) {
        EXPECT_THROW(decode_fit(part), ParseError);
        continue;
      }
      Activity a;
      ASSERT_NO_THROW(a = decode_fit(part)) << "cut at " << cut;
      ASSERT_LE(a.samples.size(), full.samples.size()) << "cut at " << cut;
      // Every sample but the last (which may miss a later record of its instant) is the
      // full decode's.
      for (std::size_t i = 0; i + 1 < a.samples.size(); ++i) {
        const Sample& x = a.samples[i];
        const Sample& y = full.samples[i];
        ASSERT_TRUE(x.time == y.time || (std::isnan(x.time) && std::isnan(y.time)))
            << "cut at " << cut << ", sample " << i;
        ASSERT_EQ(x.has_position(), y.has_position()) << "cut at " << cut << ", sample " << i;
        if (x.has_position()) {
          ASSERT_EQ(x.lat, y.lat) << "cut at " << cut << ", sample " << i;
        }
      }
    }
  }
}

TEST(FitRobustness, FlippedBytesNeverCrash) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  std::uint32_t rng = 12345;
  auto next = [&rng] {
    rng = rng * 1664525u + 1013904223u;
    return rng >> 24;
  };
  for (const char* name : kFiles) {
    SCOPED_TRACE(name);
    const Bytes bytes = read_file(dir / name);
    for (std::size_t at : offsets(bytes.size(), 400)) {
      for (const std::uint8_t mask : {std::uint8_t{0xFF}, static_cast<std::uint8_t>(1u << (at % 8)),
                                      static_cast<std::uint8_t>(next() | 1)}) {
        Bytes damaged = bytes;
        damaged[at] ^= mask;
        // A second flip further on: damage that compounds.
        const std::size_t second = (at * 7 + 13) % damaged.size();
        damaged[second] ^= static_cast<std::uint8_t>(next() | 1);
        try {
          const Activity a = decode_fit(damaged);
          EXPECT_LE(a.samples.size(), damaged.size()) << "flip at " << at;
        } catch (const ParseError&) {
          // Only a broken first header may be refused.
          EXPECT_TRUE(at < 12 || second < 12) << "flip at " << at;
        }
      }
    }
  }
}

TEST(FitRobustness, ArbitraryBytesAfterAValidHeader) {
  // A header that announces a huge data size followed by pseudo-random bytes: every kind of
  // message header, definition and field size the bytes happen to spell.
  std::uint32_t rng = 99;
  for (int round = 0; round < 200; ++round) {
    Bytes bytes = {14, 0x20, 0x5C, 0x08, 0xFF, 0xFF, 0xFF, 0x7F, '.', 'F', 'I', 'T', 0, 0};
    const std::size_t n = 64 + static_cast<std::size_t>(round) * 37;
    for (std::size_t i = 0; i < n; ++i) {
      rng = rng * 1664525u + 1013904223u;
      // Bias towards small values so definitions and local types 0..15 are common.
      const std::uint32_t r = rng >> 24;
      bytes.push_back(static_cast<std::uint8_t>(round % 2 == 0 ? r : (r & 0x4F)));
    }
    EXPECT_NO_THROW(decode_fit(bytes)) << "round " << round;
  }
}

}  // namespace
}  // namespace th
