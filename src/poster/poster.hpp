#pragma once
// A poster from a request and a loaded live index: what `trackheat poster` and serve's
// /api/poster.png both run (poster_request.hpp says what a request holds, poster_render.hpp
// how it is drawn).
//
// Scales, so that a poster's pixels are those of the map the user sees at that zoom:
//   - no filter: the build's scales of the zoom, from the render cache the build left
//     (cache/render/z<zoom>.bin, when it names the site's build, renderer and geometry
//     chain), else computed the same way from the zoom drawn in full (exact, slower);
//   - a filter: the live map's (live/live_scales.hpp with the live tiles' segment budget), so
//     the poster agrees with the live tiles of that filter.

#include <filesystem>
#include <vector>

#include "core/progress.hpp"
#include "live/live_filter.hpp"
#include "live/live_index.hpp"
#include "poster/poster_render.hpp"
#include "poster/poster_request.hpp"

namespace th::poster {

// The scale of `layer` at `zoom` for the activities `keep` selects with `filter`.
// Precondition: index.has_zoom(zoom).
LayerScale poster_scale(const live::LiveIndex& index, const std::filesystem::path& cache_dir,
                        int zoom, LayerId layer, const live::LiveFilter& filter,
                        const std::vector<bool>& keep);

// Precondition: index.has_zoom(view.zoom), view = resolve_view(request, ...).
Poster make_poster(const live::LiveIndex& index, const std::filesystem::path& cache_dir,
                   const PosterRequest& request, const PosterView& view, unsigned jobs,
                   Progress* progress);

}  // namespace th::poster
