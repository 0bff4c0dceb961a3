// read_strava_csv: activities.csv of a Strava bulk export → StravaRow.
//
// The header repeats names: the first "Elapsed Time" and "Distance" are display values (Distance
// in km), the later occurrences are SI (metres, seconds). We use the later one when the header
// has it and fall back to the first, converted, when it does not (older exports). Exports made
// in German translate the header; the German names seen in real exports are accepted as
// aliases, and messages always name the English column.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "sources/csv.hpp"
#include "sources/strava_export.hpp"

namespace th {

namespace {

constexpr std::string_view kFile = "activities.csv";

// One logical column: its English name and the translations seen in real exports.
struct Column {
  std::string_view english;
  std::string_view german;
};

constexpr Column kActivityId{"Activity ID", "Aktivitäts-ID"};
constexpr Column kActivityDate{"Activity Date", "Aktivitätsdatum"};
constexpr Column kActivityName{"Activity Name", "Name der Aktivität"};
constexpr Column kActivityType{"Activity Type", "Aktivitätsart"};
constexpr Column kDescription{"Activity Description", "Aktivitätsbeschreibung"};
constexpr Column kFilename{"Filename", "Dateiname"};
constexpr Column kElapsedTime{"Elapsed Time", "Verstrichene Zeit"};
constexpr Column kDistance{"Distance", "Distanz"};
constexpr Column kMovingTime{"Moving Time", "Bewegungszeit"};
constexpr Column kElevationGain{"Elevation Gain", "Höhenzunahme"};

std::optional<std::size_t> find(const CsvHeader& header, const Column& column,
                                std::size_t occurrence = 0) {
  if (auto index = header.find(column.english, occurrence)) return index;
  return header.find(column.german, occurrence);
}

std::size_t count(const CsvHeader& header, const Column& column) {
  const std::size_t english = header.count(column.english);
  return english > 0 ? english : header.count(column.german);
}

std::size_t require(const CsvHeader& header, const Column& column) {
  if (auto index = find(header, column)) return *index;
  throw ParseError(std::string(kFile) + ": missing column '" + std::string(column.english) + "'");
}

// A numeric column and the factor that turns its values into SI.
struct NumericColumn {
  std::optional<std::size_t> index;
  double to_si = 1.0;
  std::string_view name;
};

// The SI (last) occurrence of a repeated column, else its display occurrence times `display_to_si`.
NumericColumn si_column(const CsvHeader& header, const Column& column, double display_to_si) {
  const std::size_t n = count(header, column);
  if (n >= 2) return {find(header, column, n - 1), 1.0, column.english};
  return {find(header, column, 0), display_to_si, column.english};
}

// For messages: hostile cells may be huge or hold line breaks; a warning stays one short line.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 60)) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  if (text.size() > 60) out += "…";
  return out;
}

std::string cell_for_message(std::string_view text) {
  return "'" + one_line(text) + "'";
}

// Plain decimal number ("1428", "3322.949951171875"); NaN when empty. Anything else (a decimal
// comma, units, a negative amount) is not a value we can read with certainty: nullopt.
std::optional<double> parse_amount(std::string_view text) {
  text = trim(text, kBlanksAndNewlines);
  if (text.empty()) return kNaN;
  double value = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || value < 0) {
    return std::nullopt;
  }
  return value;
}

class RowReader {
 public:
  RowReader(const CsvHeader& header, std::vector<std::string>* warnings)
      : width_(header.size()),
        id_(require(header, kActivityId)),
        date_(require(header, kActivityDate)),
        type_(require(header, kActivityType)),
        filename_(require(header, kFilename)),
        name_(find(header, kActivityName)),
        description_(find(header, kDescription)),
        distance_(si_column(header, kDistance, 1000.0)),  // display distance is km
        elapsed_(si_column(header, kElapsedTime, 1.0)),   // display elapsed time is seconds
        moving_{find(header, kMovingTime), 1.0, kMovingTime.english},
        elevation_gain_{find(header, kElevationGain), 1.0, kElevationGain.english},
        warnings_(warnings) {}

  std::size_t width() const { return width_; }

  // The record's Activity ID cell, trimmed; empty when it has none.
  std::string id_of(const CsvRow& cells) const {
    return id_ < cells.size() ? std::string(trim(cells[id_], kBlanksAndNewlines)) : std::string();
  }

  // True when `line` (one physical line) reads as the start of a row of its own: an Activity ID
  // of digits and a readable Activity Date. Found inside a quoted field, it means the field ran
  // on into the next rows (its closing quote is missing).
  bool looks_like_row(std::string_view line) const {
    CsvReader reader(line, width_ + 1, CsvReader::Unterminated::Keep);
    CsvRow cells;
    try {
      if (!reader.next(cells)) return false;
    } catch (const ParseError&) {
      return false;  // more fields than a row has
    }
    const std::string id = id_of(cells);
    return !id.empty() && date_ < cells.size() &&
           std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           parse_strava_date(cells[date_]).has_value();
  }

