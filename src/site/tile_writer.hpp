#pragma once
// Writing the static site: tiles, manifest and data files, safely and only where they changed.
//
// One TileWriter is one build of one site folder:
//
//   TileWriter writer(site_dir, {.layers = ids, .min_zoom = 0, .max_zoom = 17});
//   parallel for each non-empty tile:  writer.put(layer, z, x, y, png);   // thread-safe
//   writer.put_file("data/activities.js", ...);                           // other site files
//   write_manifest(writer, manifest);    // last: it asks has_changes() (see manifest.hpp)
//   TileWriteStats stats = writer.commit();
//
// After commit() the live site holds exactly the tiles put in this build: tiles not put (became
// empty) are deleted, and so are whole layers and zooms no longer built (a layer id missing from
// `layers`, a zoom outside [min_zoom, max_zoom]). Files given to put_file() replace their live
// counterparts; other files of the site (index.html, assets/ written by other code) are left
// alone unless given to put_file().
//
// Only changes are written. The live site's tiles are described by an index of (size, 64-bit
// content hash) per tile (site/.trackheat/tile-index, tile_index.hpp), loaded when the writer is
// constructed; put() hashes the new PNG (XXH3: 420 ns for a 5 KB tile) and writes nothing when
// size and hash match. The alternative — opening and comparing the old file — costs an open and
// a read per tile: bench/site_bench.cpp measured an unchanged rebuild of 20 000 tiles at 19.6 ms
// with the index and 229 ms comparing files (page cache warm; with a cold cache it reads every
// tile from disk). The index also lists what to delete without walking the tiles folder.
// The index is the authority: tiles edited by hand behind its back are not noticed (delete
// .trackheat/tile-index to make the next build compare file contents). When the index is missing
// or invalid, the writer walks tiles/ and compares contents (size first) instead, then writes a
// fresh index. Index entries of a layer or zoom whose folder is gone are dropped.
//
// Interruption safety (Ctrl-C, kill -9, power cut, full disk at any moment): changed files are
// written under site/.trackheat/staging/, never over live files. commit() writes the new index
// there too (and, when a page would see a change, the "being updated" marker, and a hard link to
// the live data/manifest.js if the build did not change it, so that applying always ends with a
// data/manifest.js), syncs the file system (syncfs, unless Durability::NoSync), takes the site's
// publish lock exclusively (site_publish.hpp; it waits for readers such as `trackheat serve` to
// finish opening their files), writes the journal atomically — the commit point — and applies
// it (site_journal.hpp: marker, deletions, renames of the staged files, tiles before the other
// files, data/manifest.js last), syncs again, deletes the journal and the staging folder and
// releases the lock. Until the journal exists the live site is untouched; once it exists, the
// commit is finished by whoever gets there first: the constructor recovers before anything else
// (finish_site_journal: a valid journal is replayed, a corrupt one discarded with the index; a
// staging folder without a journal is deleted, that build never committed), and so do
// `trackheat serve` and the next build's up-to-date check, which are readers (SiteReadLock).
// Readers holding the lock see the old site or the new one. A browser reading the folder from
// disk sees, while the journal is applied, the marker in data/manifest.js (the viewer says the
// map is being updated); site_journal.hpp explains why it never shows a mixed map. The apply is
// short for new tiles (a new zoom, column or whole first build is one folder rename) but costs
// one rename per replaced tile: ~10 µs on a typical disk, 0.1-0.8 ms on the ext4-with-discard VM
// of bench/site_bench.cpp, where freeing the replaced file's blocks dominates.
//
// A build where nothing changed writes no file at all: nothing is staged, no journal, no index.
// (write_manifest keeps the live manifest's build time in that case; see manifest.hpp.)
//
// Concurrency: put() may be called from any number of threads at once; file writes happen
// outside every lock (the produced-tile records are sharded under small mutexes). put_file(),
// has_changes() and commit() are for one thread, after the puts. An advisory lock
// (site/.trackheat/lock) makes a second writer on the same site fail at construction with a
// clear message instead of interleaving two builds.

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/bytes.hpp"
#include "site/site_fs.hpp"
#include "site/site_journal.hpp"
#include "site/site_publish.hpp"
#include "site/tile_index.hpp"
#include "site/tile_key.hpp"

namespace th {

// Points in a build where TileWriterOptions::step_hook runs (tests interrupt builds there).
enum class SiteStep {
  TileStaged,      // after put() wrote a changed tile into the staging folder
  FileStaged,      // after put_file() wrote a changed file into the staging folder
  IndexStaged,     // commit(): the new index is staged, the journal not yet written
  JournalWritten,  // commit(): the commit point has passed, nothing applied yet
  JournalStep,     // commit() or recovery: after each deletion or rename of the journal
  Applied,         // commit(): everything applied, the journal not yet deleted
};

struct TileWriterOptions {
  std::vector<std::string> layers;  // ids of the layers this build renders (valid_layer_id)
  int min_zoom = 0;                 // zooms this build renders, 0 <= min <= max <= kMaxTileZoom
  int max_zoom = 17;
  // Sync: the staged files and the journal reach the disk before the commit point, so a power
  // cut also leaves the old or the new site. NoSync: safe against crashes of the process only.
  Durability durability = Durability::Sync;
  std::function<void(SiteStep)> step_hook;  // tests only; may end the process
};

struct TileWriteStats {
  std::uint64_t tiles_new = 0;        // put() of a tile the live site did not have
  std::uint64_t tiles_changed = 0;    // put() of a tile whose bytes differ from the live one
  std::uint64_t tiles_unchanged = 0;  // put() of a tile equal to the live one: nothing written
  std::uint64_t tiles_deleted = 0;    // live tiles not put (counted when the index knows them)
  std::uint64_t folders_deleted = 0;  // tiles/<layer> or tiles/<layer>/<z> no longer built
  std::uint64_t files_written = 0;    // put_file() calls that changed a file
  std::uint64_t bytes_written = 0;    // bytes of changed tiles and files (not index, journal)
  bool committed = false;             // commit() changed the live site

