// Incremental builds on a built site (make bench builds the 5,000-activity demo and runs this on
// it): what a user waits for after one change, in the admin page or on disk.
//
//   incremental_bench <export> <cache dir> <site dir> <extra activity folder> [runs]
//
// The site must be up to date with <export> + <extra activity folder>. Each run:
//   - exclusion: the extra folder's activity excluded (a dedup decision), rebuilt;
//   - undo: that decision undone, rebuilt (the activity comes back: an addition);
// and prints each build's wall time and stage times; then the medians over the runs. Every
// build must update every zoom from the render cache (else it says so: a full render).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "pipeline/build.hpp"
#include "store/dedup_tables.hpp"
#include "store/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double timed_build(const th::BuildOptions& o, const char* what) {
  const auto t0 = Clock::now();
  const th::BuildReport r = th::run_build(o);
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  const th::StageTimes& t = r.times;
  std::printf(
      "%-10s %5.2f s  (prepare %.2f, render %.2f, encode %.2f, explorer %.2f, commit %.2f s; "
      "%d of %d zooms from the cache, %llu tiles drawn, %llu over kept codes, %d leaving)\n",
      what, s, t.prepare_s, t.accumulate_s, t.encode_s, t.explorer_s, t.write_s,
      r.zooms_incremental, o.max_zoom - o.min_zoom + 1,
      static_cast<unsigned long long>(r.tiles_drawn),
      static_cast<unsigned long long>(r.tiles_over_kept), r.leaving);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s EXPORT CACHE SITE EXTRA_FOLDER [runs]\n", argv[0]);
    return 2;
  }
  th::BuildOptions o;
  o.strava = argv[1];
  o.cache_dir = argv[2];
  o.out_dir = argv[3];
  o.paths = {argv[4]};
  o.quiet = true;
  const int runs = argc > 5 ? std::max(1, std::atoi(argv[5])) : 3;
  try {
    th::dedup::Decision exclude;
    exclude.kind = th::dedup::DecisionKind::Exclude;
    {
      th::Store store(o.cache_dir / "trackheat.db");
      bool found = false;
      for (const th::StoredActivity& a : store.activities()) {
        if (a.source == th::Source::File) {
          exclude.subject = {a.source, a.source_id};
          found = true;
        }
      }
      if (!found) throw th::UsageError("no activity of the extra folder in the store");
    }
    std::vector<double> excluded, undone;
    for (int i = 0; i < runs; ++i) {
      {
        th::Store store(o.cache_dir / "trackheat.db");
        th::dedup::add_decision(store, exclude);
      }
      excluded.push_back(timed_build(o, "exclusion"));
      {
        th::Store store(o.cache_dir / "trackheat.db");
        th::dedup::undo_decision(store, std::nullopt);
      }
      undone.push_back(timed_build(o, "undo"));
    }
    std::printf("median of %d: exclusion %.2f s, undo (the activity back) %.2f s\n", runs,
                median(excluded), median(undone));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "incremental_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
