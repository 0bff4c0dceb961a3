#include "live/live_query.hpp"

#include <algorithm>
#include <cmath>

#include "render/projection.hpp"
#include "render/rasterizer.hpp"

namespace th::live {

namespace {

// Fixed-point world coordinates to zoom pixels, as the renderer computes them (exact: a power
// of two).
double to_px(std::uint32_t fixed, int zoom) {
  return static_cast<double>(fixed) * std::ldexp(1.0, zoom - 24);
}

// Whether input `b.input`'s segments of bucket `b` put weight on a pixel of `window` that is
// not hidden (`hidden`: the tile's privacy mask, or empty).
bool bucket_draws_in(const ZoomGeometry& g, const TileBucket& b, const PixelWindow& window,
                     const TileKey& tile, const std::vector<bool>& hidden) {
  const std::vector<TrackVertex>& v = g.drawn_vertices(b.input);
  const int zoom = g.zoom();
  bool hit = false;
  for (std::uint32_t s = b.first; s <= b.last && !hit; ++s) {
    if (!(v[s].dt_s > 0)) continue;  // the renderer draws nothing for it
    const double x0 = to_px(v[s - 1].x, zoom), y0 = to_px(v[s - 1].y, zoom);
    const double x1 = to_px(v[s].x, zoom), y1 = to_px(v[s].y, zoom);
    if (!(std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) > 0)) continue;
    rasterize_segment(x0, y0, x1, y1, window, [&](int px, int py, float weight) {
      if (!(weight > 0)) return;
      if (!hidden.empty()) {
        const std::int64_t gx = window.left + px - static_cast<std::int64_t>(tile.x) * kTileSizePx;
        const std::int64_t gy = window.top + py - static_cast<std::int64_t>(tile.y) * kTileSizePx;
        if (hidden[static_cast<std::size_t>(gy * kTileSizePx + gx)]) return;
      }
      hit = true;
    });
  }
  return hit;
}

}  // namespace

std::vector<std::size_t> activities_here(const LiveIndex& index, const std::vector<bool>& keep,
                                         double lat, double lon, int zoom, int radius_px) {
  const ZoomGeometry& g = index.geometry(zoom);
  const PixelPoint p = pixel_of(project_fixed(lat, lon), zoom);
  const auto world_px = static_cast<std::int64_t>(kTileSizePx) << zoom;
  const std::int64_t cx =
      std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(p.x)), 0, world_px - 1);
  const std::int64_t cy =
      std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(p.y)), 0, world_px - 1);
  const std::int64_t left = std::max<std::int64_t>(0, cx - radius_px);
  const std::int64_t top = std::max<std::int64_t>(0, cy - radius_px);
  const std::int64_t right = std::min(world_px - 1, cx + radius_px);
  const std::int64_t bottom = std::min(world_px - 1, cy + radius_px);
  std::vector<bool> found(keep.size(), false);
  // Each tile the square overlaps, with the part of the square inside it: a pixel belongs to
  // one tile, whose privacy mask decides whether it is drawn.
  for (std::int64_t ty = top / kTileSizePx; ty <= bottom / kTileSizePx; ++ty) {
    for (std::int64_t tx = left / kTileSizePx; tx <= right / kTileSizePx; ++tx) {
      const auto k = g.find_tile(static_cast<std::uint32_t>(tx), static_cast<std::uint32_t>(ty));
      if (!k) continue;
      const TileKey tile = g.tile(*k);
      const std::int64_t l = std::max(left, tx * kTileSizePx);
      const std::int64_t t = std::max(top, ty * kTileSizePx);
      const std::int64_t r = std::min(right, tx * kTileSizePx + kTileSizePx - 1);
      const std::int64_t b = std::min(bottom, ty * kTileSizePx + kTileSizePx - 1);
      const PixelWindow window{l, t, static_cast<int>(r - l + 1), static_cast<int>(b - t + 1)};
      const std::vector<bool> hidden = g.hidden_pixels_of(tile);
      for (const TileBucket& bucket : g.tile_buckets(*k)) {
        if (!keep[bucket.input] || found[bucket.input]) continue;
        if (bucket_draws_in(g, bucket, window, tile, hidden)) found[bucket.input] = true;
      }
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i]) out.push_back(i);
  }
  const auto& acts = index.activities();
  std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    const double sa = acts[a].start_utc, sb = acts[b].start_utc;
    if (has(sa) != has(sb)) return has(sa);
    return has(sa) && sa > sb;
  });
  return out;
}

TrackRuns track_runs(const LiveIndex& index, std::size_t input, int zoom) {
  const std::vector<TrackVertex>& v = index.geometry(zoom).drawn_vertices(input);
  TrackRuns out;
  for (const TrackVertex& vertex : v) {
    if (vertex.run_start || out.runs.empty()) out.runs.emplace_back();
    const LatLon ll = unproject(to_world(vertex.point()));
    out.runs.back().push_back(ll);
    out.box.extend(LonLatBox{ll.lon, ll.lat, ll.lon, ll.lat});
  }
  std::erase_if(out.runs, [](const std::vector<LatLon>& run) { return run.size() < 2; });
  return out;
}

}  // namespace th::live
