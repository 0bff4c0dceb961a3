// TileWriter: only changed tiles are written, emptied tiles and dropped layers/zooms are deleted,
// a build that changes nothing writes nothing, puts from several threads, argument checks.
#include "site/tile_writer.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "core/errors.hpp"
#include "site/tile_index.hpp"
#include "site_test_util.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

using test::BuildSpec;
using test::fake_png;
using test::options;
using test::TileSpec;

// Two layers, zooms 0..3, a handful of tiles each, plus two site files.
BuildSpec small_build() {
  BuildSpec b;
  b.options = options({"frequency-linear", "pace"}, 0, 3);
  std::uint32_t seed = 1;
  for (const char* layer : {"frequency-linear", "pace"}) {
    b.tiles.push_back({layer, 0, 0, 0, fake_png(seed++)});
    b.tiles.push_back({layer, 1, 1, 0, fake_png(seed++)});
    b.tiles.push_back({layer, 2, 2, 1, fake_png(seed++)});
    b.tiles.push_back({layer, 3, 4, 2, fake_png(seed++)});
    b.tiles.push_back({layer, 3, 4, 3, fake_png(seed++)});
    b.tiles.push_back({layer, 3, 5, 3, fake_png(seed++)});
  }
  b.files["manifest.json"] = "{\"a\":1}\n";
  b.files["data/activities.js"] = "window.TRACKHEAT_ACTIVITIES = {};\n";
  return b;
}

TEST(TileWriter, FirstBuildWritesEveryTileFileAndTheIndex) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec b = small_build();
  const TileWriteStats s = test::run_build(site, b);
  EXPECT_EQ(s.tiles_new, 12u);
  EXPECT_EQ(s.tiles_changed, 0u);
  EXPECT_EQ(s.tiles_unchanged, 0u);
  EXPECT_EQ(s.tiles_deleted, 0u);
  EXPECT_EQ(s.files_written, 2u);
  EXPECT_EQ(s.bytes_written, 12u * 300 + b.files.at("manifest.json").size() +
                                 b.files.at("data/activities.js").size());
  EXPECT_TRUE(s.committed);
  EXPECT_EQ(test::site_files(site), test::expected_content(b));
  EXPECT_FALSE(std::filesystem::exists(site / ".trackheat" / "staging"));

  const auto index = decode_tile_index(read_file(site / ".trackheat" / "tile-index"));
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->layers, b.options.layers);
  ASSERT_EQ(index->entries.size(), 12u);
  EXPECT_EQ(index->entries[0].key, pack_layer_tile(0, TileKey{0, 0, 0}));
  EXPECT_EQ(index->entries[0].size, 300u);
  EXPECT_EQ(index->entries[0].hash, tile_content_hash(b.tiles[0].png));
}

TEST(TileWriter, SameBuildAgainWritesNoFileAtAll) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec b = small_build();
  test::run_build(site, b);
  const auto before = test::snapshot(site);
  const auto folders_before = test::folders(site);

  TileWriter writer(site, b.options);
  EXPECT_EQ(writer.recovery(), SiteRecovery::None);
  for (const TileSpec& t : b.tiles) EXPECT_FALSE(writer.put(t.layer, t.z, t.x, t.y, t.png));
  for (const auto& [path, content] : b.files) EXPECT_FALSE(writer.put_file(path, content));
  EXPECT_FALSE(writer.has_changes());
  const TileWriteStats s = writer.commit();
  EXPECT_EQ(s.tiles_unchanged, 12u);
  EXPECT_EQ(s.tiles_written(), 0u);
  EXPECT_EQ(s.tiles_deleted, 0u);
  EXPECT_EQ(s.files_written, 0u);
  EXPECT_EQ(s.bytes_written, 0u);
  EXPECT_FALSE(s.committed);
  // Same inode, same mtime, same bytes for every file (tiles, data files, index); no new folder.
  EXPECT_EQ(test::snapshot(site), before);
  EXPECT_EQ(test::folders(site), folders_before);
}

