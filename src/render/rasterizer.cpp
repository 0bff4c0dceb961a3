#include "render/rasterizer.hpp"

#include <algorithm>
#include <cmath>

namespace th {

namespace raster_detail {

bool clip_to_coordinate_box(double& x0, double& y0, double& x1, double& y1) {
  // Clipped against one side of the box at a time; a moved end point is set exactly onto that
  // side and only its other coordinate is interpolated (a parameter t along a segment of length
  // 1e300 could not resolve a box of 2^41). Halves are used so that differences of values near
  // ±DBL_MAX cannot overflow.
  constexpr double kBox = kMaxPixelCoordinate;
  // Moves end point a of the segment a → b onto the line "coordinate p == bound", where p is x
  // (q = y) or y (q = x).
  const auto move_onto = [](double& pa, double& qa, double pb, double qb, double bound) {
    const double t = (0.5 * bound - 0.5 * pa) / (0.5 * pb - 0.5 * pa);
    qa = 2.0 * (0.5 * qa + t * (0.5 * qb - 0.5 * qa));
    pa = bound;
  };
  // Keeps the part with sign·p ≤ kBox; false when none of it is left.
  const auto clip_side = [&](double& pa, double& qa, double& pb, double& qb, double sign) {
    const bool a_out = sign * pa > kBox, b_out = sign * pb > kBox;
    if (a_out && b_out) return false;
    if (a_out) move_onto(pa, qa, pb, qb, sign * kBox);
    if (b_out) move_onto(pb, qb, pa, qa, sign * kBox);
    return true;
  };
  if (!(clip_side(x0, y0, x1, y1, -1.0) && clip_side(x0, y0, x1, y1, 1.0) &&
        clip_side(y0, x0, y1, x1, -1.0) && clip_side(y0, x0, y1, x1, 1.0))) {
    return false;
  }
  // Each step only shortens the segment along itself, so the result lies in the box up to the
  // last rounding step, which the clamps absorb.
  x0 = std::clamp(x0, -kBox, kBox);
  y0 = std::clamp(y0, -kBox, kBox);
  x1 = std::clamp(x1, -kBox, kBox);
  y1 = std::clamp(y1, -kBox, kBox);
  return true;
}

}  // namespace raster_detail

bool segment_touches_window(double x0, double y0, double x1, double y1, const PixelWindow& window) {
  constexpr double kMaxWindowOrigin = 4503599627370496.0;  // 2^52, as in rasterize_segment
  if (window.width <= 0 || window.height <= 0) return false;
  if (!(std::fabs(static_cast<double>(window.left)) <= kMaxWindowOrigin &&
        std::fabs(static_cast<double>(window.top)) <= kMaxWindowOrigin)) {
    return false;
  }
  if (!(std::isfinite(x0) && std::isfinite(y0) && std::isfinite(x1) && std::isfinite(y1))) {
    return false;
  }
  if (!(std::fabs(x0) <= kMaxPixelCoordinate && std::fabs(y0) <= kMaxPixelCoordinate &&
        std::fabs(x1) <= kMaxPixelCoordinate && std::fabs(y1) <= kMaxPixelCoordinate) &&
      !raster_detail::clip_to_coordinate_box(x0, y0, x1, y1)) {
    return false;
  }
  const double dx = x1 - x0, dy = y1 - y0;
  if (dx == 0.0 && dy == 0.0) return false;  // the rasteriser draws nothing for it

  // The footprint reaches pixel centres closer than 1 px, i.e. up to kFootprintMargin beyond the
  // window's edge. The slack is far above the rounding error of this test and of the rasteriser
  // (< 2^-12 px inside the coordinate box), so "false" is always safe.
  constexpr double kSlack = 1.0 / 64.0;
  const double grow = kFootprintMargin + kSlack;
  const double left = static_cast<double>(window.left) - grow;
  const double right = static_cast<double>(window.left) + window.width + grow;
  const double top = static_cast<double>(window.top) - grow;
  const double bottom = static_cast<double>(window.top) + window.height + grow;
  if (std::max(x0, x1) < left || std::min(x0, x1) > right || std::max(y0, y1) < top ||
      std::min(y0, y1) > bottom) {
    return false;
  }
  // Separating axis along the segment's normal: all four corners strictly on one side of the
  // line means the segment passes beside the (grown) window.
  const auto side = [&](double cx, double cy) { return dx * (cy - y0) - dy * (cx - x0); };
  const double s1 = side(left, top), s2 = side(right, top);
  const double s3 = side(left, bottom), s4 = side(right, bottom);
  if (s1 > 0.0 && s2 > 0.0 && s3 > 0.0 && s4 > 0.0) return false;
  if (s1 < 0.0 && s2 < 0.0 && s3 < 0.0 && s4 < 0.0) return false;
  return true;
}

}  // namespace th
