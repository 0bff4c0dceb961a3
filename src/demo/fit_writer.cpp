// write_fit: a FIT activity file as a Garmin device lays it out (file_id, timer start event,
// one record per sample, timer stop event, lap, session, activity), with the numbers of
// parse/fit_profile.hpp. Little-endian definitions, normal record headers, no developer fields.
//
// Decisions:
//   - Altitude and speed go to enhanced_altitude/enhanced_speed (uint32: no 65 m/s or 12 km
//     ceiling); every reader we test (trackheat, gpsbabel) reads them.
//   - A segment break (Sample::segment_start) becomes a timer stop_all event at the previous
//     sample's time and a timer start event at its own, as devices record a pause. The decoder
//     ignores timer events (a pause is not a track break), so segment_start does not round-trip.
//   - Missing values (NaN) are written as the base type's invalid sentinel; times that FIT cannot
//     hold (NaN, before 1989-12-31) likewise. Fractional seconds are rounded.

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "demo/writers.hpp"
#include "parse/fit_crc.hpp"
#include "parse/fit_profile.hpp"

namespace th {
namespace {

using namespace th::fit;

struct FieldDef {
  std::uint8_t number;
  BaseType type;
};

// Appends FIT messages to a byte buffer; finish() prepends nothing (the header is reserved up
// front) and appends the file CRC.
class FitEncoder {
 public:
  FitEncoder() { out_.resize(kHeaderSizeWithCrc); }

  void define(std::uint8_t local, std::uint16_t global, std::initializer_list<FieldDef> fields) {
    out_.push_back(static_cast<std::uint8_t>(kHeaderDefinition | local));
    out_.push_back(0);  // reserved
    out_.push_back(0);  // little endian
    u16(global);
    out_.push_back(static_cast<std::uint8_t>(fields.size()));
    for (const FieldDef& f : fields) {
      out_.push_back(f.number);
      out_.push_back(static_cast<std::uint8_t>(base_type_size(f.type)));
      out_.push_back(base_type_byte(f.type));
    }
  }
  void begin(std::uint8_t local) { out_.push_back(local); }
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v));
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
  }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void s32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }

  Bytes finish() {
    const std::size_t data_size = out_.size() - kHeaderSizeWithCrc;
    if (data_size > 0xFFFFFFFFu) throw Error("write_fit: activity too large for one FIT file");
    std::uint8_t* h = out_.data();
    h[0] = static_cast<std::uint8_t>(kHeaderSizeWithCrc);
    h[1] = kProtocolVersion20;
    const std::uint16_t profile_version = 2140;  // 21.40
    h[2] = static_cast<std::uint8_t>(profile_version);
    h[3] = static_cast<std::uint8_t>(profile_version >> 8);
    for (int i = 0; i < 4; ++i) h[4 + i] = static_cast<std::uint8_t>(data_size >> (8 * i));
    h[8] = '.';
    h[9] = 'F';
    h[10] = 'I';
    h[11] = 'T';
    const std::uint16_t header_crc = crc16(ByteView(out_.data(), kMinHeaderSize));
    h[12] = static_cast<std::uint8_t>(header_crc);
    h[13] = static_cast<std::uint8_t>(header_crc >> 8);
    const std::uint16_t file_crc = crc16(out_);
    u16(file_crc);
    return std::move(out_);
  }

 private:
  Bytes out_;
};

// FIT date_time for a Unix time; the invalid value when FIT cannot represent it.
std::uint32_t fit_time(double unix_seconds) {
  if (!has(unix_seconds)) return kInvalidU32;
  const double t = std::round(unix_seconds - kEpochUnix);
  if (t < 0 || t >= 4294967295.0) return kInvalidU32;
  return static_cast<std::uint32_t>(t);
}

// round(value * scale + offset) as uint32, the invalid value when missing or out of range.
std::uint32_t scaled_u32(double value, double scale, double offset = 0) {
  if (!has(value)) return kInvalidU32;
  const double raw = std::round((value + offset) * scale);
  if (!(raw >= 0 && raw < 4294967295.0)) return kInvalidU32;
  return static_cast<std::uint32_t>(raw);
}

std::uint16_t scaled_u16(double value, double scale) {
  if (!has(value)) return kInvalidU16;
  const double raw = std::round(value * scale);
  if (!(raw >= 0 && raw < 65535.0)) return kInvalidU16;
  return static_cast<std::uint16_t>(raw);
}

std::int32_t semicircles(double degrees) {
  double raw = std::round(degrees / kDegreesPerSemicircle);
  if (raw >= 2147483648.0) raw -= 4294967296.0;  // +180 degrees is -180
  // One semicircle short of +180 would be the invalid sentinel: move it by 8e-8 degrees.
  if (raw == 2147483647.0) raw = 2147483646.0;
  if (!(raw >= -2147483648.0 && raw < 2147483647.0)) return kInvalidS32;
  return static_cast<std::int32_t>(raw);
}

