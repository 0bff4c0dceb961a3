#include "admin/admin_api.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <unordered_map>

#include "admin/admin_json.hpp"
#include "admin/rebuild_job.hpp"
#include "core/errors.hpp"
#include "dedup/dedup.hpp"
#include "store/store.hpp"

namespace th {
namespace {

using nlohmann::json;

AdminResponse reply(int status, const json& body) {
  AdminResponse r;
  r.status = status;
  r.body = admin::dump(body);
  return r;
}

AdminResponse error(int status, const std::string& message) {
  return reply(status, json{{"error", message}});
}

double now_utc() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

json parse_body(const AdminRequest& req) {
  if (req.body.empty()) return json::object();
  json j = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) throw UsageError("the request body must be a JSON object");
  return j;
}

std::int64_t id_field(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || !it->is_number_integer()) {
    throw UsageError(std::string("field '") + name + "' must be an activity id");
  }
  return it->get<std::int64_t>();
}

// Row id → record, for the actions (which name rows) and the pairs (which hold row ids).
class RowIndex {
 public:
  explicit RowIndex(const std::vector<StoredActivity>& all) {
    for (const auto& a : all) by_id_.emplace(a.id, &a);
  }
  const StoredActivity& at(std::int64_t id) const {
    const auto it = by_id_.find(id);
    if (it == by_id_.end()) throw UsageError("no activity with id " + std::to_string(id));
    return *it->second;
  }

 private:
  std::unordered_map<std::int64_t, const StoredActivity*> by_id_;
};

dedup::ActivityKey key_of(const StoredActivity& a) {
  return {a.source, a.source_id};
}

json decision_json(const dedup::Decision& d) {
  json j{
      {"id", d.id},
      {"kind", dedup::decision_kind_name(d.kind)},
      {"subject", {{"source", source_name(d.subject.source)}, {"source_id", d.subject.source_id}}},
      {"created_utc", d.created_utc},
      {"undone", d.undone}};
  j["other"] =
      d.other ? json{{"source", source_name(d.other->source)}, {"source_id", d.other->source_id}}
              : json(nullptr);
  return j;
}

json pairs_json(Store& store, const DedupResult& dedup, const AdminRequest& req,
                const PrivacySettings& privacy) {
  const std::string kind = req.query.count("kind") ? req.query.at("kind") : "";
  if (!kind.empty() && kind != "ambiguous" && kind != "probable" && kind != "certain") {
    throw UsageError("parameter 'kind' must be ambiguous, probable or certain");
  }
  std::vector<const DedupPair*> list;
  for (const auto& p : dedup.pairs) {
    if (kind.empty() || kind == dedup::pair_kind_name(p.kind)) list.push_back(&p);
  }
  // Ambiguous first, then probable, then certain; find_pairs' order within a kind.
  std::stable_sort(list.begin(), list.end(),
                   [](const DedupPair* x, const DedupPair* y) { return x->kind < y->kind; });
  const std::size_t offset = admin::size_param(req.query, "offset", 0, list.size());
  const std::size_t limit = admin::size_param(req.query, "limit", 20, 100);
  const RowIndex rows(dedup.activities);
  json out{{"total", list.size()}, {"offset", offset}, {"pairs", json::array()}};
  for (std::size_t k = offset; k < list.size() && k < offset + limit; ++k) {
    const DedupPair& p = *list[k];
    json j{{"kind", dedup::pair_kind_name(p.kind)},
           {"reason", p.reason},
           {"merged", p.merged},
           {"winner_id", p.merged ? json(p.winner_id) : json(nullptr)},
           {"time_shift_s", p.time_shift_s}};
    j["start_distance_m"] =
        std::isfinite(p.start_distance_m) ? json(p.start_distance_m) : json(nullptr);
    j["decision"] = p.decision ? decision_json(*p.decision) : json(nullptr);
    for (const auto& [side, id] : {std::pair{"a", p.a_id}, std::pair{"b", p.b_id}}) {
      const StoredActivity& a = rows.at(id);
      j[side] = admin::record_json(a, dedup);
      j[side]["track"] = admin::track_json(store, a, privacy);
    }
    out["pairs"].push_back(std::move(j));
  }
  return out;
}

json activities_json(const DedupResult& dedup, const AdminRequest& req) {
  const admin::ActivityFilter filter = admin::parse_filter(req.query);
  const std::size_t offset = admin::size_param(req.query, "offset", 0, SIZE_MAX);
  const std::size_t limit = admin::size_param(req.query, "limit", 100, 500);
  json list = json::array();
  std::size_t total = 0;
  // Newest first, as a person looks for a recent activity.
  for (auto it = dedup.activities.rbegin(); it != dedup.activities.rend(); ++it) {
    if (!admin::matches(filter, *it, dedup)) continue;
    if (total >= offset && total < offset + limit) list.push_back(admin::record_json(*it, dedup));
    ++total;
  }
  return json{{"total", total}, {"offset", offset}, {"activities", std::move(list)}};
}

