#include "pipeline/zoom_update.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <unordered_map>

#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "encode/color_ramp.hpp"
#include "encode/palette_index.hpp"
#include "encode/png_writer.hpp"
#include "render/packed_codes.hpp"
#include "render/privacy.hpp"
#include "site/tile_index.hpp"
#include "site/tile_writer.hpp"

namespace th {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

constexpr std::uint32_t kNoSlot = 0xffffffffu;
using LayerMask = std::uint16_t;  // bit l: layer l
constexpr LayerMask kAllLayers = (1u << kLayerCount) - 1;

// How this build's inputs relate to the cached build's, and which tiles to draw again.
struct Plan {
  std::vector<std::uint32_t> new_of_slot;          // cached slot → this build's input
  std::vector<std::uint64_t> dirty_keys;           // tiles changed activities touch: packed, sorted
  std::vector<std::size_t> dirty;                  // their tile numbers in the geometry
  std::vector<std::vector<std::uint32_t>> before;  // per dirty tile: inputs it had (may be empty)
  std::vector<std::vector<std::uint32_t>> after;   // per dirty tile: inputs it has now

  bool is_dirty(const TileKey& tile) const {
    return std::binary_search(dirty_keys.begin(), dirty_keys.end(), tile.packed());
  }
};

// Matches inputs to the cache's slots and lists the inputs that changed: added (not in the
// cache) and leaving (in the cache, not drawn now). nullopt when the zoom must be rendered in
// full: an activity drawn last time is neither here nor among the leaving inputs (its old track
// is not at hand to subtract), or a leaving input the cache does not know.
std::optional<Plan> match_inputs(const std::vector<std::uint64_t>& keys,
                                 const std::vector<bool>& leaving, const ZoomCache& cached,
                                 std::vector<std::uint32_t>& changed) {
  std::unordered_map<std::uint64_t, std::uint32_t> slot_of_key;
  slot_of_key.reserve(cached.keys.size());
  for (std::uint32_t s = 0; s < cached.keys.size(); ++s) {
    if (!slot_of_key.emplace(cached.keys[s], s).second) return std::nullopt;  // not a real cache
  }
  Plan plan;
  plan.new_of_slot.assign(cached.keys.size(), kNoSlot);
  std::size_t matched = 0;
  for (std::uint32_t i = 0; i < keys.size(); ++i) {
    const auto it = slot_of_key.find(keys[i]);
    const bool leaves = !leaving.empty() && leaving[i];
    if (it == slot_of_key.end()) {
      if (leaves) return std::nullopt;
      changed.push_back(i);
    } else {
      if (plan.new_of_slot[it->second] != kNoSlot) return std::nullopt;  // a key twice
      plan.new_of_slot[it->second] = i;
      ++matched;
      if (leaves) changed.push_back(i);
    }
  }
  if (matched != cached.keys.size()) return std::nullopt;
  return plan;
}

const ZoomCacheTile* find_cached(const ZoomCache& cached, std::uint32_t x, std::uint32_t y) {
  const auto it = std::lower_bound(
      cached.tiles.begin(), cached.tiles.end(), std::pair(x, y),
      [](const ZoomCacheTile& t, const std::pair<std::uint32_t, std::uint32_t>& p) {
        return std::pair(t.x, t.y) < p;
      });
  return it != cached.tiles.end() && it->x == x && it->y == y ? &*it : nullptr;
}

// Buckets only the tiles the changed (added or leaving) activities touch, with every activity
// drawn there, and checks each against the cache; false when the cache does not describe them.
bool plan_dirty_tiles(ZoomGeometry& g, const ZoomCache& cached,
                      const std::vector<std::uint32_t>& changed, const std::vector<bool>& leaving,
                      unsigned jobs, Plan& plan) {
  plan.dirty_keys = g.tiles_touched_by(changed);
  const auto leaves = [&](std::uint32_t input) { return !leaving.empty() && leaving[input]; };
  // A leaving activity must have been drawn only where it is bucketed now: a tile kept as it is
  // must not have had it.
  for (const ZoomCacheTile& t : cached.tiles) {
    if (plan.is_dirty(TileKey{g.zoom(), t.x, t.y})) continue;
    for (const std::uint32_t s : t.slots) {
      if (leaves(plan.new_of_slot[s])) return false;
    }
  }
  std::vector<std::uint32_t> to_bucket = changed;
  for (const std::uint64_t key : plan.dirty_keys) {
    const TileKey tile = TileKey::unpack(key);
    if (const ZoomCacheTile* t = find_cached(cached, tile.x, tile.y)) {
      for (const std::uint32_t s : t->slots) to_bucket.push_back(plan.new_of_slot[s]);
    }
  }
  std::sort(to_bucket.begin(), to_bucket.end());
  to_bucket.erase(std::unique(to_bucket.begin(), to_bucket.end()), to_bucket.end());
  g.bucket(&to_bucket, &plan.dirty_keys, jobs);
  if (g.tile_count() != plan.dirty_keys.size()) return false;

  std::vector<bool> is_added(g.inputs().size(), false);
  for (const std::uint32_t i : changed) is_added[i] = !leaves(i);
  for (std::size_t k = 0; k < g.tile_count(); ++k) {
    const TileKey tile = g.tile(k);
    const ZoomCacheTile* was = find_cached(cached, tile.x, tile.y);
    std::vector<std::uint32_t> old_inputs, new_inputs;
    for (const std::uint32_t input : g.tile_inputs(k)) {
      if (!is_added[input]) old_inputs.push_back(input);
      if (!leaves(input)) new_inputs.push_back(input);
    }
    // The activities the tile had must be exactly those drawn in it last time, in order.
    const std::size_t had = was != nullptr ? was->slots.size() : 0;
    if (old_inputs.size() != had) return false;
    for (std::size_t j = 0; j < had; ++j) {
      if (plan.new_of_slot[was->slots[j]] != old_inputs[j]) return false;
    }
    plan.dirty.push_back(k);
    plan.before.push_back(std::move(old_inputs));
    plan.after.push_back(std::move(new_inputs));
  }
  return true;
}

// histograms += add − sub; false when that would go below zero (the cache does not describe
// what was drawn).
bool apply_difference(ZoomHistograms& histograms, const ZoomHistograms& add,
                      const ZoomHistograms& sub) {
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    for (std::size_t code = 1; code < 65536; ++code) {
      const std::uint64_t v = histograms[l][code] + add[l][code];
      if (v < sub[l][code]) return false;
      histograms[l][code] = v - sub[l][code];
    }
  }
  return true;
}

