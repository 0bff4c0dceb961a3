#include "demo/demo.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/geo.hpp"
#include "core/time_util.hpp"

namespace th {
namespace {

constexpr double kNow = 1'730'000'000;  // 2024-10-27, fixed so the tests are reproducible
constexpr double kYear = 365.2425 * 86400;

DemoOptions options(int count, std::uint64_t seed = 7, int years = 3) {
  DemoOptions o;
  o.activities = count;
  o.seed = seed;
  o.years = years;
  o.now_utc = kNow;
  return o;
}

// One export shared by the tests that only look at it (generating it is the slow part).
class DemoData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new std::vector<DemoActivity>(generate_demo(options(240)));
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }
  static const std::vector<DemoActivity>& all() { return *data_; }

 private:
  static std::vector<DemoActivity>* data_;
};
std::vector<DemoActivity>* DemoData::data_ = nullptr;

bool indoor(const DemoActivity& d) {
  return (d.activity.flags & kFlagIndoor) != 0;
}

// The mix category of an activity: indoor/virtual ones apart, the rest by sport.
std::string category(const DemoActivity& d) {
  if (indoor(d) || is_virtual(d.activity.sport)) return "indoor";
  return std::string(sport_name(d.activity.sport));
}

// The first sample with a position (a default Sample, without one, when there is none).
Sample first_positioned(const Activity& a) {
  for (const Sample& s : a.samples) {
    if (s.has_position()) return s;
  }
  return Sample{};
}

bool same_samples(const std::vector<Sample>& a, const std::vector<Sample>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Sample& x = a[i];
    const Sample& y = b[i];
    auto same = [](double p, double q) { return (std::isnan(p) && std::isnan(q)) || p == q; };
    if (!same(x.time, y.time) || !same(x.lat, y.lat) || !same(x.lon, y.lon) ||
        !same(x.distance, y.distance) || !same(x.altitude, y.altitude) ||
        !same(x.heart_rate, y.heart_rate) || !same(x.speed, y.speed)) {
      return false;
    }
  }
  return true;
}

TEST_F(DemoData, MakesTheRequestedCount) {
  EXPECT_EQ(all().size(), 240u);
}

TEST(Demo, ZeroActivitiesIsAnEmptyExport) {
  EXPECT_TRUE(generate_demo(options(0)).empty());
}

TEST(Demo, RejectsImpossibleOptions) {
  EXPECT_THROW(generate_demo(options(-1)), UsageError);
  EXPECT_THROW(generate_demo(options(10, 1, 0)), UsageError);
  DemoOptions far_future = options(10);
  far_future.now_utc = 1e300;
  EXPECT_THROW(generate_demo(far_future), UsageError);
}

TEST(Demo, SameOptionsGiveIdenticalOutput) {
  const auto a = generate_demo(options(40, 99));
  const auto b = generate_demo(options(40, 99));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].strava_id, b[i].strava_id);
    EXPECT_EQ(a[i].activity.name, b[i].activity.name);
    EXPECT_EQ(a[i].format, b[i].format);
    EXPECT_EQ(a[i].activity.start_time, b[i].activity.start_time);
    EXPECT_EQ(a[i].activity.summary.distance_m, b[i].activity.summary.distance_m);
    EXPECT_TRUE(same_samples(a[i].activity.samples, b[i].activity.samples)) << "activity " << i;
  }
}

TEST(Demo, OtherSeedGivesOtherOutput) {
  const auto a = generate_demo(options(40, 99));
  const auto b = generate_demo(options(40, 100));
  int different = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].activity.start_time != b[i].activity.start_time ||
        !same_samples(a[i].activity.samples, b[i].activity.samples)) {
      ++different;
    }
  }
  EXPECT_EQ(different, 40);
}

TEST(Demo, StreamingGivesTheSameActivities) {
  const auto all = generate_demo(options(12, 5));
  std::size_t i = 0;
  for_each_demo_activity(options(12, 5), [&](DemoActivity&& d) {
    ASSERT_LT(i, all.size());
    EXPECT_EQ(d.strava_id, all[i].strava_id);
    EXPECT_TRUE(same_samples(d.activity.samples, all[i].activity.samples));
    ++i;
  });
  EXPECT_EQ(i, 12u);
}

TEST(Demo, MissingNowMeansTheCurrentTime) {
  DemoOptions o = options(3);
  o.now_utc = kNaN;
  const double before = static_cast<double>(std::time(nullptr));
  const auto acts = generate_demo(o);
  ASSERT_EQ(acts.size(), 3u);
  for (const DemoActivity& d : acts) {
    EXPECT_LE(d.activity.start_time, before + 60);
    EXPECT_GE(d.activity.start_time, before - 3 * kYear);
  }
}

