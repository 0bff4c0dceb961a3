#include "sources/strava_export.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/errors.hpp"
#include "export_fixture.hpp"
#include "sources/export_path.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// What every form of the synthetic export must read back as.
void expect_synthetic(const StravaExport& e) {
  EXPECT_TRUE(e.warnings().empty()) << e.warnings().front();
  ASSERT_EQ(e.rows().size(), 3u);
  EXPECT_EQ(e.rows()[0].activity_id, "101");
  EXPECT_EQ(e.rows()[0].description, "Easy \"recovery\" run,\r\nsecond line");
  EXPECT_EQ(e.rows()[1].name, "Zürich → Üetliberg 🚴");
  EXPECT_EQ(e.rows()[2].filename, "");
  EXPECT_EQ(test::as_string(e.read(e.rows()[0].filename)), test::fake_fit_gz());
  EXPECT_EQ(test::as_string(e.read(e.rows()[1].filename)), test::fake_gpx());
  EXPECT_EQ(test::as_string(e.read("activities.csv")), test::synthetic_csv());
}

TEST(StravaExport, Folder) {
  test::ScratchDir scratch;
  test::write_folder(scratch.path() / "strava_export", test::synthetic_export());
  const auto e = StravaExport::open(scratch.path() / "strava_export");
  expect_synthetic(e);
  EXPECT_EQ(e.describe(), (scratch.path() / "strava_export").string() + "/");
  // Same folder named with a trailing slash.
  EXPECT_EQ(StravaExport::open(scratch.path().string() + "/strava_export/").rows().size(), 3u);
}

TEST(StravaExport, FolderHoldingTheExportInOneSubfolder) {
  test::ScratchDir scratch;
  test::write_folder(scratch.path(), test::synthetic_export(), "export_42/");
  expect_synthetic(StravaExport::open(scratch.path()));
}

TEST(StravaExport, ZipAtTopLevel) {
  test::ScratchDir scratch;
  const fs::path zip = scratch.path() / "export_42.zip";
  test::write_zip(zip, test::synthetic_export());
  const auto e = StravaExport::open(zip);
  expect_synthetic(e);
  EXPECT_EQ(e.describe(), zip.string());
}

TEST(StravaExport, ZipWithOneTopFolder) {
  test::ScratchDir scratch;
  const fs::path zip = scratch.path() / "export_42.zip";
  test::write_zip(zip, test::synthetic_export(), "export_42/");
  expect_synthetic(StravaExport::open(zip));
}

TEST(StravaExport, ActivitiesCsvFoundCaseInsensitivelyWhenNotExact) {
  test::ScratchDir scratch;
  auto entries = test::synthetic_export();
  entries[0].first = "Activities.CSV";
  const fs::path zip = scratch.path() / "e.zip";
  test::write_zip(zip, entries, "Export/");
  EXPECT_EQ(StravaExport::open(zip).rows().size(), 3u);
  test::write_folder(scratch.path() / "dir", entries);
  EXPECT_EQ(StravaExport::open(scratch.path() / "dir").rows().size(), 3u);
}

TEST(StravaExport, ExactCaseWinsOverOtherCase) {
  test::ScratchDir scratch;
  auto entries = test::synthetic_export();
  // A decoy with another case and no valid header: it must not be the one read.
  entries.emplace_back("ACTIVITIES.csv", "not,a,strava,header\n");
  const fs::path zip = scratch.path() / "e.zip";
  test::write_zip(zip, entries);
  EXPECT_EQ(StravaExport::open(zip).rows().size(), 3u);
}

TEST(StravaExport, MissingFileIsAnIoErrorNamingIt) {
  test::ScratchDir scratch;
  test::write_folder(scratch.path() / "f", test::synthetic_export());
  const fs::path zip = scratch.path() / "e.zip";
  test::write_zip(zip, test::synthetic_export());
  for (const auto& root : {scratch.path() / "f", zip}) {
    const auto e = StravaExport::open(root);
    try {
      e.read("activities/999.fit.gz");
      FAIL() << "expected an IoError";
    } catch (const IoError& error) {
      EXPECT_TRUE(contains(error.what(), "activities/999.fit.gz")) << error.what();
    }
  }
}

TEST(StravaExport, PathsLeavingTheExportAreRefused) {
  test::ScratchDir scratch;
  test::write_folder(scratch.path() / "f", test::synthetic_export());
  test::write_text(scratch.path() / "secret.txt", "secret");
  const fs::path zip = scratch.path() / "e.zip";
  test::write_zip(zip, test::synthetic_export(), "top/");
  for (const auto& root : {scratch.path() / "f", zip}) {
    const auto e = StravaExport::open(root);
    for (const char* bad : {"../secret.txt", "activities/../../secret.txt", "..", "/etc/passwd",
                            "\\etc\\passwd", "C:\\secret.txt", "..\\secret.txt", "", "./"}) {
      try {
        e.read(bad);
        FAIL() << "read '" << bad << "' from " << root;
      } catch (const IoError& error) {
        EXPECT_TRUE(contains(error.what(), "refusing")) << error.what();
      }
    }
    // Harmless spellings of a path inside are fine.
    EXPECT_EQ(test::as_string(e.read("./activities//102.gpx")), test::fake_gpx());
  }
}

TEST(StravaExport, SymlinkOutOfAFolderExportIsRefused) {
  test::ScratchDir scratch;
  test::write_folder(scratch.path() / "f", test::synthetic_export());
  test::write_text(scratch.path() / "secret.txt", "secret");
  fs::create_symlink(scratch.path() / "secret.txt", scratch.path() / "f/activities/7.gpx");
  const auto e = StravaExport::open(scratch.path() / "f");
  try {
    e.read("activities/7.gpx");
    FAIL() << "followed a symlink out of the export";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), "outside the export")) << error.what();
  }
  // A symlink that stays inside is followed.
  fs::create_symlink("102.gpx", scratch.path() / "f/activities/8.gpx");
  EXPECT_EQ(test::as_string(e.read("activities/8.gpx")), test::fake_gpx());
}

