// The kept codes of a busy tile as read back from the render cache (PackedTileCodes::
// unpack_bytes, behind the cache file's checksum), and the round trip of what it accepts.
//
// Properties: reading never fails other than by nullopt; codes it accepts have increasing
// pixels and a code in every pixel, and packing them again reads back the very same codes.
#include <algorithm>
#include <cstdlib>

#include "render/packed_codes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const th::TileKey tile{13, 4355, 2874};
  const std::optional<th::TileCodes> codes =
      th::PackedTileCodes::unpack_bytes(tile, th::ByteView(data, size));
  if (!codes) return 0;
  const std::size_t n = codes->pixels.size();
  if (codes->codes.size() != n * th::kLayerCount || !(codes->tile == tile)) std::abort();
  for (std::size_t p = 0; p < n; ++p) {
    if (p > 0 && codes->pixels[p] <= codes->pixels[p - 1]) std::abort();
    const auto first = codes->codes.begin() + static_cast<std::ptrdiff_t>(p * th::kLayerCount);
    if (std::all_of(first, first + th::kLayerCount, [](std::uint16_t c) { return c == 0; })) {
      std::abort();
    }
  }
  th::Bytes again;
  th::PackedTileCodes(*codes).append_to(again);
  const std::optional<th::TileCodes> back = th::PackedTileCodes::unpack_bytes(tile, again);
  if (!back || back->pixels != codes->pixels || back->codes != codes->codes) std::abort();
  return 0;
}
