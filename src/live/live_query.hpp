#pragma once
// "What passed here?" and one activity's track, from a LiveIndex.

#include <cstdint>
#include <optional>
#include <vector>

#include "live/live_index.hpp"

namespace th::live {

// The inputs the filter keeps whose drawn segments at `zoom` put weight on any pixel within
// `radius_px` pixels (a square of 2r + 1 pixels on a side) of the pixel holding (lat, lon):
// exactly the activities drawn through those pixels in the zoom's tiles (same geometry, same
// rasteriser, pixels hidden for privacy excluded). Newest first (unknown start last), then by
// input. Preconditions: zoom within the index's range, radius_px >= 0.
std::vector<std::size_t> activities_here(const LiveIndex& index, const std::vector<bool>& keep,
                                         double lat, double lon, int zoom, int radius_px);

// One drawn activity's track as drawn at `zoom` (decimated for it), as latitude/longitude runs:
// the polylines the map draws (a run breaks where the track is not drawn as a line).
struct TrackRuns {
  std::vector<std::vector<LatLon>> runs;
  LonLatBox box;
};
TrackRuns track_runs(const LiveIndex& index, std::size_t input, int zoom);

}  // namespace th::live
