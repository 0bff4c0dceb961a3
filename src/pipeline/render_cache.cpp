#include "pipeline/render_cache.hpp"

#include <cstring>
#include <system_error>

#include "core/byte_io.hpp"
#include "core/errors.hpp"
#include "site/tile_index.hpp"

namespace th {

namespace {

constexpr char kMagic[8] = {'T', 'H', 'Z', 'C', 'A', 'C', 'H', 'E'};
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::size_t kMaxCacheBytes = std::size_t{1} << 30;
constexpr std::size_t kMaxFingerprint = 256;
constexpr char kDrawnMagic[8] = {'T', 'H', 'D', 'R', 'A', 'W', 'N', '1'};
constexpr std::size_t kMaxContentHash = 256;
constexpr char kExplorerMagic[8] = {'T', 'H', 'E', 'X', 'P', 'L', 'R', '1'};
constexpr char kCodesMagic[8] = {'T', 'H', 'C', 'O', 'D', 'E', 'S', '2'};

void write_text(ByteWriter& w, const std::string& text) {
  w.le(text.size(), 4);
  w.raw(text.data(), text.size());
}

std::optional<std::string> read_text(ByteReader& in, std::size_t cap) {
  const std::size_t n = in.le(4);
  if (n > cap) return std::nullopt;
  const ByteView bytes = in.take(n);
  return std::string(bytes.begin(), bytes.end());
}

void write_cells(ByteWriter& w, const std::vector<CellKey>& cells) {
  w.le(cells.size(), 4);
  for (const CellKey c : cells) w.le(c, 8);
}

// Sorted, unique cells, or nullopt.
std::optional<std::vector<CellKey>> read_cells(ByteReader& in) {
  const std::size_t n = in.le(4);
  if (in.remaining() / 8 < n) return std::nullopt;
  std::vector<CellKey> cells(n);
  for (std::size_t i = 0; i < n; ++i) {
    cells[i] = in.le(8);
    if (i > 0 && cells[i] <= cells[i - 1]) return std::nullopt;
  }
  return cells;
}

void write_cache_file(const std::filesystem::path& path, const Bytes& bytes) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw IoError(path.parent_path().string() + ": cannot create: " + ec.message());
  // No fsync: a lost or torn cache file fails its check and costs one full render.
  write_file_atomic(path, ByteView(bytes), Durability::NoSync);
}

// The file's bytes when it is there and readable, else nullopt.
std::optional<Bytes> read_cache_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  try {
    return read_file(path, kMaxCacheBytes);
  } catch (const IoError&) {
    return std::nullopt;  // unreadable: render in full, rewrite the file
  }
}

// The body of a file ending in its u64 check, when the magic and the check are right.
std::optional<ByteView> checked_body(ByteView bytes, const char (&magic)[8]) {
  if (bytes.size() < sizeof magic + 8 || std::memcmp(bytes.data(), magic, sizeof magic) != 0) {
    return std::nullopt;
  }
  const ByteView body = bytes.first(bytes.size() - 8);
  if (ByteReader(bytes.last(8)).le(8) != tile_content_hash(body)) return std::nullopt;
  return body.subspan(sizeof magic);
}

}  // namespace

Bytes encode_zoom_cache(const ZoomCache& c) {
  Bytes out;
  ByteWriter w(out);
  w.raw(kMagic, sizeof kMagic);
  w.le(kFormatVersion, 4);
  w.le(static_cast<std::uint32_t>(c.renderer), 4);
  w.le(static_cast<std::uint32_t>(c.zoom), 4);
  w.le(static_cast<std::uint32_t>(c.chain_top), 4);
  std::uint64_t now_bits = 0;
  std::memcpy(&now_bits, &c.render_now, sizeof now_bits);
  w.le(now_bits, 8);
  w.le(c.site_fingerprint.size(), 4);
  w.raw(c.site_fingerprint.data(), c.site_fingerprint.size());
  w.le(c.keys.size(), 4);
  for (const std::uint64_t k : c.keys) w.le(k, 8);
  w.le(c.tiles.size(), 4);
  for (const ZoomCacheTile& t : c.tiles) {
    w.le(t.x, 4);
    w.le(t.y, 4);
    w.le(t.slots.size(), 4);
    for (const std::uint32_t s : t.slots) w.le(s, 4);
  }
  for (const CodeHistogram& h : c.histograms) {
    std::uint32_t nonzero = 0;
    for (std::size_t code = 1; code < h.size(); ++code) nonzero += h[code] != 0;
    w.le(nonzero, 4);
    for (std::size_t code = 1; code < h.size(); ++code) {
      if (h[code] == 0) continue;
      w.le(code, 2);
      w.le(h[code], 8);
    }
  }
  w.le(tile_content_hash(ByteView(out)), 8);
  return out;
}

