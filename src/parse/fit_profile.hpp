#pragma once
// The small part of the FIT protocol and profile that trackheat reads and writes: file header
// layout, record header bits, base types with their invalid values, and the message and field
// numbers (with scales) of the messages a heatmap needs. Shared by the decoder (parse/) and the
// writer (demo/fit_writer.cpp) so both speak the same numbers.
//
// Sources: the FIT protocol description (header, record headers, base types, CRC) and the FIT
// SDK profile (message/field numbers, scales, enums), checked against several open decoders.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace th::fit {

// FIT date_time counts seconds since 1989-12-31T00:00:00Z, i.e. Unix time 631065600.
inline constexpr double kEpochUnix = 631065600.0;
// date_time values below this are seconds since the device's power-on, not since the epoch.
inline constexpr double kMinAbsoluteTime = 268435456.0;  // 0x10000000
// Semicircles to degrees: 2^31 semicircles = 180 degrees.
inline constexpr double kDegreesPerSemicircle = 180.0 / 2147483648.0;

// --- File header ---------------------------------------------------------------------------
// byte 0 header size (12 or 14), 1 protocol version, 2-3 profile version (LE), 4-7 data size
// (LE, bytes of records after the header, CRC excluded), 8-11 ".FIT", 12-13 header CRC (LE,
// 14-byte headers only; 0 means "not computed"). The data is followed by a 2-byte file CRC over
// header + data.
inline constexpr std::size_t kMinHeaderSize = 12;
inline constexpr std::size_t kHeaderSizeWithCrc = 14;
inline constexpr std::size_t kCrcSize = 2;
inline constexpr std::uint8_t kProtocolVersion20 = 0x20;  // major 2, minor 0

// --- Record header (first byte of every message) -------------------------------------------
inline constexpr std::uint8_t kHeaderCompressedTime = 0x80;  // compressed-timestamp data message
inline constexpr std::uint8_t kHeaderDefinition = 0x40;      // normal header: definition message
inline constexpr std::uint8_t kHeaderDeveloperData = 0x20;   // definition carries developer fields
inline constexpr std::uint8_t kHeaderLocalTypeMask = 0x0F;   // normal header: local message type
// Compressed-timestamp header: bits 5-6 local message type (0..3), bits 0-4 time offset.
inline constexpr std::uint8_t kCompressedLocalShift = 5;
inline constexpr std::uint8_t kCompressedLocalMask = 0x03;
inline constexpr std::uint8_t kCompressedOffsetMask = 0x1F;
inline constexpr int kLocalTypes = 16;

// Definition message body: reserved, architecture (0 little, 1 big endian), global message number
// (2 bytes in that byte order), field count, then 3 bytes per field (number, size, base type);
// with the developer flag: developer field count, then 3 bytes per field (number, size, index).
inline constexpr std::size_t kDefinitionFixedSize = 5;
inline constexpr std::size_t kFieldDefinitionSize = 3;

// --- Base types ----------------------------------------------------------------------------
// The base type byte: bit 7 "endian ability", bits 0-4 the type number below.
inline constexpr std::uint8_t kBaseTypeNumberMask = 0x1F;
enum BaseType : std::uint8_t {
  kEnum = 0x00,     // 1 byte, invalid 0xFF
  kSint8 = 0x01,    // invalid 0x7F
  kUint8 = 0x02,    // invalid 0xFF
  kSint16 = 0x03,   // invalid 0x7FFF
  kUint16 = 0x04,   // invalid 0xFFFF
  kSint32 = 0x05,   // invalid 0x7FFFFFFF
  kUint32 = 0x06,   // invalid 0xFFFFFFFF
  kString = 0x07,   // NUL-terminated UTF-8, invalid 0x00
  kFloat32 = 0x08,  // invalid all bits set
  kFloat64 = 0x09,  // invalid all bits set
  kUint8z = 0x0A,   // invalid 0x00
  kUint16z = 0x0B,  // invalid 0x0000
  kUint32z = 0x0C,  // invalid 0x00000000
  kByte = 0x0D,     // opaque bytes, invalid when every byte is 0xFF
  kSint64 = 0x0E,   // invalid 0x7FFFFFFFFFFFFFFF
  kUint64 = 0x0F,   // invalid 0xFFFFFFFFFFFFFFFF
  kUint64z = 0x10,  // invalid 0
  kBaseTypeCount = 0x11,
};
// Size in bytes of one value of the base type; 0 for numbers outside the table.
constexpr std::size_t base_type_size(std::uint8_t type_number) {
  switch (type_number) {
    case kEnum:
    case kSint8:
    case kUint8:
    case kString:
    case kUint8z:
    case kByte: return 1;
    case kSint16:
    case kUint16:
    case kUint16z: return 2;
    case kSint32:
    case kUint32:
    case kFloat32:
    case kUint32z: return 4;
    case kFloat64:
    case kSint64:
    case kUint64:
    case kUint64z: return 8;
    default: return 0;
  }
}

