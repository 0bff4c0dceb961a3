#pragma once
// Renders one zoom level of every layer at once into compact per-tile codes, and the zoom's
// histograms for normalisation.
//
//   tracks (prepared once) ─► decimate for this zoom (chords of at least half a pixel, so a
//   world-view tile does not rasterise millions of sub-pixel segments) ─► bucket segments by
//   tile (conservative footprint test) ─► per tile, in parallel: rasterise into PixelSums,
//   turn non-empty pixels into one 16-bit code per layer, count codes per layer
//
// Deterministic: tiles are produced in (x, y) order and every tile draws its activities in
// input order, whatever the number of threads.

#include <array>
#include <cstdint>
#include <vector>

#include "render/layers.hpp"
#include "render/pixel_sums.hpp"
#include "render/projection.hpp"
#include "render/track_prep.hpp"

namespace th {

struct RenderInput {
  const PreparedTrack* track = nullptr;
  DrawnActivity activity;
};

// One tile's non-empty pixels: `pixels` holds y * 256 + x in increasing order, `codes` holds
// kLayerCount codes per pixel (pixel-major); code 0 = nothing for that layer.
struct TileCodes {
  TileId tile;
  std::vector<std::uint16_t> pixels;
  std::vector<std::uint16_t> codes;
};

using CodeHistogram = std::vector<std::uint64_t>;  // 65536 bins, bin 0 unused

struct ZoomResult {
  int zoom = 0;
  std::vector<TileCodes> tiles;                      // sorted by (x, y)
  std::array<CodeHistogram, kLayerCount> histograms;  // per layer, over the zoom's pixels
  std::uint64_t segments = 0;                         // drawn after decimation
};

// Chords of at least `min_px` pixels at `zoom`: consecutive segments of a run are merged
// (durations summed, speed / heart rate / grade time-weighted) until the chord is long enough.
// Run breaks are kept. Deterministic and independent of tiles, so tile borders stay seamless.
std::vector<TrackVertex> decimate_for_zoom(const std::vector<TrackVertex>& vertices, int zoom,
                                           double min_px = 0.5);

ZoomResult render_zoom(const std::vector<RenderInput>& inputs, int zoom, unsigned jobs);

// The percentile (0..100) of a code histogram, as a code; 0 when the histogram is empty.
std::uint16_t histogram_percentile(const CodeHistogram& histogram, double percentile);

}  // namespace th
