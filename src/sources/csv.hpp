#pragma once
// RFC 4180 CSV reader. Hand-written: Strava's activities.csv has quoted newlines inside
// descriptions, doubled quotes, repeated column names, a possible UTF-8 BOM and CRLF line ends,
// and no Debian C++ library handles all of that with lookup by name *and* occurrence.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace th {

using CsvRow = std::vector<std::string>;

// Parses a whole document. The first row is returned like any other. Throws ParseError on an
// unterminated quoted field (naming the line where it started).
std::vector<CsvRow> parse_csv(std::string_view text);

// Column lookup by name and occurrence: Strava repeats "Distance", "Elapsed Time", … — the first
// in display units, a later one in SI. Names compare exactly after trimming blanks.
class CsvHeader {
 public:
  explicit CsvHeader(CsvRow names);
  // Index of the `occurrence`-th (0-based) column called `name`, if present.
  std::optional<std::size_t> find(std::string_view name, std::size_t occurrence = 0) const;
  // Same, but throws ParseError "missing column '<name>'" when absent.
  std::size_t require(std::string_view name, std::size_t occurrence = 0) const;
  const CsvRow& names() const { return names_; }

 private:
  CsvRow names_;
};

}  // namespace th
