// FIT decoder on hand-built files: each test states the bytes it feeds (through FitBuilder) and
// what a user of the Activity must see.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "parse/fit_crc.hpp"
#include "parse/fit_decoder.hpp"
#include "parse/fit_test_builder.hpp"
#include "parse/fit_test_track.hpp"

namespace th {
namespace {

using test::FitBuilder;
using namespace test::fit_track;
namespace bt = test::bt;

TEST(FitCrc, MatchesTheCrc16ArcCheckValueAndSelfChecks) {
  const std::string check = "123456789";
  const ByteView v(reinterpret_cast<const std::uint8_t*>(check.data()), check.size());
  EXPECT_EQ(fit::crc16(v), 0xBB3D);
  // Every length, so the 4-byte fast path and the tail agree with the byte-wise definition.
  Bytes data;
  for (int i = 0; i < 37; ++i) data.push_back(static_cast<std::uint8_t>(i * 37 + 11));
  for (std::size_t n = 0; n <= data.size(); ++n) {
    std::uint16_t crc = 0;
    for (std::size_t i = 0; i < n; ++i) {
      crc ^= data[i];
      for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ 0xA001 : crc >> 1;
    }
    EXPECT_EQ(fit::crc16(ByteView(data.data(), n)), crc) << "length " << n;
  }
}

TEST(FitDecoder, DecodesA14ByteHeaderFileWithoutWarnings) {
  const Bytes file = small_activity(5).finish();
  const Activity a = decode_fit(file);
  EXPECT_EQ(a.format, FileFormat::Fit);
  ASSERT_EQ(a.samples.size(), 5u);
  for (int i = 0; i < 5; ++i) expect_record(a.samples[static_cast<std::size_t>(i)], i);
  EXPECT_TRUE(a.warnings.empty()) << a.warnings.front();
  EXPECT_EQ(a.flags & kFlagNotActivity, 0u);
  EXPECT_DOUBLE_EQ(a.start_time, kT0);  // no session: the first record's time
}

TEST(FitDecoder, DecodesA12ByteHeaderFile) {
  FitBuilder b;
  b.set_header_size(12);
  add_file_id(b);
  define_record(b);
  for (int i = 0; i < 3; ++i) add_record(b, i);
  const Bytes file = b.finish();
  ASSERT_EQ(file[0], 12);
  const Activity a = decode_fit(file);
  ASSERT_EQ(a.samples.size(), 3u);
  expect_record(a.samples[2], 2);
  EXPECT_TRUE(a.warnings.empty());
}

TEST(FitDecoder, RejectsBytesThatAreNotFit) {
  const std::string gpx = "<?xml version=\"1.0\"?><gpx></gpx>";
  const Bytes bytes(gpx.begin(), gpx.end());
  EXPECT_THROW(decode_fit(bytes), ParseError);
  EXPECT_THROW(decode_fit(ByteView()), ParseError);
  Bytes short_header = small_activity(1).finish();
  short_header.resize(11);
  EXPECT_THROW(decode_fit(short_header), ParseError);
}

TEST(FitDecoder, CrcMismatchesWarnButKeepTheData) {
  const Activity header_bad = decode_fit(small_activity(4).finish(true, false));
  EXPECT_EQ(header_bad.samples.size(), 4u);
  EXPECT_TRUE(has_warning(header_bad, "header CRC mismatch"));

  const Activity file_bad = decode_fit(small_activity(4).finish(false, true));
  EXPECT_EQ(file_bad.samples.size(), 4u);
  expect_record(file_bad.samples[3], 3);
  EXPECT_TRUE(has_warning(file_bad, "file CRC mismatch"));
}

TEST(FitDecoder, HeaderCrcZeroMeansNotComputed) {
  Bytes file = small_activity(2).finish();
  file[12] = file[13] = 0;
  const Activity a = decode_fit(file);
  EXPECT_EQ(a.samples.size(), 2u);
  EXPECT_FALSE(has_warning(a, "header CRC"));
}

TEST(FitDecoder, ReadsBigEndianDefinitions) {
  FitBuilder b;
  add_file_id(b);
  define_record(b, 3, /*big_endian=*/true);
  for (int i = 0; i < 4; ++i) add_record(b, i, 3);
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 4u);
  for (int i = 0; i < 4; ++i) expect_record(a.samples[static_cast<std::size_t>(i)], i);
  // Negative coordinates in big-endian: the sign survives the byte swap.
  FitBuilder w;
  w.define(2, 20, {{253, 4, bt::kUint32}, {0, 4, bt::kSint32}, {1, 4, bt::kSint32}}, true);
  w.data(2).u32(test::fit_time(kT0)).s32(test::semicircles(-33.9)).s32(test::semicircles(-70.6));
  const Activity south = decode_fit(w.finish());
  ASSERT_EQ(south.samples.size(), 1u);
  EXPECT_NEAR(south.samples[0].lat, -33.9, 1e-6);
  EXPECT_NEAR(south.samples[0].lon, -70.6, 1e-6);
}

TEST(FitDecoder, CompressedTimestampsRollOverEvery32Seconds) {
  // A full timestamp whose low 5 bits are 29, then compressed headers with offsets 30, 31, 2
  // (rolled over: +5 s), 2 again (same second), 1 (rolled over again).
  const std::uint32_t base = (test::fit_time(kT0) & ~31u) + 29;
  FitBuilder b;
  add_file_id(b);
  b.define(0, 20, {{253, 4, bt::kUint32}, {3, 1, bt::kUint8}});
  b.data(0).u32(base).u8(100);
  b.define(1, 20, {{3, 1, bt::kUint8}});
  const std::uint8_t offsets[] = {30, 31, 2, 2, 1};
  std::uint8_t hr = 101;
  for (std::uint8_t off : offsets) b.compressed(1, off).u8(hr++);
  const Activity a = decode_fit(b.finish());
  const double t0 = base + 631065600.0;
  // The two records at the same second are merged into one sample.
  ASSERT_EQ(a.samples.size(), 5u);
  EXPECT_DOUBLE_EQ(a.samples[0].time, t0);
  EXPECT_DOUBLE_EQ(a.samples[1].time, t0 + 1);
  EXPECT_DOUBLE_EQ(a.samples[2].time, t0 + 2);
  EXPECT_DOUBLE_EQ(a.samples[3].time, t0 + 5);
  EXPECT_EQ(a.samples[3].heart_rate, 103.0f);  // the first of the merged pair
  EXPECT_DOUBLE_EQ(a.samples[4].time, t0 + 36);
}

TEST(FitDecoder, CompressedTimestampWithoutAReferenceLeavesTimeEmpty) {
  FitBuilder b;
  b.define(1, 20, {{3, 1, bt::kUint8}});
  b.compressed(1, 5).u8(140);
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 1u);
  EXPECT_TRUE(std::isnan(a.samples[0].time));
  EXPECT_EQ(a.samples[0].heart_rate, 140.0f);
}

