#include "render/zoom_renderer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "core/parallel.hpp"
#include "render/rasterizer.hpp"

namespace th {

namespace {

constexpr int kTile = kTileSizePx;
constexpr double kChordPx = 0.5;  // shortest chord drawn after decimation

// Fixed-point world coordinates to zoom pixels: fixed × 2^(zoom − 24). The factor is exact (a
// power of two), so the product equals std::ldexp without its per-call cost.
double px_scale(int zoom) {
  return std::ldexp(1.0, zoom - 24);
}
double to_px(std::uint32_t fixed, double scale) {
  return static_cast<double>(fixed) * scale;
}

// Accumulates time-weighted means while merging segments.
struct MergedSegment {
  double dt = 0;
  double speed_t = 0, speed_sum = 0;
  double hr_t = 0, hr_sum = 0;
  double grade_t = 0, grade_sum = 0, abs_sum = 0, hill_t = 0, hill_sum = 0;

  void add(const TrackVertex& v, const GradeMix& g) {
    const double t = std::isfinite(v.dt_s) && v.dt_s > 0 ? v.dt_s : 0.0;
    dt += t;
    if (std::isfinite(v.speed_mps)) speed_t += t, speed_sum += t * v.speed_mps;
    if (v.heart_rate_bpm > 0) hr_t += t, hr_sum += t * v.heart_rate_bpm;
    if (std::isfinite(g.mean)) {
      grade_t += t;
      grade_sum += t * g.mean;
      abs_sum += t * g.abs_mean;
      hill_t += t * g.hill_share;
      hill_sum += t * g.hill_share * g.hill_mean;
    }
  }
  void write_to(TrackVertex& v, GradeMix& g) const {
    v.dt_s = static_cast<float>(dt);
    v.speed_mps = speed_t > 0 ? static_cast<float>(speed_sum / speed_t) : kNaNf;
    v.heart_rate_bpm =
        hr_t > 0 ? static_cast<std::uint8_t>(std::clamp(std::lround(hr_sum / hr_t), 1L, 255L)) : 0;
    g = GradeMix{};
    if (grade_t > 0) {
      g.mean = static_cast<float>(grade_sum / grade_t);
      g.abs_mean = static_cast<float>(abs_sum / grade_t);
      g.hill_share = static_cast<float>(hill_t / dt);  // of all the time: hill time is kept exactly
      g.hill_mean = hill_t > 0 ? static_cast<float>(hill_sum / hill_t) : 0.0f;
    }
    v.grade = g.mean;
  }
};

// A vertex's grades: the merged chord's when there are any, else its own segment's.
GradeMix grade_mix(const std::vector<PackedGradeMix>* grades, const TrackVertex& v, std::size_t i) {
  return grades != nullptr ? (*grades)[i].unpack(v.grade) : GradeMix::of(v.grade);
}

std::uint64_t key_of(int zoom, std::uint32_t tx, std::uint32_t ty) {
  return TileKey{zoom, tx, ty}.packed();
}

// The tiles a bucketing is restricted to (an incremental build's few dirty tiles), tested
// cheaply: a segment far from all of them is rejected on its fixed-point ends alone, before any
// conversion to pixels; the rest are looked up in a bitmap over the tiles' bounding box.
// Bucketing every segment of every activity that crosses a dirty tile was most of an
// incremental build's planning, yet only the segments near those tiles are kept.
class TileFilter {
 public:
  TileFilter(int zoom, const std::vector<std::uint64_t>& keys) : zoom_(zoom), keys_(&keys) {
    if (keys.empty()) return;
    x0_ = y0_ = std::numeric_limits<std::uint32_t>::max();
    for (const std::uint64_t key : keys) {
      const TileKey t = TileKey::unpack(key);
      x0_ = std::min(x0_, t.x), x1_ = std::max(x1_, t.x);
      y0_ = std::min(y0_, t.y), y1_ = std::max(y1_, t.y);
    }
    // The box of fixed-point coordinates within a pixel (more than the kFootprintMargin a
    // segment reaches) of the tiles: fixed = pixel × 2^(24 − zoom).
    const double fixed_per_px = std::ldexp(1.0, 24 - zoom);
    const auto fixed = [&](double px, bool up) {
      const double f = px * fixed_per_px;
      return static_cast<std::int64_t>(up ? std::ceil(f) : std::floor(f));
    };
    min_x_ = fixed(static_cast<double>(x0_) * kTile - 1, false);
    max_x_ = fixed((static_cast<double>(x1_) + 1) * kTile + 1, true);
    min_y_ = fixed(static_cast<double>(y0_) * kTile - 1, false);
    max_y_ = fixed((static_cast<double>(y1_) + 1) * kTile + 1, true);
    width_ = static_cast<std::uint64_t>(x1_ - x0_) + 1;
    const std::uint64_t cells = width_ * (static_cast<std::uint64_t>(y1_ - y0_) + 1);
    if (cells <= kMaxBitmapCells) {
      bits_.assign((cells + 63) / 64, 0);
      for (const std::uint64_t key : keys) {
        const TileKey t = TileKey::unpack(key);
        const std::uint64_t c = cell(t.x, t.y);
        bits_[c / 64] |= std::uint64_t{1} << (c % 64);
      }
    }
  }

  // True when the segment a → b certainly touches none of the tiles.
  bool misses(const TrackVertex& a, const TrackVertex& b) const {
    const auto [lo_x, hi_x] = std::minmax(a.x, b.x);
    const auto [lo_y, hi_y] = std::minmax(a.y, b.y);
    return hi_x < min_x_ || lo_x > max_x_ || hi_y < min_y_ || lo_y > max_y_;
  }

  bool has(std::uint32_t x, std::uint32_t y) const {
    if (x < x0_ || x > x1_ || y < y0_ || y > y1_) return false;
    if (bits_.empty()) return std::binary_search(keys_->begin(), keys_->end(), key_of(zoom_, x, y));
    const std::uint64_t c = cell(x, y);
    return (bits_[c / 64] >> (c % 64)) & 1u;
  }

 private:
  static constexpr std::uint64_t kMaxBitmapCells = std::uint64_t{1} << 24;  // 2 MB of bits

  std::uint64_t cell(std::uint32_t x, std::uint32_t y) const {
    return static_cast<std::uint64_t>(y - y0_) * width_ + (x - x0_);
  }

