#pragma once
// Per-zoom normalisation: from a zoom's code histograms to each layer's LayerScale. Turning a
// tile's codes into palette indices with these scales is encoding's (encode/palette_index.hpp).

#include <array>
#include <cstdint>
#include <vector>

#include "render/layers.hpp"
#include "render/zoom_renderer.hpp"

namespace th {

using ZoomScales = std::array<LayerScale, kLayerCount>;

// `now_day` (days since 1970 + 1, as PixelSums::latest_day) anchors recency at the build date.
// Percentile scales are snapped outwards to a grid (1/16 of a doubling; 30 days for recency) so
// that adding an activity rarely moves them: equal histograms give equal scales, and nearly
// equal ones usually do too.
ZoomScales scales_for_zoom(const std::array<CodeHistogram, kLayerCount>& histograms,
                           double now_day);

}  // namespace th
