#pragma once
// Thin RAII over the SQLite C API, internal to the store (later stages that keep their own
// tables in the same database may use it too).
//
//   Statement  owns one prepared statement (finalized in the destructor). Prepare once, use many
//              times: the Store caches one per query it runs.
//   Query      one use of a statement: bind parameters left to right, step, read columns left
//              to right; resets the statement and clears its bindings when it goes out of scope
//              so the next use starts clean, even after an exception.
//
// NaN ↔ NULL: SQLite stores a bound NaN as NULL anyway; here NULL reads back as NaN, so every
// "missing" double of the model survives a round trip. Every failure throws IoError naming the
// database file, what was being done and SQLite's own message.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/errors.hpp"

namespace th::sql {

// IoError "<db file>: <what>: <sqlite message>".
[[noreturn]] void throw_error(sqlite3* db, const std::string& db_name, std::string_view what);

// Runs SQL without results (several statements allowed); throws IoError on failure.
void exec(sqlite3* db, const std::string& db_name, const char* sql, std::string_view what);

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, const std::string& db_name, const char* sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class Query {
 public:
  // `db_name` and `what` must outlive the Query (messages are built only on failure).
  Query(sqlite3* db, const Statement& statement, const std::string& db_name, const char* what)
      : db_(db), stmt_(statement.get()), db_name_(db_name), what_(what) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Binding, parameter after parameter (1, 2, …).
  Query& bind_double(double v);  // NaN → NULL
  Query& bind_int(std::int64_t v);
  Query& bind_text(std::string_view v);  // copied by SQLite
  Query& bind_blob(ByteView v);          // NOT copied: `v` must outlive step()
  Query& bind_null();
  Query& bind_optional_int(const std::optional<std::int32_t>& v);

  // One step: true when a row is ready to read, false when the statement is done.
  bool step();
  // Steps a statement that returns no row (INSERT, UPDATE, …).
  void run();

  // Reading the current row, column after column (0, 1, …); step() rewinds to column 0.
  double get_double();  // NULL → NaN
  std::int64_t get_int();
  std::optional<std::int32_t> get_optional_int();
  std::string get_text();
  // Valid until the next step() or the end of the Query: decode in place, no copy.
  ByteView get_blob();
  void skip_column() { ++column_; }
  // A text column read through `parse` (text → enum, throwing ParseError on text it does not
  // know): the error is rethrown as "<db file>: <what>: <its message>".
  template <class Parse>
  auto get_parsed(Parse parse) {
    const std::string text = get_text();
    try {
      return parse(text);
    } catch (const ParseError& e) {
      throw ParseError(db_name_ + ": " + what_ + ": " + e.what());
    }
  }

 private:
  void check_bind(int rc);

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  const std::string& db_name_;
  const char* what_;
  int param_ = 1;
  int column_ = 0;
};

}  // namespace th::sql
