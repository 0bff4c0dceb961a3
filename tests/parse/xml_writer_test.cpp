// The project's GPX and TCX writers (src/demo/), read back by the readers and by gpsbabel.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/bytes.hpp"
#include "core/time_util.hpp"
#include "demo/writers.hpp"
#include "parse/gpx_reader.hpp"
#include "parse/tcx_reader.hpp"
#include "parse/xml_test_util.hpp"
#include "support/gpsbabel.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

using test::bytes_of;

// A run in three segments around Zürich, with every field, fractional times in the middle
// segment and values that need all their digits.
Activity sample_activity(std::size_t points_per_segment = 40) {
  Activity a;
  a.sport = Sport::Run;
  a.name = "Tom & Jerry's <\"Z\xC3\xBCrich\"> run\x01";
  a.start_time = *parse_iso8601("2021-06-01T05:00:00Z");
  double t = a.start_time;
  double dist = 0;
  for (int seg = 0; seg < 3; ++seg) {
    for (std::size_t i = 0; i < points_per_segment; ++i) {
      Sample s;
      s.time = t;
      s.lat = 47.3769123 + 0.0000137 * static_cast<double>(i) + 0.01 * seg;
      s.lon = 8.5417456 - 0.0000211 * static_cast<double>(i);
      s.altitude = 408.25f + static_cast<float>(i) * 0.37f;
      s.heart_rate = static_cast<float>(120 + (i % 40));
      s.speed = 2.75f + static_cast<float>(i % 7) * 0.125f;
      s.distance = dist;
      s.segment_start = seg > 0 && i == 0;
      a.samples.push_back(s);
      t += seg == 1 ? 1.25 : 1.0;  // the middle segment has millisecond times
      dist += 2.71828;
    }
    t += 60;
  }
  return a;
}

void expect_same_samples(const Activity& expected, const Activity& got, bool with_distance) {
  ASSERT_EQ(got.samples.size(), expected.samples.size());
  for (std::size_t i = 0; i < got.samples.size(); ++i) {
    const Sample& e = expected.samples[i];
    const Sample& g = got.samples[i];
    SCOPED_TRACE("sample " + std::to_string(i));
    EXPECT_NEAR(g.lat, e.lat, 1e-7);
    EXPECT_NEAR(g.lon, e.lon, 1e-7);
    EXPECT_NEAR(g.altitude, e.altitude, 0.01);
    EXPECT_NEAR(g.time, e.time, 0.001);
    EXPECT_EQ(g.heart_rate, e.heart_rate);
    EXPECT_NEAR(g.speed, e.speed, 1e-6);
    EXPECT_EQ(g.segment_start, e.segment_start);
    if (with_distance) {
      EXPECT_NEAR(g.distance, e.distance, 0.01);
    } else {
      EXPECT_TRUE(std::isnan(g.distance));
    }
  }
}

TEST(GpxWriter, RoundTripsThroughTheReader) {
  const Activity a = sample_activity();
  const Activity b = read_gpx(bytes_of(write_gpx(a)));
  expect_same_samples(a, b, false);
  EXPECT_EQ(b.name, "Tom & Jerry's <\"Z\xC3\xBCrich\"> run");  // the control character dropped
  EXPECT_EQ(b.sport, Sport::Run);
  EXPECT_EQ(b.start_time, a.start_time);
  EXPECT_TRUE(b.warnings.empty());
}

TEST(TcxWriter, RoundTripsThroughTheReader) {
  Activity a = sample_activity();
  a.totals.elapsed_s = 3723.5;
  a.totals.distance_m = 12345.678;
  const Activity b = read_tcx(bytes_of(write_tcx(a)));
  expect_same_samples(a, b, true);
  EXPECT_EQ(b.name, "Tom & Jerry's <\"Z\xC3\xBCrich\"> run");
  EXPECT_EQ(b.sport, Sport::Run);
  EXPECT_EQ(b.sport_raw, "Running");
  EXPECT_EQ(b.start_time, a.start_time);
  EXPECT_DOUBLE_EQ(b.totals.elapsed_s, 3723.5);
  EXPECT_DOUBLE_EQ(b.totals.distance_m, 12345.678);
  EXPECT_TRUE(b.warnings.empty());
}

