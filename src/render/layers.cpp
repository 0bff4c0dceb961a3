#include "render/layers.hpp"

#include <algorithm>
#include <cmath>

namespace th {

namespace {

constexpr double kNaNd = std::numeric_limits<double>::quiet_NaN();

// Time values span from a fraction of a second (a street pixel brushed once) to thousands of
// hours (a world-view pixel holding a whole city): a log2 code, 1600 steps per octave.
constexpr double kTimeLog2Min = -14.0;
constexpr double kTimeStepsPerOctave = 1600.0;

std::uint16_t clamp_code(double code) {
  return static_cast<std::uint16_t>(std::clamp(std::round(code), 1.0, 65535.0));
}

enum class Storage { Time, Count, Speed, HeartRate, Grade, Day };

Storage storage_of(LayerId id) {
  switch (id) {
    case LayerId::FrequencyLinear:
    case LayerId::FrequencyLog:
    case LayerId::Freshness12:
    case LayerId::Freshness36: return Storage::Time;
    case LayerId::FrequencyActivities: return Storage::Count;
    case LayerId::Pace: return Storage::Speed;
    case LayerId::HeartRate: return Storage::HeartRate;
    case LayerId::Hill:
    case LayerId::Steepness:
    case LayerId::Climb: return Storage::Grade;
    case LayerId::Recency: return Storage::Day;
  }
  return Storage::Count;
}

double ratio(float num, float den) {
  return den > 0 ? static_cast<double>(num) / den : kNaNd;
}
double positive(float v) {
  return v > 0 ? static_cast<double>(v) : kNaNd;
}

}  // namespace

const std::array<LayerSpec, kLayerCount>& layer_specs() {
  // Percentiles: frequency scales by a high percentile so one spot where the watch stood still
  // does not flatten everything; pace and heart rate span p5–p95 of the zoom.
  static const std::array<LayerSpec, kLayerCount> specs{{
      {LayerId::FrequencyLinear, "frequency-linear", "frequency", "Frequency", "min", "heat",
       ScaleKind::Linear, 0, 99, "Time spent per pixel; favourite routes glow."},
      {LayerId::FrequencyLog, "frequency-log", "frequency", "Frequency (log)", "min", "heat",
       ScaleKind::Log, 0, 99, "Time spent per pixel on a log scale; rare routes stay visible."},
      {LayerId::FrequencyActivities, "frequency-activities", "frequency", "Activities",
       "activities", "freshness", ScaleKind::Log, 0, 99, "Distinct activities through each pixel."},
      {LayerId::Pace, "pace", "pace", "Pace", "km/h", "pace", ScaleKind::Linear, 5, 95,
       "Time-weighted mean speed over every visit; faster is brighter."},
      {LayerId::HeartRate, "heart-rate", "heart-rate", "Heart rate", "bpm", "heart_rate",
       ScaleKind::Linear, 5, 95, "Time-weighted mean heart rate where it was recorded."},
      {LayerId::Hill, "hill", "elevation", "Hill training", "%", "hill", ScaleKind::Linear, 0, 95,
       "Only climbs steeper than 2.5 %, coloured by how steep."},
      {LayerId::Steepness, "steepness", "elevation", "Steepness", "%", "steepness",
       ScaleKind::Linear, 0, 95, "Mean absolute grade, up or down."},
      {LayerId::Climb, "climb", "elevation", "Climb / descent", "%", "climb", ScaleKind::Diverging,
       0, 95, "Mean signed grade in the direction of travel."},
      {LayerId::Recency, "recency", "time", "Recency", "date", "recency", ScaleKind::Age, 1, 100,
       "Date of the most recent activity; recent months stand out."},
      {LayerId::Freshness12, "freshness-12mo", "time", "Last 12 months", "min", "freshness",
       ScaleKind::Log, 0, 99, "Time spent per pixel, activities of the last 12 months only."},
      {LayerId::Freshness36, "freshness-36mo", "time", "Last 36 months", "min", "freshness",
       ScaleKind::Log, 0, 99, "Time spent per pixel, activities of the last 36 months only."},
  }};
  return specs;
}

const LayerSpec& layer_spec(LayerId id) {
  return layer_specs()[static_cast<std::size_t>(id)];
}

const LayerSpec* layer_named(std::string_view name) {
  for (const LayerSpec& spec : layer_specs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

double layer_value(LayerId id, const PixelSums& s) {
  switch (id) {
    case LayerId::FrequencyLinear:
    case LayerId::FrequencyLog: return positive(s.time);
    case LayerId::FrequencyActivities:
      return s.activities > 0 ? static_cast<double>(s.activities) : kNaNd;
    case LayerId::Pace: return ratio(s.speed_sum, s.speed_time);
    case LayerId::HeartRate: return ratio(s.hr_sum, s.hr_time);
    case LayerId::Hill: return ratio(s.hill_sum, s.hill_time);
    case LayerId::Steepness: return ratio(s.grade_abs_sum, s.grade_time);
    case LayerId::Climb: return ratio(s.grade_sum, s.grade_time);
    case LayerId::Recency: return positive(s.latest_day);
    case LayerId::Freshness12: return positive(s.time_12mo);
    case LayerId::Freshness36: return positive(s.time_36mo);
  }
  return kNaNd;
}

std::uint16_t encode_value(LayerId id, double v) {
  if (!std::isfinite(v)) return 0;
  switch (storage_of(id)) {
    case Storage::Time:
      if (v <= 0) return 0;
      return clamp_code(1 + (std::log2(v) - kTimeLog2Min) * kTimeStepsPerOctave);
    case Storage::Count: return v < 1 ? 0 : clamp_code(v);
    case Storage::Speed: return v < 0 ? 0 : clamp_code(1 + v * 1000);
    case Storage::HeartRate: return v <= 0 ? 0 : clamp_code(1 + v * 100);
    case Storage::Grade: return clamp_code(32768 + v * 10000);
    case Storage::Day: return v < 1 ? 0 : clamp_code(v);
  }
  return 0;
}

namespace {

// Positive finite v to a 16-bit code: 1 + v·scale + offset, rounded, clamped to 1..65535.
// Faster than std::round for the non-negative values met here.
std::uint16_t code_of(double v) {
  if (!(v >= 1.0)) return 1;
  if (v >= 65535.0) return 65535;
  return static_cast<std::uint16_t>(v + 0.5);
}

std::uint16_t time_code(float t) {
  return t > 0
             ? code_of(1 + (std::log2(static_cast<double>(t)) - kTimeLog2Min) * kTimeStepsPerOctave)
             : 0;
}

std::uint16_t grade_code(float num, float den) {
  return den > 0 ? code_of(32768 + static_cast<double>(num) / den * 10000) : 0;
}

}  // namespace

void encode_pixel(const PixelSums& s, std::array<std::uint16_t, kLayerCount>& c) {
  const std::uint16_t time = time_code(s.time);
  c[static_cast<std::size_t>(LayerId::FrequencyLinear)] = time;
  c[static_cast<std::size_t>(LayerId::FrequencyLog)] = time;
  c[static_cast<std::size_t>(LayerId::FrequencyActivities)] =
      s.activities > 0 ? static_cast<std::uint16_t>(std::min<std::uint32_t>(s.activities, 65535))
                       : 0;
  c[static_cast<std::size_t>(LayerId::Pace)] =
      s.speed_time > 0 ? code_of(1 + static_cast<double>(s.speed_sum) / s.speed_time * 1000) : 0;
  c[static_cast<std::size_t>(LayerId::HeartRate)] =
      s.hr_time > 0 && s.hr_sum > 0 ? code_of(1 + static_cast<double>(s.hr_sum) / s.hr_time * 100)
                                    : 0;
  c[static_cast<std::size_t>(LayerId::Hill)] = grade_code(s.hill_sum, s.hill_time);
  c[static_cast<std::size_t>(LayerId::Steepness)] = grade_code(s.grade_abs_sum, s.grade_time);
  c[static_cast<std::size_t>(LayerId::Climb)] = grade_code(s.grade_sum, s.grade_time);
  c[static_cast<std::size_t>(LayerId::Recency)] =
      s.latest_day >= 1 ? code_of(static_cast<double>(s.latest_day)) : 0;
  c[static_cast<std::size_t>(LayerId::Freshness12)] = time_code(s.time_12mo);
  c[static_cast<std::size_t>(LayerId::Freshness36)] = time_code(s.time_36mo);
}

double decode_value(LayerId id, std::uint16_t code) {
  if (code == 0) return kNaNd;
  const double c = code;
  switch (storage_of(id)) {
    case Storage::Time: return std::exp2((c - 1) / kTimeStepsPerOctave + kTimeLog2Min);
    case Storage::Count: return c;
    case Storage::Speed: return (c - 1) / 1000;
    case Storage::HeartRate: return (c - 1) / 100;
    case Storage::Grade: return (c - 32768) / 10000;
    case Storage::Day: return c;
  }
  return kNaNd;
}

double scale_to_t(LayerId id, const LayerScale& scale, double v) {
  if (!std::isfinite(v)) return kNaNd;
  constexpr double kMinT = 1e-6;  // data is never fully transparent
  const double span = scale.hi - scale.lo;
  double t = 1;
  switch (layer_spec(id).scale) {
    case ScaleKind::Linear: t = span > 0 ? (v - scale.lo) / span : 1; break;
    case ScaleKind::Log:
      t = span > 0 ? std::log1p(std::max(0.0, v - scale.lo)) / std::log1p(span) : 1;
      break;
    case ScaleKind::Diverging:
      // Symmetric around zero grade: hi is the magnitude that reaches either end.
      return std::clamp(0.5 + 0.5 * v / std::max(scale.hi, 1e-9), 0.0, 1.0);
    case ScaleKind::Age: {
      // Square root of age: recent months spread over most of the ramp, old and fairly old
      // still apart (log would crush everything past a year together).
      const double age = std::max(0.0, scale.hi - v);
      t = span > 0 ? 1 - std::sqrt(std::min(1.0, age / span)) : 1;
      break;
    }
  }
  return std::clamp(t, kMinT, 1.0);
}

std::string_view scale_name(ScaleKind kind) {
  switch (kind) {
    case ScaleKind::Linear: return "linear";
    case ScaleKind::Log: return "log";
    case ScaleKind::Diverging: return "diverging";
    case ScaleKind::Age: return "date";
  }
  return "linear";
}

double to_user_units(LayerId id, double v) {
  switch (storage_of(id)) {
    case Storage::Time: return v / 60.0;  // minutes
    case Storage::Speed: return v * 3.6;  // km/h
    case Storage::Grade: return v * 100;  // %
    case Storage::Count:
    case Storage::HeartRate:
    case Storage::Day: return v;
  }
  return v;
}

}  // namespace th
