#pragma once
// What a poster shows and where: one heat layer of the site, a view (a bounding box, or a
// centre and an integer Web Mercator zoom), a pixel size, the live map's filter, a title, a
// background and whether to draw the legend. `trackheat poster` and serve's
// /api/poster.png both spell it as query parameters and share this one parser:
//
//   layer=frequency-log                      a layer id of the manifest (required)
//   size=WxH                                 pixels, each side 1..max_side (required)
//   bbox=S,W,N,E                             degrees; or
//   center=LAT,LON&z=Z                       degrees and a zoom of the site (both or neither)
//   title=TEXT  background=dark|light|transparent  legend=1|0
//   after= before= min_km= max_km= sport=    the live map's filter (live/live_filter.hpp)
//
// A poster at a centre is exactly W×H px centred there at zoom Z. A bounding box gets the
// largest zoom of the site at which it fits in W×H (the site's lowest zoom when it fits at
// none), centred. Every bad parameter throws live::BadRequest with one line.

#include <cstdint>
#include <optional>
#include <string>

#include "live/live_filter.hpp"
#include "render/layers.hpp"
#include "render/projection.hpp"

namespace th::poster {

// The largest side `trackheat poster` draws (100 MP of RGBA: 400 MB if it were held at once;
// it never is, see poster_render.hpp).
inline constexpr int kMaxPosterSide = 10000;

enum class Background { Dark, Light, Transparent };

struct GeoBox {
  double south = 0, west = 0, north = 0, east = 0;
};

struct PosterRequest {
  const LayerSpec* layer = nullptr;
  int width = 0, height = 0;
  std::optional<GeoBox> bbox;
  std::optional<LatLon> center;
  std::optional<int> zoom;  // with center
  live::LiveFilter filter;
  std::string title;
  Background background = Background::Dark;
  bool legend = true;
};

PosterRequest parse_poster_request(const live::QueryParams& params, int max_side);

// Where the poster lies in the world at its zoom: the world pixel of its top-left corner
// (pixel (0, 0) of tile (0, 0) is the world's top-left; the world is 256 × 2^zoom px wide).
struct PosterView {
  int zoom = 0;
  std::int64_t left = 0, top = 0;
  int width = 0, height = 0;
};

// The view of a request on a site with zooms [min_zoom, max_zoom]. Throws live::BadRequest when
// the request's zoom is outside them.
PosterView resolve_view(const PosterRequest& request, int min_zoom, int max_zoom);

}  // namespace th::poster
