#pragma once
// The viewer page in the site: index.html, assets/ (the page's scripts and styles, Leaflet) and
// the two data files only the viewer reads:
//   data/tiles.js      which tiles this build wrote (tile_list_js.hpp), so the page never asks
//                      for a missing one;
//   data/basemaps.js   keys of keyed base-map providers (basemap_keys.hpp), empty when none.
// Everything goes through the build's TileWriter (staged, published atomically with the tiles,
// files rewritten only when their bytes change).

#include <string>

namespace th {

class TileWriter;

// Offers every viewer file to `writer`. Call after the last put() of a tile (data/tiles.js
// lists the tiles put so far) and before write_manifest().
void write_viewer_assets(TileWriter& writer);

// A hash of everything write_viewer_assets writes except the tile list: the embedded files and
// the base-map key configuration. Part of the build fingerprint, so a new binary with a new page
// (or a newly configured key) rewrites the site even when the activities did not change.
std::string viewer_assets_hash();

}  // namespace th