// FIT sport/sub_sport for a trackheat sport: the codes th::sport_from_fit() reads back where
// it has them, else the profile's closest code.
std::pair<std::uint8_t, std::uint8_t> fit_sport(Sport s) {
  switch (s) {
    case Sport::Unknown: return {0, 0};
    case Sport::Run: return {1, 0};
    case Sport::TrailRun: return {1, 3};
    case Sport::VirtualRun: return {1, 58};  // virtual_activity
    case Sport::Walk: return {11, 0};
    case Sport::Hike: return {17, 0};
    case Sport::Ride: return {2, 0};
    case Sport::MountainBikeRide: return {2, 8};
    case Sport::GravelRide: return {2, 46};
    case Sport::EBikeRide: return {21, 0};
    case Sport::VirtualRide: return {2, 58};
    case Sport::Swim: return {5, 0};
    case Sport::AlpineSki: return {13, 0};
    case Sport::BackcountrySki: return {13, 37};  // alpine_skiing/backcountry
    case Sport::NordicSki: return {12, 0};
    case Sport::Snowboard: return {14, 0};
    case Sport::Snowshoe: return {35, 0};
    case Sport::IceSkate: return {33, 0};
    case Sport::InlineSkate: return {30, 0};
    case Sport::Rowing: return {15, 0};
    case Sport::Kayaking: return {41, 0};
    case Sport::Canoeing: return {19, 0};  // paddling
    case Sport::StandUpPaddling: return {37, 0};
    case Sport::Surfing: return {38, 0};
    case Sport::Kitesurf: return {44, 0};
    case Sport::Windsurf: return {43, 0};
    case Sport::Sail: return {32, 0};
    case Sport::RockClimbing: return {31, 0};
    case Sport::Golf: return {25, 0};
    case Sport::Wheelchair: return {65, 0};  // wheelchair_push_walk
    case Sport::Handcycle: return {2, 12};   // cycling/hand_cycling
    case Sport::Workout: return {10, 0};
    case Sport::WeightTraining: return {10, 20};  // training/strength_training
    case Sport::Yoga: return {10, 43};
    case Sport::Elliptical: return {4, 15};
    case Sport::StairStepper: return {4, 16};
    case Sport::Other: return {0, 0};
  }
  return {0, 0};
}

// Local message types used below.
enum Local : std::uint8_t {
  kLocalFileId,
  kLocalEvent,
  kLocalRecord,
  kLocalLap,
  kLocalSession,
  kLocalActivity
};

struct Totals {
  std::uint32_t start = kInvalidU32, end = kInvalidU32;
  std::uint32_t elapsed_ms = kInvalidU32, timer_ms = kInvalidU32, distance_cm = kInvalidU32;
  std::uint16_t ascent_m = kInvalidU16;
};

// The file's own totals when it had them, else the derived summary, else the samples.
Totals totals_of(const Activity& a) {
  double first = kNaN, last = kNaN, last_distance = kNaN;
  for (const Sample& s : a.samples) {
    if (has(s.time)) {
      if (!has(first)) first = s.time;
      last = s.time;
    }
    if (has(s.distance)) last_distance = s.distance;
  }
  const bool derived = a.summary.samples > 0;
  auto pick = [&](double file, double summary, double fallback) {
    if (has(file)) return file;
    if (derived) return summary;
    return fallback;
  };
  Totals t;
  t.start = fit_time(has(a.start_time) ? a.start_time : first);
  t.end = fit_time(last);
  const double elapsed =
      pick(a.totals.elapsed_s, a.summary.elapsed_s, has(first) ? last - first : kNaN);
  const double moving = pick(a.totals.moving_s, a.summary.moving_s, elapsed);
  t.elapsed_ms = scaled_u32(elapsed, kTimeScale);
  t.timer_ms = scaled_u32(moving, kTimeScale);
  t.distance_cm =
      scaled_u32(pick(a.totals.distance_m, a.summary.distance_m, last_distance), kDistanceScale);
  t.ascent_m = scaled_u16(pick(a.totals.ascent_m, a.summary.ascent_m, kNaN), 1.0);
  return t;
}

void write_event(FitEncoder& e, std::uint32_t time, std::uint8_t type) {
  e.begin(kLocalEvent);
  e.u32(time);
  e.u8(event_code::kTimer);
  e.u8(type);
}

}  // namespace

