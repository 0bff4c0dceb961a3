#pragma once
// Helpers for the site writer's tests: fake tiles, whole-folder snapshots, one-call builds.

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/hash.hpp"
#include "site/tile_writer.hpp"

namespace th::test {

// Bytes standing in for a PNG (the writer never decodes tiles): deterministic per seed.
// Writer options for a test build: these layers and zooms, no fsync (tests are not power cuts).
inline TileWriterOptions options(std::vector<std::string> layers, int min_zoom, int max_zoom) {
  TileWriterOptions o;
  o.layers = std::move(layers);
  o.min_zoom = min_zoom;
  o.max_zoom = max_zoom;
  o.durability = Durability::NoSync;
  return o;
}

inline Bytes fake_png(std::uint32_t seed, std::size_t size = 300) {
  Bytes b(size);
  std::uint32_t s = seed * 2654435761u + 12345u;
  for (auto& v : b) {
    s = s * 1664525u + 1013904223u;
    v = static_cast<std::uint8_t>(s >> 24);
  }
  return b;
}

struct TileSpec {
  std::string layer;
  int z, x, y;
  Bytes png;
};

struct BuildSpec {
  TileWriterOptions options;
  std::vector<TileSpec> tiles;
  std::map<std::string, std::string> files;  // put_file() path → content
};

inline TileWriteStats run_build(const std::filesystem::path& site, const BuildSpec& spec) {
  TileWriter writer(site, spec.options);
  for (const TileSpec& t : spec.tiles) writer.put(t.layer, t.z, t.x, t.y, t.png);
  for (const auto& [path, content] : spec.files) writer.put_file(path, content);
  return writer.commit();
}

inline std::string digest(std::string_view content) {
  return std::to_string(content.size()) + " bytes, hash " +
         content_hash(
             ByteView(reinterpret_cast<const std::uint8_t*>(content.data()), content.size()));
}

struct FileState {
  std::string content;
  ino_t inode = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileState&) const = default;
};

// Every regular file under `root` by relative path, except the lock files (created by every
// writer and reader, never part of the site's content).
inline std::map<std::string, FileState> snapshot(const std::filesystem::path& root) {
  std::map<std::string, FileState> files;
  if (!std::filesystem::exists(root)) return files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = std::filesystem::relative(e.path(), root).generic_string();
    if (rel == ".trackheat/lock" || rel == ".trackheat/publish-lock") continue;
    struct stat st {};
    ::stat(e.path().c_str(), &st);
    const Bytes bytes = read_file(e.path());
    files[rel] =
        FileState{std::string(bytes.begin(), bytes.end()), st.st_ino,
                  static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
  }
  return files;
}

// Relative path → "<size> bytes, hash <content hash>" (for comparing sites built in different
// folders, with readable failure messages).
inline std::map<std::string, std::string> contents(const std::filesystem::path& root) {
  std::map<std::string, std::string> out;
  for (auto& [path, state] : snapshot(root)) out[path] = digest(state.content);
  return out;
}

// Every folder under `root`, relative (to check that emptied folders are removed).
inline std::vector<std::string> folders(const std::filesystem::path& root) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (e.is_directory()) {
      out.push_back(std::filesystem::relative(e.path(), root).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string tile_rel(const TileSpec& t) {
  return "tiles/" + t.layer + "/" + std::to_string(t.z) + "/" + std::to_string(t.x) + "/" +
         std::to_string(t.y) + ".png";
}

// What the site's content must be after `spec` was committed: its tiles and files.
inline std::map<std::string, std::string> expected_content(const BuildSpec& spec) {
  std::map<std::string, std::string> out;
  for (const TileSpec& t : spec.tiles)
    out[tile_rel(t)] = digest(std::string(t.png.begin(), t.png.end()));
  for (const auto& [path, content] : spec.files) out[path] = digest(content);
  return out;
}

// `contents()` without the index (whose bytes other tests check separately).
inline std::map<std::string, std::string> site_files(const std::filesystem::path& root) {
  auto c = contents(root);
  c.erase(".trackheat/tile-index");
  return c;
}

}  // namespace th::test