// Encodes the `layers` of each tile and offers them to the writer; the other layers keep their
// live PNGs. Returns the number of PNGs encoded.
std::uint64_t encode_tiles(const std::vector<PackedTileCodes>& tiles,
                           const std::vector<LayerMask>& layers, const ZoomScales& scales,
                           unsigned jobs, TileWriter& writer, Progress& progress) {
  std::array<IndexTable, kLayerCount> tables;
  LayerMask needed = 0;
  for (const LayerMask m : layers) needed |= m;
  for (const LayerSpec& spec : layer_specs()) {
    const auto l = static_cast<std::size_t>(spec.id);
    if (needed & (1u << l)) tables[l] = index_table(spec.id, scales[l]);
  }
  std::atomic<std::uint64_t> encoded{0};
  struct Scratch {  // per worker
    std::vector<std::uint32_t> pixels;
    std::vector<std::uint8_t> indices;
  };
  std::vector<Scratch> scratch(std::max(1u, jobs));
  parallel_for(tiles.size(), jobs, [&](unsigned worker, std::size_t k) {
    const PackedTileCodes& tile = tiles[k];
    const int x = static_cast<int>(tile.tile().x), y = static_cast<int>(tile.tile().y);
    for (const LayerSpec& spec : layer_specs()) {
      const auto l = static_cast<std::size_t>(spec.id);
      if (!(layers[k] & (1u << l))) {
        writer.keep(spec.name, tile.tile().z, x, y);
        continue;
      }
      Scratch& s = scratch[worker];
      if (!tile.layer_index_pixels(l, tables[l], s.pixels, s.indices)) continue;
      const Bytes png = encode_sparse_palette_png(s.pixels, s.indices, kTileSizePx, kTileSizePx,
                                                  ramp(ramp_from_name(spec.ramp)));
      writer.put(spec.name, tile.tile().z, x, y, png);
      ++encoded;
    }
    progress.advance();
  });
  return encoded;
}

