#include "viewer_assets/tile_list_js.hpp"

#include <algorithm>
#include <stdexcept>

#include "site/json_text.hpp"

namespace th {

namespace {

// Sort key of one tile position: z, then x, then y (the layer is folded into the mask).
std::uint64_t position_key(const TileCoord& c) {
  return (static_cast<std::uint64_t>(c.z) << 48) | (static_cast<std::uint64_t>(c.x) << 24) | c.y;
}

}  // namespace

std::string tile_list_js(std::vector<TileKey> keys, const std::vector<std::string>& layers) {
  if (layers.size() > 31) throw std::invalid_argument("tile_list_js: more than 31 layers");
  struct Position {
    std::uint64_t key;
    std::uint32_t mask;
  };
  std::vector<Position> positions;
  positions.reserve(keys.size());
  for (const TileKey key : keys) {
    const TileCoord c = unpack_tile_key(key);
    if (c.layer >= layers.size()) throw std::invalid_argument("tile_list_js: unknown layer");
    positions.push_back({position_key(c), 1u << c.layer});
  }
  std::sort(positions.begin(), positions.end(),
            [](const Position& a, const Position& b) { return a.key < b.key; });

  std::string out = "window.TRACKHEAT_TILES = {\"version\":1,\"layers\":[";
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
    const int z = static_cast<int>(key >> 48);
    const auto x = static_cast<std::int64_t>((key >> 24) & 0xffffff);
    const auto y = static_cast<std::int64_t>(key & 0xffffff);
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
