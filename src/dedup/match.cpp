#include "dedup/match.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>
#include <unordered_set>

#include "core/activity.hpp"
#include "core/geo.hpp"

namespace th::dedup {
namespace {

constexpr double kQuarterHourS = 900.0;

std::uint64_t pair_key(std::size_t a, std::size_t b) {
  return (static_cast<std::uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
}

bool distances_agree(double a, double b) {
  if (!has(a) || !has(b)) return false;
  const double tolerance =
      std::max(kDistanceToleranceFraction * std::max(a, b), kDistanceToleranceM);
  return std::fabs(a - b) <= tolerance;
}

// How well the start times agree once the sources' UTC/local disagreement is allowed for.
struct TimeFit {
  double residual_s = INFINITY;  // |dt − shift|, best shift
  double shift_s = 0;
  bool exact = false;        // shift 0
  bool known_shift = false;  // 0 or one of the records' own UTC offsets
};

TimeFit fit_times(const MatchRecord& x, const MatchRecord& y) {
  const double dt = y.start_utc - x.start_utc;
  TimeFit fit;
  auto consider = [&](double shift, bool known) {
    const double r = std::fabs(dt - shift);
    if (r <= kTimeToleranceS && r < fit.residual_s) {
      fit.residual_s = r;
      fit.shift_s = shift;
      fit.known_shift = known;
      fit.exact = shift == 0;
    }
  };
  consider(0, true);
  for (const auto& off : {x.utc_offset_s, y.utc_offset_s}) {
    if (off && *off != 0) {
      consider(*off, true);
      consider(-*off, true);
    }
  }
  if (!x.utc_offset_s && !y.utc_offset_s && std::fabs(dt) <= kMaxShiftS + kTimeToleranceS) {
    consider(std::round(dt / kQuarterHourS) * kQuarterHourS, false);
  }
  return fit;
}

bool far_fewer_points(const MatchRecord& x, const MatchRecord& y) {
  const double lo = std::min(x.points, y.points), hi = std::max(x.points, y.points);
  return hi > 0 && lo < kFewerPointsFraction * hi;
}

void append_reason(std::string& reason, const std::string& what) {
  if (!reason.empty()) reason += "; ";
  reason += what;
}

// A pair of two records of different sources whose start times agree, or nullopt.
std::optional<MatchPair> judge(const std::vector<MatchRecord>& records, std::size_t i,
                               std::size_t j) {
  const MatchRecord& x = records[i];
  const MatchRecord& y = records[j];
  const TimeFit time = fit_times(x, y);
  if (!has(time.residual_s) || std::isinf(time.residual_s)) return std::nullopt;

  MatchPair p;
  p.a = std::min(i, j);
  p.b = std::max(i, j);
  p.time_shift_s = i < j ? time.shift_s : -time.shift_s;  // start of b minus start of a
  const bool both_gps = has_gps(x) && has_gps(y);
  p.start_distance_m =
      both_gps ? haversine_m(x.start_lat, x.start_lon, y.start_lat, y.start_lon) : kNaN;
  const bool starts_ok = both_gps && p.start_distance_m <= kStartToleranceM;
  const bool distance_ok = distances_agree(x.distance_m, y.distance_m);
  const bool broken = is_broken(x) || is_broken(y);
  const bool fewer = both_gps && far_fewer_points(x, y);
  const bool one_without_gps = has_gps(x) != has_gps(y);
  p.score =
      time.residual_s + (both_gps ? p.start_distance_m : 0.0) +
      (has(x.distance_m) && has(y.distance_m) ? std::fabs(x.distance_m - y.distance_m) / 10 : 0.0);

  const std::string when = time.exact ? "same start time"
                                      : "start times agree " +
                                            std::to_string(static_cast<int>(time.shift_s / 60)) +
                                            " min apart (UTC vs local time)";
  if (both_gps && starts_ok && distance_ok && !broken && !fewer) {
    p.kind = PairKind::Probable;
    p.reason = when + ", starts " + std::to_string(static_cast<int>(p.start_distance_m)) +
               " m apart, distances agree";
    return p;
  }
  if (!has_gps(x) && !has_gps(y) && distance_ok && time.known_shift) {
    p.kind = time.exact ? PairKind::Probable : PairKind::Ambiguous;
    p.reason = when + ", no GPS on either, distances agree";
    return p;
  }
  // Something does not fit: ambiguous, but only on strong time evidence (one person records one
  // outing at a time; a whole-hour shift with nothing else agreeing is more likely another one).
  const bool damaged = broken || fewer || one_without_gps;
  if (!(time.exact || (time.known_shift && damaged))) return std::nullopt;
  p.kind = PairKind::Ambiguous;
  p.reason = when;
  if (both_gps && !starts_ok) {
    append_reason(p.reason,
                  "starts " + std::to_string(static_cast<int>(p.start_distance_m)) + " m apart");
  }
  if (!distance_ok) append_reason(p.reason, "distances far apart");
  if (one_without_gps) append_reason(p.reason, "one has no GPS");
  if (broken) append_reason(p.reason, "a track jumps more than 1 km");
  if (fewer) append_reason(p.reason, "one track has far fewer points");
  return p;
}

// Rank of a record as the group's winner: larger is richer.
auto richness(const MatchRecord& r) {
  return std::make_tuple(has_gps(r), !is_broken(r), r.has_heart_rate, r.has_altitude, r.points,
                         r.samples, -r.id);
}

class Groups {
 public:
  explicit Groups(const std::vector<MatchRecord>& records)
      : records_(records), parent_(records.size()) {
    std::iota(parent_.begin(), parent_.end(), std::size_t{0});
  }
  std::size_t root(std::size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  // Merges the groups of a and b unless that would put two different outings of one source
  // together. Members are listed per root for the check (groups are tiny).
  bool merge(std::size_t a, std::size_t b) {
    const std::size_t ra = root(a), rb = root(b);
    if (ra == rb) return true;
    auto& ma = members(ra);
    auto& mb = members(rb);
    for (const std::size_t x : ma) {
      for (const std::size_t y : mb) {
        if (records_[x].source == records_[y].source && content_key(x) != content_key(y)) {
          return false;
        }
      }
    }
    parent_[rb] = ra;
    ma.insert(ma.end(), mb.begin(), mb.end());
    members_.erase(rb);
    return true;
  }

 private:
  std::vector<std::size_t>& members(std::size_t r) {
    auto [it, inserted] = members_.try_emplace(r);
    if (inserted) it->second.push_back(r);
    return it->second;
  }
  std::string content_key(std::size_t i) const {
    const auto& h = records_[i].content_hash;
    return h.empty() ? "#" + std::to_string(records_[i].id) : h;
  }

  const std::vector<MatchRecord>& records_;
  std::vector<std::size_t> parent_;
  std::unordered_map<std::size_t, std::vector<std::size_t>> members_;
};

}  // namespace

bool has_gps(const MatchRecord& r) {
  return r.points >= 2 && has(r.start_lat) && has(r.start_lon);
}

bool is_broken(const MatchRecord& r) {
  return has_gps(r) && r.max_jump_m > kBrokenJumpM;
}

const char* pair_kind_name(PairKind k) {
  switch (k) {
    case PairKind::Ambiguous: return "ambiguous";
    case PairKind::Probable: return "probable";
    case PairKind::Certain: return "certain";
  }
  return "ambiguous";
}

std::vector<MatchPair> find_pairs(const std::vector<MatchRecord>& records) {
  std::vector<MatchPair> pairs;
  std::unordered_set<std::uint64_t> seen;
  auto add_certain = [&](std::size_t i, std::size_t j, std::string reason) {
    if (i == j || !seen.insert(pair_key(i, j)).second) return;
    MatchPair p;
    p.a = std::min(i, j);
    p.b = std::max(i, j);
    p.kind = PairKind::Certain;
    p.reason = std::move(reason);
    const MatchRecord &x = records[i], &y = records[j];
    p.start_distance_m = has_gps(x) && has_gps(y)
                             ? haversine_m(x.start_lat, x.start_lon, y.start_lat, y.start_lon)
                             : kNaN;
    pairs.push_back(std::move(p));
  };

  std::unordered_map<std::string, std::size_t> by_content, strava_by_id;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].source == Source::Strava) strava_by_id.emplace(records[i].source_id, i);
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const MatchRecord& r = records[i];
    if (!r.content_hash.empty()) {
      const auto [it, inserted] = by_content.emplace(r.content_hash, i);
      if (!inserted) add_certain(it->second, i, "same file content");
    }
    if (r.source == Source::Intervals && !r.linked_strava_id.empty()) {
      const auto it = strava_by_id.find(r.linked_strava_id);
      if (it != strava_by_id.end())
        add_certain(it->second, i, "intervals.icu names this Strava activity");
    }
  }