TEST_F(DemoData, DatesLieWithinTheYearsBeforeNowInOrderWithGrowingIds) {
  double previous = -1;
  long long previous_id = 0;
  for (const DemoActivity& d : all()) {
    const Activity& a = d.activity;
    EXPECT_GE(a.start_time, kNow - 3 * kYear);
    EXPECT_LE(a.start_time, kNow);
    EXPECT_GE(a.start_time, previous);
    previous = a.start_time;
    ASSERT_GE(d.strava_id.size(), 9u);
    ASSERT_EQ(d.strava_id.find_first_not_of("0123456789"), std::string::npos);
    const long long id = std::stoll(d.strava_id);
    EXPECT_GT(id, previous_id);
    previous_id = id;
  }
  // Spread over the whole span, not bunched: the first and last are near its ends.
  EXPECT_LT(all().front().activity.start_time, kNow - 2.8 * kYear);
  EXPECT_GT(all().back().activity.start_time, kNow - 0.2 * kYear);
}

TEST_F(DemoData, LocalStartTimesAreMorningsToEveningsInMunichTime) {
  for (const DemoActivity& d : all()) {
    const Activity& a = d.activity;
    ASSERT_TRUE(a.utc_offset_s.has_value());
    EXPECT_TRUE(*a.utc_offset_s == 3600 || *a.utc_offset_s == 7200);
    const double local_hour = std::fmod(a.start_time + *a.utc_offset_s, 86400.0) / 3600.0;
    EXPECT_GE(local_hour, 5.0) << a.name;
    EXPECT_LT(local_hour, 23.5) << a.name;
    // Summer time in July, winter time in January.
    const std::string month = format_iso8601(a.start_time).substr(5, 2);
    if (month == "07") {
      EXPECT_EQ(*a.utc_offset_s, 7200);
    } else if (month == "01") {
      EXPECT_EQ(*a.utc_offset_s, 3600);
    }
  }
}

TEST_F(DemoData, SportMixIsMostlyRunsThenRides) {
  std::map<std::string, int> n;
  for (const DemoActivity& d : all()) ++n[category(d)];
  const double total = static_cast<double>(all().size());
  EXPECT_NEAR(n["Run"] / total, 0.55, 0.08);
  EXPECT_NEAR(n["Ride"] / total, 0.25, 0.07);
  EXPECT_NEAR(n["Hike"] / total, 0.10, 0.05);
  EXPECT_NEAR(n["Walk"] / total, 0.05, 0.04);
  EXPECT_NEAR(n["indoor"] / total, 0.05, 0.04);
  EXPECT_GT(n["indoor"], 0);
  EXPECT_EQ(n.size(), 5u);
}

TEST_F(DemoData, FileFormatsMixLikeARealExport) {
  std::map<FileFormat, int> n;
  for (const DemoActivity& d : all()) {
    ++n[d.format];
    EXPECT_EQ(d.gzip, d.format != FileFormat::Gpx);
    EXPECT_EQ(d.activity.format, d.format);
    const std::string ext = d.format == FileFormat::Fit   ? ".fit.gz"
                            : d.format == FileFormat::Gpx ? ".gpx"
                                                          : ".tcx.gz";
    EXPECT_EQ(d.filename(), "activities/" + d.strava_id + ext);
    if (indoor(d)) {
      EXPECT_NE(d.format, FileFormat::Gpx);  // a GPX point needs a position
    }
  }
  const double total = static_cast<double>(all().size());
  EXPECT_NEAR(n[FileFormat::Fit] / total, 0.60, 0.10);
  EXPECT_NEAR(n[FileFormat::Gpx] / total, 0.25, 0.08);
  EXPECT_NEAR(n[FileFormat::Tcx] / total, 0.15, 0.07);
}

