#include "pipeline/leaving_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "core/errors.hpp"
#include "pipeline/zoom_update.hpp"

namespace th {

namespace {

// Store order (store/store.cpp: start_utc IS NULL, start_utc, id), as a sort key.
struct OrderKey {
  bool unknown_start;
  double start;
  std::int64_t id;
  bool operator<(const OrderKey& o) const {
    if (unknown_start != o.unknown_start) return o.unknown_start;
    if (!unknown_start && start != o.start) return start < o.start;
    return id < o.id;
  }
};

OrderKey order_key(std::int64_t id, double start_utc) {
  const bool unknown = !std::isfinite(start_utc);
  return {unknown, unknown ? 0.0 : start_utc, id};
}

// The leaving activities as prepare_drawn takes them: only id, start and track matter to it
// (and drawable(), which a record passed when it was drawn).
std::vector<StoredActivity> as_activities(const std::vector<const DrawnRecord*>& records) {
  std::vector<StoredActivity> out;
  for (const DrawnRecord* r : records) {
    StoredActivity a;
    a.id = r->id;
    a.start_utc = r->start_utc;
    a.content_hash = r->content_hash;
    a.summary.points = 2;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

void add_leaving_inputs(Store& store, const DrawnInputs& drawn,
                        const std::vector<std::uint64_t>& keys,
                        const std::optional<DrawnRecords>& live, const PrivacySettings& privacy,
                        double render_now, unsigned jobs, RenderInputs& out) {
  out.inputs = drawn.inputs;
  out.keys = keys;
  out.leaving.clear();
  out.leaving_count = 0;
  if (!live) return;
  const std::unordered_set<std::uint64_t> now(keys.begin(), keys.end());
  std::vector<const DrawnRecord*> gone;
  for (const DrawnRecord& r : live->records) {
    if (!now.contains(r.key)) gone.push_back(&r);
  }
  if (gone.empty()) return;
  std::vector<OrderKey> order;
  for (const StoredActivity& a : drawn.drawn) order.push_back(order_key(a.id, a.start_utc));
  if (!std::is_sorted(order.begin(), order.end())) return;  // not store order: cannot merge

  try {
    out.leaving_tracks = prepare_drawn(store, as_activities(gone), privacy, render_now, jobs, true);
  } catch (const ParseError&) {
    return;  // a track gone from the store: those zooms render in full
  }
  const DrawnInputs& left = out.leaving_tracks;
  if (left.drawn.size() != gone.size()) return;
  // Each one only when it would be drawn exactly as the live site drew it.
  std::vector<std::size_t> usable;
  for (std::size_t j = 0; j < gone.size(); ++j) {
    const StoredActivity& a = left.drawn[j];
    const std::uint64_t key = privacy_render_key(
        activity_render_key(a.id, a.content_hash, a.start_utc, left.inputs[j].activity),
        left.tracks[j], drawn_box(left.tracks[j]), privacy);
    if (key == gone[j]->key) usable.push_back(j);
  }
  if (usable.empty()) return;
  std::sort(usable.begin(), usable.end(), [&](std::size_t a, std::size_t b) {
    return order_key(gone[a]->id, gone[a]->start_utc) < order_key(gone[b]->id, gone[b]->start_utc);
  });

  // Merge both lists in store order.
  out.inputs.clear();
  out.keys.clear();
  std::size_t i = 0, j = 0;
  while (i < drawn.inputs.size() || j < usable.size()) {
    const bool take_leaving =
        j < usable.size() &&
        (i == drawn.inputs.size() ||
         order_key(gone[usable[j]]->id, gone[usable[j]]->start_utc) < order[i]);
    if (take_leaving) {
      out.inputs.push_back(left.inputs[usable[j]]);
      out.keys.push_back(gone[usable[j]]->key);
      out.leaving.push_back(true);
      ++j;
    } else {
      out.inputs.push_back(drawn.inputs[i]);
      out.keys.push_back(keys[i]);
      out.leaving.push_back(false);
      ++i;
    }
    out.inputs.back().activity.index = static_cast<std::uint32_t>(out.inputs.size() - 1);
  }
  out.leaving_count = static_cast<int>(usable.size());
}

DrawnRecords drawn_records(const DrawnInputs& drawn, const std::vector<std::uint64_t>& keys,
                           const std::string& site_fingerprint) {
  DrawnRecords out;
  out.site_fingerprint = site_fingerprint;
  out.records.reserve(drawn.drawn.size());
  for (std::size_t i = 0; i < drawn.drawn.size(); ++i) {
    const StoredActivity& a = drawn.drawn[i];
    out.records.push_back({keys[i], a.id, a.start_utc, a.content_hash});
  }
  return out;
}

}  // namespace th
