#pragma once
// Geodesy helpers shared by parse (distances), dedup (start tolerance) and render (projection).

#include <cmath>
#include <numbers>

namespace th {

inline constexpr double kEarthRadiusM = 6371008.8;  // mean Earth radius (IUGG)

inline double deg_to_rad(double d) {
  return d * std::numbers::pi / 180.0;
}

// Great-circle distance in metres between two WGS84 positions in degrees.
inline double haversine_m(double lat1, double lon1, double lat2, double lon2) {
  const double p1 = deg_to_rad(lat1), p2 = deg_to_rad(lat2);
  const double dp = p2 - p1, dl = deg_to_rad(lon2 - lon1);
  const double a = std::sin(dp / 2) * std::sin(dp / 2) +
                   std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * kEarthRadiusM * std::asin(std::sqrt(std::fmin(1.0, a)));
}

inline bool valid_position(double lat, double lon) {
  return lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0 &&
         !(lat == 0.0 && lon == 0.0);  // "null island": a device's placeholder, never a real fix
}

}  // namespace th