TEST_F(DemoData, SamplesAreOneSecondApartWithPlausibleHeartRate) {
  for (const DemoActivity& d : all()) {
    const Activity& a = d.activity;
    ASSERT_GT(a.samples.size(), 600u) << a.name;  // every outing lasts over 10 minutes
    EXPECT_EQ(a.samples.front().time, a.start_time);
    for (std::size_t i = 0; i < a.samples.size(); ++i) {
      const Sample& s = a.samples[i];
      if (i > 0) {
        ASSERT_EQ(s.time - a.samples[i - 1].time, 1.0) << a.name << " sample " << i;
      }
      ASSERT_GE(s.heart_rate, 60.0f);
      ASSERT_LE(s.heart_rate, 200.0f);
      ASSERT_TRUE(has(s.distance));
      ASSERT_TRUE(has(s.speed));  // derived by derive_summary()
    }
    EXPECT_TRUE(a.summary.has_heart_rate);
    EXPECT_EQ(a.summary.samples, a.samples.size());
    EXPECT_GT(a.summary.distance_m, 1000.0);
    EXPECT_LE(a.summary.moving_s, a.summary.elapsed_s);
  }
}

TEST_F(DemoData, SpeedsAndHeartRatesFitTheSport) {
  for (const DemoActivity& d : all()) {
    const Activity& a = d.activity;
    const double kmh = a.summary.distance_m / a.summary.moving_s * 3.6;
    double hr_sum = 0;
    for (const Sample& s : a.samples) hr_sum += s.heart_rate;
    const double hr = hr_sum / static_cast<double>(a.samples.size());
    switch (a.sport) {
      case Sport::Run:
        EXPECT_GT(kmh, 8.0) << a.name;
        EXPECT_LT(kmh, 16.0) << a.name;
        EXPECT_GT(hr, 130.0) << a.name;
        break;
      case Sport::Ride:
      case Sport::VirtualRide:
        EXPECT_GT(kmh, 18.0) << a.name;
        EXPECT_LT(kmh, 40.0) << a.name;
        break;
      case Sport::Hike:
        EXPECT_GT(kmh, 2.0) << a.name;
        EXPECT_LT(kmh, 6.0) << a.name;
        break;
      case Sport::Walk:
        EXPECT_GT(kmh, 3.5) << a.name;
        EXPECT_LT(kmh, 7.0) << a.name;
        EXPECT_LT(hr, 125.0) << a.name;
        break;
      default: ADD_FAILURE() << "unexpected sport " << sport_name(a.sport);
    }
  }
}

