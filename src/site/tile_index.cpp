#include "site/tile_index.hpp"

#include <charconv>
#include <cstring>

#include "core/byte_io.hpp"
#include "core/hash.hpp"

namespace th {

namespace {

constexpr char kMagic[8] = {'T', 'H', 'T', 'I', 'D', 'X', '0', '1'};
constexpr std::size_t kEntryBytes = 20;

}  // namespace

std::uint64_t tile_content_hash(ByteView bytes) {
  const std::string hex = content_hash(bytes);  // 32 hex digits, the high 64 bits first
  std::uint64_t v = 0;
  std::from_chars(hex.data(), hex.data() + 16, v, 16);
  return v;
}

Bytes encode_tile_index(const TileIndex& index) {
  std::size_t size = 8 + 4 + 8 + index.entries.size() * kEntryBytes + 8;
  for (const std::string& id : index.layers) size += 1 + id.size();
  Bytes out;
  out.reserve(size);
  ByteWriter w(out);
  w.raw(kMagic, 8);
  w.le(index.layers.size(), 4);
  for (const std::string& id : index.layers) {
    w.le(id.size(), 1);
    w.raw(id.data(), id.size());
  }
  w.le(index.entries.size(), 8);
  for (const TileIndexEntry& e : index.entries) {
    w.le(e.key, 8);
    w.le(e.size, 4);
    w.le(e.hash, 8);
  }
  w.le(tile_content_hash(ByteView(out).first(w.pos())), 8);
  return out;
}

std::optional<TileIndex> decode_tile_index(ByteView bytes) {
  if (bytes.size() < 8 + 4 + 8 + 8 || std::memcmp(bytes.data(), kMagic, 8) != 0) {
    return std::nullopt;
  }
  const ByteView body = bytes.first(bytes.size() - 8);
  ByteReader check(bytes.subspan(bytes.size() - 8));
  if (check.le(8) != tile_content_hash(body)) return std::nullopt;

  ByteReader in(body);
  in.take(8);
  TileIndex index;
  const std::uint64_t layer_count = in.le(4);
  if (layer_count > kMaxTileLayers) return std::nullopt;
  for (std::uint64_t i = 0; i < layer_count; ++i) {
    if (!in.has(1)) return std::nullopt;
    const std::size_t n = static_cast<std::size_t>(in.le(1));
    if (!in.has(n)) return std::nullopt;
    const ByteView id = in.take(n);
    std::string name(id.begin(), id.end());
    if (!valid_layer_id(name)) return std::nullopt;
    index.layers.push_back(std::move(name));
  }
  if (!in.has(8)) return std::nullopt;
  const std::uint64_t count = in.le(8);
  // Exactly the remaining bytes, checked by division so a huge count cannot overflow.
  if (in.remaining() % kEntryBytes != 0 || in.remaining() / kEntryBytes != count) {
    return std::nullopt;
  }
  index.entries.resize(static_cast<std::size_t>(count));
  LayerTileKey previous = 0;
  for (std::size_t i = 0; i < index.entries.size(); ++i) {
    TileIndexEntry& e = index.entries[i];
    e.key = in.le(8);
    e.size = static_cast<std::uint32_t>(in.le(4));
    e.hash = in.le(8);
    if (!valid_layer_tile_key(e.key) || unpack_layer_tile(e.key).layer >= layer_count)
      return std::nullopt;
    if (i > 0 && e.key <= previous) return std::nullopt;
    previous = e.key;
  }
  return index;
}

}  // namespace th
