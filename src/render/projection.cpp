#include "render/projection.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/geo.hpp"

namespace th {
namespace {

constexpr double kPi = std::numbers::pi;
// The largest double below 1: where x = 1 (lon 180) and y = 1 (lat -85.05) are clamped to so
// that world coordinates stay in [0, 1).
constexpr double kBelowOne = 1.0 - 0x1.0p-53;

double clamp_unit(double v) {
  return v < 0.0 ? 0.0 : (v > kBelowOne ? kBelowOne : v);
}

double clamp_lat_rad(double lat) {
  return deg_to_rad(std::clamp(lat, -kMaxMercatorLat, kMaxMercatorLat));
}

// psi(phi) = atanh(sin(phi)), the Mercator ordinate in radians; y = 1/2 - psi / (2 pi).
double mercator_psi(double sin_phi) {
  return 0.5 * std::log((1.0 + sin_phi) / (1.0 - sin_phi));
}

constexpr double kPsiError = 1e-12;  // allowed Taylor error in psi (a fixed unit is 1.5e-9)
constexpr double kMaxStepperRadius = 1e-3;

}  // namespace

WorldPoint project(double lat, double lon) {
  if (std::isnan(lat) || std::isnan(lon)) return {std::nan(""), std::nan("")};
  WorldPoint p;
  p.x = world_x(lon);
  // One sin and one log, no tan near its pole.
  p.y = 0.5 - mercator_psi(std::sin(clamp_lat_rad(lat))) / (2.0 * kPi);
  p.x = clamp_unit(p.x);
  p.y = clamp_unit(p.y);
  return p;
}

LatLon unproject(WorldPoint p) {
  LatLon out;
  out.lon = p.x * 360.0 - 180.0;
  out.lat = std::atan(std::sinh(kPi * (1.0 - 2.0 * p.y))) * 180.0 / kPi;
  return out;
}

WorldPoint to_world(FixedPoint p) {
  return {static_cast<double>(p.x) / kFixedScale, static_cast<double>(p.y) / kFixedScale};
}

PixelPoint pixel_of(FixedPoint p, int zoom) {
  // world x 256 x 2^z = fixed x 2^(z + 8 - 32); exact for zoom <= 24 (and beyond, as doubles
  // hold 53 bits).
  const int exponent = zoom + 8 - 32;
  return {std::ldexp(static_cast<double>(p.x), exponent),
          std::ldexp(static_cast<double>(p.y), exponent)};
}

TileKey tile_of(FixedPoint p, int zoom) {
  const int z = std::clamp(zoom, 0, 32);
  // tile = floor(world x 2^z) = fixed >> (32 - z), done in 64 bits so z = 0 needs no case.
  const auto shift = [z](std::uint32_t v) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(v) << z) >> 32);
  };
  return {z, shift(p.x), shift(p.y)};
}

WorldPoint tile_origin(const TileKey& tile) {
  const double n = std::ldexp(1.0, tile.z);
  return {static_cast<double>(tile.x) / n, static_cast<double>(tile.y) / n};
}

void MercatorStepper::anchor(double phi) {
  phi0_ = phi;
  sin0_ = std::sin(phi);
  cos0_ = std::cos(phi);
  psi0_ = mercator_psi(sin0_);
  // Derivatives of psi: sec, sec tan, sec (1 + 2 tan^2), sec tan (5 + 6 tan^2),
  // sec (5 + 28 tan^2 + 24 tan^4); divided by n! they are the series' coefficients.
  const double sec = 1.0 / cos0_, t = sin0_ / cos0_, t2 = t * t;
  c1_ = sec;
  c2_ = sec * t / 2.0;
  c3_ = sec * (1.0 + 2.0 * t2) / 6.0;
  c4_ = sec * t * (5.0 + 6.0 * t2) / 24.0;
  const double c5 = sec * (5.0 + 28.0 * t2 + 24.0 * t2 * t2) / 120.0;
  radius_ = std::min(kMaxStepperRadius, std::pow(kPsiError / c5, 0.2));
}

MercatorStepper::Result MercatorStepper::project(double lat, double lon) {
  const double phi = clamp_lat_rad(lat);
  double d = phi - phi0_;
  if (!(std::fabs(d) < radius_)) {
    anchor(phi);
    d = 0;
  }
  const double psi = psi0_ + d * (c1_ + d * (c2_ + d * (c3_ + d * c4_)));
  const double d2 = d * d;
  Result r;
  r.world.x = clamp_unit(world_x(lon));
  r.world.y = clamp_unit(0.5 - psi / (2.0 * kPi));
  r.cos_lat = cos0_ * (1.0 - d2 / 2.0 * (1.0 - d2 / 12.0)) - sin0_ * d * (1.0 - d2 / 6.0);
  return r;
}

double world_circumference_m() {
  return 2.0 * kPi * kEarthRadiusM;
}

double metres_per_pixel(double lat, int zoom) {
  const double la = std::clamp(lat, -kMaxMercatorLat, kMaxMercatorLat);
  return world_circumference_m() * std::cos(deg_to_rad(la)) /
         std::ldexp(static_cast<double>(kTileSizePx), zoom);
}

}  // namespace th
