#pragma once
// The site manifest: what the viewer needs to know about the tiles (layers, legends, zoom range,
// bounds, per-zoom scales, build time). Written twice with the same content:
//   manifest.json          for the local server, tools and people;
//   data/manifest.js       window.TRACKHEAT_MANIFEST = {...}; — browsers refuse fetch() of a
//                          local JSON file from a file:// page, but load scripts.
//
// JSON layout (keys in this order, snake_case; numbers in their shortest exact form, "12" not
// "12.0"; non-finite numbers as null):
//   {"generator": "...", "build_time": "2026-01-02T03:04:05Z", "min_zoom": 0, "max_zoom": 17,
//    "tile_size": 256, "tiles_url": "tiles/{layer}/{z}/{x}/{y}.png",
//    "bounds": [min_lon, min_lat, max_lon, max_lat] | null, "activity_count": N,
//    "fingerprint": "..." (only when set),
//    "layers": [{"id", "family", "label", "units", "ramp", "scale", "description",
//                "legend": [{"t", "color", "opacity", "label"}, ...],
//                "zooms": {"12": {"lo": .., "hi": ..}, ...}}, ...],
//    "explorer": {"14": {"visited": N, "max_square": S, "max_cluster": C}, "17": {...}}
//                (only when set; pipeline/explorer_layers.hpp)}
// A "categorical" layer (the explorer layers) has no per-zoom scales: its legend stops are its
// categories, in order, each with its label.
// Bounds are rounded outwards to 6 decimals (0.1 m). `zooms` is keyed by the zoom number as a
// string, in ascending zoom order. Every string is escaped for use inside <script>.

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace th {

class TileWriter;

struct ManifestLegendStop {
  double t = 0;        // position on the ramp, 0..1
  std::string color;   // CSS colour, e.g. "#ffcc00"
  double opacity = 1;  // 0..1
  std::string label;   // text under the stop, may be empty
};

// The values a layer's colour ramp maps to t = 0 and t = 1 at one zoom, in the layer's units.
struct ZoomScale {
  int zoom = 0;
  double lo = 0;
  double hi = 0;
};

struct LayerManifest {
  std::string id;      // tiles/<id>/..., the site layout in docs/ARCHITECTURE.md
  std::string family;  // "frequency", "pace", "heart-rate", "elevation", "recency"
  std::string label;
  std::string units;
  std::string ramp;   // colour ramp name
  std::string scale;  // "linear" | "log" | "diverging" | "date" | "categorical"
  std::string description;
  std::vector<ManifestLegendStop> legend;
  std::vector<ZoomScale> zooms;  // at most one per zoom
};

// The explorer game's numbers of one cell zoom (render/explorer_cells.hpp).
struct ManifestExplorerStats {
  int cell_zoom = 14;
  std::uint64_t visited = 0;
  std::uint64_t max_square = 0;
  std::uint64_t max_cluster = 0;
};

struct Manifest {
  std::string generator;   // "trackheat <version>"
  std::string build_time;  // ISO 8601 UTC
  int min_zoom = 0;
  int max_zoom = 17;
  int tile_size = 256;
  double bounds[4] = {
      std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
      std::numeric_limits<double>::quiet_NaN(),
      std::numeric_limits<double>::quiet_NaN()};  // min_lon, min_lat, max_lon, max_lat
  std::vector<LayerManifest> layers;
  int activity_count = 0;
  // What the site was built from (inputs, zooms, month, renderer version): a build whose
  // fingerprint equals the live manifest's has nothing to do.
  std::string fingerprint;
  std::string tiles_url = "tiles/{layer}/{z}/{x}/{y}.png";
  std::vector<ManifestExplorerStats> explorer;  // by cell zoom; empty: no "explorer" key
};

// The "explorer" object's text ({"14": {...}, ...}), also served by the live map.
std::string explorer_stats_json(const std::vector<ManifestExplorerStats>& stats);

// manifest.json's "fingerprint" of the site at `site`, read under the site's publish lock (a
// journal a killed build left is finished first: until then manifest.json may not describe the
// tiles); empty when there is no readable manifest or it has no fingerprint. `build` compares it
// with its own to skip work; `serve`'s live map with the one it loaded, to notice a new build.
std::string published_fingerprint(const std::filesystem::path& site);

// std::invalid_argument for a scale that is not one of the five, or a zoom listed twice in a
// layer's `zooms`.
std::string manifest_json(const Manifest& manifest);
// "window.TRACKHEAT_MANIFEST = " + manifest_json + ";\n"
std::string manifest_js(const Manifest& manifest);

// Offers manifest.json and data/manifest.js to `writer`. Call it after every other put() and
// put_file() of the build, right before writer.commit(): when nothing else in the site changes
// (!writer.has_changes()) and the live manifest.json equals this one except for build_time, the
// live build_time is kept, so a build that changed nothing writes no file at all and the build
// time the viewer shows is the time the map last changed.
void write_manifest(TileWriter& writer, Manifest manifest);

}  // namespace th
