#pragma once
// The per-zoom colour scales of a filtered live map: what the legend says for that filter.
//
// A build computes each zoom's scales from the code histograms of every pixel of the zoom
// (render/normalize.hpp). For a filter the same histograms would mean drawing every tile of
// every zoom again: seconds at street zooms. So a zoom whose filtered segments fit a budget is
// drawn in full (exact: the scales an offline build of only the matching activities computes);
// a larger one is estimated from a systematic sample of its pixels: the busiest tiles drawn in
// full while they fit half the budget (a frequency scale's top percentile lives there), and in
// every other tile one row in n (the columns in every other tile: roads along either axis
// count alike), n about the zoom's segments over the rest of the budget (at most 16), drawn
// exactly (render_tile's RowSample); a sampled pixel counts n times. Every tile contributes — the
// busy ones near home where a frequency scale's top percentile lives and the quiet mountain tiles
// where steepness's does — so the sample keeps the zoom's mix of places, which whole tiles drawn at
// random did not (tried first: 70-600 % off on the 5,000-activity demo). Percentiles come from the
// sampled histogram as in the build. Deterministic: the same filter gets the same scales.
//
// Cost: every filtered segment is looked at once (rows outside the sample are skipped before
// any drawing), and n/16 of the pixels drawn.

#include <cstdint>
#include <vector>

#include "render/normalize.hpp"
#include "render/zoom_renderer.hpp"

namespace th::live {

struct ZoomScaleEstimate {
  bool any = false;    // the filter draws something at this zoom
  bool exact = false;  // every tile drawn
  ZoomScales scales{};
  double row_share = 1;  // of each tile's rows drawn
  std::uint64_t tiles_drawn = 0;
};

// `keep[input]`: the filter. Draws on the calling thread with `scratch`.
ZoomScaleEstimate estimate_scales(const ZoomGeometry& geometry, const std::vector<bool>& keep,
                                  double now_day, std::uint64_t segment_budget,
                                  TileRenderer& scratch);

}  // namespace th::live
