#include "parse/fit_profile.hpp"

#include <array>

namespace th::fit {
namespace {

// FIT profile enum 'sport', codes 0..53 (index = code; empty = unassigned).
constexpr std::array<std::string_view, 54> kSportNames{"generic",
                                                       "running",
                                                       "cycling",
                                                       "transition",
                                                       "fitness_equipment",
                                                       "swimming",
                                                       "basketball",
                                                       "soccer",
                                                       "tennis",
                                                       "american_football",
                                                       "training",
                                                       "walking",
                                                       "cross_country_skiing",
                                                       "alpine_skiing",
                                                       "snowboarding",
                                                       "rowing",
                                                       "mountaineering",
                                                       "hiking",
                                                       "multisport",
                                                       "paddling",
                                                       "flying",
                                                       "e_biking",
                                                       "motorcycling",
                                                       "boating",
                                                       "driving",
                                                       "golf",
                                                       "hang_gliding",
                                                       "horseback_riding",
                                                       "hunting",
                                                       "fishing",
                                                       "inline_skating",
                                                       "rock_climbing",
                                                       "sailing",
                                                       "ice_skating",
                                                       "sky_diving",
                                                       "snowshoeing",
                                                       "snowmobiling",
                                                       "stand_up_paddleboarding",
                                                       "surfing",
                                                       "wakeboarding",
                                                       "water_skiing",
                                                       "kayaking",
                                                       "rafting",
                                                       "windsurfing",
                                                       "kitesurfing",
                                                       "tactical",
                                                       "jumpmaster",
                                                       "boxing",
                                                       "floor_climbing",
                                                       "baseball",
                                                       "",
                                                       "",
                                                       "",
                                                       "diving"};

// FIT profile enum 'sub_sport', codes 0..58.
constexpr std::array<std::string_view, 59> kSubSportNames{"generic",
                                                          "treadmill",
                                                          "street",
                                                          "trail",
                                                          "track",
                                                          "spin",
                                                          "indoor_cycling",
                                                          "road",
                                                          "mountain",
                                                          "downhill",
                                                          "recumbent",
                                                          "cyclocross",
                                                          "hand_cycling",
                                                          "track_cycling",
                                                          "indoor_rowing",
                                                          "elliptical",
                                                          "stair_climbing",
                                                          "lap_swimming",
                                                          "open_water",
                                                          "flexibility_training",
                                                          "strength_training",
                                                          "warm_up",
                                                          "match",
                                                          "exercise",
                                                          "challenge",
                                                          "indoor_skiing",
                                                          "cardio_training",
                                                          "indoor_walking",
                                                          "e_bike_fitness",
                                                          "bmx",
                                                          "casual_walking",
                                                          "speed_walking",
                                                          "bike_to_run_transition",
                                                          "run_to_bike_transition",
                                                          "swim_to_bike_transition",
                                                          "atv",
                                                          "motocross",
                                                          "backcountry",
                                                          "resort",
                                                          "rc_drone",
                                                          "wingsuit",
                                                          "whitewater",
                                                          "skate_skiing",
                                                          "yoga",
                                                          "pilates",
                                                          "indoor_running",
                                                          "gravel_cycling",
                                                          "e_bike_mountain",
                                                          "commuting",
                                                          "mixed_surface",
                                                          "navigate",
                                                          "track_me",
                                                          "map",
                                                          "single_gas_diving",
                                                          "multi_gas_diving",
                                                          "gauge_diving",
                                                          "apnea_diving",
                                                          "apnea_hunting",
                                                          "virtual_activity"};

}  // namespace

std::string_view sport_name(std::uint8_t sport) {
  if (sport < kSportNames.size()) return kSportNames[sport];
  switch (sport) {
    case 62: return "hiit";
    case 64: return "racket";
    case 65: return "wheelchair_push_walk";
    case 66: return "wheelchair_push_run";
    case 67: return "meditation";
    case 69: return "disc_golf";
    case 254: return "all";
    default: return {};
  }
}

std::string_view sub_sport_name(std::uint8_t sub_sport) {
  if (sub_sport < kSubSportNames.size()) return kSubSportNames[sub_sport];
  return sub_sport == 254 ? std::string_view("all") : std::string_view();
}

std::string sport_words(std::uint8_t sport, std::uint8_t sub_sport) {
  std::string out;
  const std::string_view name = sport_name(sport);
  out = name.empty() ? "sport " + std::to_string(sport) : std::string(name);
  if (sub_sport != 0 && sub_sport != kInvalidU8) {
    const std::string_view sub = sub_sport_name(sub_sport);
    out += '/';
    out += sub.empty() ? "sub_sport " + std::to_string(sub_sport) : std::string(sub);
  }
  return out;
}

}  // namespace th::fit
