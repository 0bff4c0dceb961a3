// Opening the database (identity checks, pragmas, migrations), the statement cache and
// transactions. Row reading and writing is in store_rows.cpp.

#include "store/store.hpp"

#include <array>
#include <cstring>
#include <fstream>
#include <span>
#include <string>
#include <system_error>

#include "core/errors.hpp"
#include "store/schema.hpp"
#include "store/sqlite_stmt.hpp"
#include "store/store_statements.hpp"

namespace th {
namespace {

// How long a connection waits for another process's write lock before giving up.
constexpr int kBusyTimeoutMs = 10'000;

std::string join(std::span<const char* const> columns, const char* suffix, const char* sep) {
  std::string out;
  for (const char* c : columns) {
    if (!out.empty()) out += sep;
    out += c;
    out += suffix;
  }
  return out;
}

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// Refuses an existing, non-empty file that does not start with SQLite's magic string, before
// SQLite touches it. (An empty file is what SQLite itself creates: a new database.)
void require_sqlite_file(const std::filesystem::path& file, const std::string& name) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return;  // absent, or SQLite will complain
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size == 0) return;
  static constexpr char kMagic[16] = "SQLite format 3";  // 15 chars and the NUL: 16 bytes
  std::array<char, 16> head{};
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(name + ": cannot open the database: " + std::strerror(errno));
  in.read(head.data(), head.size());
  if (in.gcount() != 16 || std::memcmp(head.data(), kMagic, 16) != 0) {
    throw IoError(name + ": not a trackheat database (not an SQLite file); refusing to use it");
  }
}

std::int64_t pragma_int(sqlite3* db, const std::string& name, const char* pragma) {
  sql::Statement s(db, name, pragma);
  sql::Query q(db, s, name, "cannot read the database header");
  return q.step() ? q.get_int() : 0;
}

bool has_schema_objects(sqlite3* db, const std::string& name) {
  sql::Statement s(db, name, "SELECT 1 FROM sqlite_master LIMIT 1");
  sql::Query q(db, s, name, "cannot read the schema");
  return q.step();
}

}  // namespace

Store::Statements::Statements(sqlite3* db, const std::string& db_name) {
  const std::span<const char* const> parsed_all(kParsedColumns);
  const auto parsed_meta = parsed_all.first(parsed_all.size() - 1);  // all but the blob
  const std::span<const char* const> activity(kActivityColumns);
  const std::string parsed_key = " FROM parsed WHERE content_hash = ? AND parser_version = ?";

  has_parsed = sql::Statement(db, db_name, ("SELECT 1" + parsed_key).c_str());
  put_parsed = sql::Statement(
      db, db_name,
      ("INSERT OR REPLACE INTO parsed (content_hash, parser_version, " +
       join(parsed_all, "", ", ") + ") VALUES (" + placeholders(parsed_all.size() + 2) + ")")
          .c_str());
  get_parsed =
      sql::Statement(db, db_name, ("SELECT " + join(parsed_meta, "", ", ") + parsed_key).c_str());
  get_parsed_samples =
      sql::Statement(db, db_name, ("SELECT " + join(parsed_all, "", ", ") + parsed_key).c_str());
  newest_track = sql::Statement(
      db, db_name,
      "SELECT track FROM parsed WHERE content_hash = ? ORDER BY parser_version DESC LIMIT 1");
  find_activity = sql::Statement(db, db_name,
                                 ("SELECT id, " + join(activity, "", ", ") +
                                  " FROM activities WHERE source = ? AND source_id = ?")
                                     .c_str());
  insert_activity = sql::Statement(db, db_name,
                                   ("INSERT INTO activities (" + join(activity, "", ", ") +
                                    ") VALUES (" + placeholders(activity.size()) + ")")
                                       .c_str());
  update_activity = sql::Statement(
      db, db_name,
      ("UPDATE activities SET " + join(activity, " = ?", ", ") + " WHERE id = ?").c_str());
  // Activities without a start time (NULL) sort last.
  list_activities = sql::Statement(db, db_name,
                                   ("SELECT id, " + join(activity, "", ", ") +
                                    " FROM activities ORDER BY start_utc IS NULL, start_utc, id")
                                       .c_str());
  put_known_file =
      sql::Statement(db, db_name,
                     "INSERT INTO known_files (location, identity, content_hash) VALUES (?, ?, ?) "
                     "ON CONFLICT (location) DO UPDATE SET identity = excluded.identity, "
                     "content_hash = excluded.content_hash");
}

Store::Store(const std::filesystem::path& db_file) : name_(db_file.string()) {
  try {
    open_and_check(db_file);
  } catch (...) {
    statements_.reset();
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

Store::~Store() {
  statements_.reset();  // finalize every statement before closing
  sqlite3_close_v2(db_);
}

void Store::open_and_check(const std::filesystem::path& db_file) {
  if (db_file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(db_file.parent_path(), ec);
    if (ec) {
      throw IoError(name_ + ": cannot create the folder " + db_file.parent_path().string() + ": " +
                    ec.message());
    }
  }
  require_sqlite_file(db_file, name_);

  const int rc =
      sqlite3_open_v2(name_.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) sql::throw_error(db_, name_, "cannot open the database");
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);

  // Identity, read-only: nothing below writes to a file that is not ours.
  const auto app_id = pragma_int(db_, name_, "PRAGMA application_id");
  if (app_id != schema::kApplicationId && (app_id != 0 || has_schema_objects(db_, name_))) {
    throw IoError(name_ +
                  ": not a trackheat database (an SQLite database of another application); "
                  "refusing to use it");
  }

  // Migrations run in whatever journal mode the file has; a newer schema is refused before
  // anything is written. Only then switch to WAL (a write to the header).
  schema_version_ = schema::migrate(db_, name_, schema::migrations());
  exec("PRAGMA journal_mode = WAL");
  exec("PRAGMA synchronous = NORMAL");
  exec("PRAGMA foreign_keys = ON");
  statements_ = std::make_unique<Statements>(db_, name_);
}

int Store::schema_version() const {
  return schema_version_;
}

void Store::exec(const char* sql) const {
  sql::exec(db_, name_, sql, std::string("\"") + sql + "\" failed");
}

Store::Transaction::Transaction(Store& store) : store_(store) {
  store_.exec("BEGIN IMMEDIATE");
}

Store::Transaction::~Transaction() {
  if (!done_) sqlite3_exec(store_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Store::Transaction::commit() {
  store_.exec("COMMIT");
  done_ = true;
}

}  // namespace th
