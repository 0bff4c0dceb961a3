#include "poster/poster.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "live/live_map.hpp"
#include "live/live_scales.hpp"
#include "pipeline/drawn_inputs.hpp"
#include "pipeline/render_cache.hpp"
#include "render/normalize.hpp"

namespace th::poster {

namespace {

// The build's scales of `zoom` from its render cache, when that cache is the site's.
std::optional<ZoomScales> cached_build_scales(const live::LiveIndex& index,
                                              const std::filesystem::path& cache_dir, int zoom) {
  const std::optional<ZoomCache> cache = load_zoom_cache(cache_dir, zoom);
  if (!cache || cache->renderer != kRenderVersion || cache->zoom != zoom ||
      cache->chain_top != index.max_zoom() || index.site_fingerprint().empty() ||
      cache->site_fingerprint != index.site_fingerprint()) {
    return std::nullopt;
  }
  return scales_for_zoom(cache->histograms, index.now_day());
}

}  // namespace

LayerScale poster_scale(const live::LiveIndex& index, const std::filesystem::path& cache_dir,
                        int zoom, LayerId layer, const live::LiveFilter& filter,
                        const std::vector<bool>& keep) {
  const auto l = static_cast<std::size_t>(layer);
  std::uint64_t budget = live::LiveOptions{}.scale_segment_budget;
  if (filter.selects_all()) {
    if (const auto scales = cached_build_scales(index, cache_dir, zoom)) return (*scales)[l];
    budget = std::numeric_limits<std::uint64_t>::max();  // every tile: the build's scales
  }
  TileRenderer scratch;
  return live::estimate_scales(index.geometry(zoom), keep, index.now_day(), budget, scratch)
      .scales[l];
}

Poster make_poster(const live::LiveIndex& index, const std::filesystem::path& cache_dir,
                   const PosterRequest& request, const PosterView& view, unsigned jobs,
                   Progress* progress) {
  const std::vector<bool> keep = index.selection(request.filter);
  PosterScene scene;
  scene.geometry = &index.geometry(view.zoom);
  scene.keep = &keep;
  scene.layer = request.layer->id;
  scene.scale = poster_scale(index, cache_dir, view.zoom, scene.layer, request.filter, keep);
  scene.view = view;
  scene.activities = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), true));
  PosterStyle style;
  style.title = request.title;
  style.background = request.background;
  style.legend = request.legend;
  return render_poster(scene, style, jobs, progress);
}

}  // namespace th::poster
