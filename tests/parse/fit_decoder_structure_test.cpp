// FIT decoder: file structure (chained files, truncation, corrupt bytes) and the summary
// messages (session, lap, activity), on hand-built files.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "parse/fit_decoder.hpp"
#include "parse/fit_test_builder.hpp"
#include "parse/fit_test_track.hpp"

namespace th {
namespace {

using test::FitBuilder;
using namespace test::fit_track;
namespace bt = test::bt;

constexpr std::size_t kRecordMessageSize = 22;  // header + the fields of define_record()

struct SessionSpec {
  std::uint8_t sport = 1, sub_sport = 0;
  double start = kT0, elapsed_s = 0, timer_s = 0, distance_m = 0;
  std::uint16_t ascent_m = 0;
};

void add_session(FitBuilder& b, const SessionSpec& s, std::uint16_t global = 18) {
  const std::uint8_t ascent_field = global == 18 ? 22 : 21;
  const std::uint8_t sport_field = global == 18 ? 5 : 25;
  const std::uint8_t sub_field = global == 18 ? 6 : 39;
  b.define(5, global,
           {{253, 4, bt::kUint32},
            {2, 4, bt::kUint32},
            {sport_field, 1, bt::kEnum},
            {sub_field, 1, bt::kEnum},
            {7, 4, bt::kUint32},
            {8, 4, bt::kUint32},
            {9, 4, bt::kUint32},
            {ascent_field, 2, bt::kUint16}});
  b.data(5)
      .u32(test::fit_time(s.start + s.elapsed_s))
      .u32(test::fit_time(s.start))
      .u8(s.sport)
      .u8(s.sub_sport)
      .u32(static_cast<std::uint32_t>(std::llround(s.elapsed_s * 1000)))
      .u32(static_cast<std::uint32_t>(std::llround(s.timer_s * 1000)))
      .u32(static_cast<std::uint32_t>(std::llround(s.distance_m * 100)))
      .u16(s.ascent_m);
}

void add_activity(FitBuilder& b, double utc, double local) {
  b.define(6, 34, {{253, 4, bt::kUint32}, {1, 2, bt::kUint16}, {5, 4, bt::kUint32}});
  b.data(6).u32(test::fit_time(utc)).u16(1).u32(test::fit_time(local));
}

Bytes concat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

TEST(FitDecoderStructure, TruncatedAtEveryOffsetKeepsEveryCompleteRecord) {
  FitBuilder b;
  add_file_id(b);
  define_record(b);
  std::vector<std::size_t> record_starts;
  for (int i = 0; i < 6; ++i) {
    record_starts.push_back(b.size());
    add_record(b, i);
  }
  add_session(b, {.sport = 1, .elapsed_s = 5, .timer_s = 5, .distance_m = 12.5});
  const Bytes full = b.finish();
  for (std::size_t cut = 0; cut <= full.size(); ++cut) {
    const ByteView part(full.data(), cut);
    if (cut < 12) {
      EXPECT_THROW(decode_fit(part), ParseError) << "cut at " << cut;
      continue;
    }
    Activity a;
    ASSERT_NO_THROW(a = decode_fit(part)) << "cut at " << cut;
    std::size_t complete = 0;
    for (std::size_t start : record_starts) complete += start + kRecordMessageSize <= cut;
    ASSERT_EQ(a.samples.size(), complete) << "cut at " << cut;
    for (std::size_t i = 0; i < complete; ++i) expect_record(a.samples[i], static_cast<int>(i));
    if (cut < full.size()) {
      EXPECT_FALSE(a.warnings.empty()) << "cut at " << cut;
    }
  }
}

TEST(FitDecoderStructure, DataSizeLargerThanTheFileDecodesWhatIsThere) {
  Bytes file = small_activity(5).finish();
  file[5] = static_cast<std::uint8_t>(file[5] + 1);  // data size + 256
  const Activity a = decode_fit(file);
  // The two CRC bytes are now read as the start of a message that never completes.
  ASSERT_EQ(a.samples.size(), 5u);
  expect_record(a.samples[4], 4);
  bool exceeds = false;
  for (const auto& w : a.warnings) exceeds |= w.find("exceeds") != std::string::npos;
  EXPECT_TRUE(exceeds);
}

TEST(FitDecoderStructure, DecodesChainedFilesBackToBack) {
  FitBuilder first;
  add_file_id(first);
  define_record(first);
  for (int i = 0; i < 4; ++i) add_record(first, i);
  add_session(first, {.sport = 1,
                      .start = kT0,
                      .elapsed_s = 1000,
                      .timer_s = 990,
                      .distance_m = 3000,
                      .ascent_m = 10});
  FitBuilder second;
  second.set_header_size(12);
  add_file_id(second);
  define_record(second, 7);  // local types restart in every chained file
  for (int i = 4; i < 9; ++i) add_record(second, i, 7);
  add_session(second, {.sport = 2,
                       .sub_sport = 7,
                       .start = kT0 + 1000,
                       .elapsed_s = 3000,
                       .timer_s = 2900,
                       .distance_m = 25000,
                       .ascent_m = 200});
  const Activity a = decode_fit(concat(first.finish(), second.finish()));
  ASSERT_EQ(a.samples.size(), 9u);
  for (int i = 0; i < 9; ++i) expect_record(a.samples[static_cast<std::size_t>(i)], i);
  EXPECT_TRUE(a.warnings.empty()) << a.warnings.front();
  EXPECT_EQ(a.sport, Sport::Ride);  // the longest session
  EXPECT_EQ(a.sport_raw, "cycling/road");
  EXPECT_DOUBLE_EQ(a.totals.elapsed_s, 4000);
  EXPECT_DOUBLE_EQ(a.totals.moving_s, 3890);
  EXPECT_DOUBLE_EQ(a.totals.distance_m, 28000);
  EXPECT_DOUBLE_EQ(a.totals.ascent_m, 210);
  EXPECT_DOUBLE_EQ(a.start_time, kT0);
}

TEST(FitDecoderStructure, CorruptChainedHeaderAfterAValidFileKeepsTheData) {
  Bytes garbage = small_activity(2).finish();
  garbage[9] = 'X';  // ".XIT"
  const Activity a = decode_fit(concat(small_activity(5).finish(), garbage));
  ASSERT_EQ(a.samples.size(), 5u);
  expect_record(a.samples[4], 4);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_NE(a.warnings[0].find("trailing"), std::string::npos) << a.warnings[0];
}

TEST(FitDecoderStructure, TruncatedChainedFileKeepsBothParts) {
  Bytes second = small_activity(3).finish();
  second.resize(second.size() - 10);
  const Activity a = decode_fit(concat(small_activity(4).finish(), second));
  // 4 records of the first file, then the 2 complete ones of the second.
  ASSERT_EQ(a.samples.size(), 6u);
  expect_record(a.samples[3], 3);
  expect_record(a.samples[5], 1);
  EXPECT_FALSE(a.warnings.empty());
}

TEST(FitDecoderStructure, UndefinedLocalTypeStopsWithAWarningAndKeepsWhatCameBefore) {
  FitBuilder b = small_activity(3);
  b.raw({0x09, 1, 2, 3, 4, 5, 6, 7, 8});  // data message of local type 9, never defined
  const Activity a = decode_fit(b.finish());
  ASSERT_EQ(a.samples.size(), 3u);
  ASSERT_FALSE(a.warnings.empty());
  EXPECT_NE(a.warnings[0].find("undefined local type 9"), std::string::npos) << a.warnings[0];
}

// A byte dropped from (or added to) the middle of a record, as a buggy writer does: the records
// before the damage are kept (all but the one just before it, at worst), the stream is picked
// up again after it, and nothing decoded from misaligned bytes reaches the samples.
TEST(FitDecoderStructure, ResynchronisesAfterADroppedOrAddedByte) {
  FitBuilder b;
  add_file_id(b);
  define_record(b);
  std::vector<std::size_t> starts;
  for (int i = 0; i < 40; ++i) {
    starts.push_back(b.size());
    add_record(b, i);
  }
  const Bytes full = b.finish();
  for (const bool drop : {true, false}) {
    for (std::size_t inside = 1; inside < kRecordMessageSize; ++inside) {
      Bytes damaged = full;
      const auto at = static_cast<std::ptrdiff_t>(starts[20] + inside);
      if (drop) {
        damaged.erase(damaged.begin() + at);
      } else {
        damaged.insert(damaged.begin() + at, 0x42);
      }
      // The writer's header counts the bytes it wrote (the CRCs no longer match).
      const std::uint32_t data_size = static_cast<std::uint32_t>(damaged.size()) - 14 - 2;
      for (int k = 0; k < 4; ++k) damaged[4 + k] = static_cast<std::uint8_t>(data_size >> (8 * k));
      const Activity a = decode_fit(damaged);
      SCOPED_TRACE((drop ? "dropped byte " : "added byte ") + std::to_string(inside));
      EXPECT_FALSE(a.warnings.empty());
      // Records 0..18 intact, at most 19 and 20 lost, 21..39 picked up again.
      ASSERT_GE(a.samples.size(), 38u);
      ASSERT_LE(a.samples.size(), 40u);
      for (int i = 0; i < 19; ++i) expect_record(a.samples[static_cast<std::size_t>(i)], i);
      const Sample& last = a.samples.back();
      expect_record(last, 39);
      for (std::size_t i = 1; i < a.samples.size(); ++i) {
        EXPECT_GT(a.samples[i].time, a.samples[i - 1].time);
        EXPECT_NEAR(a.samples[i].lat, 48.1 + (a.samples[i].time - kT0) * 0.0001, 1e-6);
      }
    }
  }
}

TEST(FitDecoderStructure, SessionGivesSportTotalsAndStart) {
  FitBuilder b = small_activity(3);
  add_session(b, {.sport = 2,
                  .sub_sport = 8,
                  .start = kT0 - 60,
                  .elapsed_s = 3600.5,
                  .timer_s = 3500,
                  .distance_m = 25000.12,
                  .ascent_m = 420});
  add_activity(b, kT0 + 3600, kT0 + 3600 + 7200 + 3);  // 2 h ahead, clocks read 3 s apart
  const Activity a = decode_fit(b.finish());
  EXPECT_EQ(a.sport, Sport::MountainBikeRide);
  EXPECT_EQ(a.sport_raw, "cycling/mountain");
  EXPECT_DOUBLE_EQ(a.totals.elapsed_s, 3600.5);
  EXPECT_DOUBLE_EQ(a.totals.moving_s, 3500);
  EXPECT_NEAR(a.totals.distance_m, 25000.12, 1e-9);
  EXPECT_DOUBLE_EQ(a.totals.ascent_m, 420);
  EXPECT_DOUBLE_EQ(a.start_time, kT0 - 60);  // the session's declared start
  ASSERT_TRUE(a.utc_offset_s.has_value());
  EXPECT_EQ(*a.utc_offset_s, 7200);
}

TEST(FitDecoderStructure, UtcOffsetRoundsToQuarterHours) {
  FitBuilder b = small_activity(1);
  add_activity(b, kT0, kT0 - 4.5 * 3600 - 7);  // -04:30, e.g. Caracas before 2016
  const Activity a = decode_fit(b.finish());
  ASSERT_TRUE(a.utc_offset_s.has_value());
  EXPECT_EQ(*a.utc_offset_s, -16200);
}

TEST(FitDecoderStructure, LapTotalsOnlyWithoutSession) {
  FitBuilder laps = small_activity(2);
  add_session(
      laps, {.sport = 11, .elapsed_s = 600, .timer_s = 500, .distance_m = 1000, .ascent_m = 5}, 19);
  laps.data(5)
      .u32(test::fit_time(kT0 + 1200))
      .u32(test::fit_time(kT0 + 600))
      .u8(11)
      .u8(0)
      .u32(600000)
      .u32(580000)
      .u32(120000)
      .u16(7);
  const Activity a = decode_fit(laps.finish());
  EXPECT_EQ(a.sport, Sport::Walk);
  EXPECT_DOUBLE_EQ(a.totals.elapsed_s, 1200);
  EXPECT_DOUBLE_EQ(a.totals.moving_s, 1080);
  EXPECT_DOUBLE_EQ(a.totals.distance_m, 2200);
  EXPECT_DOUBLE_EQ(a.totals.ascent_m, 12);

  FitBuilder both = small_activity(2);
  add_session(both, {.sport = 11, .elapsed_s = 600, .timer_s = 500, .distance_m = 1000}, 19);
  add_session(both, {.sport = 17, .elapsed_s = 900, .timer_s = 800, .distance_m = 1500});
  const Activity s = decode_fit(both.finish());
  EXPECT_EQ(s.sport, Sport::Hike);
  EXPECT_DOUBLE_EQ(s.totals.distance_m, 1500);  // the session's, not session + lap
}

TEST(FitDecoderStructure, TriathlonTakesTheLongestSessionAndSumsTotals) {
  FitBuilder b = small_activity(2);
  add_session(
      b, {.sport = 5, .sub_sport = 18, .elapsed_s = 1800, .timer_s = 1800, .distance_m = 1500});
  add_session(b, {.sport = 3, .elapsed_s = 7000, .timer_s = 7000, .distance_m = 0});
  add_session(b, {.sport = 2, .elapsed_s = 5000, .timer_s = 4900, .distance_m = 40000});
  add_session(b, {.sport = 1, .elapsed_s = 3000, .timer_s = 3000, .distance_m = 10000});
  const Activity a = decode_fit(b.finish());
  // The transition is never the sport, however long.
  EXPECT_EQ(a.sport, Sport::Ride);
  EXPECT_DOUBLE_EQ(a.totals.distance_m, 51500);
  EXPECT_DOUBLE_EQ(a.totals.elapsed_s, 16800);
}

}  // namespace
}  // namespace th
