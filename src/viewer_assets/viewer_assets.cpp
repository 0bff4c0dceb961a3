#include "viewer_assets/viewer_assets.hpp"

#include "core/hash.hpp"
#include "site/tile_writer.hpp"
#include "viewer_assets/basemap_keys.hpp"
#include "viewer_assets/embedded_assets.hpp"
#include "viewer_assets/tile_list_js.hpp"

namespace th {

void write_viewer_assets(TileWriter& writer) {
  for (const EmbeddedAsset& asset : embedded_assets()) {
    writer.put_file(asset.path, ByteView(asset.data, asset.size));
  }
  writer.put_file("data/basemaps.js", basemaps_js(basemap_keys()));
  writer.put_file("data/tiles.js", tile_list_js(writer.tiles_put(), writer.layers()));
}

std::string viewer_assets_hash() {
  std::string text = "trackheat-viewer 1\n";
  for (const EmbeddedAsset& asset : embedded_assets()) {
    text.append(asset.path);
    text += '\n';
    text.append(reinterpret_cast<const char*>(asset.data), asset.size);
    text += '\n';
  }
  text += basemaps_js(basemap_keys());
  return content_hash(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace th
