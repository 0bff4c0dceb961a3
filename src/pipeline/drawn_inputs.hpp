#pragma once
// The step every renderer starts from: which stored activities are drawn, and their tracks
// prepared for the renderer. `trackheat build` (pipeline/build.hpp) and the live map of
// `trackheat serve` (live/live_index.hpp) both call it, so a live tile draws exactly what the
// site's tiles drew: the same activities, in the same order, cut by the same privacy zones,
// with the same dates and time-layer windows.
//
//   store ─► run_dedup + exclusions (the caller) ─► drawable() ─► prepare_drawn(): track blobs
//   read in batches on the calling thread, decoded and prepared on `jobs` threads
//
// Threads: prepare_drawn uses `jobs` threads and the store from the calling thread only.
// Throws ParseError naming the store and the track when a stored track cannot be decoded.

#include <cstdint>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "render/privacy.hpp"
#include "render/track_prep.hpp"
#include "render/zoom_renderer.hpp"
#include "store/store.hpp"

namespace th {

// Bump whenever rendering changes what a tile looks like: the build fingerprint then differs
// and the next build re-renders instead of keeping the site.
// 2: decimation from the finer zoom, snapped scales; 3: merged chords keep hill time, |grade|.
inline constexpr int kRenderVersion = 3;

// Whether an activity is drawn on the map: outdoor, with a stored track of at least two points,
// not flagged gone from its source.
bool drawable(const StoredActivity& a);

// Day numbers as PixelSums::latest_day counts them: days since 1970 plus one (0 = none).
float day_number(double unix_seconds);

// "Now" of the recency and freshness layers: the first instant of `unix_seconds`'s UTC month.
// Layers age month by month, so rebuilding within a month with the same data has nothing to
// do, and the first build of a new month re-renders without any manual clean.
double month_start(double unix_seconds);

// What the renderer needs to know of drawn activity `index` that started at `start_utc` (NaN:
// unknown), for a map rendered at `render_now` (month_start of the build time).
DrawnActivity drawn_activity(std::uint32_t index, double start_utc, double render_now);

// What a track draws, as degrees (an empty box when nothing is drawn).
LonLatBox drawn_box(const PreparedTrack& track);

// The drawn activities and their prepared tracks. Not copyable: `inputs` point into `tracks`
// (moving keeps them valid: a vector's elements do not move with it).
struct DrawnInputs {
  std::vector<StoredActivity> drawn;  // drawable activities, in the order they are drawn
  std::vector<PreparedTrack> tracks;  // per drawn activity
  std::vector<RenderInput> inputs;    // per drawn activity: its track and DrawnActivity
  std::uint64_t samples = 0;          // decoded samples of the drawn activities
  int privacy_cut = 0;                // drawn activities that privacy cut something from

  DrawnInputs() = default;
  DrawnInputs(DrawnInputs&&) = default;
  DrawnInputs& operator=(DrawnInputs&&) = default;
  DrawnInputs(const DrawnInputs&) = delete;
  DrawnInputs& operator=(const DrawnInputs&) = delete;
};

// `all`: the activities counted (after dedup and the user's exclusions), in store order. Keeps
// the drawable ones, reads and prepares their tracks with `privacy` (progress line "prepare"
// unless `quiet`).
DrawnInputs prepare_drawn(Store& store, const std::vector<StoredActivity>& all,
                          const PrivacySettings& privacy, double render_now, unsigned jobs,
                          bool quiet);

}  // namespace th
