#include "store/dedup_tables.hpp"

#include "core/errors.hpp"
#include "store/sqlite_stmt.hpp"
#include "store/store.hpp"

namespace th::dedup {

const char* decision_kind_name(DecisionKind k) {
  switch (k) {
    case DecisionKind::Winner: return "winner";
    case DecisionKind::Distinct: return "distinct";
    case DecisionKind::Exclude: return "exclude";
    case DecisionKind::Include: return "include";
  }
  return "exclude";
}

std::optional<DecisionKind> decision_kind_from_name(const std::string& name) {
  for (const DecisionKind k : {DecisionKind::Winner, DecisionKind::Distinct, DecisionKind::Exclude,
                               DecisionKind::Include}) {
    if (name == decision_kind_name(k)) return k;
  }
  return std::nullopt;
}

bool is_pair_decision(DecisionKind k) {
  return k == DecisionKind::Winner || k == DecisionKind::Distinct;
}

std::vector<Decision> load_decisions(Store& store) {
  sql::Statement s(store.handle(), store.name(),
                   "SELECT id, kind, subject_source, subject_id, other_source, other_id, "
                   "created_utc, undone FROM dedup_decisions ORDER BY id");
  sql::Query q(store.handle(), s, store.name(), "cannot read dedup decisions");
  std::vector<Decision> out;
  while (q.step()) {
    Decision d;
    d.id = q.get_int();
    const auto kind = decision_kind_from_name(q.get_text());
    d.subject.source = q.get_parsed(parse_source);
    d.subject.source_id = q.get_text();
    const std::optional<Source> other_source = q.get_parsed([](const std::string& text) {
      return text.empty() ? std::nullopt : std::optional(parse_source(text));  // NULL reads as ""
    });
    const std::string other_id = q.get_text();
    d.created_utc = q.get_double();
    d.undone = q.get_int() != 0;
    if (!kind) continue;  // written by a newer build: not understood, left alone
    d.kind = *kind;
    if (is_pair_decision(d.kind)) {
      if (!other_source) continue;
      d.other = ActivityKey{*other_source, other_id};
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::int64_t add_decision(Store& store, const Decision& d) {
  if (is_pair_decision(d.kind) != d.other.has_value()) {
    throw UsageError(std::string("a '") + decision_kind_name(d.kind) + "' decision " +
                     (d.other ? "names one activity only" : "needs two activities"));
  }
  sql::Statement s(store.handle(), store.name(),
                   "INSERT INTO dedup_decisions (kind, subject_source, subject_id, other_source, "
                   "other_id, created_utc) VALUES (?, ?, ?, ?, ?, ?)");
  sql::Query q(store.handle(), s, store.name(), "cannot store a dedup decision");
  q.bind_text(decision_kind_name(d.kind))
      .bind_text(source_name(d.subject.source))
      .bind_text(d.subject.source_id);
  if (d.other) {
    q.bind_text(source_name(d.other->source)).bind_text(d.other->source_id);
  } else {
    q.bind_null().bind_null();
  }
  q.bind_double(d.created_utc);
  q.run();
  return sqlite3_last_insert_rowid(store.handle());
}

std::optional<std::int64_t> undo_decision(Store& store, std::optional<std::int64_t> id) {
  std::int64_t target = 0;
  {
    sql::Statement s(
        store.handle(), store.name(),
        id ? "SELECT id FROM dedup_decisions WHERE undone = 0 AND id = ?"
           : "SELECT id FROM dedup_decisions WHERE undone = 0 ORDER BY id DESC LIMIT 1");
    sql::Query q(store.handle(), s, store.name(), "cannot read dedup decisions");
    if (id) q.bind_int(*id);
    if (!q.step()) return std::nullopt;
    target = q.get_int();
  }
  sql::Statement s(store.handle(), store.name(),
                   "UPDATE dedup_decisions SET undone = 1 WHERE id = ?");
  sql::Query q(store.handle(), s, store.name(), "cannot undo a dedup decision");
  q.bind_int(target).run();
  return target;
}

std::unordered_map<std::string, TrackFacts> load_track_facts(const Store& store) {
  sql::Statement s(store.handle(), store.name(),
                   "SELECT content_hash, start_lat, start_lon, max_jump_m FROM dedup_tracks");
  sql::Query q(store.handle(), s, store.name(), "cannot read dedup track facts");
  std::unordered_map<std::string, TrackFacts> facts;
  while (q.step()) {
    std::string hash = q.get_text();
    TrackFacts f;
    f.start_lat = q.get_double();
    f.start_lon = q.get_double();
    f.max_jump_m = q.get_double();
    facts.emplace(std::move(hash), f);
  }
  return facts;
}

void save_track_facts(Store& store, const std::vector<std::pair<std::string, TrackFacts>>& facts) {
  Store::Transaction tx(store);
  sql::Statement s(store.handle(), store.name(),
                   "INSERT OR REPLACE INTO dedup_tracks (content_hash, start_lat, start_lon, "
                   "max_jump_m) VALUES (?, ?, ?, ?)");
  for (const auto& [hash, f] : facts) {
    sql::Query q(store.handle(), s, store.name(), "cannot store dedup track facts");
    q.bind_text(hash).bind_double(f.start_lat).bind_double(f.start_lon).bind_double(f.max_jump_m);
    q.run();
  }
  tx.commit();
}

}  // namespace th::dedup