Bytes write_fit(const Activity& activity) {
  const Totals totals = totals_of(activity);
  const auto [sport, sub_sport] = fit_sport(activity.sport);
  FitEncoder e;

  e.define(kLocalFileId, mesg::kFileId,
           {{file_id::kType, kEnum},
            {file_id::kManufacturer, kUint16},
            {file_id::kProduct, kUint16},
            {file_id::kSerialNumber, kUint32z},
            {file_id::kTimeCreated, kUint32}});
  e.begin(kLocalFileId);
  e.u8(file_type::kActivity);
  e.u16(kManufacturerDevelopment);
  e.u16(0);
  e.u32(0x7468u);  // any non-zero serial number: "th"
  e.u32(totals.start);

  e.define(kLocalEvent, mesg::kEvent,
           {{kFieldTimestamp, kUint32}, {event::kEvent, kEnum}, {event::kEventType, kEnum}});
  e.define(kLocalRecord, mesg::kRecord,
           {{kFieldTimestamp, kUint32},
            {record::kPositionLat, kSint32},
            {record::kPositionLong, kSint32},
            {record::kDistance, kUint32},
            {record::kEnhancedSpeed, kUint32},
            {record::kEnhancedAltitude, kUint32},
            {record::kHeartRate, kUint8}});

  write_event(e, totals.start, event_type::kStart);
  std::uint32_t previous_time = totals.start;
  for (std::size_t i = 0; i < activity.samples.size(); ++i) {
    const Sample& s = activity.samples[i];
    const std::uint32_t time = fit_time(s.time);
    if (s.segment_start && i > 0) {
      write_event(e, previous_time, event_type::kStopAll);
      write_event(e, time, event_type::kStart);
    }
    e.begin(kLocalRecord);
    e.u32(time);
    const bool position = s.has_position();
    e.s32(position ? semicircles(s.lat) : kInvalidS32);
    e.s32(position ? semicircles(s.lon) : kInvalidS32);
    e.u32(scaled_u32(s.distance, kDistanceScale));
    e.u32(has(s.speed) && s.speed >= 0 ? scaled_u32(s.speed, kSpeedScale) : kInvalidU32);
    e.u32(scaled_u32(s.altitude, kAltitudeScale, kAltitudeOffset));
    const double hr = has(s.heart_rate) ? std::round(s.heart_rate) : kNaN;
    e.u8(hr >= 1 && hr < 255 ? static_cast<std::uint8_t>(hr) : kInvalidU8);
    if (time != kInvalidU32) previous_time = time;
  }
  write_event(e, totals.end, event_type::kStopAll);

  e.define(kLocalLap, mesg::kLap,
           {{kFieldTimestamp, kUint32},
            {lap::kStartTime, kUint32},
            {lap::kTotalElapsedTime, kUint32},
            {lap::kTotalTimerTime, kUint32},
            {lap::kTotalDistance, kUint32},
            {lap::kTotalAscent, kUint16},
            {kFieldMessageIndex, kUint16},
            {lap::kEvent, kEnum},
            {lap::kEventType, kEnum},
            {lap::kSport, kEnum},
            {lap::kSubSport, kEnum}});
  e.begin(kLocalLap);
  e.u32(totals.end);
  e.u32(totals.start);
  e.u32(totals.elapsed_ms);
  e.u32(totals.timer_ms);
  e.u32(totals.distance_cm);
  e.u16(totals.ascent_m);
  e.u16(0);
  e.u8(event_code::kLap);
  e.u8(event_type::kStop);
  e.u8(sport);
  e.u8(sub_sport);

  e.define(kLocalSession, mesg::kSession,
           {{kFieldTimestamp, kUint32},
            {session::kStartTime, kUint32},
            {session::kTotalElapsedTime, kUint32},
            {session::kTotalTimerTime, kUint32},
            {session::kTotalDistance, kUint32},
            {session::kTotalAscent, kUint16},
            {session::kFirstLapIndex, kUint16},
            {session::kNumLaps, kUint16},
            {kFieldMessageIndex, kUint16},
            {session::kEvent, kEnum},
            {session::kEventType, kEnum},
            {session::kSport, kEnum},
            {session::kSubSport, kEnum}});
  e.begin(kLocalSession);
  e.u32(totals.end);
  e.u32(totals.start);
  e.u32(totals.elapsed_ms);
  e.u32(totals.timer_ms);
  e.u32(totals.distance_cm);
  e.u16(totals.ascent_m);
  e.u16(0);
  e.u16(1);
  e.u16(0);
  e.u8(event_code::kSession);
  e.u8(event_type::kStop);
  e.u8(sport);
  e.u8(sub_sport);

  e.define(kLocalActivity, mesg::kActivity,
           {{kFieldTimestamp, kUint32},
            {fit::activity::kTotalTimerTime, kUint32},
            {fit::activity::kNumSessions, kUint16},
            {fit::activity::kType, kEnum},
            {fit::activity::kEvent, kEnum},
            {fit::activity::kEventType, kEnum},
            {fit::activity::kLocalTimestamp, kUint32}});
  e.begin(kLocalActivity);
  e.u32(totals.end);
  e.u32(totals.timer_ms);
  e.u16(1);
  e.u8(0);  // manual
  e.u8(event_code::kActivity);
  e.u8(event_type::kStop);
  const bool local_known = activity.utc_offset_s.has_value() && totals.end != kInvalidU32;
  e.u32(local_known ? static_cast<std::uint32_t>(static_cast<std::int64_t>(totals.end) +
                                                 *activity.utc_offset_s)
                    : kInvalidU32);
  return e.finish();
}

}  // namespace th
