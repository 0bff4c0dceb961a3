#pragma once
// TCX (Garmin Training Center XML) reader (pugixml).
//
// Activities/Activity/Lap/Track/Trackpoint (several activities, laps and tracks per file; every
// <Track> after the first starts a new segment), Courses/Course/Track, Position, AltitudeMeters,
// HeartRateBpm/Value, DistanceMeters, Extensions TPX Speed, Activity Sport attribute, Lap totals
// (TotalTimeSeconds, DistanceMeters) into FileTotals. Tolerates Strava's blanks before <?xml.

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

// Throws ParseError when the bytes are not well-formed XML with a TrainingCenterDatabase root.
// Does not call derive_summary().
Activity read_tcx(ByteView bytes);
// The same, parsing UTF-8 input in place in `bytes` instead of a copy: for callers that own a
// buffer they no longer need (a file just read, a gunzip result). Saves one copy of the file.
Activity read_tcx(Bytes&& bytes);

}  // namespace th
