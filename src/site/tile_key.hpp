#pragma once
// Layer tile keys: a layer index above the one tile key (core/tile_key.hpp), packed into one
// 64-bit integer so the tile writer keeps its sets of tiles as flat sorted vectors (8 bytes a
// key instead of a string path).
//
// Layout, high to low bits: layer index (11) | TileKey::packed() (z 5 | x 24 | y 24). Ordering
// keys orders tiles by layer, zoom, x, y, which is also the order of the tile index file. The
// layer index refers to a layer table kept beside the keys (TileWriterOptions::layers, or the
// table of an index file).

#include <cstdint>
#include <string_view>

#include "core/tile_key.hpp"

namespace th {

inline constexpr std::uint32_t kMaxTileLayers = 2048;  // 11 bits of layer index

using LayerTileKey = std::uint64_t;

struct LayerTile {
  std::uint32_t layer = 0;
  TileKey tile;
};

// Precondition: layer < kMaxTileLayers, tile.valid().
constexpr LayerTileKey pack_layer_tile(std::uint32_t layer, const TileKey& tile) {
  return (static_cast<LayerTileKey>(layer) << 53) | tile.packed();
}

constexpr LayerTile unpack_layer_tile(LayerTileKey key) {
  return LayerTile{static_cast<std::uint32_t>(key >> 53), TileKey::unpack(key)};
}

// True when the key's tile is valid (z at most kMaxTileZoom, x and y inside the zoom's grid).
constexpr bool valid_layer_tile_key(LayerTileKey key) {
  return unpack_layer_tile(key).tile.valid();
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
