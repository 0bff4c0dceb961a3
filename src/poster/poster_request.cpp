#include "poster/poster_request.hpp"

#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

namespace th::poster {

namespace {

using live::BadRequest;

std::string shown(std::string_view v) {
  return "'" + std::string(v.substr(0, 40)) + "'";
}

std::optional<double> to_number(std::string_view text) {
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x)) {
    return std::nullopt;
  }
  return x;
}

// `count` numbers separated by commas, or nullopt.
std::optional<std::vector<double>> numbers(std::string_view text, std::size_t count) {
  std::vector<double> out;
  while (true) {
    const std::size_t comma = text.find(',');
    const auto x = to_number(text.substr(0, comma));
    if (!x) return std::nullopt;
    out.push_back(*x);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (out.size() != count) return std::nullopt;
  return out;
}

int side(std::string_view text, int max_side, std::string_view whole) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || text.size() > 6 || ec != std::errc() || end != text.data() + text.size() ||
      v < 1 || v > max_side) {
    throw BadRequest("size must be WxH with each side a whole number from 1 to " +
                     std::to_string(max_side) + ", not " + shown(whole));
  }
  return v;
}

const LayerSpec* known_layer(std::string_view name) {
  if (const LayerSpec* spec = layer_named(name)) return spec;
  std::string known;
  for (const LayerSpec& spec : layer_specs()) {
    known += (known.empty() ? "" : ", ") + std::string(spec.name);
  }
  throw BadRequest("unknown layer " + shown(name) + " (one of " + known + ")");
}

bool valid_lat(double v) {
  return v >= -90 && v <= 90;
}
bool valid_lon(double v) {
  return v >= -180 && v <= 180;
}

// World pixel of a point at `zoom`.
PixelPoint world_pixel(double lat, double lon, int zoom) {
  const WorldPoint p = project(lat, lon);
  const double size = std::ldexp(kTileSizePx, zoom);
  return {p.x * size, p.y * size};
}

PosterView centred(PixelPoint centre, int zoom, int width, int height) {
  PosterView v;
  v.zoom = zoom;
  v.width = width;
  v.height = height;
  v.left = std::llround(centre.x - width / 2.0);
  v.top = std::llround(centre.y - height / 2.0);
  return v;
}

}  // namespace

PosterRequest parse_poster_request(const live::QueryParams& params, int max_side) {
  static const std::vector<std::string_view> kKeys = {"layer", "size",       "bbox",  "center",
                                                      "z",     "background", "title", "legend"};
  PosterRequest r;
  r.filter = live::parse_live_filter(params, kKeys);  // rejects unknown and repeated keys
  for (const auto& [key, value] : params) {
    if (key == "layer") {
      r.layer = known_layer(value);
    } else if (key == "size") {
      const std::size_t x = value.find('x');
      if (x == std::string::npos) {
        throw BadRequest("size must be WxH, e.g. 4000x3000, not " + shown(value));
      }
      r.width = side(std::string_view(value).substr(0, x), max_side, value);
      r.height = side(std::string_view(value).substr(x + 1), max_side, value);
    } else if (key == "bbox") {
      const auto v = numbers(value, 4);
      if (!v || !valid_lat((*v)[0]) || !valid_lon((*v)[1]) || !valid_lat((*v)[2]) ||
          !valid_lon((*v)[3]) || !((*v)[0] < (*v)[2]) || !((*v)[1] < (*v)[3])) {
        throw BadRequest("bbox must be S,W,N,E in degrees with S < N and W < E, not " +
                         shown(value));
      }
      r.bbox = GeoBox{(*v)[0], (*v)[1], (*v)[2], (*v)[3]};
    } else if (key == "center") {
      const auto v = numbers(value, 2);
      if (!v || !valid_lat((*v)[0]) || !valid_lon((*v)[1])) {
        throw BadRequest("center must be LAT,LON in degrees, not " + shown(value));
      }
      r.center = LatLon{(*v)[0], (*v)[1]};
    } else if (key == "z") {
      int z = -1;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), z);
      if (value.empty() || ec != std::errc() || end != value.data() + value.size() || z < 0 ||
          z > kMaxFixedZoom) {
        throw BadRequest("zoom must be a whole number from 0 to " + std::to_string(kMaxFixedZoom) +
                         ", not " + shown(value));
      }
      r.zoom = z;
    } else if (key == "background") {
      if (value == "dark") {
        r.background = Background::Dark;
      } else if (value == "light") {
        r.background = Background::Light;
      } else if (value == "transparent") {
        r.background = Background::Transparent;
      } else {
        throw BadRequest("background must be dark, light or transparent, not " + shown(value));
      }
    } else if (key == "title") {
      if (value.size() > 200) throw BadRequest("title is longer than 200 bytes");
      r.title = value;
    } else if (key == "legend") {
      if (value != "0" && value != "1")
        throw BadRequest("legend must be 1 or 0, not " + shown(value));
      r.legend = value == "1";
    }
  }
  if (r.layer == nullptr) throw BadRequest("missing layer");
  if (r.width == 0) throw BadRequest("missing size (WxH)");
  if (r.bbox && (r.center || r.zoom)) {
    throw BadRequest("give either a bbox or a center and zoom, not both");
  }
  if (!r.bbox && !(r.center && r.zoom)) {
    throw BadRequest(r.center || r.zoom ? "a center needs a zoom and a zoom a center"
                                        : "missing bbox (or center and zoom)");
  }
  return r;
}

PosterView resolve_view(const PosterRequest& request, int min_zoom, int max_zoom) {
  if (request.center) {
    const int z = *request.zoom;
    if (z < min_zoom || z > max_zoom) {
      throw BadRequest("zoom " + std::to_string(z) + " is outside the site's zooms " +
                       std::to_string(min_zoom) + " to " + std::to_string(max_zoom));
    }
    return centred(world_pixel(request.center->lat, request.center->lon, z), z, request.width,
                   request.height);
  }
  const GeoBox& b = *request.bbox;
  int zoom = min_zoom;
  for (int z = max_zoom; z >= min_zoom; --z) {
    const PixelPoint nw = world_pixel(b.north, b.west, z);
    const PixelPoint se = world_pixel(b.south, b.east, z);
    if (se.x - nw.x <= request.width && se.y - nw.y <= request.height) {
      zoom = z;
      break;
    }
  }
  const PixelPoint nw = world_pixel(b.north, b.west, zoom);
  const PixelPoint se = world_pixel(b.south, b.east, zoom);
  return centred({(nw.x + se.x) / 2, (nw.y + se.y) / 2}, zoom, request.width, request.height);
}

}  // namespace th::poster
