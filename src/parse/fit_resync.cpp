// Resynchronisation after corrupt bytes inside a FIT file's data (see fit_file_decoder.hpp).
//
// Decoding resumes at the first offset from which kResyncRun data messages decode with the
// current definitions, with headers this file can have, and with at least kResyncStamped record
// timestamps that step forward from the last good record as a device's clock does: never back,
// seconds apart, at most one longer pause (under a day). Misaligned bytes of a regular record
// stream fail the small-step test (a shift by one byte turns 1 s steps into 256 s steps), and
// random bytes fail it with a probability far below 1e-12 per offset.

#include "parse/fit_file_decoder.hpp"
#include "parse/fit_profile.hpp"

namespace th::fit {
namespace {

constexpr int kResyncRun = 8;
constexpr int kResyncStamped = 3;
constexpr double kResyncSmallStep = 60.0;
constexpr double kResyncMaxPause = 86400.0;
constexpr std::size_t kResyncMaxScan = 64 * 1024;  // bytes searched after each damage
constexpr int kMaxResyncs = 32;                    // attempts per file

}  // namespace

bool FileDecoder::try_resync(std::size_t message_start, std::size_t end, std::size_t& pos) {
  if (resyncs_ >= kMaxResyncs || !have_record_clock_) return false;
  ++resyncs_;
  // The damage often lies in the message before the one that looks wrong (a byte dropped in a
  // record makes it swallow the next header): search from inside that message, against the
  // record clock from before it, and take that message back.
  const bool from_previous = have_previous_ && previous_start_ < message_start;
  const std::size_t from = from_previous ? previous_start_ + 1 : message_start + 1;
  const std::uint32_t clock = from_previous && had_record_clock_before_previous_
                                  ? record_clock_before_previous_
                                  : record_clock_;
  const std::size_t limit = end - from > kResyncMaxScan ? from + kResyncMaxScan : end;
  for (std::size_t q = from; q < limit; ++q) {
    if (!plausible_run(q, end, clock)) continue;
    // The message just before the damage is not trusted either: a byte lost after its
    // timestamp leaves a record with a good time and shifted values, and nothing in its own
    // bytes tells. One good record may go with it; no garbage stays.
    if (from_previous) {
      if (previous_added_sample_) out_.drop_last_sample();
      record_clock_ = clock;
      last_timestamp_ = clock;
    }
    have_previous_ = false;
    pos = q;
    return true;
  }
  return false;
}

bool FileDecoder::plausible_run(std::size_t pos, std::size_t end,
                                std::uint32_t record_clock) const {
  double clock = record_clock;
  bool paused = false;
  int stamped = 0;
  for (int data = 0; data < kResyncRun; ++data) {
    if (pos >= end) return false;
    const std::uint8_t header = bytes_[pos];
    int local = 0;
    if ((header & kHeaderCompressedTime) != 0) {
      if (!seen_compressed_) return false;
      local = (header >> kCompressedLocalShift) & kCompressedLocalMask;
    } else if ((header & kHeaderDefinition) != 0) {
      return (header & 0x10) == 0 && stamped >= kResyncStamped && definition_looks_valid(pos, end);
    } else {
      if ((header & 0xF0) != 0) return false;  // reserved bits of a data message header
      local = header & kHeaderLocalTypeMask;
    }
    const LocalDefinition& def = locals_[static_cast<std::size_t>(local)];
    if (!def.defined || end - pos - 1 < def.size) return false;
    if (def.global == mesg::kRecord) {
      for (std::size_t i = 0; i < def.read_count; ++i) {
        const FieldRead& r = def.reads[i];
        if (r.slot != kSlotTimestamp) continue;
        const double t = read_value(bytes_.data() + pos + 1 + r.offset, r.kind);
        if (!has(t)) break;
        if (t < clock) return false;
        if (t - clock > kResyncSmallStep) {
          if (paused || t - clock > kResyncMaxPause) return false;
          paused = true;
        }
        clock = t;
        ++stamped;
      }
    }
    pos += 1 + def.size;
  }
  return stamped >= kResyncStamped;
}

bool FileDecoder::definition_looks_valid(std::size_t pos, std::size_t end) const {
  const std::uint8_t header = bytes_[pos];
  if (end - pos < 1 + kDefinitionFixedSize) return false;
  const std::uint8_t* p = bytes_.data() + pos + 1;
  if (p[0] != 0 || p[1] > 1) return false;  // reserved byte, architecture
  const std::size_t count = p[4];
  std::size_t cursor = pos + 1 + kDefinitionFixedSize;
  if (end - cursor < count * kFieldDefinitionSize) return false;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* f = bytes_.data() + cursor + i * kFieldDefinitionSize;
    // Only the base type is checked: sizes that do not match it occur in real files (COROS).
    if (base_type_size(f[2] & kBaseTypeNumberMask) == 0) return false;
  }
  cursor += count * kFieldDefinitionSize;
  if ((header & kHeaderDeveloperData) != 0) {
    if (end - cursor < 1) return false;
    const std::size_t dev_count = bytes_[cursor++];
    if (end - cursor < dev_count * kFieldDefinitionSize) return false;
  }
  return true;
}

}  // namespace th::fit
