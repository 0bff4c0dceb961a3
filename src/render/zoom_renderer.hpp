#pragma once
// Renders one zoom level of every layer at once into compact per-tile codes, and the zoom's
// histograms for normalisation.
//
//   tracks (prepared once) ─► ZoomGeometry: decimate for this zoom (chords of at least half a
//   pixel, so a world-view tile does not rasterise millions of sub-pixel segments; from the
//   next finer zoom's geometry when there is one) ─► bucket segments by tile (conservative
//   footprint test) ─► render_tiles, in parallel: rasterise into PixelSums, turn non-empty
//   pixels into one 16-bit code per layer, count codes per layer
//
// Deterministic: tiles are produced in (x, y) order and every tile draws its activities in
// input order, whatever the number of threads.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "render/layers.hpp"
#include "render/pixel_sums.hpp"
#include "render/privacy.hpp"
#include "render/projection.hpp"
#include "render/track_prep.hpp"

namespace th {

struct RenderInput {
  const PreparedTrack* track = nullptr;
  DrawnActivity activity;
};

// One tile's non-empty pixels: `pixels` holds y * 256 + x in increasing order, `codes` holds
// kLayerCount codes per pixel (pixel-major); code 0 = nothing for that layer.
struct TileCodes {
  TileKey tile;
  std::vector<std::uint16_t> pixels;
  std::vector<std::uint16_t> codes;
};

using CodeHistogram = std::vector<std::uint64_t>;  // 65536 bins, bin 0 unused
using ZoomHistograms = std::array<CodeHistogram, kLayerCount>;

struct ZoomResult {
  int zoom = 0;
  std::vector<TileCodes> tiles;  // sorted by (x, y)
  ZoomHistograms histograms;     // per layer, over the zoom's pixels
  std::uint64_t segments = 0;    // drawn after decimation
};

// A track decimated for a zoom: its vertices and, per vertex, the grades of the chord that ends
// there (PackedGradeMix; the mean is the vertex's grade: grades[i].unpack(vertices[i].grade)).
struct DecimatedTrack {
  std::vector<TrackVertex> vertices;
  std::vector<PackedGradeMix> grades;
};

// Chords of at least `min_px` pixels at `zoom`: consecutive segments of a run are merged
// (durations summed, speed / heart rate / grade time-weighted) until the chord is long enough.
// Run breaks are kept. Deterministic and independent of tiles, so tile borders stay seamless.
// What the layers sum is kept: time, the time on grades above kHillGrade and grade·time there
// exactly; speed, heart rate, grade and |grade| as means over the time they were known (a
// merged climb and descent average to a flat chord, yet the climb's hill time and steepness
// stay). `grades`: those of `vertices` when
// they were decimated already (the next finer zoom's), else null (each vertex's own grade).
DecimatedTrack decimate_for_zoom(const std::vector<TrackVertex>& vertices,
                                 const std::vector<PackedGradeMix>* grades, int zoom,
                                 double min_px = 0.5);

// A run of consecutive segments of one input that touch one tile: segments end at vertices
// [first, last] of the input's drawn vertices (segment s goes from vertex s-1 to s).
struct TileBucket {
  std::uint64_t tile;  // TileKey::packed() of the tile (one zoom: orders by x, then y)
  std::uint32_t input;
  std::uint32_t first;
  std::uint32_t last;
};

// Takes tile which[i]'s codes (the first argument is i), on the thread that drew them.
using TileSink = std::function<void(std::size_t, TileCodes&&)>;

// One zoom's drawable geometry: every input's vertices as drawn at this zoom (its own, or a
// decimated copy where they are denser than half a pixel) and its segments bucketed by tile.
//
// Built from the next finer zoom's geometry when one is given (`finer`, same inputs, zoom + 1):
// decimating an already decimated track is far cheaper than decimating the original again, and
// a world-view zoom then costs next to nothing. The result depends only on the tracks, this
// zoom and the chain of zooms above it, never on tiles or threads: incremental builds rely on a
// tile's pixels being a function of which activities cross it (see pipeline/zoom_update.hpp).
// `inputs` (and the tracks they point to) must outlive the geometry; `finer` need not.
//
// Bucketing every segment of every track is most of a geometry's cost at high zooms, and an
// incremental build needs only a few tiles: with `bucket_all` false the geometry is decimated
// but has no tiles until bucket() is called for the inputs and tiles wanted.
class ZoomGeometry {
 public:
  // `privacy` (may be null; must outlive this) masks the pixels wholly inside a hidden circle
  // (render/privacy.hpp: hidden_pixels) in every tile this geometry renders.
  ZoomGeometry(const std::vector<RenderInput>& inputs, int zoom, unsigned jobs,
               const ZoomGeometry* finer = nullptr, bool bucket_all = true,
               const PrivacySettings* privacy = nullptr);

