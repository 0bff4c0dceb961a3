#pragma once
// Private to src/demo: the places the demo athlete goes, around Munich and in the Alps south of
// it, and the geometry to move along them.
//
// A route is drawn by hand as a few waypoints (real places, coordinates rounded to ~10 m) and
// densified into a polyline with a point every ~10 m, each with the altitude of the ground.
// Altitudes come from a smooth terrain model of the Munich gravel plain (about 520 m in the
// centre, rising to the south) unless the waypoints carry their own (mountain hikes).

#include <string>
#include <vector>

#include "core/activity.hpp"
#include "demo/demo_random.hpp"

namespace th::demo {

inline constexpr double kHomeLat = 48.1310;  // Haidhausen, near the Isar
inline constexpr double kHomeLon = 11.5930;

struct Waypoint {
  double lat = 0;
  double lon = 0;
  double alt = kNaN;  // NaN: the terrain model's altitude
};

enum class RouteKind { RunLoop, RideLoop, Hike, Virtual };

// A named route of the catalogue.
struct RouteTemplate {
  std::string name;  // what the athlete calls it: "Isar Loop", "Wallberg"
  RouteKind kind = RouteKind::RunLoop;
  bool out_and_back = false;  // up to the last waypoint and back the same way (summit hikes)
  double weight = 1;          // how often it is chosen among its kind
  std::vector<Waypoint> waypoints;
};

// The favourite run loops in Munich's parks, the ride loops (the Isar valley and out to the
// lakes, 30-100 km), the Alpine hikes (Tegernsee, Walchensee, Garmisch: 500-1100 m of climb)
// and a virtual course (altitude only).
std::vector<RouteTemplate> route_catalogue();

// Altitude of the ground in metres, smooth (no noise): the plain rising ~4 m/km southwards,
// gentle undulations, and a few named hills (Olympiaberg, Andechs).
double terrain_altitude(double lat, double lon);

struct RoutePoint {
  double lat = 0, lon = 0;
  double alt = 0;   // metres
  double dist = 0;  // metres from the start along the route
};

// A densified route. Invariant: points.size() >= 2, dist strictly increasing from 0. A loop
// ends where it starts.
struct Route {
  std::vector<RoutePoint> points;
  double length() const { return points.back().dist; }
};

// Densifies waypoints: a smooth curve (Catmull-Rom) through them, or straight legs when
// `straight` (mountain paths, where steep legs become switchbacks of at most ~18 % grade).
// A loop (`closed`) returns to the first waypoint; out_and_back appends the way back.
Route build_route(const std::vector<Waypoint>& waypoints, bool closed, bool straight,
                  bool out_and_back);

// The same route travelled the other way round.
Route reversed(const Route& route);

// A small variation of a favourite: one or two inner waypoints moved by up to `max_shift_m`
// (the other path through the park, the other side of the river).
std::vector<Waypoint> vary(const std::vector<Waypoint>& waypoints, Rng& rng, double max_shift_m);

// The streets of one-off outings from home: a grid turned by `angle_deg`, `spacing_m` between
// crossings, each crossing moved by up to `nudge_m` (the same for every activity, from a hash
// of its indices) so streets are not ruler-straight. All one-offs share it, so the streets near
// home get run often, as in real life.
struct StreetGrid {
  double spacing_m;
  double nudge_m;
  double angle_deg;
};
inline constexpr StreetGrid kTownStreets{160.0, 25.0, 18.0};    // runs and walks
inline constexpr StreetGrid kCountryRoads{1200.0, 300.0, 8.0};  // rides

// A one-off loop of roughly `length_m` from home and back along `grid`: a wobbly circle of
// crossings joined by staircase paths. Draw it with straight legs (build_route straight=true).
std::vector<Waypoint> street_loop(Rng& rng, const StreetGrid& grid, double length_m);

// Where on the route one is after `s` metres: position, ground altitude and grade (rise/run).
struct RoutePosition {
  double lat = 0, lon = 0, alt = 0, grade = 0;
  double east_x = 1, east_y = 0;  // unit vector of the travel direction in (east, north)
  double metres_per_deg_lon = 0;  // at the route's latitude (constant along one route)
};

// Looks positions up along a route. Fast when s grows between calls (it keeps its place);
// any s works (clamped to [0, length]).
class RouteWalker {
 public:
  explicit RouteWalker(const Route& route);
  RoutePosition at(double s);

 private:
  const Route* route_;
  double metres_per_deg_lon_;  // one value per route: it spans < 1 degree of latitude
  std::size_t segment_ = 0;    // points[segment_] .. points[segment_ + 1] holds the last s
};

// Metres per degree of latitude (spherical Earth; the demo needs no more).
inline constexpr double kMetresPerDegree = 111194.93;

}  // namespace th::demo
