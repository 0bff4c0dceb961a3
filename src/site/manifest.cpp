#include "site/manifest.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "site/json_text.hpp"
#include "site/site_publish.hpp"
#include "site/tile_writer.hpp"

namespace th {

namespace {

using json_text::append_int;
using json_text::append_number;
using json_text::append_string;

double round_down(double x) {
  return std::floor(x);
}
double round_up(double x) {
  return std::ceil(x);
}

// `"name":`, after a comma unless the field opens its object; `newline` starts a line (the
// manifest puts each top-level field on its own line, so people can read it and diffs are small).
void key(std::string& out, std::string_view name, bool newline = false) {
  if (out.back() != '{') out += ',';
  if (newline) out += '\n';
  append_string(out, name);
  out += ':';
}

void string_field(std::string& out, std::string_view name, std::string_view value,
                  bool newline = false) {
  key(out, name, newline);
  append_string(out, value);
}

void number_field(std::string& out, std::string_view name, double value, bool newline = false) {
  key(out, name, newline);
  append_number(out, value);
}

void int_field(std::string& out, std::string_view name, std::int64_t value, bool newline = false) {
  key(out, name, newline);
  append_int(out, value);
}

void append_legend(std::string& out, const std::vector<ManifestLegendStop>& legend) {
  out += '[';
  for (std::size_t i = 0; i < legend.size(); ++i) {
    if (i > 0) out += ',';
    out += '{';
    number_field(out, "t", legend[i].t);
    string_field(out, "color", legend[i].color);
    number_field(out, "opacity", legend[i].opacity);
    string_field(out, "label", legend[i].label);
    out += '}';
  }
  out += ']';
}

void append_zooms(std::string& out, const LayerManifest& layer) {
  std::vector<ZoomScale> zooms = layer.zooms;
  std::sort(zooms.begin(), zooms.end(),
            [](const ZoomScale& a, const ZoomScale& b) { return a.zoom < b.zoom; });
  out += '{';
  for (std::size_t i = 0; i < zooms.size(); ++i) {
    if (i > 0 && zooms[i].zoom == zooms[i - 1].zoom) {
      throw std::invalid_argument("manifest: layer '" + layer.id + "' lists zoom " +
                                  std::to_string(zooms[i].zoom) + " twice");
    }
    key(out, std::to_string(zooms[i].zoom));
    out += '{';
    number_field(out, "lo", zooms[i].lo);
    number_field(out, "hi", zooms[i].hi);
    out += '}';
  }
  out += '}';
}

void append_layer(std::string& out, const LayerManifest& layer) {
  if (layer.scale != "linear" && layer.scale != "log" && layer.scale != "diverging" &&
      layer.scale != "date" && layer.scale != "categorical") {
    throw std::invalid_argument("manifest: layer '" + layer.id + "' has unknown scale '" +
                                layer.scale + "'");
  }
  out += '{';
  string_field(out, "id", layer.id);
  string_field(out, "family", layer.family);
  string_field(out, "label", layer.label);
  string_field(out, "units", layer.units);
  string_field(out, "ramp", layer.ramp);
  string_field(out, "scale", layer.scale);
  string_field(out, "description", layer.description);
  key(out, "legend");
  append_legend(out, layer.legend);
  key(out, "zooms");
  append_zooms(out, layer);
  out += '}';
}

}  // namespace

std::string explorer_stats_json(const std::vector<ManifestExplorerStats>& stats) {
  std::string out = "{";
  for (const ManifestExplorerStats& s : stats) {
    key(out, std::to_string(s.cell_zoom));
    out += '{';
    int_field(out, "visited", static_cast<std::int64_t>(s.visited));
    int_field(out, "max_square", static_cast<std::int64_t>(s.max_square));
    int_field(out, "max_cluster", static_cast<std::int64_t>(s.max_cluster));
    out += '}';
  }
  out += '}';
  return out;
}

std::string manifest_json(const Manifest& m) {
  std::string out = "{";
  string_field(out, "generator", m.generator, true);
  string_field(out, "build_time", m.build_time, true);
  int_field(out, "min_zoom", m.min_zoom, true);
  int_field(out, "max_zoom", m.max_zoom, true);
  int_field(out, "tile_size", m.tile_size, true);
  string_field(out, "tiles_url", m.tiles_url, true);
  key(out, "bounds", true);
  if (std::all_of(std::begin(m.bounds), std::end(m.bounds),
                  [](double v) { return std::isfinite(v); })) {
    out += '[';
    for (int i = 0; i < 4; ++i) {
      if (i > 0) out += ',';
      // Outwards (minima down, maxima up), so the rounded bounds still hold every track.
      json_text::append_rounded(out, m.bounds[i], 6, i < 2 ? round_down : round_up);
    }
    out += ']';
  } else {
    out += "null";
  }
  int_field(out, "activity_count", m.activity_count, true);
  if (!m.fingerprint.empty()) string_field(out, "fingerprint", m.fingerprint, true);
  key(out, "layers", true);
  out += '[';
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    out += i > 0 ? ",\n" : "\n";  // one layer per line
    append_layer(out, m.layers[i]);
  }
  out += "\n]";
  if (!m.explorer.empty()) {
    key(out, "explorer", true);
    out += explorer_stats_json(m.explorer);
  }
  out += "\n}\n";
  return out;
}

std::string manifest_js(const Manifest& manifest) {
  std::string json = manifest_json(manifest);
  if (!json.empty() && json.back() == '\n') json.pop_back();
  return "window.TRACKHEAT_MANIFEST = " + json + ";\n";
}

void write_manifest(TileWriter& writer, Manifest manifest) {
  if (!writer.has_changes()) {
    const std::filesystem::path live = writer.site_dir() / "manifest.json";
    std::string old_text;
    try {
      const Bytes bytes = read_file(live, std::size_t{64} << 20);
      old_text.assign(bytes.begin(), bytes.end());
    } catch (const IoError&) {
      old_text.clear();  // missing or unreadable: write the new manifest
    }
    const nlohmann::json old = nlohmann::json::parse(old_text, nullptr, false);
    if (old.is_object() && old.contains("build_time") && old["build_time"].is_string()) {
      Manifest same_time = manifest;
      same_time.build_time = old["build_time"].get<std::string>();
      if (manifest_json(same_time) == old_text) manifest.build_time = same_time.build_time;
    }
  }
  writer.put_file("manifest.json", manifest_json(manifest));
  writer.put_file("data/manifest.js", manifest_js(manifest));
}

std::string published_fingerprint(const std::filesystem::path& site) {
  try {
    const SiteReadLock reading(site);
    const Bytes bytes = read_file(site / "manifest.json", 64 << 20);
    const auto json = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (json.is_object() && json.contains("fingerprint") && json["fingerprint"].is_string()) {
      return json["fingerprint"].get<std::string>();
    }
  } catch (const std::exception&) {
    // No readable manifest.
  }
  return {};
}

}  // namespace th
