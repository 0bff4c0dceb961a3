// One ride, four files: the device FIT, Strava's GPX, Garmin Connect's GPX and TCX
// (sweatpy_4801048867*). Whatever the format, trackheat must see the same activity.
#include <gtest/gtest.h>

#include <map>

#include "core/bytes.hpp"
#include "core/geo.hpp"
#include "parse/parse.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

Activity parse_file(const std::filesystem::path& p) {
  return parse_activity(read_file(p));
}

std::map<long long, const Sample*> by_second(const Activity& a) {
  std::map<long long, const Sample*> out;
  for (const auto& s : a.samples) {
    if (s.has_position() && has(s.time)) out.emplace(static_cast<long long>(s.time), &s);
  }
  return out;
}

TEST(CrossFormat, SameRideAgreesAcrossFitGpxAndTcx) {
  TH_REQUIRE_REAL_TESTDATA(real);
  const Activity fit = parse_file(real / "sweatpy_4801048867.fit");
  ASSERT_GT(fit.summary.points, 5000u);
  const auto reference = by_second(fit);
  for (const char* name : {"sweatpy_4801048867_strava.gpx", "sweatpy_activity_4801048867.gpx",
                           "sweatpy_activity_4801048867.tcx"}) {
    SCOPED_TRACE(name);
    const Activity other = parse_file(real / name);
    EXPECT_NEAR(other.start_time, fit.start_time, 1.0);
    const double points = fit.summary.points;
    EXPECT_NEAR(other.summary.points, points, points * 0.01);
    EXPECT_EQ(other.summary.has_heart_rate, fit.summary.has_heart_rate);
    EXPECT_NEAR(other.summary.distance_m, fit.summary.distance_m, fit.summary.distance_m * 0.01);
    // Positions at the same second agree within 1 m.
    int compared = 0, far = 0;
    for (const auto& [t, s] : by_second(other)) {
      const auto it = reference.find(t);
      if (it == reference.end()) continue;
      ++compared;
      if (haversine_m(s->lat, s->lon, it->second->lat, it->second->lon) > 1.0) ++far;
    }
    EXPECT_GT(compared, static_cast<int>(points * 0.98));
    EXPECT_EQ(far, 0);
  }
}

TEST(CrossFormat, StravaCopyOfAFitMatchesTheDeviceOriginal) {
  TH_REQUIRE_REAL_TESTDATA(real);
  const Activity original =
      parse_file(real / "geoactivity_2022-05-29-15-53-35_Laufen_Landal_Park.fit");
  const Activity strava = parse_file(real / "geoactivity_12866632127.fit.gz");
  EXPECT_TRUE(strava.compressed);
  EXPECT_EQ(strava.format, FileFormat::Fit);
  EXPECT_NEAR(strava.start_time, original.start_time, 1.0);
  EXPECT_EQ(strava.summary.points, original.summary.points);
  EXPECT_NEAR(strava.summary.distance_m, original.summary.distance_m, 5.0);
}

TEST(CrossFormat, GzipOfAnyFormatParsesLikeThePlainFile) {
  TH_REQUIRE_REAL_TESTDATA(real);
  const Activity gz = parse_file(real / "gpxgo_graphhopper.gpx.gz");
  EXPECT_TRUE(gz.compressed);
  EXPECT_EQ(gz.format, FileFormat::Gpx);
  EXPECT_GT(gz.summary.points, 10u);
}

}  // namespace
}  // namespace th