// The byte written in field definitions: the type number plus the endian-ability bit for
// multi-byte types.
constexpr std::uint8_t base_type_byte(BaseType t) {
  return static_cast<std::uint8_t>(base_type_size(t) > 1 ? (t | 0x80) : t);
}

inline constexpr std::uint8_t kInvalidU8 = 0xFF;
inline constexpr std::uint16_t kInvalidU16 = 0xFFFF;
inline constexpr std::uint32_t kInvalidU32 = 0xFFFFFFFF;
inline constexpr std::int32_t kInvalidS32 = 0x7FFFFFFF;

// --- Messages and fields -------------------------------------------------------------------
inline constexpr std::uint8_t kFieldTimestamp = 253;     // date_time, any message
inline constexpr std::uint8_t kFieldMessageIndex = 254;  // uint16

namespace mesg {
inline constexpr std::uint16_t kFileId = 0;
inline constexpr std::uint16_t kSport = 12;
inline constexpr std::uint16_t kSession = 18;
inline constexpr std::uint16_t kLap = 19;
inline constexpr std::uint16_t kRecord = 20;
inline constexpr std::uint16_t kEvent = 21;
inline constexpr std::uint16_t kActivity = 34;
}  // namespace mesg

// message 0
namespace file_id {
inline constexpr std::uint8_t kType = 0;          // enum 'file'
inline constexpr std::uint8_t kManufacturer = 1;  // uint16
inline constexpr std::uint8_t kProduct = 2;       // uint16
inline constexpr std::uint8_t kSerialNumber = 3;  // uint32z
inline constexpr std::uint8_t kTimeCreated = 4;   // date_time
}  // namespace file_id

// enum 'file'
namespace file_type {
inline constexpr std::uint8_t kSettings = 2;
inline constexpr std::uint8_t kActivity = 4;
inline constexpr std::uint8_t kCourse = 6;
}  // namespace file_type

inline constexpr std::uint16_t kManufacturerDevelopment = 255;

// message 20
namespace record {
inline constexpr std::uint8_t kPositionLat = 0;              // sint32 semicircles
inline constexpr std::uint8_t kPositionLong = 1;             // sint32 semicircles
inline constexpr std::uint8_t kAltitude = 2;                 // uint16, scale 5, offset 500 (m)
inline constexpr std::uint8_t kHeartRate = 3;                // uint8 bpm
inline constexpr std::uint8_t kDistance = 5;                 // uint32, scale 100 (m)
inline constexpr std::uint8_t kSpeed = 6;                    // uint16, scale 1000 (m/s)
inline constexpr std::uint8_t kCompressedSpeedDistance = 8;  // byte[3], see below
inline constexpr std::uint8_t kEnhancedSpeed = 73;           // uint32, scale 1000 (m/s)
inline constexpr std::uint8_t kEnhancedAltitude = 78;        // uint32, scale 5, offset 500 (m)
}  // namespace record
inline constexpr double kAltitudeScale = 5.0;
inline constexpr double kAltitudeOffset = 500.0;
inline constexpr double kDistanceScale = 100.0;
inline constexpr double kSpeedScale = 1000.0;
inline constexpr double kTimeScale = 1000.0;  // total_*_time fields, ms resolution
// compressed_speed_distance: 24 bits, little-endian bit order: bits 0-11 speed (scale 100 m/s),
// bits 12-23 distance (scale 16 m) accumulated: a rolling 12-bit counter of 1/16 m.
inline constexpr double kCompressedSpeedScale = 100.0;
inline constexpr double kCompressedDistanceScale = 16.0;

