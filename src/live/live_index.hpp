#pragma once
// What `trackheat serve` keeps in memory to draw any tile of the live map for any filter: the
// activities the site's build drew (pipeline/drawn_inputs.hpp: same store, dedup decisions,
// exclusions, privacy zones, order and time-layer month), their prepared tracks, and every
// zoom's geometry (render/zoom_renderer.hpp: decimated from the next finer zoom, segments
// bucketed by tile), so a live tile draws only the segments that cross it, with the build's
// rasteriser, layers and palettes.
//
// Cost (5,000-activity demo, 19.7 M samples, 2 cores): a few seconds to load; memory is the
// prepared tracks (24 bytes a vertex) plus the decimated copies coarser zooms draw.
//
// Immutable after load(): every const member is safe to call from any thread.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "live/live_filter.hpp"
#include "pipeline/drawn_inputs.hpp"
#include "pipeline/explorer_layers.hpp"
#include "render/privacy.hpp"
#include "render/zoom_renderer.hpp"

namespace th::live {

// One drawn activity as the live map lists it (input order = the build's drawing order).
struct LiveActivity {
  std::int64_t id = 0;  // store id, as data/activities.js "id"
  std::string name;
  Sport sport = Sport::Unknown;
  double start_utc = kNaN;
  FilterFacts facts;
  double distance_m = kNaN;
  double moving_s = kNaN;
};

// The zooms a built site has (manifest.json's min_zoom and max_zoom). Throws UsageError when
// the site has no readable manifest.
struct SiteZooms {
  int min_zoom = 0, max_zoom = 0;
};
SiteZooms site_zooms(const std::filesystem::path& site);

class LiveIndex {
 public:
  // Reads `site`/manifest.json (zoom range, build time, fingerprint) and the store and privacy
  // settings in `cache_dir`, then prepares every zoom on `jobs` threads — or, with `only_zoom`,
  // that zoom alone (a poster: the zooms above it are decimated along the same chain, without
  // bucketing, and dropped; geometry() of any other zoom is then out of contract). Throws
  // UsageError when the site has no readable manifest or `only_zoom` is outside its zooms, the
  // errors of Store and prepare_drawn otherwise.
  static std::unique_ptr<LiveIndex> load(const std::filesystem::path& cache_dir,
                                         const std::filesystem::path& site, unsigned jobs,
                                         std::optional<int> only_zoom = std::nullopt);

  LiveIndex(const LiveIndex&) = delete;
  LiveIndex& operator=(const LiveIndex&) = delete;

  // manifest.json's "fingerprint" when the index was loaded: names the site it draws for.
  const std::string& site_fingerprint() const { return fingerprint_; }
  int min_zoom() const { return min_zoom_; }
  int max_zoom() const { return max_zoom_; }
  double now_day() const { return now_day_; }  // recency's anchor (PixelSums day numbers)
  const std::vector<LiveActivity>& activities() const { return activities_; }
  // Whether geometry(zoom) may be called: zoom within the site's zooms and loaded.
  bool has_zoom(int zoom) const {
    return zoom >= min_zoom_ && zoom <= max_zoom_ && zooms_[zoom - min_zoom_] != nullptr;
  }
  // Precondition: has_zoom(zoom).
  const ZoomGeometry& geometry(int zoom) const { return *zooms_[zoom - min_zoom_]; }
  // The input number of a store id, when that activity is drawn.
  std::optional<std::size_t> input_of(std::int64_t id) const;
  // keep[input]: whether the filter selects that activity.
  std::vector<bool> selection(const LiveFilter& filter) const;
  std::uint64_t vertices() const { return vertices_; }
  // Per input: the explorer cells its track visits (pipeline/explorer_layers.hpp).
  const std::vector<ActivityCells>& explorer_cells() const { return explorer_cells_; }
  // The privacy settings the tracks were cut with (explorer tiles mask hidden pixels with them).
  const PrivacySettings& privacy() const { return privacy_; }

 private:
  LiveIndex() = default;

  std::string fingerprint_;
  int min_zoom_ = 0, max_zoom_ = 0;
  double now_day_ = 0;
  PrivacySettings privacy_;
  DrawnInputs drawn_;
  std::vector<LiveActivity> activities_;
  std::unordered_map<std::int64_t, std::size_t> by_id_;
  std::vector<std::unique_ptr<ZoomGeometry>> zooms_;  // [zoom - min_zoom]
  std::uint64_t vertices_ = 0;
  std::vector<ActivityCells> explorer_cells_;
};

}  // namespace th::live
