// A flaky network never costs data: bad credentials, 429 storms, 500s, stalls, truncated files,
// malformed JSON, dropped connections and interruptions, against the fake intervals.icu.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "sync/sync_fixture.hpp"

namespace th::test {
namespace {

using std::chrono::milliseconds;

// A loopback socket that listens and never answers: the kernel completes each connection (the
// backlog), then nothing is ever read or written.
class SilentServer {
 public:
  SilentServer() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("cannot open a loopback socket");
    }
    port_ = ntohs(addr.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

TEST_F(SyncTest, BadKeyStopsAtOnceAndSaysWhatToCheck) {
  put_history(3, "2025-01-01", 10);
  SyncOptions o = options();
  o.credentials.api_key = "wrong";
  try {
    sync(o);
    FAIL() << "expected AuthError";
  } catch (const AuthError& e) {
    EXPECT_NE(std::string(e.what()).find("check INTERVALS_ICU_API_KEY / INTERVALS_ICU_ATHLETE_ID"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("401"), std::string::npos) << e.what();
  }
  EXPECT_EQ(server_.requests(), 1);  // no retries
  EXPECT_TRUE(index().empty());
}

TEST_F(SyncTest, SomeoneElsesAthleteIdIsForbidden) {
  put_history(1, "2025-01-01", 10);
  SyncOptions o = options();
  o.credentials.athlete_id = "i999";
  EXPECT_THROW(sync(o), AuthError);
  EXPECT_EQ(server_.requests(), 1);
  o.credentials.athlete_id = "0";  // the key's owner
  EXPECT_EQ(sync(o).downloaded, 1);
}

TEST_F(SyncTest, A429StormIsWaitedOutHonouringRetryAfter) {
  const auto ids = put_history(4, "2025-02-01", 10);
  server_.fail_429 = 6;
  server_.retry_after_s = 7;
  const SyncReport r = sync();
  EXPECT_EQ(r.downloaded, 4);
  const auto waits = sleeps();
  ASSERT_EQ(waits.size(), 6u);
  for (auto w : waits) EXPECT_EQ(w, milliseconds(7000));
  expect_each_downloaded_once(ids);
}

TEST_F(SyncTest, A429WithoutRetryAfterBacksOffExponentiallyAndGivesUpInTheEnd) {
  put_history(1, "2025-02-01", 10);
  SyncOptions o = options();
  o.http.backoff_initial = milliseconds(100);
  o.http.backoff_max = milliseconds(1000);
  o.http.max_rate_limited = 5;
  server_.fail_429 = 3;
  EXPECT_EQ(sync(o).downloaded, 1);
  EXPECT_EQ(sleeps(),
            (std::vector<milliseconds>{milliseconds(100), milliseconds(200), milliseconds(400)}));
  server_.fail_429 = 1000;
  EXPECT_THROW(sync(o), NetworkError);
  EXPECT_EQ(server_.fail_429, 1000 - 6);  // 1 + 5 tolerated, then stop
}

TEST_F(SyncTest, RequestsAreSpacedToTenASecond) {
  put_history(6, "2025-02-01", 10);
  SyncOptions o = options();
  o.http.max_requests_per_second = 10;
  const auto t0 = std::chrono::steady_clock::now();
  sync(o);
  const auto elapsed =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - t0);
  // Slots are 100 ms apart: what the client waited (recorded, not slept) plus the time that
  // passed anyway covers (requests - 1) × 100 ms.
  milliseconds waited{0};
  for (auto w : sleeps()) waited += w;
  EXPECT_GE((waited + elapsed).count(), (server_.requests() - 1) * 100 - 1);
  EXPECT_GT(server_.requests(), 10);
}

TEST_F(SyncTest, ServerErrorsAreRetriedAndAPersistentOneFailsOnlyThatActivity) {
  const auto ids = put_history(5, "2025-03-01", 3);
  server_.fail_500 = 2;  // the first two requests (listing) fail, then it recovers
  server_.set_always_500("i1003", true);
  const SyncReport r = sync();
  EXPECT_TRUE(r.listing_complete);
  EXPECT_EQ(r.downloaded, 4);
  EXPECT_EQ(r.failed, 1);
  const IntervalsEntry bad = index().at("i1003");
  EXPECT_EQ(bad.state, IntervalsState::Failed);
  EXPECT_NE(bad.error.find("HTTP 500"), std::string::npos) << bad.error;
  // Meanwhile the listing's totals keep the stats right: a summary-only activity.
  import_cache();
  const auto a = store_->find_activity(Source::Intervals, "i1003");
  ASSERT_TRUE(a);
  EXPECT_NE(a->flags & kFlagSummaryOnly, 0u);
  EXPECT_DOUBLE_EQ(a->summary.distance_m, 5000);
  // Fixed upstream: the next sync fetches it, and only it.
  server_.set_always_500("i1003", false);
  const SyncReport again = sync();
  EXPECT_EQ(again.downloaded, 1);
  expect_each_downloaded_once(ids);
  import_cache();
  EXPECT_EQ(store_->find_activity(Source::Intervals, "i1003")->flags & kFlagSummaryOnly, 0u);
}

TEST_F(SyncTest, AStalledResponseTimesOutAndIsRetried) {
  const auto ids = put_history(3, "2025-04-01", 3);
  server_.set_stall_id("i1001");
  server_.stall_ms = 700;
  server_.stalls_left = 1;
  SyncOptions o = options();
  o.http.total_timeout_ms = 150;
  const SyncReport r = sync(o);
  EXPECT_EQ(r.downloaded, 3);
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(server_.stalls_left, 0);
  expect_each_downloaded_once(ids);
}

// A watch that lost power mid-activity leaves a file that ends early; intervals.icu serves it
// whole as it is. The transfer is complete, so the file is kept, imported (the parser recovers
// what it holds), warned about once, and never downloaded again.
TEST_F(SyncTest, AFileThatEndsEarlyAtItsSourceIsKeptImportedAndNotDownloadedAgain) {
  const auto ids = put_history(4, "2025-05-01", 3);  // i1000 gzip'd FIT, i1001 FIT, i1002 GPX
  for (const char* id : {"i1000", "i1001", "i1002"}) server_.set_truncate(id, true);
  const SyncReport r = sync();
  EXPECT_EQ(r.downloaded, 4);
  EXPECT_EQ(r.failed, 0);
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  ASSERT_EQ(r.warnings.size(), 3u);
  auto warning_of = [&](const std::string& id) {
    for (const auto& w : r.warnings) {
      if (w.starts_with("intervals.icu activity " + id + ": ")) return w;
    }
    return std::string("(none)");
  };
  EXPECT_NE(warning_of("i1000").find("gzip stream ends early; kept"), std::string::npos)
      << warning_of("i1000");
  EXPECT_NE(warning_of("i1001").find("FIT file shorter than its header says"), std::string::npos)
      << warning_of("i1001");
  EXPECT_NE(warning_of("i1002").find("GPX file ends early"), std::string::npos)
      << warning_of("i1002");
  expect_each_downloaded_once(ids);
  EXPECT_EQ(cached_files().size(), 4u);

  // The import reads what the files hold: each track reaches the store, shorter than whole.
  const ImportReport imp = import_cache();
  EXPECT_EQ(imp.failed, 0) << (imp.failures.empty() ? "" : imp.failures.front().reason);
  for (const char* id : {"i1000", "i1001", "i1002"}) {
    const auto a = store_->find_activity(Source::Intervals, id);
    ASSERT_TRUE(a) << id;
    EXPECT_EQ(a->flags & kFlagSummaryOnly, 0u) << id;
    EXPECT_GT(a->summary.points, 20u) << id;
    EXPECT_LT(a->summary.points, 120u) << id;
    EXPECT_FALSE(store_->track(a->content_hash).empty()) << id;
  }
  EXPECT_EQ(store_->find_activity(Source::Intervals, "i1003")->summary.points, 120u);

  // The next sync neither downloads them again nor warns again.
  const SyncReport again = sync();
  EXPECT_EQ(again.downloaded, 0);
  EXPECT_EQ(again.failed, 0);
  EXPECT_TRUE(again.warnings.empty());
  expect_each_downloaded_once(ids);
}

// A body shorter than the Content-Length it was sent with is a broken transfer: retried, never
// cached; when it keeps breaking, the sync stops and the next one fetches it.
TEST_F(SyncTest, ATransferCutShortAgainstContentLengthIsRetriedAndNeverCached) {
  const auto ids = put_history(3, "2025-05-01", 3);
  server_.set_cut_transfers("i1001", 2);  // i1001: plain FIT
  SyncOptions o = options();
  o.jobs = 1;
  const SyncReport r = sync(o);
  EXPECT_EQ(r.downloaded, 3);
  EXPECT_EQ(r.failed, 0);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
  EXPECT_EQ(sleeps().size(), 2u);  // two backoffs, then the whole body
  expect_each_downloaded_once(ids);
  const IntervalsEntry e = index().at("i1001");
  EXPECT_EQ(read_file(files_dir() / e.file_name).size(),
            fake_activity("i1001", "2025-05-04", Wrap::Fit).file.size());

  server_.put(fake_activity("i2000", "2025-08-01", Wrap::Fit));
  server_.set_cut_transfers("i2000", 1000);
  try {
    sync(o);
    FAIL() << "a transfer that never completes must fail";
  } catch (const NetworkError& err) {
    EXPECT_NE(std::string(err.what()).find("GET /api/v1/activity/i2000/file"), std::string::npos)
        << err.what();
    EXPECT_NE(std::string(err.what()).find("gave up after 5 tries"), std::string::npos)
        << err.what();
  }
  EXPECT_NE(index().at("i2000").state, IntervalsState::Downloaded);
  EXPECT_EQ(cached_files().size(), 3u);  // nothing half-written that looks like a file
  server_.set_cut_transfers("i2000", 0);
  EXPECT_EQ(sync(o).downloaded, 1);
  EXPECT_EQ(server_.served("i2000"), 1);
  EXPECT_EQ(cached_files().size(), 4u);
}

TEST_F(SyncTest, AServerThatAcceptsAndNeverAnswersIsGivenUpOnInBoundedTime) {
  // The defaults bound it: two tries of the stall limit and one backoff, well under a minute.
  const HttpOptions defaults;
  EXPECT_LE(
      defaults.stall_s * defaults.max_silent_attempts * 1000 + defaults.backoff_initial.count(),
      45'000);
  SilentServer silent;
  SyncOptions o = options();
  o.credentials.base_url = silent.base_url();
  o.http.stall_s = 1;  // test-sized; the backoff is recorded, not slept
  const auto t0 = std::chrono::steady_clock::now();
  try {
    sync(o);
    FAIL() << "a silent server must stop the sync";
  } catch (const NetworkError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_TRUE(what.starts_with("GET /api/v1/athlete/")) << what;
    EXPECT_NE(what.find("accepted the connection but did not answer"), std::string::npos) << what;
    EXPECT_NE(what.find("gave up after 2 tries"), std::string::npos) << what;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(secs, 6.0);
  EXPECT_EQ(sleeps(), std::vector<milliseconds>{milliseconds(1000)});
  EXPECT_TRUE(index().empty());
}

TEST_F(SyncTest, MalformedJsonLosesThatWindowOnlyAndDeletesNothing) {
  const auto ids = put_history(4, "2025-01-05", 90);  // 01-05, 04-05, 07-04, 10-02
  sync();
  // The window holding i1002's day answers with JSON cut off; a new activity comes meanwhile.
  server_.set_malformed_day("2025-07-04");
  server_.put(fake_activity("i3000", "2025-12-01"));
  const SyncReport r = sync();
  EXPECT_FALSE(r.listing_complete);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors.front().find("malformed JSON"), std::string::npos) << r.errors.front();
  EXPECT_EQ(r.listed, 4);   // i1002's window was lost …
  EXPECT_EQ(r.deleted, 0);  // … but it is not "gone"
  EXPECT_EQ(index().at("i1002").state, IntervalsState::Downloaded);
  EXPECT_EQ(r.downloaded, 1);
  for (const auto& [id, e] : index()) EXPECT_NE(e.state, IntervalsState::Deleted) << id;
  auto all = ids;
  all.emplace_back("i3000");
  expect_each_downloaded_once(all);
}

TEST_F(SyncTest, ADroppedConnectionStopsTheSyncAndTheNextOneResumes) {
  const auto ids = put_history(8, "2025-06-01", 2);
  server_.drop_files_after = 3;
  SyncOptions o = options();
  o.jobs = 1;
  EXPECT_THROW(sync(o), NetworkError);
  const auto rows = index();
  int downloaded = 0;
  for (const auto& [id, e] : rows) downloaded += e.state == IntervalsState::Downloaded;
  EXPECT_EQ(downloaded, 3);
  EXPECT_EQ(cached_files().size(), 3u);
  server_.drop_files_after = -1;
  const SyncReport r = sync(o);
  EXPECT_EQ(r.downloaded, 5);
  expect_each_downloaded_once(ids);
}

TEST_F(SyncTest, AnInterruptedSyncResumesWithoutDownloadingAnythingTwice) {
  const auto ids = put_history(10, "2025-06-01", 2);
  SyncOptions o = options();
  o.jobs = 2;  // at most 2 in flight and 2 waiting to be recorded when it stops
  o.keep_going = [](int recorded) { return recorded < 4; };
  const SyncReport first = sync(o);
  EXPECT_TRUE(first.interrupted);
  EXPECT_GE(first.downloaded, 4);
  EXPECT_LE(first.downloaded, 8);
  const SyncReport rest = sync();
  EXPECT_EQ(first.downloaded + rest.downloaded + rest.adopted, 10);
  expect_each_downloaded_once(ids);
}

TEST_F(SyncTest, AFileWrittenJustBeforeAKillIsAdoptedNotDownloadedAgain) {
  const auto ids = put_history(3, "2025-06-01", 2);
  sync();
  // What a kill -9 between the file's rename and its row's update leaves: the file complete on
  // disk, the row still pending; plus a temporary file of a write that was cut short.
  {
    IntervalsEntry e = index().at("i1001");
    e.state = IntervalsState::Pending;
    e.file_name.clear();
    put_intervals_entry(*store_, e);
  }
  write_file_atomic(files_dir() / "i1002-0123.fit.tmp-77", std::string_view("half"));
  const SyncReport r = sync();
  EXPECT_EQ(r.adopted, 1);
  EXPECT_EQ(r.downloaded, 0);
  EXPECT_EQ(index().at("i1001").state, IntervalsState::Downloaded);
  EXPECT_EQ(cached_files().size(), 3u);  // the temporary is gone
  expect_each_downloaded_once(ids);
}

TEST_F(SyncTest, KilledWithSigkillMidSyncTheNextSyncCompletesTheCache) {
  const auto ids = put_history(8, "2025-06-01", 2);
  SyncOptions o = options();
  o.jobs = 1;
  o.keep_going = [](int recorded) {
    if (recorded == 3) ::kill(::getpid(), SIGKILL);  // no cleanup, no destructors
    return true;
  };
  store_.reset();  // the child opens its own connection
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Store store(cache() / "trackheat.db");
    run_sync(store, o);
    ::_exit(0);  // not reached
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  store_ = std::make_unique<Store>(cache() / "trackheat.db");
  int done = 0;
  for (const auto& [id, e] : index()) done += e.state == IntervalsState::Downloaded;
  EXPECT_EQ(done, 3);
  const SyncReport r = sync();
  EXPECT_EQ(done + r.downloaded + r.adopted, 8);
  // At most the one file in flight when the process died was served twice.
  EXPECT_LE(server_.served_total(), 9);
  for (const auto& id : ids) EXPECT_EQ(index().at(id).state, IntervalsState::Downloaded) << id;
  EXPECT_EQ(cached_files().size(), 8u);
}

}  // namespace
}  // namespace th::test
