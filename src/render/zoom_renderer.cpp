#include "render/zoom_renderer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "render/rasterizer.hpp"

namespace th {

namespace {

constexpr int kTile = kTileSizePx;
constexpr double kChordPx = 0.5;  // shortest chord drawn after decimation

// Fixed-point world coordinates to zoom pixels: fixed × 2^(zoom − 24). The factor is exact (a
// power of two), so the product equals std::ldexp without its per-call cost.
double px_scale(int zoom) { return std::ldexp(1.0, zoom - 24); }
double to_px(std::uint32_t fixed, double scale) { return static_cast<double>(fixed) * scale; }

// Accumulates time-weighted means while merging segments.
struct MergedSegment {
  double dt = 0;
  double speed_t = 0, speed_sum = 0;
  double hr_t = 0, hr_sum = 0;
  double grade_t = 0, grade_sum = 0;

  void add(const TrackVertex& v) {
    const double t = std::isfinite(v.dt_s) && v.dt_s > 0 ? v.dt_s : 0.0;
    dt += t;
    if (std::isfinite(v.speed_mps)) speed_t += t, speed_sum += t * v.speed_mps;
    if (v.heart_rate_bpm > 0) hr_t += t, hr_sum += t * v.heart_rate_bpm;
    if (std::isfinite(v.grade)) grade_t += t, grade_sum += t * v.grade;
  }
  void write_to(TrackVertex& v) const {
    v.dt_s = static_cast<float>(dt);
    v.speed_mps = speed_t > 0 ? static_cast<float>(speed_sum / speed_t) : kNaNf;
    v.heart_rate_bpm =
        hr_t > 0 ? static_cast<std::uint8_t>(std::clamp(std::lround(hr_sum / hr_t), 1L, 255L)) : 0;
    v.grade = grade_t > 0 ? static_cast<float>(grade_sum / grade_t) : kNaNf;
  }
};

// A run of consecutive segments of one input that touch one tile: segments end at vertices
// [first, last] (segment s goes from vertex s-1 to s).
struct Bucket {
  std::uint64_t tile_key;  // x << 32 | y
  std::uint32_t input;
  std::uint32_t first;
  std::uint32_t last;
};

std::uint64_t key_of(std::uint32_t tx, std::uint32_t ty) {
  return (static_cast<std::uint64_t>(tx) << 32) | ty;
}

void bucket_track(const std::vector<TrackVertex>& v, std::uint32_t input, int zoom,
                  std::vector<Bucket>& out) {
  const double max_tile = std::ldexp(1.0, zoom) - 1;
  const double scale = px_scale(zoom);
  bool open = false;  // out.back() is a run for this input that may be extended
  for (std::uint32_t s = 1; s < v.size(); ++s) {
    if (v[s].run_start) {
      open = false;
      continue;
    }
    const double x0 = to_px(v[s - 1].x, scale), y0 = to_px(v[s - 1].y, scale);
    const double x1 = to_px(v[s].x, scale), y1 = to_px(v[s].y, scale);
    const double m = kFootprintMargin + 1e-6;
    const auto tx0 = static_cast<std::uint32_t>(std::clamp(std::floor((std::min(x0, x1) - m) / kTile), 0.0, max_tile));
    const auto tx1 = static_cast<std::uint32_t>(std::clamp(std::floor((std::max(x0, x1) + m) / kTile), 0.0, max_tile));
    const auto ty0 = static_cast<std::uint32_t>(std::clamp(std::floor((std::min(y0, y1) - m) / kTile), 0.0, max_tile));
    const auto ty1 = static_cast<std::uint32_t>(std::clamp(std::floor((std::max(y0, y1) + m) / kTile), 0.0, max_tile));
    if (tx0 == tx1 && ty0 == ty1) {
      const std::uint64_t key = key_of(tx0, ty0);
      if (open && out.back().tile_key == key && out.back().last + 1 == s) {
        out.back().last = s;
      } else {
        out.push_back({key, input, s, s});
        open = true;
      }
      continue;
    }
    open = false;
    for (std::uint32_t tx = tx0; tx <= tx1; ++tx) {
      for (std::uint32_t ty = ty0; ty <= ty1; ++ty) {
        const PixelWindow w{static_cast<std::int64_t>(tx) * kTile,
                            static_cast<std::int64_t>(ty) * kTile, kTile, kTile};
        if (segment_touches_window(x0, y0, x1, y1, w)) out.push_back({key_of(tx, ty), input, s, s});
      }
    }
  }
}

// Per-thread scratch: a dense tile of sums, the list of touched pixels, the zoom's histograms.
class TileRasterizer {
 public:
  TileRasterizer() : sums_(kTile * kTile) {
    for (auto& h : histograms_) h.assign(65536, 0);
  }