  int zoom_;
  const std::vector<std::uint64_t>* keys_;
  std::uint32_t x0_ = 1, x1_ = 0, y0_ = 1, y1_ = 0;             // empty: has() is always false
  std::int64_t min_x_ = 1, max_x_ = 0, min_y_ = 1, max_y_ = 0;  // empty: misses() always
  std::uint64_t width_ = 0;
  std::vector<std::uint64_t> bits_;  // bit (y − y0) · width + (x − x0); empty: search keys_
};

// Appends the buckets of track `v` (input `input`): runs of consecutive segments in one tile,
// and a bucket per tile for each segment crossing tiles. With `only`, just those in its tiles.
void bucket_track(const std::vector<TrackVertex>& v, std::uint32_t input, int zoom,
                  const TileFilter* only, std::vector<TileBucket>& out) {
  const double max_tile = std::ldexp(1.0, zoom) - 1;
  const double scale = px_scale(zoom);
  bool open = false;  // out.back() is a run for this input that may be extended
  for (std::uint32_t s = 1; s < v.size(); ++s) {
    if (v[s].run_start || (only != nullptr && only->misses(v[s - 1], v[s]))) {
      open = false;
      continue;
    }
    const double x0 = to_px(v[s - 1].x, scale), y0 = to_px(v[s - 1].y, scale);
    const double x1 = to_px(v[s].x, scale), y1 = to_px(v[s].y, scale);
    const double m = kFootprintMargin + 1e-6;
    const auto tx0 = static_cast<std::uint32_t>(
        std::clamp(std::floor((std::min(x0, x1) - m) / kTile), 0.0, max_tile));
    const auto tx1 = static_cast<std::uint32_t>(
        std::clamp(std::floor((std::max(x0, x1) + m) / kTile), 0.0, max_tile));
    const auto ty0 = static_cast<std::uint32_t>(
        std::clamp(std::floor((std::min(y0, y1) - m) / kTile), 0.0, max_tile));
    const auto ty1 = static_cast<std::uint32_t>(
        std::clamp(std::floor((std::max(y0, y1) + m) / kTile), 0.0, max_tile));
    if (tx0 == tx1 && ty0 == ty1) {
      if (only != nullptr && !only->has(tx0, ty0)) {
        open = false;
        continue;
      }
      const std::uint64_t key = key_of(zoom, tx0, ty0);
      if (open && out.back().tile == key && out.back().last + 1 == s) {
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
        if (only != nullptr && !only->has(tx, ty)) continue;
        const PixelWindow w{static_cast<std::int64_t>(tx) * kTile,
                            static_cast<std::int64_t>(ty) * kTile, kTile, kTile};
        if (segment_touches_window(x0, y0, x1, y1, w))
          out.push_back({key_of(zoom, tx, ty), input, s, s});
      }
    }
  }
}

PixelWindow window_of(const TileKey& tile) {
  return {static_cast<std::int64_t>(tile.x) * kTile, static_cast<std::int64_t>(tile.y) * kTile,
          kTile, kTile};
}

// Appends pixel `at` of `from` (its number and codes) to `out`.
void append_pixel(TileCodes& out, const TileCodes& from, std::size_t at) {
  out.pixels.push_back(from.pixels[at]);
  const auto codes = from.codes.begin() + static_cast<std::ptrdiff_t>(at * kLayerCount);
  out.codes.insert(out.codes.end(), codes, codes + kLayerCount);
}

}  // namespace

// Which versions of a tile an activity belongs to, when a tile is drawn as it is now and as it
// was before a change (render_changed_tiles): both, only now (added) or only before (leaving).
enum class TileVersion : std::uint8_t { Both, Now, Before };

// Per-thread scratch: a dense tile of sums, the list of touched pixels, the zoom's histograms.
//
// Drawing a tile as it was before a change too (track_before): the two versions differ only at
// the pixels an added or a leaving activity reaches. Everywhere else both saw the same visits in
// the same order, so their sums are bit-identical: one tile of sums serves both, and the
// before version is kept apart only for those pixels, copied from the shared sums the moment
// a changed activity first reaches one ("diverged"), and from then on given every visit of
// the activities it has. Drawing it costs one flag test a visit, where drawing the before
// version whole re-drew every activity after the changed one (on the 5,000-activity demo, an
// activity two thirds of the way through the history redrew the last third of busy tiles).
class TileRasterizer {
 public:
  TileRasterizer() : sums_(kTile * kTile) {
    for (auto& h : histograms_) h.assign(65536, 0);
  }

  void draw(const std::vector<TrackVertex>& v, const std::vector<PackedGradeMix>* grades,
            const TileBucket& b, const DrawnActivity& activity, int zoom,
            const PixelWindow& window) {
    const double scale = px_scale(zoom);
    for (std::uint32_t s = b.first; s <= b.last; ++s) {
      draw_segment(v[s - 1], v[s], grade_mix(grades, v[s], s), activity, scale, window, 0, 0);
    }
  }

  // Like draw(), into bands of the tile only: the rows (or, `columns`, the columns) whose number
  // r has (r - sample.phase) mod sample.step < sample.rows; the others stay empty.
  void draw_bands(const std::vector<TrackVertex>& v, const std::vector<PackedGradeMix>* grades,
                  const TileBucket& b, const DrawnActivity& activity, int zoom, const TileKey& tile,
                  const RowSample& sample, bool columns) {
    const int step = sample.step, rows = sample.rows, phase = sample.phase;
    const double scale = px_scale(zoom);
    const std::int64_t left = static_cast<std::int64_t>(tile.x) * kTile;
    const std::int64_t top = static_cast<std::int64_t>(tile.y) * kTile;
    const double origin = static_cast<double>(columns ? left : top);
    for (std::uint32_t s = b.first; s <= b.last; ++s) {
      const double c0 = to_px(columns ? v[s - 1].x : v[s - 1].y, scale) - origin;
      const double c1 = to_px(columns ? v[s].x : v[s].y, scale) - origin;
      // Rows (columns) whose centre lies within 1 px of the segment: the kernel's reach.
      const int lo = static_cast<int>(std::clamp(std::floor(std::min(c0, c1) - 1.5), 0.0, 255.0));
      const int hi = static_cast<int>(std::clamp(std::floor(std::max(c0, c1) + 0.5), 0.0, 255.0));
      const int below = lo - phase;  // the band holding `lo` starts at or before it
      for (int band = phase + (below >= 0 ? below / step : -((-below + step - 1) / step)) * step;
           band <= hi; band += step) {
        const int first = std::max(band, lo), last = std::min(band + rows - 1, hi);
        if (first > last) continue;
        const PixelWindow window = columns
                                       ? PixelWindow{left + first, top, last - first + 1, kTile}
                                       : PixelWindow{left, top + first, kTile, last - first + 1};
        draw_segment(v[s - 1], v[s], grade_mix(grades, v[s], s), activity, scale, window,
                     columns ? 0 : first, columns ? first : 0);
      }
    }
  }

