// intervals.icu sync against the fake server: what a user's cache folder and store hold after
// first, incremental and edited syncs, deletions upstream and Strava stubs.
#include <gtest/gtest.h>

#include "sources/export_fixture.hpp"
#include "sync/sync_fixture.hpp"

namespace th::test {
namespace {

TEST_F(SyncTest, FirstSyncFetchesAMultiYearHistoryInWindowsNewestFirst) {
  // 16 activities, one every 70 days from mid-2022: three and a half years, many 120-day windows.
  const auto ids = put_history(16, "2022-06-01", 70);
  const SyncReport r = sync();
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_TRUE(r.listing_complete);
  EXPECT_EQ(r.listed, 16);
  EXPECT_EQ(r.added, 16);
  EXPECT_EQ(r.downloaded, 16);
  EXPECT_EQ(r.failed, 0);
  // More than one window was needed, and the empty years before 2022 back to 1970 cost only a
  // few requests (empty windows double).
  EXPECT_GT(server_.listing_requests(), 10);
  EXPECT_LT(server_.listing_requests(), 30);
  // The last window asked for reaches back to 1970.
  EXPECT_NE(server_.last_listing_query().find("oldest=1970-01-01"), std::string::npos)
      << server_.last_listing_query();
  expect_each_downloaded_once(ids);
  EXPECT_EQ(cached_files().size(), 16u);

  // Import: one activity per file, with the listing's name and sport (the file says Run).
  const ImportReport imp = import_cache();
  EXPECT_EQ(imp.added, 16);
  EXPECT_EQ(imp.failed, 0);
  for (const auto& id : ids) {
    const auto a = store_->find_activity(Source::Intervals, id);
    ASSERT_TRUE(a) << id;
    EXPECT_EQ(a->name, "Morning run " + id);
    EXPECT_EQ(a->sport, Sport::Run);
    EXPECT_EQ(a->summary.points, 120u);
    EXPECT_EQ(a->flags & (kFlagSummaryOnly | kFlagDeleted), 0u);
  }
  // The index rows now point at their activities (dedup reads these).
  for (const auto& [id, e] : index()) {
    ASSERT_TRUE(e.activity_id) << id;
    EXPECT_EQ(*e.activity_id, store_->find_activity(Source::Intervals, id)->id);
  }
}

TEST_F(SyncTest, AFullListingPageIsContinuedSoNothingIsCutOff) {
  // 12 activities within one window, but the server answers at most 5 per response.
  for (int k = 0; k < 12; ++k) {
    server_.put(fake_activity("i" + std::to_string(500 + k),
                              "2025-11-" + std::string(k < 9 ? "0" : "") + std::to_string(k + 1)));
  }
  server_.put(fake_activity("i600", "2025-11-05"));  // two on one day, across a page border
  server_.listing_cap = 5;
  SyncOptions o = options();
  o.page_limit = 5;
  const SyncReport r = sync(o);
  EXPECT_TRUE(r.listing_complete);
  EXPECT_EQ(r.listed, 13);
  EXPECT_EQ(r.downloaded, 13);
}

TEST_F(SyncTest, IncrementalSyncListsAgainAndDownloadsOnlyWhatIsNew) {
  const auto ids = put_history(6, "2025-01-10", 30);
  sync();
  const int files_before = server_.file_requests();
  EXPECT_EQ(files_before, 6);

  const SyncReport again = sync();
  EXPECT_EQ(server_.file_requests(), files_before);  // nothing new: no file requested
  EXPECT_EQ(again.downloaded, 0);
  EXPECT_EQ(again.listed, 6);

  server_.put(fake_activity("i2000", "2025-12-14"));
  const SyncReport third = sync();
  EXPECT_EQ(third.added, 1);
  EXPECT_EQ(third.downloaded, 1);
  EXPECT_EQ(server_.file_requests(), files_before + 1);
  auto all = ids;
  all.emplace_back("i2000");
  expect_each_downloaded_once(all);
}

TEST_F(SyncTest, ACachedFileRemovedByHandIsFetchedAgain) {
  const auto ids = put_history(3, "2025-01-10", 30);
  sync();
  std::filesystem::remove(files_dir() / index().at("i1001").file_name);
  const SyncReport r = sync();
  EXPECT_EQ(r.downloaded, 1);
  EXPECT_EQ(server_.served("i1001"), 2);
  EXPECT_EQ(cached_files().size(), 3u);
  EXPECT_EQ(import_cache().failed, 0);
}

TEST_F(SyncTest, AnEditedNameIsMetadataButAChangedRecordingIsFetchedAgain) {
  put_history(3, "2025-03-01", 20);
  sync();
  import_cache();

  FakeActivity renamed = fake_activity("i1001", "2025-03-21", Wrap::Fit);
  renamed.name = "Renamed on intervals.icu";
  renamed.type = "TrailRun";
  server_.put(renamed);
  const SyncReport r1 = sync();
  EXPECT_EQ(r1.downloaded, 0);  // a rename costs no download
  EXPECT_EQ(server_.served("i1001"), 1);
  import_cache();
  auto a = store_->find_activity(Source::Intervals, "i1001");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, "Renamed on intervals.icu");
  EXPECT_EQ(a->sport, Sport::TrailRun);

  // Cropped upstream: new distance and times, a shorter file.
  const std::string old_file = index().at("i1002").file_name;
  FakeActivity cropped = fake_activity("i1002", "2025-04-10", Wrap::Gpx, 60);
  cropped.distance = 2500;
  cropped.moving_time = 700;
  server_.put(cropped);
  const SyncReport r2 = sync();
  EXPECT_EQ(r2.changed, 1);
  EXPECT_EQ(r2.downloaded, 1);
  EXPECT_EQ(server_.served("i1002"), 2);
  const std::string new_file = index().at("i1002").file_name;
  EXPECT_NE(new_file, old_file);
  EXPECT_FALSE(cached_files().contains(old_file));  // the old version is gone
  EXPECT_TRUE(cached_files().contains(new_file));
  import_cache();
  a = store_->find_activity(Source::Intervals, "i1002");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->summary.points, 60u);
}

