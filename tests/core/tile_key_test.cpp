#include "core/tile_key.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace th {
namespace {

TEST(TileKey, PackedRoundTripsAtTheGridCorners) {
  for (int z = 0; z <= kMaxTileZoom; ++z) {
    const std::uint32_t last = (1u << z) - 1;
    for (const TileKey k :
         {TileKey{z, 0, 0}, TileKey{z, last, 0}, TileKey{z, 0, last}, TileKey{z, last, last}}) {
      ASSERT_TRUE(k.valid());
      EXPECT_EQ(TileKey::unpack(k.packed()), k);
    }
  }
}

TEST(TileKey, PackedKeysOrderLikeTheKeys) {
  std::vector<TileKey> keys = {{3, 7, 0},        {3, 0, 7}, {2, 3, 3}, {12, 2179, 1421},
                               {12, 2179, 1420}, {0, 0, 0}, {24, 1, 0}};
  std::vector<TileKey> by_struct = keys;
  std::sort(by_struct.begin(), by_struct.end());
  std::sort(keys.begin(), keys.end(),
            [](const TileKey& a, const TileKey& b) { return a.packed() < b.packed(); });
  EXPECT_EQ(keys, by_struct);
  EXPECT_EQ(by_struct.front(), (TileKey{0, 0, 0}));
  EXPECT_EQ(by_struct[1], (TileKey{2, 3, 3}));
  EXPECT_EQ(by_struct[2], (TileKey{3, 0, 7}));  // z, then x, then y
}

TEST(TileKey, ValidOnlyInsideTheZoomsGrid) {
  EXPECT_TRUE((TileKey{0, 0, 0}.valid()));
  EXPECT_FALSE((TileKey{0, 1, 0}.valid()));
  EXPECT_FALSE((TileKey{3, 8, 0}.valid()));
  EXPECT_FALSE((TileKey{3, 0, 8}.valid()));
  EXPECT_FALSE((TileKey{kMaxTileZoom + 1, 0, 0}.valid()));
  EXPECT_FALSE((TileKey{-1, 0, 0}.valid()));
}

TEST(TileKey, HashesTellNeighboursApart) {
  std::unordered_set<TileKey> set;
  for (std::uint32_t x = 0; x < 16; ++x) {
    for (std::uint32_t y = 0; y < 16; ++y) set.insert(TileKey{4, x, y});
  }
  set.insert(TileKey{5, 0, 0});
  EXPECT_EQ(set.size(), 257u);
  EXPECT_TRUE(set.contains(TileKey{4, 15, 15}));
  EXPECT_FALSE(set.contains(TileKey{6, 0, 0}));
}

}  // namespace
}  // namespace th
