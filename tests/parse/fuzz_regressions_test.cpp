// Inputs the fuzzers (fuzz/) once crashed on, kept in tests/parse/regressions/<target>/: each is
// now read, or refused with a ParseError, like any other file. Under the ASan + UBSan suite the
// same inputs also catch the memory errors and undefined behaviour that made them crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "parse/derive.hpp"
#include "parse/fit_decoder.hpp"
#include "parse/gpx_reader.hpp"
#include "parse/parse.hpp"
#include "parse/tcx_reader.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

// What each fuzz target runs, by the name of its folder.
const std::map<std::string, std::function<void(ByteView)>>& targets() {
  static const std::map<std::string, std::function<void(ByteView)>> map = {
      {"fit",
       [](ByteView b) {
         Activity a = decode_fit(b);
         derive_summary(a);
       }},
      {"gpx",
       [](ByteView b) {
         Activity a = read_gpx(b);
         derive_summary(a);
       }},
      {"tcx",
       [](ByteView b) {
         Activity a = read_tcx(b);
         derive_summary(a);
       }},
      {"gzip", [](ByteView b) { gunzip(b, std::size_t{1} << 20); }},
  };
  return map;
}

TEST(FuzzRegressions, EveryCrashingInputIsNowReadOrRefused) {
  const fs::path root = TRACKHEAT_PARSE_REGRESSIONS;
  int inputs = 0;
  for (const auto& [target, run] : targets()) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root / target, ec)) {
      const Bytes bytes = read_file(e.path());
      ++inputs;
      try {
        run(bytes);
      } catch (const ParseError&) {
        // A refusal with a message is a fine outcome for hostile bytes.
      }
      // Also through the front door import uses, whatever the format.
      try {
        parse_activity(bytes);
      } catch (const ParseError&) {
      }
    }
  }
  EXPECT_GT(inputs, 0) << "no inputs under " << root;
}

// The first finding: a definition giving the timestamp field a 64-bit base type made the decoder
// convert 3.4e17 to uint32 (undefined behaviour). Such a value is no FIT time: the records keep
// their other fields and have no time.
TEST(FuzzRegressions, FitTimestampOfAnotherBaseTypeIsNoTime) {
  const Bytes bytes =
      read_file(fs::path(TRACKHEAT_PARSE_REGRESSIONS) / "fit" / "timestamp-as-uint64.fit");
  const Activity a = decode_fit(bytes);
  for (const Sample& s : a.samples) {
    if (has(s.time)) {
      EXPECT_LE(s.time, 4294967295.0 + 631065600.0);
    }
  }
}

}  // namespace
}  // namespace th
