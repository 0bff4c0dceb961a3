#include "viewer_assets/tile_list_js.hpp"

#include <algorithm>
#include <stdexcept>

#include "site/json_text.hpp"

namespace th {

std::string tile_list_js(const std::vector<LayerTileKey>& keys,
                         const std::vector<std::string>& layers) {
  if (layers.size() > 31) throw std::invalid_argument("tile_list_js: more than 31 layers");
  struct Position {
    std::uint64_t key;
    std::uint32_t mask;
  };
  std::vector<Position> positions;
  positions.reserve(keys.size());
  for (const LayerTileKey key : keys) {
    const LayerTile c = unpack_layer_tile(key);
    if (c.layer >= layers.size()) throw std::invalid_argument("tile_list_js: unknown layer");
    positions.push_back({c.tile.packed(), 1u << c.layer});  // the layer goes into the mask
  }
  std::sort(positions.begin(), positions.end(),
            [](const Position& a, const Position& b) { return a.key < b.key; });

  std::string out = R"(window.TRACKHEAT_TILES = {"version":1,"layers":[)";
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (i > 0) out += ',';
    json_text::append_string(out, layers[i]);
  }
  out += "],\"zooms\":{";
  int zoom = -1;
  std::int64_t prev_x = 0, prev_y = 0;
  for (std::size_t i = 0; i < positions.size();) {
    const std::uint64_t key = positions[i].key;
    std::uint32_t mask = 0;
    for (; i < positions.size() && positions[i].key == key; ++i) mask |= positions[i].mask;
    const TileKey tile = TileKey::unpack(key);
    const int z = tile.z;
    const auto x = static_cast<std::int64_t>(tile.x);
    const auto y = static_cast<std::int64_t>(tile.y);
    if (z != zoom) {
      if (zoom >= 0) out += "],";
      out += '"';
      json_text::append_int(out, z);
      out += "\":[";
      zoom = z;
      prev_x = prev_y = 0;
    } else {
      out += ',';
    }
    const std::int64_t dx = x - prev_x;
    json_text::append_int(out, dx);
    out += ',';
    json_text::append_int(out, dx == 0 ? y - prev_y : y);
    out += ',';
    json_text::append_int(out, mask);
    prev_x = x;
    prev_y = y;
  }
  if (zoom >= 0) out += ']';
  out += "}};\n";
  return out;
}

}  // namespace th