  // Time window over records sorted by start.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (has(records[i].start_utc)) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return std::tie(records[x].start_utc, x) < std::tie(records[y].start_utc, y);
  });
  const std::size_t first_probable = pairs.size();
  for (std::size_t k = 0; k < order.size(); ++k) {
    const MatchRecord& x = records[order[k]];
    for (std::size_t l = k + 1; l < order.size(); ++l) {
      const MatchRecord& y = records[order[l]];
      if (y.start_utc - x.start_utc > kMaxShiftS + kTimeToleranceS) break;
      if (x.source == y.source || seen.count(pair_key(order[k], order[l]))) continue;
      if (auto p = judge(records, order[k], order[l])) {
        seen.insert(pair_key(p->a, p->b));
        pairs.push_back(std::move(*p));
      }
    }
  }

  // A record with several candidates in one other source: each of those pairs is ambiguous.
  std::unordered_map<std::string, int> candidates;  // "<index>|<other source>" → count
  auto slot = [&](std::size_t i, std::size_t other) {
    return std::to_string(i) + "|" + std::string(source_name(records[other].source));
  };
  for (const MatchPair& p : pairs) {
    ++candidates[slot(p.a, p.b)];
    ++candidates[slot(p.b, p.a)];
  }
  for (std::size_t k = first_probable; k < pairs.size(); ++k) {
    MatchPair& p = pairs[k];
    if (candidates[slot(p.a, p.b)] > 1 || candidates[slot(p.b, p.a)] > 1) {
      p.kind = PairKind::Ambiguous;
      append_reason(p.reason, "several candidates");
    }
  }

  std::stable_sort(pairs.begin(), pairs.end(), [](const MatchPair& x, const MatchPair& y) {
    return std::tie(y.kind, x.score) < std::tie(x.kind, y.score);
  });
  return pairs;
}