  // (Re)builds the tiles from the segments of `only_inputs` (ascending; nullptr: all inputs)
  // that touch `only_tiles` (sorted, TileKey::packed() of this zoom's tiles; nullptr: any tile).
  void bucket(const std::vector<std::uint32_t>* only_inputs,
              const std::vector<std::uint64_t>* only_tiles, unsigned jobs);
  // The tiles (TileKey::packed(), sorted, unique) that segments of `inputs` touch.
  std::vector<std::uint64_t> tiles_touched_by(const std::vector<std::uint32_t>& inputs) const;

  int zoom() const { return zoom_; }
  std::size_t tile_count() const { return tile_starts_.size() - 1; }
  TileKey tile(std::size_t k) const;
  // The number of the tile (x, y), when anything is bucketed there.
  std::optional<std::size_t> find_tile(std::uint32_t x, std::uint32_t y) const;
  // The distinct inputs drawn in tile k, ascending.
  std::vector<std::uint32_t> tile_inputs(std::size_t k) const;
  // Tile k's buckets, by (input, first vertex).
  std::span<const TileBucket> tile_buckets(std::size_t k) const {
    return {buckets_.data() + tile_starts_[k], tile_starts_[k + 1] - tile_starts_[k]};
  }
  // Segments of tile k whose input `keep` allows (keep[input]; nullptr: all inputs).
  std::uint64_t tile_segments(std::size_t k, const std::vector<bool>* keep) const;
  std::uint64_t segments() const { return segments_; }
  const std::vector<RenderInput>& inputs() const { return *inputs_; }
  // Input i's vertices and chord grades as drawn at this zoom (grades null: each vertex's own
  // grade, GradeMix::of).
  const std::vector<TrackVertex>& drawn_vertices(std::size_t i) const { return vertices(i); }
  const std::vector<PackedGradeMix>* drawn_grades(std::size_t i) const { return grades(i); }
  // The pixels of `tile` left empty for privacy (256 × 256, y * 256 + x; empty: none).
  std::vector<bool> hidden_pixels_of(const TileKey& tile) const;

 private:
  friend std::vector<PixelSums> tile_sums(const ZoomGeometry&, std::size_t);
  friend void render_tiles_to(const ZoomGeometry&, const std::vector<std::size_t>&, unsigned,
                              ZoomHistograms&, const std::vector<bool>*, const TileSink&);
  friend std::vector<TileCodes> render_changed_tiles(const ZoomGeometry&,
                                                     const std::vector<std::size_t>&,
                                                     const std::vector<std::vector<std::uint32_t>>&,
                                                     const std::vector<std::vector<std::uint32_t>>&,
                                                     unsigned, ZoomHistograms&, ZoomHistograms&,
                                                     const std::vector<const TileCodes*>&);
  using Vertices = std::vector<TrackVertex>;

  // Input i's vertices as drawn here, and its chords' grades (null: each vertex's own).
  const Vertices& vertices(std::size_t i) const {
    return drawn_[i] ? drawn_[i]->vertices : (*inputs_)[i].track->vertices;
  }
  const std::vector<PackedGradeMix>* grades(std::size_t i) const {
    return drawn_[i] ? &drawn_[i]->grades : nullptr;
  }