// Draws tiles `which` of a geometry (render_tiles_to) and appends them to `codes`, packed as
// each is drawn: a zoom's tiles are all held until its scales are known.
// With `on_drawn`, each tile's packed codes are handed to it too (tile number, codes; on the
// drawing threads).
void render_packed(const ZoomGeometry& g, const std::vector<std::size_t>& which, unsigned jobs,
                   ZoomHistograms& histograms, const std::vector<bool>* keep,
                   std::vector<PackedTileCodes>& codes, Progress& progress,
                   const std::function<void(std::size_t, const PackedTileCodes&)>& on_drawn = {}) {
  const std::size_t first = codes.size();
  codes.resize(first + which.size());
  progress.set_total(which.size());
  render_tiles_to(g, which, jobs, histograms, keep, [&](std::size_t i, TileCodes&& t) {
    codes[first + i] = PackedTileCodes(t);
    if (on_drawn) on_drawn(which[i], codes[first + i]);
    progress.advance();
  });
}

// The activity keys of `inputs` (this build's numbers), in order.
std::vector<std::uint64_t> keys_of(const std::vector<std::uint64_t>& keys,
                                   const std::vector<std::uint32_t>& inputs) {
  std::vector<std::uint64_t> out;
  out.reserve(inputs.size());
  for (const std::uint32_t i : inputs) out.push_back(keys[i]);
  return out;
}

// The kept codes of each busy dirty tile as the live site has it (null where there are none).
std::vector<std::optional<TileCodes>> load_busy(const BusyTileCodes& busy, const ZoomGeometry& g,
                                                const std::vector<std::uint64_t>& keys,
                                                const Plan& plan, unsigned jobs) {
  std::vector<std::optional<TileCodes>> was(plan.dirty.size());
  parallel_for(plan.dirty.size(), jobs, [&](unsigned, std::size_t i) {
    const std::size_t k = plan.dirty[i];
    if (plan.before[i].empty() || !busy.is_busy(g.tile_segments(k, nullptr))) return;
    was[i] = busy.load(g.tile(k), busy.state_of(g.tile(k), keys_of(keys, plan.before[i])));
  });
  return was;
}

// Keeps the codes of tile k drawn with `inputs` when it is busy, else forgets any it had.
void keep_busy(const BusyTileCodes& busy, const ZoomGeometry& g, std::size_t k,
               const std::vector<std::uint64_t>& keys, const std::vector<std::uint32_t>& inputs,
               const PackedTileCodes& codes) {
  if (busy.is_busy(g.tile_segments(k, nullptr))) {
    busy.save(codes, busy.state_of(codes.tile(), keys_of(keys, inputs)));
  } else {
    busy.drop(codes.tile());
  }
}

std::vector<std::size_t> all_tiles(const ZoomGeometry& g) {
  std::vector<std::size_t> all(g.tile_count());
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  return all;
}

}  // namespace

std::uint64_t activity_render_key(std::int64_t id, const std::string& content_hash,
                                  double start_utc, const DrawnActivity& drawn) {
  Bytes text;
  ByteView hash(reinterpret_cast<const std::uint8_t*>(content_hash.data()), content_hash.size());
  text.insert(text.end(), hash.begin(), hash.end());
  const auto append = [&](const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    text.insert(text.end(), b, b + n);
  };
  append(&id, sizeof id);
  append(&start_utc, sizeof start_utc);
  append(&drawn.day, sizeof drawn.day);
  const std::uint8_t windows = (drawn.within_12mo ? 1 : 0) | (drawn.within_36mo ? 2 : 0);
  append(&windows, 1);
  return tile_content_hash(text);
}

std::uint64_t privacy_render_key(std::uint64_t key, const PreparedTrack& track,
                                 const LonLatBox& box, const PrivacySettings& privacy) {
  std::vector<const PrivacyZone*> near;
  for (const PrivacyZone& z : privacy.zones) {
    if (near_zone(box, z)) near.push_back(&z);
  }
  if (!track.privacy_cut && near.empty()) return key;
  std::vector<std::uint8_t> bytes;
  bytes.reserve(8 + track.vertices.size() * 22);
  const auto put = [&bytes](const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    bytes.insert(bytes.end(), b, b + n);
  };
  put(&key, sizeof key);
  for (const TrackVertex& v : track.vertices) {
    put(&v.x, sizeof v.x);
    put(&v.y, sizeof v.y);
    put(&v.dt_s, sizeof v.dt_s);
    put(&v.speed_mps, sizeof v.speed_mps);
    put(&v.grade, sizeof v.grade);
    put(&v.heart_rate_bpm, 1);
    const std::uint8_t start = v.run_start ? 1 : 0;
    put(&start, 1);
  }
  for (const PrivacyZone* z : near) {
    const double circle[3] = {z->hidden_lat, z->hidden_lon, z->hidden_radius_m()};
    put(circle, sizeof circle);
  }
  return tile_content_hash(ByteView(bytes));
}