  // Keeps the before version of the tiles drawn from now on (until turned off), counted into
  // before_histograms(); set_version() says which versions each activity drawn belongs to.
  void track_before(bool on) {
    if (on && !before_) before_ = std::make_unique<BeforeVersion>();
    tracking_ = on;
    version_ = TileVersion::Both;
  }
  void set_version(TileVersion v) { version_ = v; }
  const ZoomHistograms& before_histograms() const { return before_->histograms; }

  // The tile's sums as they are, dense; clears the scratch like finish() (for tile_sums()).
  std::vector<PixelSums> take_sums() {
    std::vector<PixelSums> out = sums_;
    for (const std::uint16_t i : touched_) sums_[i] = PixelSums{};
    touched_.clear();
    return out;
  }

  // Turns the touched pixels into codes, counts them, and clears the scratch for the next tile.
  // `hidden` (256 × 256, or empty): pixels dropped for privacy.
  TileCodes finish(const TileKey& tile, const std::vector<bool>& hidden) {
    sort_touched();
    TileCodes out;
    out.tile = tile;
    out.pixels.reserve(touched_.size());
    out.codes.reserve(touched_.size() * kLayerCount);
    for (const std::uint16_t i : touched_) {
      PixelSums& p = sums_[i];
      if (!hidden.empty() && hidden[i]) {
        p = PixelSums{};
        continue;
      }
      std::array<std::uint16_t, kLayerCount> codes;
      encode_pixel(p, codes);
      p = PixelSums{};
      if (!count(codes, histograms_)) continue;
      // Where the before version did not diverge it is this pixel, with these codes.
      if (tracking_ && !before_->diverged[i]) count(codes, before_->histograms);
      out.pixels.push_back(i);
      out.codes.insert(out.codes.end(), codes.begin(), codes.end());
    }
    touched_.clear();
    if (tracking_) finish_before(hidden);
    return out;
  }

  // Drawing a tile over the codes it had (render_changed_tiles with `was`). Only the pixels an
  // activity in one version alone reaches can differ between the versions (see the class
  // comment), so: draw those activities, take_footprint(); draw the activities it has now with
  // draw_near(), which skips segments that reach no 16 × 16 block of the footprint; finish_over()
  // then takes the footprint's pixels from the drawing and every other pixel from the old codes.
  // Exact: a footprint pixel receives every visit it receives in a full drawing, in order.
  void take_footprint() {
    for (const std::uint16_t i : touched_) {
      sums_[i] = PixelSums{};
      if (footprint_[i]) continue;
      footprint_[i] = 1;
      footprint_pixels_.push_back(i);
      footprint_blocks_[i >> 12] =
          static_cast<std::uint16_t>(footprint_blocks_[i >> 12] | (1u << ((i & 0xff) >> 4)));
    }
    touched_.clear();
  }

  void draw_near(const std::vector<TrackVertex>& v, const std::vector<PackedGradeMix>* grades,
                 const TileBucket& b, const DrawnActivity& activity, int zoom,
                 const TileKey& tile) {
    const double scale = px_scale(zoom);
    const double left = static_cast<double>(tile.x) * kTile;
    const double top = static_cast<double>(tile.y) * kTile;
    const PixelWindow window = window_of(tile);
    // The blocks of pixels within the kernel's reach (kFootprintMargin, and a pixel to spare).
    const auto block = [](double px) {
      return static_cast<int>(std::clamp(std::floor(px), 0.0, kTile - 1.0)) >> 4;
    };
    for (std::uint32_t s = b.first; s <= b.last; ++s) {
      const double x0 = to_px(v[s - 1].x, scale) - left, x1 = to_px(v[s].x, scale) - left;
      const double y0 = to_px(v[s - 1].y, scale) - top, y1 = to_px(v[s].y, scale) - top;
      const int c0 = block(std::min(x0, x1) - 1.5), c1 = block(std::max(x0, x1) + 1.5);
      const int r0 = block(std::min(y0, y1) - 1.5), r1 = block(std::max(y0, y1) + 1.5);
      const unsigned columns = ((2u << c1) - 1) & ~((1u << c0) - 1);
      bool near = false;
      for (int r = r0; r <= r1 && !near; ++r) near = (footprint_blocks_[r] & columns) != 0;
      if (near) {
        draw_segment(v[s - 1], v[s], grade_mix(grades, v[s], s), activity, scale, window, 0, 0);
      }
    }
  }

  // The tile with the footprint's pixels as drawn and the others as in `was`; counts its codes,
  // and those of `was` as the before version's. Clears the scratch and the footprint.
  TileCodes finish_over(const TileKey& tile, const std::vector<bool>& hidden,
                        const TileCodes& was) {
    sort_touched();
    TileCodes drawn;
    for (const std::uint16_t i : touched_) {
      PixelSums& p = sums_[i];
      if (footprint_[i] && (hidden.empty() || !hidden[i])) {
        std::array<std::uint16_t, kLayerCount> codes;
        encode_pixel(p, codes);
        if (std::any_of(codes.begin(), codes.end(), [](std::uint16_t c) { return c != 0; })) {
          drawn.pixels.push_back(i);
          drawn.codes.insert(drawn.codes.end(), codes.begin(), codes.end());
        }
      }
      p = PixelSums{};
    }
    touched_.clear();
    TileCodes out;
    out.tile = tile;
    out.pixels.reserve(was.pixels.size() + drawn.pixels.size());
    out.codes.reserve(out.pixels.capacity() * kLayerCount);
    std::size_t j = 0;
    for (std::size_t w = 0; w < was.pixels.size(); ++w) {
      for (; j < drawn.pixels.size() && drawn.pixels[j] < was.pixels[w]; ++j) {
        append_pixel(out, drawn, j);
      }
      if (!footprint_[was.pixels[w]]) append_pixel(out, was, w);
    }
    for (; j < drawn.pixels.size(); ++j) append_pixel(out, drawn, j);
    count_every_pixel(out, histograms_);
    count_every_pixel(was, before_->histograms);
    for (const std::uint16_t i : footprint_pixels_) footprint_[i] = 0;
    footprint_pixels_.clear();
    footprint_blocks_.fill(0);
    return out;
  }

