#include "demo/routes.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace th::demo {
namespace {

constexpr double kCentreLat = 48.137;  // Marienplatz: the terrain model's origin
constexpr double kCentreLon = 11.575;
constexpr double kStepM = 10.0;             // spacing of densified points
constexpr double kMaxTrailGrade = 0.18;     // steeper legs become switchbacks...
constexpr double kSwitchbackGrade = 0.16;   // ...of about this grade
constexpr double kSwitchbackWidthM = 70.0;  // how far a switchback swings sideways

double metres_per_degree_lon(double lat) {
  return kMetresPerDegree * std::cos(lat * std::numbers::pi / 180.0);
}

// Small-area metres between two positions (equirectangular): exact enough for 10 m steps.
double flat_distance(double lat1, double lon1, double lat2, double lon2) {
  const double dn = (lat2 - lat1) * kMetresPerDegree;
  const double de = (lon2 - lon1) * metres_per_degree_lon(0.5 * (lat1 + lat2));
  return std::sqrt(dn * dn + de * de);
}

double gaussian_hill(double lat, double lon, double hill_lat, double hill_lon, double height,
                     double sigma_m) {
  // Beyond six sigma (and at least ~0.1 degree, whatever the longitude scale) it is 0.
  const double reach = std::max(0.1, 6.0 * sigma_m / kMetresPerDegree * 2.0);
  if (std::fabs(lat - hill_lat) > reach || std::fabs(lon - hill_lon) > reach) return 0.0;
  const double d = flat_distance(lat, lon, hill_lat, hill_lon);
  return height * std::exp(-0.5 * (d * d) / (sigma_m * sigma_m));
}

// Gentle undulations of a few metres over kilometres: no real hills, but a run is never
// perfectly flat.
double undulation(double lat, double lon) {
  const double x = (lon - kCentreLon) * 74.3;   // km east of the centre
  const double y = (lat - kCentreLat) * 111.2;  // km north
  return 5.0 * std::sin(0.9 * x + 0.3) * std::cos(0.7 * y - 0.5) +
         3.0 * std::sin(1.7 * y + 0.4 * x + 1.1) + 2.0 * std::sin(2.9 * x - 1.3 * y);
}

Waypoint wp(double lat, double lon, double alt = kNaN) {
  return {lat, lon, alt};
}

RouteTemplate loop(std::string name, RouteKind kind, double weight, std::vector<Waypoint> w) {
  return {std::move(name), kind, false, weight, std::move(w)};
}

RouteTemplate summit(std::string name, double weight, std::vector<Waypoint> w) {
  return {std::move(name), RouteKind::Hike, true, weight, std::move(w)};
}

// Appends a point unless it is (nearly) the last one: keeps dist strictly increasing.
// `lon_scale` is metres per degree of longitude at the route's latitude.
void push_point(Route& route, double lat, double lon, double alt, double lon_scale) {
  if (!route.points.empty()) {
    const RoutePoint& last = route.points.back();
    const double dn = (lat - last.lat) * kMetresPerDegree, de = (lon - last.lon) * lon_scale;
    const double d = std::sqrt(dn * dn + de * de);
    if (d < 0.01) return;
    route.points.push_back({lat, lon, alt, last.dist + d});
  } else {
    route.points.push_back({lat, lon, alt, 0.0});
  }
}

double altitude_at(const Waypoint& a, const Waypoint& b, double f, double lat, double lon) {
  if (has(a.alt) && has(b.alt)) return a.alt + f * (b.alt - a.alt) + 0.4 * undulation(lat, lon);
  return terrain_altitude(lat, lon);
}

// Steep mountain legs zig-zag, as real paths do: inserts turning points so the path's grade
// stays near kSwitchbackGrade.
std::vector<Waypoint> with_switchbacks(const std::vector<Waypoint>& in) {
  std::vector<Waypoint> out;
  for (std::size_t i = 0; i + 1 < in.size(); ++i) {
    const Waypoint& a = in[i];
    const Waypoint& b = in[i + 1];
    out.push_back(a);
    const double d = flat_distance(a.lat, a.lon, b.lat, b.lon);
    const double rise = has(a.alt) && has(b.alt) ? std::fabs(b.alt - a.alt) : 0.0;
    if (d < 1.0 || rise / d <= kMaxTrailGrade) continue;
    const double path = rise / kSwitchbackGrade;
    const int legs =
        static_cast<int>(std::ceil(std::sqrt(path * path - d * d) / kSwitchbackWidthM));
    const double ux = (b.lon - a.lon) * metres_per_degree_lon(a.lat) / d;  // east
    const double uy = (b.lat - a.lat) * kMetresPerDegree / d;              // north
    for (int j = 1; j < legs; ++j) {
      const double f = static_cast<double>(j) / legs;
      const double side = (j % 2 == 1 ? 0.5 : -0.5) * kSwitchbackWidthM;
      // Perpendicular to the leg: (-uy, ux).
      const double lat = a.lat + f * (b.lat - a.lat) + side * ux / kMetresPerDegree;
      const double lon = a.lon + f * (b.lon - a.lon) - side * uy / metres_per_degree_lon(a.lat);
      out.push_back({lat, lon, a.alt + f * (b.alt - a.alt)});
    }
  }
  out.push_back(in.back());
  return out;
}

}  // namespace

