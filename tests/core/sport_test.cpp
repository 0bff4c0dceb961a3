#include "core/sport.hpp"

#include <gtest/gtest.h>

namespace th {
namespace {

TEST(Sport, StravaCsvLabelsMapToCanonicalSports) {
  EXPECT_EQ(sport_from_text("Run"), Sport::Run);
  EXPECT_EQ(sport_from_text("Trail Run"), Sport::TrailRun);
  EXPECT_EQ(sport_from_text("Mountain Bike Ride"), Sport::MountainBikeRide);
  EXPECT_EQ(sport_from_text("E-Bike Ride"), Sport::EBikeRide);
  EXPECT_EQ(sport_from_text("Virtual Ride"), Sport::VirtualRide);
  EXPECT_EQ(sport_from_text("Nordic Ski"), Sport::NordicSki);
}

TEST(Sport, IntervalsAndFileSpellingsMap) {
  EXPECT_EQ(sport_from_text("VirtualRide"), Sport::VirtualRide);
  EXPECT_EQ(sport_from_text("running"), Sport::Run);
  EXPECT_EQ(sport_from_text("Biking"), Sport::Ride);
  EXPECT_EQ(sport_from_text("hiking"), Sport::Hike);
  EXPECT_EQ(sport_from_text(""), Sport::Unknown);
  EXPECT_EQ(sport_from_text("Underwater Basket Weaving"), Sport::Other);
  EXPECT_EQ(sport_from_text("Radfahrt"), Sport::Ride);  // German export
  EXPECT_EQ(sport_from_text("Lauf"), Sport::Run);
}

TEST(Sport, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(Sport::Other); ++i) {
    const auto s = static_cast<Sport>(i);
    if (s == Sport::Unknown) continue;
    EXPECT_EQ(sport_from_text(sport_name(s)), s) << sport_name(s);
  }
}

TEST(Sport, FitCodes) {
  EXPECT_EQ(sport_from_fit(1, 0), Sport::Run);
  EXPECT_EQ(sport_from_fit(1, 3), Sport::TrailRun);
  EXPECT_EQ(sport_from_fit(2, 0), Sport::Ride);
  EXPECT_EQ(sport_from_fit(2, 58), Sport::VirtualRide);
  EXPECT_EQ(sport_from_fit(17, 0), Sport::Hike);
  EXPECT_TRUE(is_virtual(sport_from_fit(2, 58)));
  EXPECT_EQ(sport_from_fit(1, 45), Sport::Run);  // indoor_running is real running
  EXPECT_EQ(sport_from_fit(1, 58), Sport::VirtualRun);
  EXPECT_EQ(sport_from_fit(13, 37), Sport::BackcountrySki);
  EXPECT_EQ(sport_from_fit(38, 0), Sport::Surfing);
  EXPECT_EQ(sport_from_fit(20, 0), Sport::Other);  // flying
  EXPECT_EQ(sport_from_fit(25, 0), Sport::Golf);
}

}  // namespace
}  // namespace th
