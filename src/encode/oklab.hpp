#pragma once
// Colours: 8-bit sRGB with straight (not premultiplied) alpha, and the OKLab perceptual space
// (Björn Ottosson, 2020) in which the colour ramps are interpolated. OKLab is used because equal
// steps in it look like equal steps to the eye, and its L axis is a good predictor of perceived
// lightness, so a ramp that is monotone in L reads as ordered even to colour-blind viewers.

#include <cstdint>
#include <string_view>

namespace th {

// One sRGB colour, 8 bits per channel, alpha straight (0 = fully transparent, 255 = opaque).
// Exactly 4 bytes in r, g, b, a order, so a span of Rgba is also an RGBA8 pixel buffer.
struct Rgba {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  std::uint8_t a = 0;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};
static_assert(sizeof(Rgba) == 4, "Rgba must be a packed RGBA8 pixel");

// A colour in OKLab: L lightness (0 black .. 1 white), a green(-)/red(+), b blue(-)/yellow(+).
struct Oklab {
  double l = 0.0;
  double a = 0.0;
  double b = 0.0;
};

// sRGB channel (0..1, gamma-encoded) <-> linear light (0..1).
double srgb_to_linear(double c);
double linear_to_srgb(double c);

// 8-bit sRGB -> OKLab (alpha ignored).
Oklab to_oklab(const Rgba& c);

// OKLab -> linear sRGB, unclamped (components may leave [0, 1] for colours outside the gamut).
struct LinearRgb {
  double r = 0.0;
  double g = 0.0;
  double b = 0.0;
};
LinearRgb oklab_to_linear_srgb(const Oklab& c);

// OKLab -> 8-bit sRGB with the given alpha. Colours outside the sRGB gamut are brought inside by
// reducing chroma at constant L and hue (never by clipping channels, which would shift lightness
// and hue and could break a ramp's lightness order).
Rgba to_rgba(const Oklab& c, std::uint8_t alpha);

// Parses "#rrggbb" (exactly; a programming error otherwise: throws std::invalid_argument).
Rgba rgba_from_hex(std::string_view hex, std::uint8_t alpha = 255);

}  // namespace th