double terrain_altitude(double lat, double lon) {
  const double km_south = (kCentreLat - lat) * 111.2;
  return 520.0 + 4.0 * km_south + undulation(lat, lon) +
         gaussian_hill(lat, lon, 48.1695, 11.5515, 55.0, 140.0) +  // Olympiaberg (rubble hill)
         gaussian_hill(lat, lon, 47.9740, 11.1830, 150.0, 900.0);  // Andechs monastery hill
}

std::vector<RouteTemplate> route_catalogue() {
  std::vector<RouteTemplate> c;
  // Favourite run loops (start = where the watch is started).
  c.push_back(
      loop("Isar Loop", RouteKind::RunLoop, 30,
           {wp(48.1330, 11.5870), wp(48.1290, 11.5830), wp(48.1240, 11.5770), wp(48.1180, 11.5700),
            wp(48.1120, 11.5630), wp(48.1090, 11.5590), wp(48.1100, 11.5555), wp(48.1160, 11.5635),
            wp(48.1230, 11.5725), wp(48.1290, 11.5790), wp(48.1335, 11.5840)}));
  c.push_back(
      loop("Englischer Garten", RouteKind::RunLoop, 25,
           {wp(48.1436, 11.5878), wp(48.1480, 11.5893), wp(48.1527, 11.5921), wp(48.1575, 11.5940),
            wp(48.1605, 11.5955), wp(48.1630, 11.5990), wp(48.1605, 11.6020), wp(48.1560, 11.6010),
            wp(48.1500, 11.5978), wp(48.1455, 11.5930)}));
  c.push_back(loop("Westpark Loop", RouteKind::RunLoop, 15,
                   {wp(48.1222, 11.5235), wp(48.1232, 11.5160), wp(48.1218, 11.5075),
                    wp(48.1195, 11.5095), wp(48.1200, 11.5170), wp(48.1208, 11.5225)}));
  c.push_back(loop("Olympiapark", RouteKind::RunLoop, 10,
                   {wp(48.1795, 11.5550), wp(48.1765, 11.5525), wp(48.1745, 11.5490),
                    wp(48.1725, 11.5445), wp(48.1695, 11.5455), wp(48.1692, 11.5508),
                    wp(48.1705, 11.5575), wp(48.1745, 11.5600), wp(48.1780, 11.5590)}));
  c.push_back(loop("Nymphenburg Park", RouteKind::RunLoop, 10,
                   {wp(48.1580, 11.5065), wp(48.1603, 11.5025), wp(48.1622, 11.4960),
                    wp(48.1627, 11.4890), wp(48.1603, 11.4848), wp(48.1560, 11.4852),
                    wp(48.1545, 11.4905), wp(48.1556, 11.4965), wp(48.1566, 11.5025)}));
  c.push_back(
      loop("Perlacher Forst", RouteKind::RunLoop, 10,
           {wp(48.0960, 11.5900), wp(48.0870, 11.5910), wp(48.0780, 11.5925), wp(48.0680, 11.5950),
            wp(48.0665, 11.6040), wp(48.0670, 11.6120), wp(48.0760, 11.6110), wp(48.0860, 11.6090),
            wp(48.0950, 11.6050), wp(48.0965, 11.5970)}));
  // Ride loops from home: the Isar valley, and out to the lakes.
  const Waypoint home = wp(kHomeLat, kHomeLon);
  c.push_back(loop(
      "Isar Trails to Pullach", RouteKind::RideLoop, 35,
      {home, wp(48.1200, 11.5750), wp(48.1100, 11.5570), wp(48.1000, 11.5450), wp(48.0850, 11.5380),
       wp(48.0700, 11.5330), wp(48.0550, 11.5250), wp(48.0420, 11.5280), wp(48.0550, 11.5370),
       wp(48.0700, 11.5420), wp(48.0900, 11.5550), wp(48.1050, 11.5650), wp(48.1180, 11.5800)}));
  c.push_back(loop(
      "Starnberger See", RouteKind::RideLoop, 20,
      {home, wp(48.1180, 11.5700), wp(48.1000, 11.5450), wp(48.0750, 11.5200), wp(48.0500, 11.4800),
       wp(48.0250, 11.4300), wp(47.9980, 11.3450), wp(47.9690, 11.3570), wp(47.9550, 11.3430),
       wp(47.9100, 11.3370), wp(47.9040, 11.3700), wp(47.9510, 11.4300), wp(47.9800, 11.4600),
       wp(48.0200, 11.4850), wp(48.0550, 11.5250), wp(48.1000, 11.5480), wp(48.1200, 11.5780)}));
  c.push_back(
      loop("Woerthsee", RouteKind::RideLoop, 15,
           {home, wp(48.1350, 11.5500), wp(48.1400, 11.5000), wp(48.1350, 11.4500),
            wp(48.1300, 11.3700), wp(48.1000, 11.2900), wp(48.0700, 11.2200), wp(48.0550, 11.1900),
            wp(48.0500, 11.2400), wp(48.0650, 11.3100), wp(48.0700, 11.3800), wp(48.0900, 11.4400),
            wp(48.1100, 11.5000), wp(48.1200, 11.5500)}));
  c.push_back(
      loop("Ammersee and Andechs", RouteKind::RideLoop, 10,
           {home, wp(48.1350, 11.5500), wp(48.1400, 11.5000), wp(48.1350, 11.4500),
            wp(48.1300, 11.3700), wp(48.1070, 11.2950), wp(48.0500, 11.2100), wp(47.9990, 11.1710),
            wp(47.9740, 11.1830), wp(48.0350, 11.2150), wp(48.0680, 11.3800), wp(48.0900, 11.4400),
            wp(48.1100, 11.5000), wp(48.1200, 11.5500)}));
  c.push_back(loop(
      "Wolfratshausen via the Isar", RouteKind::RideLoop, 12,
      {home, wp(48.1100, 11.5570), wp(48.0550, 11.5250), wp(48.0200, 11.4850), wp(47.9800, 11.4600),
       wp(47.9510, 11.4300), wp(47.9130, 11.4220), wp(47.9300, 11.4700), wp(47.9250, 11.5100),
       wp(48.0050, 11.5100), wp(48.0420, 11.5280), wp(48.0900, 11.5550), wp(48.1180, 11.5800)}));
  c.push_back(loop(
      "Ebersberger Forst", RouteKind::RideLoop, 8,
      {home, wp(48.1250, 11.6300), wp(48.1200, 11.6800), wp(48.1100, 11.7300), wp(48.1000, 11.8000),
       wp(48.0850, 11.8300), wp(48.0780, 11.9700), wp(48.0450, 11.9660), wp(48.0500, 11.9000),
       wp(48.0600, 11.8200), wp(48.0700, 11.7300), wp(48.0900, 11.6700), wp(48.1100, 11.6300)}));
  // Alpine hikes (altitudes of the waypoints are the map's).
  c.push_back(
      summit("Wallberg", 20,
             {wp(47.6870, 11.7880, 790), wp(47.6820, 11.7905, 900), wp(47.6760, 11.7940, 1100),
              wp(47.6710, 11.7920, 1300), wp(47.6665, 11.7955, 1510), wp(47.6626, 11.7936, 1722)}));
  c.push_back(
      summit("Hirschberg", 15,
             {wp(47.6905, 11.7290, 780), wp(47.6830, 11.7250, 950), wp(47.6720, 11.7190, 1230),
              wp(47.6630, 11.7140, 1510), wp(47.6560, 11.7050, 1668)}));
  c.push_back(
      summit("Herzogstand", 20,
             {wp(47.6235, 11.3560, 858), wp(47.6200, 11.3450, 1050), wp(47.6160, 11.3330, 1350),
              wp(47.6140, 11.3240, 1575), wp(47.6100, 11.3180, 1731)}));
  c.push_back(
      summit("Wank", 6,
             {wp(47.4960, 11.1120, 720), wp(47.4990, 11.1280, 900), wp(47.5040, 11.1420, 1100),
              wp(47.5070, 11.1550, 1264), wp(47.5065, 11.1480, 1500), wp(47.5060, 11.1430, 1780)}));
  c.push_back(
      loop("Neureuth", RouteKind::Hike, 20,
           {wp(47.7070, 11.7580, 750), wp(47.7010, 11.7640, 900), wp(47.6950, 11.7700, 1100),
            wp(47.6920, 11.7730, 1263), wp(47.6960, 11.7800, 1050), wp(47.7020, 11.7720, 850)}));
  c.push_back(loop("Partnachklamm and Eckbauer", RouteKind::Hike, 15,
                   {wp(47.4820, 11.1200, 730), wp(47.4700, 11.1180, 800), wp(47.4620, 11.1210, 850),
                    wp(47.4600, 11.1270, 1000), wp(47.4650, 11.1310, 1237),
                    wp(47.4730, 11.1400, 1000), wp(47.4790, 11.1300, 780)}));
  // A virtual course: only its altitude profile is used (two climbs of ~150 m on a 30 km lap).
  c.push_back(
      loop("Virtual course", RouteKind::Virtual, 1,
           {wp(0.00, 0.00, 10), wp(0.03, 0.00, 12), wp(0.06, 0.00, 160), wp(0.09, 0.00, 20),
            wp(0.09, 0.05, 15), wp(0.06, 0.08, 140), wp(0.02, 0.08, 40), wp(0.00, 0.04, 12)}));
  return c;
}

