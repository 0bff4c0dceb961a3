// Writes what the renderer does with a layer's values, for legend_scale.test.js to check the
// viewer's legend against: for every layer and a few scales, the scale as the manifest states
// it (name, units, lo and hi in user units) and, per value, the value in user units, the ramp
// position t (scale_to_t) and the palette index a tile shows for it (index_table).
// Usage: legend_cases OUT.json
#include <cstdint>
#include <cstdio>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "encode/palette_index.hpp"
#include "render/layers.hpp"
#include "render/normalize.hpp"

namespace th {
namespace {

constexpr double kDay2026 = 20454;  // day number (days since 1970 + 1) of 2026-01-01

// Scales in internal units, as a zoom's percentiles could give them.
std::vector<LayerScale> scales_of(LayerId id) {
  switch (id) {
    case LayerId::FrequencyLinear:
    case LayerId::FrequencyLog:
    case LayerId::Freshness12:
    case LayerId::Freshness36:  // seconds
      return {{0, 600}, {0, 36000}, {90, 5400}, {0, 2}};
    case LayerId::FrequencyActivities: return {{0, 3}, {0, 250}, {2, 40}};
    case LayerId::Pace: return {{1.2, 4.8}, {2.5, 11.0}};     // m/s
    case LayerId::HeartRate: return {{105, 168}, {92, 121}};  // bpm
    case LayerId::Hill: return {{0.025, 0.14}, {0.025, 0.3}};
    case LayerId::Steepness: return {{0, 0.09}, {0.01, 0.25}};
    case LayerId::Climb: return {{0, 0.08}, {0, 0.2}};  // hi: the magnitude at either end
    case LayerId::Recency: return {{kDay2026 - 1800, kDay2026}, {kDay2026 - 60, kDay2026 - 30}};
  }
  return {};
}

// Values from a little below the scale to a little above it, as stored (decoded from their
// 16-bit codes), so the palette index is exactly the one a tile shows for the value.
std::vector<double> values_of(LayerId id, const LayerScale& s) {
  const bool signed_scale = layer_spec(id).scale == ScaleKind::Diverging;
  const double lo = signed_scale ? -s.hi : s.lo, hi = s.hi, span = hi - lo;
  std::vector<double> out;
  constexpr int kSteps = 60;
  for (int i = 0; i <= kSteps; ++i) {
    const double v = lo - 0.1 * span + 1.2 * span * i / kSteps;
    const std::uint16_t code = encode_value(id, v);
    if (code == 0) continue;
    const double stored = decode_value(id, code);
    if (out.empty() || stored != out.back()) out.push_back(stored);  // counts: integers
  }
  return out;
}

nlohmann::json cases() {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerSpec& spec : layer_specs()) {
    nlohmann::json scales = nlohmann::json::array();
    for (const LayerScale& s : scales_of(spec.id)) {
      const IndexTable table = index_table(spec.id, s);
      nlohmann::json values = nlohmann::json::array();
      for (const double v : values_of(spec.id, s)) {
        values.push_back({{"value", to_user_units(spec.id, v)},
                          {"t", scale_to_t(spec.id, s, v)},
                          {"index", table[encode_value(spec.id, v)]}});
      }
      scales.push_back({{"lo", to_user_units(spec.id, s.lo)},
                        {"hi", to_user_units(spec.id, s.hi)},
                        {"values", values}});
    }
    layers.push_back({{"id", std::string(spec.name)},
                      {"scale", std::string(scale_name(spec.scale))},
                      {"units", std::string(spec.units)},
                      {"scales", scales}});
  }
  return {{"layers", layers}};
}

}  // namespace
}  // namespace th

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: legend_cases OUT.json\n");
    return 2;
  }
  try {
    th::write_file_atomic(argv[1], th::cases().dump(1));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "legend_cases: %s\n", e.what());
    return 1;
  }
  return 0;
}