TEST(TileWriter, OnlyChangedTilesAreRewritten) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  BuildSpec b = small_build();
  test::run_build(site, b);
  const auto before = test::snapshot(site);

  b.tiles[1].png = fake_png(101);                       // same size, other bytes
  b.tiles[2].png = fake_png(3, 299);                    // a byte shorter
  b.tiles[3].png.back() ^= 1;                           // one bit
  b.tiles.push_back({"pace", 3, 7, 7, fake_png(102)});  // new
  TileWriter writer(site, b.options);
  std::vector<bool> changed;
  for (const TileSpec& t : b.tiles) changed.push_back(writer.put(t.layer, t.z, t.x, t.y, t.png));
  EXPECT_EQ(changed, (std::vector<bool>{false, true, true, true, false, false, false, false, false,
                                        false, false, false, true}));
  for (const auto& [path, content] : b.files) writer.put_file(path, content);
  EXPECT_TRUE(writer.has_changes());
  const TileWriteStats s = writer.commit();
  EXPECT_EQ(s.tiles_new, 1u);
  EXPECT_EQ(s.tiles_changed, 3u);
  EXPECT_EQ(s.tiles_unchanged, 9u);
  EXPECT_EQ(s.bytes_written, 300u + 299u + 300u + 300u);
  EXPECT_TRUE(s.committed);

  EXPECT_EQ(test::site_files(site), test::expected_content(b));
  const auto after = test::snapshot(site);
  for (std::size_t i = 0; i < b.tiles.size(); ++i) {
    const std::string rel = test::tile_rel(b.tiles[i]);
    if (i >= 1 && i <= 3) {
      EXPECT_NE(after.at(rel).inode, before.at(rel).inode) << rel << " must be replaced";
    } else if (i < 12) {
      EXPECT_EQ(after.at(rel), before.at(rel)) << rel << " must not be touched";
    }
  }
  EXPECT_EQ(after.at("manifest.json"), before.at("manifest.json"));
}

TEST(TileWriter, EqualSmallTilesShareOneFileAndStayIndependent) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  BuildSpec b;
  b.options = options({"frequency-linear", "pace"}, 0, 8);
  // First more distinct small tiles than the writer remembers: they must not keep the equal ones
  // that follow from being shared.
  for (int i = 0; i < 5000; ++i) {
    b.tiles.push_back({"frequency-linear", 8, i % 256, i / 256,
                       fake_png(100 + static_cast<std::uint32_t>(i), 120)});
  }
  const Bytes one_colour = fake_png(7, 120);  // like a one-colour tile
  const Bytes large = fake_png(8, 1500);      // above the size that is shared
  const std::size_t first = b.tiles.size();
  b.tiles.insert(b.tiles.end(), {{"frequency-linear", 3, 1, 1, one_colour},
                                 {"frequency-linear", 3, 1, 2, one_colour},
                                 {"pace", 3, 1, 1, one_colour},
                                 {"pace", 2, 0, 0, fake_png(9, 120)},
                                 {"pace", 3, 2, 2, large},
                                 {"pace", 3, 2, 3, large}});
  test::run_build(site, b);
  EXPECT_EQ(test::site_files(site), test::expected_content(b));
  const auto links = [&](std::size_t i) {
    return std::filesystem::hard_link_count(site / test::tile_rel(b.tiles[i]));
  };
  const auto inode = [&](std::size_t i) {
    return test::snapshot(site).at(test::tile_rel(b.tiles[i])).inode;
  };
  // The three equal small tiles are one file with three names; every other tile is its own file.
  EXPECT_EQ(links(first), 3u);
  EXPECT_EQ(inode(first + 1), inode(first));
  EXPECT_EQ(inode(first + 2), inode(first));
  for (std::size_t i = 0; i < b.tiles.size(); ++i) {
    if (i < first || i > first + 2) {
      EXPECT_EQ(links(i), 1u) << i;
    }
  }

  // Changing one name's tile replaces that name only; the other two keep their bytes.
  b.tiles[first + 1].png = fake_png(10, 120);
  const TileWriteStats s = test::run_build(site, b);
  EXPECT_EQ(s.tiles_changed, 1u);
  EXPECT_EQ(test::site_files(site), test::expected_content(b));
  EXPECT_EQ(links(first), 2u);
  EXPECT_EQ(links(first + 1), 1u);
  EXPECT_EQ(inode(first + 2), inode(first));
}

