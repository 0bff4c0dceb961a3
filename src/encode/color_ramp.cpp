#include "encode/color_ramp.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "core/errors.hpp"

namespace th {
namespace {

// Alpha along a ramp: `floor` at u = 0 rising to opaque at u = `full_at`, with an ease-out curve
// (steep start, flat finish) so that the faintest heat is soft but a single pass of a track is
// already clearly visible. Non-decreasing in u by construction.
struct AlphaCurve {
  double floor;
  double full_at;
};

std::uint8_t alpha_at(const AlphaCurve& curve, double u) {
  const double x = std::min(u / curve.full_at, 1.0);
  const double alpha = curve.floor + (1.0 - curve.floor) * (1.0 - (1.0 - x) * (1.0 - x));
  return static_cast<std::uint8_t>(std::lround(255.0 * alpha));
}

struct SequentialSpec {
  std::string_view name;
  std::array<std::string_view, 6> hex;  // evenly spaced control points; unused trailing = ""
  // Frequency-like layers (heat, freshness, steepness) fade out strongly at the bottom (a low
  // value means "rarely here" or "flat"); value layers (pace, heart rate, hill, recency) keep
  // more alpha, because a low value there is still a measured place, only a slow, easy, gentle
  // or old one, and must stay visible on a light base map too.
  AlphaCurve alpha;
};

// Control points are ordered bottom (t = 0) to top (t = 1); their OKLab lightness is strictly
// monotone (tests check it), rising for all but `hill`, whose steep end is a deep purple.
// No ramp ends in plain white: the top keeps some chroma (heat's glow core is a pale yellow) so
// that it still stands out on a light base map (OKLab distance >= 0.07 from #f2efe9; tested).
constexpr SequentialSpec kHeat{
    "heat", {"#6e0e0e", "#c0261a", "#f26b15", "#fdc230", "#fff0b0"}, {0.35, 0.35}};
constexpr SequentialSpec kPace{
    "pace", {"#5b3a9e", "#3f6fd1", "#1fa8c4", "#3fcf8a", "#b8e04a", "#f6ee55"}, {0.6, 0.2}};
constexpr SequentialSpec kHeartRate{
    "heart_rate", {"#0f6b73", "#5a63c4", "#b447b0", "#ef4f7a", "#ff9a80"}, {0.6, 0.2}};
constexpr SequentialSpec kHill{
    "hill", {"#f7d046", "#ffa53a", "#f05a32", "#c8306a", "#8e3bd6"}, {0.55, 0.25}};
constexpr SequentialSpec kSteepness{
    "steepness", {"#23584a", "#5f8a3c", "#b9a13f", "#e6b85c", "#f7d28a"}, {0.3, 0.35}};
constexpr SequentialSpec kRecency{
    "recency", {"#5a6682", "#3b7e9c", "#2eae8c", "#8fd64e", "#f4f25c"}, {0.55, 0.3}};
constexpr SequentialSpec kFreshness{
    "freshness", {"#1f4aa8", "#2b7fd8", "#2fb0e8", "#5ad8f5", "#8fedff"}, {0.35, 0.35}};

Oklab mix(const Oklab& x, const Oklab& y, double f) {
  return {x.l + (y.l - x.l) * f, x.a + (y.a - x.a) * f, x.b + (y.b - x.b) * f};
}

// Piecewise-linear interpolation through evenly spaced control points, t in [0, 1].
Oklab sample(std::span<const Oklab> points, double t) {
  const double pos = std::clamp(t, 0.0, 1.0) * static_cast<double>(points.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(pos), points.size() - 2);
  return mix(points[i], points[i + 1], pos - static_cast<double>(i));
}

Palette build_sequential(const SequentialSpec& spec) {
  std::vector<Oklab> points;
  for (std::string_view hex : spec.hex) {
    if (!hex.empty()) points.push_back(to_oklab(rgba_from_hex(hex)));
  }
  Palette palette{};  // index 0 stays {0, 0, 0, 0}
  for (int k = 1; k <= 255; ++k) {
    const double t = t_for_index(static_cast<std::uint8_t>(k));
    palette[k] = to_rgba(sample(points, t), alpha_at(spec.alpha, t));
  }
  return palette;
}

Oklab from_lch(double l, double chroma, double hue_degrees) {
  const double h = hue_degrees * (3.14159265358979323846 / 180.0);
  return {l, chroma * std::cos(h), chroma * std::sin(h)};
}

// Climb: each half runs from a neutral grey at zero grade to a saturated end, the two halves
// sharing lightness and chroma at every |s| and differing only in hue (blue 255°, red 28°), so
// neither direction looks "stronger". Chroma rises faster than linearly (a stop at |s| = 0.4)
// because most real grades are small. Both ends lie inside sRGB at this lightness and chroma.
Palette build_climb() {
  constexpr double kHues[2] = {255.0, 28.0};  // descent, ascent
  constexpr AlphaCurve kAlpha{0.2, 0.5};
  Palette palette{};
  for (int k = 1; k <= 255; ++k) {
    const int offset = k - 128;
    const double u = std::abs(offset) / 127.0;
    const double hue = kHues[offset < 0 ? 0 : 1];
    const Oklab points[3] = {from_lch(0.70, 0.0, hue), from_lch(0.665, 0.13, hue),
                             from_lch(0.64, 0.17, hue)};
    const Oklab c =
        u <= 0.4 ? mix(points[0], points[1], u / 0.4) : mix(points[1], points[2], (u - 0.4) / 0.6);
    palette[k] = to_rgba(c, alpha_at(kAlpha, u));
  }
  return palette;
}

const SequentialSpec* sequential_spec(RampId id) {
  switch (id) {
    case RampId::Heat: return &kHeat;
    case RampId::Pace: return &kPace;
    case RampId::HeartRate: return &kHeartRate;
    case RampId::Hill: return &kHill;
    case RampId::Steepness: return &kSteepness;
    case RampId::Recency: return &kRecency;
    case RampId::Freshness: return &kFreshness;
    case RampId::Climb: return nullptr;
  }
  return nullptr;
}

const std::array<Palette, kAllRamps.size()>& all_palettes() {
  static const std::array<Palette, kAllRamps.size()> table = [] {
    std::array<Palette, kAllRamps.size()> built{};
    for (RampId id : kAllRamps) {
      const SequentialSpec* spec = sequential_spec(id);
      built[static_cast<std::size_t>(id)] = spec ? build_sequential(*spec) : build_climb();
    }
    return built;
  }();
  return table;
}

}  // namespace

const Palette& ramp(RampId id) {
  return all_palettes().at(static_cast<std::size_t>(id));
}

std::string_view ramp_name(RampId id) {
  const SequentialSpec* spec = sequential_spec(id);
  return spec ? spec->name : std::string_view("climb");
}

RampId ramp_from_name(std::string_view name) {
  std::string normalised(name);
  std::replace(normalised.begin(), normalised.end(), '-', '_');
  for (RampId id : kAllRamps) {
    if (ramp_name(id) == normalised) return id;
  }
  throw UsageError("unknown colour ramp '" + std::string(name) +
                   "' (expected heat, pace, heart_rate, hill, steepness, climb, recency or "
                   "freshness)");
}

bool is_diverging(RampId id) {
  return id == RampId::Climb;
}

std::string css_color(const Rgba& c) {
  char text[10];
  if (c.a == 255) {
    std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
  } else {
    std::snprintf(text, sizeof text, "#%02x%02x%02x%02x", c.r, c.g, c.b, c.a);
  }
  return text;
}

std::vector<LegendStop> legend_stops(RampId id, int count) {
  count = std::clamp(count, 2, 255);
  const Palette& palette = ramp(id);
  std::vector<LegendStop> stops;
  stops.reserve(static_cast<std::size_t>(count));
  for (int j = 0; j < count; ++j) {
    LegendStop stop;
    stop.t = static_cast<double>(j) / (count - 1);
    stop.index = static_cast<std::uint8_t>(1 + std::lround(254.0 * stop.t));
    Rgba colour = palette[stop.index];
    stop.opacity = colour.a / 255.0;
    colour.a = 255;
    stop.color = css_color(colour);
    stops.push_back(std::move(stop));
  }
  return stops;
}

}  // namespace th