dedup::Decision decision_from(const json& body, const RowIndex& rows) {
  const auto action = body.find("action");
  const auto kind = action != body.end() && action->is_string()
                        ? dedup::decision_kind_from_name(action->get<std::string>())
                        : std::nullopt;
  if (!kind) throw UsageError("field 'action' must be winner, distinct, exclude or include");
  dedup::Decision d;
  d.kind = *kind;
  d.created_utc = now_utc();
  switch (*kind) {
    case dedup::DecisionKind::Winner:
      d.subject = key_of(rows.at(id_field(body, "winner")));
      d.other = key_of(rows.at(id_field(body, "loser")));
      break;
    case dedup::DecisionKind::Distinct:
      d.subject = key_of(rows.at(id_field(body, "a")));
      d.other = key_of(rows.at(id_field(body, "b")));
      break;
    case dedup::DecisionKind::Exclude:
    case dedup::DecisionKind::Include: d.subject = key_of(rows.at(id_field(body, "id"))); break;
  }
  if (d.other && *d.other == d.subject) throw UsageError("a pair needs two different activities");
  return d;
}

}  // namespace

bool tokens_equal(std::string_view given, std::string_view expected) {
  if (expected.empty() || given.size() != expected.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < given.size(); ++i) {
    diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  }
  return diff == 0;
}

std::string make_token() {
  std::random_device rd;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 8; ++i) {
    const std::uint32_t word = rd();
    for (int k = 0; k < 4; ++k) token += kHex[(word >> (k * 4)) & 0xF];
  }
  return token;
}

std::string admin_page_with_token(std::string_view html, std::string_view token) {
  std::string out(html);
  static constexpr std::string_view kPlaceholder = "__TRACKHEAT_TOKEN__";
  for (std::size_t at = out.find(kPlaceholder); at != std::string::npos;
       at = out.find(kPlaceholder, at + token.size())) {
    out.replace(at, kPlaceholder.size(), token);
  }
  return out;
}

AdminApi::AdminApi(AdminOptions options)
    : options_(std::move(options)), rebuild_(std::make_unique<RebuildJob>(options_.rebuild)) {}

AdminApi::~AdminApi() = default;

AdminResponse AdminApi::handle(const AdminRequest& request) {
  if (!request.token || !tokens_equal(*request.token, options_.token)) {
    return error(403, "missing or wrong " + std::string(kTokenHeader) + " header");
  }
  if (request.body.size() > kMaxBodyBytes) return error(413, "request body too large");
  try {
    return route(request);
  } catch (const UsageError& e) {
    return error(400, e.what());
  } catch (const std::exception& e) {
    return error(500, e.what());
  }
}

AdminResponse AdminApi::route(const AdminRequest& req) {
  const bool get = req.method == "GET", post = req.method == "POST";
  const std::string& path = req.path;
  const bool known = path == "/api/pairs" || path == "/api/activities" ||
                     path == "/api/decisions" || path == "/api/decide" || path == "/api/undo" ||
                     path == "/api/rebuild";
  if (!known) return error(404, "no such route");
  if (path == "/api/rebuild") {
    if (get) return reply(200, rebuild_->status());
    if (!post) return error(405, "use GET or POST");
    if (!rebuild_->available()) return error(501, "this server cannot rebuild");
    if (!rebuild_->start()) return error(409, "a rebuild is already running");
    return reply(202, rebuild_->status());
  }
  const bool reads = path == "/api/pairs" || path == "/api/activities" || path == "/api/decisions";
  if (reads && !get) return error(405, "use GET");
  if (!reads && !post) return error(405, "use POST");

  std::lock_guard lock(mutex_);
  // Opened on first use: serving a site must not create a database where there is none yet.
  if (!store_) store_ = std::make_unique<Store>(options_.db_file);
  Store& store = *store_;
  if (path == "/api/decisions") {
    json list = json::array();
    auto all = dedup::load_decisions(store);
    for (auto it = all.rbegin(); it != all.rend(); ++it) list.push_back(decision_json(*it));
    return reply(200, json{{"decisions", std::move(list)}});
  }
  if (path == "/api/undo") {
    const json body = parse_body(req);
    std::optional<std::int64_t> id;
    if (body.contains("decision")) {
      if (!body["decision"].is_number_integer()) throw UsageError("field 'decision' must be an id");
      id = body["decision"].get<std::int64_t>();
    }
    const auto undone = dedup::undo_decision(store, id);
    return reply(200, json{{"undone", undone ? json(*undone) : json(nullptr)}});
  }
  const DedupResult dedup = run_dedup(store);
  if (path == "/api/pairs") {
    const PrivacySettings privacy = options_.privacy ? options_.privacy() : PrivacySettings{};
    return reply(200, pairs_json(store, dedup, req, privacy));
  }
  if (path == "/api/activities") return reply(200, activities_json(dedup, req));
  // POST /api/decide
  const json body = parse_body(req);
  const dedup::Decision d = decision_from(body, RowIndex(dedup.activities));
  return reply(200, json{{"decision", dedup::add_decision(store, d)}});
}

}  // namespace th
