#include "sync/sync.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/hash.hpp"
#include "core/parallel.hpp"
#include "core/progress.hpp"
#include "core/time_util.hpp"
#include "store/intervals_index.hpp"
#include "sync/activity_file.hpp"
#include "sync/intervals_api.hpp"

namespace th {

namespace {

constexpr double kDay = 86400.0;
constexpr long long kMaxWindowDays = 1 << 15;  // ~90 years: one empty window reaches 1970
constexpr int kMaxLimitGrowth = 64;            // a day with 64 × page_limit entries is an error

std::string date_of_day(long long day) {
  return format_iso_day(day);
}

// Day number of "YYYY-MM-DD…"; nullopt when the text does not start with a date.
std::optional<long long> day_of(const std::string& local) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (local.size() < 10 || std::sscanf(local.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3 || m < 1 ||
      m > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  return days_from_civil(y, m, d);
}

double now_seconds(double configured) {
  if (std::isfinite(configured)) return configured;
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Step 1: the whole listing, keyed by id. `complete` is false when any window or entry could
// not be read (then nothing may be concluded from an id's absence).
std::map<std::string, ListedActivity> list_history(IntervalsApi& api, const SyncOptions& o,
                                                   double now, SyncReport& report) {
  std::map<std::string, ListedActivity> listed;
  report.listing_complete = true;
  const int window = std::max(1, o.window_days);
  const int page_limit = std::max(1, o.page_limit);
  long long newest = static_cast<long long>(std::floor(now / kDay)) + 2;  // any time zone
  long long span = window;
  for (;;) {
    const long long oldest = std::max(0LL, newest - span + 1);
    long long upper = newest;
    int limit = page_limit;
    std::size_t found = 0;
    for (;;) {
      Listing page;
      try {
        ++report.requests_listing;
        page = api.list(date_of_day(oldest), date_of_day(upper), limit);
      } catch (const ParseError& e) {
        report.errors.emplace_back(e.what());
        report.listing_complete = false;
        break;
      } catch (const HttpStatusError& e) {
        report.errors.emplace_back(e.what());
        report.listing_complete = false;
        break;
      }
      for (auto& err : page.errors) report.errors.push_back(std::move(err));
      if (!page.errors.empty()) report.listing_complete = false;
      const std::size_t entries = page.activities.size() + page.errors.size();
      std::optional<long long> last_day;
      for (auto& a : page.activities) {
        if (auto d = day_of(a.start_local)) last_day = last_day ? std::min(*last_day, *d) : *d;
        std::string id = a.id;
        if (listed.emplace(std::move(id), std::move(a)).second) ++found;
      }
      if (entries < static_cast<std::size_t>(limit)) break;
      // A full page: there may be more below its oldest day. Ask again from that day down
      // (inclusive; its entries come twice and are deduplicated by id).
      if (last_day && *last_day < upper) {
        upper = *last_day;
      } else if (limit < kMaxLimitGrowth * page_limit) {
        limit *= 2;  // the whole page is one day: ask for more at once
      } else {
        report.errors.push_back("intervals.icu listing: more than " + std::to_string(limit) +
                                " activities on " + date_of_day(upper) + "; some were skipped");
        report.listing_complete = false;
        break;
      }
    }
    span = found == 0 ? std::min(span * 2, kMaxWindowDays) : window;
    if (oldest == 0) break;
    // Windows overlap by their border day (entries come twice, deduplicated by id): nothing is
    // lost whether the server reads `newest` as inclusive, exclusive or as that day's midnight.
    newest = oldest;
  }
  report.listed = static_cast<int>(listed.size());
  return listed;
}

void copy_listing(const ListedActivity& a, IntervalsEntry& e) {
  e.strava_id = a.strava_id;
  e.external_id = a.external_id;
  e.upstream_source = a.source;
  e.type = a.type;
  e.name = a.name;
  e.start_local = a.start_local;
  e.start_utc = a.start_utc;
  e.timezone = a.timezone;
  e.distance_m = a.distance_m;
  e.moving_s = a.moving_s;
  e.elapsed_s = a.elapsed_s;
  e.elevation_gain_m = a.elevation_gain_m;
}

// Step 2: the index follows the listing, in one transaction.
void reconcile(Store& store, std::map<std::string, IntervalsEntry>& index,
               const std::map<std::string, ListedActivity>& listed, double now,
               SyncReport& report) {
  Store::Transaction tx(store);
  for (const auto& [id, a] : listed) {
    auto [it, is_new] = index.try_emplace(id);
    IntervalsEntry& e = it->second;
    const std::string hash = a.listing_hash();
    copy_listing(a, e);
    if (a.strava_stub()) {
      ++report.stubs;
      e.state = IntervalsState::Stub;
    } else if (is_new) {
      ++report.added;
      e.state = IntervalsState::Pending;
    } else if (e.state == IntervalsState::Deleted) {
      ++report.restored;
      e.state = (e.listing_hash == hash && !e.file_name.empty()) ? IntervalsState::Downloaded
                                                                 : IntervalsState::Pending;
    } else if (e.state == IntervalsState::Stub || e.listing_hash != hash) {
      if (e.state == IntervalsState::Downloaded) ++report.changed;
      if (e.state != IntervalsState::Failed) e.state = IntervalsState::Pending;
    }
    e.intervals_id = id;
    e.listing_hash = hash;
    e.updated_utc = now;
    put_intervals_entry(store, e);
  }
  if (report.listing_complete) {
    for (auto& [id, e] : index) {
      if (e.state == IntervalsState::Deleted || listed.contains(id)) continue;
      e.state = IntervalsState::Deleted;
      e.updated_utc = now;
      ++report.deleted;
      put_intervals_entry(store, e);
    }
  }
  tx.commit();
}

struct Outcome {
  std::string id;
  std::string file_name;  // set on success
  std::string file_hash;
  std::string error;    // set on failure
  std::string warning;  // the file ends early (kept: activity_file.hpp)
  bool adopted = false;
  std::exception_ptr fatal;  // AuthError / NetworkError: stop everything
};

// Hand-over from download threads to the thread that owns the store. At most `capacity`
// outcomes wait unrecorded: downloads never run far ahead of what is recorded, so an
// interruption leaves little for the next sync to adopt.
class OutcomeQueue {
 public:
  explicit OutcomeQueue(std::size_t capacity) : capacity_(capacity) {}
  void push(Outcome o) {
    {
      std::unique_lock lock(mutex_);
      room_.wait(lock, [&] { return queue_.size() < capacity_ || closed_; });
      queue_.push_back(std::move(o));
    }
    ready_.notify_one();
  }
  // No more outcomes will come (the downloads are done, or something failed): wakes every wait;
  // a push no longer waits for room.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
  }
  // Next outcome; nullopt once the queue is closed and nothing is left.
  std::optional<Outcome> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return std::nullopt;
    Outcome o = std::move(queue_.front());
    queue_.pop_front();
    room_.notify_one();
    return o;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;
  std::deque<Outcome> queue_;
  bool closed_ = false;
  std::size_t capacity_;
};

class Downloader {
 public:
  Downloader(IntervalsApi& api, std::filesystem::path dir, std::set<std::string> on_disk)
      : api_(api), dir_(std::move(dir)), on_disk_(std::move(on_disk)) {}

  Outcome fetch(const IntervalsEntry& e) const {
    Outcome out;
    out.id = e.intervals_id;
    const std::string stem = e.intervals_id + "-" + e.listing_hash.substr(0, 12);
    try {
      if (adopt(stem, out)) return out;
      bool fallback = false;
      Bytes raw;
      try {
        raw = api_.original_file(e.intervals_id);
      } catch (const HttpStatusError& err) {
        if (err.status() != 404) throw;
        fallback = true;
        raw = api_.generated_fit_file(e.intervals_id);
      }
      CacheableFile file;
      try {
        file = prepare_activity_file(std::move(raw), dir_);
      } catch (const ParseError& err) {
        if (fallback || !unrecognised_activity_file(err)) throw;
        file = prepare_activity_file(api_.generated_fit_file(e.intervals_id), dir_);
      }
      out.file_name = stem + file.extension;
      out.warning = std::move(file.warning);
      write_file_atomic(dir_ / out.file_name, ByteView(file.bytes), Durability::Sync);
      out.file_hash = content_hash(file.bytes);
    } catch (const AuthError&) {
      out.fatal = std::current_exception();
    } catch (const NetworkError&) {
      out.fatal = std::current_exception();
    } catch (const std::exception& err) {
      out.file_name.clear();
      out.error = err.what();
    }
    return out;
  }

 private:
  // A complete file written by an interrupted sync for this very listing state: use it.
  bool adopt(const std::string& stem, Outcome& out) const {
    const auto it = on_disk_.lower_bound(stem + ".");
    if (it == on_disk_.end() || !it->starts_with(stem + ".")) return false;
    try {
      Bytes bytes = read_file(dir_ / *it);
      out.file_hash = content_hash(bytes);
      out.warning = prepare_activity_file(std::move(bytes), dir_).warning;
      out.file_name = *it;
      out.adopted = true;
      return true;
    } catch (const std::exception&) {
      return false;  // damaged: download again (the write replaces it)
    }
  }

  IntervalsApi& api_;
  std::filesystem::path dir_;
  std::set<std::string> on_disk_;
};

// Files in the cache folder; stray temporaries of an interrupted write are removed.
std::set<std::string> scan_cache_dir(const std::filesystem::path& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".tmp-") != std::string::npos) {
      std::filesystem::remove(entry.path(), ec);
    } else if (entry.is_regular_file(ec)) {
      names.insert(name);
    }
  }
  if (ec) throw IoError(dir.string() + ": cannot list folder: " + ec.message());
  return names;
}

