#pragma once
// FIT (Garmin Flexible and Interoperable Data Transfer) decoder. Hand-written: no Debian package
// decodes FIT. Reads what a heatmap needs and skips everything else by size.
//
// Handles: 12- and 14-byte headers, definition and data messages, little- and big-endian
// definitions, compressed-timestamp record headers, developer fields (skipped by their declared
// size), chained FIT files (several header+data+CRC blocks back to back), invalid-value sentinels
// per base type, header and file CRC (a mismatch is a warning, never a reason to drop data).
// Messages used: file_id (0), session (18), record (20), activity (34), lap (19) for totals.
// A truncated or corrupt file yields every complete record before the damage plus a warning.

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

// Throws ParseError only when the very first header is not a FIT header.
// Sets activity.format = Fit; fills sport, start_time, utc_offset_s, samples, totals, flags
// (kFlagNotActivity for course/settings/other file types). Does not call derive_summary().
Activity decode_fit(ByteView bytes);

}  // namespace th
