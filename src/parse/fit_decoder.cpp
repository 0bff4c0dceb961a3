#include "parse/fit_decoder.hpp"

#include <string>

#include "core/errors.hpp"
#include "parse/fit_file_decoder.hpp"
#include "parse/fit_messages.hpp"
#include "parse/fit_profile.hpp"

namespace th {
namespace {

// Chained files back to back: more than this is not a real file.
constexpr int kMaxChainedFiles = 4096;

// A FIT file header starts at `pos`: a plausible size byte and ".FIT" at offset 8.
bool fit_header_at(ByteView bytes, std::size_t pos) {
  if (pos > bytes.size() || bytes.size() - pos < fit::kMinHeaderSize) return false;
  const std::uint8_t* p = bytes.data() + pos;
  return p[0] >= fit::kMinHeaderSize && p[8] == '.' && p[9] == 'F' && p[10] == 'I' && p[11] == 'T';
}

}  // namespace

Activity decode_fit(ByteView bytes) {
  if (!fit_header_at(bytes, 0)) {
    throw ParseError("not a FIT file: no FIT header ('.FIT' at byte 8)");
  }
  Activity activity;
  activity.format = FileFormat::Fit;
  fit::Collector collector(activity);
  fit::FileDecoder decoder(bytes, collector);
  std::size_t pos = 0;
  for (int index = 0;; ++index) {
    bool damaged = false;
    pos = decoder.decode(pos, index, damaged);
    if (pos >= bytes.size()) break;
    if (fit_header_at(bytes, pos)) {
      if (index + 1 < kMaxChainedFiles) continue;
      collector.warn("more than " + std::to_string(kMaxChainedFiles) +
                     " chained FIT files: the rest ignored");
      break;
    }
    // After damage inside a file its declared end proves nothing about what follows.
    if (!damaged) {
      collector.warn(std::to_string(bytes.size() - pos) + " trailing byte(s) at byte " +
                     std::to_string(pos) + " are not a FIT file header: ignored");
    }
    break;
  }
  collector.finish();
  return activity;
}

}  // namespace th
