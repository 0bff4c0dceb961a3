#pragma once
// What one zoom of the last build drew, kept under <cache>/render/ so that the next build
// redraws only the tiles whose activities changed (pipeline/zoom_update.hpp).
//
// A tile's pixels are a function of the activities drawn in it (their tracks, dates and order)
// and of the zoom's geometry chain (render/zoom_renderer.hpp). So the cache records, per tile,
// which activities it drew — as slots into the build's table of activity keys — and the zoom's
// code histograms, from which the scales follow. Pixels themselves are not kept: at z17 they
// would be a gigabyte, and the live PNGs already are the pixels of every unchanged tile.
//
// File <cache>/render/z<zoom>.bin, little-endian:
//   "THZCACHE", u32 format version
//   u32 renderer (the renderer version that drew the tiles), u32 zoom, u32 chain_top (the
//   build's max zoom: where the geometry chain starts),
//   f64 render_now (the month the time layers were rendered for), u32 n + n bytes: the
//   fingerprint of the site this zoom was published in (manifest.json "fingerprint")
//   u32 key count, u64 × count: activity keys, in the build's input order
//   u32 tile count, per tile in (x, y) order: u32 x, u32 y, u32 n, u32 × n ascending slots
//   per layer: u32 n, then n × (u16 code, u64 count): the histogram's non-zero bins, ascending
//   u64 check: tile_content_hash of every byte before it
// A file that is missing, truncated, fails its check or breaks any of the orderings above is
// treated as absent: the zoom is rendered in full, never wrongly.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "render/explorer_cells.hpp"
#include "render/packed_codes.hpp"
#include "render/zoom_renderer.hpp"

namespace th {

struct ZoomCacheTile {
  std::uint32_t x = 0;
  std::uint32_t y = 0;
  std::vector<std::uint32_t> slots;  // ascending indices into ZoomCache::keys
};

struct ZoomCache {
  int renderer = 0;
  int zoom = 0;
  int chain_top = 0;
  double render_now = 0;
  std::string site_fingerprint;
  std::vector<std::uint64_t> keys;   // activity keys (pipeline/zoom_update.hpp)
  std::vector<ZoomCacheTile> tiles;  // sorted by (x, y), unique
  ZoomHistograms histograms;         // 65536 bins per layer
};

Bytes encode_zoom_cache(const ZoomCache& cache);
std::optional<ZoomCache> decode_zoom_cache(ByteView bytes);

std::filesystem::path zoom_cache_path(const std::filesystem::path& cache_dir, int zoom);
// nullopt when the file is absent, unreadable or invalid.
std::optional<ZoomCache> load_zoom_cache(const std::filesystem::path& cache_dir, int zoom);
// Written atomically; throws IoError when it cannot be.
void save_zoom_cache(const std::filesystem::path& cache_dir, const ZoomCache& cache);

// What the live site drew, by activity: enough to find each one's track again when it leaves
// the map (pipeline/leaving_inputs.hpp). File <cache>/render/drawn.bin, little-endian:
//   "THDRAWN1", u32 n + n bytes: the fingerprint of the site it describes
//   u32 count, per activity in the build's input order: u64 key (the zoom caches' activity
//   key), i64 store id, f64 start_utc, u32 n + n bytes: content hash of its track
//   u64 check: tile_content_hash of every byte before it
// Invalid or absent: treated as absent (a leaving activity then renders its zooms in full).
struct DrawnRecord {
  std::uint64_t key = 0;
  std::int64_t id = 0;
  double start_utc = 0;
  std::string content_hash;
};

struct DrawnRecords {
  std::string site_fingerprint;
  std::vector<DrawnRecord> records;
};

Bytes encode_drawn_records(const DrawnRecords& drawn);
std::optional<DrawnRecords> decode_drawn_records(ByteView bytes);
std::optional<DrawnRecords> load_drawn_records(const std::filesystem::path& cache_dir);
// Written atomically, without fsync; throws IoError when it cannot be.
void save_drawn_records(const std::filesystem::path& cache_dir, const DrawnRecords& drawn);

// The explorer maps the live site's explorer tiles were drawn from, and what else decides
// those tiles, so the next build redraws only tiles over changed cells
// (pipeline/explorer_layers.hpp). File <cache>/render/explorer.bin, little-endian:
//   "THEXPLR1", u32 n + n bytes site fingerprint, u32 n + n bytes `drawn_with` (explorer
//   version, zoom range, privacy digest), u32 map count, per map: u32 cell zoom, u32 n + n × u64
//   visited, u32 n + n × u64 max cluster, u32 × 3 square (x, y, size); u64 check.
struct ExplorerCache {
  std::string site_fingerprint;
  std::string drawn_with;
  std::vector<ExplorerCells> maps;
};

Bytes encode_explorer_cache(const ExplorerCache& cache);
std::optional<ExplorerCache> decode_explorer_cache(ByteView bytes);
std::optional<ExplorerCache> load_explorer_cache(const std::filesystem::path& cache_dir);
void save_explorer_cache(const std::filesystem::path& cache_dir, const ExplorerCache& cache);

// The codes of the busiest tiles as the live site's build drew them, so that a change redraws
// such a tile only near the activity that came or left (render_changed_tiles with `was`). A
// town-centre tile at a middle zoom holds most of its zoom's segments: redrawing the few such
// tiles whole was most of an incremental build's drawing. Only tiles of at least `min_segments`
// segments are kept (at 100,000: 131 tiles, 42 MB for the 5,000-activity demo), one file each:
// <cache>/render/codes/z<zoom>/<x>-<y>.bin, little-endian:
//   "THCODES2", u64 state (state_of below), the codes as PackedTileCodes::append_to writes them
//   (about 60 % of their unpacked size), u64 check
// A file is used only when its state is the one a zoom cache that describes the live site gives
// the tile: one left by an interrupted build, another site's, a damaged or a stale one is not
// trusted (load() gives nullopt), and the tile is redrawn whole.
class BusyTileCodes {
 public:
  // `drawn_with`: what decides every tile's codes besides its activities — the renderer
  // version, the top of the zoom chain and the month rendered for.
  BusyTileCodes(const std::filesystem::path& cache_dir, std::uint64_t min_segments, int renderer,
                int chain_top, double render_now);

  bool is_busy(std::uint64_t segments) const { return segments >= min_segments_; }
  // What decides the tile's codes: drawn_with, the tile and its activities' keys, in order.
  std::uint64_t state_of(const TileKey& tile, const std::vector<std::uint64_t>& keys) const;

  std::optional<TileCodes> load(const TileKey& tile, std::uint64_t state) const;
  // Written atomically, without fsync; throws IoError when it cannot be.
  void save(const PackedTileCodes& codes, std::uint64_t state) const;
  // Forgets a tile (no longer busy, or drawn with nothing), or every tile of a zoom.
  void drop(const TileKey& tile) const;
  void drop_zoom(int zoom) const;

 private:
  std::filesystem::path path_of(const TileKey& tile) const;

  std::filesystem::path dir_;
  std::uint64_t min_segments_;
  std::uint64_t drawn_with_;
};

}  // namespace th