TEST(TileWriter, TilesNotProducedAreDeletedWithTheirEmptiedFolders) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  BuildSpec b = small_build();
  test::run_build(site, b);
  // Drop pace z2 (its only tile) and one of two tiles in column frequency-linear/3/4.
  BuildSpec next = b;
  next.tiles.erase(next.tiles.begin() + 8);  // pace 2/2/1
  next.tiles.erase(next.tiles.begin() + 3);  // frequency-linear 3/4/2
  const TileWriteStats s = test::run_build(site, next);
  EXPECT_EQ(s.tiles_deleted, 2u);
  EXPECT_EQ(s.tiles_unchanged, 10u);
  EXPECT_EQ(s.tiles_written(), 0u);
  EXPECT_TRUE(s.committed);
  EXPECT_EQ(test::site_files(site), test::expected_content(next));
  EXPECT_FALSE(std::filesystem::exists(site / "tiles/pace/2"));  // x and z folders emptied
  EXPECT_TRUE(std::filesystem::exists(site / "tiles/frequency-linear/3/4/3.png"));

  // The index follows: the same build again is a no-op.
  const auto before = test::snapshot(site);
  const TileWriteStats again = test::run_build(site, next);
  EXPECT_FALSE(again.committed);
  EXPECT_EQ(again.tiles_unchanged, 10u);
  EXPECT_EQ(test::snapshot(site), before);
}

TEST(TileWriter, LayersAndZoomsNoLongerBuiltAreRemoved) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec b = small_build();
  test::run_build(site, b);

  BuildSpec next;
  next.options = options({"frequency-linear", "hill"}, 0, 2);  // pace gone, max zoom lowered
  for (const TileSpec& t : b.tiles) {
    if (t.layer == "frequency-linear" && t.z <= 2) next.tiles.push_back(t);
  }
  next.tiles.push_back({"hill", 2, 3, 3, fake_png(200)});
  next.files = b.files;
  const TileWriteStats s = test::run_build(site, next);
  EXPECT_EQ(s.folders_deleted, 2u);  // tiles/pace, tiles/frequency-linear/3
  EXPECT_EQ(s.tiles_deleted, 6u + 3u);
  EXPECT_EQ(s.tiles_new, 1u);
  EXPECT_EQ(s.tiles_unchanged, 3u);
  EXPECT_EQ(test::site_files(site), test::expected_content(next));
  EXPECT_FALSE(std::filesystem::exists(site / "tiles/pace"));
  EXPECT_FALSE(std::filesystem::exists(site / "tiles/frequency-linear/3"));

  // Folders the writer does not own are left alone: a file directly in tiles/, a hidden folder.
  std::filesystem::create_directories(site / "tiles/.keep");
  write_file_atomic(site / "tiles/README.txt", std::string_view("mine"));
  const TileWriteStats again = test::run_build(site, next);
  EXPECT_FALSE(again.committed);
  EXPECT_TRUE(std::filesystem::exists(site / "tiles/.keep"));
  EXPECT_TRUE(std::filesystem::exists(site / "tiles/README.txt"));
}

