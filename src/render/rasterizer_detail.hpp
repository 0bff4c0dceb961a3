#pragma once
// Internals of rasterize_segment() (render/rasterizer.hpp): the walk over pixel columns along a
// segment's major axis. Not an interface; see rasterizer.hpp for the model and the guarantees.

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

// Small helpers of the inner loop must be inlined (GCC otherwise keeps the lambdas out of line
// and the column buffers in memory, which costs a third of the speed).
#if defined(__GNUC__)
#define TH_RASTER_INLINE __attribute__((always_inline))
#else
#define TH_RASTER_INLINE
#endif

namespace th::raster_detail {

// floor() as an integer. Precondition: |v| < 2^62. Avoids depending on the compiler inlining
// std::floor (baseline x86-64 lacks SSE4.1 rounding).
inline std::int64_t floor_i64(double v) {
  const auto t = static_cast<std::int64_t>(v);
  return t - (static_cast<double>(t) > v ? 1 : 0);
}

// Clips a finite segment to the box |x|, |y| ≤ kMaxPixelCoordinate. Returns false when nothing
// of it lies inside. Works for any finite input, up to ±DBL_MAX.
bool clip_to_coordinate_box(double& x0, double& y0, double& x1, double& y1);

// A segment in major/minor axis coordinates: u along the axis the segment spans most, v across.
// Both are pixel-centre coordinates (u = x − 0.5), so pixel index c has its centre at u = c.
// Invariants: ua < ub; |slope| ≤ 1 (up to rounding of the division); slope is 0 or
// |slope| ≥ 1e-200, so 1/slope is finite; |ua|, |va|, |ub|, |vb| ≤ 2^40 + 1.
struct MajorSpan {
  double ua = 0, va = 0;  // start point
  double ub = 0, vb = 0;  // end point
  double slope = 0;       // dv/du
  double sec = 0;         // arc length per unit of u: sqrt(1 + slope²)
};

// The window in major/minor order.
struct AxisWindow {
  std::int64_t major0 = 0;
  int major_count = 0;
  std::int64_t minor0 = 0;
  int minor_count = 0;
};

// The line crosses at most one row centre per cell, which splits the cell part u ∈ [k + f1,
// k + f2] (v going v1 → v2, j = floor(v)) into ≤ 2 pieces with fixed rows (j, j+1). Calls
// piece(fa, fb, ga, gb, j) for each, g = v − j going ga → gb (clamped into [0, 1] against the
// rounding of v). inv_slope is 1/slope (only used when the line crosses a row centre).
template <class Piece>
TH_RASTER_INLINE inline void split_cell(double f1, double f2, double v1, double v2, std::int64_t j1,
                                        std::int64_t j2, double inv_slope, Piece&& piece) {
  const double jd = static_cast<double>(j1);
  if (j1 == j2) {
    piece(f1, f2, v1 - jd, v2 - jd, j1);
  } else if (j2 > j1) {  // rising through the row centre j1 + 1
    const double fs = std::min(std::max(f1, f1 + (jd + 1.0 - v1) * inv_slope), f2);
    piece(f1, fs, v1 - jd, 1.0, j1);
    piece(fs, f2, 0.0, std::min(v2 - (jd + 1.0), 1.0), j1 + 1);
  } else {  // falling through the row centre j1
    const double fs = std::min(std::max(f1, f1 + (jd - v1) * inv_slope), f2);
    piece(f1, fs, v1 - jd, 0.0, j1);
    piece(fs, f2, 1.0, std::max(v2 - (jd - 1.0), 0.0), j1 - 1);
  }
}

// The four weights of a piece u ∈ [k + fa, k + fb] with g going ga → gb: the integrals of
// (1−f)(1−g), (1−f)g, f(1−g), f·g, times 6 (the caller's scale holds 1/6 and the arc length):
//   ∫ p·q du = h/6 · (2 p1 q1 + p1 q2 + p2 q1 + 2 p2 q2)   for p, q linear on the piece.
// All terms are products of numbers in [0, 1]: the weights are never negative.
struct PieceWeights {
  double left_row, left_next, right_row, right_next;  // columns k, k+1; rows j, j+1
};
TH_RASTER_INLINE inline PieceWeights piece_weights(double fa, double fb, double ga, double gb) {
  const double h = fb - fa;
  const double b1 = 1.0 - ga, b2 = 1.0 - gb;
  const double lo1 = (b1 + b1 + b2) * h, lo2 = (b1 + b2 + b2) * h;  // row j
  const double hi1 = (ga + ga + gb) * h, hi2 = (ga + gb + gb) * h;  // row j + 1
  const double a1 = 1.0 - fa, a2 = 1.0 - fb;
  return {a1 * lo1 + a2 * lo2, a1 * hi1 + a2 * hi2, fa * lo1 + fb * lo2, fa * hi1 + fb * hi2};
}

template <bool kTransposed, class Emit>
TH_RASTER_INLINE inline void emit_pixel(Emit& emit, int major, int minor, float weight) {
  if constexpr (kTransposed) {
    emit(minor, major, weight);
  } else {
    emit(major, minor, weight);
  }
}

// Emits slots [lo, hi) of a column buffer whose slot 0 is row `base`, keeping window rows only.
template <bool kTransposed, class Emit>
TH_RASTER_INLINE inline void emit_column(Emit& emit, const AxisWindow& w, std::int64_t column,
                                         const double* values, std::int64_t base, int lo, int hi,
                                         double scale) {
  if (column < w.major0 || column >= w.major0 + w.major_count) return;
  const std::int64_t first = std::max<std::int64_t>(lo, w.minor0 - base);
  const std::int64_t end = std::min<std::int64_t>(hi, w.minor0 + w.minor_count - base);
  const int major = static_cast<int>(column - w.major0);
  for (std::int64_t i = first; i < end; ++i) {
    // Tested after the conversion, so a weight that underflows float is not emitted as 0.
    const auto weight = static_cast<float>(values[i] * scale);
    if (weight != 0.0f) {
      emit_pixel<kTransposed>(emit, major, static_cast<int>(base + i - w.minor0), weight);
    }
  }
}

// Fast path for a segment inside one cell u ∈ [k, k+1] (most segments shorter than a pixel):
// it reaches columns k and k+1 only, with at most two pieces, so no column walk is needed.
template <bool kTransposed, class Emit>
void rasterize_within_cell(const MajorSpan& s, std::int64_t k, const AxisWindow& w, Emit& emit) {
  const double kd = static_cast<double>(k);
  const std::int64_t j1 = floor_i64(s.va), j2 = floor_i64(s.vb);
  // Rows base .. base + 3: j1 and j2 differ by at most 1, or 2 through rounding of |slope| ≤ 1.
  const std::int64_t base = std::min(j1, j2);
  double left[4] = {}, right[4] = {};
  const double inv_slope = (j1 == j2 || s.slope == 0.0) ? 0.0 : 1.0 / s.slope;
  split_cell(s.ua - kd, s.ub - kd, s.va, s.vb, j1, j2, inv_slope,
             [&](double fa, double fb, double ga, double gb, std::int64_t j) TH_RASTER_INLINE {
               const auto i = static_cast<int>(std::clamp<std::int64_t>(j - base, 0, 2));
               const PieceWeights p = piece_weights(fa, fb, ga, gb);
               left[i] += p.left_row;
               left[i + 1] += p.left_next;
               right[i] += p.right_row;
               right[i + 1] += p.right_next;
             });
  const double scale = s.sec / 6.0;
  const int rows = static_cast<int>(std::min<std::int64_t>(2 + std::max(j1, j2) - base, 4));
  emit_column<kTransposed>(emit, w, k, left, base, 0, rows, scale);
  emit_column<kTransposed>(emit, w, k + 1, right, base, 0, rows, scale);
}

// Rows a column can receive in the walk: the line moves ≤ 1 row per column, the tent reaches
// one more row, and one row of slack either side absorbs rounding (bound below).
inline constexpr int kColumnRows = 6;

// Walks the cells u ∈ [k, k+1) between consecutive pixel centres. Inside a cell the point splats
// onto columns k and k+1 with weights (1 − f, f), f = u − k, and onto rows j, j+1 with weights
// (1 − g, g), g = v − j. Column k is complete after cells k−1 and k; it is then emitted and its
// buffer recycled. Every value is computed from the segment and global indices only (seams).
template <bool kTransposed, class Emit>
void rasterize_major(const MajorSpan& s, const AxisWindow& w, Emit& emit) {
  const double minor_lo = static_cast<double>(w.minor0) - 1.0;            // v must exceed this …
  const double minor_hi = static_cast<double>(w.minor0) + w.minor_count;  // … and stay below
  const double ua = s.ua, va = s.va, ub = s.ub, m = s.slope;
  const double inv_slope = m == 0.0 ? 0.0 : 1.0 / m;
  // v along the line, always through this one formula: it is monotonic in u, so values at
  // different u never disagree about their order, whatever window asked for them.
  const auto v_at = [&](double u) TH_RASTER_INLINE { return va + m * (u - ua); };
  const double v_end = v_at(ub);

  // Columns the footprint reaches: centre within 1 of [ua, ub] → [floor(ua), ceil(ub)] ∩ window.
  double first = std::max(std::floor(ua), static_cast<double>(w.major0));
  double last = std::min(std::ceil(ub), static_cast<double>(w.major0) + w.major_count - 1.0);
  const double v_min = std::min(va, v_end), v_max = std::max(va, v_end);
  if (v_max <= minor_lo || v_min >= minor_hi) return;
  if (v_min < minor_lo || v_max > minor_hi) {
    // Only part of the line is near the window's rows: keep the u range where v is inside, plus
    // a column of slack for rounding. slope ≠ 0 here (the line changes rows) and inv_slope is
    // finite, so no NaN arises; the results may be huge, std::floor takes them.
    double u_a = ua + (minor_lo - va) * inv_slope;
    double u_b = ua + (minor_hi - va) * inv_slope;
    if (u_a > u_b) std::swap(u_a, u_b);
    first = std::max(first, std::floor(u_a) - 1.0);
    last = std::min(last, std::ceil(u_b) + 1.0);
  }
  if (!(first <= last)) return;
  const auto c_first = static_cast<std::int64_t>(first);
  const auto c_last = static_cast<std::int64_t>(last);

  // Cell c_first − 1 feeds column c_first unless the segment starts inside cell c_first.
  std::int64_t k = (first <= ua) ? c_first : c_first - 1;
  // Column c's slot 0 is row base(c) = floor(v(c)) − 2, a function of c alone (seams). Rows fed
  // to column c come from u ∈ [c−1, c+1], where v ∈ [v(c) − 1 − ε, v(c) + 1 + ε]; with the rows
  // j+1 above that is [floor(v(c)) − 2, floor(v(c)) + 3] → slots 0..5.
  double v_k = v_at(static_cast<double>(k));
  double v_k1 = v_at(static_cast<double>(k) + 1.0);
  std::int64_t j_k = floor_i64(v_k), j_k1 = floor_i64(v_k1);  // floor(v) at u = k, k + 1
  const std::int64_t j_start = floor_i64(va), j_end = floor_i64(v_end);
  double buf_a[kColumnRows] = {};
  double buf_b[kColumnRows] = {};
  double* cur = buf_a;  // column k
  double* nxt = buf_b;  // column k + 1
  // Slots [lo, hi) of each buffer that pieces have touched: only those are emitted.
  int cur_lo = kColumnRows, cur_hi = 0, nxt_lo = kColumnRows, nxt_hi = 0;

  const auto slot = [](std::int64_t row, std::int64_t base) TH_RASTER_INLINE {
    const std::int64_t i = row - base;
    assert(i >= 0 && i + 1 < kColumnRows);
    return static_cast<int>(std::clamp<std::int64_t>(i, 0, kColumnRows - 2));  // never OOB
  };
  const auto add_piece = [&](double fa, double fb, double ga, double gb, std::int64_t j)
                             TH_RASTER_INLINE {
                               const PieceWeights p = piece_weights(fa, fb, ga, gb);
                               const int ic = slot(j, j_k - 2), in = slot(j, j_k1 - 2);
                               cur[ic] += p.left_row;
                               cur[ic + 1] += p.left_next;
                               nxt[in] += p.right_row;
                               nxt[in + 1] += p.right_next;
                               cur_lo = std::min(cur_lo, ic);
                               cur_hi = std::max(cur_hi, ic + 2);
                               nxt_lo = std::min(nxt_lo, in);
                               nxt_hi = std::max(nxt_hi, in + 2);
                             };

  const double scale = s.sec / 6.0;
  for (; k <= c_last; ++k) {
    const double kd = static_cast<double>(k);
    const double u1 = std::max(kd, ua), u2 = std::min(kd + 1.0, ub);
    if (u1 < u2) {
      const bool starts_here = u1 != kd, ends_here = u2 != kd + 1.0;
      split_cell(u1 - kd, u2 - kd, starts_here ? va : v_k, ends_here ? v_end : v_k1,
                 starts_here ? j_start : j_k, ends_here ? j_end : j_k1, inv_slope, add_piece);
    }
    if (k >= c_first) {
      emit_column<kTransposed>(emit, w, k, cur, j_k - 2, cur_lo, cur_hi, scale);
    }
    std::memset(cur, 0, sizeof(double) * kColumnRows);
    std::swap(cur, nxt);
    cur_lo = nxt_lo;
    cur_hi = nxt_hi;
    nxt_lo = kColumnRows;
    nxt_hi = 0;
    v_k = v_k1;
    j_k = j_k1;
    v_k1 = v_at(kd + 2.0);
    j_k1 = floor_i64(v_k1);
  }
}

}  // namespace th::raster_detail

#undef TH_RASTER_INLINE
