#include "ingest/importer.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/hash.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "ingest/work_items.hpp"
#include "parse/parse.hpp"
#include "sources/strava_export.hpp"
#include "store/dedup_tables.hpp"
#include "store/intervals_index.hpp"

namespace th {

namespace {

// What a worker hands back for one item: the hash of its bytes and, when the parse cache did not
// know them, the parsed activity; or the reason it failed.
struct ItemResult {
  std::string hash;
  std::optional<Activity> parsed;  // set on a cache miss
  std::string error;               // non-empty on failure
  std::string identity;            // the file's cheap fingerprint, when it has one
  bool identity_known = false;     // identity matched: the file was not read at all
};

// What earlier imports saw: location → (identity, content hash).
using KnownFiles = std::unordered_map<std::string, std::pair<std::string, std::string>>;

// Ordered hand-over from the worker threads to the single thread that owns the store. Workers
// may run at most `window` items ahead of the writer, which bounds memory whatever the corpus.
class ResultQueue {
 public:
  ResultQueue(std::size_t count, std::size_t window) : results_(count), window_(window) {}

  void wait_for_room(std::size_t index) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return index < written_ + window_ || closed_; });
  }
  void put(std::size_t index, ItemResult result) {
    {
      std::lock_guard lock(mutex_);
      results_[index] = std::move(result);
    }
    ready_.notify_all();
  }
  // The result of `index`; throws when the queue was closed without it.
  ItemResult take(std::size_t index) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return results_[index].has_value() || closed_; });
    if (!results_[index]) throw Error("import stopped before item " + std::to_string(index));
    ItemResult r = std::move(*results_[index]);
    results_[index].reset();
    written_ = index + 1;
    room_.notify_all();
    return r;
  }
  // No more results will be put (the workers are done, or something failed): wakes every wait,
  // so workers stop waiting for room and the writer stops waiting for results that never come.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    room_.notify_all();
    ready_.notify_all();
  }
  bool closed() {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  std::vector<std::optional<ItemResult>> results_;
  std::size_t window_;
  std::size_t written_ = 0;
  bool closed_ = false;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;
};

