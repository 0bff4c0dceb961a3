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
//
// What the Activity holds (decisions the FIT protocol leaves open; details in fit_messages.hpp):
//   - One sample per record, in file order, across chained files. Records of the same instant
//     are merged (a later one fills fields the sample lacks) unless their positions differ.
//     Records without a timestamp keep time NaN (course files); so do timestamps below
//     0x10000000, which count from the device's power-on and are no dates.
//   - enhanced_altitude/enhanced_speed win over altitude/speed; compressed_speed_distance fills
//     speed and (accumulated) distance when the record has neither. Heart rate 0 is missing.
//   - Timer start/stop events are ignored: a pause is not a track break, no segment_start is set.
//   - sport: the longest non-transition session's (sport_raw "cycling/mountain"); totals: the
//     sessions' summed, else the laps'; start_time: the earliest session (else lap) start, else
//     the first timed record; utc_offset_s: activity local_timestamp - timestamp, to 15 min.
//   - Corrupt bytes inside the data (a data message of an undefined local type, a record whose
//     timestamp cannot follow the previous one) are skipped: decoding resumes where a run of
//     messages decodes with device-like timestamps (fit_resync.cpp), with a warning; the record
//     just before the damage is dropped too. Nothing read from misaligned bytes is kept.

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

// Throws ParseError only when the very first header is not a FIT header.
// Sets activity.format = Fit; fills sport, start_time, utc_offset_s, samples, totals, flags
// (kFlagNotActivity for course/settings/other file types). Does not call derive_summary().
Activity decode_fit(ByteView bytes);

}  // namespace th