TEST(FitDecoder, SkipsDeveloperFieldsByTheirDeclaredSize) {
  FitBuilder b;
  add_file_id(b);
  // developer_data_id and field_description messages, as Connect IQ apps write them.
  b.define(2, 207, {{0, 16, bt::kByte}, {3, 1, bt::kUint8}});
  b.data(2).str("0123456789abcdef", 16).u8(0);
  b.define(2, 206,
           {{0, 1, bt::kUint8}, {1, 1, bt::kUint8}, {2, 1, bt::kUint8}, {3, 8, bt::kString}});
  b.data(2).u8(0).u8(0).u8(0x86).str("power", 8);
  // Records with 7 bytes of developer data after the normal fields, alternating with records
  // of the plain layout on another local type.
  b.define(1, 20,
           {{253, 4, bt::kUint32},
            {0, 4, bt::kSint32},
            {1, 4, bt::kSint32},
            {2, 2, bt::kUint16},
            {3, 1, bt::kUint8},
            {5, 4, bt::kUint32},
            {6, 2, bt::kUint16}},
           false, {{0, 4, 0}, {1, 3, 0}});
  define_record(b, 4);
  for (int i = 0; i < 6; ++i) {
    if (i % 2 == 0) {
      add_record(b, i, 1);
      b.raw({0xFF, 0xFF, 0xFF, 0x7F, 0x40, 0x41, 0x42});  // the developer fields' bytes
    } else {
      add_record(b, i, 4);
    }
  }
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 6u);
  for (int i = 0; i < 6; ++i) expect_record(a.samples[static_cast<std::size_t>(i)], i);
  EXPECT_TRUE(a.warnings.empty()) << a.warnings.front();
}