namespace {

// This build's number of each input of the geometry in the cache it writes: leaving inputs
// are not drawn by it and get none (kNoSlot).
std::vector<std::uint32_t> cache_numbers(std::size_t inputs, const std::vector<bool>& leaving) {
  std::vector<std::uint32_t> number(inputs, kNoSlot);
  std::uint32_t next = 0;
  for (std::size_t i = 0; i < inputs; ++i) {
    if (leaving.empty() || !leaving[i]) number[i] = next++;
  }
  return number;
}

// Appends the tile with the inputs drawn in it now, renumbered; nothing when none is.
void add_cache_tile(std::vector<ZoomCacheTile>& tiles, const TileKey& tile,
                    const std::vector<std::uint32_t>& inputs,
                    const std::vector<std::uint32_t>& number) {
  ZoomCacheTile t{tile.x, tile.y, {}};
  for (const std::uint32_t i : inputs) {
    if (number[i] != kNoSlot) t.slots.push_back(number[i]);
  }
  if (!t.slots.empty()) tiles.push_back(std::move(t));
}

void sort_cache_tiles(std::vector<ZoomCacheTile>& tiles) {
  std::sort(tiles.begin(), tiles.end(), [](const ZoomCacheTile& a, const ZoomCacheTile& b) {
    return std::pair(a.x, a.y) < std::pair(b.x, b.y);
  });
}

// The cache of a zoom after an incremental update: the cached tiles the changed activities did
// not touch (slots renumbered to this build's inputs) and the dirty ones as drawn now.
std::vector<ZoomCacheTile> updated_tiles(const ZoomGeometry& g, const ZoomCache& cached,
                                         const Plan& plan,
                                         const std::vector<std::uint32_t>& number) {
  std::vector<ZoomCacheTile> tiles;
  tiles.reserve(cached.tiles.size() + plan.dirty.size());
  std::vector<std::uint32_t> inputs;
  for (const ZoomCacheTile& t : cached.tiles) {
    if (plan.is_dirty(TileKey{g.zoom(), t.x, t.y})) continue;
    inputs.clear();
    for (const std::uint32_t s : t.slots) inputs.push_back(plan.new_of_slot[s]);
    add_cache_tile(tiles, TileKey{g.zoom(), t.x, t.y}, inputs, number);
  }
  for (std::size_t i = 0; i < plan.dirty.size(); ++i) {
    add_cache_tile(tiles, g.tile(plan.dirty[i]), plan.after[i], number);
  }
  sort_cache_tiles(tiles);
  return tiles;
}

std::vector<ZoomCacheTile> geometry_tiles(const ZoomGeometry& g,
                                          const std::vector<std::uint32_t>& number) {
  std::vector<ZoomCacheTile> tiles;
  tiles.reserve(g.tile_count());
  for (std::size_t k = 0; k < g.tile_count(); ++k) {
    add_cache_tile(tiles, g.tile(k), g.tile_inputs(k), number);
  }
  return tiles;  // already in (x, y) order: the geometry's tiles are sorted by key
}

}  // namespace

