// Dedup speed for 20 000 activities (the target: fast for 20,000 activities): matching alone on
// in-memory records, and run_dedup on a store (what every build and every admin page request
// pays once the track facts are cached).
// Run: ./build/bench/dedup_bench   (the database lives in a temporary folder)

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>

#include "dedup/dedup.hpp"
#include "dedup/match.hpp"
#include "store/sqlite_stmt.hpp"
#include "store/store.hpp"
#include "store/synthetic_track.hpp"

namespace {

constexpr int kOutings = 10'000;  // each in two sources: 20 000 records

// Outings 0.7 days apart on average at varying hours, around a few home starts; the second
// source's copy starts 0–60 s later, 0–30 m away, with 1 % more distance.
std::vector<th::dedup::MatchRecord> records() {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<th::dedup::MatchRecord> out;
  double t = 1.4e9;
  for (int i = 0; i < kOutings; ++i) {
    t += 0.7 * 86400 * (0.3 + 1.4 * u(rng));
    th::dedup::MatchRecord a;
    a.id = 2 * i;
    a.source = th::Source::Strava;
    a.source_id = std::to_string(9'000'000 + i);
    a.start_utc = std::floor(t);
    a.utc_offset_s = 3600;
    a.distance_m = 5000 + 20000 * u(rng);
    a.points = a.samples = static_cast<std::uint32_t>(a.distance_m / 3);
    a.has_heart_rate = a.has_altitude = true;
    a.content_hash = "s" + std::to_string(i);
    a.start_lat = 48.13 + 0.01 * (i % 4);
    a.start_lon = 11.57;
    th::dedup::MatchRecord b = a;
    b.id = 2 * i + 1;
    b.source = th::Source::Intervals;
    b.source_id = "i" + std::to_string(i);
    b.start_utc += std::floor(60 * u(rng));
    b.distance_m *= 1.01;
    b.content_hash = "i" + std::to_string(i);
    b.start_lat += 0.0003 * u(rng);
    out.push_back(std::move(a));
    out.push_back(std::move(b));
  }
  return out;
}

void BM_FindPairsAndResolve20000(benchmark::State& state) {
  const auto r = records();
  std::size_t pairs = 0;
  for (auto _ : state) {
    const auto p = th::dedup::find_pairs(r);
    const auto res = th::dedup::resolve(r, p, {});
    benchmark::DoNotOptimize(res.winner_of.data());
    pairs = p.size();
  }
  state.counters["records"] = static_cast<double>(r.size());
  state.counters["pairs"] = static_cast<double>(pairs);
}
BENCHMARK(BM_FindPairsAndResolve20000)->Unit(benchmark::kMillisecond);

void BM_RunDedupOnAStore20000(benchmark::State& state) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("th-bench-dedup-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    th::Store store(dir / "trackheat.db");
    th::Store::Transaction tx(store);
    th::sql::Statement facts(store.handle(), store.name(),
                             "INSERT INTO dedup_tracks VALUES (?, ?, ?, 0)");
    for (const auto& m : records()) {
      th::StoredActivity a;
      a.source = m.source;
      a.source_id = m.source_id;
      a.sport = th::Sport::Run;
      a.name = "Run " + m.source_id;
      a.start_utc = m.start_utc;
      a.utc_offset_s = m.utc_offset_s;
      a.summary.distance_m = m.distance_m;
      a.summary.points = a.summary.samples = m.points;
      a.summary.has_heart_rate = a.summary.has_altitude = true;
      a.content_hash = m.content_hash;
      store.upsert_activity(a);
      th::sql::Query q(store.handle(), facts, store.name(), "bench");
      q.bind_text(m.content_hash).bind_double(m.start_lat).bind_double(m.start_lon).run();
    }
    tx.commit();
  }
  th::Store store(dir / "trackheat.db");
  std::size_t excluded = 0;
  for (auto _ : state) {
    const th::DedupResult r = th::run_dedup(store);
    excluded = r.excluded.size();
  }
  state.counters["excluded"] = static_cast<double>(excluded);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_RunDedupOnAStore20000)->Unit(benchmark::kMillisecond);

// The first build after an import: every track's facts (first position, longest jump) are
// computed once and cached; range(0) activities of one hour at 1 Hz.
void BM_RunDedupColdTrackFacts(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("th-bench-dedup-cold-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  th::Store store(dir / "trackheat.db");
  {
    th::Store::Transaction tx(store);
    for (int i = 0; i < state.range(0); ++i) {
      th::test::TrackShape shape;
      shape.seed = static_cast<std::uint32_t>(i + 1);
      th::Activity a;
      a.samples = th::test::synthetic_track(3600, shape);
      a.start_time = a.samples.front().time + i * 86400.0;
      a.summary.points = a.summary.samples = 3600;
      const std::string hash = "h" + std::to_string(i);
      store.put_parsed(hash, 1, a);
      th::StoredActivity row;
      row.source = th::Source::Strava;
      row.source_id = std::to_string(i);
      row.start_utc = a.start_time;
      row.summary = a.summary;
      row.content_hash = hash;
      store.upsert_activity(row);
    }
    tx.commit();
  }
  for (auto _ : state) {
    state.PauseTiming();
    th::sql::exec(store.handle(), store.name(), "DELETE FROM dedup_tracks", "bench");
    state.ResumeTiming();
    const th::DedupResult r = th::run_dedup(store);
    benchmark::DoNotOptimize(r.tracks_decoded);
  }
  state.counters["tracks"] = static_cast<double>(state.range(0));
  state.counters["per_track"] = benchmark::Counter(
      static_cast<double>(state.range(0)),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_RunDedupColdTrackFacts)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
