#include "parse/fit_messages.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/sport.hpp"

namespace th::fit {

std::optional<WantedField> wanted_field(std::uint16_t global, std::uint8_t field) {
  if (field == kFieldTimestamp) return WantedField{kSlotTimestamp, kUint32};
  switch (global) {
    case mesg::kRecord:
      switch (field) {
        case record::kPositionLat: return WantedField{slot::kLat, kSint32};
        case record::kPositionLong: return WantedField{slot::kLon, kSint32};
        case record::kAltitude: return WantedField{slot::kAltitude, kUint16};
        case record::kEnhancedAltitude: return WantedField{slot::kEnhancedAltitude, kUint32};
        case record::kHeartRate: return WantedField{slot::kHeartRate, kUint8};
        case record::kDistance: return WantedField{slot::kDistance, kUint32};
        case record::kSpeed: return WantedField{slot::kSpeed, kUint16};
        case record::kEnhancedSpeed: return WantedField{slot::kEnhancedSpeed, kUint32};
        case record::kCompressedSpeedDistance:
          return WantedField{slot::kCompressedSpeedDistance, kByte};
        default: return std::nullopt;
      }
    case mesg::kSession:
      switch (field) {
        case session::kStartTime: return WantedField{slot::kStartTime, kUint32};
        case session::kSport: return WantedField{slot::kSport, kEnum};
        case session::kSubSport: return WantedField{slot::kSubSport, kEnum};
        case session::kTotalElapsedTime: return WantedField{slot::kElapsed, kUint32};
        case session::kTotalTimerTime: return WantedField{slot::kTimer, kUint32};
        case session::kTotalDistance: return WantedField{slot::kTotalDistance, kUint32};
        case session::kTotalAscent: return WantedField{slot::kAscent, kUint16};
        default: return std::nullopt;
      }
    case mesg::kLap:
      switch (field) {
        case lap::kStartTime: return WantedField{slot::kStartTime, kUint32};
        case lap::kSport: return WantedField{slot::kSport, kEnum};
        case lap::kSubSport: return WantedField{slot::kSubSport, kEnum};
        case lap::kTotalElapsedTime: return WantedField{slot::kElapsed, kUint32};
        case lap::kTotalTimerTime: return WantedField{slot::kTimer, kUint32};
        case lap::kTotalDistance: return WantedField{slot::kTotalDistance, kUint32};
        case lap::kTotalAscent: return WantedField{slot::kAscent, kUint16};
        default: return std::nullopt;
      }
    case mesg::kActivity:
      if (field == activity::kLocalTimestamp) return WantedField{slot::kLocalTimestamp, kUint32};
      return std::nullopt;
    case mesg::kFileId:
      if (field == file_id::kType) return WantedField{slot::kFileType, kEnum};
      return std::nullopt;
    case mesg::kSport:
      if (field == sport_mesg::kSport) return WantedField{slot::kSport, kEnum};
      if (field == sport_mesg::kSubSport) return WantedField{slot::kSubSport, kEnum};
      return std::nullopt;
    default: return std::nullopt;
  }
}

namespace {

bool is_integer_type(std::uint8_t t) {
  return t != kString && t != kFloat32 && t != kFloat64 && base_type_size(t) != 0;
}

}  // namespace

std::optional<std::uint8_t> read_kind(const WantedField& want, std::uint8_t declared_base_type,
                                      std::uint8_t field_size, bool big_endian) {
  const auto declared = static_cast<std::uint8_t>(declared_base_type & kBaseTypeNumberMask);
  const std::size_t declared_size = base_type_size(declared);
  if (declared_size == 0 || declared == kString) return std::nullopt;
  if (field_size < declared_size || field_size % declared_size != 0) return std::nullopt;

  if (want.slot == slot::kCompressedSpeedDistance && want.expected == kByte) {
    // Three bytes packed as one 24-bit little-endian bit field, whatever the architecture.
    if (field_size == 3 && declared_size == 1) return kKindRaw24;
    return std::nullopt;
  }
  const std::size_t expected_size = base_type_size(want.expected);
  std::uint8_t type = 0;
  if (declared == want.expected) {
    type = declared;
  } else if (declared == kFloat32 || declared == kFloat64) {
    type = declared;
  } else if (is_integer_type(declared) && declared_size == expected_size) {
    type = want.expected;
  } else if (is_integer_type(declared) && declared != kByte && declared_size > expected_size) {
    type = declared;
  } else {
    return std::nullopt;
  }
  if (big_endian && base_type_size(type) > 1) type |= kKindBigEndian;
  return type;
}

namespace {

// Unix time of a FIT date_time, NaN when it is not one: values below 0x10000000 count seconds
// from the device's power-on (clock not set; course files use them as relative times).
double unix_time(double fit_time) {
  return has(fit_time) && fit_time >= kMinAbsoluteTime ? fit_time + kEpochUnix : kNaN;
}

}  // namespace

void Collector::reserve_samples(std::size_t n) {
  auto& samples = activity_.samples;
  n = std::min(n, kMaxSamples);
  if (n > samples.capacity()) samples.reserve(n);
}

void Collector::warn(std::string text) {
  auto& w = activity_.warnings;
  if (w.size() >= kMaxWarnings) return;
  if (std::find(w.begin(), w.end(), text) != w.end()) return;
  w.push_back(std::move(text));
}

bool Collector::on_record(const Slots& v) {
  Sample s;
  s.time = unix_time(v[kSlotTimestamp]);
  if (has(v[kSlotTimestamp]) && !has(s.time)) ++relative_times_;

  const double lat_raw = v[slot::kLat];
  const double lon_raw = v[slot::kLon];
  if (has(lat_raw) && has(lon_raw)) {
    const double lat = lat_raw * kDegreesPerSemicircle;
    const double lon = lon_raw * kDegreesPerSemicircle;
    if (lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0) {
      s.lat = lat;
      s.lon = lon;
    } else {
      ++bad_positions_;
    }
  }

  const double alt_raw =
      has(v[slot::kEnhancedAltitude]) ? v[slot::kEnhancedAltitude] : v[slot::kAltitude];
  if (has(alt_raw)) s.altitude = static_cast<float>(alt_raw / kAltitudeScale - kAltitudeOffset);

  const double hr = v[slot::kHeartRate];
  if (has(hr) && hr > 0) s.heart_rate = static_cast<float>(hr);

  if (has(v[slot::kDistance])) s.distance = v[slot::kDistance] / kDistanceScale;

  const double speed_raw = has(v[slot::kEnhancedSpeed]) ? v[slot::kEnhancedSpeed] : v[slot::kSpeed];
  if (has(speed_raw)) s.speed = static_cast<float>(speed_raw / kSpeedScale);

  const double csd = v[slot::kCompressedSpeedDistance];
  // A hostile definition may give the field another base type: only what a uint32 holds counts.
  if (csd >= 0 && csd <= 4294967295.0) {
    const auto bits = static_cast<std::uint32_t>(csd);
    const std::uint32_t speed12 = bits & 0xFFFu;
    const std::uint32_t dist12 = (bits >> 12) & 0xFFFu;
    // The distance is a rolling 12-bit counter of 1/16 m: add the forward difference.
    csd_total_ = have_csd_ ? csd_total_ + ((dist12 - csd_last_) & 0xFFFu) : dist12;
    csd_last_ = dist12;
    have_csd_ = true;
    if (!has(s.speed)) s.speed = static_cast<float>(speed12 / kCompressedSpeedScale);
    if (!has(s.distance)) s.distance = static_cast<double>(csd_total_) / kCompressedDistanceScale;
  }

  // A record with nothing trackheat reads (only power, say, and no timestamp) is no sample.
  if (!has(v[kSlotTimestamp]) && !s.has_position() && !has(s.altitude) && !has(s.heart_rate) &&
      !has(s.distance) && !has(s.speed)) {
    return false;
  }
  auto& samples = activity_.samples;
  if (!samples.empty() && has(s.time) && samples.back().time == s.time) {
    Sample& prev = samples.back();
    const bool both_positions = prev.has_position() && s.has_position();
    if (!both_positions || (prev.lat == s.lat && prev.lon == s.lon)) {
      if (!prev.has_position() && s.has_position()) {
        prev.lat = s.lat;
        prev.lon = s.lon;
      }
      if (!has(prev.altitude)) prev.altitude = s.altitude;
      if (!has(prev.heart_rate)) prev.heart_rate = s.heart_rate;
      if (!has(prev.distance)) prev.distance = s.distance;
      if (!has(prev.speed)) prev.speed = s.speed;
      return false;
    }
  }
  if (samples.size() >= kMaxSamples) {
    ++dropped_samples_;
    return false;
  }
  samples.push_back(s);
  return true;
}

void Collector::add_summary(std::vector<Summary>& list, const Slots& v) {
  if (list.size() >= kMaxSummaries) {
    summaries_capped_ = true;
    return;
  }
  Summary s;
  s.timestamp = v[kSlotTimestamp];
  s.start = v[slot::kStartTime];
  s.sport = v[slot::kSport];
  s.sub_sport = v[slot::kSubSport];
  s.elapsed = v[slot::kElapsed];
  s.timer = v[slot::kTimer];
  s.distance = v[slot::kTotalDistance];
  s.ascent = v[slot::kAscent];
  list.push_back(s);
}

void Collector::on_activity(const Slots& v) {
  if (has(v[kSlotTimestamp]) && has(v[slot::kLocalTimestamp])) {
    activity_timestamp_ = v[kSlotTimestamp];
    activity_local_ = v[slot::kLocalTimestamp];
  }
}

void Collector::on_file_id(const Slots& v) {
  // Chained files each start with a file_id: the first one says what the file is.
  if (!has(file_type_) && has(v[slot::kFileType])) file_type_ = v[slot::kFileType];
}

void Collector::on_sport(const Slots& v) {
  if (!has(sport_mesg_sport_) && has(v[slot::kSport])) {
    sport_mesg_sport_ = v[slot::kSport];
    sport_mesg_sub_ = v[slot::kSubSport];
  }
}

namespace {

std::uint8_t as_u8(double v) {
  return v >= 0 && v <= 255 ? static_cast<std::uint8_t>(v) : 0;  // NaN compares false
}

// Adds `v` to `sum` where NaN means "nothing yet".
void add_to(double& sum, double v) {
  if (!has(v)) return;
  sum = has(sum) ? sum + v : v;
}

}  // namespace

void Collector::finish_sport() {
  double sport = kNaN, sub = kNaN;
  if (!sessions_.empty()) {
    // The longest session that is not a transition; the first one on ties or without times.
    const Summary* best = nullptr;
    double best_len = -1;
    for (const Summary& s : sessions_) {
      if (!has(s.sport)) continue;
      if (s.sport == kSportTransition && best != nullptr) continue;
      const double len = has(s.elapsed) ? s.elapsed : (has(s.timer) ? s.timer : 0);
      const bool better = best == nullptr ||
                          (best->sport == kSportTransition && s.sport != kSportTransition) ||
                          len > best_len;
      if (better) {
        best = &s;
        best_len = len;
      }
    }
    if (best != nullptr) {
      sport = best->sport;
      sub = best->sub_sport;
    }
  }
  if (!has(sport)) {
    for (const Summary& l : laps_) {
      if (has(l.sport)) {
        sport = l.sport;
        sub = l.sub_sport;
        break;
      }
    }
  }
  if (!has(sport)) {
    sport = sport_mesg_sport_;
    sub = sport_mesg_sub_;
  }
  if (has(sport)) {
    activity_.sport = sport_from_fit(as_u8(sport), as_u8(sub));
    activity_.sport_raw = sport_words(as_u8(sport), has(sub) ? as_u8(sub) : 0);
  }
}

void Collector::finish_totals() {
  const std::vector<Summary>& source = sessions_.empty() ? laps_ : sessions_;
  double elapsed = kNaN, timer = kNaN, distance = kNaN, ascent = kNaN;
  for (const Summary& s : source) {
    add_to(elapsed, s.elapsed);
    add_to(timer, s.timer);
    add_to(distance, s.distance);
    add_to(ascent, s.ascent);
  }
  FileTotals& t = activity_.totals;
  if (has(elapsed)) t.elapsed_s = elapsed / kTimeScale;
  if (has(timer)) t.moving_s = timer / kTimeScale;
  if (has(distance)) t.distance_m = distance / kDistanceScale;
  if (has(ascent)) t.ascent_m = ascent;
}

void Collector::finish_start_time() {
  double start = kNaN;
  for (const auto* list : {&sessions_, &laps_}) {
    for (const Summary& s : *list) {
      if (has(unix_time(s.start)) && (!has(start) || s.start < start)) start = s.start;
    }
    if (has(start)) break;
  }
  if (has(unix_time(start))) {
    activity_.start_time = unix_time(start);
    return;
  }
  for (const Sample& s : activity_.samples) {
    if (has(s.time)) {
      activity_.start_time = s.time;
      return;
    }
  }
}

void Collector::finish() {
  if (has(file_type_) && file_type_ != file_type::kActivity) {
    activity_.flags |= kFlagNotActivity;
  }
  finish_sport();
  finish_totals();
  finish_start_time();
  if (has(unix_time(activity_timestamp_)) && has(unix_time(activity_local_))) {
    // local_timestamp - timestamp is the UTC offset, give or take the seconds between the two
    // clock reads: round to the 15-minute grid every real time zone sits on.
    const double offset = std::round((activity_local_ - activity_timestamp_) / 900.0) * 900.0;
    if (std::abs(offset) <= 14 * 3600.0) activity_.utc_offset_s = static_cast<std::int32_t>(offset);
  }
  if (bad_positions_ > 0) {
    warn(std::to_string(bad_positions_) +
         " record(s) with a position outside -90..90/-180..180:"
         " position dropped");
  }
  if (relative_times_ > 0) {
    warn(std::to_string(relative_times_) +
         " record(s) with a device-relative timestamp (clock "
         "not set): time left empty");
  }
  if (dropped_samples_ > 0) {
    warn("more than " + std::to_string(kMaxSamples) + " records: the last " +
         std::to_string(dropped_samples_) + " were dropped");
  }
  if (summaries_capped_) warn("too many session/lap messages: only the first ones were used");
}

}  // namespace th::fit