  // Fills `out` from one record; false (with a warning) when the record is unusable.
  bool read(const CsvRow& cells, std::size_t line, StravaRow& out) {
    line_ = line;
    if (cells.size() < width_) {
      const std::string id = id_of(cells);  // named in the warning when the row has one
      id_text_ = id.empty() ? nullptr : &id;
      warn(std::to_string(cells.size()) + " cells where the header has " + std::to_string(width_) +
           "; row skipped");
      id_text_ = nullptr;
      return false;
    }
    out = StravaRow{};
    out.activity_id = std::string(trim(cells[id_], kBlanksAndNewlines));
    if (out.activity_id.empty()) {
      warn("empty Activity ID; row skipped");
      return false;
    }
    id_text_ = &out.activity_id;
    if (const auto start = parse_strava_date(cells[date_])) {
      out.start_utc = *start;
    } else {
      warn("cannot read Activity Date " + cell_for_message(cells[date_]) + "; start time unknown");
    }
    out.type = std::string(trim(cells[type_], kBlanksAndNewlines));
    out.sport = sport_from_text(out.type);
    out.filename = std::string(trim(cells[filename_], kBlanksAndNewlines));
    if (name_) out.name = cells[*name_];
    if (description_) out.description = cells[*description_];
    out.distance_m = amount(cells, distance_);
    out.elapsed_s = amount(cells, elapsed_);
    out.moving_s = amount(cells, moving_);
    out.elevation_gain_m = amount(cells, elevation_gain_);
    id_text_ = nullptr;
    return true;
  }

 private:
  // "activities.csv line 7 (activity 123): <message>". Built only when there is something to
  // say: most rows have nothing.
  void warn(const std::string& message) {
    if (warnings_ == nullptr) return;
    std::string text = std::string(kFile) + " line " + std::to_string(line_);
    if (id_text_ != nullptr) text += " (activity " + one_line(*id_text_) + ")";
    warnings_->push_back(text + ": " + message);
  }

  double amount(const CsvRow& cells, const NumericColumn& column) {
    if (!column.index) return kNaN;
    const std::string& cell = cells[*column.index];
    if (const auto value = parse_amount(cell)) return *value * column.to_si;
    warn("cannot read " + std::string(column.name) + " " + cell_for_message(cell) +
         "; left unknown");
    return kNaN;
  }

  std::size_t width_;
  std::size_t id_, date_, type_, filename_;
  std::optional<std::size_t> name_, description_;
  NumericColumn distance_, elapsed_, moving_, elevation_gain_;
  std::vector<std::string>* warnings_;
  std::size_t line_ = 0;                  // of the record being read
  const std::string* id_text_ = nullptr;  // its Activity ID, once known
};

// True when the record's quoted field that spans lines swallowed rows after it: it never
// closes, the record has not the header's width, or a line inside it reads as a row.
bool swallowed_rows(const CsvReader& reader, const CsvRow& cells, const RowReader& rows) {
  const auto& quote = reader.quote_spanning_lines();
  if (!quote) return false;
  if (quote->unterminated || cells.size() != rows.width()) return true;
  std::string_view rest = reader.text_after_quote_line();
  while (!rest.empty()) {
    const std::size_t end = rest.find_first_of("\r\n");
    if (rows.looks_like_row(rest.substr(0, end))) return true;
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return false;
}

void add_warning(std::vector<std::string>* warnings, std::size_t line, const std::string& id,
                 const std::string& message) {
  if (warnings == nullptr) return;
  std::string text = std::string(kFile) + " line " + std::to_string(line);
  if (!id.empty()) text += " (activity " + one_line(id) + ")";
  warnings->push_back(text + ": " + message);
}

}  // namespace

std::vector<StravaRow> read_strava_csv(std::string_view csv_text,
                                       std::vector<std::string>* warnings,
                                       std::vector<std::string>* skipped_ids) {
  std::vector<StravaRow> rows;
  try {
    CsvReader reader(csv_text, CsvReader::kDefaultMaxFields, CsvReader::Unterminated::Keep);
    CsvRow cells;
    if (!reader.next(cells)) throw ParseError(std::string(kFile) + ": empty file, no header row");
    if (reader.quote_spanning_lines()) {
      throw ParseError(std::string(kFile) +
                       " line 1: the header row has a quote that is not "
                       "closed on its line");
    }
    const CsvHeader header(cells);
    RowReader row_reader(header, warnings);
    // One record per line at most (descriptions may span several): reserving saves moving
    // ~200-byte rows as the vector grows. Capped, as a hostile text may be all line breaks.
    const auto lines = static_cast<std::size_t>(std::count(csv_text.begin(), csv_text.end(), '\n'));
    rows.reserve(std::min<std::size_t>(lines, std::size_t{1} << 16));
    std::unordered_map<std::string, std::size_t> line_of_id;  // rows kept so far
    auto skipped = [&](const std::string& id) {
      if (skipped_ids != nullptr && !id.empty()) skipped_ids->push_back(id);
    };
    StravaRow row;
    while (reader.next(cells)) {
      const std::size_t line = reader.line();
      if (swallowed_rows(reader, cells, row_reader)) {
        const auto& quote = *reader.quote_spanning_lines();
        const std::size_t quote_line = quote.line;
        add_warning(
            warnings, line, row_reader.id_of(cells),
            "the quote opened on line " + std::to_string(quote_line) +
                (quote.unterminated ? " is never closed" : " is not closed before the next row") +
                "; row skipped, reading on from line " + std::to_string(quote_line + 1));
        skipped(row_reader.id_of(cells));
        reader.resume_after_quote();
        continue;
      }
      if (!row_reader.read(cells, line, row)) {
        skipped(row_reader.id_of(cells));
        continue;
      }
      const auto [first, is_new] = line_of_id.emplace(row.activity_id, line);
      if (!is_new) {
        add_warning(warnings, line, row.activity_id,
                    "same Activity ID as line " + std::to_string(first->second) + "; kept line " +
                        std::to_string(first->second) + ", this row skipped");
        continue;
      }
      rows.push_back(std::move(row));
    }
  } catch (const ParseError& e) {
    const std::string_view message = e.what();
    if (message.starts_with(kFile)) throw;
    throw ParseError(std::string(kFile) + ": " + std::string(message));
  }
  return rows;
}

}  // namespace th
