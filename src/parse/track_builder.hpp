#pragma once
// Collects the samples of an XML track (GPX, TCX) with its segment breaks, counts the values it
// had to drop, and turns those counts into one summary warning each (internal to the parse stage).
//
// Invariant: samples_[i].segment_start is true exactly on the first sample added after a
// start_segment() call that followed at least one sample, so empty segments leave no trace and
// the very first sample never starts a segment.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/activity.hpp"
#include "parse/xml_input.hpp"

namespace th::xml {

// Plausible ranges: a value outside is a device or export fault, dropped and counted.
inline bool valid_latitude(double v) {
  return v >= -90.0 && v <= 90.0;
}
inline bool valid_longitude(double v) {
  return v >= -180.0 && v <= 180.0;
}
inline bool valid_altitude(double v) {
  return v >= -1000.0 && v <= 15000.0;
}
inline bool valid_heart_rate(double v) {
  return v > 0.0 && v <= 300.0;
}
inline bool valid_speed(double v) {
  return v >= 0.0 && v <= 1000.0;
}
inline bool valid_distance(double v) {
  return v >= 0.0 && v <= 1e8;
}

struct DroppedValues {
  std::size_t position = 0;  // points (GPX) or positions (TCX) without a valid lat/lon
  std::size_t time = 0;
  std::size_t altitude = 0;
  std::size_t heart_rate = 0;
  std::size_t speed = 0;
  std::size_t distance = 0;
};

class TrackBuilder {
 public:
  explicit TrackBuilder(std::vector<Sample>& samples) : samples_(samples) {}

  // The next sample added starts a new segment (when one was added before).
  void start_segment() { pending_break_ = !samples_.empty(); }

  void add(Sample s) {
    s.segment_start = pending_break_;
    pending_break_ = false;
    samples_.push_back(s);
  }

  DroppedValues& dropped() { return dropped_; }

  // One warning per kind of dropped value. `position_outcome` finishes the position sentence:
  // "skipped" (GPX drops the point) or "kept without a position" (TCX keeps the sample).
  void add_warnings(std::vector<std::string>& warnings, std::string_view point_word,
                    std::string_view position_outcome) const {
    const auto say = [&](std::size_t n, std::string_view what) {
      if (n == 0) return;
      warnings.push_back(std::to_string(n) + " " + std::string(point_word) + (n == 1 ? "" : "s") +
                         " " + std::string(what));
    };
    say(dropped_.position, "without a valid position " + std::string(position_outcome));
    say(dropped_.time, "with an unreadable time (time ignored)");
    say(dropped_.altitude, "with an unreadable or implausible elevation (ignored)");
    say(dropped_.heart_rate, "with an unreadable or implausible heart rate (ignored)");
    say(dropped_.speed, "with an unreadable or implausible speed (ignored)");
    say(dropped_.distance, "with an unreadable or implausible distance (ignored)");
  }

  // A document damaged at `damage` (truncated, a flipped byte): the last sample may have been
  // cut short, so it is dropped and the damage becomes a warning. Returns false when nothing
  // usable remains (the caller throws).
  bool accept_damage(const std::string& damage, std::vector<std::string>& warnings) {
    if (damage.empty()) return true;
    if (!samples_.empty()) samples_.pop_back();
    if (samples_.empty()) return false;
    warnings.push_back(damage + "; kept the " + std::to_string(samples_.size()) +
                       " samples before it");
    return true;
  }

 private:
  std::vector<Sample>& samples_;
  DroppedValues dropped_;
  bool pending_break_ = false;
};

// Reads a number into `out` when it parses and `valid` accepts it; counts it in `dropped`
// otherwise. `out` is left missing (NaN) in that case. Empty text (<ele/>, as RideWithGPS
// writes) is a value not recorded, not a fault.
template <typename T, typename Valid>
inline void set_checked(const char* text, T& out, std::size_t& dropped, Valid valid) {
  if (*text == '\0') return;
  const std::optional<double> v = parse_number(text);
  if (v && valid(*v)) {
    out = static_cast<T>(*v);
  } else {
    ++dropped;
  }
}

// Heart rate, where 0 is how several devices write "no reading": missing, not a fault.
inline void set_heart_rate(const char* text, float& out, std::size_t& dropped) {
  if (*text == '\0') return;
  const std::optional<double> v = parse_number(text);
  if (v && *v == 0) return;
  if (v && valid_heart_rate(*v)) {
    out = static_cast<float>(*v);
  } else {
    ++dropped;
  }
}

}  // namespace th::xml
