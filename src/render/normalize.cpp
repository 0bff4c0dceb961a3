#include "render/normalize.hpp"

#include <algorithm>
#include <cmath>

namespace th {

namespace {

double percentile_value(const CodeHistogram& h, LayerId id, double percentile) {
  return decode_value(id, histogram_percentile(h, percentile));
}

// Scales are snapped outwards to a grid: 16 steps per doubling (4.4 %) for continuous values,
// 30 days for recency. A few more activities then rarely move a zoom's scale, and an
// incremental build re-encodes a zoom's unchanged tiles only when it does
// (pipeline/zoom_update.hpp). The colours shift by at most one grid step.
constexpr double kStepsPerOctave = 16;
constexpr double kRecencyStepDays = 30;

double snap_up(double v) {
  if (!(v > 0) || !std::isfinite(v)) return v;
  return std::exp2(std::ceil(std::log2(v) * kStepsPerOctave - 1e-9) / kStepsPerOctave);
}
double snap_down(double v) {
  if (!(v > 0) || !std::isfinite(v)) return v;
  return std::exp2(std::floor(std::log2(v) * kStepsPerOctave + 1e-9) / kStepsPerOctave);
}

}  // namespace

ZoomScales scales_for_zoom(const std::array<CodeHistogram, kLayerCount>& histograms,
                           double now_day) {
  ZoomScales scales{};
  for (const LayerSpec& spec : layer_specs()) {
    const auto l = static_cast<std::size_t>(spec.id);
    const CodeHistogram& h = histograms[l];
    LayerScale s;
    // Counts of activities are whole numbers already: a grid would only blur the legend.
    const bool discrete = spec.id == LayerId::FrequencyActivities;
    double hi = percentile_value(h, spec.id, spec.hi_percentile);
    double lo = spec.lo_percentile > 0 ? percentile_value(h, spec.id, spec.lo_percentile) : 0;
    if (spec.id == LayerId::Recency) {
      lo = std::floor(lo / kRecencyStepDays) * kRecencyStepDays;
    } else if (!discrete) {
      lo = snap_down(lo);
      hi = snap_up(hi);
    }
    switch (spec.id) {
      case LayerId::Hill:  // starts where hill training starts; at least 2.5–6 % span
        s = {kHillGrade, std::max(std::isfinite(hi) ? hi : 0.0, 0.06)};
        break;
      case LayerId::Steepness: s = {0, std::max(std::isfinite(hi) ? hi : 0.0, 0.02)}; break;
      case LayerId::Climb: {
        const double a = snap_up(std::fabs(percentile_value(h, spec.id, 5)));
        const double b = snap_up(std::fabs(percentile_value(h, spec.id, 95)));
        s = {0, std::max({std::isfinite(a) ? a : 0.0, std::isfinite(b) ? b : 0.0, 0.01})};
        break;
      }
      case LayerId::Recency:
        s = {std::isfinite(lo) ? lo : now_day - 1, now_day};
        if (!(s.hi > s.lo)) s.lo = s.hi - 1;
        break;
      default:
        s = {std::isfinite(lo) ? lo : 0, std::isfinite(hi) ? hi : 1};
        if (!(s.hi > s.lo)) s.hi = s.lo + (s.lo > 0 ? s.lo * 0.01 : 1);  // a single value
        break;
    }
    scales[l] = s;
  }
  return scales;
}

}  // namespace th
