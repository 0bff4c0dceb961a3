// Small drawn fixtures: segments on an 8 × 6 window, compared with the expected picture.
// Characters: '.' exactly 0, ':' below 0.3, '+' below 0.7, '#' from 0.7 up (weight = length of
// line per pixel, tent footprint). The exact values quoted come from integrating the kernel by
// hand, e.g. a 45° line through pixel centres gives √2·2/3 on its pixels and √2/6 beside them.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "raster_test_util.hpp"

namespace th::test {
namespace {

using Picture = std::vector<std::string>;

const PixelWindow kSmall{0, 0, 8, 6};
const double kSqrt2 = std::sqrt(2.0);

TEST(RasterizerFixture, HorizontalThroughPixelCentres) {
  const auto grid = draw_all(kSmall, {{1.5, 2.5, 6.5, 2.5}});
  EXPECT_EQ(ascii(grid), (Picture{
                             "........",
                             "........",
                             ".+####+.",
                             "........",
                             "........",
                             "........",
                         }));
  EXPECT_NEAR(grid.at(1, 2), 0.5, 1e-7);  // the end pixels get half: the tent is cut at the centre
  EXPECT_NEAR(grid.at(3, 2), 1.0, 1e-7);
}

TEST(RasterizerFixture, HorizontalOnPixelBoundarySplitsEvenly) {
  const auto grid = draw_all(kSmall, {{0.5, 3.0, 7.5, 3.0}});
  EXPECT_EQ(ascii(grid), (Picture{
                             "........",
                             "........",
                             ":++++++:",
                             ":++++++:",
                             "........",
                             "........",
                         }));
  EXPECT_NEAR(grid.at(0, 2), 0.25, 1e-7);
  EXPECT_NEAR(grid.at(4, 2), 0.5, 1e-7);
  EXPECT_NEAR(grid.at(4, 3), 0.5, 1e-7);
}

TEST(RasterizerFixture, Vertical) {
  const auto grid = draw_all(kSmall, {{3.5, 0.5, 3.5, 5.5}});
  EXPECT_EQ(ascii(grid), (Picture{
                             "...+....",
                             "...#....",
                             "...#....",
                             "...#....",
                             "...#....",
                             "...+....",
                         }));
  EXPECT_NEAR(grid.at(3, 2), 1.0, 1e-7);
}

TEST(RasterizerFixture, DiagonalThroughPixelCentres) {
  const auto grid = draw_all(kSmall, {{0.5, 0.5, 5.5, 5.5}});
  EXPECT_EQ(ascii(grid), (Picture{
                             "+:......",
                             ":#:.....",
                             ".:#:....",
                             "..:#:...",
                             "...:#:..",
                             "....:+..",
                         }));
  EXPECT_NEAR(grid.at(2, 2), kSqrt2 * 2.0 / 3.0, 1e-6);
  EXPECT_NEAR(grid.at(3, 2), kSqrt2 / 6.0, 1e-6);
  EXPECT_NEAR(grid.at(2, 3), kSqrt2 / 6.0, 1e-6);
  EXPECT_NEAR(grid.at(0, 0), kSqrt2 / 3.0, 1e-6);
}

// Slope 1/2: on even columns the line passes a pixel centre (one strong pixel, faint ones
// beside it), on odd columns it passes between two rows (two half pixels): anti-aliased, no
// stair steps. Values: sec·5/6 and sec/12 on even columns, sec/2 on odd ones, sec = √1.25.
TEST(RasterizerFixture, ShallowSlopeIsAntiAliased) {
  const auto grid = draw_all(kSmall, {{0.5, 1.5, 6.5, 4.5}});
  EXPECT_EQ(ascii(grid), (Picture{
                             "........",
                             "++:.....",
                             ":+#+:...",
                             "..:+#+:.",
                             "....:++.",
                             "........",
                         }));
  const double sec = std::sqrt(1.25);
  EXPECT_NEAR(grid.at(2, 2), sec * 5.0 / 6.0, 1e-6);
  EXPECT_NEAR(grid.at(2, 1), sec / 12.0, 1e-6);
  EXPECT_NEAR(grid.at(3, 2), sec / 2.0, 1e-6);
  EXPECT_NEAR(grid.at(3, 3), sec / 2.0, 1e-6);
}

// The corner pixel gets half from each leg: exactly what a straight line gives there, so a turn
// neither doubles nor drops heat.
TEST(RasterizerFixture, PolylineCorner) {
  const auto grid = draw_all(kSmall, polyline({{1.5, 1.5}, {5.5, 1.5}, {5.5, 4.5}}));
  EXPECT_EQ(ascii(grid), (Picture{
                             "........",
                             ".+####..",
                             ".....#..",
                             ".....#..",
                             ".....+..",
                             "........",
                         }));
  EXPECT_NEAR(grid.at(5, 1), 1.0, 1e-7);
  EXPECT_NEAR(grid.at(5, 2), 1.0, 1e-7);
  EXPECT_NEAR(grid.at(4, 1), 1.0, 1e-7);
}

// A window away from the origin (left 10, top 20) and a 45° segment that starts above-left of
// it and leaves through its bottom edge: inside, the line looks like an endless line (no end
// caps at the window's edges).
TEST(RasterizerFixture, SegmentCrossingTheWindowEdges) {
  const PixelWindow window{10, 20, 8, 6};
  const auto grid = draw_all(window, {{8.5, 18.5, 16.5, 26.5}});
  EXPECT_EQ(ascii(grid), (Picture{
                             "#:......",
                             ":#:.....",
                             ".:#:....",
                             "..:#:...",
                             "...:#:..",
                             "....:#:.",
                         }));
  EXPECT_NEAR(grid.at(0, 0), kSqrt2 * 2.0 / 3.0, 1e-6);
  EXPECT_NEAR(grid.at(5, 5), kSqrt2 * 2.0 / 3.0, 1e-6);
}

// A segment that only passes by: its footprint touches one row of the window, nothing else.
TEST(RasterizerFixture, SegmentJustAboveTheWindow) {
  const PixelWindow window{0, 10, 8, 6};
  const auto grid = draw_all(window, {{-5.0, 9.75, 20.0, 9.75}});
  EXPECT_EQ(ascii(grid), (Picture{
                             "::::::::",
                             "........",
                             "........",
                             "........",
                             "........",
                             "........",
                         }));
  EXPECT_NEAR(grid.at(3, 0), 0.25, 1e-7);  // centre row 10.5 is 0.75 px from the line
}

}  // namespace
}  // namespace th::test
