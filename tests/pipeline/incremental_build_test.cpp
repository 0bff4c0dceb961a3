// Incremental builds (pipeline/zoom_update.hpp): after a change, the site an incremental build
// leaves must be the one a full build from scratch writes, to the byte, while drawing fewer
// tiles; and a render cache that does not describe the live site is never trusted.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "incremental_fixture.hpp"
#include "pipeline/build.hpp"
#include "pipeline/explorer_layers.hpp"
#include "pipeline/render_cache.hpp"
#include "site_compare.hpp"
#include "store/store.hpp"

namespace th {
namespace {

using Fixture = test::IncrementalFixture;

TEST(IncrementalBuild, AddingAnActivityDrawsOnlyItsTilesAndMatchesAFullBuild) {
  // Enough activities that one more rarely moves a zoom's (snapped) scales.
  Fixture f(80);
  const BuildReport first = run_build(f.options("inc", false, 13));
  EXPECT_EQ(first.zooms_incremental, 0);  // nothing cached yet
  EXPECT_EQ(first.tiles_drawn, first.tiles_in_zooms);

  const BuildReport added = run_build(f.options("inc", true, 13));
  EXPECT_EQ(added.activities, 81);
  ASSERT_EQ(added.drawn, first.drawn + 1) << "the added activity must be one that is drawn";
  EXPECT_EQ(added.zooms_incremental, 14);
  EXPECT_LT(added.tiles_drawn, added.tiles_in_zooms / 2) << "most tiles should be kept";
  EXPECT_LT(added.tiles_encoded, added.tiles_unchanged);
  // Explorer tiles over cells the activity did not change keep their live PNGs.
  EXPECT_EQ(first.explorer_kept, 0u);
  EXPECT_GT(added.explorer_kept, added.explorer_tiles / 2);

  run_build(f.options("full", true, 13));
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST(IncrementalBuild, AScaleThatMovesReencodesItsZoomAndMatchesAFullBuild) {
  // With few activities one more moves most zooms' scales: every tile of those zooms is
  // re-encoded for the layers that moved, still from the cache's plan.
  Fixture f;
  run_build(f.options("inc", false));
  const BuildReport added = run_build(f.options("inc", true));
  ASSERT_EQ(added.activities, 17);
  EXPECT_GT(added.zooms_incremental, 0);
  run_build(f.options("full", true));
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST(IncrementalBuild, TilesRedrawnOverTheirKeptCodesMatchAFullBuild) {
  // Every tile keeps its codes: every dirty tile the live site has is redrawn over them, only
  // near the added activity. With few activities one more moves most zooms' scales, so the
  // other tiles of those zooms are redrawn whole too.
  for (const int activities : {16, 80}) {
    Fixture f(activities);
    f.busy_tile_segments = 0;
    run_build(f.options("inc", false, 13));
    EXPECT_FALSE(std::filesystem::is_empty(f.dir.path() / "cache-inc" / "render" / "codes"));
    const BuildReport added = run_build(f.options("inc", true, 13));
    EXPECT_EQ(added.zooms_incremental, 14) << activities;
    EXPECT_GT(added.tiles_over_kept, 0u) << activities;
    run_build(f.options("full", true, 13));
    expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
  }
}

TEST(IncrementalBuild, AnAddedActivityGrowsTheLiveExplorerMapsByItsCells) {
  // Only added: the live site's explorer maps grow by the new activity's cells instead of
  // every activity's cells being traced again. Some cells are new, and the stats and tiles
  // are those of a full build.
  Fixture f;
  const BuildReport first = run_build(f.options("inc", false));
  const BuildReport added = run_build(f.options("inc", true));
  const BuildReport full = run_build(f.options("full", true));
  for (std::size_t k = 0; k < kExplorerCellZoomCount; ++k) {
    EXPECT_GT(added.explorer[k].visited, first.explorer[k].visited) << k;
    EXPECT_EQ(added.explorer[k], full.explorer[k]) << k;
  }
  EXPECT_GT(added.explorer_kept, 0u);
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST(IncrementalBuild, ACorruptZoomCacheRendersThatZoomInFull) {
  Fixture f;
  const BuildOptions inc = f.options("inc", false);
  run_build(inc);
  // Flip one byte in the middle of a zoom's cache: its checksum fails, that zoom renders in full.
  const auto z12 = zoom_cache_path(inc.cache_dir, 12);
  Bytes bytes = read_file(z12);
  bytes[bytes.size() / 2] ^= 0x40;
  write_file_atomic(z12, ByteView(bytes));
  EXPECT_FALSE(load_zoom_cache(inc.cache_dir, 12).has_value());
  EXPECT_TRUE(load_zoom_cache(inc.cache_dir, 13).has_value());

  const BuildReport r = run_build(f.options("inc", true));
  EXPECT_GT(r.zooms_incremental, 0);
  EXPECT_LT(r.zooms_incremental, 15);
  run_build(f.options("full", true));
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST(IncrementalBuild, ACacheDescribingAnotherSiteIsNotUsed) {
  Fixture f;
  const BuildOptions inc = f.options("inc", false);
  run_build(inc);
  // Another site built with the same cache folder: the caches now describe that site.
  BuildOptions other = f.options("inc", true);
  other.out_dir = f.dir.path() / "site-other";
  run_build(other);

  const BuildReport r = run_build(f.options("inc", true));
  EXPECT_EQ(r.zooms_incremental, 0);
  EXPECT_EQ(r.tiles_drawn, r.tiles_in_zooms);
  run_build(f.options("full", true));
  expect_same_site(f.dir.path() / "site-inc", f.dir.path() / "site-full");
}

TEST(IncrementalBuild, KeptCodesAreTrustedOnlyForTheStateTheyWereDrawnIn) {
  test::ScratchDir dir;
  const BusyTileCodes busy(dir.path(), 10, 3, 17, 1788220800);
  EXPECT_FALSE(busy.is_busy(9));
  EXPECT_TRUE(busy.is_busy(10));
  const TileKey tile{13, 4300, 2900};
  TileCodes codes;
  codes.tile = tile;
  codes.pixels = {0, 7, 65535};
  codes.codes.assign(codes.pixels.size() * kLayerCount, 0);
  for (std::size_t i = 0; i < codes.codes.size(); i += 2)
    codes.codes[i] = static_cast<std::uint16_t>(i + 1);
  const std::uint64_t state = busy.state_of(tile, {11, 22, 33});
  busy.save(PackedTileCodes(codes), state);
  const std::optional<TileCodes> back = busy.load(tile, state);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->tile.packed(), tile.packed());
  EXPECT_EQ(back->pixels, codes.pixels);
  EXPECT_EQ(back->codes, codes.codes);

  // Any other state is another drawing of the tile: other activities, another order, another
  // tile, renderer, chain top or month.
  EXPECT_FALSE(busy.load(tile, busy.state_of(tile, {11, 22})).has_value());
  EXPECT_NE(busy.state_of(tile, {22, 11, 33}), state);
  EXPECT_NE(busy.state_of(TileKey{13, 4300, 2901}, {11, 22, 33}), state);
  EXPECT_NE(BusyTileCodes(dir.path(), 10, 4, 17, 1788220800).state_of(tile, {11, 22, 33}), state);
  EXPECT_NE(BusyTileCodes(dir.path(), 10, 3, 16, 1788220800).state_of(tile, {11, 22, 33}), state);
  EXPECT_NE(BusyTileCodes(dir.path(), 10, 3, 17, 1790899200).state_of(tile, {11, 22, 33}), state);
  EXPECT_FALSE(busy.load(TileKey{13, 4300, 2901}, state).has_value());

  // A damaged or truncated file is not trusted; a dropped tile or zoom is gone.
  const auto file = dir.path() / "render" / "codes" / "z13" / "4300-2900.bin";
  const Bytes bytes = read_file(file);
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    write_file_atomic(file, ByteView(bytes).first(n));
    EXPECT_FALSE(busy.load(tile, state).has_value()) << n;
  }
  Bytes flipped = bytes;
  flipped[30] ^= 0x01;
  write_file_atomic(file, ByteView(flipped));
  EXPECT_FALSE(busy.load(tile, state).has_value());
  write_file_atomic(file, ByteView(bytes));
  ASSERT_TRUE(busy.load(tile, state).has_value());
  busy.drop(tile);
  EXPECT_FALSE(busy.load(tile, state).has_value());
  busy.save(PackedTileCodes(codes), state);
  busy.drop_zoom(13);
  EXPECT_FALSE(busy.load(tile, state).has_value());
}

TEST(IncrementalBuild, RenderCacheRoundTripsAndRejectsTruncation) {
  ZoomCache c;
  c.renderer = 2;
  c.zoom = 3;
  c.chain_top = 17;
  c.render_now = 1788220800;
  c.site_fingerprint = "abc";
  c.keys = {11, 22, 33};
  c.tiles = {{1, 2, {0, 2}}, {1, 3, {1}}, {4, 0, {}}};
  c.histograms = {};
  for (auto& h : c.histograms) h.assign(65536, 0);
  c.histograms[0][7] = 5;
  c.histograms[10][65535] = 1ull << 40;
  const Bytes bytes = encode_zoom_cache(c);
  const auto back = decode_zoom_cache(bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->renderer, 2);
  EXPECT_EQ(back->zoom, 3);
  EXPECT_EQ(back->chain_top, 17);
  EXPECT_EQ(back->render_now, c.render_now);
  EXPECT_EQ(back->site_fingerprint, "abc");
  EXPECT_EQ(back->keys, c.keys);
  ASSERT_EQ(back->tiles.size(), 3u);
  EXPECT_EQ(back->tiles[0].slots, (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(back->tiles[2].x, 4u);
  EXPECT_EQ(back->histograms, c.histograms);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_zoom_cache(ByteView(bytes).first(n)).has_value()) << n;
  }
  ZoomCache unsorted = c;
  std::swap(unsorted.tiles[0], unsorted.tiles[1]);
  EXPECT_FALSE(decode_zoom_cache(encode_zoom_cache(unsorted)).has_value());
  ZoomCache bad_slot = c;
  bad_slot.tiles[1].slots = {3};
  EXPECT_FALSE(decode_zoom_cache(encode_zoom_cache(bad_slot)).has_value());
}

}  // namespace
}  // namespace th
