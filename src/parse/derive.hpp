#pragma once
// Derived values, computed the same way for every format, so a FIT and a GPX of one ride agree:
//   - per-sample speed where the file has none (from distance/time, with outlier rejection);
//   - Summary: haversine distance, elapsed and moving time, ascent/descent (altitude smoothed
//     against noise, then counted with hysteresis), bbox, counts, has_* flags;
//   - flags: kFlagIndoor (no usable GPS: no points, or all within a tiny spread),
//     kFlagVirtual (virtual sport);
//   - start_time from the first timed sample when the file declared none.
//
// The rules, exactly (the numbers users see follow from them):
// Distance: sum of haversine steps between consecutive valid positions of one segment (a
//   sample with segment_start is never joined to the one before it). A step no athlete can
//   make is skipped and counted in a warning: implied speed over 100 m/s, over 100 m while time
//   stands still or runs backwards, over 2 km when either end has no time. A point that jumps
//   away is held back: if the next point fits the last good one, the held point was a lone
//   spike and is dropped (also from the bbox); if the next point fits the held one, the track
//   goes on from there. Indoor activities (below) and tracks with fewer than two positions
//   take the last recorded `distance` instead, then FileTotals::distance_m.
// Elapsed: last minus first timed sample, else FileTotals::elapsed_s.
// Moving: the sum of the intervals between consecutive timed samples in which the athlete
//   moves, i.e. is faster than 0.5 m/s on foot (0.3 m/s walking/hiking), 1 m/s cycling, 0.5 m/s
//   otherwise. An interval of at most 30 s (the pause limit) moves when the speed of its end
//   sample (recorded, or derived below) is above that, or when no speed is known at all (an
//   indoor file with heart rate only counts while it records). A longer interval (stopped
//   timer, auto-pause, sparse recording) moves only when the distance covered in it (recorded,
//   else along the track) over its length is above that. Without two timed samples:
//   FileTotals::moving_s. Never more than the elapsed time.
// Ascent/descent: valid altitudes (-500..9000 m) are smoothed by a centred 60 s moving average
//   (by sample count where times are missing), then counted between turning points at least a
//   threshold apart: 3 x the standard deviation of the noise the smoothing removed, kept within
//   2..12 m. GPS noise on flat ground stays near 0, a real climb counts in full, a clean
//   barometric track keeps its hills of a few metres.
// Speed: only where the sample has none (a recorded speed is never overwritten). An interval's
//   speed is its recorded distance change over its time when both ends have them, else its
//   haversine step over its time; intervals over 30 s, across a segment break or faster than
//   the sport allows (12.5 m/s on foot, 40 m/s cycling, 60 m/s otherwise) give none. A sample's
//   speed is the median of the up to five interval speeds around it, so one bad fix or 1 Hz
//   jitter makes no spike; NaN when none is known.
// Flags, only ever added: kFlagVirtual for virtual sports; kFlagIndoor when samples exist but
//   none has a valid position, or all positions fit in a box with a diagonal under 50 m over
//   at least 3 minutes (300 points when untimed).
//
// Cost: two linear passes over the samples plus one over the altitudes; O(n) extra memory.

#include "core/activity.hpp"

namespace th {

// Fills activity.summary, missing sample speeds, flags and start_time; may add a warning.
// Never throws for any content of the samples (NaN, infinities, out-of-range values).
void derive_summary(Activity& activity);

}  // namespace th
