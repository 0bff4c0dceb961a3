#pragma once
// Web Mercator (EPSG:3857, the XYZ tile scheme) for the renderer.
//
// Representation
// - World coordinates (WorldPoint): x, y in [0, 1), x east from the antimeridian (lon -180),
//   y down from the north edge (lat +85.05112878). Pixel coordinates at zoom z are
//   world x 256 x 2^z; tile (z, tx, ty) covers pixels [256 tx, 256 tx + 256) x [256 ty, ...).
// - Fixed point (FixedPoint): world x 2^32, truncated, clamped to [0, 2^32 - 1]. One unit is
//   2^-32 of the world (9.3 mm at the equator); at z17 a pixel is 2^7 units, which leaves 7 bits
//   below the pixel for anti-aliasing. Truncation (not rounding) keeps "pixel = fixed >> shift"
//   consistent with floor(world x scale) everywhere.
//
// Clamping
// - Latitude is clamped to +-kMaxMercatorLat, where Web Mercator's square world ends (the poles
//   are at infinity). Longitude is clamped to [-180, 180]; lon 180 (x = 1) maps to the last
//   representable point left of the antimeridian, so x < 1 always holds.
// - NaN input gives NaN world coordinates; to_fixed() maps NaN to 0 (callers filter positions
//   with th::valid_position first; this only keeps conversion free of undefined behaviour).

#include <cmath>
#include <cstdint>

#include "core/tile_key.hpp"

namespace th {

// atan(sinh(pi)) in degrees: the latitude of the top and bottom edges of the Mercator square.
inline constexpr double kMaxMercatorLat = 85.0511287798066;
inline constexpr double kFixedScale = 4294967296.0;  // 2^32: fixed units per world
inline constexpr int kTileSizePx = 256;
inline constexpr int kMaxFixedZoom = 24;  // 2^(8 + 24) pixels = 2^32 fixed units: 1 unit a pixel

struct WorldPoint {
  double x = 0;
  double y = 0;
};

struct FixedPoint {
  std::uint32_t x = 0;
  std::uint32_t y = 0;
  friend bool operator==(const FixedPoint&, const FixedPoint&) = default;
};

struct LatLon {
  double lat = 0;
  double lon = 0;
};

struct PixelPoint {
  double x = 0;
  double y = 0;
};

// Degrees WGS84 to world coordinates (clamped as described above).
WorldPoint project(double lat, double lon);

// World coordinates back to degrees (inverse of project() inside the clamped range). x, y
// outside [0, 1] give longitudes beyond +-180 and latitudes up to +-90, without failing.
LatLon unproject(WorldPoint p);

// World x of a longitude in degrees, clamped to [-180, 180] (x may be 1 for lon 180: project()
// and to_fixed() clamp that below 1).
inline double world_x(double lon) {
  const double lo = lon < -180.0 ? -180.0 : (lon > 180.0 ? 180.0 : lon);
  return (lo + 180.0) * (1.0 / 360.0);
}

// One world coordinate to fixed point: floor(v x 2^32), clamped to [0, 2^32 - 1]; NaN gives 0.
inline std::uint32_t to_fixed_unit(double v) {
  if (!(v > 0.0)) return 0;  // also NaN
  const double scaled = v * kFixedScale;
  if (scaled >= kFixedScale - 1.0) return 0xFFFFFFFFu;
  return static_cast<std::uint32_t>(scaled);  // truncation == floor for v > 0
}

// World to fixed point: floor(world x 2^32), clamped to [0, 2^32 - 1]; NaN gives 0.
inline FixedPoint to_fixed(WorldPoint p) {
  return {to_fixed_unit(p.x), to_fixed_unit(p.y)};
}

// The world coordinates of a fixed-point value (the corner of its 2^-32 cell).
WorldPoint to_world(FixedPoint p);

inline FixedPoint project_fixed(double lat, double lon) {
  return to_fixed(project(lat, lon));
}

// Pixel coordinates at `zoom` (0..kMaxFixedZoom: exact in double there).
PixelPoint pixel_of(FixedPoint p, int zoom);

// The tile holding a point at `zoom` (0..32; above kMaxFixedZoom tiles are finer than a unit;
// packed() needs zoom <= kMaxTileZoom).
TileKey tile_of(FixedPoint p, int zoom);
inline TileKey tile_of(WorldPoint p, int zoom) {
  return tile_of(to_fixed(p), zoom);
}

// The north-west corner of a tile in world coordinates, for tests and bounds: tile (z, x, y)
// covers [x, x + 1) / 2^z by [y, y + 1) / 2^z.
WorldPoint tile_origin(const TileKey& tile);

// Ground metres one pixel spans at `lat` (degrees) and `zoom`, on the same sphere as
// th::haversine_m (kEarthRadiusM), so it agrees with every distance the project computes.
double metres_per_pixel(double lat, int zoom);

// Projects a sequence of nearby positions (a track) without a libm call per point: the
// Mercator ordinate psi(lat) = atanh(sin(lat)) and cos(lat) are expanded in Taylor series
// around the last exactly computed latitude (the anchor) while within a radius where the
// series' error stays below 1e-12 in psi: 1/200 of a fixed-point unit, so results agree with
// project() to within one fixed-point unit (rounding at a unit boundary) and cos(lat) to 1e-13.
// The radius is 1e-3 rad (6 km) below 70 degrees and shrinks towards the clamp latitude.
class MercatorStepper {
 public:
  struct Result {
    WorldPoint world;
    double cos_lat = 1;  // cos(clamped latitude): Mercator's ground scale factor is 1/cos
  };
  // Preconditions: lat, lon not NaN (filter with th::valid_position).
  Result project(double lat, double lon);

 private:
  void anchor(double phi);
  double phi0_ = 0, radius_ = -1;  // radius < 0: no anchor yet
  double psi0_ = 0, c1_ = 0, c2_ = 0, c3_ = 0, c4_ = 0, sin0_ = 0, cos0_ = 1;
};

// Ground metres one world unit (the whole map width) spans at the equator: 2 pi R.
double world_circumference_m();

}  // namespace th
