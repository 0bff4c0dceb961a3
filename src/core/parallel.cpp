#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace th {

unsigned resolve_jobs(unsigned requested) {
  return requested > 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
}

namespace {

// The state one parallel_for shares between its threads.
class ParallelRun {
 public:
  ParallelRun(std::size_t count, const ParallelWork& work, const CallerTask& caller,
              std::size_t workers)
      : count_(count), work_(work), caller_(caller), running_(workers) {}

  void worker(unsigned id) {
    try {
      for (;;) {
        const std::size_t i = next_.fetch_add(1);
        if (i >= count_ || stopped_.load()) break;
        work_(id, i);
      }
    } catch (...) {
      fail(std::current_exception());
    }
    if (running_.fetch_sub(1) == 1) release();
  }

  void caller() {
    if (!caller_.run) return;
    try {
      caller_.run();
    } catch (...) {
      fail(std::current_exception());
    }
  }

  // Records the first exception, stops the hand-out and releases the other side's waits.
  void fail(std::exception_ptr e) {
    {
      const std::lock_guard lock(mutex_);
      if (!first_) first_ = std::move(e);
    }
    stopped_.store(true);
    release();
  }

  void release() {
    if (released_.exchange(true) || !caller_.release) return;
    try {
      caller_.release();
    } catch (...) {
      const std::lock_guard lock(mutex_);
      if (!first_) first_ = std::current_exception();
      stopped_.store(true);
    }
  }

  void rethrow_first() {
    if (first_) std::rethrow_exception(first_);
  }

 private:
  const std::size_t count_;
  const ParallelWork& work_;
  const CallerTask& caller_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> stopped_{false};
  std::atomic<bool> released_{false};
  std::atomic<std::size_t> running_;
  std::mutex mutex_;
  std::exception_ptr first_;
};

}  // namespace

void parallel_for(std::size_t count, unsigned jobs, const ParallelWork& work,
                  const CallerTask& caller) {
  const std::size_t workers = std::min<std::size_t>(std::max(1u, jobs), count);
  ParallelRun run(count, work, caller, workers);
  if (workers == 0) run.release();
  std::vector<std::thread> pool;
  pool.reserve(workers);
  try {
    for (std::size_t t = 0; t < workers; ++t) {
      pool.emplace_back([&run, t] { run.worker(static_cast<unsigned>(t)); });
    }
  } catch (...) {  // a thread could not start (std::system_error): the started ones still run
    run.fail(std::current_exception());
  }
  run.caller();
  for (std::thread& t : pool) t.join();
  run.rethrow_first();
}

}  // namespace th