// message 18
namespace session {
inline constexpr std::uint8_t kEvent = 0;
inline constexpr std::uint8_t kEventType = 1;
inline constexpr std::uint8_t kStartTime = 2;         // date_time
inline constexpr std::uint8_t kSport = 5;             // enum 'sport'
inline constexpr std::uint8_t kSubSport = 6;          // enum 'sub_sport'
inline constexpr std::uint8_t kTotalElapsedTime = 7;  // uint32, scale 1000 (s)
inline constexpr std::uint8_t kTotalTimerTime = 8;    // uint32, scale 1000 (s)
inline constexpr std::uint8_t kTotalDistance = 9;     // uint32, scale 100 (m)
inline constexpr std::uint8_t kTotalAscent = 22;      // uint16 (m)
inline constexpr std::uint8_t kFirstLapIndex = 25;    // uint16
inline constexpr std::uint8_t kNumLaps = 26;          // uint16
}  // namespace session

// message 19
namespace lap {
inline constexpr std::uint8_t kEvent = 0;
inline constexpr std::uint8_t kEventType = 1;
inline constexpr std::uint8_t kStartTime = 2;
inline constexpr std::uint8_t kTotalElapsedTime = 7;
inline constexpr std::uint8_t kTotalTimerTime = 8;
inline constexpr std::uint8_t kTotalDistance = 9;
inline constexpr std::uint8_t kTotalAscent = 21;  // uint16 (m)
inline constexpr std::uint8_t kSport = 25;
inline constexpr std::uint8_t kSubSport = 39;
}  // namespace lap

// message 12
namespace sport_mesg {
inline constexpr std::uint8_t kSport = 0;
inline constexpr std::uint8_t kSubSport = 1;
}  // namespace sport_mesg

// message 34
namespace activity {
inline constexpr std::uint8_t kTotalTimerTime = 0;  // uint32, scale 1000
inline constexpr std::uint8_t kNumSessions = 1;     // uint16
inline constexpr std::uint8_t kType = 2;            // enum 'activity': 0 manual
inline constexpr std::uint8_t kEvent = 3;
inline constexpr std::uint8_t kEventType = 4;
inline constexpr std::uint8_t kLocalTimestamp = 5;  // local_date_time: UTC + offset
}  // namespace activity

// message 21
namespace event {
inline constexpr std::uint8_t kEvent = 0;      // enum 'event'
inline constexpr std::uint8_t kEventType = 1;  // enum 'event_type'
}  // namespace event

// enum 'event'
namespace event_code {
inline constexpr std::uint8_t kTimer = 0;
inline constexpr std::uint8_t kSession = 8;
inline constexpr std::uint8_t kLap = 9;
inline constexpr std::uint8_t kActivity = 26;
}  // namespace event_code

// enum 'event_type'
namespace event_type {
inline constexpr std::uint8_t kStart = 0;
inline constexpr std::uint8_t kStop = 1;
inline constexpr std::uint8_t kStopAll = 4;
}  // namespace event_type

inline constexpr std::uint8_t kSportTransition = 3;  // multisport transition (triathlon)

// The profile's names for enum 'sport' and 'sub_sport' ("running", "trail"); empty when the
// code is not in the table.
std::string_view sport_name(std::uint8_t sport);
std::string_view sub_sport_name(std::uint8_t sub_sport);
// Readable sport words for Activity::sport_raw: "cycling", "cycling/mountain", "sport 77".
std::string sport_words(std::uint8_t sport, std::uint8_t sub_sport);

}  // namespace th::fit
