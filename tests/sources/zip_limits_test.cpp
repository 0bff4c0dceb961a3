// Size limits on zip entries: the declared size is checked, and so is the data actually inflated
// (a zip bomb may declare a small size and inflate to gigabytes).

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/errors.hpp"
#include "export_fixture.hpp"
#include "sources/strava_export.hpp"
#include "sources/zip_archive.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string slurp(const fs::path& path) {
  return test::as_string(read_file(path));
}

void spill(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

void put_le32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i)
    bytes[at + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xff);
}

// Rewrites the uncompressed size of entry `name` in its local and central headers: a zip that
// lies about how large the entry inflates. Returns how many headers were patched.
int lie_about_size(std::string& zip, const std::string& name, std::uint32_t size) {
  int patched = 0;
  for (std::size_t pos = zip.find(name); pos != std::string::npos; pos = zip.find(name, pos + 1)) {
    if (pos >= 30 && zip.compare(pos - 30, 4, "PK\x03\x04") == 0) {
      put_le32(zip, pos - 30 + 22, size);
      ++patched;
    } else if (pos >= 46 && zip.compare(pos - 46, 4, "PK\x01\x02") == 0) {
      put_le32(zip, pos - 46 + 24, size);
      ++patched;
    }
  }
  return patched;
}

test::Entries export_with(const std::string& name, const std::string& content) {
  auto entries = test::synthetic_export();
  entries.emplace_back(name, content);
  return entries;
}

TEST(ZipLimits, EntryDeclaredLargerThanTheCapIsRefused) {
  test::ScratchDir scratch;
  const fs::path zip = scratch.path() / "e.zip";
  // 1 MiB of zeros deflates to about a kilobyte.
  test::write_zip(zip, export_with("activities/big.fit", std::string(1 << 20, '\0')));
  ASSERT_LT(fs::file_size(zip), 64u << 10);
  StravaExportOptions options;
  options.max_file_bytes = 64 << 10;
  const auto e = StravaExport::open(zip, options);
  try {
    e.read("activities/big.fit");
    FAIL() << "read an entry larger than the cap";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), "activities/big.fit")) << error.what();
    EXPECT_TRUE(contains(error.what(), "1048576 bytes")) << error.what();
    EXPECT_TRUE(contains(error.what(), "limit")) << error.what();
  }
  // Entries under the cap still read.
  EXPECT_EQ(test::as_string(e.read("activities/102.gpx")), test::fake_gpx());
  // Without the small cap the same entry reads whole.
  EXPECT_EQ(StravaExport::open(zip).read("activities/big.fit").size(), std::size_t{1} << 20);
}

TEST(ZipLimits, FolderFileLargerThanTheCapIsRefused) {
  test::ScratchDir scratch;
  test::write_folder(scratch.path(), export_with("activities/big.fit", std::string(100000, 'x')));
  StravaExportOptions options;
  options.max_file_bytes = 64 << 10;
  const auto e = StravaExport::open(scratch.path(), options);
  EXPECT_THROW(e.read("activities/big.fit"), IoError);
  EXPECT_EQ(test::as_string(e.read("activities/102.gpx")), test::fake_gpx());
}

TEST(ZipLimits, EntryLyingAboutItsSizeStopsAtTheDeclaredSize) {
  test::ScratchDir scratch;
  const fs::path zip = scratch.path() / "bomb.zip";
  test::write_zip(zip, export_with("activities/bomb.gpx", std::string(1 << 20, 'a')));
  std::string bytes = slurp(zip);
  ASSERT_EQ(lie_about_size(bytes, "activities/bomb.gpx", 100), 2);
  spill(zip, bytes);

  ZipArchive archive(zip);
  std::size_t index = archive.names().size();
  for (std::size_t i = 0; i < archive.names().size(); ++i) {
    if (archive.names()[i] == "activities/bomb.gpx") index = i;
  }
  ASSERT_LT(index, archive.names().size());
  // Declared 100 bytes, under any cap: the read must still stop and refuse.
  for (const std::size_t cap : {std::size_t{64} << 10, kMaxInputFileBytes}) {
    try {
      archive.read(index, cap);
      FAIL() << "read past the declared size";
    } catch (const IoError& error) {
      EXPECT_TRUE(contains(error.what(), "bomb.gpx")) << error.what();
    }
  }
  // The honest entries of the same archive are unaffected.
  StravaExportOptions options;
  options.max_file_bytes = 64 << 10;
  const auto e = StravaExport::open(zip, options);
  EXPECT_EQ(test::as_string(e.read("activities/101.fit.gz")), test::fake_fit_gz());
  EXPECT_THROW(e.read("activities/bomb.gpx"), IoError);
}

// Memory follows the data: an entry whose declared size its compressed size makes plausible is
// read into a buffer of exactly that size; a 1 MiB run of zeros (ratio ~1000:1) is not
// believed up front but still reads whole, and its buffer is not larger than the data.
TEST(ZipLimits, BuffersAreNoLargerThanTheEntry) {
  test::ScratchDir scratch;
  const fs::path zip = scratch.path() / "e.zip";
  std::string text;
  for (int i = 0; i < 300000; ++i) text += std::to_string(i * 13) + "\n";
  auto entries = export_with("activities/zeros.bin", std::string((1 << 20) + 17, '\0'));
  entries.emplace_back("activities/numbers.txt", text);
  test::write_zip(zip, entries);
  ZipArchive archive(zip);
  for (std::size_t i = 0; i < archive.names().size(); ++i) {
    const Bytes b = archive.read(i, kMaxInputFileBytes);
    EXPECT_EQ(b.capacity(), b.size()) << archive.names()[i];
    if (archive.names()[i] == "activities/numbers.txt") {
      EXPECT_EQ(test::as_string(b), text);
    }
    if (archive.names()[i] == "activities/zeros.bin") {
      EXPECT_EQ(b.size(), (1u << 20) + 17);
    }
  }
}

TEST(ZipLimits, ActivitiesCsvIsCappedToo) {
  test::ScratchDir scratch;
  const fs::path zip = scratch.path() / "e.zip";
  test::write_zip(zip, test::synthetic_export());
  StravaExportOptions options;
  options.max_file_bytes = 100;  // smaller than activities.csv
  EXPECT_THROW(StravaExport::open(zip, options), IoError);
}

TEST(ZipLimits, CorruptEntryDataIsAnIoError) {
  test::ScratchDir scratch;
  const fs::path zip = scratch.path() / "e.zip";
  test::write_zip(zip, test::synthetic_export());
  std::string bytes = slurp(zip);
  // Flip a byte in the middle of the fit entry's compressed data (CRC or inflate must fail).
  const std::size_t name_at = bytes.find("activities/101.fit.gz");
  ASSERT_NE(name_at, std::string::npos);
  const std::size_t data_at = name_at + std::string("activities/101.fit.gz").size() + 60;
  bytes[data_at] = static_cast<char>(bytes[data_at] ^ 0x55);
  spill(zip, bytes);
  const auto e = StravaExport::open(zip);
  EXPECT_THROW(e.read("activities/101.fit.gz"), IoError);
  EXPECT_EQ(test::as_string(e.read("activities/102.gpx")), test::fake_gpx());
}

}  // namespace
}  // namespace th
