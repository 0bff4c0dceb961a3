// Reading and writing rows: the parse cache (`parsed`) and `activities`. Columns are bound and
// read in the order of kParsedColumns / kActivityColumns (store_statements.hpp).

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "store/sqlite_stmt.hpp"
#include "store/store.hpp"
#include "store/store_statements.hpp"
#include "store/track_codec.hpp"

namespace th {
namespace {

// Stored as text (sport_name, format_name) so the database stays readable and the enums may
// grow; a name this build does not know reads back as Other / Unknown.
Sport sport_from_name(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Sport::Other); ++i) {
    const auto s = static_cast<Sport>(i);
    if (sport_name(s) == name) return s;
  }
  return Sport::Other;
}

FileFormat format_from_name(std::string_view name) {
  for (const FileFormat f : {FileFormat::Fit, FileFormat::Gpx, FileFormat::Tcx}) {
    if (name == format_name(f)) return f;
  }
  return FileFormat::Unknown;
}

void bind_summary(sql::Query& q, const Summary& s) {
  q.bind_double(s.distance_m)
      .bind_double(s.elapsed_s)
      .bind_double(s.moving_s)
      .bind_double(s.ascent_m)
      .bind_double(s.descent_m)
      .bind_double(s.min_lat)
      .bind_double(s.min_lon)
      .bind_double(s.max_lat)
      .bind_double(s.max_lon)
      .bind_int(s.samples)
      .bind_int(s.points)
      .bind_int(s.has_heart_rate ? 1 : 0)
      .bind_int(s.has_altitude ? 1 : 0);
}

Summary read_summary(sql::Query& q) {
  Summary s;
  s.distance_m = q.get_double();
  s.elapsed_s = q.get_double();
  s.moving_s = q.get_double();
  s.ascent_m = q.get_double();
  s.descent_m = q.get_double();
  s.min_lat = q.get_double();
  s.min_lon = q.get_double();
  s.max_lat = q.get_double();
  s.max_lon = q.get_double();
  s.samples = static_cast<std::uint32_t>(q.get_int());
  s.points = static_cast<std::uint32_t>(q.get_int());
  s.has_heart_rate = q.get_int() != 0;
  s.has_altitude = q.get_int() != 0;
  return s;
}

std::string warnings_to_json(const std::vector<std::string>& warnings) {
  // Warnings quote file content, which may be invalid UTF-8: replace rather than throw.
  return nlohmann::json(warnings).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> warnings_from_json(const std::string& text, const std::string& where) {
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!json.is_array()) throw IoError(where + ": stored warnings are not a JSON array");
  for (const auto& w : json) {
    if (!w.is_string()) throw IoError(where + ": stored warnings are not strings");
    out.push_back(w.get<std::string>());
  }
  return out;
}

void bind_activity(sql::Query& q, const StoredActivity& a) {
  q.bind_text(source_name(a.source))
      .bind_text(a.source_id)
      .bind_text(sport_name(a.sport))
      .bind_text(a.name)
      .bind_double(a.start_utc)
      .bind_optional_int(a.utc_offset_s)
      .bind_int(a.flags);
  bind_summary(q, a.summary);
  q.bind_text(a.file_path).bind_text(a.content_hash);
}

// Reads `id` followed by kActivityColumns.
StoredActivity read_activity(sql::Query& q) {
  StoredActivity a;
  a.id = q.get_int();
  a.source = q.get_parsed(parse_source);
  a.source_id = q.get_text();
  a.sport = sport_from_name(q.get_text());
  a.name = q.get_text();
  a.start_utc = q.get_double();
  a.utc_offset_s = q.get_optional_int();
  a.flags = static_cast<std::uint32_t>(q.get_int());
  a.summary = read_summary(q);
  a.file_path = q.get_text();
  a.content_hash = q.get_text();
  return a;
}

bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

bool same_summary(const Summary& a, const Summary& b) {
  return same(a.distance_m, b.distance_m) && same(a.elapsed_s, b.elapsed_s) &&
         same(a.moving_s, b.moving_s) && same(a.ascent_m, b.ascent_m) &&
         same(a.descent_m, b.descent_m) && same(a.min_lat, b.min_lat) &&
         same(a.min_lon, b.min_lon) && same(a.max_lat, b.max_lat) && same(a.max_lon, b.max_lon) &&
         a.samples == b.samples && a.points == b.points && a.has_heart_rate == b.has_heart_rate &&
         a.has_altitude == b.has_altitude;
}

// Every stored field but the id.
bool same_activity(const StoredActivity& a, const StoredActivity& b) {
  return a.source == b.source && a.source_id == b.source_id && a.sport == b.sport &&
         a.name == b.name && same(a.start_utc, b.start_utc) && a.utc_offset_s == b.utc_offset_s &&
         a.flags == b.flags && same_summary(a.summary, b.summary) && a.file_path == b.file_path &&
         a.content_hash == b.content_hash;
}

std::vector<Sample> decode_stored_track(ByteView blob, const std::string& where) {
  try {
    return decode_track(blob);
  } catch (const ParseError& e) {
    throw ParseError(where + ": " + e.what());
  }
}

}  // namespace

// --- parse cache ------------------------------------------------------------------------------

bool Store::has_parsed(const std::string& content_hash, int parser_version) const {
  sql::Query q(db_, statements_->has_parsed, name_, "cannot look up the parse cache");
  q.bind_text(content_hash).bind_int(parser_version);
  return q.step();
}

