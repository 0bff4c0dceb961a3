// The poster's parameters: one parser for `trackheat poster` and /api/poster.png, one line per
// mistake; the view a bounding box gets is the largest zoom at which it fits, centred.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "poster/poster_request.hpp"

namespace th::poster {
namespace {

live::QueryParams base(std::initializer_list<std::pair<std::string, std::string>> more) {
  live::QueryParams p = {{"layer", "frequency-log"}, {"size", "800x600"}};
  for (const auto& kv : more) p.push_back(kv);
  return p;
}

std::string error_of(const live::QueryParams& p, int max_side = kMaxPosterSide) {
  try {
    parse_poster_request(p, max_side);
  } catch (const live::BadRequest& e) {
    return e.what();
  }
  return "";
}

TEST(PosterRequest, ReadsEveryParameter) {
  const PosterRequest r = parse_poster_request(base({{"center", "48.1,11.5"},
                                                     {"z", "12"},
                                                     {"title", "Mine"},
                                                     {"background", "light"},
                                                     {"legend", "0"},
                                                     {"after", "2024-01-01"},
                                                     {"sport", "Ride"}}),
                                               kMaxPosterSide);
  EXPECT_EQ(r.layer->name, "frequency-log");
  EXPECT_EQ(r.width, 800);
  EXPECT_EQ(r.height, 600);
  ASSERT_TRUE(r.center && r.zoom);
  EXPECT_DOUBLE_EQ(r.center->lat, 48.1);
  EXPECT_EQ(*r.zoom, 12);
  EXPECT_EQ(r.title, "Mine");
  EXPECT_EQ(r.background, Background::Light);
  EXPECT_FALSE(r.legend);
  EXPECT_EQ(r.filter.canonical(), "after=2024-01-01&sport=Ride");
}

TEST(PosterRequest, BadParametersSayWhatIsWrongInOneLine) {
  const std::pair<live::QueryParams, std::string> cases[] = {
      {base({{"bbox", "47,11,48,12"}, {"layer", "x"}}), "given twice"},
      {{{"layer", "nope"}, {"size", "10x10"}, {"bbox", "47,11,48,12"}}, "unknown layer 'nope'"},
      {{{"layer", "pace"}, {"size", "0x10"}, {"bbox", "47,11,48,12"}}, "size must be WxH"},
      {{{"layer", "pace"}, {"size", "10001x10"}, {"bbox", "47,11,48,12"}}, "1 to 10000"},
      {{{"layer", "pace"}, {"size", "100"}, {"bbox", "47,11,48,12"}}, "size must be WxH"},
      {base({{"bbox", "47,11,48"}}), "bbox must be S,W,N,E"},
      {base({{"bbox", "48,11,47,12"}}), "S < N"},
      {base({{"bbox", "47,11,48,12"}, {"center", "48,11"}, {"z", "3"}}), "not both"},
      {base({{"center", "48,11"}}), "a center needs a zoom"},
      {base({{"center", "95,11"}, {"z", "3"}}), "center must be LAT,LON"},
      {base({{"center", "48,11"}, {"z", "-1"}}), "zoom must be a whole number"},
      {base({{"bbox", "47,11,48,12"}, {"background", "pink"}}), "dark, light or transparent"},
      {base({{"bbox", "47,11,48,12"}, {"legend", "yes"}}), "legend must be 1 or 0"},
      {base({{"bbox", "47,11,48,12"}, {"min_km", "x"}}), "min_km"},
      {base({{"bbox", "47,11,48,12"}, {"colour", "red"}}), "unknown parameter 'colour'"},
      {base({}), "missing bbox"},
  };
  for (const auto& [params, expected] : cases) {
    const std::string e = error_of(params);
    EXPECT_NE(e.find(expected), std::string::npos) << "got: " << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  }
  EXPECT_NE(error_of({{"layer", "pace"}, {"size", "5000x10"}, {"bbox", "47,11,48,12"}}, 4096)
                .find("1 to 4096"),
            std::string::npos);
}

TEST(PosterRequest, CenterAndZoomGiveExactlyThatWindow) {
  PosterRequest r = parse_poster_request(base({{"center", "0,0"}, {"z", "3"}}), kMaxPosterSide);
  const PosterView v = resolve_view(r, 0, 17);
  EXPECT_EQ(v.zoom, 3);
  EXPECT_EQ(v.width, 800);
  EXPECT_EQ(v.height, 600);
  EXPECT_EQ(v.left, 1024 - 400);  // the world is 2048 px wide at zoom 3; 0,0 is its middle
  EXPECT_EQ(v.top, 1024 - 300);
  r.zoom = 18;
  EXPECT_THROW(resolve_view(r, 0, 17), live::BadRequest);
}

TEST(PosterRequest, BboxGetsTheLargestZoomWhereItFitsCentred) {
  const PosterRequest r =
      parse_poster_request(base({{"bbox", "47.46,11.11,48.23,11.98"}}), kMaxPosterSide);
  const PosterView v = resolve_view(r, 0, 17);
  const auto px = [](double lat, double lon, int z) {
    const WorldPoint p = project(lat, lon);
    return PixelPoint{p.x * std::ldexp(256.0, z), p.y * std::ldexp(256.0, z)};
  };
  const auto fits = [&](int z) {
    const PixelPoint nw = px(48.23, 11.11, z), se = px(47.46, 11.98, z);
    return se.x - nw.x <= 800 && se.y - nw.y <= 600;
  };
  EXPECT_TRUE(fits(v.zoom));
  EXPECT_FALSE(fits(v.zoom + 1));
  const PixelPoint nw = px(48.23, 11.11, v.zoom), se = px(47.46, 11.98, v.zoom);
  EXPECT_NEAR(static_cast<double>(v.left + 400), (nw.x + se.x) / 2, 1);
  EXPECT_NEAR(static_cast<double>(v.top + 300), (nw.y + se.y) / 2, 1);
  // Never above the site's top zoom.
  EXPECT_EQ(resolve_view(r, 0, v.zoom - 2).zoom, v.zoom - 2);
}

}  // namespace
}  // namespace th::poster
