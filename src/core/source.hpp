#pragma once
// Where an activity came from. The enum is what code compares; the text ("strava",
// "intervals", "file") exists only where it meets the outside: the store's `source` columns,
// the admin API's JSON, data/activities.js, the build fingerprint and messages.

#include <cstdint>
#include <string_view>

namespace th {

enum class Source : std::uint8_t {
  Strava,     // a Strava bulk export (folder or zip)
  Intervals,  // intervals.icu, through the sync's cache
  File,       // a loose file or folder named on the command line
};

// "strava", "intervals", "file".
std::string_view source_name(Source s);
// The inverse of source_name(). Throws ParseError on any other text (it comes from a database
// or a request, so it is input like any other).
Source parse_source(std::string_view text);

}  // namespace th
