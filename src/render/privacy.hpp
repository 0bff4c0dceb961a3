#pragma once
// Privacy zones and trimmed ends: what a published map must not show, cut out of a track while
// it becomes a prepared track (prepare_track(samples, options, &privacy) in track_prep.hpp), so
// no layer, zoom, bound or small map that starts from prepared tracks ever sees it.
//
// Zones. The user gives a circle (centre, radius r). Many tracks ending on one circle point at
// its centre, so the hidden area is not centred on it: each zone keeps a secret centre, placed
// once at random within kMaxSecretOffset × r of the given centre, and everything within
// kHiddenRadiusFactor × r of the secret centre is cut. With an offset of at most 0.4 r the hidden
// circle holds the whole given circle with at least 0.1 r to spare (0.4 r + r ≤ 1.5 r − 0.1 r):
// 5 m at the smallest radius, more than the anti-aliased fringe of a line end (under 2.2 px, at
// most 2.7 m at zoom 17), so no pixel inside the given circle is lit.
//
// Distances are metres on the sphere (th::haversine_m, mean Earth radius): a point is hidden
// when its great-circle distance to a secret centre is below the hidden radius (a point on the
// circle is kept). A segment is the line the renderer draws: straight in Web Mercator between
// two vertices. Where it enters or leaves a hidden circle it is cut at the crossing, found by
// bisection along that Mercator line with haversine distances (to 2^-40 of the segment), so a
// line stops on the circle; a segment with both ends outside that dips into a circle is cut
// too (the run ends at the entry, a new run begins at the exit). Segments are tested only when
// their Mercator bounding box meets the circle's (exact: a Mercator line stays inside the box
// of its ends), and those passing clearly outside are dismissed in a local equirectangular
// frame with a 2 % margin.
//
// Trimmed ends. trim_ends_m > 0 removes the first and the last trim_ends_m metres of the track,
// measured along its vertices (drawn segments by their ground length as prepare_track measures
// it, breaks such as gaps or jumps by their great-circle length), with an interpolated vertex at
// each cut. A track not longer than twice that vanishes.
//
// A piece of a cut segment keeps the segment's speed and heart rate and the matching fraction
// of its dt; altitude is interpolated linearly. Segments prepare_track did not draw (breaks)
// are never drawn because of a cut.

#include <cstdint>
#include <vector>

#include "render/track_prep.hpp"

namespace th {

inline constexpr double kHiddenRadiusFactor = 1.5;
inline constexpr double kMaxSecretOffset = 0.4;  // × radius
inline constexpr double kMinZoneRadiusM = 50.0;
inline constexpr double kMaxZoneRadiusM = 50000.0;
inline constexpr double kMaxTrimEndsM = 50000.0;

struct PrivacyZone {
  double lat = 0;  // the circle the user gave: degrees WGS84, metres
  double lon = 0;
  double radius_m = 0;
  double hidden_lat = 0;  // the secret centre: never printed, never written into the site
  double hidden_lon = 0;

  double hidden_radius_m() const { return kHiddenRadiusFactor * radius_m; }
};

struct PrivacySettings {
  std::vector<PrivacyZone> zones;
  double trim_ends_m = 0;  // 0: ends are drawn

  bool active() const { return !zones.empty() || trim_ends_m > 0; }
};

// A zone for the given circle with its secret centre: u1, u2 uniform in [0, 1) place it
// uniformly in the disc of radius kMaxSecretOffset × radius_m around (lat, lon).
// Precondition: valid_zone(lat, lon, radius_m).
PrivacyZone place_zone(double lat, double lon, double radius_m, double u1, double u2);

// True when lat, lon are a position (th::valid_position, within ±85° so the circle stays away
// from the poles) and radius_m is within [kMinZoneRadiusM, kMaxZoneRadiusM].
bool valid_zone(double lat, double lon, double radius_m);

// True when the position is strictly inside a hidden circle.
bool hidden(const PrivacySettings& privacy, double lat, double lon);

// Degrees; empty when min > max.
struct LonLatBox {
  double min_lon = 1e9, min_lat = 1e9, max_lon = -1e9, max_lat = -1e9;

  bool empty() const { return min_lon > max_lon || min_lat > max_lat; }
  void extend(const LonLatBox& b);
};

// Pixels of `tile` whose whole area lies inside a hidden circle (all four corners strictly
// inside; the circle is convex on the map at these sizes). Cutting tracks is not enough at
// coarse zooms: a line that stops on the hidden circle still spreads its anti-aliased fringe
// up to ~2.2 px further, and where one pixel is wider than the 0.1 r margin between the given
// circle and the hidden one (zoom 12 and coarser for r = 300 m) that fringe would tint pixels
// inside the given circle. The renderer drops these pixels before they become codes, in full
// and incremental builds alike. The mask is 256 × 256, y * 256 + x; empty when no pixel of the
// tile is wholly hidden (found from the circles' bounding boxes, no per-pixel work).
std::vector<bool> hidden_pixels(const PrivacySettings& privacy, const TileKey& tile);

// Whether a zone can change how an activity whose drawn track has bounding box `box` is drawn
// at some zoom: its track is cut there, or its fringe may reach a wholly hidden pixel. A pixel
// wholly inside a circle of radius R is at most R·√2 wide and a fringe reaches ~2.2 px, so
// only tracks within ~4.2 R of the centre can be touched; kMaskReach (5 R) leaves a margin.
// An empty box is near nothing.
inline constexpr double kMaskReach = 5.0;  // × the hidden radius
bool near_zone(const LonLatBox& box, const PrivacyZone& zone);

// prepare_track's per-vertex working columns, index-aligned (track_prep.cpp).
struct PrepColumns {
  std::vector<TrackVertex> vertices;
  std::vector<double> run_distance;  // ground metres from the vertex's run start
  std::vector<double> clock;         // seconds, with a jump of clock_jump_s at every run start
  std::vector<float> altitude;       // metres or NaN
};

// Cuts the trimmed ends and the hidden circles out of `in` (see above). Returns false and
// leaves `in` untouched when nothing is cut.
bool cut_private(PrepColumns& in, const PrivacySettings& privacy, double clock_jump_s);

// A bounding box of drawn tracks can still have a corner inside a hidden circle (a track that
// leaves a zone westwards and another northwards). Grows `box` by the bounding box of every
// hidden circle that holds one of its corners until none does; an empty box stays empty.
void keep_corners_outside(LonLatBox& box, const PrivacySettings& privacy);

}  // namespace th
