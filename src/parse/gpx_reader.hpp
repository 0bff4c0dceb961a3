#pragma once
// GPX 1.0 / 1.1 reader (pugixml).
//
// Tracks and segments (each <trkseg> after the first starts with segment_start = true; each
// further <trk> too), routes (<rte>/<rtept>) read as untimed tracks when the file has no track,
// heart rate from gpxtpx:TrackPointExtension and similar <hr>/<heartrate> extensions under any
// namespace prefix, elevation <ele>, name and <type> (sport). UTF-8 BOM, and ISO-8859-1 /
// Windows-1252 / UTF-16 declared encodings are converted before parsing.

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

// Throws ParseError when the bytes are not well-formed XML with a <gpx> root.
// Does not call derive_summary().
Activity read_gpx(ByteView bytes);
// The same, parsing UTF-8 input in place in `bytes` instead of a copy: for callers that own a
// buffer they no longer need (a file just read, a gunzip result). Saves one copy of the file.
Activity read_gpx(Bytes&& bytes);

}  // namespace th
