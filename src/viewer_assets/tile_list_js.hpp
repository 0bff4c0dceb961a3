#pragma once
// data/tiles.js: which tiles a build wrote, per zoom, with one bit per layer.
//
//   window.TRACKHEAT_TILES = {"version":1,"layers":["frequency-linear",...],
//                             "zooms":{"12":[dx,dy,mask, dx,dy,mask, ...], ...}};
// Tiles of one zoom are sorted by x, then y. dx is x minus the previous tile's x (the first
// tile's previous x is 0); dy is y minus the previous y when dx is 0, else y itself; bit i of
// mask is set when layer i (of "layers") has that tile. Zooms without tiles are left out.
// Deltas keep the file small: a tile costs about 8 bytes (a site of 100 000 tile positions,
// all layers sharing them, is under 1 MB).

#include <string>
#include <vector>

#include "site/tile_key.hpp"

namespace th {

// `keys` as TileWriter::tiles_put() returns them (layer bits index `layers`); any order.
// std::invalid_argument when a key's layer is outside `layers` or there are more than 31
// layers (the mask is a JavaScript number used as a bit set).
std::string tile_list_js(const std::vector<LayerTileKey>& keys,
                         const std::vector<std::string>& layers);

}  // namespace th
