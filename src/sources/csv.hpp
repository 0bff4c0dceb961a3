#pragma once
// RFC 4180 CSV reader. Hand-written: Strava's activities.csv has quoted newlines inside
// descriptions, doubled quotes, repeated column names, a possible UTF-8 BOM and CRLF line ends,
// and no Debian C++ library handles all of that with lookup by name *and* occurrence.
//
// Dialect accepted (a superset of RFC 4180, never a different reading of a valid file):
//   - fields separated by ',', records ended by CRLF, LF or a lone CR; the last record may or
//     may not end with a line break;
//   - a field starting with '"' is quoted: it may hold ',', '""' (one quote) and line breaks,
//     kept verbatim (a CRLF inside quotes stays CRLF);
//   - a UTF-8 byte order mark at the very start is skipped;
//   - empty lines (nothing at all between two line breaks) are skipped wherever they are, so
//     blank trailing lines never produce records;
//   - lenient on malformed-but-readable input, like most readers: a '"' inside an unquoted field
//     is kept as a character, and text after a closing quote up to the next ',' is appended
//     (`"ab"c` reads as `abc`).
// Cells are bytes: no charset conversion, UTF-8 passes through untouched.

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

// Streaming form of parse_csv: one record at a time, reusing the caller's strings (no
// allocation per field once the row has grown), and telling the line each record starts on
// (for messages). `text` must outlive the reader.
//
// Recovery from a quote that is never closed (or closed only by a quote of a later row, which
// merges rows): the reader says where the first quoted field of the last record that spans
// lines opened (quote_spanning_lines()); a caller that finds the record damaged reports it and
// reads on from the line after that quote (resume_after_quote()).
class CsvReader {
 public:
  // A record with more fields than this is refused (ParseError): a hostile line of commas
  // would otherwise cost 32 bytes of std::string per input byte.
  static constexpr std::size_t kDefaultMaxFields = std::size_t{1} << 16;

  enum class Unterminated {
    Throw,  // next() throws ParseError
    Keep,   // the field runs to the end of the text; quote_spanning_lines() says so
  };

  explicit CsvReader(std::string_view text, std::size_t max_fields = kDefaultMaxFields,
                     Unterminated unterminated = Unterminated::Throw);

  // Reads the next record into `row` (resized to its field count). Returns false at the end of
  // the text, leaving `row` untouched. Throws ParseError on a record with more than
  // `max_fields` fields, and on an unterminated quoted field unless constructed with Keep.
  bool next(CsvRow& row);

  // 1-based line on which the record last returned by next() started (0 before the first).
  std::size_t line() const { return record_line_; }

  // The first quoted field of the last record that holds a line break or never closes.
  struct SpanningQuote {
    std::size_t line = 0;       // where its opening quote is
    bool unterminated = false;  // it runs to the end of the text
    std::size_t resume = 0;     // offset of the line after `line` (the text's size if none)
  };
  const std::optional<SpanningQuote>& quote_spanning_lines() const { return spanning_; }
  // The text of the last record after the line of its spanning quote (empty without one).
  std::string_view text_after_quote_line() const;
  // Continues reading at the line after the last record's spanning quote, as if the record had
  // ended there. No effect without one.
  void resume_after_quote();

 private:
  // Appends one field to `field`; returns true when it ended its record.
  bool read_field(std::string& field);
  void count_line_breaks(std::size_t begin, std::size_t end);
  void note_spanning_quote(std::size_t open, std::size_t line, bool unterminated);

  std::string_view text_;
  std::size_t max_fields_;
  Unterminated unterminated_;
  std::optional<SpanningQuote> spanning_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;         // physical line at pos_
  std::size_t record_line_ = 0;  // line where the last record started
};

// Column lookup by name and occurrence: Strava repeats "Distance", "Elapsed Time", … — the first
// in display units, a later one in SI. Names compare exactly after trimming blanks.
class CsvHeader {
 public:
  explicit CsvHeader(CsvRow names);
  // Index of the `occurrence`-th (0-based) column called `name`, if present.
  std::optional<std::size_t> find(std::string_view name, std::size_t occurrence = 0) const;
  // Same, but throws ParseError "missing column '<name>'" when absent.
  std::size_t require(std::string_view name, std::size_t occurrence = 0) const;
  // How many columns are called `name`.
  std::size_t count(std::string_view name) const;
  const CsvRow& names() const { return names_; }
  std::size_t size() const { return names_.size(); }

 private:
  CsvRow names_;
};

}  // namespace th
