#pragma once
// Sports, as one enum shared by every source. Strava's "Activity Type" names, intervals.icu's
// "type" names and FIT's sport/sub_sport codes all map onto it.

#include <cstdint>
#include <string_view>

namespace th {

enum class Sport : std::uint8_t {
  Unknown,
  Run,
  TrailRun,
  VirtualRun,
  Walk,
  Hike,
  Ride,
  MountainBikeRide,
  GravelRide,
  EBikeRide,
  VirtualRide,
  Swim,
  AlpineSki,
  BackcountrySki,
  NordicSki,
  Snowboard,
  Snowshoe,
  IceSkate,
  InlineSkate,
  Rowing,
  Kayaking,
  Canoeing,
  StandUpPaddling,
  Surfing,
  Kitesurf,
  Windsurf,
  Sail,
  RockClimbing,
  Golf,
  Wheelchair,
  Handcycle,
  Workout,
  WeightTraining,
  Yoga,
  Elliptical,
  StairStepper,
  Other,
};

// Canonical name, Strava spelling ("Run", "MountainBikeRide", …). Stable: stored in the database.
std::string_view sport_name(Sport s);

// Accepts Strava's CSV labels ("Run", "Trail Run", "Mountain Bike Ride", "E-Bike Ride"),
// intervals.icu's types ("Run", "VirtualRide", "NordicSki"), GPX/TCX free text ("running",
// "Biking", "cycling", "hiking") case-insensitively. Unknown text gives Sport::Other, empty text
// gives Sport::Unknown.
Sport sport_from_text(std::string_view text);

// FIT profile: sport (enum 'sport') and sub_sport (enum 'sub_sport').
Sport sport_from_fit(std::uint8_t sport, std::uint8_t sub_sport);

// Broad groups for filters and defaults.
bool is_virtual(Sport s);
bool is_foot(Sport s);  // run, walk, hike, …
bool is_cycling(Sport s);

}  // namespace th
