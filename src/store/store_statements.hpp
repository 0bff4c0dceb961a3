#pragma once
// The Store's prepared-statement cache (internal to src/store). Prepared once when the Store
// opens; each use goes through an sql::Query that resets the statement afterwards.
//
// Column order matters: store_rows.cpp binds and reads columns in exactly the order written
// here (kActivityColumns, kParsedColumns).

#include <string>

#include "store/sqlite_stmt.hpp"
#include "store/store.hpp"

namespace th {

// Every column of `activities` but `id`, in the order StoredActivity is bound and read.
inline constexpr const char* kActivityColumns[] = {
    "source",         "source_id",    "sport",     "name",        "start_utc",    "utc_offset_s",
    "flags",          "distance_m",   "elapsed_s", "moving_s",    "ascent_m",     "descent_m",
    "min_lat",        "min_lon",      "max_lat",   "max_lon",     "sample_count", "point_count",
    "has_heart_rate", "has_altitude", "file_path", "content_hash"};

// Every column of `parsed` after the key (content_hash, parser_version), the blob last.
inline constexpr const char* kParsedColumns[] = {
    "format",        "compressed",    "sport",       "sport_raw",       "name",
    "start_time",    "utc_offset_s",  "flags",       "file_distance_m", "file_elapsed_s",
    "file_moving_s", "file_ascent_m", "distance_m",  "elapsed_s",       "moving_s",
    "ascent_m",      "descent_m",     "min_lat",     "min_lon",         "max_lat",
    "max_lon",       "sample_count",  "point_count", "has_heart_rate",  "has_altitude",
    "warnings",      "track"};

struct Store::Statements {
  Statements(sqlite3* db, const std::string& db_name);

  sql::Statement has_parsed;
  sql::Statement put_parsed;
  sql::Statement get_parsed;          // every column but the track blob
  sql::Statement get_parsed_samples;  // every column, the track blob last
  sql::Statement newest_track;
  sql::Statement find_activity;
  sql::Statement insert_activity;
  sql::Statement update_activity;
  sql::Statement list_activities;
  sql::Statement put_known_file;
};

}  // namespace th
