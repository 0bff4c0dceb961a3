#include "core/sport.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

#include "core/text.hpp"

namespace th {
namespace {

struct SportName {
  Sport sport;
  std::string_view name;
};

// Canonical names (Strava's spelling without spaces), in enum order.
constexpr std::array<SportName, 37> kNames{{
    {Sport::Unknown, "Unknown"},
    {Sport::Run, "Run"},
    {Sport::TrailRun, "TrailRun"},
    {Sport::VirtualRun, "VirtualRun"},
    {Sport::Walk, "Walk"},
    {Sport::Hike, "Hike"},
    {Sport::Ride, "Ride"},
    {Sport::MountainBikeRide, "MountainBikeRide"},
    {Sport::GravelRide, "GravelRide"},
    {Sport::EBikeRide, "EBikeRide"},
    {Sport::VirtualRide, "VirtualRide"},
    {Sport::Swim, "Swim"},
    {Sport::AlpineSki, "AlpineSki"},
    {Sport::BackcountrySki, "BackcountrySki"},
    {Sport::NordicSki, "NordicSki"},
    {Sport::Snowboard, "Snowboard"},
    {Sport::Snowshoe, "Snowshoe"},
    {Sport::IceSkate, "IceSkate"},
    {Sport::InlineSkate, "InlineSkate"},
    {Sport::Rowing, "Rowing"},
    {Sport::Kayaking, "Kayaking"},
    {Sport::Canoeing, "Canoeing"},
    {Sport::StandUpPaddling, "StandUpPaddling"},
    {Sport::Surfing, "Surfing"},
    {Sport::Kitesurf, "Kitesurf"},
    {Sport::Windsurf, "Windsurf"},
    {Sport::Sail, "Sail"},
    {Sport::RockClimbing, "RockClimbing"},
    {Sport::Golf, "Golf"},
    {Sport::Wheelchair, "Wheelchair"},
    {Sport::Handcycle, "Handcycle"},
    {Sport::Workout, "Workout"},
    {Sport::WeightTraining, "WeightTraining"},
    {Sport::Yoga, "Yoga"},
    {Sport::Elliptical, "Elliptical"},
    {Sport::StairStepper, "StairStepper"},
    {Sport::Other, "Other"},
}};

// Extra spellings seen in the wild, already folded (lower case, no spaces, '-' or '_').
constexpr std::array<std::pair<std::string_view, Sport>, 40> kAliases{{
    // German Strava exports name the types in German.
    {"lauf", Sport::Run},
    {"radfahrt", Sport::Ride},
    {"wanderung", Sport::Hike},
    {"spaziergang", Sport::Walk},
    {"schwimmen", Sport::Swim},
    {"virtuelleradfahrt", Sport::VirtualRide},
    {"running", Sport::Run},
    {"trailrunning", Sport::TrailRun},
    {"treadmill", Sport::Run},
    {"treadmillrunning", Sport::Run},
    {"walking", Sport::Walk},
    {"hiking", Sport::Hike},
    {"biking", Sport::Ride},
    {"cycling", Sport::Ride},
    {"bike", Sport::Ride},
    {"roadbiking", Sport::Ride},
    {"mountainbiking", Sport::MountainBikeRide},
    {"mtb", Sport::MountainBikeRide},
    {"gravelcycling", Sport::GravelRide},
    {"ebikeride", Sport::EBikeRide},
    {"emountainbikeride", Sport::EBikeRide},
    {"virtualcycling", Sport::VirtualRide},
    {"indoorcycling", Sport::VirtualRide},
    {"swimming", Sport::Swim},
    {"openwaterswim", Sport::Swim},
    {"alpineskiing", Sport::AlpineSki},
    {"crosscountryskiing", Sport::NordicSki},
    {"backcountryskiing", Sport::BackcountrySki},
    {"snowboarding", Sport::Snowboard},
    {"snowshoeing", Sport::Snowshoe},
    {"iceskating", Sport::IceSkate},
    {"inlineskating", Sport::InlineSkate},
    {"rowing", Sport::Rowing},
    {"kayak", Sport::Kayaking},
    {"paddling", Sport::Kayaking},
    {"standuppaddleboarding", Sport::StandUpPaddling},
    {"sailing", Sport::Sail},
    {"climbing", Sport::RockClimbing},
    {"strengthtraining", Sport::WeightTraining},
    {"crossfit", Sport::Workout},
}};

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '_' || c == '\t') continue;
    out.push_back(ascii_lower(c));
  }
  return out;
}

}  // namespace

