#pragma once
// The admin page's JSON API, independent of any HTTP library: the server (src/serve/) turns each
// HTTP request under /api/ into an AdminRequest and writes the AdminResponse back, so every route
// is unit tested without a socket.
//
// Routes (all JSON; every one needs the per-run token in the X-Trackheat-Token header, compared
// in constant time; missing or wrong → 403):
//   GET  /api/pairs        ?kind=ambiguous|probable|certain &offset= &limit= (≤ 100, default 20)
//                          matched pairs, ambiguous first, then probable, then certain; both
//                          records side by side with their tracks downsampled for a small map
//                          (cut by the privacy zones and trimmed ends as the map is; a null
//                          between two points: the line breaks there).
//   GET  /api/activities   ?q= (name or source id) &source= &sport= &after=YYYY-MM-DD
//                          &before=YYYY-MM-DD (inclusive) &excluded=1|0 &offset= &limit= (≤ 500)
//   GET  /api/decisions    the decision log, newest first (undone ones marked)
//   POST /api/decide       {"action":"winner","winner":ID,"loser":ID} | {"action":"distinct",
//                          "a":ID,"b":ID} | {"action":"exclude"|"include","id":ID} (row ids; the
//                          decision is stored by (source, source_id))
//   POST /api/undo         {} undoes the newest decision, {"decision":N} that one
//   POST /api/rebuild      starts a build in the background (409 while one runs)
//   GET  /api/rebuild      {"state":"idle"|"running"|"done"|"failed","phase","elapsed_s",
//                          "result","error"}
// Bodies over kMaxBodyBytes are refused (413); malformed ones are 400.
//
// Thread safety: handle() may be called from several server threads; requests are served one
// at a time on the API's own store connection, opened on the first request that needs it. The
// rebuild runs on its own thread (and its own connection, inside the build).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "render/privacy.hpp"

namespace th {

class Store;

inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;
inline constexpr const char* kTokenHeader = "X-Trackheat-Token";

struct AdminRequest {
  std::string method;                        // "GET", "POST", …
  std::string path;                          // without the query string, e.g. "/api/pairs"
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string body;
  std::optional<std::string> token;  // the X-Trackheat-Token header, when sent
};

struct AdminResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
};

// Runs one build. `phase(text)` reports what it is doing; the returned text is shown as the
// result. Throws on failure (the message is shown).
using RebuildFunction = std::function<std::string(const std::function<void(std::string)>& phase)>;

struct AdminOptions {
  std::filesystem::path db_file;  // the store (cache/trackheat.db)
  std::string token;              // the per-run token; empty refuses every request
  RebuildFunction rebuild;        // empty: POST /api/rebuild answers 501
  // The privacy zones and trimmed ends to cut from the small maps' tracks, read for every
  // request that shows tracks (so zones added by a build while serving apply at once); empty:
  // none. A throw answers 500 and shows no track.
  std::function<PrivacySettings()> privacy;
};

// True when `given` equals `expected`, in time independent of where they differ.
bool tokens_equal(std::string_view given, std::string_view expected);

// A fresh per-run token: 32 hex digits from std::random_device.
std::string make_token();

// The admin page with the token put in place of "__TRACKHEAT_TOKEN__" (a hex token needs no
// escaping in an HTML attribute).
std::string admin_page_with_token(std::string_view html, std::string_view token);

class RebuildJob;

class AdminApi {
 public:
  explicit AdminApi(AdminOptions options);
  ~AdminApi();  // waits for a running rebuild
  AdminApi(const AdminApi&) = delete;
  AdminApi& operator=(const AdminApi&) = delete;

  AdminResponse handle(const AdminRequest& request);

 private:
  AdminResponse route(const AdminRequest& request);

  AdminOptions options_;
  std::mutex mutex_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<RebuildJob> rebuild_;
};

}  // namespace th
