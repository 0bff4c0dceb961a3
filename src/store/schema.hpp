#pragma once
// Schema of the trackheat database and its numbered migrations (see store/schema.cpp).
//
// How a later stage (dedup, sync, …) adds its tables:
//   1. append a Migration {N + 1, "what it adds", "CREATE TABLE …;"} at the end of the list in
//      schema.cpp (versions are 1, 2, 3, … with no gap);
//   2. never edit or reorder a migration that has shipped: users' databases already ran it.
//      To change a table, add a migration that ALTERs or rebuilds it (copying the rows).
// Opening a database runs, inside one transaction, every migration newer than the version in
// `meta`; a failure rolls all of them back and leaves the file as it was.

#include <sqlite3.h>

#include <cstdint>
#include <span>
#include <string>

namespace th::schema {

// PRAGMA application_id of a trackheat database: "trkh" in ASCII.
inline constexpr std::int32_t kApplicationId = 0x74726B68;

struct Migration {
  int version;              // 1, 2, 3, … in order
  const char* description;  // shown when the migration fails
  const char* sql;          // one or more statements, run with sqlite3_exec
};

// The migrations of this build, oldest first.
std::span<const Migration> migrations();
int latest_version();

// The version recorded in `meta` (0 for a database without the meta table).
int read_version(sqlite3* db, const std::string& db_name);

// Brings the database to the last version of `list`, in one BEGIN IMMEDIATE transaction, and
// stamps the application id. Throws IoError when the database is newer than `list` or a
// migration fails (nothing is changed then). Returns the version reached.
int migrate(sqlite3* db, const std::string& db_name, std::span<const Migration> list);

}  // namespace th::schema
