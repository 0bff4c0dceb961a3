#include "store/intervals_index.hpp"

#include "store/sqlite_stmt.hpp"

namespace th {

namespace {

std::optional<std::string> nonempty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

void bind_text_or_null(sql::Query& q, const std::string& s) {
  if (auto v = nonempty(s)) {
    q.bind_text(*v);
  } else {
    q.bind_null();
  }
}

}  // namespace

std::string_view intervals_state_name(IntervalsState s) {
  switch (s) {
    case IntervalsState::Pending: return "pending";
    case IntervalsState::Downloaded: return "downloaded";
    case IntervalsState::Stub: return "stub";
    case IntervalsState::Failed: return "failed";
    case IntervalsState::Deleted: return "deleted";
  }
  return "pending";
}

IntervalsState parse_intervals_state(std::string_view text) {
  for (const IntervalsState s :
       {IntervalsState::Pending, IntervalsState::Downloaded, IntervalsState::Stub,
        IntervalsState::Failed, IntervalsState::Deleted}) {
    if (text == intervals_state_name(s)) return s;
  }
  throw ParseError("unknown intervals.icu row state '" + std::string(text.substr(0, 40)) + "'");
}

std::map<std::string, IntervalsEntry> load_intervals_index(const Store& store) {
  sqlite3* db = store.handle();
  sql::Statement s(db, store.name(),
                   "SELECT intervals_id, activity_id, state, strava_id, external_id, "
                   "upstream_source, type, name, start_local, start_utc, timezone, distance_m, "
                   "moving_s, elapsed_s, elevation_gain_m, listing_hash, file_name, file_hash, "
                   "error, updated_utc FROM intervals_activities");
  sql::Query q(db, s, store.name(), "cannot read the intervals.icu index");
  std::map<std::string, IntervalsEntry> out;
  while (q.step()) {
    IntervalsEntry e;
    e.intervals_id = q.get_text();
    if (sqlite3_column_type(s.get(), 1) == SQLITE_NULL) {
      q.skip_column();
    } else {
      e.activity_id = q.get_int();
    }
    e.state = q.get_parsed(parse_intervals_state);
    e.strava_id = q.get_text();
    e.external_id = q.get_text();
    e.upstream_source = q.get_text();
    e.type = q.get_text();
    e.name = q.get_text();
    e.start_local = q.get_text();
    e.start_utc = q.get_double();
    e.timezone = q.get_text();
    e.distance_m = q.get_double();
    e.moving_s = q.get_double();
    e.elapsed_s = q.get_double();
    e.elevation_gain_m = q.get_double();
    e.listing_hash = q.get_text();
    e.file_name = q.get_text();
    e.file_hash = q.get_text();
    e.error = q.get_text();
    e.updated_utc = q.get_double();
    std::string key = e.intervals_id;
    out.emplace(std::move(key), std::move(e));
  }
  return out;
}

void put_intervals_entry(Store& store, const IntervalsEntry& e) {
  sqlite3* db = store.handle();
  sql::Statement s(
      db, store.name(),
      "INSERT INTO intervals_activities (intervals_id, state, strava_id, external_id, "
      "upstream_source, type, name, start_local, start_utc, timezone, distance_m, moving_s, "
      "elapsed_s, elevation_gain_m, listing_hash, file_name, file_hash, error, updated_utc) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (intervals_id) DO UPDATE SET state = excluded.state, "
      "strava_id = excluded.strava_id, external_id = excluded.external_id, "
      "upstream_source = excluded.upstream_source, type = excluded.type, name = excluded.name, "
      "start_local = excluded.start_local, start_utc = excluded.start_utc, "
      "timezone = excluded.timezone, distance_m = excluded.distance_m, "
      "moving_s = excluded.moving_s, elapsed_s = excluded.elapsed_s, "
      "elevation_gain_m = excluded.elevation_gain_m, listing_hash = excluded.listing_hash, "
      "file_name = excluded.file_name, file_hash = excluded.file_hash, error = excluded.error, "
      "updated_utc = excluded.updated_utc");
  sql::Query q(db, s, store.name(), "cannot write the intervals.icu index");
  q.bind_text(e.intervals_id).bind_text(intervals_state_name(e.state));
  for (const std::string* t :
       {&e.strava_id, &e.external_id, &e.upstream_source, &e.type, &e.name, &e.start_local}) {
    bind_text_or_null(q, *t);
  }
  q.bind_double(e.start_utc);
  bind_text_or_null(q, e.timezone);
  q.bind_double(e.distance_m).bind_double(e.moving_s).bind_double(e.elapsed_s);
  q.bind_double(e.elevation_gain_m);
  for (const std::string* t : {&e.listing_hash, &e.file_name, &e.file_hash, &e.error}) {
    bind_text_or_null(q, *t);
  }
  q.bind_double(e.updated_utc);
  q.run();
}

std::optional<std::string> get_sync_state(const Store& store, const std::string& key) {
  sqlite3* db = store.handle();
  sql::Statement s(db, store.name(), "SELECT value FROM sync_state WHERE key = ?");
  sql::Query q(db, s, store.name(), "cannot read the sync state");
  q.bind_text(key);
  if (!q.step()) return std::nullopt;
  return q.get_text();
}

void set_sync_state(Store& store, const std::string& key, const std::string& value) {
  sqlite3* db = store.handle();
  sql::Statement s(db, store.name(),
                   "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  sql::Query q(db, s, store.name(), "cannot write the sync state");
  q.bind_text(key).bind_text(value);
  q.run();
}

std::unordered_map<std::int64_t, std::string> intervals_strava_links(const Store& store) {
  sql::Statement s(store.handle(), store.name(),
                   "SELECT activity_id, strava_id FROM intervals_activities "
                   "WHERE activity_id IS NOT NULL AND strava_id IS NOT NULL AND strava_id != ''");
  sql::Query q(store.handle(), s, store.name(), "cannot read intervals.icu links");
  std::unordered_map<std::int64_t, std::string> out;
  while (q.step()) {
    const std::int64_t id = q.get_int();
    out[id] = q.get_text();
  }
  return out;
}

void link_imported_activities(Store& store) {
  sql::exec(store.handle(), store.name(),
            "UPDATE intervals_activities SET activity_id = (SELECT a.id FROM activities a "
            "WHERE a.source = 'intervals' AND a.source_id = intervals_activities.intervals_id)",
            "cannot link intervals.icu rows to activities");
}

}  // namespace th