  const ZoomHistograms& histograms() const { return histograms_; }
  void clear_histograms() {
    for (auto& h : histograms_) std::fill(h.begin(), h.end(), 0);
    if (before_) {
      for (auto& h : before_->histograms) std::fill(h.begin(), h.end(), 0);
    }
  }

 private:
  // One segment (from vertex a to e) into `window`, whose first row and column are row
  // `row_offset` and column `column_offset` of the tile being drawn.
  void draw_segment(const TrackVertex& a, const TrackVertex& e, const GradeMix& grade,
                    const DrawnActivity& activity, double scale, const PixelWindow& window,
                    int row_offset, int column_offset) {
    const float dt = e.dt_s;
    if (!(dt > 0)) return;
    const double x0 = to_px(a.x, scale), y0 = to_px(a.y, scale);
    const double x1 = to_px(e.x, scale), y1 = to_px(e.y, scale);
    // No overflow to guard against here (|coordinates| < 2^33), so no std::hypot.
    const double length = std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
    if (!(length > 0)) return;
    const float per_px = static_cast<float>(dt / length);
    const float hr = e.heart_rate();
    rasterize_segment(x0, y0, x1, y1, window, [&](int px, int py, float weight) {
      const auto i = static_cast<std::size_t>((py + row_offset) * kTile + px + column_offset);
      if (tracking_) {
        visit_both(i, activity, weight * per_px, e.speed_mps, hr, grade);
        return;
      }
      PixelSums& p = sums_[i];
      if (p.last_activity == 0) touched_.push_back(static_cast<std::uint16_t>(i));
      add_visit(p, activity, weight * per_px, e.speed_mps, hr, grade);
    });
  }

  // A visit while the before version is kept (see the class comment).
  void visit_both(std::size_t i, const DrawnActivity& activity, float time, float speed, float hr,
                  const GradeMix& grade) {
    BeforeVersion& b = *before_;
    bool diverged = b.diverged[i] != 0;
    if (version_ != TileVersion::Both && !diverged) {
      b.sums[i] = sums_[i];
      b.diverged[i] = 1;
      b.pixels.push_back(static_cast<std::uint16_t>(i));
      diverged = true;
    }
    if (version_ != TileVersion::Before) {
      PixelSums& p = sums_[i];
      if (p.last_activity == 0) touched_.push_back(static_cast<std::uint16_t>(i));
      add_visit(p, activity, time, speed, hr, grade);
    }
    if (diverged && version_ != TileVersion::Now)
      add_visit(b.sums[i], activity, time, speed, hr, grade);
  }

  // Counts a pixel's non-zero codes; false when all are zero (the pixel is left out).
  static bool count(std::span<const std::uint16_t, kLayerCount> codes,
                    std::array<CodeHistogram, kLayerCount>& histograms) {
    bool any = false;
    for (std::size_t l = 0; l < kLayerCount; ++l) {
      if (codes[l] != 0) {
        ++histograms[l][codes[l]];
        any = true;
      }
    }
    return any;
  }

  // Counts the codes of every pixel of a tile.
  static void count_every_pixel(const TileCodes& tile,
                                std::array<CodeHistogram, kLayerCount>& histograms) {
    for (std::size_t p = 0; p < tile.pixels.size(); ++p) {
      count(std::span<const std::uint16_t, kLayerCount>(tile.codes.data() + p * kLayerCount,
                                                        kLayerCount),
            histograms);
    }
  }

  // The before version's own pixels into its histograms; clears them for the next tile.
  void finish_before(const std::vector<bool>& hidden) {
    BeforeVersion& b = *before_;
    for (const std::uint16_t i : b.pixels) {
      if (hidden.empty() || !hidden[i]) {
        std::array<std::uint16_t, kLayerCount> codes;
        encode_pixel(b.sums[i], codes);
        count(codes, b.histograms);
      }
      b.sums[i] = PixelSums{};
      b.diverged[i] = 0;
    }
    b.pixels.clear();
    version_ = TileVersion::Both;
  }

  // Pixel numbers in increasing order. A busy tile touches tens of thousands of pixels, where
  // a comparison sort cost about 6 % of drawing it (perf, live tiles of the 5,000-activity
  // demo): past 12,000 pixels, about where sorting them costs as much as reading the tile's
  // 3.9 MB of sums once, the touched pixels are listed again by one scan of the tile (a touched
  // pixel has last_activity set).
  void sort_touched() {
    if (touched_.size() < 12000) {
      std::sort(touched_.begin(), touched_.end());
      return;
    }
    std::size_t n = 0;
    for (std::size_t i = 0; i < sums_.size(); ++i) {
      if (sums_[i].last_activity != 0) touched_[n++] = static_cast<std::uint16_t>(i);
    }
  }

  // The before version where it differs from the shared sums.
  struct BeforeVersion {
    BeforeVersion() : sums(kTile * kTile), diverged(kTile * kTile, 0) {
      for (auto& h : histograms) h.assign(65536, 0);
    }
    std::vector<PixelSums> sums;         // valid where diverged
    std::vector<std::uint8_t> diverged;  // per pixel
    std::vector<std::uint16_t> pixels;   // the diverged ones
    std::array<CodeHistogram, kLayerCount> histograms;
  };

