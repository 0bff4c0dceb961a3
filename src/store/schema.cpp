// The numbered migrations of the trackheat database (how to add one: store/schema.hpp).

#include "store/schema.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include "core/errors.hpp"
#include "store/sqlite_stmt.hpp"

namespace th::schema {
namespace {

// Frozen once shipped (see schema.hpp), hence written out in full, not assembled from parts.
// Doubles are nullable everywhere: NULL is the model's NaN ("not recorded").
constexpr const char* kVersion1 =
    "CREATE TABLE meta (\n"
    "  key    TEXT PRIMARY KEY NOT NULL,\n"
    "  value\n"
    ") WITHOUT ROWID;\n"
    // Parse cache: one row per file content and parser version; the track blob comes last so
    // reading the other columns never touches its overflow pages.
    "CREATE TABLE parsed (\n"
    "  content_hash    TEXT NOT NULL,\n"
    "  parser_version  INTEGER NOT NULL,\n"
    "  format          TEXT NOT NULL,\n"
    "  compressed      INTEGER NOT NULL,\n"
    "  sport           TEXT NOT NULL,\n"
    "  sport_raw       TEXT NOT NULL,\n"
    "  name            TEXT NOT NULL,\n"
    "  start_time      REAL,\n"
    "  utc_offset_s    INTEGER,\n"
    "  flags           INTEGER NOT NULL,\n"
    "  file_distance_m REAL,\n"
    "  file_elapsed_s  REAL,\n"
    "  file_moving_s   REAL,\n"
    "  file_ascent_m   REAL,\n"
    "  distance_m      REAL,\n"
    "  elapsed_s       REAL,\n"
    "  moving_s        REAL,\n"
    "  ascent_m        REAL,\n"
    "  descent_m       REAL,\n"
    "  min_lat         REAL,\n"
    "  min_lon         REAL,\n"
    "  max_lat         REAL,\n"
    "  max_lon         REAL,\n"
    "  sample_count    INTEGER NOT NULL,\n"
    "  point_count     INTEGER NOT NULL,\n"
    "  has_heart_rate  INTEGER NOT NULL,\n"
    "  has_altitude    INTEGER NOT NULL,\n"
    "  warnings        TEXT NOT NULL,\n"
    "  track           BLOB NOT NULL,\n"
    "  PRIMARY KEY (content_hash, parser_version)\n"
    ");\n"
    "CREATE TABLE activities (\n"
    "  id              INTEGER PRIMARY KEY,\n"
    "  source          TEXT NOT NULL,\n"
    "  source_id       TEXT NOT NULL,\n"
    "  sport           TEXT NOT NULL,\n"
    "  name            TEXT NOT NULL,\n"
    "  start_utc       REAL,\n"
    "  utc_offset_s    INTEGER,\n"
    "  flags           INTEGER NOT NULL,\n"
    "  distance_m      REAL,\n"
    "  elapsed_s       REAL,\n"
    "  moving_s        REAL,\n"
    "  ascent_m        REAL,\n"
    "  descent_m       REAL,\n"
    "  min_lat         REAL,\n"
    "  min_lon         REAL,\n"
    "  max_lat         REAL,\n"
    "  max_lon         REAL,\n"
    "  sample_count    INTEGER NOT NULL,\n"
    "  point_count     INTEGER NOT NULL,\n"
    "  has_heart_rate  INTEGER NOT NULL,\n"
    "  has_altitude    INTEGER NOT NULL,\n"
    "  file_path       TEXT NOT NULL,\n"
    "  content_hash    TEXT NOT NULL,\n"
    "  UNIQUE (source, source_id)\n"
    ");\n"
    "CREATE INDEX activities_by_start ON activities (start_utc, id);\n";

// Where each file was last seen and what it held: import trusts the content hash of a file
// whose identity (size, modification time, …) is unchanged, without reading it again.
constexpr const char* kVersion2 =
    "CREATE TABLE known_files (\n"
    "  location      TEXT PRIMARY KEY NOT NULL,\n"
    "  identity      TEXT NOT NULL,\n"
    "  content_hash  TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n";

// intervals.icu sync state (src/sync/): one row per activity the listing has shown, whatever
// became of it. `activity_id` points at the activities row (source 'intervals', source_id =
// intervals_id) once its file is imported; NULL for Strava stubs (the API will not serve them:
// the Strava export supplies their data), failed downloads and rows not fetched yet.
// `strava_id` / `external_id` come from the listing and let dedup link sources for certain.
// `listing_hash` is a hash of the listing's fields that matter: when it changes, the file is
// fetched again. `state`: pending | downloaded | stub | failed | deleted (gone upstream).
constexpr const char* kVersion3 =
    "CREATE TABLE intervals_activities (\n"
    "  intervals_id      TEXT PRIMARY KEY NOT NULL,\n"
    "  activity_id       INTEGER REFERENCES activities (id),\n"
    "  state             TEXT NOT NULL,\n"
    "  strava_id         TEXT,\n"
    "  external_id       TEXT,\n"
    "  upstream_source   TEXT,\n"
    "  type              TEXT,\n"
    "  name              TEXT,\n"
    "  start_local       TEXT,\n"
    "  start_utc         REAL,\n"
    "  timezone          TEXT,\n"
    "  distance_m        REAL,\n"
    "  moving_s          REAL,\n"
    "  elapsed_s         REAL,\n"
    "  elevation_gain_m  REAL,\n"
    "  listing_hash      TEXT,\n"
    "  file_name         TEXT,\n"
    "  file_hash         TEXT,\n"
    "  error             TEXT,\n"
    "  updated_utc       REAL\n"
    ");\n"
    "CREATE INDEX intervals_by_strava_id ON intervals_activities (strava_id);\n"
    "CREATE INDEX intervals_by_activity ON intervals_activities (activity_id);\n"
    "CREATE TABLE sync_state (\n"
    "  key    TEXT PRIMARY KEY NOT NULL,\n"
    "  value  TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n";

// Dedup (src/dedup/). `dedup_decisions` is the log of the user's choices, keyed by the stable
// (source, source_id) of the records involved, never by row ids alone, so choices survive a
// re-sync, a re-import and a rebuild. `kind`: winner (subject wins over other) | distinct (the
// pair is not the same activity) | exclude | include (subject only). Undo sets `undone`; the
// newest decision that is not undone is the one in force for its pair or activity.
// `dedup_tracks` caches what matching needs from a track, keyed by content hash, so a build
// never decodes tracks again just to match: the first position (NULL without GPS) and the
// longest jump between consecutive positions.
constexpr const char* kVersion4 =
    "CREATE TABLE dedup_decisions (\n"
    "  id              INTEGER PRIMARY KEY,\n"
    "  kind            TEXT NOT NULL,\n"
    "  subject_source  TEXT NOT NULL,\n"
    "  subject_id      TEXT NOT NULL,\n"
    "  other_source    TEXT,\n"
    "  other_id        TEXT,\n"
    "  created_utc     REAL NOT NULL,\n"
    "  undone          INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE TABLE dedup_tracks (\n"
    "  content_hash    TEXT PRIMARY KEY NOT NULL,\n"
    "  start_lat       REAL,\n"
    "  start_lon       REAL,\n"
    "  max_jump_m      REAL NOT NULL\n"
    ") WITHOUT ROWID;\n";

constexpr std::array<Migration, 4> kMigrations{{
    {1, "parse cache and activities", kVersion1},
    {2, "known files", kVersion2},
    {3, "intervals.icu sync state", kVersion3},
    {4, "dedup decisions and track facts", kVersion4},
}};

bool has_table(sqlite3* db, const std::string& db_name, const char* table) {
  sql::Statement s(db, db_name, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  sql::Query q(db, s, db_name, "cannot read the schema");
  q.bind_text(table);
  return q.step();
}

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int latest_version() {
  return kMigrations.back().version;
}

int read_version(sqlite3* db, const std::string& db_name) {
  if (!has_table(db, db_name, "meta")) return 0;
  sql::Statement s(db, db_name, "SELECT value FROM meta WHERE key = 'schema_version'");
  sql::Query q(db, s, db_name, "cannot read the schema version");
  if (!q.step()) throw IoError(db_name + ": the meta table has no schema_version");
  const std::int64_t v = q.get_int();
  if (v < 1 || v > 1'000'000) {
    throw IoError(db_name + ": invalid schema_version " + std::to_string(v));
  }
  return static_cast<int>(v);
}

int migrate(sqlite3* db, const std::string& db_name, std::span<const Migration> list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].version != static_cast<int>(i) + 1) {
      throw std::logic_error("store/schema.cpp: migrations must be numbered 1, 2, 3, …");
    }
  }
  const int latest = static_cast<int>(list.size());

  sql::exec(db, db_name, "BEGIN IMMEDIATE", "cannot start the schema migration");
  try {
    // Read again inside the write lock: another process may have migrated meanwhile.
    const int current = read_version(db, db_name);
    if (current > latest) {
      throw IoError(db_name + ": created by a newer trackheat (schema version " +
                    std::to_string(current) + ", this build knows up to " + std::to_string(latest) +
                    "); upgrade trackheat or use another --cache");
    }
    for (const Migration& m : list) {
      if (m.version <= current) continue;
      sql::exec(
          db, db_name, m.sql,
          "schema migration " + std::to_string(m.version) + " (" + m.description + ") failed");
    }
    if (current < latest) {
      const std::string stamp = "INSERT INTO meta (key, value) VALUES ('schema_version', " +
                                std::to_string(latest) +
                                ") ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
                                "PRAGMA application_id = " +
                                std::to_string(kApplicationId) + ";";
      sql::exec(db, db_name, stamp.c_str(), "cannot record the schema version");
    }
    sql::exec(db, db_name, "COMMIT", "cannot commit the schema migration");
    return latest;
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace th::schema