std::vector<KnownFile> Store::known_files() const {
  const sql::Statement statement(db_, name_,
                                 "SELECT location, identity, content_hash FROM known_files");
  sql::Query q(db_, statement, name_, "cannot list known files");
  std::vector<KnownFile> out;
  while (q.step()) {
    KnownFile f;
    f.location = q.get_text();
    f.identity = q.get_text();
    f.content_hash = q.get_text();
    out.push_back(std::move(f));
  }
  return out;
}

void Store::put_known_file(const KnownFile& file) {
  sql::Query q(db_, statements_->put_known_file, name_, "cannot record a known file");
  q.bind_text(file.location).bind_text(file.identity).bind_text(file.content_hash);
  q.step();
}

std::vector<std::string> Store::parsed_hashes(int parser_version) const {
  // Run once per import: not worth a cached statement.
  const sql::Statement statement(db_, name_,
                                 "SELECT content_hash FROM parsed WHERE parser_version = ?");
  sql::Query q(db_, statement, name_, "cannot list the parse cache");
  q.bind_int(parser_version);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.get_text());
  return out;
}

void Store::put_parsed(const std::string& content_hash, int parser_version,
                       const Activity& parsed) {
  const Bytes track = encode_track(parsed.samples);  // outlives the Query (bound, not copied)
  sql::Query q(db_, statements_->put_parsed, name_, "cannot store a parsed file");
  q.bind_text(content_hash)
      .bind_int(parser_version)
      .bind_text(format_name(parsed.format))
      .bind_int(parsed.compressed ? 1 : 0)
      .bind_text(sport_name(parsed.sport))
      .bind_text(parsed.sport_raw)
      .bind_text(parsed.name)
      .bind_double(parsed.start_time)
      .bind_optional_int(parsed.utc_offset_s)
      .bind_int(parsed.flags)
      .bind_double(parsed.totals.distance_m)
      .bind_double(parsed.totals.elapsed_s)
      .bind_double(parsed.totals.moving_s)
      .bind_double(parsed.totals.ascent_m);
  bind_summary(q, parsed.summary);
  q.bind_text(warnings_to_json(parsed.warnings)).bind_blob(track);
  q.run();
}

std::optional<Activity> Store::get_parsed(const std::string& content_hash, int parser_version,
                                          bool with_samples) const {
  const sql::Statement& statement =
      with_samples ? statements_->get_parsed_samples : statements_->get_parsed;
  sql::Query q(db_, statement, name_, "cannot read the parse cache");
  q.bind_text(content_hash).bind_int(parser_version);
  if (!q.step()) return std::nullopt;

  const std::string where =
      name_ + ": parsed " + content_hash + " v" + std::to_string(parser_version);
  Activity a;
  a.format = format_from_name(q.get_text());
  a.compressed = q.get_int() != 0;
  a.sport = sport_from_name(q.get_text());
  a.sport_raw = q.get_text();
  a.name = q.get_text();
  a.start_time = q.get_double();
  a.utc_offset_s = q.get_optional_int();
  a.flags = static_cast<std::uint32_t>(q.get_int());
  a.totals.distance_m = q.get_double();
  a.totals.elapsed_s = q.get_double();
  a.totals.moving_s = q.get_double();
  a.totals.ascent_m = q.get_double();
  a.summary = read_summary(q);
  a.warnings = warnings_from_json(q.get_text(), where);
  if (with_samples) a.samples = decode_stored_track(q.get_blob(), where);
  return a;
}

std::vector<Sample> Store::track(const std::string& content_hash) const {
  sql::Query q(db_, statements_->newest_track, name_, "cannot read a track");
  q.bind_text(content_hash);
  if (!q.step()) return {};
  return decode_stored_track(q.get_blob(), name_ + ": track " + content_hash);
}

Bytes Store::track_blob(const std::string& content_hash) const {
  sql::Query q(db_, statements_->newest_track, name_, "cannot read a track");
  q.bind_text(content_hash);
  if (!q.step()) return {};
  const ByteView blob = q.get_blob();
  return Bytes(blob.begin(), blob.end());
}

// --- activities -------------------------------------------------------------------------------

std::optional<StoredActivity> Store::find_activity(Source source,
                                                   const std::string& source_id) const {
  sql::Query q(db_, statements_->find_activity, name_, "cannot look up an activity");
  q.bind_text(source_name(source)).bind_text(source_id);
  if (!q.step()) return std::nullopt;
  return read_activity(q);
}

UpsertOutcome Store::upsert_activity(StoredActivity& a) {
  const std::optional<StoredActivity> existing = find_activity(a.source, a.source_id);
  if (!existing) {
    sql::Query q(db_, statements_->insert_activity, name_, "cannot add an activity");
    bind_activity(q, a);
    q.run();
    a.id = sqlite3_last_insert_rowid(db_);
    return UpsertOutcome::Added;
  }
  a.id = existing->id;
  if (same_activity(*existing, a)) return UpsertOutcome::Unchanged;
  sql::Query q(db_, statements_->update_activity, name_, "cannot update an activity");
  bind_activity(q, a);
  q.bind_int(a.id);
  q.run();
  return UpsertOutcome::Updated;
}

std::vector<StoredActivity> Store::activities() const {
  sql::Query q(db_, statements_->list_activities, name_, "cannot list activities");
  std::vector<StoredActivity> out;
  while (q.step()) out.push_back(read_activity(q));
  return out;
}

}  // namespace th
