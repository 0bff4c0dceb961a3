#pragma once
// The tile index: what the live site's tiles/ folder holds, as (key, size, content hash) per
// tile, so a rebuild decides "unchanged" without opening the old tile (see tile_writer.hpp for
// the measurements behind that choice). It lives at site/.trackheat/tile-index and is replaced
// in the same journalled commit as the tiles it describes, so it never disagrees with them after
// a crash.
//
// File format (little-endian), version 1:
//   8 bytes  magic "THTIDX01"
//   u32      layer count L (<= kMaxTileLayers), then L times: u8 length, that many bytes of id
//   u64      entry count N, then N entries of 20 bytes: u64 key, u32 size, u64 hash
//            (keys strictly ascending, each valid_layer_tile_key(), layer bits < L)
//   u64      check: tile_content_hash() of every byte before it
// Decoding treats the file as hostile: any inconsistency gives nullopt, never a crash.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "site/tile_key.hpp"

namespace th {

struct TileIndexEntry {
  LayerTileKey key = 0;
  std::uint32_t size = 0;  // bytes of the PNG
  std::uint64_t hash = 0;  // tile_content_hash() of the PNG
};

struct TileIndex {
  std::vector<std::string> layers;      // layer bits of the keys index this table
  std::vector<TileIndexEntry> entries;  // sorted by key, keys unique
};

// The first 64 bits of th::content_hash (XXH3-128): a changed tile of the same size goes unseen
// with probability 2^-64.
std::uint64_t tile_content_hash(ByteView bytes);

// Precondition: `index` satisfies the invariants above (entries sorted, unique, valid).
Bytes encode_tile_index(const TileIndex& index);

// nullopt when the bytes are not a complete, consistent version-1 index.
std::optional<TileIndex> decode_tile_index(ByteView bytes);

}  // namespace th
