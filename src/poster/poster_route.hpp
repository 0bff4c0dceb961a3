#pragma once
// The viewer's "Save image" on `trackheat serve`:
//
//   GET /api/poster.png?<poster_request.hpp parameters>
//
// draws the view with the live map's index (the same drawing as `trackheat poster`), at most
// kMaxServedSide px a side and kMaxServedPixels in all. 200 with the PNG; 400 with one line for
// a bad parameter; 503 while the index loads, 500 when it cannot be loaded. One poster is drawn
// at a time (another request waits): a poster takes every core for a moment. A request struct
// in, a response struct out, like the live routes (serve/live_routes.cpp mounts it).

#include <cstdint>
#include <mutex>

#include "live/live_map.hpp"

namespace th::poster {

inline constexpr int kMaxServedSide = 8192;
inline constexpr std::int64_t kMaxServedPixels = std::int64_t{36} << 20;

class PosterRoute {
 public:
  // `map` must outlive this.
  explicit PosterRoute(live::LiveMap& map) : map_(map) {}

  static bool routes(std::string_view path) { return path == "/api/poster.png"; }
  live::LiveResponse handle(const live::LiveRequest& request);

 private:
  live::LiveMap& map_;
  std::mutex drawing_;
};

}  // namespace th::poster