std::optional<ZoomCache> decode_zoom_cache(ByteView bytes) {
  const std::optional<ByteView> body = checked_body(bytes, kMagic);
  if (!body) return std::nullopt;
  ByteReader in(*body);
  if (in.le(4) != kFormatVersion) return std::nullopt;
  ZoomCache c;
  c.renderer = static_cast<int>(in.le(4) & 0x7fffffff);
  c.zoom = static_cast<int>(in.le(4));
  c.chain_top = static_cast<int>(in.le(4));
  const std::uint64_t now_bits = in.le(8);
  std::memcpy(&c.render_now, &now_bits, sizeof now_bits);
  const std::size_t fingerprint_size = in.le(4);
  if (fingerprint_size > kMaxFingerprint) return std::nullopt;
  const ByteView fingerprint = in.take(fingerprint_size);
  c.site_fingerprint.assign(fingerprint.begin(), fingerprint.end());
  if (c.zoom < 0 || c.zoom > 30 || c.chain_top < c.zoom || c.chain_top > 30) return std::nullopt;

  // Every count is checked against the bytes left before anything is allocated.
  const std::size_t key_count = in.le(4);
  if (in.remaining() / 8 < key_count) return std::nullopt;
  c.keys.resize(key_count);
  for (auto& k : c.keys) k = in.le(8);
  const std::size_t tile_count = in.le(4);
  if (in.remaining() / 12 < tile_count) return std::nullopt;
  c.tiles.resize(tile_count);
  const std::uint64_t grid = std::uint64_t{1} << c.zoom;
  for (std::size_t i = 0; i < tile_count; ++i) {
    ZoomCacheTile& t = c.tiles[i];
    t.x = static_cast<std::uint32_t>(in.le(4));
    t.y = static_cast<std::uint32_t>(in.le(4));
    const std::size_t n = in.le(4);
    if (t.x >= grid || t.y >= grid || in.remaining() / 4 < n) return std::nullopt;
    if (i > 0 && std::pair(c.tiles[i - 1].x, c.tiles[i - 1].y) >= std::pair(t.x, t.y)) {
      return std::nullopt;
    }
    t.slots.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      t.slots[j] = static_cast<std::uint32_t>(in.le(4));
      if (t.slots[j] >= key_count || (j > 0 && t.slots[j] <= t.slots[j - 1])) return std::nullopt;
    }
  }
  for (CodeHistogram& h : c.histograms) {
    h.assign(65536, 0);
    const std::size_t n = in.le(4);
    if (in.remaining() / 10 < n) return std::nullopt;
    std::size_t previous = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t code = in.le(2);
      if (code <= previous) return std::nullopt;  // ascending, never bin 0
      h[code] = in.le(8);
      previous = code;
    }
  }
  if (in.failed() || in.remaining() != 0) return std::nullopt;
  return c;
}

std::filesystem::path zoom_cache_path(const std::filesystem::path& cache_dir, int zoom) {
  return cache_dir / "render" / ("z" + std::to_string(zoom) + ".bin");
}

std::optional<ZoomCache> load_zoom_cache(const std::filesystem::path& cache_dir, int zoom) {
  const std::optional<Bytes> bytes = read_cache_file(zoom_cache_path(cache_dir, zoom));
  if (!bytes) return std::nullopt;
  auto cache = decode_zoom_cache(ByteView(*bytes));
  if (cache && cache->zoom != zoom) return std::nullopt;
  return cache;
}