Resolution resolve(const std::vector<MatchRecord>& records, const std::vector<MatchPair>& pairs,
                   const std::vector<PairChoice>& choices) {
  // The choice in force per pair: the newest.
  std::unordered_map<std::uint64_t, PairChoice> chosen;
  std::vector<std::uint64_t> winner_order;  // pairs with a chosen winner, oldest choice first
  for (const PairChoice& c : choices) {
    const std::uint64_t key = pair_key(c.a, c.b);
    chosen[key] = c;
    std::erase(winner_order, key);
    if (!c.distinct) winner_order.push_back(key);
  }

  Resolution out;
  out.merged.assign(pairs.size(), false);
  Groups groups(records);
  std::unordered_map<std::uint64_t, std::size_t> pair_index;
  for (std::size_t k = 0; k < pairs.size(); ++k) pair_index[pair_key(pairs[k].a, pairs[k].b)] = k;

  // Pairs the user decided first (their word beats any automatic evidence), then the rest in
  // order of evidence.
  for (const std::uint64_t key : winner_order) {
    const auto it = pair_index.find(key);
    if (it != pair_index.end())
      out.merged[it->second] = groups.merge(pairs[it->second].a, pairs[it->second].b);
  }
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const auto c = chosen.find(pair_key(pairs[k].a, pairs[k].b));
    if (c != chosen.end()) continue;  // decided above (merged) or distinct (never merged)
    out.merged[k] = groups.merge(pairs[k].a, pairs[k].b);
  }

  // Winner per group: the newest user choice inside the group, else the richest member.
  std::unordered_map<std::size_t, std::size_t> winner;  // root → record
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::size_t r = groups.root(i);
    const auto [it, inserted] = winner.try_emplace(r, i);
    if (!inserted && richness(records[i]) > richness(records[it->second])) it->second = i;
  }
  for (const std::uint64_t key : winner_order) {
    const auto p = pair_index.find(key);
    if (p == pair_index.end() || !out.merged[p->second]) continue;
    const PairChoice& c = chosen[key];
    winner[groups.root(c.winner)] = c.winner;
  }
  out.winner_of.resize(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) out.winner_of[i] = winner[groups.root(i)];
  return out;
}

}  // namespace th::dedup
