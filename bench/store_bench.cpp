// Store hot paths: upserting thousands of activities in one transaction (every import) and
// reading the parse cache with and without the track (warm import vs. render).
// Run: ./build/bench/store_bench   (the database lives in a temporary folder)

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/store.hpp"
#include "store/synthetic_track.hpp"

namespace {

std::filesystem::path fresh_db(const char* tag) {
  const auto dir = std::filesystem::temp_directory_path() /
                   (std::string("th-bench-") + tag + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir / "trackheat.db";
}

th::StoredActivity activity(int i) {
  th::StoredActivity a;
  a.source = th::Source::Strava;
  a.source_id = std::to_string(1'000'000 + i);
  a.sport = th::Sport::Run;
  a.name = "Morning Run " + std::to_string(i);
  a.start_utc = 1.5e9 + i * 86'400.0;
  a.summary.distance_m = 10'000 + i;
  a.summary.samples = 3600;
  a.file_path = "activities/" + a.source_id + ".fit.gz";
  a.content_hash = std::to_string(i);
  return a;
}

// range(0) = 0: all new (Added); 1: all present and equal (Unchanged, the warm rebuild).
void BM_Upsert5000InOneTransaction(benchmark::State& state) {
  const auto file = fresh_db("upsert");
  th::Store store(file);
  const bool warm = state.range(0) == 1;
  if (warm) {
    th::Store::Transaction tx(store);
    for (int i = 0; i < 5000; ++i) {
      auto a = activity(i);
      store.upsert_activity(a);
    }
    tx.commit();
  }
  int round = 0;
  for (auto _ : state) {
    th::Store::Transaction tx(store);
    for (int i = 0; i < 5000; ++i) {
      auto a = activity(warm ? i : 5000 * (round + 1) + i);
      benchmark::DoNotOptimize(store.upsert_activity(a));
    }
    tx.commit();
    ++round;
  }
  state.SetItemsProcessed(state.iterations() * 5000);
  std::filesystem::remove_all(file.parent_path());
}

// range(0) = 0: metadata only (with_samples=false); 1: with the 3600-sample track decoded.
void BM_GetParsed(benchmark::State& state) {
  const auto file = fresh_db("parsed");
  th::Store store(file);
  th::Activity parsed;
  parsed.samples = th::test::synthetic_track(3600);
  parsed.warnings = {"one warning"};
  {
    th::Store::Transaction tx(store);
    for (int i = 0; i < 200; ++i) store.put_parsed(std::to_string(i), 1, parsed);
    tx.commit();
  }
  const bool with_samples = state.range(0) == 1;
  int i = 0;
  for (auto _ : state) {
    auto got = store.get_parsed(std::to_string(i++ % 200), 1, with_samples);
    benchmark::DoNotOptimize(got->samples.data());
  }
  state.SetItemsProcessed(state.iterations());
  std::filesystem::remove_all(file.parent_path());
}

}  // namespace

BENCHMARK(BM_Upsert5000InOneTransaction)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GetParsed)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
