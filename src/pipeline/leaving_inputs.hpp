#pragma once
// Activities leaving the map: drawn by the live site, not by this build — excluded in the admin
// page, taken off by a dedup decision, deleted upstream, or the earlier version of a track that
// changed. An incremental build subtracts what they drew (pipeline/zoom_update.hpp), which needs
// their tracks as they were drawn. The store's parse cache keeps every track by content hash,
// and the render cache records which ones the live site drew (render_cache.hpp DrawnRecords),
// so each is prepared again here and given to the geometry beside this build's activities.
//
// A leaving activity is only used when its key, computed again from its record, its track and
// today's privacy zones, is the one the live site's cache holds: anything that would draw it
// differently (a zone added since, a track gone from the store) leaves it out, and update_zoom
// then renders the zooms it was drawn in in full. Never wrong, at worst slower.
//
// Threads: `jobs`, and the store from the calling thread only.

#include <cstdint>
#include <optional>
#include <vector>

#include "pipeline/drawn_inputs.hpp"
#include "pipeline/render_cache.hpp"

namespace th {

// The geometry's inputs: this build's drawn activities and the leaving ones, merged in the
// order builds draw them (store order: start time, unknown last, then id). Points into
// `drawn` and into itself: keep both alive and in place while the inputs are used.
struct RenderInputs {
  std::vector<RenderInput> inputs;  // DrawnActivity::index = position here
  std::vector<std::uint64_t> keys;  // render key per input
  std::vector<bool> leaving;        // per input; empty when no activity leaves
  DrawnInputs leaving_tracks;       // the leaving activities, prepared
  int leaving_count = 0;

  RenderInputs() = default;
  RenderInputs(const RenderInputs&) = delete;
  RenderInputs& operator=(const RenderInputs&) = delete;
};

// `drawn`, `keys`: this build's drawn activities and their render keys. `live`: what the live
// site drew (nullopt when unknown: then no activity is leaving). `render_now`, `privacy`: as
// this build renders.
void add_leaving_inputs(Store& store, const DrawnInputs& drawn,
                        const std::vector<std::uint64_t>& keys,
                        const std::optional<DrawnRecords>& live, const PrivacySettings& privacy,
                        double render_now, unsigned jobs, RenderInputs& out);

// The records of this build's drawn activities, for the next build.
DrawnRecords drawn_records(const DrawnInputs& drawn, const std::vector<std::uint64_t>& keys,
                           const std::string& site_fingerprint);

}  // namespace th
