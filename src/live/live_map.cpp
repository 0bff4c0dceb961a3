#include "live/live_map.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <future>
#include <list>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/hash.hpp"
#include "core/parallel.hpp"
#include "core/time_util.hpp"
#include "encode/color_ramp.hpp"
#include "encode/palette_index.hpp"
#include "encode/png_writer.hpp"
#include "live/live_explorer.hpp"
#include "live/live_index.hpp"
#include "live/live_query.hpp"
#include "live/live_scales.hpp"
#include "live/lru_cache.hpp"
#include "render/layers.hpp"
#include "render/normalize.hpp"
#include "render/projection.hpp"
#include "site/manifest.hpp"

namespace th::live {

namespace {

constexpr std::size_t kFilterStates = 32;
constexpr std::size_t kTableCacheBytes = std::size_t{16} << 20;
constexpr int kMaxHereRadius = 16;
constexpr int kDefaultHereRadius = 3;
// A filter's selection and its per-zoom scales, computed once by the first request that needs
// them (others wait for that one).
struct FilterState {
  LiveFilter filter;
  std::string key;  // site fingerprint | canonical filter
  std::vector<bool> keep;
  std::size_t selected = 0;
  std::mutex mutex;
  std::vector<std::shared_future<ZoomScaleEstimate>> zooms;  // [zoom - min_zoom]
  std::mutex explorer_mutex;
  std::shared_ptr<const LiveExplorer> explorer;  // computed by the first request needing it
};

// What identifies manifest.json's version on disk: the writer replaces it by rename.
struct FileStamp {
  ino_t inode = 0;
  std::int64_t mtime_ns = -1;
  off_t size = -1;
  bool operator==(const FileStamp&) const = default;
};

FileStamp stamp_of(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return {};
  return {st.st_ino,
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          st.st_size};
}

std::string hash_text(std::string_view text) {
  return content_hash(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

LiveResponse text_reply(int status, std::string body) {
  LiveResponse r;
  r.status = status;
  r.body = std::move(body);
  r.body += '\n';
  return r;
}

LiveResponse json_reply(const nlohmann::json& json) {
  LiveResponse r;
  r.content_type = "application/json";
  r.body = json.dump();
  return r;
}

// Digits only, within [lo, hi].
template <class Int>
std::optional<Int> parse_uint(std::string_view text, Int hi) {
  Int v = 0;
  if (text.empty() || text.size() > 12 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::from_chars(text.data(), text.data() + text.size(), v);
  if (v > hi) return std::nullopt;
  return v;
}

double parse_number(const QueryParams& q, std::string_view key, double lo, double hi) {
  for (const auto& [k, v] : q) {
    if (k != key) continue;
    double x = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size() || !std::isfinite(x) ||
        x < lo || x > hi) {
      throw BadRequest(std::string(key) + " must be a number from " + std::to_string(lo) + " to " +
                       std::to_string(hi) + ", not '" + v.substr(0, 40) + "'");
    }
    return x;
  }
  throw BadRequest("missing parameter " + std::string(key));
}

std::optional<int> parse_int_param(const QueryParams& q, std::string_view key, int hi) {
  for (const auto& [k, v] : q) {
    if (k != key) continue;
    const auto n = parse_uint<int>(v, hi);
    if (!n) {
      throw BadRequest(std::string(key) + " must be a whole number from 0 to " +
                       std::to_string(hi) + ", not '" + v.substr(0, 40) + "'");
    }
    return n;
  }
  return std::nullopt;
}

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json activity_json(const LiveActivity& a) {
  nlohmann::json j;
  j["id"] = a.id;
  j["name"] = a.name;
  j["sport"] = std::string(sport_name(a.sport));
  j["date"] = a.facts.local_day ? nlohmann::json(format_iso_day(*a.facts.local_day)) : nullptr;
  j["start"] = has(a.start_utc) ? nlohmann::json(format_iso8601(a.start_utc)) : nullptr;
  j["distance_m"] = number_or_null(a.distance_m);
  j["moving_s"] = number_or_null(a.moving_s);
  return j;
}

double round6(double v) {
  return std::round(v * 1e6) / 1e6;
}

}  // namespace

struct LiveMap::State {
  explicit State(LiveOptions o)
      : options(std::move(o)),
        jobs(resolve_jobs(options.jobs)),
        tiles(options.tile_cache_bytes),
        codes(options.code_cache_bytes),
        tables(kTableCacheBytes) {
    for (unsigned i = 0; i < jobs; ++i) scratch.push_back(std::make_unique<TileRenderer>());
  }

  LiveOptions options;
  unsigned jobs;

  // The index and its loading.
  enum class Status { Idle, Loading, Ready, Failed };
  mutable std::mutex mutex;
  std::condition_variable loaded;
  Status status = Status::Idle;
  std::string error;
  std::shared_ptr<const LiveIndex> index;
  FileStamp stamp;  // of manifest.json when the index was (or failed to be) loaded
  std::jthread loader;

  // Filter states, most recently used first (under `mutex`).
  std::list<std::shared_ptr<FilterState>> filters;

  // Scratch renderers: a drawing takes one.
  std::mutex scratch_mutex;
  std::condition_variable scratch_free;
  std::vector<std::unique_ptr<TileRenderer>> scratch;

  // Tile codes being drawn, by cache key: later requests for them wait for that drawing.
  std::mutex drawing_mutex;
  std::map<std::string, std::shared_future<std::shared_ptr<const TileCodes>>> drawing;

  LruCache<std::string, std::shared_ptr<const std::string>> tiles;  // PNG; empty: 204
  LruCache<std::string, std::shared_ptr<const TileCodes>> codes;
  LruCache<std::string, std::shared_ptr<const IndexTable>> tables;

  // Starts a load (under `mutex`): the old index and every cache are dropped first.
  void start_load() {
    if (loader.joinable()) loader.join();  // a finished loader: it no longer needs `mutex`
    status = Status::Loading;
    index.reset();
    filters.clear();
    tiles.clear();
    codes.clear();
    tables.clear();
    stamp = stamp_of(options.site / "manifest.json");
    loader = std::jthread([this] {
      std::shared_ptr<const LiveIndex> loaded_index;
      std::string failure;
      try {
        loaded_index = LiveIndex::load(options.cache_dir, options.site, jobs);
      } catch (const std::exception& e) {
        failure = e.what();
      }
      const std::lock_guard lock(mutex);
      index = std::move(loaded_index);
      error = std::move(failure);
      status = index ? Status::Ready : Status::Failed;
      loaded.notify_all();
    });
  }

  // The index for a request: reloaded first when manifest.json changed to another build.
  std::shared_ptr<const LiveIndex> current() {
    const std::lock_guard lock(mutex);
    if (status == Status::Idle) {
      start_load();
    } else if (status != Status::Loading) {
      const FileStamp now = stamp_of(options.site / "manifest.json");
      if (!(now == stamp)) {
        const bool other_build = status == Status::Failed ||
                                 published_fingerprint(options.site) != index->site_fingerprint();
        if (other_build) {
          start_load();
        } else {
          stamp = now;
        }
      }
    }
    return index;
  }

  LiveResponse unavailable() const {
    const std::lock_guard lock(mutex);
    if (status == Status::Failed) return text_reply(500, "live map unavailable: " + error);
    LiveResponse r = text_reply(503, "live map: loading the activities, try again in a moment");
    r.retry_after = 1;
    return r;
  }

  std::shared_ptr<FilterState> filter_state(const LiveIndex& ix, const LiveFilter& filter) {
    const std::string key = ix.site_fingerprint() + "|" + filter.canonical();
    {
      const std::lock_guard lock(mutex);
      for (auto it = filters.begin(); it != filters.end(); ++it) {
        if ((*it)->key == key) {
          filters.splice(filters.begin(), filters, it);
          return filters.front();
        }
      }
    }
    auto fs = std::make_shared<FilterState>();
    fs->filter = filter;
    fs->key = key;
    fs->keep = ix.selection(filter);
    fs->selected = static_cast<std::size_t>(std::count(fs->keep.begin(), fs->keep.end(), true));
    fs->zooms.resize(static_cast<std::size_t>(ix.max_zoom() - ix.min_zoom() + 1));
    const std::lock_guard lock(mutex);
    filters.push_front(fs);
    if (filters.size() > kFilterStates) filters.pop_back();
    return fs;
  }

  // A scratch renderer for the time of one drawing: waits for one, or (`wait` false) takes
  // one only when one is free (then it may hold none).
  class Scratch {
   public:
    explicit Scratch(State& s, bool wait = true) : state_(s) {
      std::unique_lock lock(s.scratch_mutex);
      if (wait) s.scratch_free.wait(lock, [&] { return !s.scratch.empty(); });
      if (s.scratch.empty()) return;
      renderer_ = std::move(s.scratch.back());
      s.scratch.pop_back();
    }
    ~Scratch() {
      if (!renderer_) return;
      {
        const std::lock_guard lock(state_.scratch_mutex);
        state_.scratch.push_back(std::move(renderer_));
      }
      state_.scratch_free.notify_one();
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    explicit operator bool() const { return renderer_ != nullptr; }
    TileRenderer& operator*() { return *renderer_; }

   private:
    State& state_;
    std::unique_ptr<TileRenderer> renderer_;
  };

  ZoomScaleEstimate zoom_scales(const LiveIndex& ix, FilterState& fs, int z) {
    std::promise<ZoomScaleEstimate> promise;
    std::shared_future<ZoomScaleEstimate> future;
    bool mine = false;
    {
      const std::lock_guard lock(fs.mutex);
      auto& slot = fs.zooms[static_cast<std::size_t>(z - ix.min_zoom())];
      if (!slot.valid()) {
        slot = promise.get_future().share();
        mine = true;
      }
      future = slot;
    }
    if (mine) {
      try {
        Scratch renderer(*this);
        promise.set_value(estimate_scales(ix.geometry(z), fs.keep, ix.now_day(),
                                          options.scale_segment_budget, *renderer));
      } catch (...) {
        promise.set_exception(std::current_exception());
      }
    }
    return future.get();
  }

  // A tile's codes for a filter: from the cache, or drawn once however many requests want them
  // at the same moment (a browser asks for every layer's tiles of a screen together).
  std::shared_ptr<const TileCodes> tile_codes(const LiveIndex& ix, const FilterState& fs, int z,
                                              std::uint32_t x, std::uint32_t y) {
    const std::string key =
        fs.key + "|" + std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y);
    if (auto hit = codes.get(key)) return *hit;
    std::promise<std::shared_ptr<const TileCodes>> promise;
    std::shared_future<std::shared_ptr<const TileCodes>> future;
    bool mine = false;
    {
      const std::lock_guard lock(drawing_mutex);
      const auto it = drawing.find(key);
      if (it != drawing.end()) {
        future = it->second;
      } else {
        future = promise.get_future().share();
        drawing.emplace(key, future);
        mine = true;
      }
    }
    if (!mine) return future.get();
    try {
      auto out = std::make_shared<TileCodes>();
      const ZoomGeometry& g = ix.geometry(z);
      if (const auto k = g.find_tile(x, y)) {
        Scratch renderer(*this);
        // A busy tile is drawn in two halves at once when another renderer (a core) is free.
        std::optional<Scratch> second;
        if (g.tile_segments(*k, &fs.keep) >= kSplitTileSegments) second.emplace(*this, false);
        *out = second && *second ? render_tile_split(g, *k, &fs.keep, *renderer, **second)
                                 : render_tile(g, *k, &fs.keep, *renderer);
      }
      codes.put(key, out, 64 + key.size() + out->pixels.size() * 2 + out->codes.size() * 2);
      promise.set_value(out);
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
    {
      const std::lock_guard lock(drawing_mutex);
      drawing.erase(key);
    }
    return future.get();
  }

  std::shared_ptr<const IndexTable> table(const FilterState& fs, int z, const LayerSpec& spec,
                                          const LayerScale& scale) {
    const std::string key = fs.key + "|" + std::to_string(z) + "|" + std::string(spec.name);
    if (auto hit = tables.get(key)) return *hit;
    auto t = std::make_shared<const IndexTable>(index_table(spec.id, scale));
    tables.put(key, t, t->size() + key.size());
    return t;
  }

  std::shared_ptr<const LiveExplorer> explorer(const LiveIndex& ix, FilterState& fs) {
    const std::lock_guard lock(fs.explorer_mutex);
    if (!fs.explorer) {
      fs.explorer = std::make_shared<const LiveExplorer>(live_explorer(ix, fs.filter, fs.keep));
    }
    return fs.explorer;
  }

  LiveResponse manifest(const LiveIndex& ix, const LiveFilter& filter);
  LiveResponse tile(const LiveIndex& ix, const LiveRequest& req);
  LiveResponse here(const LiveIndex& ix, const LiveRequest& req);
  LiveResponse track(const LiveIndex& ix, const LiveRequest& req);
};

LiveResponse LiveMap::State::manifest(const LiveIndex& ix, const LiveFilter& filter) {
  const std::shared_ptr<FilterState> fs = filter_state(ix, filter);
  const int zooms = ix.max_zoom() - ix.min_zoom() + 1;
  std::vector<ZoomScaleEstimate> estimates(static_cast<std::size_t>(zooms));
  // Coarse zooms are cheap; street zooms cost most: start with those.
  parallel_for(estimates.size(), jobs, [&](unsigned, std::size_t i) {
    const int z = ix.max_zoom() - static_cast<int>(i);
    estimates[static_cast<std::size_t>(z - ix.min_zoom())] = zoom_scales(ix, *fs, z);
  });
  nlohmann::json j;
  j["filter"] = filter.canonical();
  j["fingerprint"] = ix.site_fingerprint();
  j["activities"] = fs->selected;
  j["min_zoom"] = ix.min_zoom();
  j["max_zoom"] = ix.max_zoom();
  // Zooms whose scales come from a sample, with the share of pixels drawn.
  nlohmann::json estimated = nlohmann::json::object();
  for (int z = ix.min_zoom(); z <= ix.max_zoom(); ++z) {
    const ZoomScaleEstimate& e = estimates[static_cast<std::size_t>(z - ix.min_zoom())];
    if (e.any && !e.exact) estimated[std::to_string(z)] = e.row_share;
  }
  j["estimated_zooms"] = estimated;
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerSpec& spec : layer_specs()) {
    nlohmann::json zoom_scales = nlohmann::json::object();
    for (int z = ix.min_zoom(); z <= ix.max_zoom(); ++z) {
      const ZoomScaleEstimate& e = estimates[static_cast<std::size_t>(z - ix.min_zoom())];
      if (!e.any) continue;
      const LayerScale& s = e.scales[static_cast<std::size_t>(spec.id)];
      zoom_scales[std::to_string(z)] = {{"lo", to_user_units(spec.id, s.lo)},
                                        {"hi", to_user_units(spec.id, s.hi)}};
    }
    layers.push_back({{"id", std::string(spec.name)}, {"zooms", zoom_scales}});
  }
  // Explorer layers have no scales (their legend is categories); their stats follow the filter.
  for (const std::string& id : explorer_layer_ids()) {
    layers.push_back({{"id", id}, {"zooms", nlohmann::json::object()}});
  }
  j["layers"] = layers;
  j["explorer"] = explorer_json(*explorer(ix, *fs));
  return json_reply(j);
}

LiveResponse LiveMap::State::tile(const LiveIndex& ix, const LiveRequest& req) {
  // /live/<layer>/<z>/<x>/<y>.png
  std::vector<std::string_view> parts;
  std::string_view rest = std::string_view(req.path).substr(6);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    parts.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (parts.size() != 4 || !parts[3].ends_with(".png")) {
    throw BadRequest("a live tile is /live/<layer>/<z>/<x>/<y>.png");
  }
  const LayerSpec* spec = layer_named(parts[0]);
  const int explorer_layer = explorer_layer_index(parts[0]);
  if (spec == nullptr && explorer_layer < 0)
    throw BadRequest("unknown layer '" + std::string(parts[0].substr(0, 40)) + "'");
  const auto z = parse_uint<int>(parts[1], ix.max_zoom());
  if (!z || *z < ix.min_zoom()) {
    throw BadRequest("zoom '" + std::string(parts[1].substr(0, 12)) +
                     "' is outside the map's zooms " + std::to_string(ix.min_zoom()) + " to " +
                     std::to_string(ix.max_zoom()));
  }
  const std::uint32_t last = (std::uint32_t{1} << *z) - 1;
  const auto x = parse_uint<std::uint32_t>(parts[2], last);
  const auto y = parse_uint<std::uint32_t>(parts[3].substr(0, parts[3].size() - 4), last);
  if (!x || !y) {
    throw BadRequest("tile x and y at zoom " + std::to_string(*z) +
                     " are whole numbers from 0 to " + std::to_string(last));
  }
  const LiveFilter filter = parse_live_filter(req.query);
  const std::string id = ix.site_fingerprint() + "|" + filter.canonical() + "|" +
                         std::string(parts[0]) + "|" + std::to_string(*z) + "/" +
                         std::to_string(*x) + "/" + std::to_string(*y);
  const std::string etag = "\"" + hash_text(id) + "\"";
  const auto reply = [&](const std::string& png) {
    LiveResponse r;
    r.etag = etag;
    if (png.empty()) {
      r.status = 204;
      r.content_type.clear();
    } else {
      r.content_type = "image/png";
      r.body = png;
    }
    return r;
  };
  if (req.if_none_match == etag) {
    LiveResponse r;
    r.status = 304;
    r.etag = etag;
    r.content_type.clear();
    return r;
  }
  if (auto hit = tiles.get(id)) return reply(**hit);
  const std::shared_ptr<FilterState> fs = filter_state(ix, filter);
  auto png = std::make_shared<std::string>();
  if (explorer_layer >= 0) {
    const std::shared_ptr<const LiveExplorer> e = explorer(ix, *fs);
    const Bytes bytes = explorer_tile_png(e->maps[static_cast<std::size_t>(explorer_layer)],
                                          {*z, *x, *y}, ix.privacy());
    png->assign(bytes.begin(), bytes.end());
    tiles.put(id, png, png->size() + id.size() + 64);
    return reply(*png);
  }
  const ZoomScaleEstimate scales = zoom_scales(ix, *fs, *z);
  if (scales.any) {
    const std::shared_ptr<const TileCodes> codes_here = tile_codes(ix, *fs, *z, *x, *y);
    if (!codes_here->pixels.empty()) {
      const auto l = static_cast<std::size_t>(spec->id);
      const std::shared_ptr<const IndexTable> t = table(*fs, *z, *spec, scales.scales[l]);
      std::vector<std::uint32_t> pixels;
      std::vector<std::uint8_t> indices;
      if (tile_index_pixels(*codes_here, spec->id, *t, pixels, indices)) {
        const Bytes bytes = encode_sparse_palette_png(pixels, indices, kTileSizePx, kTileSizePx,
                                                      ramp(ramp_from_name(spec->ramp)));
        png->assign(bytes.begin(), bytes.end());
      }
    }
  }
  tiles.put(id, png, png->size() + id.size() + 64);
  return reply(*png);
}

LiveResponse LiveMap::State::here(const LiveIndex& ix, const LiveRequest& req) {
  const LiveFilter filter = parse_live_filter(req.query, {"lat", "lon", "z", "r"});
  const double lat = parse_number(req.query, "lat", -kMaxMercatorLat, kMaxMercatorLat);
  const double lon = parse_number(req.query, "lon", -180, 180);
  const std::optional<int> z = parse_int_param(req.query, "z", 30);
  if (!z) throw BadRequest("missing parameter z");
  const int zoom = std::clamp(*z, ix.min_zoom(), ix.max_zoom());
  const int r = parse_int_param(req.query, "r", kMaxHereRadius).value_or(kDefaultHereRadius);
  const std::shared_ptr<FilterState> fs = filter_state(ix, filter);
  const std::vector<std::size_t> found = activities_here(ix, fs->keep, lat, lon, zoom, r);
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i < found.size() && i < options.here_limit; ++i) {
    list.push_back(activity_json(ix.activities()[found[i]]));
  }
  return json_reply({{"count", found.size()}, {"zoom", zoom}, {"activities", list}});
}

LiveResponse LiveMap::State::track(const LiveIndex& ix, const LiveRequest& req) {
  const std::string_view id_text = std::string_view(req.path).substr(11);  // "/api/track/"
  const auto id = parse_uint<std::int64_t>(id_text, std::int64_t{1} << 53);
  if (!id) throw BadRequest("an activity is /api/track/<id> with the id of data/activities.js");
  for (const auto& [k, v] : req.query) {
    if (k != "z") throw BadRequest("unknown parameter '" + k.substr(0, 40) + "' (z)");
  }
  const int zoom = std::clamp(parse_int_param(req.query, "z", 30).value_or(ix.max_zoom()),
                              ix.min_zoom(), ix.max_zoom());
  const std::optional<std::size_t> input = ix.input_of(*id);
  if (!input) return text_reply(404, "activity " + std::to_string(*id) + " is not on the map");
  const TrackRuns t = track_runs(ix, *input, zoom);
  nlohmann::json j = activity_json(ix.activities()[*input]);
  j["zoom"] = zoom;
  j["bbox"] = t.box.empty() ? nlohmann::json(nullptr)
                            : nlohmann::json({round6(t.box.min_lon), round6(t.box.min_lat),
                                              round6(t.box.max_lon), round6(t.box.max_lat)});
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& run : t.runs) {
    nlohmann::json points = nlohmann::json::array();
    for (const LatLon& p : run) points.push_back({round6(p.lat), round6(p.lon)});
    runs.push_back(std::move(points));
  }
  j["runs"] = std::move(runs);
  return json_reply(j);
}

LiveMap::LiveMap(LiveOptions options) : state_(std::make_unique<State>(std::move(options))) {}

LiveMap::~LiveMap() {
  std::jthread loader;
  {
    const std::lock_guard lock(state_->mutex);
    loader = std::move(state_->loader);
  }
  if (loader.joinable()) loader.join();
}

void LiveMap::start() {
  state_->current();
}

bool LiveMap::wait_ready() {
  state_->current();
  std::unique_lock lock(state_->mutex);
  state_->loaded.wait(lock, [&] { return state_->status != State::Status::Loading; });
  return state_->status == State::Status::Ready;
}

std::string LiveMap::error() const {
  const std::lock_guard lock(state_->mutex);
  return state_->error;
}

std::shared_ptr<const LiveIndex> LiveMap::index() {
  return state_->current();
}

LiveResponse LiveMap::unavailable() const {
  return state_->unavailable();
}

const LiveOptions& LiveMap::options() const {
  return state_->options;
}

bool LiveMap::routes(std::string_view path) {
  return path.starts_with("/live/") || path == "/api/here" || path.starts_with("/api/track/");
}

LiveResponse LiveMap::handle(const LiveRequest& req) {
  try {
    if (!routes(req.path)) return text_reply(404, "not found");
    const std::shared_ptr<const LiveIndex> ix = state_->current();
    if (!ix) return state_->unavailable();
    if (req.path == "/live/manifest.json") {
      return state_->manifest(*ix, parse_live_filter(req.query));
    }
    if (req.path == "/api/here") return state_->here(*ix, req);
    if (req.path.starts_with("/api/track/")) return state_->track(*ix, req);
    return state_->tile(*ix, req);
  } catch (const BadRequest& e) {
    return text_reply(400, e.what());
  } catch (const std::exception& e) {
    return text_reply(500, std::string("live map: ") + e.what());
  }
}

}  // namespace th::live
