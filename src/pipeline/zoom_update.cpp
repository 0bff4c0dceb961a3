#include "pipeline/zoom_update.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <optional>
#include <thread>
#include <unordered_map>

#include "encode/color_ramp.hpp"
#include "encode/png_writer.hpp"
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

// Which tiles to draw again, and for dirty ones which of their inputs they drew last time.
struct Plan {
  std::vector<std::size_t> dirty;                  // tile numbers of the geometry
  std::vector<std::vector<std::uint32_t>> before;  // per dirty tile: inputs it had (may be empty)
  std::vector<bool> is_dirty;                      // per tile
};

// Compares the geometry's tiles with the cached ones; nullopt when the zoom must be rendered
// in full (a tile lost an activity or a cached tile vanished).
std::optional<Plan> plan_update(const ZoomGeometry& g,
                                const std::vector<std::vector<std::uint32_t>>& tile_inputs,
                                const std::vector<std::uint64_t>& keys, const ZoomCache& cached) {
  std::unordered_map<std::uint64_t, std::uint32_t> slot_of_key;
  slot_of_key.reserve(cached.keys.size());
  for (std::uint32_t s = 0; s < cached.keys.size(); ++s) {
    if (!slot_of_key.emplace(cached.keys[s], s).second) return std::nullopt;  // not a real cache
  }
  std::vector<std::uint32_t> slot(keys.size(), kNoSlot);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto it = slot_of_key.find(keys[i]);
    if (it != slot_of_key.end()) slot[i] = it->second;
  }
  Plan plan;
  plan.is_dirty.assign(g.tile_count(), false);
  std::size_t c = 0;  // cached tiles, walked alongside (both sorted by (x, y))
  std::vector<std::uint32_t> old_slots, old_inputs;
  for (std::size_t k = 0; k < g.tile_count(); ++k) {
    const TileId tile = g.tile(k);
    const auto here = std::pair(tile.x, tile.y);
    while (c < cached.tiles.size() && std::pair(cached.tiles[c].x, cached.tiles[c].y) < here) {
      return std::nullopt;  // a tile drawn last time draws nothing now
    }
    const bool known = c < cached.tiles.size() &&
                       std::pair(cached.tiles[c].x, cached.tiles[c].y) == here;
    old_slots.clear();
    old_inputs.clear();
    for (const std::uint32_t input : tile_inputs[k]) {
      if (slot[input] == kNoSlot) continue;
      old_slots.push_back(slot[input]);
      old_inputs.push_back(input);
    }
    const std::vector<std::uint32_t> none;
    const std::vector<std::uint32_t>& was = known ? cached.tiles[c].slots : none;
    if (old_slots != was) return std::nullopt;  // lost or reordered an activity
    if (known) ++c;
    if (old_inputs.size() == tile_inputs[k].size()) continue;  // clean
    plan.is_dirty[k] = true;
    plan.dirty.push_back(k);
    plan.before.push_back(old_inputs);
  }
  if (c != cached.tiles.size()) return std::nullopt;
  return plan;
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
std::uint64_t encode_tiles(const std::vector<TileCodes>& tiles, const std::vector<LayerMask>& layers,
                           const ZoomScales& scales, unsigned jobs, TileWriter& writer) {
  std::array<IndexTable, kLayerCount> tables;
  LayerMask needed = 0;
  for (const LayerMask m : layers) needed |= m;
  for (const LayerSpec& spec : layer_specs()) {
    const auto l = static_cast<std::size_t>(spec.id);
    if (needed & (1u << l)) tables[l] = index_table(spec.id, scales[l]);
  }
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> encoded{0};
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < std::max(1u, jobs); ++t) {
      pool.emplace_back([&] {
        std::vector<std::uint8_t> indices;
        for (std::size_t k = next++; k < tiles.size(); k = next++) {
          const TileCodes& tile = tiles[k];
          const int x = static_cast<int>(tile.tile.x), y = static_cast<int>(tile.tile.y);
          for (const LayerSpec& spec : layer_specs()) {
            const auto l = static_cast<std::size_t>(spec.id);
            if (!(layers[k] & (1u << l))) {
              writer.keep(spec.name, tile.tile.z, x, y);
              continue;
            }
            if (!tile_indices(tile, spec.id, tables[l], indices)) continue;
            const Bytes png = encode_palette_png(indices, kTileSizePx, kTileSizePx,
                                                 ramp(ramp_from_name(spec.ramp)));
            writer.put(spec.name, tile.tile.z, x, y, png);
            ++encoded;
          }
        }
      });
    }
  }
  return encoded;
}

