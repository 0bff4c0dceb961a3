#include "sources/csv.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace th {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(std::string_view text, std::size_t max_fields, Unterminated unterminated)
    : text_(text), max_fields_(max_fields), unterminated_(unterminated) {
  if (text_.starts_with(kUtf8Bom)) pos_ = kUtf8Bom.size();
}

void CsvReader::count_line_breaks(std::size_t begin, std::size_t end) {
  // A line break is LF, CRLF (counted once, at its LF) or a lone CR.
  for (std::size_t i = begin; i < end; ++i) {
    const char c = text_[i];
    if (c == '\n') {
      ++line_;
    } else if (c == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n')) {
      ++line_;
    }
  }
}

bool CsvReader::read_field(std::string& field) {
  const std::size_t n = text_.size();
  const char* const data = text_.data();
  if (pos_ < n && data[pos_] == '"') {
    const std::size_t start_line = line_;
    const std::size_t open = pos_;
    ++pos_;
    for (;;) {
      // memchr: quoted descriptions can be long, and this is the hot loop for them.
      const void* hit = std::memchr(data + pos_, '"', n - pos_);
      if (hit == nullptr) {
        if (unterminated_ == Unterminated::Throw) {
          throw ParseError("CSV line " + std::to_string(start_line) +
                           ": unterminated quoted field (the quote opened on this line is never "
                           "closed)");
        }
        note_spanning_quote(open, start_line, true);
        count_line_breaks(pos_, n);
        field.append(data + pos_, n - pos_);
        pos_ = n;
        return true;
      }
      const auto quote = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
      const std::size_t line_before = line_;
      count_line_breaks(pos_, quote);
      if (line_ != line_before) note_spanning_quote(open, start_line, false);
      field.append(data + pos_, quote - pos_);
      pos_ = quote + 1;
      if (pos_ < n && data[pos_] == '"') {  // "" is one quote character
        field.push_back('"');
        ++pos_;
        continue;
      }
      break;
    }
  }
  // Unquoted field, or (lenient) whatever follows a closing quote up to the delimiter.
  const std::size_t start = pos_;
  while (pos_ < n) {
    const char c = data[pos_];
    if (c == ',' || c == '\n' || c == '\r') break;
    ++pos_;
  }
  field.append(data + start, pos_ - start);
  if (pos_ >= n) return true;
  if (data[pos_] == ',') {
    ++pos_;
    return false;
  }
  // Line break: CRLF, LF or lone CR.
  if (data[pos_] == '\r' && pos_ + 1 < n && data[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
  return true;
}

bool CsvReader::next(CsvRow& row) {
  const std::size_t n = text_.size();
  // Empty lines carry no record (this also drops blank trailing lines).
  while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }
  if (pos_ >= n) return false;
  record_line_ = line_;
  spanning_.reset();
  std::size_t count = 0;
  for (;;) {
    if (count == max_fields_) {
      throw ParseError("CSV line " + std::to_string(record_line_) + ": more than " +
                       std::to_string(max_fields_) + " fields in one record");
    }
    if (count == row.size()) row.emplace_back();
    std::string& field = row[count];
    field.clear();
    ++count;
    if (read_field(field)) break;
  }
  row.resize(count);
  return true;
}

void CsvReader::note_spanning_quote(std::size_t open, std::size_t line, bool unterminated) {
  if (spanning_) {
    spanning_->unterminated = spanning_->unterminated || unterminated;
    return;
  }
  SpanningQuote q;
  q.line = line;
  q.unterminated = unterminated;
  // The line after the quote's: past its first line break (CRLF counted once).
  std::size_t i = open;
  while (i < text_.size() && text_[i] != '\n' && text_[i] != '\r') ++i;
  if (i < text_.size() && text_[i] == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') ++i;
  q.resume = std::min(i + 1, text_.size());
  spanning_ = q;
}

std::string_view CsvReader::text_after_quote_line() const {
  if (!spanning_ || spanning_->resume >= pos_) return {};
  return text_.substr(spanning_->resume, pos_ - spanning_->resume);
}

void CsvReader::resume_after_quote() {
  if (!spanning_) return;
  pos_ = spanning_->resume;
  line_ = spanning_->line + 1;
  spanning_.reset();
}

std::vector<CsvRow> parse_csv(std::string_view text) {
  std::vector<CsvRow> rows;
  CsvReader reader(text);
  CsvRow row;
  while (reader.next(row)) {
    rows.push_back(std::move(row));
    // Records of a file usually have the same width: reserve it for the next one.
    row.clear();
    row.reserve(rows.back().size());
  }
  return rows;
}

CsvHeader::CsvHeader(CsvRow names) : names_(std::move(names)) {}

std::optional<std::size_t> CsvHeader::find(std::string_view name, std::size_t occurrence) const {
  const std::string_view wanted = trim(name, kBlanksAndNewlines);
  std::size_t seen = 0;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (trim(names_[i], kBlanksAndNewlines) == wanted) {
      if (seen == occurrence) return i;
      ++seen;
    }
  }
  return std::nullopt;
}

std::size_t CsvHeader::require(std::string_view name, std::size_t occurrence) const {
  if (const auto index = find(name, occurrence)) return *index;
  std::string message = "missing column '" + std::string(trim(name, kBlanksAndNewlines)) + "'";
  if (occurrence > 0) message += " (occurrence " + std::to_string(occurrence + 1) + ")";
  throw ParseError(message);
}

std::size_t CsvHeader::count(std::string_view name) const {
  const std::string_view wanted = trim(name, kBlanksAndNewlines);
  std::size_t seen = 0;
  for (const auto& n : names_) seen += trim(n, kBlanksAndNewlines) == wanted ? 1 : 0;
  return seen;
}

}  // namespace th