TEST(XmlWriters, WriteMillisecondsOnlyWhenTimesHaveThem) {
  Activity a;
  a.sport = Sport::Ride;
  Sample s;
  s.lat = 1;
  s.lon = 2;
  s.time = *parse_iso8601("2021-06-01T05:00:00Z");
  a.samples.push_back(s);
  s.time += 0.25;
  a.samples.push_back(s);
  for (const std::string& text : {write_gpx(a), write_tcx(a)}) {
    EXPECT_NE(text.find(">2021-06-01T05:00:00Z<"), std::string::npos) << text;
    EXPECT_NE(text.find(">2021-06-01T05:00:00.250Z<"), std::string::npos) << text;
  }
  EXPECT_NE(write_gpx(a).find("<type>Ride</type>"), std::string::npos);
  EXPECT_NE(write_tcx(a).find("Sport=\"Biking\""), std::string::npos);
  EXPECT_NE(write_gpx(a).find("lat=\"1.0000000\" lon=\"2.0000000\""), std::string::npos);
}

TEST(XmlWriters, SamplesWithoutPositionAreTcxOnly) {
  // p0 p1 | (no position, starts a segment) p3 | p4
  Activity a;
  a.sport = Sport::Hike;
  for (int i = 0; i < 5; ++i) {
    Sample s;
    s.time = 1600000000.0 + i;
    s.heart_rate = 100.0f + static_cast<float>(i);
    if (i != 2) {
      s.lat = 45.0 + i * 0.001;
      s.lon = 7.0;
    }
    s.segment_start = i == 2 || i == 4;
    a.samples.push_back(s);
  }
  const Activity g = read_gpx(bytes_of(write_gpx(a)));
  ASSERT_EQ(g.samples.size(), 4u);
  EXPECT_TRUE(g.samples[2].segment_start);  // the break moved to the next point with a position
  EXPECT_TRUE(g.samples[3].segment_start);
  EXPECT_EQ(g.samples[2].time, 1600000003.0);

  const Activity t = read_tcx(bytes_of(write_tcx(a)));
  ASSERT_EQ(t.samples.size(), 5u);
  EXPECT_FALSE(t.samples[2].has_position());
  EXPECT_FLOAT_EQ(t.samples[2].heart_rate, 102.0f);
  EXPECT_TRUE(t.samples[2].segment_start);
  EXPECT_TRUE(t.samples[4].segment_start);
  EXPECT_EQ(t.sport, Sport::Run);  // TCX knows Running, Biking and Other only
}

TEST(XmlWriters, EmptyActivityIsStillAValidFile) {
  Activity a;
  const Activity g = read_gpx(bytes_of(write_gpx(a)));
  EXPECT_TRUE(g.samples.empty());
  const Activity t = read_tcx(bytes_of(write_tcx(a)));
  EXPECT_TRUE(t.samples.empty());
  EXPECT_EQ(t.sport, Sport::Other);
}

TEST(XmlWriters, GpsbabelReadsTheSamePointCount) {
  if (!test::gpsbabel_available()) GTEST_SKIP() << "gpsbabel is not installed";
  const test::ScratchDir dir("th-xml-writer");
  const Activity a = sample_activity(500);
  const auto gpx_file = dir.path() / "a.gpx";
  const auto tcx_file = dir.path() / "a.tcx";
  write_file_atomic(gpx_file, write_gpx(a));
  write_file_atomic(tcx_file, write_tcx(a));
  EXPECT_EQ(test::gpsbabel_points(gpx_file, "gpx"), a.samples.size());
  EXPECT_EQ(test::gpsbabel_points(tcx_file, "gtrnctr"), a.samples.size());
}

}  // namespace
}  // namespace th
