#pragma once
// Named colour ramps for the heatmap layers, and the quantiser that turns a normalised value
// into a palette index.
//
// Representation: a Palette is 256 RGBA entries indexed by the 8-bit value a tile stores per
// pixel. Invariants, for every ramp:
//   - index 0 is fully transparent: "no data", the map shows through;
//   - indices 1..255 are the ramp sampled at t = (index - 1) / 254, so index 1 is the ramp's
//     bottom (t = 0) and 255 its top (t = 1); index_for() is the matching quantiser;
//   - alpha never decreases from index 1 up to where it reaches 255 (sequential ramps), so faint
//     heat fades into the base map instead of sitting on it as a flat colour.
// The diverging `climb` ramp is indexed by a signed value s in [-1, 1]: index = 128 + round(127 s)
// (index_for_signed), so 128 is zero grade, 1 the steepest descent and 255 the steepest ascent;
// colour and alpha are mirror images around 128 (same lightness, chroma and alpha at 128 - k and
// 128 + k; blue hue below, red above) and alpha is lowest at 128.
//
// Ramps are defined by a few control points, interpolated linearly in OKLab and built once, on
// first use (thread-safe); every sequential ramp is monotone in OKLab lightness, so its order is
// legible without relying on hue (colour-blind viewers) on dark and light base maps alike.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "encode/oklab.hpp"

namespace th {

using Palette = std::array<Rgba, 256>;

enum class RampId : std::uint8_t {
  Heat,       // frequency: dark red -> red -> orange -> yellow -> pale yellow-white (a glow)
  Pace,       // slow -> fast: purple -> blue -> cyan -> green -> yellow
  HeartRate,  // low -> high: dark teal -> violet -> magenta -> coral -> salmon
  Hill,       // gentle (2.5 %) -> steep: yellow -> orange -> red -> crimson -> purple
  Steepness,  // mean |grade|: dark green -> olive -> ochre -> gold -> light tan
  Climb,      // signed grade, diverging: blue (descent) <- grey (0, nearly transparent) -> red
  Recency,    // old -> recent: dim slate blue -> teal -> green -> yellow
  Freshness,  // recent frequency, an "ice" glow distinct from heat: blue -> sky -> pale cyan
};

inline constexpr std::array<RampId, 8> kAllRamps = {
    RampId::Heat,      RampId::Pace,  RampId::HeartRate, RampId::Hill,
    RampId::Steepness, RampId::Climb, RampId::Recency,   RampId::Freshness};

// The ramp's palette; built on first use, valid for the life of the program.
const Palette& ramp(RampId id);

// "heat", "pace", "heart_rate", "hill", "steepness", "climb", "recency", "freshness"; '-' is
// accepted for '_' (layer ids use dashes). Throws UsageError naming the unknown ramp.
RampId ramp_from_name(std::string_view name);
std::string_view ramp_name(RampId id);

// True for ramps indexed with index_for_signed() (climb).
bool is_diverging(RampId id);

// "#rrggbb" for an opaque colour, "#rrggbbaa" (CSS Color 4) otherwise. Lower-case hex.
std::string css_color(const Rgba& c);

// One stop of the viewer's legend: position t in [0, 1] along the ramp (for climb, t = (s + 1)
// / 2), the palette index it shows, its colour as opaque "#rrggbb" and its alpha (0..1) so the
// legend can show the fade-in. `color` is exactly css_color() of palette[index] with alpha 255.
struct LegendStop {
  double t = 0.0;
  std::uint8_t index = 0;
  std::string color;
  double opacity = 1.0;
};

// `count` stops (clamped to 2..255) evenly spaced in t from 0 to 1, each at the palette index
// whose sample point is nearest (index = 1 + round(254 t)).
std::vector<LegendStop> legend_stops(RampId id, int count = 7);

// Quantiser for sequential ramps: 0 (transparent) for t <= 0 or NaN; 1 + round(254 t) for
// t in (0, 1], so index k covers the t nearest to its sample point (k - 1) / 254; t > 1 (and
// +inf) clamps to 255. Inline: the renderer calls it once per pixel.
inline std::uint8_t index_for(double t) {
  if (!(t > 0.0)) return 0;  // also catches NaN
  if (t >= 1.0) return 255;
  return static_cast<std::uint8_t>(1 + static_cast<int>(t * 254.0 + 0.5));
}

// Quantiser for the diverging climb ramp: 0 for NaN; otherwise s clamped to [-1, 1] and mapped
// to 128 + round(127 s) (rounding half away from zero, so s and -s land symmetrically).
inline std::uint8_t index_for_signed(double s) {
  if (s != s) return 0;
  if (s >= 1.0) return 255;
  if (s <= -1.0) return 1;
  const double scaled = s * 127.0;
  const int steps = static_cast<int>(scaled < 0.0 ? scaled - 0.5 : scaled + 0.5);
  return static_cast<std::uint8_t>(128 + steps);
}

// The t at which palette index k (1..255) was sampled: (k - 1) / 254. For k = 0, 0.
inline double t_for_index(std::uint8_t index) {
  return index == 0 ? 0.0 : (index - 1) / 254.0;
}

}  // namespace th
