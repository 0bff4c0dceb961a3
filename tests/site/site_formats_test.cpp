// The writer's own files read back from disk — the tile index and the commit journal — are
// hostile input: every truncation and every bit flip is rejected cleanly (ASan build), and a site
// with a damaged index still builds correctly by comparing tile contents.
#include <gtest/gtest.h>

#include "site/site_journal.hpp"
#include "site/tile_index.hpp"
#include "site/tile_writer.hpp"
#include "site_test_util.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

TileIndex sample_index() {
  TileIndex index;
  index.layers = {"frequency-linear", "pace", "hill"};
  for (std::uint32_t layer = 0; layer < 3; ++layer) {
    for (std::uint32_t i = 0; i < 40; ++i) {
      index.entries.push_back({pack_layer_tile(layer, TileKey{14, 8700 + i, 5600 + i % 7}), 300 + i,
                               0x1234567890abcdefull * (i + 1)});
    }
  }
  return index;
}

TEST(TileIndexFormat, RoundTrips) {
  const TileIndex index = sample_index();
  const auto back = decode_tile_index(encode_tile_index(index));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->layers, index.layers);
  ASSERT_EQ(back->entries.size(), index.entries.size());
  for (std::size_t i = 0; i < index.entries.size(); ++i) {
    EXPECT_EQ(back->entries[i].key, index.entries[i].key);
    EXPECT_EQ(back->entries[i].size, index.entries[i].size);
    EXPECT_EQ(back->entries[i].hash, index.entries[i].hash);
  }
  const auto empty = decode_tile_index(encode_tile_index(TileIndex{}));
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->entries.empty());
}

TEST(TileIndexFormat, EveryTruncationAndBitFlipIsRejected) {
  const Bytes good = encode_tile_index(sample_index());
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_tile_index(ByteView(good).first(n)).has_value()) << "length " << n;
  }
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes bad = good;
      bad[i] ^= static_cast<std::uint8_t>(1u << bit);
      ASSERT_FALSE(decode_tile_index(bad).has_value()) << "byte " << i << " bit " << bit;
    }
  }
}

// Checksums catch random damage; these are consistent-looking files that lie, built with a
// valid checksum: unsorted keys, keys outside their zoom, layer numbers beyond the table, a
// bad layer id, a count that does not match the bytes.
TEST(TileIndexFormat, WellFormedLiesAreRejected) {
  const auto rejects = [](const TileIndex& index) {
    return !decode_tile_index(encode_tile_index(index)).has_value();
  };
  TileIndex unsorted = sample_index();
  std::swap(unsorted.entries[3], unsorted.entries[4]);
  EXPECT_TRUE(rejects(unsorted));
  TileIndex duplicate = sample_index();
  duplicate.entries[4].key = duplicate.entries[3].key;
  EXPECT_TRUE(rejects(duplicate));
  TileIndex outside = sample_index();
  outside.entries.back().key = pack_layer_tile(2, TileKey{3, 9, 0});  // x = 9 at zoom 3
  EXPECT_TRUE(rejects(outside));
  TileIndex deep = sample_index();
  deep.entries.back().key = pack_layer_tile(2, TileKey{25, 0, 0});
  EXPECT_TRUE(rejects(deep));
  TileIndex no_layer = sample_index();
  no_layer.layers.pop_back();
  EXPECT_TRUE(rejects(no_layer));
  TileIndex bad_id = sample_index();
  bad_id.layers[0] = "../x";
  EXPECT_TRUE(rejects(bad_id));
}

TEST(TileIndexFormat, ADamagedIndexOnDiskFallsBackToComparingTiles) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  test::BuildSpec b;
  b.options.layers = {"pace"};
  b.options.durability = Durability::NoSync;
  for (int i = 0; i < 20; ++i) b.tiles.push_back({"pace", 10, 500 + i, 300, test::fake_png(i)});
  test::run_build(site, b);
  const auto index_file = site / ".trackheat/tile-index";
  const Bytes good = read_file(index_file);
  for (const std::size_t offset :
       {std::size_t{0}, std::size_t{10}, good.size() / 2, good.size() - 1}) {
    Bytes bad = good;
    bad[offset] ^= 0x40;
    write_file_atomic(index_file, bad);
    const auto tiles_before = test::snapshot(site / "tiles");
    const TileWriteStats s = test::run_build(site, b);
    EXPECT_EQ(s.tiles_unchanged, 20u) << offset;
    EXPECT_EQ(s.tiles_written(), 0u);
    EXPECT_TRUE(s.committed);  // the index is written again
    EXPECT_EQ(test::snapshot(site / "tiles"), tiles_before);
    EXPECT_EQ(read_file(index_file), good);
  }
}

SiteJournal sample_journal() {
  SiteJournal j;
  j.remove_trees = {"tiles/old-layer", "tiles/pace/17"};
  j.remove_tiles = {"tiles/pace/12/2176/1420.png", "tiles/frequency-linear/3/4/2.png"};
  return j;
}

TEST(SiteJournalFormat, RoundTripsAndRejectsEveryTruncationAndBitFlip) {
  const std::string good = encode_site_journal(sample_journal());
  const auto back = decode_site_journal(good);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->remove_trees, sample_journal().remove_trees);
  EXPECT_EQ(back->remove_tiles, sample_journal().remove_tiles);
  const auto empty = decode_site_journal(encode_site_journal({}));
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->remove_tiles.empty());

  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_site_journal(good.substr(0, n)).has_value()) << "length " << n;
  }
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      ASSERT_FALSE(decode_site_journal(bad).has_value()) << "byte " << i << " bit " << bit;
    }
  }
}

TEST(SiteJournalFormat, OnlyPlainPathsUnderTilesAreAccepted) {
  for (const char* ok : {"tiles/pace", "tiles/pace/12", "tiles/pace/12/2176/1420.png"}) {
    EXPECT_TRUE(safe_journal_path(ok)) << ok;
  }
  for (const char* bad :
       {"", "tiles", "tiles/", "/tiles/pace", "tiles/../x", "tiles/./pace", "tiles//pace",
        "tiles/.hidden", "tiles/pa ce", "tiles/pace\n", "data/activities.js", "manifest.json",
        "tiles/a/b/c/d/e", "tiles/p\\ace"}) {
    EXPECT_FALSE(safe_journal_path(bad)) << bad;
    SiteJournal j;
    j.remove_tiles = {bad};
    EXPECT_FALSE(decode_site_journal(encode_site_journal(j)).has_value()) << bad;
  }
  EXPECT_TRUE(safe_site_path("data/activities.js"));
  EXPECT_TRUE(safe_site_path("index.html"));
  EXPECT_FALSE(safe_site_path(".trackheat/tile-index"));
  EXPECT_FALSE(safe_site_path("data/../../x"));
}

}  // namespace
}  // namespace th