ItemResult process_item(const WorkItem& item, const StravaExport* strava,
                        const std::unordered_set<std::string>& known,
                        const KnownFiles& known_files) {
  ItemResult result;
  try {
    // Unchanged since the last import (same size, time, …) and its content already parsed:
    // trust the hash we saw then instead of reading the file again.
    result.identity = (item.in_export ? strava->identity(item.file) : file_identity(item.file))
                          .value_or(std::string());
    if (!result.identity.empty()) {
      const auto it = known_files.find(item.location);
      if (it != known_files.end() && it->second.first == result.identity &&
          known.contains(it->second.second)) {
        result.hash = it->second.second;
        result.identity_known = true;
        return result;
      }
    }
    const Bytes bytes = item.in_export ? strava->read(item.file) : read_file(item.file);
    result.hash = content_hash(bytes);
    if (!known.contains(result.hash)) result.parsed = parse_activity(bytes);
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

// Metadata precedence: what the user typed in Strava (name, type) beats the file's guess; what
// the samples say (start, distance, …) beats the CSV's rounded totals.
StoredActivity make_record(const WorkItem& item, const Activity* parsed, const std::string& hash) {
  StoredActivity rec;
  rec.source = item.source;
  rec.source_id = item.source_id;
  rec.file_path = item.display_path;
  if (parsed != nullptr) {
    rec.sport = parsed->sport;
    rec.name = parsed->name;
    rec.start_utc = parsed->start_time;
    rec.utc_offset_s = parsed->utc_offset_s;
    rec.flags = parsed->flags;
    rec.summary = parsed->summary;
    rec.content_hash = hash;
  }
  if (item.row) {
    const StravaRow& row = *item.row;
    if (row.sport != Sport::Unknown) rec.sport = row.sport;
    if (!row.name.empty()) rec.name = row.name;
    if (!has(rec.start_utc)) rec.start_utc = row.start_utc;
    if (parsed == nullptr) {
      rec.flags |= kFlagSummaryOnly;
      rec.summary.distance_m = has(row.distance_m) ? row.distance_m : 0;
      rec.summary.elapsed_s = has(row.elapsed_s) ? row.elapsed_s : 0;
      rec.summary.moving_s = has(row.moving_s) ? row.moving_s : rec.summary.elapsed_s;
      rec.summary.ascent_m = has(row.elevation_gain_m) ? row.elevation_gain_m : 0;
    }
  }
  if (rec.name.empty()) rec.name = item.fallback_name;
  rec.flags |= item.flags;
  if (is_virtual(rec.sport)) rec.flags |= kFlagVirtual;
  return rec;
}

void count(ImportReport& report, UpsertOutcome outcome) {
  switch (outcome) {
    case UpsertOutcome::Added: ++report.added; break;
    case UpsertOutcome::Unchanged: ++report.unchanged; break;
    case UpsertOutcome::Updated: ++report.updated; break;
  }
}

// The Strava activities the user included (an Include decision in force: the newest exclude or
// include decision about it, not undone).
std::unordered_set<std::string> included_strava_ids(Store& store) {
  std::unordered_map<std::string, bool> last;  // source id → the decision in force includes it
  for (const dedup::Decision& d : dedup::load_decisions(store)) {
    if (d.undone || d.subject.source != Source::Strava) continue;
    if (d.kind == dedup::DecisionKind::Include) last[d.subject.source_id] = true;
    if (d.kind == dedup::DecisionKind::Exclude) last[d.subject.source_id] = false;
  }
  std::unordered_set<std::string> out;
  for (const auto& [id, included] : last) {
    if (included) out.insert(id);
  }
  return out;
}

// Flags the Strava activities the export no longer lists kFlagDeleted (the rows it lists had
// their flags rewritten by the upserts of this import); returns how many are hidden now. See
// importer.hpp for when the export is not taken as a snapshot.
// `before`: the Strava activity ids the store held before this import.
int hide_activities_gone_from_export(Store& store, const StravaExport& strava,
                                     const std::unordered_set<std::string>& before,
                                     std::vector<std::string>& warnings) {
  const std::string where = strava.describe();
  if (strava.rows().empty()) {
    warnings.push_back(where +
                       ": activities.csv lists no activity; not taken as a snapshot of "
                       "the account, nothing hidden");
    return 0;
  }
  std::unordered_set<std::string> listed;
  for (const StravaRow& row : strava.rows()) listed.insert(row.activity_id);
  for (const std::string& id : strava.skipped_ids()) listed.insert(id);
  if (!before.empty() && std::none_of(before.begin(), before.end(),
                                      [&](const auto& id) { return listed.contains(id); })) {
    warnings.push_back(where + ": lists none of the " + std::to_string(before.size()) +
                       " Strava activities imported before (another account's export?); "
                       "nothing hidden");
    return 0;
  }
  std::vector<StoredActivity> absent;
  for (StoredActivity& a : store.activities()) {
    if (a.source == Source::Strava && !listed.contains(a.source_id)) absent.push_back(std::move(a));
  }
  if (absent.empty()) return 0;
  const auto included = included_strava_ids(store);
  int hidden = 0;
  Store::Transaction tx(store);
  for (StoredActivity& a : absent) {
    const bool hide = !included.contains(a.source_id);
    if (hide != ((a.flags & kFlagDeleted) != 0)) {
      a.flags ^= kFlagDeleted;
      store.upsert_activity(a);
    }
    hidden += hide ? 1 : 0;
  }
  tx.commit();
  return hidden;
}

}  // namespace

ImportReport run_import(Store& store, const ImportOptions& options) {
  ImportReport report;
  std::optional<StravaExport> strava;
  std::unordered_set<std::string> strava_before;  // Strava activity ids already in the store
  if (options.strava) {
    strava = StravaExport::open(*options.strava);
    report.warnings = strava->warnings();
    for (const StoredActivity& a : store.activities()) {
      if (a.source == Source::Strava) strava_before.insert(a.source_id);
    }
  }
  std::vector<WorkItem> items = collect_work_items(strava ? &*strava : nullptr,
                                                   options.strava.value_or(std::filesystem::path()),
                                                   options.paths, &report.warnings);
  if (options.intervals_dir) {
    for (auto& item : intervals_work_items(load_intervals_index(store), *options.intervals_dir)) {
      items.push_back(std::move(item));
    }
  }

  std::unordered_set<std::string> known;
  for (auto& h : store.parsed_hashes(kParserVersion)) known.insert(std::move(h));
  KnownFiles known_files;
  for (auto& f : store.known_files()) {
    known_files.emplace(std::move(f.location),
                        std::make_pair(std::move(f.identity), std::move(f.content_hash)));
  }

  const unsigned jobs = resolve_jobs(options.jobs);
  ResultQueue queue(items.size(), std::size_t{64} * jobs);
  const auto work = [&](unsigned, std::size_t i) {
    queue.wait_for_room(i);
    if (queue.closed()) return;
    queue.put(i, items[i].has_file()
                     ? process_item(items[i], strava ? &*strava : nullptr, known, known_files)
                     : ItemResult{});
  };

  Progress progress("import", items.size(), stderr, options.quiet);
  // Commit in batches: an interrupted import keeps everything written so far, and the next run
  // only redoes the rest (parse cache + unchanged upserts make that cheap).
  constexpr std::size_t kBatch = 256;
  const auto write_in_order = [&] {
    for (std::size_t begin = 0; begin < items.size(); begin += kBatch) {
      Store::Transaction tx(store);
      for (std::size_t i = begin; i < std::min(items.size(), begin + kBatch); ++i) {
        ItemResult r = queue.take(i);
        const WorkItem& item = items[i];
        if (!r.error.empty()) {
          ++report.failed;
          report.failures.push_back({item.display_path, r.error});
          // A Strava row still knows its totals: keep it as a summary-only activity, so the
          // stats stay right while the file is unreadable.
          if (item.row) {
            StoredActivity rec = make_record(item, nullptr, "");
            store.upsert_activity(rec);
          }
        } else {
          if (!r.identity.empty() && !r.identity_known) {
            store.put_known_file({item.location, r.identity, r.hash});
          }
          const Activity* parsed = nullptr;
          std::optional<Activity> cached;
          if (r.parsed) {
            store.put_parsed(r.hash, kParserVersion, *r.parsed);
            parsed = &*r.parsed;
            ++report.parsed;
          } else if (item.has_file()) {
            cached = store.get_parsed(r.hash, kParserVersion, /*with_samples=*/false);
            if (!cached) throw Error("parse cache lost the entry for " + item.display_path);
            parsed = &*cached;
          }
          StoredActivity rec = make_record(item, parsed, r.hash);
          count(report, store.upsert_activity(rec));
        }
        progress.advance();
      }
      tx.commit();
    }
  };
  // Workers read and parse; this thread writes, in item order. The queue is closed when the
  // workers are done or either side fails, which wakes the other side.
  parallel_for(items.size(), jobs, work, {write_in_order, [&] { queue.close(); }});
  progress.finish();
  if (strava) {
    report.gone_from_export =
        hide_activities_gone_from_export(store, *strava, strava_before, report.warnings);
  }
  if (options.intervals_dir) link_imported_activities(store);
  return report;
}

}  // namespace th
