#pragma once
// parallel_for(): the one way trackheat spreads work over threads (import, sync downloads,
// track preparation, decimation, rendering, encoding, the demo's file writers).
//
//   parallel_for(count, jobs, work)            work(worker, index) for every index < count
//   parallel_for(count, jobs, work, caller)    … while the calling thread runs caller.run()
//
// Contract
// - Threads: `work` runs on min(jobs, count) threads started for the call (jobs 0 counts as 1),
//   never on the calling thread. `worker` (0 .. threads - 1) names the thread, for per-thread
//   scratch. Every thread is joined before parallel_for returns or throws.
// - Ordering: indices are handed out one at a time in increasing order from a shared counter,
//   so when a worker gets index i every index below i has been handed out (a worker that waits
//   for a consumer to catch up, as the importer's window does, cannot deadlock on a gap). Each
//   index runs at most once, exactly once when nothing throws; completion order is not promised.
// - Exceptions: an exception of any type thrown by `work` or by `caller.run` is caught and
//   recorded; the first one stops the hand-out: indices not handed out yet never run, the ones
//   already running on other threads run to their end. When every thread has been joined, the
//   first exception is rethrown on the calling thread; later ones are dropped (they are usually
//   consequences of the first, such as a consumer seeing its queue closed). Nothing escapes a
//   worker thread, so an error never ends in std::terminate.
// - The calling thread's share (`CallerTask`, optional): `run` runs on the calling thread while
//   the workers run, e.g. to store their results in order from the one thread that owns a
//   database, or to produce what they consume. `release` is called exactly once, from whichever
//   thread gets there first: at the first exception, or when every worker has returned (at once
//   when there is no worker). It must wake every wait in `work` and `run` that counts on the
//   other side (close or abort a queue), so that a failure on either side cannot leave the
//   other waiting forever. An exception from `release` is recorded like any other.
// - Cost: a thread start per worker per call and one atomic increment per index; meant for
//   indices of a microsecond of work or more (a track, a tile, a file).

#include <cstddef>
#include <functional>

namespace th {

// The number of threads for a `--jobs` value: `requested` when positive, else the hardware
// threads (at least 1).
unsigned resolve_jobs(unsigned requested);

using ParallelWork = std::function<void(unsigned worker, std::size_t index)>;

// What the calling thread does during a parallel_for (see the contract above).
struct CallerTask {
  std::function<void()> run;      // on the calling thread, alongside the workers
  std::function<void()> release;  // once: at the first exception, or when the workers are done
};

void parallel_for(std::size_t count, unsigned jobs, const ParallelWork& work,
                  const CallerTask& caller = {});

}  // namespace th
