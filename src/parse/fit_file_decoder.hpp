#pragma once
// Decoder internals: the byte-level loop over the messages of one FIT file (one header + data +
// CRC block; a chained file is several of them back to back, see decode_fit()).
//
// Per local message type the last definition is compiled once into a LocalDefinition (size and
// the FieldReads of the fields trackheat wants); data messages then cost one header byte test,
// a few fixed-offset reads and a call into the Collector.
//
// Damage handling. Truncation stops the loop with a warning, keeping every complete message
// before it. Corrupt bytes inside the data (seen in the wild: a Strava Android build drops bytes
// from its records) show up as a data message of an undefined local type, or as a record whose
// timestamp cannot follow the previous record's. Then the loop resynchronises: it resumes at
// the first offset from which a run of data messages decodes with record timestamps that step
// forward as a device's do (see fit_resync.cpp), and takes back the sample of a message that
// straddled the damage. No offset within reach passes: the file's data ends there.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/bytes.hpp"
#include "parse/fit_fields.hpp"
#include "parse/fit_messages.hpp"

namespace th::fit {

// One local message type as its last definition declared it, compiled for the data messages.
struct LocalDefinition {
  bool defined = false;
  std::uint16_t global = 0;
  std::uint32_t size = 0;  // bytes after the record header: fields + developer fields
  std::uint8_t read_count = 0;
  std::array<FieldRead, kMaxSlots> reads{};
};

class FileDecoder {
 public:
  FileDecoder(ByteView bytes, Collector& out) : bytes_(bytes), out_(out) {}

  // Decodes the file whose header starts at `start` (a header with ".FIT" is there; `index`
  // counts chained files, for messages). Returns the offset just after its declared end (data +
  // CRC), which may lie beyond the bytes; sets `damaged` when decoding stopped early.
  std::size_t decode(std::size_t start, int index, bool& damaged);

 private:
  enum class Outcome { kHandled, kAddedSample, kImplausibleTime };

  // Checks the header CRC and the file CRC (warnings only) and finds where the data ends:
  // `declared_end` as the header says, `end` as far as the bytes go. False: header truncated.
  bool check_header_and_crc(std::size_t start, std::size_t& end, std::size_t& declared_end);
  // Reads the definition message whose header byte is at pos - 1; false when truncated.
  bool read_definition(std::size_t& pos, std::size_t end);
  // Hands one data message to the collector, unless it is a record whose timestamp cannot
  // follow the previous record's (kImplausibleTime: misaligned bytes, nothing handed over).
  Outcome dispatch(const LocalDefinition& def, const std::uint8_t* body, bool compressed,
                   std::uint8_t time_offset);

  // fit_resync.cpp: finds where to resume after corrupt bytes met at `message_start`; on
  // success sets `pos` and takes back what the previous message added if it was corrupt too.
  bool try_resync(std::size_t message_start, std::size_t end, std::size_t& pos);
  bool plausible_run(std::size_t pos, std::size_t end, std::uint32_t record_clock) const;
  bool definition_looks_valid(std::size_t pos, std::size_t end) const;

  void warn(const std::string& text) { out_.warn(label_ + ": " + text); }

  ByteView bytes_;
  Collector& out_;
  std::string label_;
  std::array<LocalDefinition, kLocalTypes> locals_{};
  bool reserved_ = false;  // sample vector reserved once, at the first record definition

  // Reference of compressed-timestamp headers: the last timestamp of any message.
  std::uint32_t last_timestamp_ = 0;
  bool have_timestamp_ = false;
  // The last absolute timestamp of a record: what the next record's timestamp must follow.
  std::uint32_t record_clock_ = 0;
  bool have_record_clock_ = false;
  bool seen_compressed_ = false;  // this file uses compressed-timestamp headers

  int resyncs_ = 0;
  // The last data message handled, in case corrupt bytes inside it show only at the next one.
  std::size_t previous_start_ = 0;
  std::uint32_t record_clock_before_previous_ = 0;
  bool had_record_clock_before_previous_ = false;
  bool have_previous_ = false;
  bool previous_added_sample_ = false;
};

}  // namespace th::fit
