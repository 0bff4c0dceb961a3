// Opening databases: identity checks, migrations, versions.

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <random>
#include <string>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

// A raw connection for building fixtures the Store must cope with.
class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& file) {
    if (sqlite3_open(file.string().c_str(), &db_) != SQLITE_OK) ADD_FAILURE() << "open";
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << (error ? error : "?");
    }
    sqlite3_free(error);
  }
  std::int64_t scalar(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    std::int64_t v = -1;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      v = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return v;
  }
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Opening `file` must throw IoError whose message names the file and contains `expected`.
void expect_refused(const std::filesystem::path& file, const std::string& expected) {
  try {
    Store store(file);
    FAIL() << file << " was accepted";
  } catch (const IoError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << message;
  }
}

TEST(StoreSchema, NewDatabaseIsStampedAndAtTheLatestVersion) {
  test::ScratchDir dir;
  const auto file = dir.path() / "trackheat.db";
  {
    Store store(file);
    EXPECT_EQ(store.schema_version(), schema::latest_version());
  }
  RawDb raw(file);
  EXPECT_EQ(raw.scalar("PRAGMA application_id"), schema::kApplicationId);
  EXPECT_EQ(raw.scalar("SELECT value FROM meta WHERE key = 'schema_version'"),
            schema::latest_version());
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM sqlite_master WHERE name IN "
                       "('meta', 'parsed', 'activities')"),
            3);
}

TEST(StoreSchema, UsesWalJournal) {
  test::ScratchDir dir;
  Store store(dir.path() / "trackheat.db");
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(store.handle(), "PRAGMA journal_mode", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "wal");
  sqlite3_finalize(s);
}

TEST(StoreSchema, AnEmptyFileBecomesADatabase) {
  test::ScratchDir dir;
  const auto file = dir.path() / "trackheat.db";
  write_file_atomic(file, std::string_view(""));
  Store store(file);
  EXPECT_EQ(store.schema_version(), schema::latest_version());
}

TEST(StoreSchema, RefusesAFileThatIsNotSqliteAndLeavesItAlone) {
  test::ScratchDir dir;
  const auto text = dir.path() / "notes.db";
  write_file_atomic(text, std::string_view("these are my notes, not a database\n"));
  expect_refused(text, "not a trackheat database (not an SQLite file)");
  EXPECT_EQ(read_file(text).size(), 35u);

  const auto binary = dir.path() / "random.db";
  std::mt19937 rng(5);
  Bytes junk(8192);
  for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
  write_file_atomic(binary, junk);
  expect_refused(binary, "not a trackheat database");
  EXPECT_EQ(read_file(binary), junk);
}

TEST(StoreSchema, RefusesAnotherApplicationsDatabaseAndLeavesItAlone) {
  test::ScratchDir dir;
  const auto file = dir.path() / "other.sqlite";
  {
    RawDb raw(file);
    raw.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')");
  }
  const Bytes before = read_file(file);
  expect_refused(file, "not a trackheat database (an SQLite database of another application)");
  EXPECT_EQ(read_file(file), before);

  // Marked by its own application id, even without tables.
  const auto marked = dir.path() / "marked.sqlite";
  {
    RawDb raw(marked);
    raw.exec("PRAGMA application_id = 12345");
  }
  const Bytes marked_before = read_file(marked);
  expect_refused(marked, "another application");
  EXPECT_EQ(read_file(marked), marked_before);
}

TEST(StoreSchema, RefusesADatabaseFromANewerTrackheat) {
  test::ScratchDir dir;
  const auto file = dir.path() / "trackheat.db";
  { Store store(file); }
  {
    RawDb raw(file);
    raw.exec("UPDATE meta SET value = 99 WHERE key = 'schema_version'");
  }
  const Bytes before = read_file(file);
  expect_refused(file, "created by a newer trackheat (schema version 99");
  EXPECT_EQ(read_file(file), before);
}

TEST(StoreSchema, ReportsAFolderInsteadOfAFile) {
  test::ScratchDir dir;
  const auto folder = dir.path() / "trackheat.db";
  std::filesystem::create_directories(folder);
  expect_refused(folder, "cannot open the database");
}

// The migration runner with a list of two, as a later stage will extend it.
const schema::Migration kFirst{1, "contacts",
                               "CREATE TABLE meta (key TEXT PRIMARY KEY, value);"
                               "CREATE TABLE contacts (name TEXT NOT NULL);"};
