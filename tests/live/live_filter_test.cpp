// The live map's filter: parameters in, one-line reasons out, the viewer's rules for activities
// without a date or a distance, and a canonical text for cache keys.
#include <gtest/gtest.h>

#include "core/time_util.hpp"
#include "live/live_filter.hpp"

namespace th::live {
namespace {

LiveFilter parse(const QueryParams& q, const std::vector<std::string_view>& other = {}) {
  return parse_live_filter(q, other);
}

std::string reason(const QueryParams& q) {
  try {
    parse(q);
  } catch (const BadRequest& e) {
    return e.what();
  }
  return "";
}

TEST(LiveFilter, NoParametersSelectsEverything) {
  const LiveFilter f = parse({});
  EXPECT_TRUE(f.selects_all());
  EXPECT_EQ(f.canonical(), "");
  EXPECT_TRUE(f.matches({}));  // no date, no distance, unknown sport: still selected
}

TEST(LiveFilter, DatesAreInclusiveLocalDays) {
  const LiveFilter f = parse({{"after", "2024-03-01"}, {"before", "2024-03-31"}});
  const std::int64_t march1 = 19783;  // 2024-03-01
  EXPECT_EQ(format_iso_day(march1), "2024-03-01");
  EXPECT_TRUE(f.matches({march1, 5.0, Sport::Run}));
  EXPECT_TRUE(f.matches({march1 + 30, 5.0, Sport::Run}));
  EXPECT_FALSE(f.matches({march1 - 1, 5.0, Sport::Run}));
  EXPECT_FALSE(f.matches({march1 + 31, 5.0, Sport::Run}));
  EXPECT_FALSE(f.matches({std::nullopt, 5.0, Sport::Run}));  // no date: out once narrowed
  EXPECT_EQ(f.canonical(), "after=2024-03-01&before=2024-03-31");
}

TEST(LiveFilter, DistanceAndSports) {
  const LiveFilter f = parse({{"sport", "Run,Ride"}, {"min_km", "5"}, {"max_km", "10.5"}});
  EXPECT_TRUE(f.matches({1, 5.0, Sport::Run}));
  EXPECT_TRUE(f.matches({1, 10.5, Sport::Ride}));
  EXPECT_FALSE(f.matches({1, 10.6, Sport::Ride}));
  EXPECT_FALSE(f.matches({1, 4.9, Sport::Run}));
  EXPECT_FALSE(f.matches({1, 7.0, Sport::Hike}));
  EXPECT_FALSE(f.matches({1, std::nullopt, Sport::Run}));  // no distance: out once narrowed
  // Sorted sports, fixed order of keys, shortest numbers: equal filters, equal text.
  EXPECT_EQ(f.canonical(), "min_km=5&max_km=10.5&sport=Ride,Run");
  EXPECT_EQ(parse({{"max_km", "10.50"}, {"min_km", "5.0"}, {"sport", "Ride,Run,Ride"}}).canonical(),
            f.canonical());
}

TEST(LiveFilter, EmptySportListMatchesNothing) {
  const LiveFilter f = parse({{"sport", ""}});
  EXPECT_FALSE(f.selects_all());
  EXPECT_FALSE(f.matches({1, 5.0, Sport::Run}));
  EXPECT_EQ(f.canonical(), "sport=");
}

TEST(LiveFilter, BadParametersGiveOneLineReasons) {
  EXPECT_EQ(reason({{"after", "2024-02-30"}}), "after must be a date YYYY-MM-DD, not '2024-02-30'");
  EXPECT_NE(reason({{"before", "yesterday"}}), "");
  EXPECT_NE(reason({{"after", "2024-1-01"}}), "");
  EXPECT_NE(reason({{"min_km", "-1"}}), "");
  EXPECT_NE(reason({{"min_km", "nan"}}), "");
  EXPECT_NE(reason({{"max_km", "5km"}}), "");
  EXPECT_EQ(reason({{"sport", "Run,Jogging"}}),
            "sport: unknown sport 'Jogging' (names as in data/activities.js, comma-separated)");
  EXPECT_EQ(reason({{"color", "red"}}),
            "unknown parameter 'color' (after, before, min_km, max_km, sport)");
  EXPECT_EQ(reason({{"sport", "Run"}, {"sport", "Ride"}}), "parameter 'sport' is given twice");
  EXPECT_EQ(reason({{"after", "2024-05-01"}, {"before", "2024-04-01"}}),
            "after (2024-05-01) is later than before (2024-04-01)");
  EXPECT_EQ(reason({{"min_km", "9"}, {"max_km", "3"}}), "min_km is larger than max_km");
  for (const auto& r : {reason({{"after", std::string(5000, 'x')}})}) {
    EXPECT_EQ(r.find('\n'), std::string::npos);
    EXPECT_LT(r.size(), 120u);  // the hostile value is cut short in the reason
  }
  // Keys the caller reads itself pass through.
  EXPECT_NO_THROW(parse({{"lat", "48.1"}, {"sport", "Run"}}, {"lat"}));
}

}  // namespace
}  // namespace th::live
