#pragma once
// Tile keys: (layer, z, x, y) packed into one 64-bit integer so the tile writer keeps its sets of
// tiles as flat sorted vectors (8 bytes a key instead of a string path).
//
// Layout, high to low bits: layer index (11) | z (5) | x (24) | y (24). Ordering keys orders tiles
// by layer, zoom, x, y, which is also the order of the tile index file. The layer index refers to
// a layer table kept beside the keys (TileWriterOptions::layers, or the table of an index file).

#include <cstdint>
#include <string_view>

namespace th {

inline constexpr int kMaxTileZoom = 24;              // x and y fit 24 bits up to here
inline constexpr std::uint32_t kMaxTileLayers = 2048;  // 11 bits of layer index

using TileKey = std::uint64_t;

struct TileCoord {
  std::uint32_t layer = 0;
  int z = 0;
  std::uint32_t x = 0;
  std::uint32_t y = 0;
};

// Precondition: layer < kMaxTileLayers, 0 <= z <= kMaxTileZoom, x and y < 2^z.
constexpr TileKey pack_tile_key(std::uint32_t layer, int z, std::uint32_t x, std::uint32_t y) {
  return (static_cast<TileKey>(layer) << 53) | (static_cast<TileKey>(z) << 48) |
         (static_cast<TileKey>(x) << 24) | static_cast<TileKey>(y);
}

constexpr TileCoord unpack_tile_key(TileKey key) {
  return TileCoord{static_cast<std::uint32_t>(key >> 53), static_cast<int>((key >> 48) & 0x1f),
                   static_cast<std::uint32_t>((key >> 24) & 0xffffff),
                   static_cast<std::uint32_t>(key & 0xffffff)};
}

// True when the key's z is at most kMaxTileZoom and its x and y lie inside the zoom's grid.
constexpr bool valid_tile_key(TileKey key) {
  const TileCoord c = unpack_tile_key(key);
  return c.z <= kMaxTileZoom && (c.x >> c.z) == 0 && (c.y >> c.z) == 0;
}

// Layer ids become folder names under tiles/: 1 to 64 characters of [A-Za-z0-9_-], starting with
// a letter or digit (so never ".", "..", a hidden name or an option-looking "-x").
constexpr bool valid_layer_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '-' && c != '_'))) return false;
  }
  return true;
}

}  // namespace th
