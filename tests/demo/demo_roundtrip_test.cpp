// The demo export read back: every file the demo writes parses to the activity it was written
// from (within each format's precision), and activities.csv agrees with the files.
#include <gtest/gtest.h>

#include <cmath>

#include "core/bytes.hpp"
#include "demo/demo.hpp"
#include "parse/parse.hpp"
#include "sources/strava_export.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

TEST(DemoRoundTrip, EveryWrittenFileReadsBackAsWritten) {
  test::ScratchDir dir;
  DemoOptions o;
  o.out = dir.path() / "export";
  o.activities = 30;
  o.seed = 11;
  o.now_utc = 1790000000;
  ASSERT_EQ(write_demo_export(o), 30);
  const auto expected = generate_demo(o);
  const StravaExport exp = StravaExport::open(o.out);
  ASSERT_EQ(exp.rows().size(), expected.size());
  int formats_seen[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const DemoActivity& d = expected[i];
    SCOPED_TRACE(d.filename());
    const StravaRow& row = exp.rows()[i];
    EXPECT_EQ(row.activity_id, d.strava_id);
    EXPECT_EQ(row.filename, d.filename());
    EXPECT_EQ(row.sport, d.activity.sport);
    EXPECT_EQ(row.name, d.activity.name);
    EXPECT_NEAR(row.start_utc, d.activity.start_time, 1.0);
    EXPECT_NEAR(row.distance_m, d.activity.summary.distance_m, 0.1);

    const Activity back = parse_activity(exp.read(row.filename));
    ++formats_seen[static_cast<int>(back.format)];
    EXPECT_EQ(back.format, d.format);
    EXPECT_EQ(back.compressed, d.gzip);
    ASSERT_EQ(back.samples.size(), d.activity.samples.size());
    for (std::size_t k = 0; k < back.samples.size(); ++k) {
      const Sample& a = d.activity.samples[k];
      const Sample& b = back.samples[k];
      ASSERT_NEAR(b.time, a.time, 0.001) << k;
      ASSERT_EQ(b.has_position(), a.has_position()) << k;
      if (a.has_position()) {
        ASSERT_NEAR(b.lat, a.lat, 1e-6) << k;
        ASSERT_NEAR(b.lon, a.lon, 1e-6) << k;
      }
      if (has(a.altitude)) {
        ASSERT_NEAR(b.altitude, a.altitude, 0.2) << k;
      }
      if (has(a.heart_rate)) {
        ASSERT_NEAR(b.heart_rate, std::round(a.heart_rate), 0.5) << k;
      }
    }
    EXPECT_EQ(back.summary.points, d.activity.summary.points);
    EXPECT_NEAR(back.summary.distance_m, d.activity.summary.distance_m,
                1.0 + d.activity.summary.distance_m * 1e-4);
  }
  EXPECT_GT(formats_seen[static_cast<int>(FileFormat::Fit)], 0);
  EXPECT_GT(formats_seen[static_cast<int>(FileFormat::Gpx)], 0);
  EXPECT_GT(formats_seen[static_cast<int>(FileFormat::Tcx)], 0);
}

}  // namespace
}  // namespace th
