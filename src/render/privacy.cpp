#include "render/privacy.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <utility>

#include "core/geo.hpp"
#include "render/projection.hpp"

namespace th {
namespace {

constexpr double kMaxZoneLat = 85.0;
constexpr int kBisections = 40;        // 2^-40 of a segment: well below a millimetre
constexpr int kGoldenSteps = 48;       // the closest point of a segment that grazes a circle
constexpr double kFrameMargin = 0.02;  // equirectangular frame: 2 % of radius + length
constexpr double kFrameMarginM = 1.0;
constexpr double kBoxSlack = 1.0 + 1e-6;  // the circle's bounding box, grown a little

double rad_to_deg(double r) {
  return r * 180.0 / std::numbers::pi;
}

// A hidden circle, ready for tests along Mercator lines.
struct Circle {
  double lat = 0, lon = 0, radius_m = 0;
  FixedBox box;  // fixed-point box holding the whole circle
};

Circle circle_of(const PrivacyZone& z) {
  Circle c;
  c.lat = z.hidden_lat;
  c.lon = z.hidden_lon;
  c.radius_m = z.hidden_radius_m();
  const double angle = c.radius_m / kEarthRadiusM;
  const double dlat = rad_to_deg(angle) * kBoxSlack;
  const double s = std::sin(angle) / std::cos(deg_to_rad(c.lat));
  const double dlon = s >= 1.0 ? 180.0 : rad_to_deg(std::asin(s)) * kBoxSlack;
  const FixedPoint nw =
      to_fixed(project(std::min(90.0, c.lat + dlat), std::max(-180.0, c.lon - dlon)));
  const FixedPoint se =
      to_fixed(project(std::max(-90.0, c.lat - dlat), std::min(180.0, c.lon + dlon)));
  c.box.extend(nw.x, nw.y);
  c.box.extend(se.x, se.y);
  return c;
}

bool boxes_meet(const FixedBox& a, std::uint32_t x0, std::uint32_t y0, std::uint32_t x1,
                std::uint32_t y1) {
  return std::max(x0, x1) >= a.min_x && std::min(x0, x1) <= a.max_x &&
         std::max(y0, y1) >= a.min_y && std::min(y0, y1) <= a.max_y;
}

WorldPoint lerp(WorldPoint a, WorldPoint b, double t) {
  return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
}

// Signed distance from the circle along a segment: < 0 inside.
struct SegmentProbe {
  WorldPoint a, b;
  const Circle* circle;
  double operator()(double t) const {
    const LatLon p = unproject(lerp(a, b, t));
    return haversine_m(p.lat, p.lon, circle->lat, circle->lon) - circle->radius_m;
  }
};

// The t in [lo, hi] where f changes sign (f(lo) and f(hi) of different signs); returns the end
// on the outside (f >= 0) side, so a cut vertex never lies inside.
double bisect(const SegmentProbe& f, double lo, double hi, bool lo_inside) {
  for (int i = 0; i < kBisections; ++i) {
    const double mid = 0.5 * (lo + hi);
    if ((f(mid) < 0) == lo_inside) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo_inside ? hi : lo;
}

// Closest approach of the segment to the circle's centre in a local equirectangular frame
// (metres east and north of the centre): the parameter t and the distance.
std::pair<double, double> closest_approach(const LatLon& a, const LatLon& b, const Circle& c) {
  const double k = kEarthRadiusM * deg_to_rad(1.0);
  const double cos_lat = std::cos(deg_to_rad(c.lat));
  const double ax = (a.lon - c.lon) * k * cos_lat, ay = (a.lat - c.lat) * k;
  const double bx = (b.lon - c.lon) * k * cos_lat, by = (b.lat - c.lat) * k;
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
  return {t, std::hypot(ax + t * dx, ay + t * dy)};
}

// The part [t0, t1] of the segment inside the circle, if any.
bool inside_part(const SegmentProbe& f, double length_m, double& t0, double& t1) {
  const bool a_in = f(0.0) < 0, b_in = f(1.0) < 0;
  if (a_in && b_in) {
    t0 = 0;
    t1 = 1;
    return true;
  }
  if (a_in || b_in) {
    const double t = bisect(f, 0.0, 1.0, a_in);
    t0 = a_in ? 0.0 : t;
    t1 = a_in ? t : 1.0;
    return true;
  }
  // Both ends outside: does the line dip in?
  const LatLon la = unproject(f.a), lb = unproject(f.b);
  auto [tm, dm] = closest_approach(la, lb, *f.circle);
  if (dm > f.circle->radius_m * (1 + kFrameMargin) + kFrameMargin * length_m + kFrameMarginM) {
    return false;
  }
  if (f(tm) >= 0) {  // near the circle: find the true closest point (golden section)
    constexpr double kInvPhi = 0.6180339887498949;
    double lo = 0, hi = 1;
    double x1 = hi - kInvPhi * (hi - lo), x2 = lo + kInvPhi * (hi - lo);
    double f1 = f(x1), f2 = f(x2);
    for (int i = 0; i < kGoldenSteps && f1 >= 0 && f2 >= 0; ++i) {
      if (f1 < f2) {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - kInvPhi * (hi - lo);
        f1 = f(x1);
      } else {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + kInvPhi * (hi - lo);
        f2 = f(x2);
      }
    }
    if (f1 >= 0 && f2 >= 0) return false;
    tm = f1 < 0 ? x1 : x2;
  }
  t0 = bisect(f, 0.0, tm, false);
  t1 = bisect(f, tm, 1.0, true);
  return true;
}

struct Interval {
  double t0, t1;
};

}  // namespace

bool valid_zone(double lat, double lon, double radius_m) {
  return valid_position(lat, lon) && std::fabs(lat) <= kMaxZoneLat && radius_m >= kMinZoneRadiusM &&
         radius_m <= kMaxZoneRadiusM;
}

PrivacyZone place_zone(double lat, double lon, double radius_m, double u1, double u2) {
  PrivacyZone z;
  z.lat = lat;
  z.lon = lon;
  z.radius_m = radius_m;
  // Uniform in the disc: distance ∝ sqrt(u1), bearing 2π u2; the great-circle destination
  // point, so the haversine distance is exactly the offset.
  const double offset = kMaxSecretOffset * radius_m * std::sqrt(std::clamp(u1, 0.0, 1.0));
  const double bearing = 2 * std::numbers::pi * u2;
  const double d = offset / kEarthRadiusM, p1 = deg_to_rad(lat);
  const double p2 =
      std::asin(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(bearing));
  const double dl = std::atan2(std::sin(bearing) * std::sin(d) * std::cos(p1),
                               std::cos(d) - std::sin(p1) * std::sin(p2));
  z.hidden_lat = rad_to_deg(p2);
  z.hidden_lon = lon + rad_to_deg(dl);
  return z;
}

bool hidden(const PrivacySettings& privacy, double lat, double lon) {
  for (const PrivacyZone& z : privacy.zones) {
    if (haversine_m(lat, lon, z.hidden_lat, z.hidden_lon) < z.hidden_radius_m()) return true;
  }
  return false;
}

bool cut_private(PrepColumns& in, const PrivacySettings& privacy, double clock_jump_s) {
  const std::size_t n = in.vertices.size();
  if (n == 0 || !privacy.active()) return false;
  std::vector<Circle> circles;
  for (const PrivacyZone& z : privacy.zones) circles.push_back(circle_of(z));

  // Distance along the track at each vertex, for the trimmed ends.
  std::vector<double> along(n, 0.0);
  for (std::size_t i = 1; i < n; ++i) {
    double step = in.run_distance[i] - in.run_distance[i - 1];
    if (in.vertices[i].run_start) {
      const LatLon a = unproject(to_world(in.vertices[i - 1].point()));
      const LatLon b = unproject(to_world(in.vertices[i].point()));
      step = haversine_m(a.lat, a.lon, b.lat, b.lon);
    }
    along[i] = along[i - 1] + step;
  }
  const double trim = privacy.trim_ends_m;
  const double keep_from = trim, keep_to = along[n - 1] - trim;
  const bool all_trimmed = trim > 0 && keep_to <= keep_from;

  const auto point_hidden = [&](std::size_t i) {
    if (all_trimmed || (trim > 0 && (along[i] < keep_from || along[i] > keep_to))) return true;
    const TrackVertex& v = in.vertices[i];
    for (const Circle& c : circles) {
      if (!boxes_meet(c.box, v.x, v.y, v.x, v.y)) continue;
      const LatLon p = unproject(to_world(v.point()));
      if (haversine_m(p.lat, p.lon, c.lat, c.lon) < c.radius_m) return true;
    }
    return false;
  };

  PrepColumns out;
  bool changed = false;
  bool prev_kept = false;  // the last vertex written is the previous input vertex
  std::vector<Interval> cuts;
  const auto emit = [&out](const TrackVertex& v, double run_distance, double clock, float alt) {
    out.vertices.push_back(v);
    out.run_distance.push_back(run_distance);
    out.clock.push_back(clock);
    out.altitude.push_back(alt);
  };
  const auto last_clock = [&out] { return out.clock.empty() ? 0.0 : out.clock.back(); };

  for (std::size_t i = 0; i < n; ++i) {
    const TrackVertex& v = in.vertices[i];
    if (i == 0 || v.run_start) {  // no segment ends here: the vertex alone
      prev_kept = !point_hidden(i);
      if (prev_kept) {
        emit(v, 0.0, last_clock() + clock_jump_s, in.altitude[i]);
      } else {
        changed = true;
      }
      continue;
    }
    const TrackVertex& a = in.vertices[i - 1];
    const double length_m = in.run_distance[i] - in.run_distance[i - 1];
    cuts.clear();
    if (all_trimmed) {
      cuts.push_back({0.0, 1.0});
    } else if (trim > 0) {
      const double d0 = along[i - 1], d1 = along[i];
      if (d0 < keep_from)
        cuts.push_back({0.0, d1 > d0 ? std::min(1.0, (keep_from - d0) / (d1 - d0)) : 1.0});
      if (d1 > keep_to)
        cuts.push_back({d1 > d0 ? std::max(0.0, (keep_to - d0) / (d1 - d0)) : 0.0, 1.0});
    }
    const WorldPoint wa = to_world(a.point()), wb = to_world(v.point());
    for (const Circle& c : circles) {
      if (!boxes_meet(c.box, a.x, a.y, v.x, v.y)) continue;
      double t0 = 0, t1 = 0;
      if (inside_part(SegmentProbe{wa, wb, &c}, length_m, t0, t1)) cuts.push_back({t0, t1});
    }
    if (cuts.empty()) {
      if (prev_kept) {
        emit(v, out.run_distance.back() + length_m, last_clock() + v.dt_s, in.altitude[i]);
        continue;
      }
      cuts.push_back({0.0, 0.0});  // the start vertex was hidden on its own: restart here
    }
    changed = true;
    std::sort(cuts.begin(), cuts.end(),
              [](const Interval& x, const Interval& y) { return x.t0 < y.t0; });
    // The visible pieces: the gaps between merged cuts.
    double from = 0.0;
    bool from_is_kept_start = prev_kept;
    const auto piece = [&](double s, double e) {
      if (!(e > s)) return;
      const auto at = [&](double t) {
        TrackVertex p;
        const FixedPoint f = t >= 1.0 ? v.point() : to_fixed(lerp(wa, wb, t));
        p.x = f.x;
        p.y = f.y;
        return p;
      };
      const auto alt_at = [&](double t) {
        return static_cast<float>(in.altitude[i - 1] + t * (in.altitude[i] - in.altitude[i - 1]));
      };
      if (!(s == 0.0 && from_is_kept_start)) {
        TrackVertex start = at(s);
        start.run_start = true;
        emit(start, 0.0, last_clock() + clock_jump_s, alt_at(s));
      }
      TrackVertex end = at(e);
      end.dt_s = static_cast<float>(static_cast<double>(v.dt_s) * (e - s));
      end.speed_mps = v.speed_mps;
      end.heart_rate_bpm = v.heart_rate_bpm;
      emit(end, out.run_distance.back() + length_m * (e - s),
           last_clock() + static_cast<double>(end.dt_s), e >= 1.0 ? in.altitude[i] : alt_at(e));
    };
    for (const Interval& c : cuts) {
      if (c.t0 > from) piece(from, c.t0);
      if (c.t1 > from) {
        from = c.t1;
        from_is_kept_start = false;
      }
    }
    piece(from, 1.0);
    prev_kept = from < 1.0;
  }
  if (!changed) return false;
  in = std::move(out);
  return true;
}

void LonLatBox::extend(const LonLatBox& b) {
  if (b.empty()) return;
  min_lon = std::min(min_lon, b.min_lon);
  min_lat = std::min(min_lat, b.min_lat);
  max_lon = std::max(max_lon, b.max_lon);
  max_lat = std::max(max_lat, b.max_lat);
}

void keep_corners_outside(LonLatBox& box, const PrivacySettings& privacy) {
  if (box.empty()) return;
  // Each pass grows the box by at least one more circle, so this ends within zones + 1 passes.
  for (bool grown = true; grown;) {
    grown = false;
    for (const PrivacyZone& z : privacy.zones) {
      const double lats[2] = {box.min_lat, box.max_lat}, lons[2] = {box.min_lon, box.max_lon};
      bool corner_inside = false;
      for (const double lat : lats) {
        for (const double lon : lons) {
          corner_inside = corner_inside || haversine_m(lat, lon, z.hidden_lat, z.hidden_lon) <
                                               z.hidden_radius_m() * kBoxSlack;
        }
      }
      if (!corner_inside) continue;
      const Circle c = circle_of(z);
      const LatLon nw = unproject(to_world(FixedPoint{c.box.min_x, c.box.min_y}));
      const LatLon se = unproject(to_world(FixedPoint{c.box.max_x, c.box.max_y}));
      box.extend({nw.lon, se.lat, se.lon, nw.lat});
      grown = true;
    }
  }
}

std::vector<bool> hidden_pixels(const PrivacySettings& privacy, const TileKey& tile) {
  std::vector<bool> mask;
  const double pixels = static_cast<double>(kTileSizePx) * std::ldexp(1.0, tile.z);  // per world
  const double per_fixed = pixels / kFixedScale;
  const double x0 = static_cast<double>(tile.x) * kTileSizePx;
  const double y0 = static_cast<double>(tile.y) * kTileSizePx;
  for (const PrivacyZone& z : privacy.zones) {
    const Circle c = circle_of(z);
    // Whole pixels of this tile the circle's box covers (a corner outside the box is outside).
    const int px0 = std::max(0, static_cast<int>(std::ceil(c.box.min_x * per_fixed - x0)));
    const int py0 = std::max(0, static_cast<int>(std::ceil(c.box.min_y * per_fixed - y0)));
    const int px1 =
        std::min(kTileSizePx, static_cast<int>(std::floor(c.box.max_x * per_fixed - x0)));
    const int py1 =
        std::min(kTileSizePx, static_cast<int>(std::floor(c.box.max_y * per_fixed - y0)));
    if (px1 - px0 < 1 || py1 - py0 < 1) continue;  // no whole pixel: nothing to hide
    // Corner lines: longitude depends on x only, latitude on y only.
    std::vector<double> lons, lats;
    for (int x = px0; x <= px1; ++x) lons.push_back(unproject({(x0 + x) / pixels, 0.5}).lon);
    for (int y = py0; y <= py1; ++y) lats.push_back(unproject({0.5, (y0 + y) / pixels}).lat);
    const std::size_t w = lons.size();
    std::vector<char> inside(w * lats.size());
    for (std::size_t j = 0; j < lats.size(); ++j) {
      for (std::size_t i = 0; i < w; ++i) {
        inside[j * w + i] = haversine_m(lats[j], lons[i], c.lat, c.lon) < c.radius_m;
      }
    }
    for (int y = py0; y < py1; ++y) {
      for (int x = px0; x < px1; ++x) {
        const std::size_t i = static_cast<std::size_t>(x - px0);
        const std::size_t j = static_cast<std::size_t>(y - py0);
        if (!(inside[j * w + i] && inside[j * w + i + 1] && inside[(j + 1) * w + i] &&
              inside[(j + 1) * w + i + 1])) {
          continue;
        }
        if (mask.empty()) mask.assign(static_cast<std::size_t>(kTileSizePx) * kTileSizePx, false);
        mask[static_cast<std::size_t>(y) * kTileSizePx + static_cast<std::size_t>(x)] = true;
      }
    }
  }
  return mask;
}

bool near_zone(const LonLatBox& box, const PrivacyZone& zone) {
  if (box.empty()) return false;
  const double lat = std::clamp(zone.hidden_lat, box.min_lat, box.max_lat);
  const double lon = std::clamp(zone.hidden_lon, box.min_lon, box.max_lon);
  return haversine_m(lat, lon, zone.hidden_lat, zone.hidden_lon) <
         kMaskReach * zone.hidden_radius_m();
}

}  // namespace th