void keep_tile(const TileId& tile, TileWriter& writer) {
  for (const LayerSpec& spec : layer_specs()) {
    writer.keep(spec.name, tile.z, static_cast<int>(tile.x), static_cast<int>(tile.y));
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

ZoomUpdate update_zoom(const ZoomGeometry& g, const std::vector<std::uint64_t>& keys,
                       const ZoomCache* cached, double now_day, unsigned jobs,
                       TileWriter& writer) {
  ZoomUpdate out;
  auto t0 = Clock::now();
  std::vector<std::vector<std::uint32_t>> tile_inputs(g.tile_count());
  for (std::size_t k = 0; k < g.tile_count(); ++k) tile_inputs[k] = g.tile_inputs(k);
  out.tiles = g.tile_count();

  std::optional<Plan> plan;
  if (cached != nullptr) plan = plan_update(g, tile_inputs, keys, *cached);
  std::vector<TileCodes> codes;     // tiles to encode (all layers or some)
  std::vector<LayerMask> layers;    // per entry of `codes`: which layers to encode
  ZoomHistograms histograms;
  bool incremental = false;
  if (plan) {
    ZoomHistograms added = empty_histograms(), removed = empty_histograms();
    codes = render_grown_tiles(g, plan->dirty, plan->before, jobs, added, removed);
    histograms = cached->histograms;
    incremental = apply_difference(histograms, added, removed);
    out.tiles_drawn = plan->dirty.size();
  }
  if (incremental) {
    out.scales = scales_for_zoom(histograms, now_day);
    const ZoomScales before = scales_for_zoom(cached->histograms, now_day);
    LayerMask moved = 0;
    for (std::size_t l = 0; l < kLayerCount; ++l) {
      if (out.scales[l].lo != before[l].lo || out.scales[l].hi != before[l].hi) moved |= 1u << l;
    }
    layers.assign(codes.size(), kAllLayers);
    std::vector<std::size_t> clean;
    for (std::size_t k = 0; k < g.tile_count(); ++k) {
      if (!plan->is_dirty[k]) clean.push_back(k);
    }
    if (moved != 0) {  // those layers change colour everywhere: draw the clean tiles too
      ZoomHistograms unused = empty_histograms();
      std::vector<TileCodes> more = render_tiles(g, clean, jobs, unused);
      out.tiles_drawn += clean.size();
      for (auto& t : more) codes.push_back(std::move(t));
      layers.resize(codes.size(), moved);
    } else {
      for (const std::size_t k : clean) keep_tile(g.tile(k), writer);
    }
  } else {
    histograms = empty_histograms();
    codes = render_tiles(g, all_tiles(g), jobs, histograms);
    out.tiles_drawn = g.tile_count();
    out.scales = scales_for_zoom(histograms, now_day);
    layers.assign(codes.size(), kAllLayers);
  }
  out.incremental = incremental;
  out.render_s = seconds_since(t0);
  t0 = Clock::now();
  out.pngs_encoded = encode_tiles(codes, layers, out.scales, jobs, writer);
  out.encode_s = seconds_since(t0);

  out.cache.zoom = g.zoom();
  out.cache.keys = keys;
  out.cache.tiles.resize(g.tile_count());
  for (std::size_t k = 0; k < g.tile_count(); ++k) {
    const TileId tile = g.tile(k);
    out.cache.tiles[k] = {tile.x, tile.y, std::move(tile_inputs[k])};
  }
  out.cache.histograms = std::move(histograms);
  return out;
}

}  // namespace th