// Step 3.
void download(Store& store, IntervalsApi& api, const SyncOptions& o,
              std::map<std::string, IntervalsEntry>& index, double now, SyncReport& report) {
  const std::filesystem::path dir = intervals_cache_dir(o.cache_dir);
  std::set<std::string> on_disk = scan_cache_dir(dir);
  std::vector<const IntervalsEntry*> todo;
  for (const auto& [id, e] : index) {
    // A downloaded file that is no longer there (a cleaned cache folder) is fetched again.
    const bool lost = e.state == IntervalsState::Downloaded && !on_disk.contains(e.file_name);
    if (e.state == IntervalsState::Pending || e.state == IntervalsState::Failed || lost)
      todo.push_back(&e);
  }
  std::sort(todo.begin(), todo.end(), [](const IntervalsEntry* a, const IntervalsEntry* b) {
    const double ta = has(a->start_utc) ? a->start_utc : -1e300;
    const double tb = has(b->start_utc) ? b->start_utc : -1e300;
    return ta != tb ? ta > tb : a->intervals_id < b->intervals_id;  // newest first
  });
  if (todo.empty()) return;

  const Downloader downloader(api, dir, std::move(on_disk));
  const unsigned jobs = std::max(1u, std::min<unsigned>(o.jobs > 0 ? o.jobs : 4, 32));
  OutcomeQueue queue(jobs);
  std::atomic<bool> stop{false};
  std::exception_ptr fatal;
  Progress progress("sync", todo.size(), stderr, o.quiet);
  const auto work = [&](unsigned, std::size_t i) {
    if (!stop) queue.push(downloader.fetch(*todo[i]));
  };
  const auto record = [&] {
    int recorded = 0;
    while (auto outcome = queue.pop()) {
      if (outcome->fatal) {
        if (!fatal) fatal = outcome->fatal;
        stop = true;
        continue;
      }
      // Even when stopping, what arrived is recorded: those files are complete on disk.
      IntervalsEntry& e = index.at(outcome->id);
      e.updated_utc = now;
      if (outcome->error.empty()) {
        const std::string old_file = e.file_name;
        e.state = IntervalsState::Downloaded;
        e.file_name = outcome->file_name;
        e.file_hash = outcome->file_hash;
        e.error.clear();
        put_intervals_entry(store, e);
        if (!old_file.empty() && old_file != e.file_name) {
          std::error_code ec;
          std::filesystem::remove(dir / old_file, ec);
        }
        ++(outcome->adopted ? report.adopted : report.downloaded);
        if (!outcome->warning.empty()) {
          report.warnings.push_back("intervals.icu activity " + e.intervals_id + ": " +
                                    outcome->warning);
        }
      } else {
        e.state = IntervalsState::Failed;
        e.error = outcome->error;
        put_intervals_entry(store, e);
        ++report.failed;
        report.errors.push_back("intervals.icu activity " + e.intervals_id + ": " + e.error);
      }
      progress.advance();
      ++recorded;
      if (!stop && o.keep_going && !o.keep_going(recorded)) {
        report.interrupted = true;
        stop = true;
      }
    }
  };
  // Downloads on the workers; this thread records them in the store as they arrive. The queue is
  // closed when the downloads are done or either side fails, which wakes the other side.
  parallel_for(todo.size(), jobs, work, {record, [&] { queue.close(); }});
  progress.finish();
  if (fatal) std::rethrow_exception(fatal);
}

}  // namespace

std::filesystem::path intervals_cache_dir(const std::filesystem::path& cache_dir) {
  return cache_dir / "intervals_icu";
}

SyncReport run_sync(Store& store, const SyncOptions& o) {
  if (!o.credentials.configured()) {
    throw UsageError("intervals.icu sync needs INTERVALS_ICU_API_KEY (environment or .env)");
  }
  SyncReport report;
  const double now = now_seconds(o.now_utc);
  std::error_code ec;
  std::filesystem::create_directories(intervals_cache_dir(o.cache_dir), ec);
  if (ec) {
    throw IoError(intervals_cache_dir(o.cache_dir).string() +
                  ": cannot create folder: " + ec.message());
  }
  IntervalsApi api(o.credentials, o.http);
  const auto listed = list_history(api, o, now, report);
  auto index = load_intervals_index(store);
  reconcile(store, index, listed, now, report);
  download(store, api, o, index, now, report);
  if (!report.interrupted) set_sync_state(store, "last_sync_utc", format_iso8601(now));
  return report;
}

}  // namespace th