TEST(FitDecoder, InvalidSentinelsMeanMissing) {
  FitBuilder b;
  add_file_id(b);
  define_record(b);
  // Only a time.
  b.data(1)
      .u32(test::fit_time(kT0))
      .s32(0x7FFFFFFF)
      .s32(0x7FFFFFFF)
      .u16(0xFFFF)
      .u8(0xFF)
      .u32(0xFFFFFFFF)
      .u16(0xFFFF);
  // Nothing at all: no sample.
  b.data(1)
      .u32(0xFFFFFFFF)
      .s32(0x7FFFFFFF)
      .s32(0x7FFFFFFF)
      .u16(0xFFFF)
      .u8(0xFF)
      .u32(0xFFFFFFFF)
      .u16(0xFFFF);
  // Only the latitude valid (a position needs both coordinates) and heart rate 0.
  b.data(1)
      .u32(test::fit_time(kT0 + 1))
      .s32(test::semicircles(48.0))
      .s32(0x7FFFFFFF)
      .u16(0xFFFF)
      .u8(0)
      .u32(0xFFFFFFFF)
      .u16(0xFFFF);
  // No time, one value: kept, time empty.
  b.data(1)
      .u32(0xFFFFFFFF)
      .s32(0x7FFFFFFF)
      .s32(0x7FFFFFFF)
      .u16(0xFFFF)
      .u8(140)
      .u32(0xFFFFFFFF)
      .u16(0xFFFF);
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 3u);
  for (const Sample& s : a.samples) {
    EXPECT_FALSE(s.has_position());
    EXPECT_TRUE(std::isnan(s.lat));
    EXPECT_TRUE(std::isnan(s.altitude));
    EXPECT_TRUE(std::isnan(s.distance));
    EXPECT_TRUE(std::isnan(s.speed));
  }
  EXPECT_DOUBLE_EQ(a.samples[0].time, kT0);
  EXPECT_TRUE(std::isnan(a.samples[0].heart_rate));  // 0xFF: invalid
  EXPECT_DOUBLE_EQ(a.samples[1].time, kT0 + 1);
  EXPECT_TRUE(std::isnan(a.samples[1].heart_rate));  // 0: no reading
  EXPECT_TRUE(std::isnan(a.samples[2].time));
  EXPECT_EQ(a.samples[2].heart_rate, 140.0f);
}

TEST(FitDecoder, PrefersEnhancedAltitudeAndSpeedWhenValid) {
  FitBuilder b;
  b.define(1, 20,
           {{253, 4, bt::kUint32},
            {2, 2, bt::kUint16},
            {78, 4, bt::kUint32},
            {6, 2, bt::kUint16},
            {73, 4, bt::kUint32}});
  // Enhanced values valid and different from the plain ones (as when the plain overflow).
  b.data(1).u32(test::fit_time(kT0)).u16(3000).u32((20000 + 500) * 5).u16(1000).u32(70500);
  // Enhanced values invalid: the plain ones are used.
  b.data(1)
      .u32(test::fit_time(kT0 + 1))
      .u16((100 + 500) * 5)
      .u32(0xFFFFFFFF)
      .u16(4321)
      .u32(0xFFFFFFFF);
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 2u);
  EXPECT_NEAR(a.samples[0].altitude, 20000.0, 1e-3);
  EXPECT_NEAR(a.samples[0].speed, 70.5, 1e-4);
  EXPECT_NEAR(a.samples[1].altitude, 100.0, 1e-3);
  EXPECT_NEAR(a.samples[1].speed, 4.321, 1e-5);
}