void save_zoom_cache(const std::filesystem::path& cache_dir, const ZoomCache& cache) {
  write_cache_file(zoom_cache_path(cache_dir, cache.zoom), encode_zoom_cache(cache));
}

Bytes encode_drawn_records(const DrawnRecords& drawn) {
  Bytes out;
  ByteWriter w(out);
  w.raw(kDrawnMagic, sizeof kDrawnMagic);
  w.le(drawn.site_fingerprint.size(), 4);
  w.raw(drawn.site_fingerprint.data(), drawn.site_fingerprint.size());
  w.le(drawn.records.size(), 4);
  for (const DrawnRecord& r : drawn.records) {
    w.le(r.key, 8);
    w.le(static_cast<std::uint64_t>(r.id), 8);
    std::uint64_t start_bits = 0;
    std::memcpy(&start_bits, &r.start_utc, sizeof start_bits);
    w.le(start_bits, 8);
    w.le(r.content_hash.size(), 4);
    w.raw(r.content_hash.data(), r.content_hash.size());
  }
  w.le(tile_content_hash(ByteView(out)), 8);
  return out;
}

std::optional<DrawnRecords> decode_drawn_records(ByteView bytes) {
  const std::optional<ByteView> body = checked_body(bytes, kDrawnMagic);
  if (!body) return std::nullopt;
  ByteReader in(*body);
  DrawnRecords drawn;
  const std::size_t fingerprint_size = in.le(4);
  if (fingerprint_size > kMaxFingerprint) return std::nullopt;
  const ByteView fingerprint = in.take(fingerprint_size);
  drawn.site_fingerprint.assign(fingerprint.begin(), fingerprint.end());
  const std::size_t count = in.le(4);
  if (in.remaining() / 28 < count) return std::nullopt;  // checked before allocating
  drawn.records.resize(count);
  for (DrawnRecord& r : drawn.records) {
    r.key = in.le(8);
    r.id = static_cast<std::int64_t>(in.le(8));
    const std::uint64_t start_bits = in.le(8);
    std::memcpy(&r.start_utc, &start_bits, sizeof start_bits);
    const std::size_t n = in.le(4);
    if (n > kMaxContentHash) return std::nullopt;
    const ByteView hash = in.take(n);
    r.content_hash.assign(hash.begin(), hash.end());
  }
  if (in.failed() || in.remaining() != 0) return std::nullopt;
  return drawn;
}

Bytes encode_explorer_cache(const ExplorerCache& cache) {
  Bytes out;
  ByteWriter w(out);
  w.raw(kExplorerMagic, sizeof kExplorerMagic);
  write_text(w, cache.site_fingerprint);
  write_text(w, cache.drawn_with);
  w.le(cache.maps.size(), 4);
  for (const ExplorerCells& m : cache.maps) {
    w.le(static_cast<std::uint32_t>(m.zoom), 4);
    write_cells(w, m.visited);
    write_cells(w, m.max_cluster);
    w.le(m.square.x, 4);
    w.le(m.square.y, 4);
    w.le(m.square.size, 4);
  }
  w.le(tile_content_hash(ByteView(out)), 8);
  return out;
}

std::optional<ExplorerCache> decode_explorer_cache(ByteView bytes) {
  const std::optional<ByteView> body = checked_body(bytes, kExplorerMagic);
  if (!body) return std::nullopt;
  ByteReader in(*body);
  ExplorerCache cache;
  auto fingerprint = read_text(in, kMaxFingerprint);
  auto drawn_with = read_text(in, kMaxFingerprint);
  if (!fingerprint || !drawn_with) return std::nullopt;
  cache.site_fingerprint = std::move(*fingerprint);
  cache.drawn_with = std::move(*drawn_with);
  const std::size_t count = in.le(4);
  if (count > 16) return std::nullopt;
  for (std::size_t k = 0; k < count; ++k) {
    ExplorerCells m;
    m.zoom = static_cast<int>(in.le(4));
    auto visited = read_cells(in);
    auto cluster = read_cells(in);
    if (!visited || !cluster || m.zoom < 0 || m.zoom > 30) return std::nullopt;
    m.visited = std::move(*visited);
    m.max_cluster = std::move(*cluster);
    m.square.x = static_cast<std::uint32_t>(in.le(4));
    m.square.y = static_cast<std::uint32_t>(in.le(4));
    m.square.size = static_cast<std::uint32_t>(in.le(4));
    cache.maps.push_back(std::move(m));
  }
  if (in.failed() || in.remaining() != 0) return std::nullopt;
  return cache;
}

