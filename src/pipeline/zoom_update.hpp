#pragma once
// One zoom of `trackheat build`: render, normalise, encode and offer its tiles to the site
// writer — in full, or incrementally from the last build's render cache.
//
// Incremental rule. A tile's pixels depend only on the activities drawn in it (identified by
// activity keys, below) in their order, given the zoom's geometry chain and the renderer. So,
// against the cache of the build that produced the live site:
//   - when every activity drawn then is still there, unchanged, only tiles that activities
//     added since touch are dirty; only those are bucketed (with every activity the cache says
//     they had) and drawn — with the activities they had (the codes the last build counted)
//     and with all of them — and the zoom's histograms are updated by the difference, exactly
//     as a full render would count them; every other tile is clean: its live PNGs stay (keep());
//   - anything else (an activity gone or changed: its old track is not at hand to subtract, or
//     a cache that does not describe the dirty tiles) renders the zoom in full.
// Scales come from the updated histograms (snapped to a grid, render/normalize.hpp). A layer
// whose scale did not move re-encodes only its dirty tiles; one whose scale moved re-encodes
// every tile of the zoom, which then draws its clean tiles too. Either way the site is the one
// a full build would write, to the bit (tests/pipeline/incremental_build_test.cpp).

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/render_cache.hpp"
#include "render/normalize.hpp"
#include "render/zoom_renderer.hpp"

namespace th {

class TileWriter;

// What decides an activity's pixels at every zoom apart from the geometry chain: its store id
// (order among equal start times), track (content hash), start time (order, recency) and the
// time-layer windows it falls in.
std::uint64_t activity_render_key(std::int64_t id, const std::string& content_hash,
                                  double start_utc, const DrawnActivity& drawn);

struct ZoomUpdate {
  ZoomCache cache;  // what this zoom drew; save it once the site is committed
  ZoomScales scales{};
  bool incremental = false;        // the cache was used (clean tiles were kept)
  std::uint64_t tiles = 0;         // tiles of the zoom with anything drawn in them
  std::uint64_t tiles_drawn = 0;   // tiles rasterised (a grown tile counts once)
  std::uint64_t pngs_encoded = 0;  // PNGs encoded and offered with put()
  double render_s = 0, encode_s = 0;
};

// `keys`: activity_render_key of every input of the geometry, in input order. `cached`: the
// zoom's cache when it matches this build (same renderer, zoom, chain top, month and the live
// site's fingerprint), else nullptr. The returned cache has every field but site_fingerprint.
// `geometry` must be decimated; update_zoom buckets what it needs (ZoomGeometry::bucket).
ZoomUpdate update_zoom(ZoomGeometry& geometry, const std::vector<std::uint64_t>& keys,
                       const ZoomCache* cached, double now_day, unsigned jobs, TileWriter& writer);

}  // namespace th
