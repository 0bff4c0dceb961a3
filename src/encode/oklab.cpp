#include "encode/oklab.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace th {
namespace {

// The matrices below are the published OKLab definition (linear sRGB -> LMS -> cube root ->
// Lab and back); they are constants of the colour space, not tuning.
Oklab linear_srgb_to_oklab(double r, double g, double b) {
  const double l = std::cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const double m = std::cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const double s = std::cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return {0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
          1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
          0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s};
}

bool in_gamut(const LinearRgb& c) {
  // A hair of tolerance: rounding to 8 bits absorbs it, and without it colours exactly on the
  // gamut boundary (the control points themselves) would be desaturated needlessly.
  constexpr double kEps = 1e-7;
  return c.r >= -kEps && c.r <= 1.0 + kEps && c.g >= -kEps && c.g <= 1.0 + kEps && c.b >= -kEps &&
         c.b <= 1.0 + kEps;
}

std::uint8_t to_byte(double linear) {
  const double encoded = linear_to_srgb(std::clamp(linear, 0.0, 1.0));
  return static_cast<std::uint8_t>(std::lround(encoded * 255.0));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

double srgb_to_linear(double c) {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double linear_to_srgb(double c) {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

Oklab to_oklab(const Rgba& c) {
  return linear_srgb_to_oklab(srgb_to_linear(c.r / 255.0), srgb_to_linear(c.g / 255.0),
                              srgb_to_linear(c.b / 255.0));
}

LinearRgb oklab_to_linear_srgb(const Oklab& c) {
  const double l = c.l + 0.3963377774 * c.a + 0.2158037573 * c.b;
  const double m = c.l - 0.1055613458 * c.a - 0.0638541728 * c.b;
  const double s = c.l - 0.0894841775 * c.a - 1.2914855480 * c.b;
  const double l3 = l * l * l;
  const double m3 = m * m * m;
  const double s3 = s * s * s;
  return {4.0767416621 * l3 - 3.3077115913 * m3 + 0.2309699292 * s3,
          -1.2684380046 * l3 + 2.6097574011 * m3 - 0.3413193965 * s3,
          -0.0041960863 * l3 - 0.7034186147 * m3 + 1.7076147010 * s3};
}

Rgba to_rgba(const Oklab& c, std::uint8_t alpha) {
  LinearRgb rgb = oklab_to_linear_srgb(c);
  if (!in_gamut(rgb)) {
    // Bisect the chroma scale: grey (scale 0) at this L is always inside when 0 <= L <= 1.
    double inside = 0.0;
    double outside = 1.0;
    for (int i = 0; i < 30; ++i) {
      const double mid = 0.5 * (inside + outside);
      if (in_gamut(oklab_to_linear_srgb({c.l, c.a * mid, c.b * mid}))) {
        inside = mid;
      } else {
        outside = mid;
      }
    }
    rgb = oklab_to_linear_srgb({c.l, c.a * inside, c.b * inside});
  }
  return {to_byte(rgb.r), to_byte(rgb.g), to_byte(rgb.b), alpha};
}

Rgba rgba_from_hex(std::string_view hex, std::uint8_t alpha) {
  int v[6] = {};
  bool ok = hex.size() == 7 && hex[0] == '#';
  for (std::size_t i = 0; ok && i < 6; ++i) {
    v[i] = hex_digit(hex[i + 1]);
    ok = v[i] >= 0;
  }
  if (!ok) throw std::invalid_argument("not a #rrggbb colour: '" + std::string(hex) + "'");
  return {static_cast<std::uint8_t>(v[0] * 16 + v[1]), static_cast<std::uint8_t>(v[2] * 16 + v[3]),
          static_cast<std::uint8_t>(v[4] * 16 + v[5]), alpha};
}

}  // namespace th
