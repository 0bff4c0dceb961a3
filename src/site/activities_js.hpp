#pragma once
// data/activities.js: one summary per activity, for the viewer's filters and stats panel.
// A script (window.TRACKHEAT_ACTIVITIES = {...};), not JSON, because browsers refuse fetch() of
// local files from a file:// page but load scripts.
//
// Columnar layout: one array per field, all of length `count`, element i describing activity i
// (the order given, the store's: by start time). 20 000 activities stay a small file that parses
// fast (one array of numbers per field instead of 20 000 objects repeating every key):
//   version       1
//   count         number of activities
//   flag_bits     {"indoor": 1, "virtual": 2, "summary_only": 4}: the bits used in `flags`
//   sources       names of sources; `source[i]` indexes it ("strava", "intervals", "file")
//   sports        sport names (sport_name(), Strava spelling); `sport[i]` indexes it
//   id            store row id
//   source, sport indices into `sources` and `sports`
//   name          title (user text: escaped for <script>, invalid UTF-8 shown as U+FFFD,
//                 cut at kMaxActivityNameBytes on a character boundary)
//   start         start time in whole Unix seconds UTC (floor), or null: numbers are smaller than
//                 ISO strings and parse faster; new Date(start * 1000) in the viewer
//   utc_offset_s  local time = start + utc_offset_s, or null when unknown
//   distance_m    metres, 1 decimal
//   moving_s      seconds, integer
//   elapsed_s     seconds, integer
//   ascent_m      metres, 1 decimal
//   bbox          [min_lon, min_lat, max_lon, max_lat] in degrees rounded outwards to 5 decimals
//                 (1.1 m), or null without a track. With `drawn` given (the build's), the box of
//                 what the map draws of the activity, null when it draws nothing (not drawn, or
//                 all inside privacy zones); else the recorded summary's box
//   flags         bit set, see flag_bits
// Activities flagged kFlagNotActivity (courses, settings files) or kFlagDeleted (gone upstream)
// are left out: never counted.
// Non-finite numbers are written as null.

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/activity.hpp"

namespace th {

class TileWriter;

inline constexpr std::size_t kMaxActivityNameBytes = 512;

// Degrees.
struct ActivityBox {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};
using DrawnBoxes = std::unordered_map<std::int64_t, ActivityBox>;  // by store id

std::string activities_js(const std::vector<StoredActivity>& all,
                          const DrawnBoxes* drawn = nullptr);

// Offers data/activities.js to `writer` (replaced only when its content changed).
void write_activities_js(TileWriter& writer, const std::vector<StoredActivity>& activities,
                         const DrawnBoxes* drawn = nullptr);

}  // namespace th
