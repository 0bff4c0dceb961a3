#pragma once
// Decoder internals: what the decoded messages mean for an Activity. The byte-level loop
// (fit_decoder.cpp) hands each data message of interest, as slots (see fit_fields.hpp), to a
// Collector, which builds the samples and keeps sessions, laps and the activity message until
// finish() turns them into the Activity's metadata.
//
// Decisions (the FIT profile leaves them open):
//   - Records with the same timestamp as the previous record are merged into one sample: devices
//     split one instant across messages (position in one, heart rate in the next); the later
//     message only fills fields the sample is missing. Two records of one instant with two
//     different positions stay two samples (no position is ever dropped).
//   - Records without a timestamp keep time NaN and are never merged; a record with neither a
//     time nor any value trackheat reads is dropped. So do records whose
//     date_time is below 0x10000000: the profile defines those as seconds since the device's
//     power-on (a clock never set; course planners use them as relative times), not UTC.
//   - Heart rate 0 is "no reading" (sensor placeholder), not a measurement.
//   - A position needs both coordinates inside -90..90 / -180..180; otherwise both are dropped.
//   - enhanced_altitude/enhanced_speed win over altitude/speed when valid; speed falls back to
//     compressed_speed_distance, distance to its accumulated 12-bit counter.
//   - Timer start/stop events are ignored: a pause is not a track break (see th::Sample).
//   - Totals: the sessions' totals summed; laps' totals summed only when there is no session.
//     Sport: the longest non-transition session's (first on ties); else a lap's or the sport
//     message's.

#include <cstdint>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "parse/fit_fields.hpp"

namespace th::fit {

// More samples than this (115 days at 1 Hz) means hostile or broken input: the rest is dropped
// with a warning rather than exhausting memory (a 1-byte data message can make a sample).
inline constexpr std::size_t kMaxSamples = 10'000'000;
inline constexpr std::size_t kMaxSummaries = 10'000;  // sessions or laps kept
inline constexpr std::size_t kMaxWarnings = 20;

class Collector {
 public:
  explicit Collector(Activity& activity) : activity_(activity) {}

  // Each takes the slots of one data message; slot 0 holds the FIT timestamp (seconds since the
  // FIT epoch) or NaN.
  // Returns true when the record became a new sample (false: merged into the previous one, or
  // dropped at the sample cap).
  bool on_record(const Slots& v);
  // Takes back the last sample: the record it came from turned out to straddle corrupt bytes.
  void drop_last_sample() {
    if (!activity_.samples.empty()) activity_.samples.pop_back();
  }
  void on_session(const Slots& v) { add_summary(sessions_, v); }
  void on_lap(const Slots& v) { add_summary(laps_, v); }
  void on_activity(const Slots& v);
  void on_file_id(const Slots& v);
  void on_sport(const Slots& v);

  // Hints the number of records to come, so the sample vector grows once.
  void reserve_samples(std::size_t n);
  // Adds a warning once (identical texts are kept once, at most kMaxWarnings in all).
  void warn(std::string text);

  // Fills sport, sport_raw, start_time, utc_offset_s, totals and flags from what was seen.
  void finish();

 private:
  struct Summary {
    double start = kNaN;  // FIT seconds
    double timestamp = kNaN;
    double sport = kNaN, sub_sport = kNaN;
    double elapsed = kNaN, timer = kNaN, distance = kNaN, ascent = kNaN;  // raw units
  };
  void add_summary(std::vector<Summary>& list, const Slots& v);
  void finish_sport();
  void finish_totals();
  void finish_start_time();

  Activity& activity_;
  std::vector<Summary> sessions_;
  std::vector<Summary> laps_;
  double file_type_ = kNaN;
  double sport_mesg_sport_ = kNaN, sport_mesg_sub_ = kNaN;
  double activity_timestamp_ = kNaN, activity_local_ = kNaN;
  // compressed_speed_distance accumulation
  bool have_csd_ = false;
  std::uint32_t csd_last_ = 0;
  std::uint64_t csd_total_ = 0;  // 1/16 m
  std::size_t bad_positions_ = 0;
  std::size_t dropped_samples_ = 0;
  std::size_t relative_times_ = 0;
  bool summaries_capped_ = false;
};

}  // namespace th::fit
