#include "pipeline/drawn_inputs.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "core/time_util.hpp"
#include "render/projection.hpp"
#include "store/track_codec.hpp"

namespace th {

namespace {

constexpr double kDay = 86400.0;
constexpr double kYear = 365.25 * kDay;

}  // namespace

bool drawable(const StoredActivity& a) {
  constexpr std::uint32_t kNotDrawn =
      kFlagIndoor | kFlagVirtual | kFlagSummaryOnly | kFlagNotActivity | kFlagDeleted;
  return (a.flags & kNotDrawn) == 0 && !a.content_hash.empty() && a.summary.points >= 2;
}

float day_number(double unix_seconds) {
  return static_cast<float>(std::floor(unix_seconds / kDay) + 1);
}

double month_start(double unix_seconds) {
  const CivilDate d = civil_from_days(static_cast<long long>(std::floor(unix_seconds / kDay)));
  return static_cast<double>(days_from_civil(d.year, d.month, 1)) * kDay;
}

DrawnActivity drawn_activity(std::uint32_t index, double start_utc, double render_now) {
  const bool known = has(start_utc);
  return {index, known ? day_number(start_utc) : 1.0f, known && start_utc >= render_now - kYear,
          known && start_utc >= render_now - 3 * kYear};
}

LonLatBox drawn_box(const PreparedTrack& track) {
  LonLatBox box;
  if (track.vertices.empty()) return box;
  const LatLon nw = unproject(to_world(FixedPoint{track.bounds.min_x, track.bounds.min_y}));
  const LatLon se = unproject(to_world(FixedPoint{track.bounds.max_x, track.bounds.max_y}));
  return {nw.lon, se.lat, se.lon, nw.lat};
}

DrawnInputs prepare_drawn(Store& store, const std::vector<StoredActivity>& all,
                          const PrivacySettings& privacy, double render_now, unsigned jobs,
                          bool quiet) {
  DrawnInputs out;
  for (const auto& a : all) {
    if (drawable(a)) out.drawn.push_back(a);
  }
  const std::vector<StoredActivity>& drawn = out.drawn;
  out.tracks.resize(drawn.size());
  // Track blobs are read from the store on this thread (one connection) in batches, then
  // decoded and prepared on all cores; only prepared tracks (24 bytes a vertex) stay in memory.
  Progress progress("prepare", drawn.size(), stderr, quiet);
  constexpr std::size_t kBatch = 64;
  std::vector<Bytes> batch;
  std::atomic<std::uint64_t> decoded{0};
  for (std::size_t begin = 0; begin < drawn.size(); begin += kBatch) {
    const std::size_t end = std::min(drawn.size(), begin + kBatch);
    batch.clear();
    for (std::size_t i = begin; i < end; ++i)
      batch.push_back(store.track_blob(drawn[i].content_hash));
    parallel_for(end - begin, jobs, [&](unsigned, std::size_t k) {
      const std::size_t i = begin + k;
      try {
        const std::vector<Sample> track = decode_track(batch[k]);
        decoded += track.size();
        out.tracks[i] = prepare_track(track, {}, &privacy);
      } catch (const ParseError& e) {
        throw ParseError(store.name() + ": track " + drawn[i].content_hash + ": " + e.what());
      }
      progress.advance();
    });
  }
  out.samples = decoded;
  progress.finish();
  out.inputs.resize(drawn.size());
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    out.inputs[i].track = &out.tracks[i];
    out.inputs[i].activity =
        drawn_activity(static_cast<std::uint32_t>(i), drawn[i].start_utc, render_now);
    if (out.tracks[i].privacy_cut) ++out.privacy_cut;
  }
  return out;
}

}  // namespace th