  std::uint64_t tiles_written() const { return tiles_new + tiles_changed; }
};

class TileWriter {
 public:
  // Validates `options` (std::invalid_argument), creates the site folder if needed, takes the
  // site lock (IoError when another process holds it), recovers an interrupted build, and loads
  // the index of the live tiles. Throws IoError when the site cannot be read or recovered.
  TileWriter(std::filesystem::path site_dir, TileWriterOptions options);
  // Without commit(): deletes what this build staged; the live site stays as it was. After a
  // commit() that failed past its commit point: leaves the journal for the next writer.
  ~TileWriter();
  TileWriter(const TileWriter&) = delete;
  TileWriter& operator=(const TileWriter&) = delete;

  // Offers a non-empty tile of this build; returns whether it differs from the live tile (and
  // was staged). Each (layer, z, x, y) at most once per build (commit() throws std::logic_error
  // otherwise). std::invalid_argument for an unknown layer, a zoom outside the build's range,
  // x or y outside the zoom's grid, or empty `png`; IoError when staging fails (full disk).
  bool put(std::string_view layer, int z, int x, int y, ByteView png);

  // Keeps the live tile (layer, z, x, y) as it is, as if put() had been given its bytes again:
  // for incremental builds that know a tile did not change without encoding it. Returns false
  // (and records nothing) when the live site has no such tile. Thread-safe like put(); the
  // same "at most once per build" rule covers put() and keep() together.
  bool keep(std::string_view layer, int z, int x, int y);
  // Offers a site file other than a tile ("manifest.json", "data/activities.js"): a relative
  // path of safe parts not under tiles/ or .trackheat/. Returns whether it differs from the live
  // file (and was staged). Each path at most once per build.
  bool put_file(std::string_view relative_path, ByteView content);
  bool put_file(std::string_view relative_path, std::string_view content);

  // Whether commit() would change the live site: a tile or file staged, a live tile not put, a
  // layer or zoom folder to delete, or an index to rewrite. Call after the last put().
  bool has_changes() const;

  // Publishes the build (see above) and returns its counts. At most once per writer.
  TileWriteStats commit();

  // Keys of the tiles put or kept so far, sorted (the layer bits index layers()). For one thread,
  // after the puts and before commit(): the viewer's tile list (which tiles exist, so the page
  // never asks for a missing one) is written from it.
  std::vector<LayerTileKey> tiles_put();
  const std::vector<std::string>& layers() const { return options_.layers; }

  // Counts so far (tiles_deleted and folders_deleted are known after commit()).
  TileWriteStats stats() const;
  // What the constructor found left over by an earlier build.
  SiteRecovery recovery() const { return recovery_; }
  const std::filesystem::path& site_dir() const { return site_; }

 private:
  struct OldTile {
    LayerTileKey key;
    std::uint32_t size;
    std::uint64_t hash;
    bool known;  // false: found by walking tiles/ without an index; compare contents
  };
  // put() records land in one of these, chosen by key, so threads rarely share a mutex.
  struct Shard {
    std::mutex mutex;
    std::vector<TileIndexEntry> produced;
  };
  static constexpr std::size_t kShards = 32;
  enum class State { Open, Journaled, Done };

  void recover();
  void stage_updating_marker();
  void load_live_tiles();
  void load_from_index(const TileIndex& index, const std::vector<std::vector<int>>& zoom_dirs);
  void scan_live_tiles(const std::vector<std::vector<int>>& zoom_dirs);
  std::uint32_t layer_number(std::string_view layer) const;
  // Validates a tile's coordinates for put() and keep() and packs them.
  LayerTileKey checked_key(std::string_view layer, int z, int x, int y) const;
  void record_produced(const TileIndexEntry& entry);
  std::string tile_path(const std::filesystem::path& root, LayerTileKey key) const;
  const OldTile* find_old(LayerTileKey key) const;
  void hook(SiteStep step) const;

  std::filesystem::path site_;
  TileWriterOptions options_;
  SitePaths paths_;
  std::unique_ptr<site_fs::FileLock> lock_;
  SiteRecovery recovery_ = SiteRecovery::None;

  std::vector<OldTile> old_;                // live tiles of the built layers and zooms, by key
  std::vector<std::string> stale_folders_;  // site-relative folders no longer built
  std::uint64_t stale_tiles_ = 0;           // index entries inside stale_folders_
  bool index_dirty_ = false;                // the index must be rewritten even if no tile changed

  std::array<Shard, kShards> shards_;

  // Small tiles staged so far by content, so a tile equal to one of them becomes a hard link to
  // it rather than a new file (see put()).
  struct SharedTile {
    std::string path;
    Bytes bytes;
  };
  std::mutex shared_mutex_;
  std::unordered_map<std::uint64_t, SharedTile> shared_;
  void write_or_link(const std::string& path, ByteView png, std::uint64_t hash);
  std::atomic<std::uint64_t> matched_{0};  // puts whose key is in old_
  std::atomic<std::uint64_t> tiles_new_{0}, tiles_changed_{0}, tiles_unchanged_{0};
  std::atomic<std::uint64_t> bytes_written_{0};

  std::mutex files_mutex_;
  std::set<std::string> files_put_;
  std::uint64_t files_written_ = 0;

  State state_ = State::Open;
  std::atomic<bool> staged_flag_{false};  // something was written under staging_
  TileWriteStats final_stats_;
};

}  // namespace th