TEST(TileWriter, ConcurrentPutsFromFourThreads) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  constexpr int kThreads = 4;
  constexpr int kPerThread = 600;
  BuildSpec b;
  b.options = options({"frequency-linear", "frequency-log", "pace"}, 10, 12);
  for (int i = 0; i < kThreads * kPerThread; ++i) {
    const int z = 10 + i % 3;
    b.tiles.push_back({b.options.layers[static_cast<std::size_t>(i / 7) % 3], z, 500 + i % 13,
                       300 + i / 13, fake_png(static_cast<std::uint32_t>(i), 100 + i % 200)});
  }
  const auto build_parallel = [&](const BuildSpec& spec, std::uint64_t& changed) {
    TileWriter writer(site, spec.options);
    std::atomic<std::uint64_t> n{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t i = static_cast<std::size_t>(t); i < spec.tiles.size(); i += kThreads) {
          const TileSpec& s = spec.tiles[i];
          if (writer.put(s.layer, s.z, s.x, s.y, s.png)) n.fetch_add(1);
        }
      });
    }
    for (auto& th : threads) th.join();
    changed = n.load();
    return writer.commit();
  };
  std::uint64_t changed = 0;
  TileWriteStats s = build_parallel(b, changed);
  EXPECT_EQ(changed, b.tiles.size());
  EXPECT_EQ(s.tiles_new, b.tiles.size());
  EXPECT_EQ(test::site_files(site), test::expected_content(b));

  // Second build: every third tile changes, every fifth disappears.
  BuildSpec next;
  next.options = b.options;
  std::uint64_t expect_changed = 0, expect_deleted = 0;
  for (std::size_t i = 0; i < b.tiles.size(); ++i) {
    if (i % 5 == 0) {
      ++expect_deleted;
      continue;
    }
    TileSpec t = b.tiles[i];
    if (i % 3 == 0) {
      t.png = fake_png(static_cast<std::uint32_t>(i) + 100000, t.png.size());
      ++expect_changed;
    }
    next.tiles.push_back(std::move(t));
  }
  s = build_parallel(next, changed);
  EXPECT_EQ(changed, expect_changed);
  EXPECT_EQ(s.tiles_changed, expect_changed);
  EXPECT_EQ(s.tiles_deleted, expect_deleted);
  EXPECT_EQ(s.tiles_unchanged, next.tiles.size() - expect_changed);
  EXPECT_EQ(test::site_files(site), test::expected_content(next));
}

TEST(TileWriter, WithoutAnIndexContentsAreComparedAndTheIndexIsRewritten) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  BuildSpec b = small_build();
  test::run_build(site, b);
  const Bytes index = read_file(site / ".trackheat/tile-index");
  std::filesystem::remove(site / ".trackheat/tile-index");
  const auto before = test::snapshot(site);

  b.tiles[0].png = fake_png(999);  // one changed tile must still be seen
  TileWriter writer(site, b.options);
  EXPECT_TRUE(writer.has_changes());  // the index must be written again
  int changed = 0;
  for (const TileSpec& t : b.tiles) changed += writer.put(t.layer, t.z, t.x, t.y, t.png) ? 1 : 0;
  EXPECT_EQ(changed, 1);
  const TileWriteStats s = writer.commit();
  EXPECT_EQ(s.tiles_changed, 1u);
  EXPECT_EQ(s.tiles_unchanged, 11u);
  EXPECT_TRUE(s.committed);
  const auto after = test::snapshot(site);
  for (std::size_t i = 1; i < b.tiles.size(); ++i) {
    EXPECT_EQ(after.at(test::tile_rel(b.tiles[i])), before.at(test::tile_rel(b.tiles[i])));
  }
  EXPECT_EQ(test::site_files(site), test::expected_content(b));
  const auto rebuilt = decode_tile_index(read_file(site / ".trackheat/tile-index"));
  ASSERT_TRUE(rebuilt.has_value());
  EXPECT_EQ(rebuilt->entries.size(), 12u);
  EXPECT_NE(Bytes(read_file(site / ".trackheat/tile-index")), index);  // tile 0 changed
}

TEST(TileWriter, IndexEntriesOfAVanishedZoomFolderAreNotTrusted) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec b = small_build();
  test::run_build(site, b);
  std::filesystem::remove_all(site / "tiles/pace/3");  // deleted by hand
  const TileWriteStats s = test::run_build(site, b);
  EXPECT_EQ(s.tiles_new, 3u);
  EXPECT_EQ(s.tiles_unchanged, 9u);
  EXPECT_EQ(test::site_files(site), test::expected_content(b));
}

