// The RFC 4180 reader and the Strava activities.csv reader (with its date and number parsing)
// on arbitrary text. Only ParseError may escape.
#include "core/errors.hpp"
#include "fuzz/fuzz_util.hpp"
#include "sources/csv.hpp"
#include "sources/strava_export.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = th::fuzz::text_of(data, size);
  try {
    th::CsvReader reader(text, 64);
    th::CsvRow row;
    while (reader.next(row)) {
    }
  } catch (const th::ParseError&) {
  }
  try {
    std::vector<std::string> warnings;
    th::read_strava_csv(text, &warnings);
  } catch (const th::ParseError&) {
  }
  th::parse_strava_date(text.substr(0, 64));
  return 0;
}
