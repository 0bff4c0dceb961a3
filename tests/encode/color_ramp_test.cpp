#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "core/errors.hpp"
#include "encode/color_ramp.hpp"

namespace th {
namespace {

double lightness(const Rgba& c) {
  return to_oklab(c).l;
}
double chroma(const Rgba& c) {
  const Oklab lab = to_oklab(c);
  return std::hypot(lab.a, lab.b);
}

std::vector<RampId> sequential_ramps() {
  std::vector<RampId> ids;
  for (RampId id : kAllRamps) {
    if (!is_diverging(id)) ids.push_back(id);
  }
  return ids;
}

TEST(OklabTest, KnownColours) {
  const Oklab white = to_oklab({255, 255, 255, 255});
  EXPECT_NEAR(white.l, 1.0, 1e-4);
  EXPECT_NEAR(white.a, 0.0, 1e-4);
  EXPECT_NEAR(white.b, 0.0, 1e-4);
  EXPECT_NEAR(to_oklab({0, 0, 0, 255}).l, 0.0, 1e-9);
  // Published reference value: sRGB red is L 0.628, a 0.225, b 0.126 in OKLab.
  const Oklab red = to_oklab({255, 0, 0, 255});
  EXPECT_NEAR(red.l, 0.628, 1e-3);
  EXPECT_NEAR(red.a, 0.225, 1e-3);
  EXPECT_NEAR(red.b, 0.126, 1e-3);
}

TEST(OklabTest, RoundTripsEveryEighthSrgbColour) {
  for (int r = 0; r < 256; r += 17) {
    for (int g = 0; g < 256; g += 17) {
      for (int b = 0; b < 256; b += 17) {
        const Rgba c{static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g),
                     static_cast<std::uint8_t>(b), 200};
        EXPECT_EQ(to_rgba(to_oklab(c), 200), c) << r << "," << g << "," << b;
      }
    }
  }
}

TEST(OklabTest, OutOfGamutKeepsLightnessAndHue) {
  // Far too saturated for sRGB: chroma is reduced, lightness and hue kept.
  const Oklab wild{0.7, 0.3, 0.3};
  const Rgba c = to_rgba(wild, 255);
  const Oklab back = to_oklab(c);
  EXPECT_NEAR(back.l, 0.7, 0.01);
  EXPECT_NEAR(std::atan2(back.b, back.a), std::atan2(0.3, 0.3), 0.05);
  EXPECT_LT(std::hypot(back.a, back.b), std::hypot(0.3, 0.3));
}

TEST(OklabTest, HexParsing) {
  EXPECT_EQ(rgba_from_hex("#ff8000"), (Rgba{255, 128, 0, 255}));
  EXPECT_EQ(rgba_from_hex("#0A0b0C", 7), (Rgba{10, 11, 12, 7}));
  EXPECT_THROW(rgba_from_hex("ff8000"), std::invalid_argument);
  EXPECT_THROW(rgba_from_hex("#ff80g0"), std::invalid_argument);
}

TEST(ColorRampTest, IndexZeroIsTransparentInEveryRamp) {
  for (RampId id : kAllRamps) {
    EXPECT_EQ(ramp(id)[0].a, 0) << ramp_name(id);
    for (int k = 1; k < 256; ++k) EXPECT_GT(ramp(id)[k].a, 0) << ramp_name(id) << " " << k;
  }
}

TEST(ColorRampTest, AlphaRisesFromTheLowEndToOpaque) {
  for (RampId id : sequential_ramps()) {
    const Palette& p = ramp(id);
    SCOPED_TRACE(std::string(ramp_name(id)));
    EXPECT_LT(p[1].a, 200) << "the faintest value must fade into the map";
    EXPECT_GE(p[1].a, 60) << "the faintest value must stay visible";
    EXPECT_EQ(p[255].a, 255);
    for (int k = 2; k < 256; ++k) EXPECT_GE(p[k].a, p[k - 1].a) << "index " << k;
  }
}

TEST(ColorRampTest, SequentialRampsAreMonotoneInOklabLightness) {
  for (RampId id : sequential_ramps()) {
    const Palette& p = ramp(id);
    SCOPED_TRACE(std::string(ramp_name(id)));
    const double sign = lightness(p[255]) > lightness(p[1]) ? 1.0 : -1.0;
    EXPECT_GT(std::abs(lightness(p[255]) - lightness(p[1])), 0.25) << "too little contrast";
    // Neighbours may tie or wobble by 8-bit rounding only; 8 indices apart L strictly moves.
    for (int k = 2; k < 256; ++k) {
      EXPECT_GT(sign * (lightness(p[k]) - lightness(p[k - 1])), -0.003) << "index " << k;
    }
    for (int k = 9; k < 256; k += 8) {
      EXPECT_GT(sign * (lightness(p[k]) - lightness(p[k - 8])), 0.0) << "index " << k;
    }
  }
}

// Every colour that is drawn with real weight (past the faint fade-in) must stand out from a
// dark base map (Esri dark grey ~#262626) and a light one (#f2efe9, OSM's land colour).
TEST(ColorRampTest, LegibleOnDarkAndLightBaseMaps) {
  const Oklab dark = to_oklab({0x26, 0x26, 0x26, 255});
  const Oklab light = to_oklab({0xf2, 0xef, 0xe9, 255});
  auto distance = [](const Oklab& x, const Oklab& y) {
    return std::sqrt((x.l - y.l) * (x.l - y.l) + (x.a - y.a) * (x.a - y.a) +
                     (x.b - y.b) * (x.b - y.b));
  };
  for (RampId id : kAllRamps) {
    for (int k = 16; k < 256; ++k) {
      const Oklab c = to_oklab(ramp(id)[k]);
      EXPECT_GE(distance(c, dark), 0.07) << ramp_name(id) << " index " << k << " on dark";
      EXPECT_GE(distance(c, light), 0.07) << ramp_name(id) << " index " << k << " on light";
    }
  }
}

TEST(ColorRampTest, HeatGlowsFromDarkRedToNearWhite) {
  const Palette& heat = ramp(RampId::Heat);
  EXPECT_GT(heat[1].r, 2 * heat[1].g);        // red
  EXPECT_LT(lightness(heat[1]), 0.45);        // dark
  EXPECT_GT(lightness(heat[255]), 0.95);      // near white
  EXPECT_GT(heat[160].r, heat[160].b + 100);  // orange/yellow in the upper middle
}

TEST(ColorRampTest, ClimbIsSymmetricAroundZeroGrade) {
  const Palette& climb = ramp(RampId::Climb);
  for (int k = 1; k <= 127; ++k) {
    const Rgba& down = climb[128 - k];
    const Rgba& up = climb[128 + k];
    SCOPED_TRACE("offset " + std::to_string(k));
    EXPECT_EQ(down.a, up.a);
    EXPECT_NEAR(lightness(down), lightness(up), 0.01);
    EXPECT_NEAR(chroma(down), chroma(up), 0.01);
    EXPECT_GE(up.a, climb[128 + k - 1].a);  // more opaque away from zero
    if (k >= 16) {
      EXPECT_LT(to_oklab(down).b, -0.02) << "descent is blue";
      EXPECT_GT(to_oklab(up).a, 0.02) << "ascent is red";
    }
  }
  EXPECT_LT(chroma(climb[128]), 0.005) << "zero grade is neutral";
  EXPECT_LE(climb[128].a, 64) << "zero grade is nearly transparent";
  EXPECT_EQ(climb[1].a, 255);
  EXPECT_EQ(climb[255].a, 255);
}

TEST(ColorRampTest, RampsAreDistinct) {
  std::set<std::string> tops;
  for (RampId id : kAllRamps) {
    // Compare colours at a quarter, half and three quarters: no two ramps look the same.
    tops.insert(css_color(ramp(id)[64]) + css_color(ramp(id)[128]) + css_color(ramp(id)[192]));
  }
  EXPECT_EQ(tops.size(), kAllRamps.size());
  // Freshness must not be mistaken for heat: different hue family at mid range.
  EXPECT_GT(ramp(RampId::Freshness)[128].b, ramp(RampId::Freshness)[128].r);
  EXPECT_GT(ramp(RampId::Heat)[128].r, ramp(RampId::Heat)[128].b);
}

TEST(ColorRampTest, IndexForQuantisesNormalisedValues) {
  EXPECT_EQ(index_for(0.0), 0);
  EXPECT_EQ(index_for(-0.5), 0);
  EXPECT_EQ(index_for(std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_EQ(index_for(-std::numeric_limits<double>::infinity()), 0);
  EXPECT_EQ(index_for(1e-12), 1);
  EXPECT_EQ(index_for(0.5), 128);
  EXPECT_EQ(index_for(1.0), 255);
  EXPECT_EQ(index_for(7.0), 255);
  EXPECT_EQ(index_for(std::numeric_limits<double>::infinity()), 255);
  int previous = 0;
  for (int i = 1; i <= 10000; ++i) {
    const int k = index_for(i / 10000.0);
    EXPECT_GE(k, previous);
    EXPECT_LE(k - previous, 1);
    previous = k;
  }
  // Every index's own sample point quantises back to it, except index 1: its sample point is
  // t = 0 itself, which means "no data"; index 1 holds the values just above zero.
  for (int k = 2; k <= 255; ++k) {
    EXPECT_EQ(index_for(t_for_index(static_cast<std::uint8_t>(k))), k);
  }
  EXPECT_EQ(index_for(0.4 * t_for_index(2)), 1);
}

TEST(ColorRampTest, IndexForSignedIsSymmetric) {
  EXPECT_EQ(index_for_signed(0.0), 128);
  EXPECT_EQ(index_for_signed(1.0), 255);
  EXPECT_EQ(index_for_signed(-1.0), 1);
  EXPECT_EQ(index_for_signed(-9.0), 1);
  EXPECT_EQ(index_for_signed(9.0), 255);
  EXPECT_EQ(index_for_signed(std::numeric_limits<double>::quiet_NaN()), 0);
  for (int i = 0; i <= 2000; ++i) {
    const double s = i / 2000.0;
    EXPECT_EQ(index_for_signed(-s), 256 - index_for_signed(s)) << s;
  }
  // The climb index agrees with the sequential quantiser on t = (s + 1) / 2 where s > -1.
  for (int i = -999; i <= 1000; ++i) {
    const double s = i / 1000.0;
    EXPECT_NEAR(index_for_signed(s), index_for((s + 1.0) / 2.0), 1) << s;
  }
}

TEST(ColorRampTest, LegendStopsAgreeWithThePalette) {
  for (RampId id : kAllRamps) {
    SCOPED_TRACE(std::string(ramp_name(id)));
    const auto stops = legend_stops(id, 7);
    ASSERT_EQ(stops.size(), 7u);
    EXPECT_EQ(stops.front().t, 0.0);
    EXPECT_EQ(stops.back().t, 1.0);
    EXPECT_EQ(stops.front().index, 1);
    EXPECT_EQ(stops.back().index, 255);
    for (const auto& stop : stops) {
      Rgba c = ramp(id)[stop.index];
      EXPECT_NEAR(stop.opacity, c.a / 255.0, 1e-12);
      c.a = 255;
      EXPECT_EQ(stop.color, css_color(c));
      ASSERT_EQ(stop.color.size(), 7u);
      if (stop.t > 0) {
        EXPECT_EQ(stop.index, index_for(stop.t));
      }
    }
  }
  EXPECT_EQ(legend_stops(RampId::Climb, 7)[3].index, 128);
  EXPECT_EQ(legend_stops(RampId::Heat, 1).size(), 2u);
}

TEST(ColorRampTest, CssColor) {
  EXPECT_EQ(css_color({255, 0, 16, 255}), "#ff0010");
  EXPECT_EQ(css_color({1, 2, 3, 128}), "#01020380");
  EXPECT_EQ(css_color({0, 0, 0, 0}), "#00000000");
}

TEST(ColorRampTest, NamesRoundTrip) {
  for (RampId id : kAllRamps) EXPECT_EQ(ramp_from_name(ramp_name(id)), id);
  EXPECT_EQ(ramp_from_name("heart-rate"), RampId::HeartRate);
  EXPECT_EQ(ramp_name(RampId::HeartRate), "heart_rate");
  EXPECT_THROW(ramp_from_name("rainbow"), UsageError);
  EXPECT_THROW(ramp_from_name(""), UsageError);
}

}  // namespace
}  // namespace th
