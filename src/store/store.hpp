#pragma once
// The embedded store: one SQLite database (default cache/trackheat.db, WAL mode).
//
//   meta          key/value: schema_version, …
//   parsed        parse cache: (content_hash, parser_version) → file metadata, derived summary,
//                 warnings and the track as a compact blob (see track_codec.hpp). An unchanged
//                 file is never parsed twice.
//   activities    one row per (source, source_id): what the map and the stats count.
//
// Schema changes go through numbered migrations (store/schema.cpp); opening an older database
// migrates it in place inside one transaction, never loses rows. A later stage that needs its own
// tables (dedup decisions, sync state) appends a migration to the list in store/schema.cpp (the
// recipe is in store/schema.hpp) and the functions that read and write them to the store
// (store/dedup_tables.hpp, store/intervals_index.hpp): only src/store/ talks to SQLite.
//
// Identity: a trackheat database carries PRAGMA application_id "trkh". Opening any other SQLite
// database that has tables, or a file that is not SQLite at all, throws IoError and leaves the
// file untouched. A database whose schema version is newer than this build is refused too.
//
// Representation: a missing double (NaN) is stored as NULL; every other value round-trips
// exactly, except the track blob's stated precision (track_codec.hpp) and warnings, stored as a
// JSON array (invalid UTF-8 in them comes back as U+FFFD).
//
// A Store is one connection: use it from one thread at a time. Prepared statements are cached
// per Store, so thousands of upserts inside one Transaction stay cheap.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/bytes.hpp"

struct sqlite3;

namespace th {

enum class UpsertOutcome { Added, Unchanged, Updated };

// A file as import last saw it: where (`location`: an absolute path, or an export and the path
// inside it), how it looked without reading it (`identity`, e.g. size and mtime), and the
// content hash of its bytes then.
struct KnownFile {
  std::string location;
  std::string identity;
  std::string content_hash;
};

class Store {
 public:
  // Creates the parent folder and the database if needed, enables WAL, migrates.
  // Throws IoError when the file cannot be opened or is not a trackheat database.
  explicit Store(const std::filesystem::path& db_file);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;

  // --- parse cache -------------------------------------------------------------------------
  bool has_parsed(const std::string& content_hash, int parser_version) const;
  // Stores the whole parsed Activity (metadata, totals, summary, warnings, samples), replacing
  // any row of the same key. Throws ParseError when the track is too long to encode (more than
  // 2^25 samples, see track_codec.hpp).
  void put_parsed(const std::string& content_hash, int parser_version, const Activity& parsed);
  // Every content hash cached for `parser_version`: lets import workers skip known files
  // without touching the connection from their threads.
  std::vector<std::string> parsed_hashes(int parser_version) const;
  // Everything put_parsed stored; samples decoded only when `with_samples`.
  std::optional<Activity> get_parsed(const std::string& content_hash, int parser_version,
                                     bool with_samples = true) const;

  // --- known files (lets import skip reading unchanged files) ------------------------------
  std::vector<KnownFile> known_files() const;
  void put_known_file(const KnownFile& file);

  // --- activities --------------------------------------------------------------------------
  // Inserts or updates by (source, source_id); sets `a.id` (its input value is ignored).
  // Unchanged when every stored field is equal (NaN equals NaN).
  UpsertOutcome upsert_activity(StoredActivity& a);
  // Ordered by start time (activities without one last), then id.
  std::vector<StoredActivity> activities() const;
  std::optional<StoredActivity> find_activity(Source source, const std::string& source_id) const;
  // Samples of an activity's parsed track: the newest parser version present; empty when the
  // parse cache has no entry for the hash. Throws ParseError when the stored blob is corrupt.
  std::vector<Sample> track(const std::string& content_hash) const;
  // The same track still encoded (track_codec.hpp), for callers that decode on other threads
  // (decode_track is thread-safe; this connection is not); empty when there is none.
  Bytes track_blob(const std::string& content_hash) const;

  // --- transactions ------------------------------------------------------------------------
  // RAII: BEGIN IMMEDIATE (takes the write lock at once, so a busy database fails here, not
  // half-way); commits on commit(), rolls back in the destructor otherwise (e.g. an exception).
  // Not nestable: opening a second one while the first is alive throws IoError.
  class Transaction {
   public:
    explicit Transaction(Store& store);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    Store& store_;
    bool done_ = false;
  };

  // The connection, for the store's table files only (store.cpp, store_rows.cpp, schema.cpp,
  // intervals_index.cpp, dedup_tables.cpp): other stages reach their tables through those
  // files' functions and never see SQLite (scripts/check_layers.sh checks it).
  sqlite3* handle() const { return db_; }
  // The database file's name as given, for messages.
  const std::string& name() const { return name_; }

 private:
  struct Statements;  // the prepared-statement cache (store.cpp)

  void exec(const char* sql) const;
  void open_and_check(const std::filesystem::path& db_file);

  sqlite3* db_ = nullptr;
  std::string name_;
  int schema_version_ = 0;
  std::unique_ptr<Statements> statements_;
};

}  // namespace th
