#pragma once
// Test-only: a small FIT activity track built with FitBuilder (file_id, one record layout, a
// straight line of records with known values) and the expectations that go with it.

#include <gtest/gtest.h>

#include <string>

#include "core/activity.hpp"
#include "parse/fit_test_builder.hpp"

namespace th::test::fit_track {

inline constexpr double kT0 = 1600000000.0;  // 2020-09-13T12:26:40Z

// file_id on local 0 with the given file type.
inline void add_file_id(FitBuilder& b, std::uint8_t type = 4) {
  b.define(0, 0, {{0, 1, bt::kEnum}, {1, 2, bt::kUint16}, {4, 4, bt::kUint32}});
  b.data(0).u8(type).u16(255).u32(test::fit_time(kT0));
}

// The usual record layout on local `local`.
inline void define_record(FitBuilder& b, std::uint8_t local = 1, bool big_endian = false) {
  b.define(local, 20,
           {{253, 4, bt::kUint32},
            {0, 4, bt::kSint32},
            {1, 4, bt::kSint32},
            {2, 2, bt::kUint16},
            {3, 1, bt::kUint8},
            {5, 4, bt::kUint32},
            {6, 2, bt::kUint16}},
           big_endian);
}

// One record in the layout of define_record(); i-th point of a small track.
inline void add_record(FitBuilder& b, int i, std::uint8_t local = 1) {
  b.data(local)
      .u32(test::fit_time(kT0 + i))
      .s32(test::semicircles(48.1 + 0.0001 * i))
      .s32(test::semicircles(11.5 + 0.0001 * i))
      .u16(static_cast<std::uint16_t>((520.0 + i + 500) * 5))
      .u8(static_cast<std::uint8_t>(120 + i))
      .u32(static_cast<std::uint32_t>(i * 250))  // 2.5 m per record
      .u16(2500);
}

inline FitBuilder small_activity(int records) {
  FitBuilder b;
  add_file_id(b);
  define_record(b);
  for (int i = 0; i < records; ++i) add_record(b, i);
  return b;
}

inline void expect_record(const Sample& s, int i) {
  EXPECT_DOUBLE_EQ(s.time, kT0 + i);
  EXPECT_NEAR(s.lat, 48.1 + 0.0001 * i, 1e-6);
  EXPECT_NEAR(s.lon, 11.5 + 0.0001 * i, 1e-6);
  EXPECT_NEAR(s.altitude, 520.0 + i, 1e-3);
  EXPECT_EQ(s.heart_rate, 120.0f + static_cast<float>(i));
  EXPECT_NEAR(s.distance, i * 2.5, 1e-9);
  EXPECT_NEAR(s.speed, 2.5, 1e-6);
}

inline bool has_warning(const Activity& a, const std::string& part) {
  for (const auto& w : a.warnings) {
    if (w.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace th::test::fit_track
