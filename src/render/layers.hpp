#pragma once
// The heatmap layers: what each one measures per pixel, how its values are stored compactly,
// and how a zoom's values are normalised to the colour ramp.
//
//   PixelSums (sums over every visit, render/pixel_sums.hpp)
//     ─► layer_value(layer, sums)           a value in user-meaningful units, NaN = nothing here
//     ─► encode_value / decode_value         16-bit code per layer (0 = nothing) for the
//                                            per-zoom tile store; lossless enough for colours
//     ─► LayerScale (from the zoom's histogram) ─► t in (0, 1] ─► palette index 1..255
//
// Normalisation is per zoom (each zoom level is scaled on its own so a continent view and a
// street view both use the whole ramp), from percentiles over the zoom's non-empty pixels.

#include <array>
#include <cstdint>
#include <string_view>

#include "render/pixel_sums.hpp"

namespace th {

enum class LayerId : std::uint8_t {
  FrequencyLinear,
  FrequencyLog,
  FrequencyActivities,
  Pace,
  HeartRate,
  Hill,
  Steepness,
  Climb,
  Recency,
  Freshness12,
  Freshness36,
};
inline constexpr std::size_t kLayerCount = 11;

// How values map to the ramp.
enum class ScaleKind : std::uint8_t {
  Linear,     // t = (v - lo) / (hi - lo)
  Log,        // t = log1p(v - lo) / log1p(hi - lo)
  Diverging,  // signed: t = 0.5 + 0.5 * v / hi, index 128 at zero (climb)
  Age,        // dates: recent bright, compressed with age (recency)
};

// The scale's name in the manifest, which the viewer's legend inverts (viewer/src/js/legend.js):
// "linear", "log", "diverging", "date".
std::string_view scale_name(ScaleKind kind);

struct LayerSpec {
  LayerId id;
  std::string_view name;    // stable id in URLs and the manifest: "frequency-linear"
  std::string_view family;  // frequency | pace | heart-rate | elevation | time
  std::string_view label;   // for people: "Frequency (log)"
  std::string_view units;   // of lo/hi in the manifest: "min", "km/h", "bpm", "%", "date", …
  std::string_view ramp;    // encode/color_ramp name
  ScaleKind scale;
  double lo_percentile;  // for Linear/Log: lo (0 = zero), for Diverging: unused
  double hi_percentile;
  std::string_view description;  // one sentence for the legend
};

const std::array<LayerSpec, kLayerCount>& layer_specs();
const LayerSpec& layer_spec(LayerId id);
// The layer whose `name` (URL and manifest id) this is; null when none is.
const LayerSpec* layer_named(std::string_view name);

// The layer's value at a pixel in internal units (seconds, m/s, bpm, grade fraction, day
// number, count); NaN when the pixel has nothing for this layer.
double layer_value(LayerId id, const PixelSums& sums);

// 16-bit storage of a layer value: 0 means "nothing here". Resolution is far finer than the
// 255 colours a value ends up as (time: 0.2 % steps on a log scale; speed 1 mm/s; heart rate
// 0.01 bpm; grade 0.0001; days exact).
std::uint16_t encode_value(LayerId id, double value);
double decode_value(LayerId id, std::uint16_t code);

// All layers' codes of one pixel at once: the same result as encode_value(id, layer_value(id,
// sums)) for every id, computed with each shared quantity (time, its logarithm) once. This is
// the renderer's inner loop over every non-empty pixel of every tile.
void encode_pixel(const PixelSums& sums, std::array<std::uint16_t, kLayerCount>& codes);

// The values a zoom's colours span, in internal units. `now_day` anchors the Age scale.
struct LayerScale {
  double lo = 0;
  double hi = 1;
};

// Maps a value to the ramp position t in (0, 1] (NaN for no data; never 0 for data, so a
// pixel with heat is never drawn fully transparent).
double scale_to_t(LayerId id, const LayerScale& scale, double value);

// Converts an internal value to the manifest's user units (minutes, km/h, %, …); dates stay day
// numbers and are formatted by the writer.
double to_user_units(LayerId id, double value);

}  // namespace th
