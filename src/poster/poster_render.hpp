#pragma once
// A poster: one heat layer drawn directly at a Web Mercator zoom into a PNG of up to
// kMaxPosterSide px a side, with an optional title, an optional legend and a credit line.
//
//   for each row of 256-px tiles the poster covers (top to bottom):
//     render_tile() of each tile, on `jobs` threads (the live map's tile: only the inputs the
//     filter keeps, the geometry's privacy mask) ─► tile_indices() with the layer's scale
//     ─► the ramp's colours over the background (straight alpha; "transparent" leaves them as
//     the site's PNGs have them) ─► title / legend / credit composited over their rows
//     ─► those pixel rows streamed into the PNG encoder
//
// Only one row of tiles is held at a time (a band of width × 256 RGBA pixels: 10 MB at 10,000
// px) plus the compressed PNG, never the whole 100 MP image. Where poster and site overlap at
// the same zoom, scale and filter, their heat pixels are the same colours.

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/progress.hpp"
#include "poster/poster_request.hpp"
#include "render/layers.hpp"
#include "render/zoom_renderer.hpp"

namespace th::poster {

struct PosterScene {
  const ZoomGeometry* geometry = nullptr;   // of view.zoom
  const std::vector<bool>* keep = nullptr;  // keep[input]: the filter; nullptr: every input
  LayerId layer = LayerId::FrequencyLog;
  LayerScale scale;
  PosterView view;
  std::size_t activities = 0;  // what the credit line counts
};

struct PosterStyle {
  std::string title;  // none when empty
  Background background = Background::Dark;
  bool legend = true;
};

struct Poster {
  Bytes png;
  std::uint64_t heat_pixels = 0;  // pixels with heat: 0 when nothing was drawn in the view
};

// `progress` (may be null) advances once per row of tiles. Throws IoError when the font cannot
// be opened (poster_text.hpp) or the encoder fails.
Poster render_poster(const PosterScene& scene, const PosterStyle& style, unsigned jobs,
                     Progress* progress);

// The legend's end values in the manifest's user units ("4.27 min", "2025-06"), as text.
std::string legend_value(LayerId layer, double internal_value);

}  // namespace th::poster
