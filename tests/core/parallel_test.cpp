// parallel_for: every index once, exceptions of any type on the caller's thread, the hand-out
// stopped after a failure, and the calling thread's share released from either side.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <new>
#include <set>
#include <thread>
#include <vector>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace th {
namespace {

// Which indices ran, how often, and on which threads.
struct Record {
  explicit Record(std::size_t count) : runs(count) {}
  std::vector<std::atomic<int>> runs;
  std::mutex mutex;
  std::set<unsigned> workers;
  std::set<std::thread::id> threads;

  ParallelWork work() {
    return [this](unsigned worker, std::size_t i) {
      ++runs[i];
      const std::lock_guard lock(mutex);
      workers.insert(worker);
      threads.insert(std::this_thread::get_id());
    };
  }
  bool each_once() const {
    return std::all_of(runs.begin(), runs.end(), [](const auto& n) { return n.load() == 1; });
  }
};

TEST(ParallelFor, EveryIndexRunsExactlyOnceOnWorkerThreads) {
  Record r(10000);
  parallel_for(r.runs.size(), 4, r.work());
  EXPECT_TRUE(r.each_once());
  EXPECT_LE(r.threads.size(), 4u);
  EXPECT_FALSE(r.threads.contains(std::this_thread::get_id()));
  for (const unsigned w : r.workers) EXPECT_LT(w, 4u);
}

TEST(ParallelFor, OneJobRunsTheIndicesInOrderOnOneThread) {
  std::vector<std::size_t> order;
  std::set<unsigned> workers;
  parallel_for(100, 1, [&](unsigned worker, std::size_t i) {
    order.push_back(i);
    workers.insert(worker);
  });
  ASSERT_EQ(order.size(), 100u);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_EQ(workers, std::set<unsigned>{0});
  // jobs 0 counts as 1.
  Record r(10);
  parallel_for(r.runs.size(), 0, r.work());
  EXPECT_TRUE(r.each_once());
  EXPECT_EQ(r.workers, std::set<unsigned>{0});
}

TEST(ParallelFor, NothingToDoRunsNoWorkButTheCallerAndReleasesOnce) {
  int work_calls = 0, ran = 0, released = 0;
  parallel_for(0, 8, [&](unsigned, std::size_t) { ++work_calls; });
  parallel_for(0, 8, [&](unsigned, std::size_t) { ++work_calls; },
               {[&] { ++ran; }, [&] { ++released; }});
  EXPECT_EQ(work_calls, 0);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(released, 1);
}

TEST(ParallelFor, MoreJobsThanItemsStartsOneThreadPerItem) {
  Record r(3);
  parallel_for(r.runs.size(), 16, r.work());
  EXPECT_TRUE(r.each_once());
  for (const unsigned w : r.workers) EXPECT_LT(w, 3u);
}

TEST(ParallelFor, AnExceptionOnOneWorkerReachesTheCallerAndStopsTheHandOut) {
  std::atomic<int> ran{0};
  try {
    parallel_for(1000, 4, [&](unsigned, std::size_t i) {
      ++ran;
      if (i == 5) throw IoError("tiles/hill/3/4/5.png: File too large");
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    });
    FAIL() << "no exception";
  } catch (const IoError& e) {
    EXPECT_STREQ(e.what(), "tiles/hill/3/4/5.png: File too large");
  }
  // The others finish what they hold (a few items each), then take no more.
  EXPECT_LT(ran.load(), 30);
}

TEST(ParallelFor, ExceptionsOfAnyTypeReachTheCaller) {
  const auto throw_at_3 = [](auto make) {
    return [make](unsigned, std::size_t i) {
      if (i == 3) throw make();
    };
  };
  EXPECT_THROW(parallel_for(10, 3, throw_at_3([] { return std::bad_alloc(); })), std::bad_alloc);
  EXPECT_THROW(parallel_for(10, 3, throw_at_3([] {
                              return std::filesystem::filesystem_error(
                                  "cannot create",
                                  std::make_error_code(std::errc::read_only_file_system));
                            })),
               std::filesystem::filesystem_error);
  EXPECT_THROW(parallel_for(10, 3, throw_at_3([] { return 42; })), int);
}

// A queue that the release hook closes: what a consumer on the calling thread waits on.
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  void release() {
    {
      const std::lock_guard lock(mutex);
      open = true;
    }
    cv.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return open; });
  }
};

TEST(ParallelFor, AWorkerFailureReleasesTheCallerAndTheFirstExceptionWins) {
  Gate gate;
  int released = 0;
  const auto work = [](unsigned, std::size_t i) {
    if (i == 2) throw ParseError("track 2: corrupt");
  };
  const CallerTask caller{[&] {
                            gate.wait();  // the consumer waits for results that never come…
                            throw Error("import stopped");  // …and gives up: a consequence
                          },
                          [&] {
                            ++released;
                            gate.release();
                          }};
  EXPECT_THROW(parallel_for(100, 2, work, caller), ParseError);
  EXPECT_EQ(released, 1);
}

TEST(ParallelFor, ACallerFailureReleasesWaitingWorkers) {
  Gate gate;
  std::atomic<int> ran{0};
  const auto work = [&](unsigned, std::size_t) {
    ++ran;
    gate.wait();  // a producer waiting for room that only the consumer makes
  };
  const CallerTask caller{[] { throw IoError("cache/trackheat.db: disk I/O error"); },
                          [&] { gate.release(); }};
  EXPECT_THROW(parallel_for(1000, 3, work, caller), IoError);
  EXPECT_LE(ran.load(), 6);  // what was handed out before the stop, at most
}

TEST(ParallelFor, ReleaseComesOnceAfterTheLastWorkerWhenNothingFails) {
  std::atomic<int> done{0};
  int released = 0, done_at_release = -1;
  parallel_for(500, 4, [&](unsigned, std::size_t) { ++done; },
               {[] {},
                [&] {
                  ++released;
                  done_at_release = done.load();
                }});
  EXPECT_EQ(released, 1);
  EXPECT_EQ(done_at_release, 500);
}

TEST(ParallelFor, AnExceptionFromReleaseIsReported) {
  EXPECT_THROW(parallel_for(10, 2, [](unsigned, std::size_t) {},
                            {nullptr, [] { throw IoError("cannot close"); }}),
               IoError);
}

TEST(ResolveJobs, ZeroMeansEveryHardwareThread) {
  EXPECT_EQ(resolve_jobs(3), 3u);
  EXPECT_GE(resolve_jobs(0), 1u);
}

}  // namespace
}  // namespace th
