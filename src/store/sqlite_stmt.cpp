#include "store/sqlite_stmt.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include "core/errors.hpp"

namespace th::sql {

void throw_error(sqlite3* db, const std::string& db_name, std::string_view what) {
  std::string message = db_name;
  message += ": ";
  message += what;
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  throw IoError(message);
}

void exec(sqlite3* db, const std::string& db_name, const char* sql, std::string_view what) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message =
        db_name + ": " + std::string(what) + ": " + (error != nullptr ? error : sqlite3_errmsg(db));
    sqlite3_free(error);
    throw IoError(message);
  }
}

Statement::Statement(sqlite3* db, const std::string& db_name, const char* sql) {
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
    throw_error(db, db_name, std::string("cannot prepare \"") + sql + "\"");
  }
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Query::~Query() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Query::check_bind(int rc) {
  if (rc != SQLITE_OK) throw_error(db_, db_name_, what_);
  ++param_;
}

Query& Query::bind_double(double v) {
  check_bind(std::isnan(v) ? sqlite3_bind_null(stmt_, param_)
                           : sqlite3_bind_double(stmt_, param_, v));
  return *this;
}

Query& Query::bind_int(std::int64_t v) {
  check_bind(sqlite3_bind_int64(stmt_, param_, v));
  return *this;
}

Query& Query::bind_text(std::string_view v) {
  check_bind(sqlite3_bind_text64(stmt_, param_, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Query& Query::bind_blob(ByteView v) {
  // A zero-length blob with a null pointer would bind NULL: give SQLite a valid pointer.
  static constexpr std::uint8_t kEmpty = 0;
  const void* data = v.empty() ? &kEmpty : v.data();
  check_bind(sqlite3_bind_blob64(stmt_, param_, data, v.size(), SQLITE_STATIC));
  return *this;
}

Query& Query::bind_null() {
  check_bind(sqlite3_bind_null(stmt_, param_));
  return *this;
}

Query& Query::bind_optional_int(const std::optional<std::int32_t>& v) {
  return v ? bind_int(*v) : bind_null();
}

bool Query::step() {
  column_ = 0;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_error(db_, db_name_, what_);
}

void Query::run() {
  if (step()) throw IoError(db_name_ + ": " + what_ + ": statement unexpectedly returned rows");
}

double Query::get_double() {
  const int c = column_++;
  if (sqlite3_column_type(stmt_, c) == SQLITE_NULL) return std::numeric_limits<double>::quiet_NaN();
  return sqlite3_column_double(stmt_, c);
}

std::int64_t Query::get_int() {
  return sqlite3_column_int64(stmt_, column_++);
}

std::optional<std::int32_t> Query::get_optional_int() {
  const int c = column_++;
  if (sqlite3_column_type(stmt_, c) == SQLITE_NULL) return std::nullopt;
  return static_cast<std::int32_t>(sqlite3_column_int64(stmt_, c));
}

std::string Query::get_text() {
  const int c = column_++;
  const auto* text = sqlite3_column_text(stmt_, c);
  const int size = sqlite3_column_bytes(stmt_, c);  // after column_text: size of the text form
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

ByteView Query::get_blob() {
  const int c = column_++;
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, c));
  const int size = sqlite3_column_bytes(stmt_, c);
  if (data == nullptr || size <= 0) return {};
  return ByteView(data, static_cast<std::size_t>(size));
}

}  // namespace th::sql
