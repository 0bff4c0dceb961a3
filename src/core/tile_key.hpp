#pragma once
// The one tile key of the project: an XYZ (Web Mercator, y down) tile (z, x, y).
//
// - Ordering: by z, then x, then y (the order of tile files in the site index and of a zoom's
//   tiles in the renderer).
// - packed(): the same key in one 64-bit integer, z (bits 48..52) | x (24..47) | y (0..23), for
//   flat sorted vectors and hot loops; packed keys order exactly like the keys. Valid keys only
//   (valid(): z <= kMaxTileZoom, x and y inside the zoom's grid); unpack() is its inverse.
// - std::hash<TileKey> hashes the packed form.
// The site's keys add a layer above these bits (site/tile_key.hpp).

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace th {

inline constexpr int kMaxTileZoom = 24;  // x and y fit 24 bits up to here

struct TileKey {
  int z = 0;
  std::uint32_t x = 0;
  std::uint32_t y = 0;

  friend constexpr bool operator==(const TileKey&, const TileKey&) = default;
  friend constexpr auto operator<=>(const TileKey&, const TileKey&) = default;

  // True when 0 <= z <= kMaxTileZoom and x, y < 2^z.
  constexpr bool valid() const {
    return z >= 0 && z <= kMaxTileZoom && (x >> z) == 0 && (y >> z) == 0;
  }

  // Precondition: valid().
  constexpr std::uint64_t packed() const {
    return (static_cast<std::uint64_t>(z) << 48) | (static_cast<std::uint64_t>(x) << 24) | y;
  }
  // The key of a packed value; bits above bit 52 are ignored.
  static constexpr TileKey unpack(std::uint64_t bits) {
    return TileKey{static_cast<int>((bits >> 48) & 0x1f),
                   static_cast<std::uint32_t>((bits >> 24) & 0xffffff),
                   static_cast<std::uint32_t>(bits & 0xffffff)};
  }
};

}  // namespace th

template <>
struct std::hash<th::TileKey> {
  std::size_t operator()(const th::TileKey& k) const noexcept {
    return std::hash<std::uint64_t>{}(k.packed());
  }
};
