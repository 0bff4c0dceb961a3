#include "encode/palette_index.hpp"

#include <algorithm>

#include "encode/color_ramp.hpp"

namespace th {

IndexTable index_table(LayerId layer, const LayerScale& scale) {
  IndexTable table(65536, 0);
  const bool diverging = layer_spec(layer).scale == ScaleKind::Diverging;
  for (std::size_t code = 1; code < table.size(); ++code) {
    const double v = decode_value(layer, static_cast<std::uint16_t>(code));
    table[code] = diverging ? index_for_signed(std::clamp(v / scale.hi, -1.0, 1.0))
                            : index_for(scale_to_t(layer, scale, v));
  }
  return table;
}

bool tile_indices(const TileCodes& tile, LayerId layer, const IndexTable& table,
                  std::vector<std::uint8_t>& indices) {
  indices.assign(static_cast<std::size_t>(kTileSizePx) * kTileSizePx, 0);
  const auto l = static_cast<std::size_t>(layer);
  bool any = false;
  for (std::size_t p = 0; p < tile.pixels.size(); ++p) {
    const std::uint8_t index = table[tile.codes[p * kLayerCount + l]];
    indices[tile.pixels[p]] = index;
    any |= index != 0;
  }
  return any;
}

bool tile_index_pixels(const TileCodes& tile, LayerId layer, const IndexTable& table,
                       std::vector<std::uint32_t>& pixels, std::vector<std::uint8_t>& indices) {
  pixels.clear();
  indices.clear();
  const auto l = static_cast<std::size_t>(layer);
  for (std::size_t p = 0; p < tile.pixels.size(); ++p) {
    const std::uint8_t index = table[tile.codes[p * kLayerCount + l]];
    if (index == 0) continue;
    pixels.push_back(tile.pixels[p]);
    indices.push_back(index);
  }
  return !pixels.empty();
}

}  // namespace th
