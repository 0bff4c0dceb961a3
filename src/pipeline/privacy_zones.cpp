#include "pipeline/privacy_zones.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/geo.hpp"
#include "core/hash.hpp"

namespace th {

namespace {

constexpr int kFormatVersion = 1;
constexpr std::size_t kMaxFileBytes = 1 << 20;
constexpr std::size_t kMaxZones = 1000;

std::string random_hex(std::random_device& rd, int words) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < words; ++i) {
    const std::uint32_t w = rd();
    for (int k = 0; k < 8; ++k) out += kHex[(w >> (k * 4)) & 0xF];
  }
  return out;
}

// A uniform double in [0, 1) from 53 random bits.
double random_unit(std::random_device& rd) {
  const std::uint64_t bits = (std::uint64_t{rd()} << 32 | rd()) >> 11;
  return static_cast<double>(bits) * 0x1.0p-53;
}

double number(const nlohmann::json& j, const char* key, const std::string& file) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number()) {
    throw ParseError(file + ": \"" + key + "\" missing or not a number");
  }
  const double v = j[key].get<double>();
  if (!std::isfinite(v)) throw ParseError(file + ": \"" + key + "\" is not finite");
  return v;
}

std::string usage_ranges() {
  return "expected LAT,LON,RADIUS_M with LAT in -85..85, LON in -180..180 and RADIUS_M in " +
         std::to_string(static_cast<int>(kMinZoneRadiusM)) + ".." +
         std::to_string(static_cast<int>(kMaxZoneRadiusM)) + " metres";
}

}  // namespace

std::filesystem::path privacy_file(const std::filesystem::path& cache_dir) {
  return cache_dir / "privacy.json";
}

PrivacyConfig load_privacy(const std::filesystem::path& cache_dir) {
  const auto path = privacy_file(cache_dir);
  const std::string name = path.string();
  PrivacyConfig config;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) && !ec) return config;
  const Bytes bytes = read_file(path, kMaxFileBytes);
  const auto j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (!j.is_object()) throw ParseError(name + ": not a JSON object");
  if (number(j, "version", name) != kFormatVersion) throw ParseError(name + ": unknown version");
  if (!j.contains("salt") || !j["salt"].is_string()) throw ParseError(name + ": no salt");
  config.salt = j["salt"].get<std::string>();
  config.settings.trim_ends_m = number(j, "trim_ends_m", name);
  if (!(config.settings.trim_ends_m >= 0 && config.settings.trim_ends_m <= kMaxTrimEndsM)) {
    throw ParseError(name + ": trim_ends_m out of range");
  }
  if (!j.contains("zones") || !j["zones"].is_array() || j["zones"].size() > kMaxZones) {
    throw ParseError(name + ": \"zones\" missing or not a list");
  }
  for (const auto& z : j["zones"]) {
    PrivacyZone zone;
    zone.lat = number(z, "lat", name);
    zone.lon = number(z, "lon", name);
    zone.radius_m = number(z, "radius_m", name);
    zone.hidden_lat = number(z, "hidden_lat", name);
    zone.hidden_lon = number(z, "hidden_lon", name);
    // The hidden circle must hold the given one: a secret centre moved by hand further than
    // half a radius would leave part of the given circle drawn.
    if (!valid_zone(zone.lat, zone.lon, zone.radius_m) ||
        !valid_position(zone.hidden_lat, zone.hidden_lon) ||
        haversine_m(zone.lat, zone.lon, zone.hidden_lat, zone.hidden_lon) >
            (kHiddenRadiusFactor - 1.0) * zone.radius_m) {
      throw ParseError(name + ": zone " + std::to_string(config.settings.zones.size() + 1) +
                       " is not a valid zone");
    }
    config.settings.zones.push_back(zone);
  }
  return config;
}

void save_privacy(const std::filesystem::path& cache_dir, PrivacyConfig config) {
  if (config.salt.empty()) {
    std::random_device rd;
    config.salt = random_hex(rd, 4);
  }
  nlohmann::json j;
  j["version"] = kFormatVersion;
  j["salt"] = config.salt;
  j["trim_ends_m"] = config.settings.trim_ends_m;
  j["zones"] = nlohmann::json::array();
  for (const PrivacyZone& z : config.settings.zones) {
    j["zones"].push_back({{"lat", z.lat},
                          {"lon", z.lon},
                          {"radius_m", z.radius_m},
                          {"hidden_lat", z.hidden_lat},
                          {"hidden_lon", z.hidden_lon}});
  }
  std::error_code ec;
  std::filesystem::create_directories(cache_dir, ec);
  if (ec) throw IoError(cache_dir.string() + ": cannot create: " + ec.message());
  write_file_atomic(privacy_file(cache_dir), j.dump(1) + "\n", Durability::Sync);
}

ZoneSpec parse_zone_spec(std::string_view text) {
  ZoneSpec spec;
  double* fields[3] = {&spec.lat, &spec.lon, &spec.radius_m};
  std::string_view rest = text;
  for (int i = 0; i < 3; ++i) {
    const std::size_t comma = i < 2 ? rest.find(',') : std::string_view::npos;
    const std::string_view part = rest.substr(0, comma);
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), *fields[i]);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() ||
        (i < 2 && comma == std::string_view::npos)) {
      throw UsageError("--privacy-zone '" + std::string(text) + "': " + usage_ranges());
    }
    if (i < 2) rest = rest.substr(comma + 1);
  }
  if (!valid_zone(spec.lat, spec.lon, spec.radius_m)) {
    throw UsageError("--privacy-zone '" + std::string(text) + "': " + usage_ranges());
  }
  return spec;
}

void check_trim_ends(double metres) {
  if (!(metres >= 0 && metres <= kMaxTrimEndsM)) {
    throw UsageError("--trim-ends must be between 0 and " +
                     std::to_string(static_cast<int>(kMaxTrimEndsM)) + " metres");
  }
}

bool add_zone(PrivacyConfig& config, const ZoneSpec& zone) {
  for (const PrivacyZone& z : config.settings.zones) {
    if (z.lat == zone.lat && z.lon == zone.lon && z.radius_m == zone.radius_m) return false;
  }
  std::random_device rd;
  const double u1 = random_unit(rd), u2 = random_unit(rd);
  config.settings.zones.push_back(place_zone(zone.lat, zone.lon, zone.radius_m, u1, u2));
  return true;
}

void remove_zone(PrivacyConfig& config, std::size_t number) {
  auto& zones = config.settings.zones;
  if (number < 1 || number > zones.size()) {
    throw UsageError("no privacy zone " + std::to_string(number) + " (there are " +
                     std::to_string(zones.size()) + ")");
  }
  zones.erase(zones.begin() + static_cast<std::ptrdiff_t>(number - 1));
}

std::string privacy_digest(const PrivacyConfig& config) {
  if (!config.settings.active()) return {};
  std::string text = config.salt;
  char buf[160];
  std::snprintf(buf, sizeof buf, "|trim %.17g", config.settings.trim_ends_m);
  text += buf;
  for (const PrivacyZone& z : config.settings.zones) {
    std::snprintf(buf, sizeof buf, "|%.17g,%.17g,%.17g,%.17g,%.17g", z.lat, z.lon, z.radius_m,
                  z.hidden_lat, z.hidden_lon);
    text += buf;
  }
  return content_hash(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace th