  std::vector<PixelSums> sums_;
  std::vector<std::uint16_t> touched_;
  std::array<CodeHistogram, kLayerCount> histograms_;
  std::unique_ptr<BeforeVersion> before_;  // made by the first track_before(true)
  bool tracking_ = false;
  TileVersion version_ = TileVersion::Both;
  // take_footprint(): per pixel 1 when in it; its pixels; per row of 16 × 16-pixel blocks, bit
  // c for the block in column c when it holds any.
  std::vector<std::uint8_t> footprint_ = std::vector<std::uint8_t>(kTile * kTile, 0);
  std::vector<std::uint16_t> footprint_pixels_;
  std::array<std::uint16_t, kTile / 16> footprint_blocks_{};
};

namespace {

// Whether merging is worth a copy at a zoom: more than 30 % of a sample of up to 256 evenly
// spaced segments shorter than a chord (depends only on the track and the zoom, so every tile
// sees the same geometry). A copy costs 30 bytes a vertex for as long as the zoom is held
// (every zoom at once in `trackheat serve`); on the 5,000-activity demo, copying only past
// 30 % instead of 5 % keeps 5.4 M fewer vertices (162 MB) and draws at most 5 % more segments
// at any zoom.
//
// A sampled segment is short at a zoom when its squared length in fixed point, L, times
// scale² is below min_px², the scale being a power of two: scaling is exact, so the test is
// the same as L < min_px² / scale². The track's decimation key, the smallest L that makes
// 30 %, then answers for every zoom (worth_decimating). It is computed once per vertex array,
// right after the array is written: sampling it again at each zoom read cold memory, 5 % of
// an incremental build's time.
double decimation_key(const std::vector<TrackVertex>& v) {
  constexpr double kNever = std::numeric_limits<double>::infinity();
  if (v.size() < 3) return kNever;
  const std::size_t step = std::max<std::size_t>(1, v.size() / 256);
  thread_local std::vector<double> lengths;
  lengths.clear();
  for (std::size_t i = 1; i < v.size(); i += step) {
    if (v[i].run_start) continue;
    const double dx = static_cast<double>(v[i].x) - v[i - 1].x;
    const double dy = static_cast<double>(v[i].y) - v[i - 1].y;
    lengths.push_back(dx * dx + dy * dy);
  }
  // More than 30 % short: at least `need` of the sampled segments.
  const std::size_t need = lengths.size() * 3 / 10 + 1;
  if (need > lengths.size()) return kNever;
  const auto nth = lengths.begin() + static_cast<std::ptrdiff_t>(need - 1);
  std::nth_element(lengths.begin(), nth, lengths.end());
  return *nth;  // `need` lengths are at most this: all shorter than any threshold above it
}

bool worth_decimating(double key, int zoom, double min_px) {
  const double scale = px_scale(zoom);
  return key * scale * scale < min_px * min_px;
}

}  // namespace

DecimatedTrack decimate_for_zoom(const std::vector<TrackVertex>& v,
                                 const std::vector<PackedGradeMix>* grades, int zoom,
                                 double min_px) {
  DecimatedTrack d;
  std::vector<TrackVertex>& out = d.vertices;
  out.reserve(v.size() / 4 + 16);
  d.grades.reserve(out.capacity());
  const double scale = px_scale(zoom);
  MergedSegment pending;
  bool has_pending = false;
  double sx = 0, sy = 0;  // start of the chord being built, in zoom pixels
  const double min_sq = min_px * min_px;
  const auto push = [&](const TrackVertex& vertex) {
    out.push_back(vertex);
    d.grades.push_back(PackedGradeMix{});
  };
  const auto close_chord = [&] {
    GradeMix g;
    pending.write_to(out.back(), g);
    d.grades.back() = PackedGradeMix::pack(g);
  };
  for (std::size_t i = 0; i < v.size(); ++i) {
    const TrackVertex& cur = v[i];
    const double x = to_px(cur.x, scale), y = to_px(cur.y, scale);
    if (cur.run_start || out.empty()) {
      if (has_pending) close_chord();  // the previous run's last chord ends at its last vertex
      push(cur);
      out.back().run_start = true;
      pending = MergedSegment{};
      has_pending = false;
      sx = x, sy = y;
      continue;
    }
    pending.add(cur, grade_mix(grades, cur, i));
    const double dx = x - sx, dy = y - sy;
    if (!has_pending) {
      push(cur);  // provisional chord end, moved along until long enough
      has_pending = true;
    } else {
      out.back().x = cur.x;
      out.back().y = cur.y;
    }
    if (dx * dx + dy * dy >= min_sq) {
      close_chord();
      out.back().run_start = false;
      pending = MergedSegment{};
      has_pending = false;
      sx = x, sy = y;
    }
  }
  if (has_pending) close_chord();
  // Kept for the whole build (and by `serve` for every zoom at once): without the slack that
  // growing left, which was up to as much again.
  out.shrink_to_fit();
  d.grades.shrink_to_fit();
  return d;
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

ZoomGeometry::ZoomGeometry(const std::vector<RenderInput>& inputs, int zoom, unsigned jobs,
                           const ZoomGeometry* finer, bool bucket_all,
                           const PrivacySettings* privacy)
    : inputs_(&inputs), zoom_(zoom), privacy_(privacy), drawn_(inputs.size()) {
  if (finer != nullptr && (finer->zoom_ != zoom + 1 || finer->drawn_.size() != inputs.size())) {
    throw std::invalid_argument("ZoomGeometry: the finer geometry must be of zoom + 1");
  }
  // Decimate, in parallel: independent per track.
  keys_.resize(inputs.size());
  parallel_for(inputs.size(), jobs, [&](unsigned, std::size_t i) {
    const std::shared_ptr<const DecimatedTrack> finer_track =
        finer != nullptr ? finer->drawn_[i] : nullptr;
    const Vertices& source = finer_track ? finer_track->vertices : inputs[i].track->vertices;
    const double key = finer != nullptr ? finer->keys_[i] : decimation_key(source);
    if (worth_decimating(key, zoom, kChordPx)) {
      drawn_[i] = std::make_shared<const DecimatedTrack>(
          decimate_for_zoom(source, finer_track ? &finer_track->grades : nullptr, zoom, kChordPx));
      keys_[i] = decimation_key(drawn_[i]->vertices);
    } else {
      drawn_[i] = finer_track;
      keys_[i] = key;
    }
  });
  for (std::size_t i = 0; i < drawn_.size(); ++i) {
    const std::size_t n = vertices(i).size();
    segments_ += n == 0 ? 0 : n - 1;
  }
  if (bucket_all) {
    bucket(nullptr, nullptr, jobs);
  } else {
    tile_starts_.assign(1, 0);
  }
}

void ZoomGeometry::bucket(const std::vector<std::uint32_t>* only_inputs,
                          const std::vector<std::uint64_t>* only_tiles, unsigned jobs) {
  const std::size_t count = only_inputs != nullptr ? only_inputs->size() : drawn_.size();
  std::optional<TileFilter> filter;
  if (only_tiles != nullptr) filter.emplace(zoom_, *only_tiles);
  std::vector<std::vector<TileBucket>> per_input(count);
  parallel_for(count, jobs, [&](unsigned, std::size_t j) {
    const auto i = only_inputs != nullptr ? (*only_inputs)[j] : static_cast<std::uint32_t>(j);
    bucket_track(vertices(i), i, zoom_, filter ? &*filter : nullptr, per_input[j]);
  });
  std::size_t total = 0;
  for (const auto& b : per_input) total += b.size();
  buckets_.clear();
  buckets_.reserve(total);
  for (auto& b : per_input) {
    buckets_.insert(buckets_.end(), b.begin(), b.end());
    std::vector<TileBucket>().swap(b);
  }
  // Tiles in (x, y) order; inside a tile, inputs in order, so an activity's segments are drawn
  // together (the distinct-activity count relies on it) and the output is deterministic.
  std::sort(buckets_.begin(), buckets_.end(), [](const TileBucket& a, const TileBucket& b) {
    if (a.tile != b.tile) return a.tile < b.tile;
    if (a.input != b.input) return a.input < b.input;
    return a.first < b.first;
  });
  tile_starts_.clear();
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    if (i == 0 || buckets_[i].tile != buckets_[i - 1].tile) tile_starts_.push_back(i);
  }
  tile_starts_.push_back(buckets_.size());
}

std::vector<std::uint64_t> ZoomGeometry::tiles_touched_by(
    const std::vector<std::uint32_t>& inputs) const {
  std::vector<TileBucket> buckets;
  for (const std::uint32_t i : inputs) bucket_track(vertices(i), i, zoom_, nullptr, buckets);
  std::vector<std::uint64_t> keys;
  keys.reserve(buckets.size());
  for (const TileBucket& b : buckets) keys.push_back(b.tile);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::vector<bool> ZoomGeometry::hidden_pixels_of(const TileKey& tile) const {
  if (privacy_ == nullptr || privacy_->zones.empty()) return {};
  return hidden_pixels(*privacy_, tile);
}

TileKey ZoomGeometry::tile(std::size_t k) const {
  return TileKey::unpack(buckets_[tile_starts_[k]].tile);
}

std::optional<std::size_t> ZoomGeometry::find_tile(std::uint32_t x, std::uint32_t y) const {
  const std::uint64_t key = key_of(zoom_, x, y);
  std::size_t lo = 0, hi = tile_count();  // tiles are sorted by key
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (buckets_[tile_starts_[mid]].tile < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < tile_count() && buckets_[tile_starts_[lo]].tile == key) return lo;
  return std::nullopt;
}

std::uint64_t ZoomGeometry::tile_segments(std::size_t k, const std::vector<bool>* keep) const {
  std::uint64_t n = 0;
  for (const TileBucket& b : tile_buckets(k)) {
    if (keep == nullptr || (*keep)[b.input]) n += b.last - b.first + 1;
  }
  return n;
}

std::vector<std::uint32_t> ZoomGeometry::tile_inputs(std::size_t k) const {
  std::vector<std::uint32_t> out;
  for (std::size_t b = tile_starts_[k]; b < tile_starts_[k + 1]; ++b) {
    if (out.empty() || out.back() != buckets_[b].input) out.push_back(buckets_[b].input);
  }
  return out;
}

ZoomHistograms empty_histograms() {
  ZoomHistograms h;
  for (auto& layer : h) layer.assign(65536, 0);
  return h;
}

namespace {

unsigned threads_for(unsigned jobs, std::size_t tiles) {
  return std::max(1u,
                  std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, tiles))));
}

