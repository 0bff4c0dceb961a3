#pragma once
// Anti-aliased line rasteriser of the heatmap renderer.
//
// Model. A segment is a uniform density of "length" along the line; each point of it is spread
// over the pixels around it with the separable tent kernel K(dx, dy) = T(dx)·T(dy),
// T(t) = max(0, 1 − |t|), where dx, dy are the distances from the point to a pixel's centre
// (bilinear splatting). The weight a pixel receives is the exact integral of K along the segment:
//
//     w(pixel) = ∫ K(p(s) − centre(pixel)) ds      (s = arc length, in pixels)
//
// Why this kernel: the tent weights of a point sum to 1 over all pixels at every position, so a
// segment's weights sum to its length at every angle; the integral is additive along the line,
// so a line cut into any number of pieces gives the same per-pixel weights (no gap or double count
// at joints, no dependence on the recording interval); the kernel does not depend on the line's
// direction, so polylines that turn stay consistent; and a point's weights have their centroid
// exactly at the point, so the weighted centre of every pixel column lies on the line: no stair
// steps. The footprint is 2 px wide at the base (about 1 px at half height) across the line.
//
// Seams. Every pixel's weight is computed from the segment in global zoom-pixel coordinates and
// the pixel's global index only, never from where the window starts; so drawing a segment into
// four adjacent windows gives bit-identical weights to drawing it into one window covering them.
// The window only selects, analytically, the range of columns to visit: the cost is proportional
// to the pixels inside the window, never to the segment's length outside it.
//
// Coordinates: zoom pixels as doubles (DESIGN: world × 256 × 2^z); pixel (px, py) covers
// [px, px+1) × [py, py+1), its centre at (px + 0.5, py + 0.5).

#include <cmath>
#include <cstdint>
#include <utility>

#include "render/rasterizer_detail.hpp"

namespace th {

// The rectangle of pixels being drawn: columns [left, left + width), rows [top, top + height)
// of the zoom's pixel grid (a 256 × 256 tile has left = 256·tx, top = 256·ty).
// Precondition (checked: a window outside it receives nothing): |left|, |top| ≤ 2^52.
struct PixelWindow {
  std::int64_t left = 0;
  std::int64_t top = 0;
  int width = 0;
  int height = 0;
};

// Segments are first clipped to the fixed box |x|, |y| ≤ 2^40 (about zoom 32); doubles resolve
// pixels well inside it. The box does not depend on the window, so clipping to it keeps seams
// exact; valid tile coordinates (≤ 2^25 at zoom 17) never reach it.
inline constexpr double kMaxPixelCoordinate = 1099511627776.0;  // 2^40

// A segment reaches pixels whose centre is closer than 1 px on both axes, i.e. pixels up to
// half a pixel beyond the segment's bounding box.
inline constexpr double kFootprintMargin = 0.5;

// Conservative test for bucketing segments into windows (tiles): false only when the segment
// certainly emits nothing into the window (its footprint, the segment grown by kFootprintMargin
// plus a rounding allowance, misses the window). Non-finite input gives false, like the
// rasteriser. Exact for long diagonal segments too (not just a bounding-box test).
bool segment_touches_window(double x0, double y0, double x1, double y1, const PixelWindow& window);

// Draws the segment (x0, y0) → (x1, y1), in zoom-pixel coordinates, into the window: calls
// emit(int px, int py, float weight) once for every window pixel with a non-zero weight, px and
// py relative to the window (0 ≤ px < width, 0 ≤ py < height), columns in increasing order of
// the segment's major axis. Weights are ≥ 0 and sum, over all pixels, to the segment's length in
// pixels (exactly up to rounding, when the window holds the whole footprint), so a caller
// spreading a duration dt emits dt · weight / length per pixel.
// Zero-length segments and non-finite coordinates emit nothing; so may segments shorter than
// the coordinates' resolution (about 2^-52 · (|x| + 1) px: the weights are computed in
// pixel-centre coordinates x − 0.5). The same input gives bit-identical output on every call
// and in every window (see "Seams" above).
template <class Emit>
void rasterize_segment(double x0, double y0, double x1, double y1, const PixelWindow& window,
                       Emit&& emit) {
  constexpr double kMaxWindowOrigin = 4503599627370496.0;  // 2^52
  if (window.width <= 0 || window.height <= 0) return;
  if (!(std::fabs(static_cast<double>(window.left)) <= kMaxWindowOrigin &&
        std::fabs(static_cast<double>(window.top)) <= kMaxWindowOrigin)) {
    return;
  }
  // One comparison chain rejects NaN too (every comparison with NaN is false).
  if (!(std::fabs(x0) <= kMaxPixelCoordinate && std::fabs(y0) <= kMaxPixelCoordinate &&
        std::fabs(x1) <= kMaxPixelCoordinate && std::fabs(y1) <= kMaxPixelCoordinate)) {
    if (!(std::isfinite(x0) && std::isfinite(y0) && std::isfinite(x1) && std::isfinite(y1))) return;
    if (!raster_detail::clip_to_coordinate_box(x0, y0, x1, y1)) return;
  }
  double dx = x1 - x0, dy = y1 - y0;
  if (dx == 0.0 && dy == 0.0) return;
  const bool x_major = std::fabs(dx) >= std::fabs(dy);
  // Canonical direction (increasing major axis): a reversed segment gives identical weights.
  if ((x_major && dx < 0.0) || (!x_major && dy < 0.0)) {
    std::swap(x0, x1);
    std::swap(y0, y1);
    dx = -dx;
    dy = -dy;
  }
  raster_detail::MajorSpan s;
  raster_detail::AxisWindow w;
  if (x_major) {
    s = {x0 - 0.5, y0 - 0.5, x1 - 0.5, y1 - 0.5, dy / dx, 0.0};  // exact shifts: |x| ≤ 2^40
    w = {window.left, window.width, window.top, window.height};
  } else {
    s = {y0 - 0.5, x0 - 0.5, y1 - 0.5, x1 - 0.5, dx / dy, 0.0};
    w = {window.top, window.height, window.left, window.width};
  }
  // A slope below 1e-200 moves the line by < 1e-187 px over the whole coordinate box.
  if (std::fabs(s.slope) < 1e-200) s.slope = 0.0;
  s.sec = std::sqrt(1.0 + s.slope * s.slope);
  // Segments inside one cell between pixel centres (most sub-pixel ones) take the short path.
  // The choice depends on the segment alone, never on the window (seams).
  const std::int64_t cell = raster_detail::floor_i64(s.ua);
  const bool one_cell = s.ub <= static_cast<double>(cell) + 1.0;
  if (x_major) {
    if (one_cell) {
      raster_detail::rasterize_within_cell<false>(s, cell, w, emit);
    } else {
      raster_detail::rasterize_major<false>(s, w, emit);
    }
  } else {
    if (one_cell) {
      raster_detail::rasterize_within_cell<true>(s, cell, w, emit);
    } else {
      raster_detail::rasterize_major<true>(s, w, emit);
    }
  }
}

}  // namespace th