std::optional<ExplorerCache> load_explorer_cache(const std::filesystem::path& cache_dir) {
  const std::optional<Bytes> bytes = read_cache_file(cache_dir / "render" / "explorer.bin");
  if (!bytes) return std::nullopt;
  return decode_explorer_cache(ByteView(*bytes));
}

void save_explorer_cache(const std::filesystem::path& cache_dir, const ExplorerCache& cache) {
  write_cache_file(cache_dir / "render" / "explorer.bin", encode_explorer_cache(cache));
}

std::optional<DrawnRecords> load_drawn_records(const std::filesystem::path& cache_dir) {
  const std::optional<Bytes> bytes = read_cache_file(cache_dir / "render" / "drawn.bin");
  if (!bytes) return std::nullopt;
  return decode_drawn_records(ByteView(*bytes));
}

void save_drawn_records(const std::filesystem::path& cache_dir, const DrawnRecords& drawn) {
  write_cache_file(cache_dir / "render" / "drawn.bin", encode_drawn_records(drawn));
}

BusyTileCodes::BusyTileCodes(const std::filesystem::path& cache_dir, std::uint64_t min_segments,
                             int renderer, int chain_top, double render_now)
    : dir_(cache_dir / "render" / "codes"), min_segments_(min_segments) {
  Bytes text;
  ByteWriter w(text);
  w.le(static_cast<std::uint32_t>(renderer), 4);
  w.le(static_cast<std::uint32_t>(chain_top), 4);
  std::uint64_t now_bits = 0;
  std::memcpy(&now_bits, &render_now, sizeof now_bits);
  w.le(now_bits, 8);
  drawn_with_ = tile_content_hash(ByteView(text));
}

std::uint64_t BusyTileCodes::state_of(const TileKey& tile,
                                      const std::vector<std::uint64_t>& keys) const {
  Bytes text;
  text.reserve(16 + keys.size() * 8);
  ByteWriter w(text);
  w.le(drawn_with_, 8);
  w.le(tile.packed(), 8);
  for (const std::uint64_t k : keys) w.le(k, 8);
  return tile_content_hash(ByteView(text));
}

std::filesystem::path BusyTileCodes::path_of(const TileKey& tile) const {
  return dir_ / ("z" + std::to_string(tile.z)) /
         (std::to_string(tile.x) + "-" + std::to_string(tile.y) + ".bin");
}

std::optional<TileCodes> BusyTileCodes::load(const TileKey& tile, std::uint64_t state) const {
  const std::optional<Bytes> bytes = read_cache_file(path_of(tile));
  if (!bytes) return std::nullopt;
  const std::optional<ByteView> body = checked_body(ByteView(*bytes), kCodesMagic);
  if (!body) return std::nullopt;
  ByteReader in(*body);
  if (in.le(8) != state) return std::nullopt;
  return PackedTileCodes::unpack_bytes(tile, body->subspan(8));
}

void BusyTileCodes::save(const PackedTileCodes& codes, std::uint64_t state) const {
  Bytes out;
  out.reserve(sizeof kCodesMagic + 8 + codes.heap_bytes() + 64);
  ByteWriter w(out);
  w.raw(kCodesMagic, sizeof kCodesMagic);
  w.le(state, 8);
  codes.append_to(out);
  w.le(tile_content_hash(ByteView(out)), 8);
  write_cache_file(path_of(codes.tile()), out);
}

void BusyTileCodes::drop(const TileKey& tile) const {
  std::error_code ec;
  std::filesystem::remove(path_of(tile), ec);  // absent already, or kept: it fails its state
}

void BusyTileCodes::drop_zoom(int zoom) const {
  std::error_code ec;
  std::filesystem::remove_all(dir_ / ("z" + std::to_string(zoom)), ec);
}

}  // namespace th