std::string_view sport_name(Sport s) {
  const auto i = static_cast<std::size_t>(s);
  return i < kNames.size() ? kNames[i].name : std::string_view("Other");
}

Sport sport_from_text(std::string_view text) {
  const std::string key = fold(text);
  if (key.empty()) return Sport::Unknown;
  // Folded canonical names, computed once (immutable after initialisation).
  static const std::array<std::string, kNames.size()> folded_names = [] {
    std::array<std::string, kNames.size()> out;
    for (std::size_t i = 0; i < kNames.size(); ++i) out[i] = fold(kNames[i].name);
    return out;
  }();
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (folded_names[i] == key) return kNames[i].sport;
  }
  for (const auto& [alias, sport] : kAliases) {
    if (alias == key) return sport;
  }
  return Sport::Other;
}

Sport sport_from_fit(std::uint8_t sport, std::uint8_t sub_sport) {
  // Codes from the FIT profile's 'sport' and 'sub_sport' enums.
  constexpr std::uint8_t kVirtualActivity = 58;
  switch (sport) {
    case 1:  // running
      if (sub_sport == 3) return Sport::TrailRun;
      if (sub_sport == kVirtualActivity) return Sport::VirtualRun;
      return Sport::Run;  // includes treadmill (1) and indoor_running (45): real running
    case 2:               // cycling
      if (sub_sport == 8) return Sport::MountainBikeRide;
      if (sub_sport == 46) return Sport::GravelRide;
      if (sub_sport == 28 || sub_sport == 47) return Sport::EBikeRide;  // e_bike_fitness/mountain
      if (sub_sport == 12) return Sport::Handcycle;
      if (sub_sport == 6 || sub_sport == kVirtualActivity) return Sport::VirtualRide;
      return Sport::Ride;
    case 4:  // fitness_equipment
      if (sub_sport == 15) return Sport::Elliptical;
      if (sub_sport == 16) return Sport::StairStepper;
      if (sub_sport == 14) return Sport::Rowing;  // indoor_rowing
      return Sport::Workout;
    case 5: return Sport::Swim;
    case 10:  // training
      if (sub_sport == 43) return Sport::Yoga;
      if (sub_sport == 20) return Sport::WeightTraining;
      return Sport::Workout;
    case 11: return Sport::Walk;
    case 12: return Sport::NordicSki;  // cross_country_skiing
    case 13: return sub_sport == 37 ? Sport::BackcountrySki : Sport::AlpineSki;
    case 14: return Sport::Snowboard;
    case 15: return Sport::Rowing;
    case 16: return Sport::Hike;  // mountaineering: on foot, in the hills
    case 17: return Sport::Hike;
    case 19: return Sport::Kayaking;   // paddling: the closest Strava/intervals.icu type
    case 21: return Sport::EBikeRide;  // e_biking
    case 25: return Sport::Golf;
    case 30: return Sport::InlineSkate;
    case 31: return Sport::RockClimbing;
    case 32: return Sport::Sail;
    case 33: return Sport::IceSkate;
    case 35: return Sport::Snowshoe;
    case 37: return Sport::StandUpPaddling;
    case 38: return Sport::Surfing;
    case 41: return Sport::Kayaking;
    case 43: return Sport::Windsurf;
    case 44: return Sport::Kitesurf;
    case 0: return Sport::Unknown;  // generic
    default: return Sport::Other;
  }
}

bool is_virtual(Sport s) {
  return s == Sport::VirtualRide || s == Sport::VirtualRun;
}

bool is_foot(Sport s) {
  return s == Sport::Run || s == Sport::TrailRun || s == Sport::VirtualRun || s == Sport::Walk ||
         s == Sport::Hike || s == Sport::Snowshoe;
}

bool is_cycling(Sport s) {
  return s == Sport::Ride || s == Sport::MountainBikeRide || s == Sport::GravelRide ||
         s == Sport::EBikeRide || s == Sport::VirtualRide || s == Sport::Handcycle;
}

}  // namespace th
