#include "dedup/dedup.hpp"

#include <algorithm>
#include <map>

#include "core/geo.hpp"
#include "store/intervals_index.hpp"

namespace th {
namespace {

// A step longer than this between consecutive samples of one segment, faster than anyone
// moves under their own power or in a car, is a GPS glitch, not travel.
constexpr double kImplausibleSpeedMps = 70.0;

dedup::TrackFacts facts_of(const std::vector<Sample>& samples) {
  dedup::TrackFacts f;
  const Sample* prev = nullptr;
  for (const Sample& s : samples) {
    if (!s.has_position() || !valid_position(s.lat, s.lon)) continue;
    if (prev == nullptr) {
      f.start_lat = s.lat;
      f.start_lon = s.lon;
    } else if (!s.segment_start) {
      const double d = haversine_m(prev->lat, prev->lon, s.lat, s.lon);
      const double dt = has(s.time) && has(prev->time) ? s.time - prev->time : 0.0;
      if (d > dedup::kBrokenJumpM && (dt <= 0 || d / dt > kImplausibleSpeedMps)) {
        f.max_jump_m = std::max(f.max_jump_m, d);
      }
    }
    prev = &s;
  }
  return f;
}

// The cached facts of every track the activities need, computing (and caching) the missing.
std::unordered_map<std::string, dedup::TrackFacts> track_facts(
    Store& store, const std::vector<StoredActivity>& all, std::size_t& decoded) {
  std::unordered_map<std::string, dedup::TrackFacts> facts = dedup::load_track_facts(store);
  std::vector<std::string> missing;
  for (const auto& a : all) {
    if (!a.content_hash.empty() && a.summary.points > 0 && !facts.count(a.content_hash)) {
      missing.push_back(a.content_hash);
      facts.emplace(a.content_hash, dedup::TrackFacts{});  // also dedups `missing`
    }
  }
  if (missing.empty()) return facts;
  std::vector<std::pair<std::string, dedup::TrackFacts>> computed;
  computed.reserve(missing.size());
  for (const std::string& hash : missing) {
    const dedup::TrackFacts f = facts_of(store.track(hash));
    facts[hash] = f;
    computed.emplace_back(hash, f);
  }
  dedup::save_track_facts(store, computed);
  decoded = missing.size();
  return facts;
}

std::string key_text(const dedup::ActivityKey& k) {
  return std::string(source_name(k.source)) + '\x1f' + k.source_id;
}

bool counted(const StoredActivity& a) {
  return (a.flags & (kFlagNotActivity | kFlagDeleted)) == 0;
}

}  // namespace

DedupResult run_dedup(Store& store) {
  DedupResult result;
  result.activities = store.activities();
  const auto& all = result.activities;
  const auto facts = track_facts(store, all, result.tracks_decoded);
  const auto links = intervals_strava_links(store);

  // Records: the rows that can be drawn or counted at all.
  std::vector<dedup::MatchRecord> records;
  std::unordered_map<std::string, std::size_t> record_by_key;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const StoredActivity& a = all[i];
    if (!counted(a)) continue;
    dedup::MatchRecord r;
    r.id = a.id;
    r.source = a.source;
    r.source_id = a.source_id;
    r.start_utc = a.start_utc;
    r.utc_offset_s = a.utc_offset_s;
    r.distance_m = a.summary.distance_m;
    r.points = a.summary.points;
    r.samples = a.summary.samples;
    r.has_heart_rate = a.summary.has_heart_rate;
    r.has_altitude = a.summary.has_altitude;
    r.content_hash = a.content_hash;
    r.start_lat = r.start_lon = kNaN;
    if (const auto f = facts.find(a.content_hash); f != facts.end()) {
      r.start_lat = f->second.start_lat;
      r.start_lon = f->second.start_lon;
      r.max_jump_m = f->second.max_jump_m;
    }
    if (const auto l = links.find(a.id); l != links.end() && a.source == Source::Intervals) {
      r.linked_strava_id = l->second;
    }
    record_by_key.emplace(key_text({a.source, a.source_id}), records.size());
    records.push_back(std::move(r));
  }

  // Decisions in force: the newest not undone per pair / per activity.
  std::vector<dedup::PairChoice> choices;
  std::map<std::pair<std::size_t, std::size_t>, dedup::Decision> pair_decision;
  std::unordered_map<std::size_t, dedup::Decision> activity_decision;
  for (const dedup::Decision& d : dedup::load_decisions(store)) {
    if (d.undone) continue;
    const auto s = record_by_key.find(key_text(d.subject));
    if (s == record_by_key.end()) continue;  // not in the store now: waits for it
    if (!dedup::is_pair_decision(d.kind)) {
      activity_decision[s->second] = d;
      continue;
    }
    const auto o = record_by_key.find(key_text(*d.other));
    if (o == record_by_key.end() || o->second == s->second) continue;
    dedup::PairChoice c;
    c.a = std::min(s->second, o->second);
    c.b = std::max(s->second, o->second);
    c.distinct = d.kind == dedup::DecisionKind::Distinct;
    c.winner = s->second;
    choices.push_back(c);
    pair_decision[{c.a, c.b}] = d;
  }

  const std::vector<dedup::MatchPair> pairs = dedup::find_pairs(records);
  const dedup::Resolution res = dedup::resolve(records, pairs, choices);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const dedup::MatchPair& p = pairs[k];
    DedupPair out;
    out.a_id = records[p.a].id;
    out.b_id = records[p.b].id;
    out.kind = p.kind;
    out.reason = p.reason;
    out.merged = res.merged[k];
    out.winner_id = records[res.winner_of[p.a]].id;
    out.time_shift_s = p.time_shift_s;
    out.start_distance_m = p.start_distance_m;
    if (const auto d = pair_decision.find({p.a, p.b}); d != pair_decision.end()) {
      out.decision = d->second;
    }
    result.pairs.push_back(std::move(out));
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::size_t w = res.winner_of[i];
    if (w != i) {
      result.excluded[records[i].id] = "duplicate of " +
                                       std::string(source_name(records[w].source)) + " " +
                                       records[w].source_id;
    }
    const auto d = activity_decision.find(i);
    if (d == activity_decision.end()) continue;
    result.activity_decisions[records[i].id] = d->second;
    if (d->second.kind == dedup::DecisionKind::Exclude) {
      result.excluded[records[i].id] = "excluded by you";
    } else {
      result.excluded.erase(records[i].id);
    }
  }
  return result;
}

std::vector<StoredActivity> without_excluded(const std::vector<StoredActivity>& all,
                                             const DedupResult& dedup) {
  std::vector<StoredActivity> out;
  out.reserve(all.size());
  for (const auto& a : all) {
    if (!dedup.is_excluded(a.id)) out.push_back(a);
  }
  return out;
}

}  // namespace th
