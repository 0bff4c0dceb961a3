#pragma once
// Derived values, computed the same way for every format, so a FIT and a GPX of one ride agree:
//   - per-sample speed where the file has none (from distance/time, with outlier rejection);
//   - Summary: haversine distance, elapsed and moving time, ascent/descent (altitude smoothed
//     against noise, then counted with hysteresis), bbox, counts, has_* flags;
//   - flags: kFlagIndoor (no usable GPS: no points, or all within a tiny spread),
//     kFlagVirtual (virtual sport);
//   - start_time from the first timed sample when the file declared none.

#include "core/activity.hpp"

namespace th {

void derive_summary(Activity& activity);

}  // namespace th
