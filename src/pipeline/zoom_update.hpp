#pragma once
// One zoom of `trackheat build`: render, normalise, encode and offer its tiles to the site
// writer — in full, or incrementally from the last build's render cache.
//
// Incremental rule. A tile's pixels depend only on the activities drawn in it (identified by
// activity keys, below) in their order, given the zoom's geometry chain and the renderer. So,
// against the cache of the build that produced the live site:
//   - activities added since, and activities the live site drew that this build does not
//     ("leaving": excluded, taken off by a dedup decision, deleted upstream, or the earlier
//     version of a changed track) are the changed ones. A leaving activity is given to the
//     geometry as it was drawn (its old track, from the store's parse cache: the build finds
//     it, pipeline/leaving_inputs.hpp), only to be subtracted. Only tiles that changed
//     activities touch are dirty; only those are bucketed (with every activity the cache says
//     they had) and drawn — with the activities they had and with those they have now — and the
//     zoom's histograms are updated by the difference, exactly as a full render would count
//     them; every other tile is clean: its live PNGs stay (keep());
//   - anything else (an activity drawn last time that is neither here nor leaving, or a cache
//     that does not describe the dirty tiles) renders the zoom in full, leaving inputs left out.
#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/render_cache.hpp"
#include "render/normalize.hpp"
#include "render/privacy.hpp"
#include "render/zoom_renderer.hpp"

namespace th {

class TileWriter;

// What decides an activity's pixels at every zoom apart from the geometry chain: its store id
// (order among equal start times), track (content hash), start time (order, recency) and the
// time-layer windows it falls in.
std::uint64_t activity_render_key(std::int64_t id, const std::string& content_hash,
                                  double start_utc, const DrawnActivity& drawn);

// A track that privacy cut draws differently from the stored one, and one near a zone may lose
// fringe pixels to the zone's mask (render/privacy.hpp): their render keys follow the vertices
// that are drawn and the hidden circles near them, so exactly the activities whose pixels can
// change are redrawn when zones change. Others keep their key.
// `box`: drawn_box(track).
std::uint64_t privacy_render_key(std::uint64_t key, const PreparedTrack& track,
                                 const LonLatBox& box, const PrivacySettings& privacy);

struct ZoomUpdate {
  ZoomCache cache;  // what this zoom drew; save it once the site is committed
  ZoomScales scales{};
  bool incremental = false;           // the cache was used (clean tiles were kept)
  std::uint64_t tiles = 0;            // tiles of the zoom with anything drawn in them
  std::uint64_t tiles_drawn = 0;      // tiles rasterised (a grown tile counts once)
  std::uint64_t tiles_over_kept = 0;  // of those, redrawn over their kept codes (BusyTileCodes)
  std::uint64_t pngs_encoded = 0;     // PNGs encoded and offered with put()
  double render_s = 0, encode_s = 0;
};

// `keys`: activity_render_key of every input of the geometry, in input order. `leaving`: per
// input, true for a leaving activity (in the geometry only to be subtracted, never drawn, not
// in the returned cache); empty when there is none. `cached`: the
// zoom's cache when it matches this build (same renderer, zoom, chain top, month and the live
// site's fingerprint), else nullptr. The returned cache has every field but site_fingerprint.
// `geometry` must be decimated; update_zoom buckets what it needs (ZoomGeometry::bucket).
// Unless `quiet`, drawing and encoding a zoom's tiles show progress on stderr when they take
// a while (transient: "render z17: 5000/14247 tiles", with the time left).
// `busy` (may be null): where the codes of busy tiles are kept; a zoom rendered in full keeps
// every busy tile's, an incremental one redraws a busy tile over its kept codes (only near the
// change) and keeps the new ones.
ZoomUpdate update_zoom(ZoomGeometry& geometry, const std::vector<std::uint64_t>& keys,
                       const std::vector<bool>& leaving, const ZoomCache* cached,
                       const BusyTileCodes* busy, double now_day, unsigned jobs, TileWriter& writer,
                       bool quiet = true);

}  // namespace th