// Rasterisers are about 10 MB each (a tile of sums, the zoom's code histograms): zoom after zoom
// takes them from here rather than having the kernel clear fresh pages for each one.
using Rasterizers = std::vector<std::unique_ptr<TileRasterizer>>;

class RasterizerPool {
 public:
  Rasterizers take(std::size_t n) {
    Rasterizers out;
    {
      const std::lock_guard lock(mutex_);
      while (out.size() < n && !free_.empty()) {
        out.push_back(std::move(free_.back()));
        free_.pop_back();
      }
    }
    while (out.size() < n) out.push_back(std::make_unique<TileRasterizer>());
    return out;
  }
  // Precondition: every tile finished. Clears the histograms before keeping them.
  void give(Rasterizers& rasterizers) {
    for (auto& r : rasterizers) r->clear_histograms();
    const std::lock_guard lock(mutex_);
    for (auto& r : rasterizers) free_.push_back(std::move(r));
    rasterizers.clear();
  }

 private:
  std::mutex mutex_;
  Rasterizers free_;
};

RasterizerPool& rasterizer_pool() {
  static RasterizerPool pool;
  return pool;
}

void add_histograms(ZoomHistograms& into, const Rasterizers& rasterizers, bool before = false) {
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    for (const auto& r : rasterizers) {
      const auto& h = (before ? r->before_histograms() : r->histograms())[l];
      for (std::size_t c = 0; c < h.size(); ++c) into[l][c] += h[c];
    }
  }
}

// One tile from its two halves (RowSample{kTile, kTile / 2, 0 or kTile / 2}), merged by pixel
// number: the halves are columns in some tiles, so their pixels interleave.
TileCodes merge_halves(const TileCodes& first, const TileCodes& second) {
  TileCodes out;
  out.tile = first.tile;
  out.pixels.reserve(first.pixels.size() + second.pixels.size());
  out.codes.reserve(first.codes.size() + second.codes.size());
  std::size_t i = 0, j = 0;
  while (i < first.pixels.size() || j < second.pixels.size()) {
    if (j == second.pixels.size() ||
        (i < first.pixels.size() && first.pixels[i] < second.pixels[j])) {
      append_pixel(out, first, i++);
    } else {
      append_pixel(out, second, j++);
    }
  }
  return out;
}

