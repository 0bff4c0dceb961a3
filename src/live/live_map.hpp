#pragma once
// The live map of `trackheat serve`: tiles, legends and "what passed here" for any filter,
// drawn on request from a LiveIndex. A request struct in, a response struct out, no HTTP
// library (serve/live_routes.hpp is the glue), so every route is unit tested.
//
// Routes (query parameters of the filter: live/live_filter.hpp):
//   GET /live/manifest.json?<filter>         per-zoom scales of the filter, the site manifest's
//                                            layer/zoom lo/hi shape, and the filter's
//                                            explorer stats (live/live_explorer.hpp)
//   GET /live/<layer>/<z>/<x>/<y>.png?<filter>  a tile; 204 when it has nothing for the filter
//   GET /api/here?lat=&lon=&z=&r=&<filter>   activities drawn within r px of a point at zoom z
//   GET /api/track/<id>?z=                   one activity's track as drawn at zoom z
// 400 with one line for a bad parameter, layer, zoom or tile; 503 (Retry-After) while the
// index loads; 500 with one line when it cannot be loaded.
//
// Index. Loaded on a background thread at start, and again when the site's manifest.json
// names another build (its fingerprint), so no tile of an older build is served after a
// build: the old index and every cache are dropped first (two indexes are never held at once).
//
// Caches, all bounded: per filter (the last kFilterStates) its selection and per-zoom scales;
// rendered tile codes (all layers of a tile: switching layers draws nothing again), palette
// tables and PNGs, each an LRU bounded in bytes. ETags are strong: a hash of the site's
// fingerprint, the canonical filter and the tile, which decide the bytes.
//
// Threads. handle() is called from any number of server threads. Drawing takes one of `jobs`
// scratch renderers (a request waits for one); static files never wait for them.

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "live/live_filter.hpp"

namespace th::live {

class LiveIndex;

struct LiveOptions {
  std::filesystem::path cache_dir = "cache";
  std::filesystem::path site = "site";
  unsigned jobs = 0;  // 0: all cores
  // Segments a zoom's scales may draw before they are estimated from a sample of its tiles
  // (live/live_scales.hpp).
  std::uint64_t scale_segment_budget = 600'000;
  std::size_t tile_cache_bytes = std::size_t{32} << 20;
  std::size_t code_cache_bytes = std::size_t{64} << 20;
  std::size_t here_limit = 50;  // activities listed by /api/here (the count says how many)
};

struct LiveRequest {
  std::string path;
  QueryParams query;
  std::string if_none_match;  // the If-None-Match header, if any
};

struct LiveResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::string etag;     // set on tiles
  int retry_after = 0;  // seconds, on 503
};

class LiveMap {
 public:
  explicit LiveMap(LiveOptions options);
  ~LiveMap();
  LiveMap(const LiveMap&) = delete;
  LiveMap& operator=(const LiveMap&) = delete;

  // Starts loading the index in the background (handle() does too, on first use).
  void start();
  // Waits until the index is loaded or failed; false when it failed (error() says why).
  bool wait_ready();
  std::string error() const;

  // For other drawings of the live map (poster/): the index for a request — loaded first, or
  // reloaded when the site changed to another build — or null while it loads or failed, when
  // unavailable() is the reply (503 or 500).
  std::shared_ptr<const LiveIndex> index();
  LiveResponse unavailable() const;
  const LiveOptions& options() const;

  // Whether `path` is one of the routes above.
  static bool routes(std::string_view path);
  LiveResponse handle(const LiveRequest& request);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace th::live
