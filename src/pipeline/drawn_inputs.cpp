#include "pipeline/drawn_inputs.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <mutex>

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
  // Each worker takes a batch of activities, reads their track blobs from the store (one
  // connection, so one reader at a time) and decodes and prepares them: while one worker
  // reads, the others decode. Read on one thread before each batch was decoded, the reads
  // (143 MB for the 5,000-activity demo) left the other core idle for a quarter of the step.
  // Only prepared tracks (24 bytes a vertex) stay in memory.
  Progress progress("prepare", drawn.size(), stderr, quiet);
  constexpr std::size_t kBatch = 64;
  std::mutex store_mutex;
  std::atomic<std::uint64_t> decoded{0};
  parallel_for((drawn.size() + kBatch - 1) / kBatch, jobs, [&](unsigned, std::size_t batch) {
    const std::size_t begin = batch * kBatch;
    const std::size_t end = std::min(drawn.size(), begin + kBatch);
    std::vector<Bytes> blobs;
    blobs.reserve(end - begin);
    {
      const std::lock_guard lock(store_mutex);
      for (std::size_t i = begin; i < end; ++i)
        blobs.push_back(store.track_blob(drawn[i].content_hash));
    }
    for (std::size_t i = begin; i < end; ++i) {
      try {
        const std::vector<Sample> track = decode_track(blobs[i - begin]);
        decoded += track.size();
        out.tracks[i] = prepare_track(track, {}, &privacy);
      } catch (const ParseError& e) {
        throw ParseError(store.name() + ": track " + drawn[i].content_hash + ": " + e.what());
      }
      Bytes().swap(blobs[i - begin]);
      progress.advance();
    }
  });
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