ZoomUpdate update_zoom(ZoomGeometry& g, const std::vector<std::uint64_t>& keys,
                       const std::vector<bool>& leaving, const ZoomCache* cached,
                       const BusyTileCodes* busy, double now_day, unsigned jobs, TileWriter& writer,
                       bool quiet) {
  ZoomUpdate out;
  const std::string zoom_name = " z" + std::to_string(g.zoom());
  Progress drawing("render" + zoom_name, 0, stderr, quiet);
  drawing.set_transient(true);
  out.cache.zoom = g.zoom();
  const std::vector<std::uint32_t> number = cache_numbers(keys.size(), leaving);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (number[i] != kNoSlot) out.cache.keys.push_back(keys[i]);
  }
  std::vector<bool> drawn(keys.size());  // what this build draws: all but the leaving inputs
  for (std::size_t i = 0; i < keys.size(); ++i) drawn[i] = number[i] != kNoSlot;
  auto t0 = Clock::now();

  // Incremental: everything is decided before the first tile is offered to the writer.
  std::optional<Plan> plan;
  std::vector<std::uint32_t> changed;
  if (cached != nullptr) plan = match_inputs(keys, leaving, *cached, changed);
  if (plan && !plan_dirty_tiles(g, *cached, changed, leaving, jobs, *plan)) plan.reset();
  std::vector<PackedTileCodes> codes;  // tiles to encode (all layers or some)
  std::vector<LayerMask> layers;       // per entry of `codes`: which layers to encode
  ZoomHistograms histograms;
  if (plan) {
    ZoomHistograms now_h = empty_histograms(), before_h = empty_histograms();
    std::vector<std::optional<TileCodes>> was;
    std::vector<const TileCodes*> was_known;
    if (busy != nullptr) {
      was = load_busy(*busy, g, keys, *plan, jobs);
      for (const auto& w : was) was_known.push_back(w ? &*w : nullptr);
      out.tiles_over_kept = static_cast<std::uint64_t>(
          std::count_if(was.begin(), was.end(), [](const auto& w) { return w.has_value(); }));
    }
    for (const TileCodes& t : render_changed_tiles(g, plan->dirty, plan->before, plan->after, jobs,
                                                   now_h, before_h, was_known)) {
      codes.emplace_back(t);
    }
    if (busy != nullptr) {
      parallel_for(codes.size(), jobs, [&](unsigned, std::size_t i) {
        keep_busy(*busy, g, plan->dirty[i], keys, plan->after[i], codes[i]);
      });
    }
    histograms = cached->histograms;
    if (!apply_difference(histograms, now_h, before_h)) plan.reset();
  }
  if (plan) {
    out.incremental = true;
    out.tiles_drawn = plan->dirty.size();
    out.scales = scales_for_zoom(histograms, now_day);
    const ZoomScales before = scales_for_zoom(cached->histograms, now_day);
    LayerMask moved = 0;
    for (std::size_t l = 0; l < kLayerCount; ++l) {
      if (out.scales[l].lo != before[l].lo || out.scales[l].hi != before[l].hi) {
        moved = static_cast<LayerMask>(moved | (1u << l));
      }
    }
    layers.assign(codes.size(), kAllLayers);
    if (moved != 0) {  // those layers change colour everywhere: draw the other tiles too
      g.bucket(nullptr, nullptr, jobs);
      std::vector<std::size_t> clean;
      for (std::size_t k = 0; k < g.tile_count(); ++k) {
        if (!plan->is_dirty(g.tile(k))) clean.push_back(k);
      }
      // Leaving activities touch only dirty tiles (checked by the plan), but say so anyway.
      ZoomHistograms unused = empty_histograms();
      render_packed(g, clean, jobs, unused, &drawn, codes, drawing);
      out.tiles_drawn += clean.size();
      layers.resize(codes.size(), moved);
      out.cache.tiles = geometry_tiles(g, number);
    } else {
      for (const ZoomCacheTile& t : cached->tiles) {
        if (plan->is_dirty(TileKey{g.zoom(), t.x, t.y})) continue;
        for (const LayerSpec& spec : layer_specs()) {
          writer.keep(spec.name, g.zoom(), static_cast<int>(t.x), static_cast<int>(t.y));
        }
      }
      out.cache.tiles = updated_tiles(g, *cached, *plan, number);
    }
  } else {
    g.bucket(nullptr, nullptr, jobs);
    histograms = empty_histograms();
    codes.clear();  // a failed incremental update may have drawn some
    out.tiles_over_kept = 0;
    std::function<void(std::size_t, const PackedTileCodes&)> keep_codes;
    if (busy != nullptr) {
      busy->drop_zoom(g.zoom());  // no kept codes from earlier builds linger
      keep_codes = [&](std::size_t k, const PackedTileCodes& t) {
        if (!busy->is_busy(g.tile_segments(k, nullptr))) return;
        std::vector<std::uint32_t> inputs;
        for (const std::uint32_t i : g.tile_inputs(k)) {
          if (drawn[i]) inputs.push_back(i);
        }
        busy->save(t, busy->state_of(t.tile(), keys_of(keys, inputs)));
      };
    }
    render_packed(g, all_tiles(g), jobs, histograms, &drawn, codes, drawing, keep_codes);
    out.tiles_drawn = g.tile_count();
    out.scales = scales_for_zoom(histograms, now_day);
    layers.assign(codes.size(), kAllLayers);
    out.cache.tiles = geometry_tiles(g, number);
  }
  out.tiles = out.cache.tiles.size();
  out.render_s = seconds_since(t0);
  drawing.finish();

  t0 = Clock::now();
  Progress encoding("encode" + zoom_name, codes.size(), stderr, quiet);
  encoding.set_transient(true);
  out.pngs_encoded = encode_tiles(codes, layers, out.scales, jobs, writer, encoding);
  encoding.finish();
  out.encode_s = seconds_since(t0);
  out.cache.histograms = std::move(histograms);
  return out;
}

}  // namespace th
