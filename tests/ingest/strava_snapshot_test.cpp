// A newer Strava export is a snapshot of the account: an activity the last export listed and
// this one does not is hidden (kept, flagged), shown again when listed again or included by the
// user; an export that lists nothing, or nothing of what was imported, hides nothing.
#include <gtest/gtest.h>
#include <zip.h>

#include <functional>
#include <sstream>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "ingest/importer.hpp"
#include "store/dedup_tables.hpp"
#include "store/store.hpp"
#include "support/strava_export_edit.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

constexpr double kNow = 1790000000;  // when decisions are made

class StravaSnapshot : public ::testing::Test {
 protected:
  StravaSnapshot()
      : store_(dir_.path() / "cache" / "trackheat.db"),
        ids_(test::write_small_export(dir_.path() / "export_a", 3, 11)) {}

  ImportReport import(const fs::path& strava, std::vector<fs::path> paths = {}) {
    ImportOptions o;
    o.strava = strava;
    o.paths = std::move(paths);
    o.jobs = 2;
    o.quiet = true;
    return run_import(store_, o);
  }

  // A copy of export A as another folder whose activities.csv keeps only the rows `keep` says.
  fs::path export_with(const std::string& name, const std::function<bool(const std::string&)>& keep,
                       const std::string& extra_rows = "") {
    fs::path out = dir_.path() / name;
    fs::copy(dir_.path() / "export_a", out, fs::copy_options::recursive);
    const Bytes csv = read_file(out / "activities.csv");
    std::istringstream in(std::string(csv.begin(), csv.end()));
    std::string line, text;
    bool header = true;
    while (std::getline(in, line)) {
      if (header || keep(line.substr(0, line.find(',')))) text += line + "\n";
      header = false;
    }
    write_file_atomic(out / "activities.csv", text + extra_rows);
    return out;
  }

  std::uint32_t flags_of(const std::string& id) const {
    const auto a = store_.find_activity(Source::Strava, id);
    EXPECT_TRUE(a) << id;
    return a ? a->flags : 0;
  }
  bool hidden(const std::string& id) const { return (flags_of(id) & kFlagDeleted) != 0; }

  test::ScratchDir dir_;
  Store store_;
  std::vector<std::string> ids_;
};

TEST_F(StravaSnapshot, AnActivityMissingFromANewerExportIsHiddenAndComesBackWhenListedAgain) {
  ASSERT_EQ(ids_.size(), 3u);
  const ImportReport first = import(dir_.path() / "export_a");
  EXPECT_EQ(first.added, 3);
  EXPECT_EQ(first.gone_from_export, 0);

  // A newer export, unzipped elsewhere, without the second activity.
  const std::string gone = ids_[1];
  const fs::path b = export_with("export_b", [&](const std::string& id) { return id != gone; });
  const ImportReport r = import(b);
  EXPECT_EQ(r.gone_from_export, 1);
  EXPECT_EQ(r.failed, 0);
  EXPECT_TRUE(hidden(gone));
  EXPECT_FALSE(hidden(ids_[0]));
  EXPECT_FALSE(hidden(ids_[2]));
  EXPECT_EQ(store_.activities().size(), 3u);  // kept in the store
  // Importing it again changes nothing and says so again.
  const ImportReport again = import(b);
  EXPECT_EQ(again.gone_from_export, 1);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.updated, 0);

  // A later export (a zip with another name) lists it again: shown again.
  const fs::path zip_path = dir_.path() / "export_2026_10.zip";
  {
    int err = 0;
    zip_t* z = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    ASSERT_NE(z, nullptr);
    for (const auto& e : fs::recursive_directory_iterator(dir_.path() / "export_a")) {
      if (!e.is_regular_file()) continue;
      const std::string rel = fs::relative(e.path(), dir_.path() / "export_a").string();
      zip_source_t* src = zip_source_file(z, e.path().c_str(), 0, -1);
      ASSERT_NE(src, nullptr);
      ASSERT_GE(zip_file_add(z, rel.c_str(), src, ZIP_FL_OVERWRITE), 0);
    }
    ASSERT_EQ(zip_close(z), 0);
  }
  const ImportReport back = import(zip_path);
  EXPECT_EQ(back.gone_from_export, 0);
  for (const auto& id : ids_) EXPECT_FALSE(hidden(id)) << id;
}