TEST_F(DemoData, OutdoorActivitiesAreAroundMunichOrInTheAlps) {
  for (const DemoActivity& d : all()) {
    const Activity& a = d.activity;
    if (indoor(d)) continue;
    EXPECT_EQ(a.summary.points, a.summary.samples);
    const Sample s = first_positioned(a);
    ASSERT_TRUE(s.has_position());
    const double from_munich = haversine_m(s.lat, s.lon, 48.137, 11.575);
    if (a.sport == Sport::Hike) {
      EXPECT_LT(s.lat, 47.75) << a.name;  // the Alps, south of Munich
      EXPECT_LT(from_munich, 100'000.0);
    } else {
      EXPECT_LT(from_munich, 15'000.0) << a.name;
      EXPECT_GT(a.summary.min_lat, 47.8);  // even the lake rides stay north of the mountains
    }
  }
}

TEST_F(DemoData, MunichAltitudesArePlausible) {
  for (const DemoActivity& d : all()) {
    const Activity& a = d.activity;
    if (indoor(d) || a.sport == Sport::Hike) continue;
    for (const Sample& s : a.samples) {
      ASSERT_GT(s.altitude, 450.0f) << a.name;
      ASSERT_LT(s.altitude, 800.0f) << a.name;
    }
  }
}

TEST_F(DemoData, HikesClimbHundredsOfMetres) {
  int hikes = 0;
  for (const DemoActivity& d : all()) {
    const Activity& a = d.activity;
    if (a.sport != Sport::Hike) continue;
    ++hikes;
    EXPECT_GT(a.summary.ascent_m, 300.0) << a.name;
    EXPECT_NEAR(a.summary.descent_m, a.summary.ascent_m, 60.0) << a.name;  // back to the car
    float top = 0;
    for (const Sample& s : a.samples) top = std::max(top, s.altitude);
    EXPECT_GT(top, 1200.0f) << a.name;
  }
  EXPECT_GT(hikes, 10);
}

TEST_F(DemoData, SomeRidesGoOutToTheLakes) {
  int long_rides = 0;
  for (const DemoActivity& d : all()) {
    const Activity& a = d.activity;
    if (a.sport != Sport::Ride) continue;
    EXPECT_LT(a.summary.distance_m, 110'000.0);
    if (a.summary.distance_m > 50'000.0) ++long_rides;
  }
  EXPECT_GE(long_rides, 5);
}

TEST_F(DemoData, IndoorActivitiesHaveNoPositionsAndTheRightFlags) {
  int virtual_rides = 0, treadmill = 0;
  for (const DemoActivity& d : all()) {
    const Activity& a = d.activity;
    if (!indoor(d) && !is_virtual(a.sport)) continue;
    EXPECT_EQ(a.summary.points, 0u) << a.name;
    EXPECT_NE(a.flags & kFlagIndoor, 0u) << a.name;
    EXPECT_GT(a.summary.distance_m, 5000.0) << a.name;  // from the recorded distance
    if (a.sport == Sport::VirtualRide) {
      ++virtual_rides;
      EXPECT_NE(a.flags & kFlagVirtual, 0u);
    } else {
      ++treadmill;
      EXPECT_EQ(a.sport, Sport::Run);
      EXPECT_EQ(a.flags & kFlagVirtual, 0u);
      EXPECT_FALSE(a.summary.has_altitude);
    }
  }
  EXPECT_GT(virtual_rides, 0);
  EXPECT_GT(treadmill, 0);
}

// Two runs on one route: they start within 50 m of each other, have distances within 10 % and
// cover the same area (every side of their bounding boxes within 150 m). One-off loops from
// home share the start and maybe the distance, not the area.
bool same_route(const Activity& a, const Activity& b) {
  const Sample s = first_positioned(a);
  const Sample t = first_positioned(b);
  const double ratio = a.summary.distance_m / b.summary.distance_m;
  const Summary& x = a.summary;
  const Summary& y = b.summary;
  return haversine_m(s.lat, s.lon, t.lat, t.lon) < 50.0 && ratio > 0.9 && ratio < 1.1 &&
         haversine_m(x.min_lat, x.min_lon, y.min_lat, y.min_lon) < 150.0 &&
         haversine_m(x.max_lat, x.max_lon, y.max_lat, y.max_lon) < 150.0;
}

// Favourite loops: groups of runs on the same route, largest first.
std::vector<std::vector<const DemoActivity*>> groups_of_repeats(
    const std::vector<DemoActivity>& all) {
  std::vector<std::vector<const DemoActivity*>> groups;
  for (const DemoActivity& d : all) {
    if (d.activity.sport != Sport::Run || indoor(d)) continue;
    bool placed = false;
    for (auto& g : groups) {
      if (same_route(d.activity, g.front()->activity)) {
        g.push_back(&d);
        placed = true;
        break;
      }
    }
    if (!placed) groups.push_back({&d});
  }
  std::sort(groups.begin(), groups.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return groups;
}

TEST_F(DemoData, FavouriteLoopsAreRunManyTimes) {
  const auto groups = groups_of_repeats(all());
  ASSERT_GE(groups.size(), 3u);
  EXPECT_GE(groups[0].size(), 12u);
  EXPECT_GE(groups[1].size(), 8u);
  EXPECT_GE(groups[2].size(), 5u);
}

// The smallest distance from `p` to any sample of `b`.
double distance_to_track(const Sample& p, const Activity& b) {
  double best = 1e18;
  for (const Sample& s : b.samples) best = std::min(best, haversine_m(p.lat, p.lon, s.lat, s.lon));
  return best;
}

TEST_F(DemoData, RepetitionsFollowTheRouteWithJitterNeverIdentically) {
  const auto groups = groups_of_repeats(all());
  const Activity& a = groups[0][0]->activity;
  const Activity& b = groups[0][1]->activity;
  EXPECT_NE(a.samples[0].lat, b.samples[0].lat);
  // Along the whole of a, b is never far (same route) but rarely exactly there (GPS jitter).
  double sum = 0, worst = 0;
  int n = 0;
  for (std::size_t i = 0; i < a.samples.size(); i += a.samples.size() / 60) {
    const double d = distance_to_track(a.samples[i], b);
    sum += d;
    worst = std::max(worst, d);
    ++n;
  }
  const double mean = sum / n;
  EXPECT_GT(mean, 0.5);
  EXPECT_LT(mean, 15.0);
  EXPECT_LT(worst, 150.0);  // a varied path through the park at most
  // Consecutive fixes move smoothly: the jitter is correlated, not white noise.
  double max_step = 0;
  for (std::size_t i = 1; i < a.samples.size(); ++i) {
    const Sample& p = a.samples[i - 1];
    const Sample& q = a.samples[i];
    max_step = std::max(max_step, haversine_m(p.lat, p.lon, q.lat, q.lon));
  }
  EXPECT_LT(max_step, 8.0);  // a runner does at most ~5 m/s
}

}  // namespace
}  // namespace th