  const std::vector<RenderInput>* inputs_;
  int zoom_;
  const PrivacySettings* privacy_;
  // Per input: its decimated copy (shared with coarser zooms that need not decimate further),
  // or null where it is drawn as prepared.
  std::vector<std::shared_ptr<const DecimatedTrack>> drawn_;
  std::vector<double> keys_;              // per input: decimation_key() of its vertices here
  std::vector<TileBucket> buckets_;       // sorted by (tile, input, first)
  std::vector<std::size_t> tile_starts_;  // tile k's buckets: [starts[k], starts[k + 1])
  std::uint64_t segments_ = 0;
};

// Renders tiles of a geometry on `jobs` threads. `which` lists tile numbers (indices of
// geometry.tile()); the result holds their codes in the same order, including tiles whose
// pixels all came out empty (`pixels` empty). Their codes are counted into `histograms` (which
// must hold 65536 bins per layer). With `keep`, only inputs i with (*keep)[i] are drawn.
std::vector<TileCodes> render_tiles(const ZoomGeometry& geometry,
                                    const std::vector<std::size_t>& which, unsigned jobs,
                                    ZoomHistograms& histograms,
                                    const std::vector<bool>* keep = nullptr);

// render_tiles() handing each tile's codes to `sink` as soon as it is drawn (a split tile once
// both halves are) instead of returning them all: a caller that keeps a zoom's tiles can keep
// them in another form (render/packed_codes.hpp). `sink` runs on the drawing threads, for
// different tiles at once.
void render_tiles_to(const ZoomGeometry& geometry, const std::vector<std::size_t>& which,
                     unsigned jobs, ZoomHistograms& histograms, const std::vector<bool>* keep,
                     const TileSink& sink);

// A tile with this many segments or more is drawn in two halves on two threads where a caller
// has threads to spare (render_tiles, render_changed_tiles, the live map's render_tile_split): a
// few milliseconds of drawing, well above the cost of starting a thread (tens of microseconds).
inline constexpr std::uint64_t kSplitTileSegments = 50'000;

// For tiles whose activities changed since the last build: `before[i]` lists the inputs tile
// which[i] had then and `after[i]` those it has now (both ascending subsets of tile_inputs).
// Returns the tiles' codes drawn with `after[i]`, counted into `now_histograms`, and counts
// into `before_histograms` the codes the tiles had with only `before[i]` — exactly those the
// last build counted. Each activity is rasterised once: the two versions are kept apart only
// at the pixels an activity in one list alone reaches (TileRasterizer::track_before).
//
// `was` (empty, or per tile; null where not known): the codes tile which[i] had with before[i],
// as the last build drew them. Only the pixels an activity in one list alone reaches can
// change, so such a tile is drawn there only, from the segments that come near them; its other
// pixels keep their codes. A town-centre tile holding most of a zoom's segments then costs a
// small part of drawing it, for the same codes and histograms.
std::vector<TileCodes> render_changed_tiles(const ZoomGeometry& geometry,
                                            const std::vector<std::size_t>& which,
                                            const std::vector<std::vector<std::uint32_t>>& before,
                                            const std::vector<std::vector<std::uint32_t>>& after,
                                            unsigned jobs, ZoomHistograms& now_histograms,
                                            ZoomHistograms& before_histograms,
                                            const std::vector<const TileCodes*>& was = {});

class TileRasterizer;

// Which rows of a tile to draw: those whose number r (0..255) has (r - phase) mod step < rows —
// in tiles with x + y odd the columns instead, so that roads along either axis are sampled
// alike. Every row by default; a sample gives a systematic sample of the tile's pixels, each
// drawn exactly; {256, 128, 0} and {256, 128, 128} are the two halves of a tile.
struct RowSample {
  int step = 1;   // >= 1
  int rows = 1;   // >= 1
  int phase = 0;  // 0..step-1: the rows drawn are those with (r - phase) mod step < rows
};

// One thread's scratch for render_tile(): a tile of PixelSums (about 10 MB with its code
// histograms). Reused from tile to tile; not thread-safe.
class TileRenderer {
 public:
  TileRenderer();
  ~TileRenderer();
  TileRenderer(const TileRenderer&) = delete;
  TileRenderer& operator=(const TileRenderer&) = delete;

 private:
  friend TileCodes render_tile(const ZoomGeometry&, std::size_t, const std::vector<bool>*,
                               TileRenderer&, const RowSample&);
  std::unique_ptr<TileRasterizer> rasterizer_;
};

// Tile k of a geometry drawn with only the inputs `keep` allows (keep[input]; nullptr: all),
// on the calling thread: the same pixels render_tiles() gives a geometry of only those inputs
// (same input order, same privacy mask), in the rows `sample` chooses. `pixels` is empty when
// nothing of them is drawn there.
TileCodes render_tile(const ZoomGeometry& geometry, std::size_t k, const std::vector<bool>* keep,
                      TileRenderer& scratch, const RowSample& sample = {});

// render_tile() on two threads (the calling one and one started for the call), each drawing
// half of the tile's rows (columns in tiles with x + y odd) into its own scratch: the same
// codes, in about half the time for a busy tile when a core is free.
TileCodes render_tile_split(const ZoomGeometry& geometry, std::size_t k,
                            const std::vector<bool>* keep, TileRenderer& first,
                            TileRenderer& second);

// The sums of every pixel of tile k (256 × 256, y * 256 + x), before they become codes: for
// tests and tools that check what the zoom chain conserves.
std::vector<PixelSums> tile_sums(const ZoomGeometry& geometry, std::size_t k);

// Histograms of 65536 zero bins per layer.
ZoomHistograms empty_histograms();

// Every tile of one zoom (tiles that came out empty dropped). Same as a ZoomGeometry without a
// finer zoom, rendered in full.
ZoomResult render_zoom(const std::vector<RenderInput>& inputs, int zoom, unsigned jobs);

// The percentile (0..100) of a code histogram, as a code; 0 when the histogram is empty.
std::uint16_t histogram_percentile(const CodeHistogram& histogram, double percentile);

}  // namespace th