TEST(FitDecoder, CompressedSpeedDistanceAccumulatesItsRollingCounter) {
  // speed 12 bits (1/100 m/s), distance 12 bits (1/16 m) rolling over at 4096.
  FitBuilder b;
  b.define(1, 20, {{253, 4, bt::kUint32}, {8, 3, bt::kByte}});
  const unsigned dists[] = {4000, 4090, 20, 100};  // 20 follows 4090: +26 counts
  for (int i = 0; i < 4; ++i) {
    const unsigned v = 250u | (dists[i] << 12);
    b.data(1).u32(test::fit_time(kT0 + i));
    b.raw({static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
           static_cast<std::uint8_t>(v >> 16)});
  }
  b.data(1).u32(test::fit_time(kT0 + 4)).raw({0xFF, 0xFF, 0xFF});  // null field
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 5u);
  EXPECT_NEAR(a.samples[0].speed, 2.5, 1e-6);
  EXPECT_NEAR(a.samples[0].distance, 4000 / 16.0, 1e-9);
  EXPECT_NEAR(a.samples[1].distance, 4090 / 16.0, 1e-9);
  EXPECT_NEAR(a.samples[2].distance, (4096 + 20) / 16.0, 1e-9);
  EXPECT_NEAR(a.samples[3].distance, (4096 + 100) / 16.0, 1e-9);
  EXPECT_TRUE(std::isnan(a.samples[4].speed));
  EXPECT_TRUE(std::isnan(a.samples[4].distance));
}

TEST(FitDecoder, FieldsThatDoNotMatchTheProfileAreReadSafelyOrSkipped) {
  FitBuilder b;
  b.define(1, 20,
           {{253, 4, bt::kUint32},
            {3, 1, bt::kEnum},       // heart rate as enum: same size, read
            {0, 4, bt::kUint32},     // latitude as uint32: read with the profile's sint32
            {1, 8, bt::kSint32},     // longitude as an array of two: the first value
            {2, 3, bt::kUint16},     // altitude, 3 bytes of uint16: not a whole value, skipped
            {6, 1, bt::kUint8},      // speed narrower than the profile: skipped
            {5, 4, bt::kString},     // distance as a string: skipped
            {78, 1, bt::kUint32}});  // enhanced altitude, 1 byte of uint32 (COROS-like): skipped
  b.data(1)
      .u32(test::fit_time(kT0))
      .u8(150)
      .u32(static_cast<std::uint32_t>(test::semicircles(-12.5)))
      .s32(test::semicircles(-45.25))
      .s32(test::semicircles(99.0))
      .raw({0x10, 0x27, 0x00})
      .u8(77)
      .raw({'1', '2', '3', 0})
      .u8(9);
  // Altitude as uint32 (wider than the profile's uint16): read with the declared type.
  b.define(2, 20, {{253, 4, bt::kUint32}, {2, 4, bt::kUint32}, {3, 1, bt::kUint8}});
  b.data(2).u32(test::fit_time(kT0 + 1)).u32((300 + 500) * 5).u8(151);
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 2u);
  const Sample& s = a.samples[0];
  EXPECT_EQ(s.heart_rate, 150.0f);
  EXPECT_NEAR(s.lat, -12.5, 1e-6);
  EXPECT_NEAR(s.lon, -45.25, 1e-6);
  EXPECT_TRUE(std::isnan(s.altitude));
  EXPECT_TRUE(std::isnan(s.speed));
  EXPECT_TRUE(std::isnan(s.distance));
  EXPECT_NEAR(a.samples[1].altitude, 300.0, 1e-3);
  EXPECT_EQ(a.samples[1].heart_rate, 151.0f);
}