TEST(TileWriter, AnAbandonedBuildLeavesTheLiveSiteAsItWas) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  BuildSpec b = small_build();
  test::run_build(site, b);
  const auto before = test::snapshot(site);
  {
    TileWriter writer(site, b.options);
    writer.put("pace", 3, 0, 0, fake_png(77));
    writer.put("pace", 0, 0, 0, fake_png(78));
    writer.put_file("manifest.json", "{}");
    EXPECT_TRUE(std::filesystem::exists(site / ".trackheat/staging"));
  }  // no commit: e.g. an exception in the renderer
  EXPECT_EQ(test::snapshot(site), before);
  EXPECT_FALSE(std::filesystem::exists(site / ".trackheat/staging"));
}

TEST(TileWriter, ASecondWriterOnTheSameSiteIsRefused) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec b = small_build();
  TileWriter first(site, b.options);
  try {
    TileWriter second(site, b.options);
    FAIL() << "a second writer must be refused";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("another trackheat process"), std::string::npos)
        << e.what();
  }
}

TEST(TileWriter, RejectsBadArguments) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  EXPECT_THROW(TileWriter(site, options({"../evil"}, 0, 3)), std::invalid_argument);
  EXPECT_THROW(TileWriter(site, options({"pace", "pace"}, 0, 3)), std::invalid_argument);
  EXPECT_THROW(TileWriter(site, options({"pace"}, 4, 3)), std::invalid_argument);
  EXPECT_THROW(TileWriter(site, options({"pace"}, 0, kMaxTileZoom + 1)), std::invalid_argument);

  TileWriter writer(site, options({"pace"}, 2, 3));
  const Bytes png = fake_png(1);
  EXPECT_THROW(writer.put("hill", 2, 0, 0, png), std::invalid_argument);
  EXPECT_THROW(writer.put("pace", 1, 0, 0, png), std::invalid_argument);
  EXPECT_THROW(writer.put("pace", 4, 0, 0, png), std::invalid_argument);
  EXPECT_THROW(writer.put("pace", 2, 4, 0, png), std::invalid_argument);
  EXPECT_THROW(writer.put("pace", 2, 0, -1, png), std::invalid_argument);
  EXPECT_THROW(writer.put("pace", 2, 0, 0, ByteView()), std::invalid_argument);
  EXPECT_TRUE(writer.put("pace", 3, 7, 7, png));
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../b", "tiles/pace/1/1/1.png", "tiles",
                          ".trackheat/tile-index", "data//a.js", "data/.hidden", "a b"}) {
    EXPECT_THROW(writer.put_file(bad, "x"), std::invalid_argument) << bad;
  }
  EXPECT_TRUE(writer.put_file("data/a.js", "x"));
  EXPECT_THROW(writer.put_file("data/a.js", "y"), std::invalid_argument);  // twice
  writer.commit();
  EXPECT_THROW(writer.commit(), std::logic_error);
  EXPECT_THROW(writer.put("pace", 3, 0, 0, png), std::logic_error);
}

TEST(TileWriter, ATilePutTwiceFailsTheCommitAndLeavesTheSiteAlone) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const BuildSpec b = small_build();
  test::run_build(site, b);
  const auto before = test::snapshot(site);
  {
    TileWriter writer(site, b.options);
    writer.put("pace", 3, 1, 1, fake_png(1));
    writer.put("pace", 3, 1, 1, fake_png(2));
    EXPECT_THROW(writer.commit(), std::logic_error);
  }
  EXPECT_EQ(test::snapshot(site), before);
  EXPECT_FALSE(std::filesystem::exists(site / ".trackheat/staging"));
}

TEST(TileWriter, ASiteFileCannotReplaceAFolder) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  std::filesystem::create_directories(site / "data/activities.js");
  write_file_atomic(site / "notadir", std::string_view("x"));
  TileWriter writer(site, options({"pace"}, 0, 3));
  EXPECT_THROW(writer.put_file("data/activities.js", "x"), IoError);
  EXPECT_THROW(writer.put_file("notadir/a.js", "x"), IoError);
}

TEST(TileWriter, DurableCommitSyncsAndPublishes) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  BuildSpec b = small_build();
  b.options.durability = Durability::Sync;
  const TileWriteStats s = test::run_build(site, b);
  EXPECT_TRUE(s.committed);
  EXPECT_EQ(test::site_files(site), test::expected_content(b));
}

}  // namespace
}  // namespace th
