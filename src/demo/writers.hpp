#pragma once
// The project's own writers for FIT, GPX and TCX: the demo export and test fixtures are written
// with them, and round-trip tests read their output back with the readers.

#include <string>

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

// FIT activity file: file_id, record per sample (timestamp, position, altitude, heart rate,
// distance, speed), lap, session (sport, start, totals), activity; header and file CRC.
// Altitude and speed are written as enhanced_altitude/enhanced_speed; missing values (and times
// FIT cannot hold) as the base type's invalid value. A segment_start becomes a timer stop_all +
// start event pair, which decode_fit() ignores. Totals: activity.totals, else activity.summary
// when derived, else from the samples. See demo/fit_writer.cpp.
Bytes write_fit(const Activity& activity);
// GPX 1.1 with gpxtpx:TrackPointExtension heart rate; one <trkseg> per segment.
std::string write_gpx(const Activity& activity);
// TCX with one Activity, one Lap, one Track per segment.
std::string write_tcx(const Activity& activity);

}  // namespace th

namespace th {

// gzip (one member) at zlib `level` (1 fastest … 9 smallest), as Strava's export files are.
Bytes gzip_bytes(ByteView data, int level = 6);

}  // namespace th
