// Hostile input: truncated and bit-flipped CSVs and zips must give clean th:: errors or
// results, never a crash or an out-of-bounds read (run under ASan via the asan label).

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "export_fixture.hpp"
#include "sources/csv.hpp"
#include "sources/strava_export.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

// Reads `text` as activities.csv; a ParseError is an acceptable answer, anything else is not.
void read_or_refuse(const std::string& text) {
  try {
    std::vector<std::string> warnings;
    for (const auto& row : read_strava_csv(text, &warnings)) {
      ASSERT_FALSE(row.activity_id.empty());
      if (!std::isnan(row.start_utc)) {
        ASSERT_GT(row.start_utc, -3e9);
        ASSERT_LT(row.start_utc, 8e9);
      }
    }
  } catch (const ParseError&) {
  }
}

void mangle_csv(const std::string& original) {
  for (std::size_t cut = 0; cut <= original.size(); ++cut) read_or_refuse(original.substr(0, cut));
  for (std::size_t at = 0; at < original.size(); ++at) {
    for (const unsigned mask : {0x01u, 0x20u, 0x80u}) {
      std::string text = original;
      text[at] = static_cast<char>(static_cast<unsigned char>(text[at]) ^ mask);
      read_or_refuse(text);
    }
    // The characters that steer the parser, dropped in anywhere.
    for (const char c : {'"', ',', '\n', '\r'}) {
      std::string text = original;
      text[at] = c;
      read_or_refuse(text);
    }
  }
}

TEST(Robustness, RealCsvTruncatedAndBitFlipped) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  const Bytes bytes = read_file(dir / "geoactivity_activities.csv");
  mangle_csv(test::as_string(bytes));
}

TEST(Robustness, SyntheticCsvTruncatedAndBitFlipped) {
  mangle_csv(test::synthetic_csv());
}

TEST(Robustness, RandomBytesAsCsvAndDates) {
  std::mt19937 rng(20240611);
  const std::string alphabet = "\",\r\n ab:.,/-0123456789PAMOct\xEF\xBB\xBF\xE2\x80\xAF";
  for (int round = 0; round < 3000; ++round) {
    std::string text(rng() % 80, ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    try {
      const auto rows = parse_csv(text);
      for (const auto& row : rows) ASSERT_FALSE(row.empty());
    } catch (const ParseError&) {
    }
    if (const auto t = parse_strava_date(text)) {
      ASSERT_TRUE(std::isfinite(*t)) << text;
    }
  }
}

// Opens `zip` and reads every file the CSV names; th::Error is an acceptable answer.
void open_and_read_all(const fs::path& zip) {
  try {
    const auto e = StravaExport::open(zip);
    for (const auto& row : e.rows()) {
      if (row.filename.empty()) continue;
      try {
        e.read(row.filename);
      } catch (const IoError&) {
      }
    }
  } catch (const Error&) {
  }
}

TEST(Robustness, ZipTruncatedAndBitFlipped) {
  test::ScratchDir scratch;
  const fs::path good = scratch.path() / "good.zip";
  test::write_zip(good, test::synthetic_export(), "export/");
  const std::string original = test::as_string(read_file(good));
  ASSERT_GT(original.size(), 1000u);
  const fs::path bad = scratch.path() / "bad.zip";
  const auto write = [&](const std::string& bytes) {
    std::ofstream(bad, std::ios::binary | std::ios::trunc) << bytes;
  };
  for (std::size_t cut = 0; cut < original.size(); cut += 5) {
    write(original.substr(0, cut));
    open_and_read_all(bad);
  }
  for (std::size_t at = 0; at < original.size(); ++at) {
    std::string bytes = original;
    bytes[at] = static_cast<char>(bytes[at] ^ (at % 2 == 0 ? 0x01 : 0x80));
    write(bytes);
    open_and_read_all(bad);
  }
}

}  // namespace
}  // namespace th