Route build_route(const std::vector<Waypoint>& waypoints, bool closed, bool straight,
                  bool out_and_back) {
  std::vector<Waypoint> w = straight ? with_switchbacks(waypoints) : waypoints;
  if (closed) w.push_back(w.front());
  Route route;
  const std::size_t n = w.size();
  const double lon_scale = metres_per_degree_lon(w.front().lat);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const Waypoint& a = w[i];
    const Waypoint& b = w[i + 1];
    // Neighbours for the curve's tangents; a loop wraps around (w.back() == w.front()).
    const Waypoint& before = i > 0 ? w[i - 1] : (closed ? w[n - 2] : a);
    const Waypoint& after = i + 2 < n ? w[i + 2] : (closed ? w[1] : b);
    const double chord = flat_distance(a.lat, a.lon, b.lat, b.lon);
    const int steps = std::max(1, static_cast<int>(std::ceil(chord / kStepM)));
    for (int k = 0; k < steps; ++k) {
      const double t = static_cast<double>(k) / steps;
      double lat = a.lat + t * (b.lat - a.lat);
      double lon = a.lon + t * (b.lon - a.lon);
      if (!straight) {
        const double t2 = t * t, t3 = t2 * t;
        auto spline = [&](double p0, double p1, double p2, double p3) {
          return 0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 +
                        (3 * p1 - p0 - 3 * p2 + p3) * t3);
        };
        lat = spline(before.lat, a.lat, b.lat, after.lat);
        lon = spline(before.lon, a.lon, b.lon, after.lon);
      }
      push_point(route, lat, lon, altitude_at(a, b, t, lat, lon), lon_scale);
    }
  }
  const Waypoint& last = w.back();
  push_point(route, last.lat, last.lon, altitude_at(last, last, 0, last.lat, last.lon), lon_scale);
  if (out_and_back) {
    for (std::size_t i = route.points.size() - 1; i-- > 0;) {
      const RoutePoint p = route.points[i];
      push_point(route, p.lat, p.lon, p.alt, lon_scale);
    }
  }
  if (route.points.size() < 2) {
    push_point(route, last.lat + 1e-4, last.lon, route.points[0].alt, lon_scale);
  }
  return route;
}

