#include "live/live_index.hpp"

#include <malloc.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/time_util.hpp"
#include "dedup/dedup.hpp"
#include "pipeline/privacy_zones.hpp"
#include "site/site_publish.hpp"
#include "store/store.hpp"

namespace th::live {

namespace {

constexpr double kDay = 86400.0;
constexpr std::size_t kMaxManifestBytes = 64 << 20;

struct SiteFacts {
  std::string fingerprint;
  int min_zoom = 0, max_zoom = 0;
  double build_time = kNaN;
};

// manifest.json of the site, read under the site's publish lock (site/site_publish.hpp).
nlohmann::json read_manifest(const std::filesystem::path& site) {
  const SiteReadLock reading(site);
  const Bytes bytes = read_file(site / "manifest.json", kMaxManifestBytes);
  return nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
}

SiteFacts site_facts(const std::filesystem::path& site) {
  nlohmann::json m;
  try {
    m = read_manifest(site);
  } catch (const Error& e) {
    throw UsageError(std::string("live map: no built site: ") + e.what());
  }
  const auto bad = [&](const char* what) {
    return UsageError("live map: " + (site / "manifest.json").string() + ": " + what +
                      "; run trackheat build again");
  };
  if (!m.is_object()) throw bad("not a trackheat manifest");
  SiteFacts f;
  const auto zoom = [&](const char* key) {
    if (!m.contains(key) || !m[key].is_number_integer()) throw bad("no zoom range");
    const int z = m[key].get<int>();
    if (z < 0 || z > 24) throw bad("zoom range out of bounds");
    return z;
  };
  f.min_zoom = zoom("min_zoom");
  f.max_zoom = zoom("max_zoom");
  if (f.min_zoom > f.max_zoom) throw bad("empty zoom range");
  if (!m.contains("build_time") || !m["build_time"].is_string()) throw bad("no build time");
  const std::optional<double> t = parse_iso8601(m["build_time"].get<std::string>());
  if (!t) throw bad("unreadable build time");
  f.build_time = *t;
  if (m.contains("fingerprint") && m["fingerprint"].is_string()) {
    f.fingerprint = m["fingerprint"].get<std::string>();
  }
  return f;
}

FilterFacts filter_facts(const StoredActivity& a) {
  FilterFacts f;
  if (has(a.start_utc)) {
    // As data/activities.js readers count it: the local day when the offset is known.
    f.local_day =
        static_cast<std::int64_t>(std::floor((a.start_utc + a.utc_offset_s.value_or(0)) / kDay));
  }
  if (has(a.summary.distance_m)) f.distance_km = a.summary.distance_m / 1000.0;
  f.sport = a.sport;
  return f;
}

}  // namespace

SiteZooms site_zooms(const std::filesystem::path& site) {
  const SiteFacts facts = site_facts(site);
  return {facts.min_zoom, facts.max_zoom};
}

std::unique_ptr<LiveIndex> LiveIndex::load(const std::filesystem::path& cache_dir,
                                           const std::filesystem::path& site, unsigned jobs,
                                           std::optional<int> only_zoom) {
  const SiteFacts facts = site_facts(site);
  if (only_zoom && (*only_zoom < facts.min_zoom || *only_zoom > facts.max_zoom)) {
    throw UsageError("zoom " + std::to_string(*only_zoom) + " is outside the site's zooms " +
                     std::to_string(facts.min_zoom) + " to " + std::to_string(facts.max_zoom));
  }
  std::unique_ptr<LiveIndex> index(new LiveIndex());
  LiveIndex& x = *index;
  x.fingerprint_ = facts.fingerprint;
  x.min_zoom_ = facts.min_zoom;
  x.max_zoom_ = facts.max_zoom;
  const double render_now = month_start(facts.build_time);
  x.now_day_ = day_number(render_now);
  x.privacy_ = load_privacy(cache_dir).settings;
  {
    Store store(cache_dir / "trackheat.db");
    const DedupResult dedup = run_dedup(store);
    const std::vector<StoredActivity> all = without_excluded(dedup.activities, dedup);
    x.drawn_ = prepare_drawn(store, all, x.privacy_, render_now, jobs, /*quiet=*/true);
  }
  const std::vector<StoredActivity>& drawn = x.drawn_.drawn;
  x.activities_.reserve(drawn.size());
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    const StoredActivity& a = drawn[i];
    LiveActivity l;
    l.id = a.id;
    l.name = a.name;
    l.sport = a.sport;
    l.start_utc = a.start_utc;
    l.facts = filter_facts(a);
    l.distance_m = a.summary.distance_m;
    l.moving_s = a.summary.moving_s;
    x.activities_.push_back(std::move(l));
    x.by_id_.emplace(a.id, i);
    x.vertices_ += x.drawn_.tracks[i].vertices.size();
  }
  // A poster (one zoom) draws no explorer layer: the cells are for the live map.
  if (!only_zoom) x.explorer_cells_ = activity_cells(x.drawn_, jobs);
  // Finest zoom first, each decimated from the one above it, as the build does. With
  // `only_zoom` the zooms above it are a step of the chain only: decimated, never bucketed,
  // and freed once the next one is decimated from them.
  x.zooms_.resize(static_cast<std::size_t>(x.max_zoom_ - x.min_zoom_ + 1));
  const int lowest = only_zoom.value_or(x.min_zoom_);
  std::unique_ptr<ZoomGeometry> step;  // the chain's last zoom when it is not kept
  const ZoomGeometry* finer = nullptr;
  for (int z = x.max_zoom_; z >= lowest; --z) {
    const bool keep = !only_zoom || z == *only_zoom;
    auto g = std::make_unique<ZoomGeometry>(x.drawn_.inputs, z, jobs, finer, keep, &x.privacy_);
    finer = g.get();
    if (keep) {
      x.zooms_[static_cast<std::size_t>(z - x.min_zoom_)] = std::move(g);
    } else {
      step = std::move(g);
    }
  }
  // Loading freed about as much as it keeps (track blobs, decoded samples, per-thread
  // scratch): hand that back to the system instead of holding it for the server's lifetime.
  malloc_trim(0);
  return index;
}

std::optional<std::size_t> LiveIndex::input_of(std::int64_t id) const {
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<bool> LiveIndex::selection(const LiveFilter& filter) const {
  std::vector<bool> keep(activities_.size());
  for (std::size_t i = 0; i < keep.size(); ++i) keep[i] = filter.matches(activities_[i].facts);
  return keep;
}

}  // namespace th::live