// Half h (0 or 1) of a tile: rows, or in tiles with x + y odd columns (RowSample).
RowSample tile_half(int half) {
  return RowSample{kTile, kTile / 2, half * kTile / 2};
}
bool halves_are_columns(const TileKey& tile) {
  return (tile.x + tile.y) % 2 == 1;
}

// A piece of work for the tile renderers: a whole tile, or one half of a busy one.
struct TilePart {
  std::size_t i;  // index into the tiles asked for
  int half;       // 0 or 1; -1: the whole tile
};

// The parts to draw tiles `which` in, the busiest first: with more than one thread, a tile of
// kSplitTileSegments or more (of the inputs `keep` allows) is drawn as two halves on two threads,
// since one town-centre tile at a middle zoom can hold most of the zoom's segments and would
// leave the other cores idle. The halves of a tile are adjacent. Tiles i with (*whole)[i] set
// are never split.
std::vector<TilePart> tile_parts(const ZoomGeometry& g, const std::vector<std::size_t>& which,
                                 unsigned jobs, const std::vector<bool>* keep,
                                 const std::vector<const TileCodes*>* whole = nullptr) {
  std::vector<std::pair<std::uint64_t, std::size_t>> by_cost(which.size());
  for (std::size_t i = 0; i < which.size(); ++i) by_cost[i] = {g.tile_segments(which[i], keep), i};
  std::stable_sort(by_cost.begin(), by_cost.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<TilePart> parts;
  parts.reserve(which.size());
  for (const auto& [segments, i] : by_cost) {
    if (jobs > 1 && segments >= kSplitTileSegments && (whole == nullptr || !(*whole)[i])) {
      parts.push_back({i, 0});
      parts.push_back({i, 1});
    } else {
      parts.push_back({i, -1});
    }
  }
  return parts;
}

// Draws a bucket of `tile` into `r`: all of it, or the rows (columns) of half `half`.
void draw_part(TileRasterizer& r, const ZoomGeometry& g, const TileBucket& bucket,
               const TileKey& tile, const PixelWindow& window, int half) {
  const auto& v = g.drawn_vertices(bucket.input);
  const DrawnActivity& activity = g.inputs()[bucket.input].activity;
  if (half < 0) {
    r.draw(v, g.drawn_grades(bucket.input), bucket, activity, g.zoom(), window);
  } else {
    r.draw_bands(v, g.drawn_grades(bucket.input), bucket, activity, g.zoom(), tile, tile_half(half),
                 halves_are_columns(tile));
  }
}

// Hands each tile's codes on once all of it is drawn: a whole tile at once, a split tile when
// its second half is, merged on the thread that drew that half.
class PartJoin {
 public:
  PartJoin(const std::vector<TilePart>& parts, std::size_t tiles)
      : parts_(parts), halves_(parts.size()), halves_done_(tiles) {}

  void deliver(std::size_t p, TileCodes&& codes, const TileSink& sink) {
    const std::size_t i = parts_[p].i;
    if (parts_[p].half < 0) {
      sink(i, std::move(codes));
      return;
    }
    halves_[p] = std::move(codes);
    if (halves_done_[i].fetch_add(1, std::memory_order_acq_rel) == 1) {
      const std::size_t first = parts_[p].half == 0 ? p : p - 1;  // the halves are adjacent
      sink(i, merge_halves(halves_[first], halves_[first + 1]));
      halves_[first] = {};
      halves_[first + 1] = {};
    }
  }

 private:
  const std::vector<TilePart>& parts_;
  std::vector<TileCodes> halves_;  // the first half of a split tile waits here for the second
  std::vector<std::atomic<int>> halves_done_;
};

}  // namespace

std::vector<TileCodes> render_tiles(const ZoomGeometry& g, const std::vector<std::size_t>& which,
                                    unsigned jobs, ZoomHistograms& histograms,
                                    const std::vector<bool>* keep) {
  std::vector<TileCodes> out(which.size());
  render_tiles_to(g, which, jobs, histograms, keep,
                  [&out](std::size_t i, TileCodes&& codes) { out[i] = std::move(codes); });
  return out;
}

void render_tiles_to(const ZoomGeometry& g, const std::vector<std::size_t>& which, unsigned jobs,
                     ZoomHistograms& histograms, const std::vector<bool>* keep,
                     const TileSink& sink) {
  const std::vector<TilePart> parts = tile_parts(g, which, jobs, keep);
  jobs = threads_for(jobs, parts.size());
  PartJoin join(parts, which.size());
  Rasterizers rasterizers = rasterizer_pool().take(jobs);
  parallel_for(parts.size(), jobs, [&](unsigned t, std::size_t p) {
    TileRasterizer& r = *rasterizers[t];
    const std::size_t k = which[parts[p].i];
    const TileKey tile = g.tile(k);
    const PixelWindow window = window_of(tile);
    for (std::size_t b = g.tile_starts_[k]; b < g.tile_starts_[k + 1]; ++b) {
      const TileBucket& bucket = g.buckets_[b];
      if (keep != nullptr && !(*keep)[bucket.input]) continue;
      draw_part(r, g, bucket, tile, window, parts[p].half);
    }
    join.deliver(p, r.finish(tile, g.hidden_pixels_of(tile)), sink);
  });
  add_histograms(histograms, rasterizers);
  rasterizer_pool().give(rasterizers);
}

namespace {

// Walks an ascending list of inputs alongside a tile's buckets (also ascending by input).
class InputWalk {
 public:
  explicit InputWalk(const std::vector<std::uint32_t>& list) : list_(list) {}
  bool has(std::uint32_t input) {
    while (next_ < list_.size() && list_[next_] < input) ++next_;
    return next_ < list_.size() && list_[next_] == input;
  }