TEST_F(SyncTest, DeletedUpstreamIsFlaggedAndKeptAndComesBackWhenListedAgain) {
  const auto ids = put_history(4, "2025-06-01", 15);
  sync();
  import_cache();
  const std::int64_t row_id = store_->find_activity(Source::Intervals, "i1002")->id;

  server_.remove("i1002");
  const SyncReport r = sync();
  EXPECT_EQ(r.deleted, 1);
  EXPECT_EQ(index().at("i1002").state, IntervalsState::Deleted);
  import_cache();
  const auto gone = store_->find_activity(Source::Intervals, "i1002");
  ASSERT_TRUE(gone);  // kept: decisions about it stay valid
  EXPECT_EQ(gone->id, row_id);
  EXPECT_NE(gone->flags & kFlagDeleted, 0u);
  EXPECT_EQ(store_->find_activity(Source::Intervals, "i1001")->flags & kFlagDeleted, 0u);

  server_.put(fake_activity("i1002", "2025-07-01", Wrap::Gpx));  // same as before
  const SyncReport back = sync();
  EXPECT_EQ(back.restored, 1);
  EXPECT_EQ(back.downloaded, 0);  // its file is still cached
  import_cache();
  EXPECT_EQ(store_->find_activity(Source::Intervals, "i1002")->flags & kFlagDeleted, 0u);
  expect_each_downloaded_once(ids);
}

TEST_F(SyncTest, StravaEntriesAreRecordedAsStubsAndNeverFetched) {
  put_history(2, "2025-08-01", 10);
  FakeActivity stub;
  stub.id = "13579";
  stub.source = "STRAVA";
  stub.strava_id = "13579";
  stub.start_local = "2025-08-05T18:00:00";
  stub.name = "From Strava";
  server_.put(stub);
  const SyncReport r = sync();
  EXPECT_EQ(r.stubs, 1);
  EXPECT_EQ(r.downloaded, 2);
  EXPECT_EQ(server_.served("13579"), 0);
  EXPECT_EQ(server_.file_requests(), 2);  // never even asked
  const IntervalsEntry e = index().at("13579");
  EXPECT_EQ(e.state, IntervalsState::Stub);
  EXPECT_EQ(e.strava_id, "13579");
  EXPECT_EQ(e.upstream_source, "STRAVA");
  import_cache();
  EXPECT_FALSE(store_->find_activity(Source::Intervals, "13579"));  // the Strava export has it
  EXPECT_FALSE(index().at("13579").activity_id);
}

TEST_F(SyncTest, ZipGzipTcxAndMissingOriginalsAreAllReadable) {
  // A zip holding one GPX, as some uploads are kept.
  FakeActivity zipped = fake_activity("i1", "2025-09-01", Wrap::Gpx);
  const auto zip_path = dir_.path() / "one.zip";
  write_zip(zip_path, {{"activity_123.gpx", zipped.file}});
  zipped.file = text_of(read_file(zip_path));
  server_.put(zipped);
  server_.put(fake_activity("i2", "2025-09-02", Wrap::GzipTcx));
  FakeActivity no_original = fake_activity("i3", "2025-09-03");
  no_original.file.clear();  // /file answers 404: the generated FIT is used
  server_.put(no_original);
  FakeActivity odd = fake_activity("i4", "2025-09-04");
  odd.file = "<html>not an activity</html>";  // unrecognised: the generated FIT is used
  server_.put(odd);

  const SyncReport r = sync();
  EXPECT_EQ(r.downloaded, 4) << (r.errors.empty() ? "" : r.errors.front());
  const auto rows = index();
  EXPECT_TRUE(rows.at("i1").file_name.ends_with(".gpx")) << rows.at("i1").file_name;
  EXPECT_TRUE(rows.at("i2").file_name.ends_with(".tcx.gz")) << rows.at("i2").file_name;
  EXPECT_TRUE(rows.at("i3").file_name.ends_with(".fit")) << rows.at("i3").file_name;
  EXPECT_TRUE(rows.at("i4").file_name.ends_with(".fit")) << rows.at("i4").file_name;
  const ImportReport imp = import_cache();
  EXPECT_EQ(imp.failed, 0);
  for (const char* id : {"i1", "i2", "i3", "i4"}) {
    EXPECT_EQ(store_->find_activity(Source::Intervals, id)->summary.points, 120u) << id;
  }
}

TEST_F(SyncTest, TheKeyAppearsNowhere) {
  put_history(3, "2025-10-01", 5);
  server_.set_always_500("i1000", true);  // one error message, too
  server_.set_truncate("i1001", true);    // and one warning
  const SyncReport r = sync();
  import_cache();
  ASSERT_FALSE(r.errors.empty());
  ASSERT_FALSE(r.warnings.empty());
  for (const auto& e : r.errors) EXPECT_EQ(e.find(FakeIntervals::kKey), std::string::npos) << e;
  for (const auto& w : r.warnings) EXPECT_EQ(w.find(FakeIntervals::kKey), std::string::npos) << w;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cache())) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(text_of(read_file(entry.path())).find(FakeIntervals::kKey), std::string::npos)
        << entry.path();
  }
  SyncOptions wrong = options();
  wrong.credentials.api_key = "another-secret-key";
  try {
    sync(wrong);
    FAIL() << "a wrong key must stop the sync";
  } catch (const AuthError& e) {
    EXPECT_EQ(std::string(e.what()).find("another-secret-key"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace th::test