Route reversed(const Route& route) {
  Route out;
  out.points.reserve(route.points.size());
  const double length = route.length();
  for (auto it = route.points.rbegin(); it != route.points.rend(); ++it) {
    RoutePoint p = *it;
    p.dist = length - p.dist;
    out.points.push_back(p);
  }
  return out;
}

std::vector<Waypoint> vary(const std::vector<Waypoint>& waypoints, Rng& rng, double max_shift_m) {
  std::vector<Waypoint> out = waypoints;
  if (out.size() < 3) return out;
  const int moves = 1 + static_cast<int>(rng.below(2));
  for (int m = 0; m < moves; ++m) {
    // Never the first waypoint: the start stays where the athlete always starts.
    Waypoint& p = out[1 + rng.below(static_cast<std::uint32_t>(out.size() - 1))];
    const double angle = rng.uniform(0, 2 * std::numbers::pi);
    const double shift = rng.uniform(0.3, 1.0) * max_shift_m;
    p.lat += shift * std::sin(angle) / kMetresPerDegree;
    p.lon += shift * std::cos(angle) / metres_per_degree_lon(p.lat);
  }
  return out;
}

namespace {

struct GridNode {
  long long i = 0, j = 0;
  bool operator==(const GridNode&) const = default;
};

Waypoint node_position(const StreetGrid& grid, GridNode n) {
  double x = static_cast<double>(n.i) * grid.spacing_m;
  double y = static_cast<double>(n.j) * grid.spacing_m;
  if (n.i != 0 || n.j != 0) {  // home itself stays put
    std::uint64_t h = static_cast<std::uint64_t>(n.i) * 0x9E3779B97F4A7C15ULL ^
                      static_cast<std::uint64_t>(n.j) * 0xC2B2AE3D27D4EB4FULL;
    const auto to_unit = [](std::uint64_t v) {
      return static_cast<double>(v >> 11) * 0x1.0p-53 * 2.0 - 1.0;
    };
    x += grid.nudge_m * to_unit(splitmix64(h));
    y += grid.nudge_m * to_unit(splitmix64(h));
  }
  const double a = grid.angle_deg * std::numbers::pi / 180.0;
  const double east = x * std::cos(a) - y * std::sin(a);
  const double north = x * std::sin(a) + y * std::cos(a);
  return {kHomeLat + north / kMetresPerDegree, kHomeLon + east / metres_per_degree_lon(kHomeLat),
          kNaN};
}

// Crossings of a loop through home: `count` corners on a wobbly circle, in grid indices.
std::vector<GridNode> loop_corners(const StreetGrid& grid, double radius, double towards,
                                   const std::vector<double>& wobble) {
  std::vector<GridNode> corners;
  const double centre_x = radius * std::cos(towards), centre_y = radius * std::sin(towards);
  const auto count = wobble.size();
  for (std::size_t k = 1; k < count; ++k) {
    const double angle = towards + std::numbers::pi +
                         2 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(count);
    const double x = centre_x + radius * wobble[k] * std::cos(angle);
    const double y = centre_y + radius * wobble[k] * std::sin(angle);
    corners.push_back({std::llround(x / grid.spacing_m), std::llround(y / grid.spacing_m)});
  }
  corners.push_back({0, 0});
  return corners;
}

// Walks the grid from home through every corner and back, in runs of one to four blocks
// along one axis, then the other: a staircase, as routes through a street grid are.
std::vector<Waypoint> staircase(Rng& rng, const StreetGrid& grid,
                                const std::vector<GridNode>& corners) {
  std::vector<Waypoint> out{node_position(grid, {0, 0})};
  GridNode at{0, 0};
  for (const GridNode& target : corners) {
    while (!(at == target)) {
      const long long di = target.i - at.i, dj = target.j - at.j;
      const bool along_i = dj == 0 || (di != 0 && rng.chance(0.5));
      const long long run = 1 + static_cast<long long>(rng.below(4));
      if (along_i) {
        at.i += di > 0 ? std::min(run, di) : std::max(-run, di);
      } else {
        at.j += dj > 0 ? std::min(run, dj) : std::max(-run, dj);
      }
      out.push_back(node_position(grid, at));
    }
  }
  return out;
}

double polyline_length(const std::vector<Waypoint>& w) {
  double sum = 0;
  for (std::size_t i = 1; i < w.size(); ++i) {
    sum += flat_distance(w[i - 1].lat, w[i - 1].lon, w[i].lat, w[i].lon);
  }
  return sum;
}

}  // namespace