 private:
  const std::vector<std::uint32_t>& list_;
  std::size_t next_ = 0;
};

// Tile k over the codes it had with `before` (TileRasterizer::take_footprint explains how).
TileCodes redraw_over(TileRasterizer& r, const ZoomGeometry& g, std::size_t k,
                      const std::vector<std::uint32_t>& before,
                      const std::vector<std::uint32_t>& after, const TileCodes& was) {
  const TileKey tile = g.tile(k);
  const PixelWindow window = window_of(tile);
  r.track_before(false);  // the before version is `was`
  InputWalk was_in(before), is_in(after);
  for (const TileBucket& bucket : g.tile_buckets(k)) {
    if (was_in.has(bucket.input) != is_in.has(bucket.input))
      draw_part(r, g, bucket, tile, window, -1);
  }
  r.take_footprint();
  InputWalk now_in(after);
  for (const TileBucket& bucket : g.tile_buckets(k)) {
    if (!now_in.has(bucket.input)) continue;
    r.draw_near(g.drawn_vertices(bucket.input), g.drawn_grades(bucket.input), bucket,
                g.inputs()[bucket.input].activity, g.zoom(), tile);
  }
  TileCodes out = r.finish_over(tile, g.hidden_pixels_of(tile), was);
  r.track_before(true);
  return out;
}

}  // namespace

std::vector<TileCodes> render_changed_tiles(const ZoomGeometry& g,
                                            const std::vector<std::size_t>& which,
                                            const std::vector<std::vector<std::uint32_t>>& before,
                                            const std::vector<std::vector<std::uint32_t>>& after,
                                            unsigned jobs, ZoomHistograms& now_histograms,
                                            ZoomHistograms& before_histograms,
                                            const std::vector<const TileCodes*>& was) {
  if (before.size() != which.size() || after.size() != which.size() ||
      (!was.empty() && was.size() != which.size())) {
    throw std::invalid_argument(
        "render_changed_tiles: `before`, `after` (and `was`, when given) must be per tile");
  }
  const std::vector<TilePart> parts =
      tile_parts(g, which, jobs, nullptr, was.empty() ? nullptr : &was);
  jobs = threads_for(jobs, parts.size());
  std::vector<TileCodes> out(which.size());
  const TileSink into_out = [&out](std::size_t i, TileCodes&& codes) { out[i] = std::move(codes); };
  PartJoin join(parts, which.size());
  Rasterizers rasterizers = rasterizer_pool().take(jobs);
  for (auto& r : rasterizers) r->track_before(true);
  parallel_for(parts.size(), jobs, [&](unsigned t, std::size_t p) {
    TileRasterizer& r = *rasterizers[t];
    const std::size_t i = parts[p].i;
    const std::size_t k = which[i];
    const TileKey tile = g.tile(k);
    if (!was.empty() && was[i] != nullptr) {
      join.deliver(p, redraw_over(r, g, k, before[i], after[i], *was[i]), into_out);
      return;
    }
    const PixelWindow window = window_of(tile);
    InputWalk was_in(before[i]), is_in(after[i]);
    for (const TileBucket& bucket : g.tile_buckets(k)) {
      const bool in_before = was_in.has(bucket.input);
      const bool in_after = is_in.has(bucket.input);
      if (!in_before && !in_after) continue;
      r.set_version(in_before == in_after ? TileVersion::Both
                    : in_after            ? TileVersion::Now
                                          : TileVersion::Before);
      draw_part(r, g, bucket, tile, window, parts[p].half);
    }
    join.deliver(p, r.finish(tile, g.hidden_pixels_of(tile)), into_out);
  });
  add_histograms(now_histograms, rasterizers);
  add_histograms(before_histograms, rasterizers, true);
  for (auto& r : rasterizers) r->track_before(false);
  rasterizer_pool().give(rasterizers);
  return out;
}

TileRenderer::TileRenderer() : rasterizer_(std::make_unique<TileRasterizer>()) {}
TileRenderer::~TileRenderer() = default;

TileCodes render_tile(const ZoomGeometry& g, std::size_t k, const std::vector<bool>* keep,
                      TileRenderer& scratch, const RowSample& sample) {
  TileRasterizer& r = *scratch.rasterizer_;
  const TileKey tile = g.tile(k);
  const PixelWindow window = window_of(tile);
  const bool all_rows = sample.rows >= sample.step;
  for (const TileBucket& bucket : g.tile_buckets(k)) {
    if (keep != nullptr && !(*keep)[bucket.input]) continue;
    if (all_rows) {
      r.draw(g.drawn_vertices(bucket.input), g.drawn_grades(bucket.input), bucket,
             g.inputs()[bucket.input].activity, g.zoom(), window);
    } else {
      // Rows in half of the tiles, columns in the other half (a checkerboard): a road that runs
      // along a sampled row counts in some tiles and not in others, whichever way it runs.
      r.draw_bands(g.drawn_vertices(bucket.input), g.drawn_grades(bucket.input), bucket,
                   g.inputs()[bucket.input].activity, g.zoom(), tile, sample,
                   halves_are_columns(tile));
    }
  }
  return r.finish(tile, g.hidden_pixels_of(tile));
}

TileCodes render_tile_split(const ZoomGeometry& g, std::size_t k, const std::vector<bool>* keep,
                            TileRenderer& first, TileRenderer& second) {
  TileCodes halves[2];
  TileRenderer* scratch[2] = {&first, &second};
  parallel_for(2, 2, [&](unsigned, std::size_t half) {
    halves[half] = render_tile(g, k, keep, *scratch[half], tile_half(static_cast<int>(half)));
  });
  return merge_halves(halves[0], halves[1]);
}

std::vector<PixelSums> tile_sums(const ZoomGeometry& g, std::size_t k) {
  TileRasterizer r;
  const PixelWindow window = window_of(g.tile(k));
  for (std::size_t b = g.tile_starts_[k]; b < g.tile_starts_[k + 1]; ++b) {
    const TileBucket& bucket = g.buckets_[b];
    r.draw(g.vertices(bucket.input), g.grades(bucket.input), bucket,
           (*g.inputs_)[bucket.input].activity, g.zoom_, window);
  }
  return r.take_sums();
}

ZoomResult render_zoom(const std::vector<RenderInput>& inputs, int zoom, unsigned jobs) {
  const ZoomGeometry geometry(inputs, zoom, jobs);
  ZoomResult result;
  result.zoom = zoom;
  result.segments = geometry.segments();
  result.histograms = empty_histograms();
  std::vector<std::size_t> all(geometry.tile_count());
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  result.tiles = render_tiles(geometry, all, jobs, result.histograms);
  // Tiles whose pixels all came out empty (footprint brushed, weight rounded away) are dropped.
  std::erase_if(result.tiles, [](const TileCodes& t) { return t.pixels.empty(); });
  return result;
}

}  // namespace th