TEST_F(StravaSnapshot, TheUserCanIncludeAHiddenActivityAndUndoThat) {
  import(dir_.path() / "export_a");
  const std::string gone = ids_[0];
  const fs::path b = export_with("export_b", [&](const std::string& id) { return id != gone; });
  import(b);
  ASSERT_TRUE(hidden(gone));

  dedup::Decision include;
  include.kind = dedup::DecisionKind::Include;
  include.subject = {Source::Strava, gone};
  include.created_utc = kNow;
  dedup::add_decision(store_, include);
  const ImportReport r = import(b);
  EXPECT_EQ(r.gone_from_export, 0);
  EXPECT_FALSE(hidden(gone));

  ASSERT_TRUE(dedup::undo_decision(store_, std::nullopt));
  EXPECT_EQ(import(b).gone_from_export, 1);
  EXPECT_TRUE(hidden(gone));
}

TEST_F(StravaSnapshot, AnExportThatListsNothingOrNothingKnownHidesNothing) {
  import(dir_.path() / "export_a");

  // Header only: not a snapshot.
  const fs::path empty = export_with("empty", [](const std::string&) { return false; });
  const ImportReport r = import(empty);
  EXPECT_EQ(r.gone_from_export, 0);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings.back().find("lists no activity; not taken as a snapshot"), std::string::npos)
      << r.warnings.back();
  for (const auto& id : ids_) EXPECT_FALSE(hidden(id)) << id;

  // No activities.csv: the import fails, nothing is touched.
  const fs::path missing = export_with("missing", [](const std::string&) { return true; });
  fs::remove(missing / "activities.csv");
  EXPECT_THROW(import(missing), ParseError);
  for (const auto& id : ids_) EXPECT_FALSE(hidden(id)) << id;

  // An export that lists none of the activities imported before (another account's).
  const Bytes a_csv = read_file(dir_.path() / "export_a" / "activities.csv");
  const std::string a_text(a_csv.begin(), a_csv.end());
  const std::size_t first_row = a_text.find('\n') + 1;
  ASSERT_EQ(a_text.compare(first_row, ids_[0].size() + 1, ids_[0] + ","), 0);
  const std::string other_row =
      "999000111" + a_text.substr(first_row + ids_[0].size(),
                                  a_text.find('\n', first_row) + 1 - first_row - ids_[0].size());
  const fs::path other = export_with(
      "other", [](const std::string&) { return false; }, other_row);
  const ImportReport o = import(other);
  EXPECT_EQ(o.gone_from_export, 0);
  EXPECT_EQ(o.added, 1);
  ASSERT_FALSE(o.warnings.empty());
  EXPECT_NE(o.warnings.back().find("lists none of the 3 Strava activities imported before"),
            std::string::npos)
      << o.warnings.back();
  for (const auto& id : ids_) EXPECT_FALSE(hidden(id)) << id;
}

TEST_F(StravaSnapshot, ARowTheExportHoldsButCannotReadIsNotTakenForDeleted) {
  import(dir_.path() / "export_a");
  // The second row's description opens a quote that its line never closes: that row is
  // skipped with a warning, but the export still lists the activity.
  const fs::path b = export_with("export_b", [](const std::string&) { return true; });
  const Bytes csv = read_file(b / "activities.csv");
  std::string text(csv.begin(), csv.end());
  const std::size_t row = text.find("\n" + ids_[1] + ",");
  ASSERT_NE(row, std::string::npos);
  const std::size_t description = text.find(",\"\",", row);
  ASSERT_LT(description, text.find('\n', row + 1));
  text.replace(description, 4, ",\"oops,");
  write_file_atomic(b / "activities.csv", text);
  const ImportReport r = import(b);
  bool reported = false;
  for (const auto& w : r.warnings) {
    reported =
        reported || w.find("(activity " + ids_[1] + "): the quote opened") != std::string::npos;
  }
  EXPECT_TRUE(reported) << testing::PrintToString(r.warnings);
  EXPECT_EQ(r.updated, 2);  // the other rows: read again from this export's folder
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(r.gone_from_export, 0);
  for (const auto& id : ids_) EXPECT_FALSE(hidden(id)) << id;
}

TEST_F(StravaSnapshot, LooseFilesAreNeverHiddenForBeingAbsent) {
  const fs::path loose = dir_.path() / "export_a" / "activities";
  import(dir_.path() / "export_a", {loose});
  std::size_t files = 0;
  for (const auto& a : store_.activities()) files += a.source == Source::File ? 1 : 0;
  ASSERT_EQ(files, 3u);
  const fs::path b = export_with("export_b", [&](const std::string& id) { return id != ids_[2]; });
  EXPECT_EQ(import(b).gone_from_export, 1);  // without the loose files this time
  for (const auto& a : store_.activities()) {
    if (a.source == Source::File) {
      EXPECT_EQ(a.flags & kFlagDeleted, 0u) << a.source_id;
    }
  }
}

}  // namespace
}  // namespace th