const schema::Migration kSecond{2, "emails",
                                "ALTER TABLE contacts ADD COLUMN email TEXT;"
                                "CREATE TABLE groups (name TEXT);"};
const schema::Migration kBroken{2, "broken",
                                "CREATE TABLE groups (name TEXT);"
                                "INSERT INTO no_such_table VALUES (1);"};

TEST(StoreSchema, MigratesFromVersionZeroAndFromVersionOne) {
  test::ScratchDir dir;
  RawDb raw(dir.path() / "m.db");
  const std::string name = "m.db";
  EXPECT_EQ(schema::read_version(raw.get(), name), 0);

  const schema::Migration v1[] = {kFirst};
  EXPECT_EQ(schema::migrate(raw.get(), name, v1), 1);
  EXPECT_EQ(schema::read_version(raw.get(), name), 1);
  raw.exec("INSERT INTO contacts (name) VALUES ('Ada'), ('Grace')");

  const schema::Migration v2[] = {kFirst, kSecond};
  EXPECT_EQ(schema::migrate(raw.get(), name, v2), 2);
  EXPECT_EQ(schema::read_version(raw.get(), name), 2);
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM contacts WHERE email IS NULL"), 2);  // rows kept
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM groups"), 0);
  EXPECT_EQ(raw.scalar("PRAGMA application_id"), schema::kApplicationId);

  // Running again changes nothing.
  EXPECT_EQ(schema::migrate(raw.get(), name, v2), 2);

  // From 0 straight to 2.
  RawDb fresh(dir.path() / "fresh.db");
  EXPECT_EQ(schema::migrate(fresh.get(), name, v2), 2);
  EXPECT_EQ(fresh.scalar("SELECT count(*) FROM groups"), 0);
}

TEST(StoreSchema, AFailedMigrationChangesNothing) {
  test::ScratchDir dir;
  RawDb raw(dir.path() / "m.db");
  const std::string name = "m.db";
  const schema::Migration v1[] = {kFirst};
  schema::migrate(raw.get(), name, v1);
  raw.exec("INSERT INTO contacts (name) VALUES ('Ada')");

  const schema::Migration broken[] = {kFirst, kBroken};
  try {
    schema::migrate(raw.get(), name, broken);
    FAIL() << "broken migration succeeded";
  } catch (const IoError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("schema migration 2 (broken) failed"), std::string::npos) << message;
    EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
  }
  EXPECT_EQ(schema::read_version(raw.get(), name), 1);
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'groups'"), 0);
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM contacts"), 1);
  EXPECT_EQ(sqlite3_get_autocommit(raw.get()), 1);  // no transaction left open
}

TEST(StoreSchema, HandMadeVersionOneDatabaseOpens) {
  // What an older build left behind: the version 1 schema, a row, no WAL yet.
  test::ScratchDir dir;
  const auto file = dir.path() / "old.db";
  {
    RawDb raw(file);
    ASSERT_EQ(schema::migrations().front().version, 1);
    raw.exec(schema::migrations().front().sql);
    raw.exec("INSERT INTO meta VALUES ('schema_version', 1)");
    raw.exec("PRAGMA application_id = " + std::to_string(schema::kApplicationId));
    raw.exec(
        "INSERT INTO activities (source, source_id, sport, name, start_utc, flags, "
        "sample_count, point_count, has_heart_rate, has_altitude, file_path, content_hash) "
        "VALUES ('strava', '7', 'Hike', 'Old hike', 1.5e9, 0, 10, 9, 1, 0, '', '')");
  }
  Store store(file);
  EXPECT_EQ(store.schema_version(), schema::latest_version());
  const auto hike = store.find_activity(Source::Strava, "7");
  ASSERT_TRUE(hike.has_value());
  EXPECT_EQ(hike->sport, Sport::Hike);
  EXPECT_EQ(hike->name, "Old hike");
  EXPECT_EQ(hike->summary.points, 9u);
  EXPECT_TRUE(std::isnan(hike->summary.distance_m));  // NULL → NaN
}

TEST(StoreSchema, MigrationListIsNumberedWithoutGaps) {
  int expected = 1;
  for (const auto& m : schema::migrations()) EXPECT_EQ(m.version, expected++);
  EXPECT_EQ(schema::latest_version(), expected - 1);
}

}  // namespace
}  // namespace th
