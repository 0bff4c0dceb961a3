#include "site/tile_writer.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "core/errors.hpp"

namespace th {

namespace {

// Folder names of zooms and x columns: plain decimal, no sign, no leading zero.
std::optional<std::uint32_t> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 9 || (text.size() > 1 && text.front() == '0')) {
    return std::nullopt;
  }
  std::uint32_t v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

void append_number(std::string& out, std::uint32_t v) {
  char buf[16];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

TileWriter::TileWriter(std::filesystem::path site_dir, TileWriterOptions options)
    : site_(std::move(site_dir)), options_(std::move(options)), paths_(site_) {
  if (options_.layers.size() > kMaxTileLayers) {
    throw std::invalid_argument("TileWriter: too many layers");
  }
  for (std::size_t i = 0; i < options_.layers.size(); ++i) {
    const std::string& id = options_.layers[i];
    if (!valid_layer_id(id)) throw std::invalid_argument("TileWriter: bad layer id '" + id + "'");
    if (std::find(options_.layers.begin(), options_.layers.begin() + static_cast<long>(i), id) !=
        options_.layers.begin() + static_cast<long>(i)) {
      throw std::invalid_argument("TileWriter: layer '" + id + "' listed twice");
    }
  }
  if (options_.min_zoom < 0 || options_.min_zoom > options_.max_zoom ||
      options_.max_zoom > kMaxTileZoom) {
    throw std::invalid_argument("TileWriter: zoom range " + std::to_string(options_.min_zoom) +
                                ".." + std::to_string(options_.max_zoom) + " is not within 0.." +
                                std::to_string(kMaxTileZoom));
  }
  std::error_code ec;
  std::filesystem::create_directories(paths_.meta, ec);
  if (ec) throw IoError(paths_.meta.string() + ": cannot create: " + ec.message());
  lock_ = std::make_unique<site_fs::FileLock>(paths_.writer_lock, "site folder " + site_.string());
  recover();
  load_live_tiles();
}

TileWriter::~TileWriter() {
  if (state_ == State::Open) {  // a failed first write may have left folders only
    std::error_code ec;
    std::filesystem::remove_all(paths_.staging, ec);  // best effort: the next writer deletes it too
  }
}

void TileWriter::recover() {
  if (!site_fs::exists(paths_.staging)) return;
  const SitePublishLock publishing(paths_);
  recovery_ =
      finish_site_journal(paths_, options_.durability, [this] { hook(SiteStep::JournalStep); });
  if (recovery_ == SiteRecovery::None) {  // no journal: that build never committed
    site_fs::remove_tree_if_exists(paths_.staging);
    recovery_ = SiteRecovery::DiscardedStaging;
  }
}

void TileWriter::load_live_tiles() {
  const std::filesystem::path tiles = site_ / "tiles";
  // Existing zoom folders of each built layer; the rest of tiles/ is stale or not ours.
  std::vector<std::vector<int>> zoom_dirs(options_.layers.size());
  for (const std::string& name : site_fs::list_names(tiles, true)) {
    const auto it = std::find(options_.layers.begin(), options_.layers.end(), name);
    if (it == options_.layers.end()) {
      if (valid_layer_id(name)) stale_folders_.push_back("tiles/" + name);
      continue;
    }
    const auto layer = static_cast<std::size_t>(it - options_.layers.begin());
    for (const std::string& zname : site_fs::list_names(tiles / name, true)) {
      const auto z = parse_number(zname);
      if (!z) continue;
      if (static_cast<int>(*z) >= options_.min_zoom && static_cast<int>(*z) <= options_.max_zoom) {
        zoom_dirs[layer].push_back(static_cast<int>(*z));
      } else {
        stale_folders_.push_back("tiles/" + name + "/" + zname);
      }
    }
  }
  std::sort(stale_folders_.begin(), stale_folders_.end());

  std::optional<TileIndex> index;
  if (site_fs::exists(paths_.index)) {
    try {
      index = decode_tile_index(read_file(paths_.index));
    } catch (const IoError&) {
      index.reset();  // unreadable: fall back to the tiles themselves
    }
  }
  if (index) {
    load_from_index(*index, zoom_dirs);
  } else {
    index_dirty_ = true;
    scan_live_tiles(zoom_dirs);
  }
  if (!std::is_sorted(old_.begin(), old_.end(),
                      [](const OldTile& a, const OldTile& b) { return a.key < b.key; })) {
    std::sort(old_.begin(), old_.end(),
              [](const OldTile& a, const OldTile& b) { return a.key < b.key; });
  }
}

void TileWriter::load_from_index(const TileIndex& index,
                                 const std::vector<std::vector<int>>& zoom_dirs) {
  // Layer numbers of the file's table → this build's (-1: not built any more).
  std::vector<int> remap(index.layers.size(), -1);
  for (std::size_t i = 0; i < index.layers.size(); ++i) {
    const auto it = std::find(options_.layers.begin(), options_.layers.end(), index.layers[i]);
    if (it != options_.layers.end()) remap[i] = static_cast<int>(it - options_.layers.begin());
  }
  const auto is_stale = [this](const std::string& folder) {
    return std::binary_search(stale_folders_.begin(), stale_folders_.end(), folder);
  };
  old_.reserve(index.entries.size());
  for (const TileIndexEntry& e : index.entries) {
    const LayerTile c = unpack_layer_tile(e.key);
    const int layer = remap[c.layer];
    const std::string& name = index.layers[c.layer];
    if (layer < 0 || c.tile.z < options_.min_zoom || c.tile.z > options_.max_zoom) {
      index_dirty_ = true;
      if (is_stale("tiles/" + name) || is_stale("tiles/" + name + "/" + std::to_string(c.tile.z))) {
        ++stale_tiles_;
      }
      continue;
    }
    const auto& zooms = zoom_dirs[static_cast<std::size_t>(layer)];
    if (std::find(zooms.begin(), zooms.end(), c.tile.z) == zooms.end()) {
      index_dirty_ = true;  // its folder is gone: the tile is not live any more
      continue;
    }
    old_.push_back(
        OldTile{pack_layer_tile(static_cast<std::uint32_t>(layer), c.tile), e.size, e.hash, true});
  }
}

void TileWriter::scan_live_tiles(const std::vector<std::vector<int>>& zoom_dirs) {
  const std::filesystem::path tiles = site_ / "tiles";
  for (std::size_t layer = 0; layer < zoom_dirs.size(); ++layer) {
    for (const int z : zoom_dirs[layer]) {
      const std::filesystem::path zdir = tiles / options_.layers[layer] / std::to_string(z);
      for (const std::string& xname : site_fs::list_names(zdir, true)) {
        const auto x = parse_number(xname);
        if (!x || (*x >> z) != 0) continue;
        for (const std::string& file : site_fs::list_names(zdir / xname, false)) {
          if (!file.ends_with(".png")) continue;
          const auto y = parse_number(std::string_view(file).substr(0, file.size() - 4));
          if (!y || (*y >> z) != 0) continue;
          old_.push_back(OldTile{
              pack_layer_tile(static_cast<std::uint32_t>(layer), TileKey{z, *x, *y}), 0, 0, false});
        }
      }
    }
  }
}

std::uint32_t TileWriter::layer_number(std::string_view layer) const {
  for (std::size_t i = 0; i < options_.layers.size(); ++i) {
    if (options_.layers[i] == layer) return static_cast<std::uint32_t>(i);
  }
  throw std::invalid_argument("TileWriter: layer '" + std::string(layer) +
                              "' is not one of this build's layers");
}

std::string TileWriter::tile_path(const std::filesystem::path& root, LayerTileKey key) const {
  const LayerTile c = unpack_layer_tile(key);
  std::string path = root.string();
  path += "/tiles/";
  path += options_.layers[c.layer];
  path += '/';
  append_number(path, static_cast<std::uint32_t>(c.tile.z));
  path += '/';
  append_number(path, c.tile.x);
  path += '/';
  append_number(path, c.tile.y);
  path += ".png";
  return path;
}

const TileWriter::OldTile* TileWriter::find_old(LayerTileKey key) const {
  const auto it = std::lower_bound(old_.begin(), old_.end(), key,
                                   [](const OldTile& t, LayerTileKey k) { return t.key < k; });
  return it != old_.end() && it->key == key ? &*it : nullptr;
}

void TileWriter::hook(SiteStep step) const {
  if (options_.step_hook) options_.step_hook(step);
}

std::vector<LayerTileKey> TileWriter::tiles_put() {
  std::vector<LayerTileKey> keys;
  for (Shard& shard : shards_) {
    const std::lock_guard lock(shard.mutex);
    for (const TileIndexEntry& e : shard.produced) keys.push_back(e.key);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

LayerTileKey TileWriter::checked_key(std::string_view layer, int z, int x, int y) const {
  if (state_ != State::Open) throw std::logic_error("TileWriter: tile given after commit");
  const std::uint32_t layer_no = layer_number(layer);
  if (z < options_.min_zoom || z > options_.max_zoom) {
    throw std::invalid_argument("TileWriter: zoom " + std::to_string(z) +
                                " is outside this build's range");
  }
  if (x < 0 || y < 0 || (x >> z) != 0 || (y >> z) != 0) {
    throw std::invalid_argument("TileWriter: tile " + std::to_string(x) + "," + std::to_string(y) +
                                " is outside zoom " + std::to_string(z));
  }
  return pack_layer_tile(layer_no,
                         TileKey{z, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)});
}

void TileWriter::record_produced(const TileIndexEntry& entry) {
  // Fibonacci hashing spreads neighbouring tiles over the shards.
  Shard& shard = shards_[(entry.key * 0x9E3779B97F4A7C15ull) >> 59];
  const std::lock_guard lock(shard.mutex);
  shard.produced.push_back(entry);
}

bool TileWriter::keep(std::string_view layer, int z, int x, int y) {
  const LayerTileKey key = checked_key(layer, z, x, y);
  const OldTile* old = find_old(key);
  if (old == nullptr) return false;
  TileIndexEntry entry{key, old->size, old->hash};
  if (!old->known) {  // found by walking tiles/ without an index: hash the file once
    const Bytes png = read_file(tile_path(site_, key), 0xffffffffu);
    entry.size = static_cast<std::uint32_t>(png.size());
    entry.hash = tile_content_hash(png);
  }
  matched_.fetch_add(1, std::memory_order_relaxed);
  tiles_unchanged_.fetch_add(1, std::memory_order_relaxed);
  record_produced(entry);
  return true;
}

bool TileWriter::put(std::string_view layer, int z, int x, int y, ByteView png) {
  const LayerTileKey key = checked_key(layer, z, x, y);
  if (png.empty() || png.size() > 0xffffffffu) {
    throw std::invalid_argument("TileWriter: a tile must have 1 to 2^32-1 bytes");
  }
  const TileIndexEntry entry{key, static_cast<std::uint32_t>(png.size()), tile_content_hash(png)};

  const OldTile* old = find_old(key);
  bool changed = true;
  if (old != nullptr) {
    matched_.fetch_add(1, std::memory_order_relaxed);
    changed = old->known ? (old->size != entry.size || old->hash != entry.hash)
                         : !site_fs::file_has_content(tile_path(site_, key), png);
  }
  if (changed) {
    write_or_link(tile_path(paths_.staged_site, key), png, entry.hash);
    staged_flag_.store(true);
    (old != nullptr ? tiles_changed_ : tiles_new_).fetch_add(1, std::memory_order_relaxed);
    bytes_written_.fetch_add(png.size(), std::memory_order_relaxed);
  } else {
    tiles_unchanged_.fetch_add(1, std::memory_order_relaxed);
  }
  record_produced(entry);
  if (changed) hook(SiteStep::TileStaged);
  return changed;
}

// Many tiles are one colour over the whole tile and byte-identical (an explorer cell seen at a
// finer zoom: 22,000 of the 150-activity demo's 80,000 tiles are two such PNGs). Each becomes a
// hard link to the first staged copy: no inode, no data block, about a third of the cost of
// creating a file, and the site takes that much less room. Only small PNGs are shared (one-colour
// tiles are ~500 bytes) and they are compared byte for byte, not by hash alone. A file system
// without hard links, or a file at its link limit, gets a copy (the next equal tile links to
// that one). Hard links are safe here because the site never writes into a file: every change
// is a new file renamed over the old name, which leaves the other names as they were.
void TileWriter::write_or_link(const std::string& path, ByteView png, std::uint64_t hash) {
  constexpr std::size_t kMaxSharedBytes = 1024;
  constexpr std::size_t kMaxSharedTiles = 4096;
  if (png.size() > kMaxSharedBytes) {
    site_fs::write_new_file(path, png);
    return;
  }
  std::string twin;  // a staged file with these bytes, if any
  {
    const std::lock_guard lock(shared_mutex_);
    const auto it = shared_.find(hash);
    if (it != shared_.end() &&
        std::equal(png.begin(), png.end(), it->second.bytes.begin(), it->second.bytes.end())) {
      twin = it->second.path;
    }
  }
  if (!twin.empty() && site_fs::link_new_file(twin, path)) return;
  site_fs::write_new_file(path, png);
  // This copy is the one equal tiles link to from now on (the previous one may be at its link
  // limit). Bounded: when full, start over (tiles that repeat come back at once; sparse tiles
  // that never repeat would otherwise fill the table before the one-colour ones arrive).
  const std::lock_guard lock(shared_mutex_);
  if (shared_.size() >= kMaxSharedTiles) shared_.clear();
  shared_.insert_or_assign(hash, SharedTile{path, Bytes(png.begin(), png.end())});
}

bool TileWriter::put_file(std::string_view relative_path, std::string_view content) {
  return put_file(relative_path,
                  ByteView(reinterpret_cast<const std::uint8_t*>(content.data()), content.size()));
}

bool TileWriter::put_file(std::string_view relative_path, ByteView content) {
  if (state_ != State::Open) throw std::logic_error("TileWriter::put_file after commit");
  if (!safe_site_path(relative_path) || relative_path == "tiles" ||
      relative_path.starts_with("tiles/")) {
    throw std::invalid_argument("TileWriter: '" + std::string(relative_path) +
                                "' is not a plain site file path outside tiles/");
  }
  const std::lock_guard lock(files_mutex_);
  if (!files_put_.emplace(relative_path).second) {
    throw std::invalid_argument("TileWriter: site file '" + std::string(relative_path) +
                                "' given twice");
  }
  const std::string live = (site_ / relative_path).string();
  if (site_fs::file_has_content(live, content)) return false;
  // Refuse now what the commit's rename would refuse later, past its commit point.
  std::filesystem::path prefix = site_;
  for (const auto& part : std::filesystem::path(relative_path)) {
    prefix /= part;
    const bool last = prefix.string().size() == live.size();
    if (site_fs::exists(prefix) && site_fs::is_directory(prefix) == last) {
      throw IoError(prefix.string() + (last ? ": is a folder, cannot write the site file there"
                                            : ": is not a folder, cannot write " + live));
    }
  }
  site_fs::write_new_file((paths_.staged_site / relative_path).string(), content);
  staged_flag_.store(true);
  ++files_written_;
  bytes_written_.fetch_add(content.size(), std::memory_order_relaxed);
  hook(SiteStep::FileStaged);
  return true;
}

bool TileWriter::has_changes() const {
  return staged_flag_.load() || index_dirty_ || !stale_folders_.empty() ||
         matched_.load() < old_.size();
}

TileWriteStats TileWriter::stats() const {
  if (state_ == State::Done) return final_stats_;
  TileWriteStats s;
  s.tiles_new = tiles_new_.load();
  s.tiles_changed = tiles_changed_.load();
  s.tiles_unchanged = tiles_unchanged_.load();
  s.files_written = files_written_;
  s.bytes_written = bytes_written_.load();
  return s;
}

void TileWriter::stage_updating_marker() {
  const std::filesystem::path staged_front = paths_.staged_site / kSiteFrontFile;
  if (!site_fs::exists(staged_front)) {
    const std::filesystem::path live_front = site_ / kSiteFrontFile;
    if (!site_fs::exists(live_front)) return;  // no page here to warn
    // Unchanged: the apply moves this second name of the live file back over the marker.
    site_fs::link_or_copy(live_front, staged_front);
  }
  site_fs::write_new_file(
      staged_updating_marker(paths_.staging).string(),
      ByteView(reinterpret_cast<const std::uint8_t*>(kSiteUpdatingScript.data()),
               kSiteUpdatingScript.size()));
  staged_flag_.store(true);
}

TileWriteStats TileWriter::commit() {
  if (state_ != State::Open) throw std::logic_error("TileWriter::commit called twice");
  std::vector<TileIndexEntry> produced;
  for (Shard& shard : shards_) {
    const std::lock_guard lock(shard.mutex);
    produced.insert(produced.end(), shard.produced.begin(), shard.produced.end());
    shard.produced = {};
  }
  std::sort(produced.begin(), produced.end(),
            [](const TileIndexEntry& a, const TileIndexEntry& b) { return a.key < b.key; });
  const auto duplicate = std::adjacent_find(
      produced.begin(), produced.end(),
      [](const TileIndexEntry& a, const TileIndexEntry& b) { return a.key == b.key; });
  if (duplicate != produced.end()) {
    throw std::logic_error("TileWriter: tile " + tile_path("", duplicate->key) +
                           " was put twice in one build");
  }

  // Live tiles not produced this time: both lists are sorted by key.
  SiteJournal journal;
  journal.remove_trees = stale_folders_;
  auto next = produced.begin();
  for (const OldTile& t : old_) {
    while (next != produced.end() && next->key < t.key) ++next;
    if (next == produced.end() || next->key != t.key) {
      journal.remove_tiles.push_back(tile_path("", t.key).substr(1));  // "tiles/..."
    }
  }

  TileWriteStats s = stats();
  s.tiles_deleted = journal.remove_tiles.size() + stale_tiles_;
  s.folders_deleted = journal.remove_trees.size();
  const bool tiles_differ = s.tiles_written() > 0 || !journal.remove_tiles.empty();
  if (!staged_flag_.load() && !tiles_differ && journal.remove_trees.empty() && !index_dirty_) {
    state_ = State::Done;
    final_stats_ = s;
    return s;  // nothing changed: no file written at all
  }

  if (tiles_differ || index_dirty_) {
    const TileIndex index{options_.layers, std::move(produced)};
    site_fs::write_new_file((paths_.staged_site / ".trackheat/tile-index").string(),
                            encode_tile_index(index));
    staged_flag_.store(true);
  }
  // A change a page would show: while it is applied, the page's first script says so.
  if (tiles_differ || files_written_ > 0 || !journal.remove_trees.empty()) stage_updating_marker();
  hook(SiteStep::IndexStaged);
  std::error_code ec;
  std::filesystem::create_directories(paths_.staging, ec);
  if (ec) throw IoError(paths_.staging.string() + ": cannot create: " + ec.message());
  staged_flag_.store(true);
  if (options_.durability == Durability::Sync) site_fs::sync_file_system(paths_.staging);
  {
    const SitePublishLock publishing(paths_);  // held until the journal is gone
    write_file_atomic(paths_.journal, encode_site_journal(journal), options_.durability);
    state_ = State::Journaled;  // the commit point: from here on the build is finished, not undone
    hook(SiteStep::JournalWritten);

    apply_site_journal(site_, paths_.staging, journal, [this] { hook(SiteStep::JournalStep); });
    hook(SiteStep::Applied);
    if (options_.durability == Durability::Sync) site_fs::sync_file_system(site_);
    site_fs::remove_file_if_exists(paths_.journal);
    site_fs::remove_tree_if_exists(paths_.staging);
  }
  state_ = State::Done;
  s.committed = true;
  final_stats_ = s;
  return s;
}

}  // namespace th
