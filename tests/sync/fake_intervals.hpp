#pragma once
// A fake intervals.icu inside the test process: a real HTTP server (cpp-httplib) on 127.0.0.1,
// on a free port the kernel picks, implementing what the sync uses with the real API's paths,
// auth and field names (see src/sync/intervals_api.hpp):
//
//   GET /api/v1/athlete/{id}/activities?oldest&newest&limit   JSON array, newest first
//   GET /api/v1/activity/{id}/file                            the "original" bytes (404 if none)
//   GET /api/v1/activity/{id}/fit-file                        a generated FIT (404 if none)
//
// Basic auth with user API_KEY; a wrong key gets 401, an athlete other than the key's own (or
// "0") gets 403. Misbehaviour on demand: 429 storms with or without Retry-After, 500s, stalls,
// files that end early (served whole), transfers cut short against their Content-Length,
// dropped connections, malformed JSON, a per-response cap on listings. It
// counts every request, and every file body it served in full, per activity.

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"

namespace th::test {

inline std::string base64(const std::string& in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 |
                       static_cast<unsigned char>(in[i + 1]) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

struct FakeActivity {
  std::string id;           // "i1001"
  std::string start_local;  // "2024-05-01T07:30:00"
  std::string start_utc;    // "2024-05-01T05:30:00Z"
  std::string type = "Run";
  std::string name;
  std::string source = "GARMIN_CONNECT";
  std::string strava_id, external_id;
  double distance = 5000, moving_time = 1500, elapsed_time = 1600, elevation_gain = 40;
  std::string file;      // body of /file (binary in a string); empty: 404
  std::string fit_file;  // body of /fit-file; empty: 404
};

class FakeIntervals {
 public:
  static constexpr const char* kKey = "k3y-s3cr3t-do-not-print";
  static constexpr const char* kAthlete = "i4242";

  FakeIntervals() {
    server_.Get(R"(/api/v1/athlete/([^/]+)/activities)",
                [this](const httplib::Request& req, httplib::Response& res) { listing(req, res); });
    server_.Get(R"(/api/v1/activity/([^/]+)/(file|fit-file))",
                [this](const httplib::Request& req, httplib::Response& res) { file(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeIntervals() {
    server_.stop();
    thread_.join();
  }
  FakeIntervals(const FakeIntervals&) = delete;
  FakeIntervals& operator=(const FakeIntervals&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void put(const FakeActivity& a) {
    std::lock_guard lock(mutex_);
    activities_[a.id] = a;
  }
  void remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    activities_.erase(id);
  }

  // --- misbehaviour (set before the requests it should affect) -------------------------------
  std::atomic<int> fail_429{0};           // the next N requests get 429
  std::atomic<int> retry_after_s{-1};     // with this Retry-After; -1: none
  std::atomic<int> fail_500{0};           // the next N requests get 500
  std::atomic<int> listing_cap{0};        // > 0: at most N entries per listing response
  std::atomic<int> drop_files_after{-1};  // >= 0: once this many files were served, drop
  std::atomic<int> stall_ms{0};           // stall file requests of `stall_id` this long …
  std::atomic<int> stalls_left{0};        // … this many times
  void set_stall_id(const std::string& id) {
    locked([&] { stall_id_ = id; });
  }
  // The /file itself cut in half, as a watch that lost power leaves it: served whole (its
  // Content-Length is the half's), so only its content says it ends early.
  void set_truncate(const std::string& id, bool on) {
    locked([&] { toggle(truncate_, id, on); });
  }
  // The next `n` /file transfers of `id` promise the whole body (Content-Length), send a third
  // of it and hang up.
  void set_cut_transfers(const std::string& id, int n) {
    locked([&] { cut_left_[id] = n; });
  }
  void set_always_500(const std::string& id, bool on) {
    locked([&] { toggle(always_500_, id, on); });
  }
  // A listing whose date range holds `day` ("YYYY-MM-DD") answers with broken JSON.
  void set_malformed_day(const std::string& day) {
    locked([&] { malformed_day_ = day; });
  }

  // --- counters --------------------------------------------------------------------------------
  int listing_requests() const { return listing_requests_; }
  int file_requests() const { return file_requests_; }
  int requests() const { return listing_requests_ + file_requests_; }
  // Bodies of /file or /fit-file served in full for `id`.
  int served(const std::string& id) const {
    std::lock_guard lock(mutex_);
    const auto it = served_.find(id);
    return it == served_.end() ? 0 : it->second;
  }
  int served_total() const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& [id, count] : served_) n += count;
    return n;
  }
  std::string last_listing_query() const {
    std::lock_guard lock(mutex_);
    return last_query_;
  }

 private:
  static void toggle(std::set<std::string>& set, const std::string& id, bool on) {
    if (on) {
      set.insert(id);
    } else {
      set.erase(id);
    }
  }
  template <class F>
  void locked(F f) {
    std::lock_guard lock(mutex_);
    f();
  }

  // Common checks; true when the request was answered already.
  bool refused(const httplib::Request& req, httplib::Response& res) {
    const std::string expected = "Basic " + base64(std::string("API_KEY:") + kKey);
    if (req.get_header_value("Authorization") != expected) {
      res.status = 401;
      res.set_content(R"({"status":401,"error":"Unauthorized"})", "application/json");
      return true;
    }
    if (fail_429 > 0) {
      --fail_429;
      res.status = 429;
      if (retry_after_s >= 0) res.set_header("Retry-After", std::to_string(retry_after_s));
      return true;
    }
    if (fail_500 > 0) {
      --fail_500;
      res.status = 500;
      return true;
    }
    return false;
  }

  void listing(const httplib::Request& req, httplib::Response& res) {
    ++listing_requests_;
    if (refused(req, res)) return;
    const std::string athlete = req.matches[1];
    if (athlete != kAthlete && athlete != "0") {
      res.status = 403;
      return;
    }
    const std::string oldest = req.get_param_value("oldest");
    const std::string newest = req.get_param_value("newest");
    std::size_t limit = req.has_param("limit") ? std::stoul(req.get_param_value("limit")) : 1000000;
    nlohmann::json out = nlohmann::json::array();
    {
      std::lock_guard lock(mutex_);
      last_query_ = req.target;
      if (!malformed_day_.empty() && oldest <= malformed_day_ && malformed_day_ <= newest) {
        res.set_content(R"([{"id": "i9", "name": "cut off)", "application/json");
        return;
      }
      if (listing_cap > 0) limit = std::min<std::size_t>(limit, listing_cap);
      std::vector<const FakeActivity*> hits;
      for (const auto& [id, a] : activities_) {
        const std::string day = a.start_local.substr(0, 10);
        if (day >= oldest && day <= newest) hits.push_back(&a);
      }
      std::sort(hits.begin(), hits.end(), [](const FakeActivity* a, const FakeActivity* b) {
        return a->start_local > b->start_local;
      });
      for (const FakeActivity* a : hits) {
        if (out.size() >= limit) break;
        out.push_back(to_json(*a));
      }
    }
    res.set_content(out.dump(), "application/json");
  }

  static nlohmann::json to_json(const FakeActivity& a) {
    if (a.source == "STRAVA") {  // what the API shows of an activity it got from Strava
      return {{"id", a.id},
              {"start_date_local", a.start_local},
              {"type", a.type},
              {"name", a.name},
              {"source", "STRAVA"},
              {"strava_id", a.strava_id},
              {"_note", "STRAVA activities are not available via the API"}};
    }
    nlohmann::json j = {{"id", a.id},
                        {"start_date_local", a.start_local},
                        {"start_date", a.start_utc},
                        {"timezone", "Europe/Berlin"},
                        {"type", a.type},
                        {"name", a.name},
                        {"source", a.source},
                        {"distance", a.distance},
                        {"moving_time", a.moving_time},
                        {"elapsed_time", a.elapsed_time},
                        {"total_elevation_gain", a.elevation_gain},
                        {"icu_training_load", 42},
                        {"device_name", "Garmin Forerunner 955"},
                        {"file_type", "fit"},
                        {"icu_sync_date", "2025-01-01T00:00:00Z"},
                        {"external_id", nullptr},
                        {"strava_id", nullptr}};
    if (!a.external_id.empty()) j["external_id"] = a.external_id;
    if (!a.strava_id.empty()) j["strava_id"] = a.strava_id;
    return j;
  }

  void file(const httplib::Request& req, httplib::Response& res) {
    ++file_requests_;
    if (refused(req, res)) return;
    const std::string id = req.matches[1];
    const bool fit = req.matches[2] == "fit-file";
    std::string body;
    bool truncate = false;
    bool stall = false;
    bool cut = false;
    {
      std::lock_guard lock(mutex_);
      const auto it = activities_.find(id);
      if (it == activities_.end() || it->second.source == "STRAVA") {
        res.status = 404;
        return;
      }
      if (always_500_.contains(id)) {
        res.status = 500;
        return;
      }
      body = fit ? it->second.fit_file : it->second.file;
      truncate = !fit && truncate_.contains(id);
      if (auto c = cut_left_.find(id); !fit && c != cut_left_.end() && c->second > 0) {
        --c->second;
        cut = true;
      }
      if (id == stall_id_ && stalls_left > 0) {
        --stalls_left;
        stall = true;
      }
    }
    if (body.empty()) {
      res.status = 404;
      return;
    }
    if (stall) {  // the client gives up before this answer comes: it is not counted as served
      std::this_thread::sleep_for(std::chrono::milliseconds(stall_ms.load()));
      res.set_content(body, "application/octet-stream");
      return;
    }
    if (truncate) body.resize(body.size() / 2);
    if (cut || (drop_files_after >= 0 && served_total() >= drop_files_after)) {
      // Promise the whole body, send a little, then hang up: a dropped connection.
      const std::size_t size = body.size();
      res.set_content_provider(size, "application/octet-stream",
                               [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset == 0) sink.write(body.data(), body.size() / 3);
                                 return false;
                               });
      return;
    }
    {
      std::lock_guard lock(mutex_);
      ++served_[id];
    }
    res.set_content(body, "application/octet-stream");
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, FakeActivity> activities_;
  std::map<std::string, int> served_;
  std::map<std::string, int> cut_left_;
  std::set<std::string> truncate_, always_500_;
  std::string stall_id_, malformed_day_, last_query_;
  std::atomic<int> listing_requests_{0}, file_requests_{0};
};

}  // namespace th::test
