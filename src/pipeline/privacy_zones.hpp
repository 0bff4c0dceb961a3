#pragma once
// The user's privacy zones and trimmed ends, kept in <cache>/privacy.json so that every later
// build, `trackheat serve` and any later export applies them without being asked again.
// render/privacy.hpp says what they hide and how.
//
// File <cache>/privacy.json (written atomically and fsync'd; only trackheat writes it):
//   {"version": 1, "salt": "<32 hex>", "trim_ends_m": M,
//    "zones": [{"lat", "lon", "radius_m", "hidden_lat", "hidden_lon"}, …]}
// hidden_lat/hidden_lon are the secret centre: never printed, never written into the site. The
// salt (random, made with the file) enters privacy_digest() so that the build fingerprint, which
// the site shows, says nothing about the zones.
// A missing file means no zones. A file that cannot be read or is not of this shape is an error
// (IoError / ParseError naming the file): silently drawing without the zones would show what
// the user asked to hide.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "render/privacy.hpp"

namespace th {

struct PrivacyConfig {
  PrivacySettings settings;
  std::string salt;  // empty until the first save
};

std::filesystem::path privacy_file(const std::filesystem::path& cache_dir);

PrivacyConfig load_privacy(const std::filesystem::path& cache_dir);
void save_privacy(const std::filesystem::path& cache_dir, PrivacyConfig config);

// "LAT,LON,RADIUS_M" (degrees, metres) -> the given circle; UsageError with the text and the
// allowed ranges otherwise.
struct ZoneSpec {
  double lat = 0, lon = 0, radius_m = 0;
};
ZoneSpec parse_zone_spec(std::string_view text);

// UsageError unless 0 <= metres <= kMaxTrimEndsM.
void check_trim_ends(double metres);

// Adds the zone with a secret centre from std::random_device; false (nothing added) when a zone
// with the same given circle exists, so repeating the same flag on every build changes nothing.
bool add_zone(PrivacyConfig& config, const ZoneSpec& zone);

// Removes zone `number` (1-based, as `trackheat privacy list` prints); UsageError when absent.
void remove_zone(PrivacyConfig& config, std::size_t number);

// A hash of the settings and the salt for the build fingerprint; empty when nothing is hidden.
std::string privacy_digest(const PrivacyConfig& config);

}  // namespace th