TEST(StravaExport, OpenRefusesWhatIsNotAnExport) {
  test::ScratchDir scratch;
  EXPECT_THROW(StravaExport::open(scratch.path() / "does-not-exist"), UsageError);
  try {
    StravaExport::open(scratch.path() / "does-not-exist");
  } catch (const UsageError& e) {
    EXPECT_TRUE(contains(e.what(), "does-not-exist")) << e.what();
  }
  test::write_text(scratch.path() / "notes.txt", "just some text, not a zip\n");
  EXPECT_THROW(StravaExport::open(scratch.path() / "notes.txt"), UsageError);
  EXPECT_THROW(StravaExport::open("/dev/null"), UsageError);  // neither folder nor regular file

  const fs::path no_csv = scratch.path() / "no_csv.zip";
  test::write_zip(no_csv, {{"activities/1.gpx", test::fake_gpx()}});
  EXPECT_THROW(StravaExport::open(no_csv), ParseError);
  // Nested deeper than one folder is not an export root.
  test::write_zip(no_csv, test::synthetic_export(), "a/b/");
  EXPECT_THROW(StravaExport::open(no_csv), ParseError);

  fs::create_directories(scratch.path() / "empty");
  EXPECT_THROW(StravaExport::open(scratch.path() / "empty"), ParseError);
}

TEST(StravaExport, TwoCandidateExportsAreAmbiguous) {
  test::ScratchDir scratch;
  const fs::path zip = scratch.path() / "two.zip";
  auto entries = test::synthetic_export();
  test::Entries both;
  for (const auto& [path, content] : entries) {
    both.emplace_back("one/" + path, content);
    both.emplace_back("two/" + path, content);
  }
  test::write_zip(zip, both);
  EXPECT_THROW(StravaExport::open(zip), ParseError);
}

TEST(StravaExport, MissingColumnNamesTheFile) {
  test::ScratchDir scratch;
  const fs::path zip = scratch.path() / "e.zip";
  test::write_zip(zip, {{"activities.csv", "Activity ID,Activity Date,Activity Type\n"}});
  try {
    StravaExport::open(zip);
    FAIL() << "expected a ParseError";
  } catch (const ParseError& e) {
    EXPECT_TRUE(contains(e.what(), "activities.csv: missing column 'Filename'")) << e.what();
    EXPECT_TRUE(contains(e.what(), "e.zip")) << e.what();
  }
}

// Several workers read at once (the importer's thread pool): every read returns its own bytes.
void expect_concurrent_reads_are_right(const fs::path& root, const test::Entries& files,
                                       std::size_t zip_handles) {
  StravaExportOptions options;
  options.zip_handles = zip_handles;
  const auto e = StravaExport::open(root, options);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < 6; ++t) {
    workers.emplace_back([&, t] {
      for (std::size_t round = 0; round < 3; ++round) {
        for (std::size_t k = 0; k < files.size(); ++k) {
          const auto& [path, content] = files[(k * 7 + t * 13 + round) % files.size()];
          if (test::as_string(e.read(path)) != content) ++mismatches;
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(StravaExport, ConcurrentReadsReturnTheRightBytes) {
  test::ScratchDir scratch;
  test::Entries files;
  std::string csv = "Activity ID,Activity Date,Activity Type,Filename\n";
  for (int i = 0; i < 120; ++i) {
    std::string content = "file " + std::to_string(i) + ":";
    for (int k = 0; k < 200 + i * 37; ++k) content.push_back(static_cast<char>((i * 31 + k) % 251));
    const std::string path = "activities/" + std::to_string(i) + ".fit.gz";
    csv += std::to_string(i) + ",\"Oct 7, 2020, 2:43:11 PM\",Run," + path + "\n";
    files.emplace_back(path, std::move(content));
  }
  test::Entries all = files;
  all.emplace_back("activities.csv", csv);
  test::write_zip(scratch.path() / "e.zip", all, "export/");
  test::write_folder(scratch.path() / "f", all);
  expect_concurrent_reads_are_right(scratch.path() / "e.zip", files, 0);  // handle pool
  expect_concurrent_reads_are_right(scratch.path() / "e.zip", files, 1);  // one shared handle
  expect_concurrent_reads_are_right(scratch.path() / "e.zip", files,
                                    2);  // pool smaller than threads
  expect_concurrent_reads_are_right(scratch.path() / "f", files, 0);
}

TEST(ExportPath, NormalisesHarmlessSpellingsAndRefusesEscapes) {
  EXPECT_EQ(normalize_export_path("activities/1.gpx"), "activities/1.gpx");
  EXPECT_EQ(normalize_export_path("./activities//1.gpx"), "activities/1.gpx");
  EXPECT_EQ(normalize_export_path("activities\\1.gpx"), "activities/1.gpx");
  EXPECT_EQ(normalize_export_path("a/./b/"), "a/b");
  std::string why;
  EXPECT_FALSE(normalize_export_path("a/../b", &why));
  EXPECT_TRUE(contains(why, "..")) << why;
  EXPECT_FALSE(normalize_export_path("/a"));
  EXPECT_FALSE(normalize_export_path("c:/a"));
  EXPECT_FALSE(normalize_export_path(std::string_view("a\0b", 3)));
  EXPECT_FALSE(normalize_export_path("."));
  EXPECT_FALSE(normalize_export_path(""));
  EXPECT_EQ(normalize_export_path("..a/b.."), "..a/b..");  // only ".." itself is a parent
}

}  // namespace
}  // namespace th
