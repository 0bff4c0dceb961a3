#include "parse/fit_file_decoder.hpp"

#include <algorithm>

#include "parse/fit_crc.hpp"
#include "parse/fit_profile.hpp"

namespace th::fit {
namespace {

// Once a record carried an absolute time, a later record more than a day before it or a month
// after it is not a device's: it is what misaligned bytes look like (a random 32-bit value
// lands in that window with a probability below 1e-3).
constexpr double kMaxRecordStepBack = 86400.0;
constexpr double kMaxRecordStepForward = 31 * 86400.0;

std::uint16_t le16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
std::uint32_t le32(const std::uint8_t* p) {
  return p[0] | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
         (std::uint32_t{p[3]} << 24);
}

std::string hex16(unsigned v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x0000";
  for (std::size_t i = 0; i < 4; ++i) s[5 - i] = kDigits[(v >> (4 * i)) & 0xF];
  return s;
}

std::string at_byte(std::size_t pos) {
  return "at byte " + std::to_string(pos);
}

}  // namespace

bool FileDecoder::check_header_and_crc(std::size_t start, std::size_t& end,
                                       std::size_t& declared_end) {
  const std::uint8_t* h = bytes_.data() + start;
  const std::size_t header_size = h[0];
  const std::uint32_t data_size = le32(h + 4);
  if (header_size >= kHeaderSizeWithCrc && bytes_.size() - start >= kHeaderSizeWithCrc) {
    const std::uint16_t stored = le16(h + 12);
    const std::uint16_t computed = crc16(bytes_.subspan(start, kMinHeaderSize));
    if (stored != 0 && stored != computed) {
      warn("header CRC mismatch (stored " + hex16(stored) + ", computed " + hex16(computed) +
           "); data kept");
    }
  }
  const std::size_t data_begin = start + header_size;
  declared_end = data_begin + data_size;
  end = declared_end;
  if (data_begin > bytes_.size()) {
    warn("truncated inside the file header");
    return false;
  }
  if (data_size == 0 && bytes_.size() - data_begin > kCrcSize) {
    // A writer that never finalised the header: read to the end, minus a CRC if one is there.
    end = bytes_.size();
    if (crc16(bytes_.subspan(start, end - start)) == 0) end -= kCrcSize;
    declared_end = end;
    warn("header data size is 0 (file not finalised); read to the end");
  } else if (declared_end > bytes_.size()) {
    end = bytes_.size();
    warn("header data size " + std::to_string(data_size) + " exceeds the " +
         std::to_string(bytes_.size() - data_begin) + " bytes present (truncated file)");
  } else if (bytes_.size() - declared_end < kCrcSize) {
    warn("file CRC missing (truncated file)");
  } else {
    const std::uint16_t stored = le16(bytes_.data() + declared_end);
    const std::uint16_t computed = crc16(bytes_.subspan(start, declared_end - start));
    if (stored != computed) {
      warn("file CRC mismatch (stored " + hex16(stored) + ", computed " + hex16(computed) +
           "); data kept");
    }
  }
  return true;
}

std::size_t FileDecoder::decode(std::size_t start, int index, bool& damaged) {
  damaged = false;
  label_ = index == 0 ? "FIT file" : "chained FIT file " + std::to_string(index + 1);
  locals_ = {};
  have_timestamp_ = have_record_clock_ = seen_compressed_ = have_previous_ = false;
  resyncs_ = 0;

  std::size_t end = 0, declared_end = 0;
  if (!check_header_and_crc(start, end, declared_end)) {
    damaged = true;
    return declared_end + kCrcSize;
  }
  std::size_t pos = start + bytes_[start];
  while (pos < end) {
    const std::size_t message_start = pos;
    const std::uint8_t header = bytes_[pos++];
    const bool compressed = (header & kHeaderCompressedTime) != 0;
    if (!compressed && (header & kHeaderDefinition) != 0) {
      if (!read_definition(pos, end)) {
        warn("truncated inside a definition message " + at_byte(message_start) +
             "; kept what came before");
        damaged = true;
        break;
      }
      continue;
    }
    const int local = compressed ? (header >> kCompressedLocalShift) & kCompressedLocalMask
                                 : header & kHeaderLocalTypeMask;
    const LocalDefinition& def = locals_[static_cast<std::size_t>(local)];
    if (!def.defined) {
      if (try_resync(message_start, end, pos)) {
        warn("corrupt data " + at_byte(message_start) + " (data message of undefined local type " +
             std::to_string(local) + "): resumed at byte " + std::to_string(pos));
        continue;
      }
      warn("data message of undefined local type " + std::to_string(local) + " " +
           at_byte(message_start) + " (corrupt data); kept what came before");
      damaged = true;
      break;
    }
    if (end - pos < def.size) {
      warn("truncated inside a data message " + at_byte(message_start) + "; kept what came before");
      damaged = true;
      break;
    }
    seen_compressed_ |= compressed;
    const std::uint32_t clock_before = record_clock_;
    const bool had_clock_before = have_record_clock_;
    const Outcome outcome = dispatch(def, bytes_.data() + pos, compressed,
                                     static_cast<std::uint8_t>(header & kCompressedOffsetMask));
    if (outcome == Outcome::kImplausibleTime) {
      if (try_resync(message_start, end, pos)) {
        warn("corrupt data " + at_byte(message_start) +
             " (implausible record timestamp): resumed at byte " + std::to_string(pos));
        continue;
      }
      warn("record with an implausible timestamp " + at_byte(message_start) + " skipped");
    } else {
      previous_start_ = message_start;
      record_clock_before_previous_ = clock_before;
      had_record_clock_before_previous_ = had_clock_before;
      previous_added_sample_ = outcome == Outcome::kAddedSample;
      have_previous_ = true;
    }
    pos += def.size;
  }
  return declared_end + kCrcSize;
}

bool FileDecoder::read_definition(std::size_t& pos, std::size_t end) {
  const std::uint8_t header = bytes_[pos - 1];
  if (end - pos < kDefinitionFixedSize) return false;
  const std::uint8_t* p = bytes_.data() + pos;
  const bool big_endian = p[1] == 1;
  const auto global =
      static_cast<std::uint16_t>(big_endian ? (p[2] << 8) | p[3] : p[2] | (p[3] << 8));
  const std::size_t field_count = p[4];
  std::size_t cursor = pos + kDefinitionFixedSize;
  if (end - cursor < field_count * kFieldDefinitionSize) return false;

  LocalDefinition def;
  def.defined = true;
  def.global = global;
  std::uint32_t offset = 0;  // at most 255 fields of 255 bytes: fits FieldRead's 16 bits
  for (std::size_t i = 0; i < field_count; ++i) {
    const std::uint8_t* f = bytes_.data() + cursor + i * kFieldDefinitionSize;
    const std::uint8_t field_size = f[1];
    if (const auto want = wanted_field(global, f[0])) {
      bool seen = false;  // a field number declared twice: the first one counts
      for (std::size_t k = 0; k < def.read_count; ++k) seen |= def.reads[k].slot == want->slot;
      const auto kind = seen ? std::nullopt : read_kind(*want, f[2], field_size, big_endian);
      if (kind && def.read_count < kMaxSlots) {
        def.reads[def.read_count++] = {static_cast<std::uint16_t>(offset), *kind, want->slot};
      }
    }
    offset += field_size;
  }
  cursor += field_count * kFieldDefinitionSize;
  if ((header & kHeaderDeveloperData) != 0) {
    // Developer fields follow the normal ones in each data message: skipped by their sizes.
    if (end - cursor < 1) return false;
    const std::size_t dev_count = bytes_[cursor++];
    if (end - cursor < dev_count * kFieldDefinitionSize) return false;
    for (std::size_t i = 0; i < dev_count; ++i) {
      offset += bytes_[cursor + i * kFieldDefinitionSize + 1];
    }
    cursor += dev_count * kFieldDefinitionSize;
  }
  def.size = offset;
  locals_[header & kHeaderLocalTypeMask] = def;
  pos = cursor;
  if (global == mesg::kRecord && !reserved_) {
    // Records to come if every remaining byte were a record of this shape, within reason: a
    // record of a real file is never under 8 bytes, and past 1 M the vector may grow itself.
    const std::size_t record_bytes = std::max<std::size_t>(def.size + 1, 8);
    out_.reserve_samples(std::min<std::size_t>((end - cursor) / record_bytes, 1'000'000));
    reserved_ = true;
  }
  return true;
}

FileDecoder::Outcome FileDecoder::dispatch(const LocalDefinition& def, const std::uint8_t* body,
                                           bool compressed, std::uint8_t time_offset) {
  Slots v;
  v.fill(kNaN);
  for (std::size_t i = 0; i < def.read_count; ++i) {
    const FieldRead& r = def.reads[i];
    v[r.slot] = read_value(body + r.offset, r.kind);
  }
  double& ts = v[kSlotTimestamp];
  // A definition may give the timestamp any base type: a value no uint32 holds is no FIT time.
  if (!(ts >= 0 && ts <= 4294967295.0)) ts = kNaN;
  const bool is_record = def.global == mesg::kRecord;
  if (has(ts)) {
    if (is_record && have_record_clock_ &&
        (ts < kMinAbsoluteTime || ts + kMaxRecordStepBack < record_clock_ ||
         ts > record_clock_ + kMaxRecordStepForward)) {
      return Outcome::kImplausibleTime;
    }
    last_timestamp_ = static_cast<std::uint32_t>(ts);
    have_timestamp_ = true;
  } else if (compressed && have_timestamp_) {
    // The 5-bit offset rolls over every 32 s: it counts forward from the last full timestamp.
    std::uint32_t t = (last_timestamp_ & ~std::uint32_t{kCompressedOffsetMask}) + time_offset;
    if (time_offset < (last_timestamp_ & kCompressedOffsetMask)) t += kCompressedOffsetMask + 1u;
    last_timestamp_ = t;
    ts = t;
  }
  if (is_record && has(ts) && ts >= kMinAbsoluteTime) {
    record_clock_ = static_cast<std::uint32_t>(ts);
    have_record_clock_ = true;
  }
  switch (def.global) {
    case mesg::kRecord: return out_.on_record(v) ? Outcome::kAddedSample : Outcome::kHandled;
    case mesg::kSession: out_.on_session(v); break;
    case mesg::kLap: out_.on_lap(v); break;
    case mesg::kActivity: out_.on_activity(v); break;
    case mesg::kFileId: out_.on_file_id(v); break;
    case mesg::kSport: out_.on_sport(v); break;
    default: break;
  }
  return Outcome::kHandled;
}

}  // namespace th::fit