TEST(FitDecoder, MergesRecordsOfTheSameInstant) {
  FitBuilder b;
  b.define(1, 20, {{253, 4, bt::kUint32}, {0, 4, bt::kSint32}, {1, 4, bt::kSint32}});
  b.define(2, 20, {{253, 4, bt::kUint32}, {3, 1, bt::kUint8}, {2, 2, bt::kUint16}});
  b.data(1).u32(test::fit_time(kT0)).s32(test::semicircles(48.0)).s32(test::semicircles(11.0));
  b.data(2).u32(test::fit_time(kT0)).u8(130).u16((510 + 500) * 5);  // same second: merged
  b.data(2).u32(test::fit_time(kT0 + 1)).u8(131).u16(0xFFFF);
  b.data(1)
      .u32(test::fit_time(kT0 + 1))
      .s32(test::semicircles(48.001))
      .s32(test::semicircles(11.001));
  // Same second again but another position: kept as its own sample, no position dropped.
  b.data(1)
      .u32(test::fit_time(kT0 + 1))
      .s32(test::semicircles(48.002))
      .s32(test::semicircles(11.002));
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 3u);
  EXPECT_NEAR(a.samples[0].lat, 48.0, 1e-6);
  EXPECT_EQ(a.samples[0].heart_rate, 130.0f);
  EXPECT_NEAR(a.samples[0].altitude, 510.0, 1e-3);
  EXPECT_NEAR(a.samples[1].lat, 48.001, 1e-6);
  EXPECT_EQ(a.samples[1].heart_rate, 131.0f);
  EXPECT_NEAR(a.samples[2].lat, 48.002, 1e-6);
  EXPECT_DOUBLE_EQ(a.samples[2].time, kT0 + 1);
}

TEST(FitDecoder, CourseFileIsFlaggedAndKeepsItsPointsWithoutTimes) {
  FitBuilder b;
  add_file_id(b, 6);  // course
  b.define(1, 31, {{5, 8, bt::kString}});
  b.data(1).str("Loop", 8);
  b.define(2, 20, {{0, 4, bt::kSint32}, {1, 4, bt::kSint32}, {2, 2, bt::kUint16}});
  for (int i = 0; i < 4; ++i) {
    b.data(2)
        .s32(test::semicircles(52.5 + 0.001 * i))
        .s32(test::semicircles(13.4))
        .u16((34 + 500) * 5);
  }
  const Activity a = decode_fit(b.finish());
  EXPECT_NE(a.flags & kFlagNotActivity, 0u);
  ASSERT_EQ(a.samples.size(), 4u);
  for (const Sample& s : a.samples) {
    EXPECT_TRUE(s.has_position());
    EXPECT_TRUE(std::isnan(s.time));
  }
  EXPECT_NEAR(a.samples[3].lat, 52.503, 1e-6);
  EXPECT_TRUE(std::isnan(a.start_time));
}

TEST(FitDecoder, RelativeTimestampsAreNotDates) {
  // date_time below 0x10000000 counts from the device's power-on (course planners use it).
  FitBuilder b;
  add_file_id(b, 6);
  b.define(1, 20, {{253, 4, bt::kUint32}, {0, 4, bt::kSint32}, {1, 4, bt::kSint32}});
  b.data(1).u32(1).s32(test::semicircles(52.5)).s32(test::semicircles(13.4));
  b.data(1).u32(11).s32(test::semicircles(52.6)).s32(test::semicircles(13.4));
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 2u);
  EXPECT_TRUE(std::isnan(a.samples[0].time));
  EXPECT_TRUE(std::isnan(a.samples[1].time));
  EXPECT_TRUE(has_warning(a, "device-relative timestamp"));
}

TEST(FitDecoder, SettingsFileHasNoRecordsAndIsFlagged) {
  FitBuilder b;
  add_file_id(b, 2);                                                              // settings
  b.define(1, 3, {{1, 1, bt::kUint8}, {3, 1, bt::kUint8}, {4, 2, bt::kUint16}});  // user_profile
  b.data(1).u8(1).u8(180).u16(700);
  const Activity a = decode_fit(b.finish());
  EXPECT_NE(a.flags & kFlagNotActivity, 0u);
  EXPECT_TRUE(a.samples.empty());
  EXPECT_EQ(a.sport, Sport::Unknown);
  EXPECT_TRUE(std::isnan(a.start_time));
}

}  // namespace
}  // namespace th