std::vector<Waypoint> street_loop(Rng& rng, const StreetGrid& grid, double length_m) {
  const double towards = rng.uniform(0, 2 * std::numbers::pi);  // where the loop lies
  std::vector<double> wobble(6 + rng.below(4));
  for (double& f : wobble) f = rng.uniform(0.7, 1.3);
  // A staircase is longer than the circle it follows (about 4/pi on average); measure it once
  // with a copy of the generator and scale the circle to hit the length.
  const Rng before = rng;
  double radius = length_m / (2 * std::numbers::pi) / 1.27;
  const double first =
      polyline_length(staircase(rng, grid, loop_corners(grid, radius, towards, wobble)));
  if (first > 0) radius *= length_m / first;
  rng = before;
  return staircase(rng, grid, loop_corners(grid, radius, towards, wobble));
}

RouteWalker::RouteWalker(const Route& route)
    : route_(&route), metres_per_deg_lon_(metres_per_degree_lon(route.points.front().lat)) {}

RoutePosition RouteWalker::at(double s) {
  const std::vector<RoutePoint>& p = route_->points;
  s = std::clamp(s, 0.0, p.back().dist);
  if (s < p[segment_].dist) {
    // Going back (a new lap): search from the start.
    const auto it = std::upper_bound(p.begin(), p.end(), s,
                                     [](double v, const RoutePoint& q) { return v < q.dist; });
    segment_ = it == p.begin() ? 0 : static_cast<std::size_t>(it - p.begin()) - 1;
  }
  while (segment_ + 2 < p.size() && p[segment_ + 1].dist < s) ++segment_;
  const RoutePoint& a = p[segment_];
  const RoutePoint& b = p[segment_ + 1];
  const double len = b.dist - a.dist;
  const double f = std::clamp((s - a.dist) / len, 0.0, 1.0);
  RoutePosition out;
  out.lat = a.lat + f * (b.lat - a.lat);
  out.lon = a.lon + f * (b.lon - a.lon);
  out.alt = a.alt + f * (b.alt - a.alt);
  out.grade = (b.alt - a.alt) / len;
  out.east_x = (b.lon - a.lon) * metres_per_deg_lon_ / len;
  out.east_y = (b.lat - a.lat) * kMetresPerDegree / len;
  out.metres_per_deg_lon = metres_per_deg_lon_;
  return out;
}

}  // namespace th::demo