  void draw(const std::vector<TrackVertex>& v, const Bucket& b, const DrawnActivity& activity,
            int zoom, const PixelWindow& window) {
    const double scale = px_scale(zoom);
    for (std::uint32_t s = b.first; s <= b.last; ++s) {
      const TrackVertex& a = v[s - 1];
      const TrackVertex& e = v[s];
      const float dt = e.dt_s;
      if (!(dt > 0)) continue;
      const double x0 = to_px(a.x, scale), y0 = to_px(a.y, scale);
      const double x1 = to_px(e.x, scale), y1 = to_px(e.y, scale);
      // No overflow to guard against here (|coordinates| < 2^33), so no std::hypot.
      const double length = std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
      if (!(length > 0)) continue;
      const float per_px = static_cast<float>(dt / length);
      const float hr = e.heart_rate();
      rasterize_segment(x0, y0, x1, y1, window, [&](int px, int py, float weight) {
        PixelSums& p = sums_[static_cast<std::size_t>(py * kTile + px)];
        if (p.last_activity == 0) touched_.push_back(static_cast<std::uint16_t>(py * kTile + px));
        add_visit(p, activity, weight * per_px, e.speed_mps, hr, e.grade);
      });
    }
  }

  // Turns the touched pixels into codes, counts them, and clears the scratch for the next tile.
  TileCodes finish(const TileId& tile) {
    std::sort(touched_.begin(), touched_.end());
    TileCodes out;
    out.tile = tile;
    out.pixels.reserve(touched_.size());
    out.codes.reserve(touched_.size() * kLayerCount);
    for (const std::uint16_t i : touched_) {
      PixelSums& p = sums_[i];
      std::array<std::uint16_t, kLayerCount> codes;
      encode_pixel(p, codes);
      p = PixelSums{};
      bool any = false;
      for (const std::uint16_t c : codes) any |= c != 0;
      if (!any) continue;
      out.pixels.push_back(i);
      for (std::size_t l = 0; l < kLayerCount; ++l) {
        out.codes.push_back(codes[l]);
        if (codes[l] != 0) ++histograms_[l][codes[l]];
      }
    }
    touched_.clear();
    return out;
  }

  std::array<CodeHistogram, kLayerCount>& histograms() { return histograms_; }

 private:
  std::vector<PixelSums> sums_;
  std::vector<std::uint16_t> touched_;
  std::array<CodeHistogram, kLayerCount> histograms_;
};

// Whether merging is worth a copy at this zoom: a sample of up to 256 evenly spaced segments
// decides (depends only on the track and the zoom, so every tile sees the same geometry).
bool worth_decimating(const std::vector<TrackVertex>& v, int zoom, double min_px) {
  if (v.size() < 3) return false;
  const double scale = px_scale(zoom);
  const std::size_t step = std::max<std::size_t>(1, v.size() / 256);
  std::size_t sampled = 0, short_ones = 0;
  for (std::size_t i = 1; i < v.size(); i += step) {
    if (v[i].run_start) continue;
    const double dx = (static_cast<double>(v[i].x) - v[i - 1].x) * scale;
    const double dy = (static_cast<double>(v[i].y) - v[i - 1].y) * scale;
    ++sampled;
    if (dx * dx + dy * dy < min_px * min_px) ++short_ones;
  }
  return short_ones * 20 > sampled;  // more than 5 % of segments below the chord length
}

}  // namespace

std::vector<TrackVertex> decimate_for_zoom(const std::vector<TrackVertex>& v, int zoom,
                                           double min_px) {
  std::vector<TrackVertex> out;
  out.reserve(v.size() / 4 + 16);
  const double scale = px_scale(zoom);
  MergedSegment pending;
  bool has_pending = false;
  double sx = 0, sy = 0;  // start of the chord being built, in zoom pixels
  const double min_sq = min_px * min_px;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const TrackVertex& cur = v[i];
    const double x = to_px(cur.x, scale), y = to_px(cur.y, scale);
    if (cur.run_start || out.empty()) {
      if (has_pending) {  // close the previous run's last chord at its last vertex
        pending.write_to(out.back());
      }
      out.push_back(cur);
      out.back().run_start = true;
      pending = MergedSegment{};
      has_pending = false;
      sx = x, sy = y;
      continue;
    }
    pending.add(cur);
    const double dx = x - sx, dy = y - sy;
    if (!has_pending) {
      out.push_back(cur);  // provisional chord end, moved along until long enough
      has_pending = true;
    } else {
      out.back().x = cur.x;
      out.back().y = cur.y;
    }
    if (dx * dx + dy * dy >= min_sq) {
      pending.write_to(out.back());
      out.back().run_start = false;
      pending = MergedSegment{};
      has_pending = false;
      sx = x, sy = y;
    }
  }
  if (has_pending) pending.write_to(out.back());
  return out;
}

std::uint16_t histogram_percentile(const CodeHistogram& h, double percentile) {
  std::uint64_t total = 0;
  for (std::size_t i = 1; i < h.size(); ++i) total += h[i];
  if (total == 0) return 0;
  const double target = std::clamp(percentile, 0.0, 100.0) / 100.0 * static_cast<double>(total);
  std::uint64_t seen = 0;
  for (std::size_t i = 1; i < h.size(); ++i) {
    seen += h[i];
    if (static_cast<double>(seen) >= target && h[i] > 0) return static_cast<std::uint16_t>(i);
  }
  for (std::size_t i = h.size() - 1; i > 0; --i) {
    if (h[i] > 0) return static_cast<std::uint16_t>(i);
  }
  return 0;
}

ZoomResult render_zoom(const std::vector<RenderInput>& inputs, int zoom, unsigned jobs) {
  jobs = std::max(1u, jobs);
  ZoomResult result;
  result.zoom = zoom;

  // Decimate (in parallel: independent per track), then bucket.
  // Each input draws either its own vertices or, where they are denser than half a pixel, a
  // decimated copy for this zoom.
  std::vector<std::vector<TrackVertex>> decimated(inputs.size());
  std::vector<const std::vector<TrackVertex>*> drawn(inputs.size());
  std::vector<std::vector<Bucket>> buckets_per_input(inputs.size());
  {
    std::atomic<std::size_t> next{0};
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < jobs; ++t) {
      pool.emplace_back([&] {
        for (std::size_t i = next++; i < inputs.size(); i = next++) {
          const auto& original = inputs[i].track->vertices;
          if (worth_decimating(original, zoom, kChordPx)) {
            decimated[i] = decimate_for_zoom(original, zoom, kChordPx);
            drawn[i] = &decimated[i];
          } else {
            drawn[i] = &original;
          }
          bucket_track(*drawn[i], static_cast<std::uint32_t>(i), zoom, buckets_per_input[i]);
        }
      });
    }
  }
  std::vector<Bucket> buckets;
  for (auto& b : buckets_per_input) {
    buckets.insert(buckets.end(), b.begin(), b.end());
    std::vector<Bucket>().swap(b);
  }
  for (const auto* d : drawn) result.segments += d->empty() ? 0 : d->size() - 1;
  // Tiles in (x, y) order; inside a tile, inputs in order, so an activity's segments are drawn
  // together (the distinct-activity count relies on it) and the output is deterministic.
  std::sort(buckets.begin(), buckets.end(), [](const Bucket& a, const Bucket& b) {
    if (a.tile_key != b.tile_key) return a.tile_key < b.tile_key;
    if (a.input != b.input) return a.input < b.input;
    return a.first < b.first;
  });
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (i == 0 || buckets[i].tile_key != buckets[i - 1].tile_key) starts.push_back(i);
  }
  starts.push_back(buckets.size());
  const std::size_t tile_count = starts.size() - 1;
  result.tiles.resize(tile_count);

  std::vector<TileRasterizer> rasterizers(jobs);
  {
    std::atomic<std::size_t> next{0};
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < jobs; ++t) {
      pool.emplace_back([&, t] {
        TileRasterizer& r = rasterizers[t];
        for (std::size_t k = next++; k < tile_count; k = next++) {
          const std::uint64_t key = buckets[starts[k]].tile_key;
          const TileId tile{zoom, static_cast<std::uint32_t>(key >> 32),
                            static_cast<std::uint32_t>(key & 0xffffffffu)};
          const PixelWindow window{static_cast<std::int64_t>(tile.x) * kTile,
                                   static_cast<std::int64_t>(tile.y) * kTile, kTile, kTile};
          for (std::size_t b = starts[k]; b < starts[k + 1]; ++b) {
            const Bucket& bucket = buckets[b];
            r.draw(*drawn[bucket.input], bucket, inputs[bucket.input].activity, zoom, window);
          }
          result.tiles[k] = r.finish(tile);
        }
      });
    }
  }
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    result.histograms[l].assign(65536, 0);
    for (auto& r : rasterizers) {
      const auto& h = r.histograms()[l];
      for (std::size_t i = 0; i < h.size(); ++i) result.histograms[l][i] += h[i];
    }
  }
  // Tiles whose pixels all came out empty (footprint brushed, weight rounded away) are dropped.
  std::erase_if(result.tiles, [](const TileCodes& t) { return t.pixels.empty(); });
  return result;
}

}  // namespace th
