#pragma once
// `trackheat serve`: a built site over HTTP on loopback.
//
//   SiteServer server({.site = "site", .port = 8000});
//   server.http().Get("/api/hello", ...);   // more routes (/admin/, /api/...)
//   server.bind();                          // IoError: port taken
//   std::puts(server.url().c_str());
//   server.run();                           // until stop() from another thread
//
// Static files: GET and HEAD of any path inside the site (static_files.hpp decides which);
// registered by run() after every route added through http(), so those routes win. Responses
// carry Content-Type, an ETag and Last-Modified, and `Cache-Control: no-cache`: browsers keep
// tiles but revalidate them (304 when unchanged), so a reload after a rebuild shows the new site
// without a stale mix. 404 for missing files, 403 for paths that try to leave the site.
// Files over kMaxServedFileBytes are refused (500) rather than read into memory.
//
// token(): a random 128-bit hex string made per run, for the admin routes of a later issue
// (state-changing requests must carry it). Never printed by the server itself.
//
// Host names (DNS rebinding: a web page that points its own name at 127.0.0.1 must not read the
// user's activities): every request whose Host header is not a loopback name (127.0.0.1,
// localhost, [::1], any port) is refused (403) before routing when the server listens on a
// loopback address. When the user binds another address (--host 0.0.0.0, a LAN address), the
// static site answers any Host, as other machines name the server by their own address; the
// admin UI, its API and live tiles (kLoopbackOnlyPrefixes) still answer only loopback names.
//
// Connections (connections.hpp): one poller thread holds idle and half-received connections;
// a bounded pool of workers serves complete requests, within `limits`.

#include <httplib.h>

#include "serve/connections.hpp"

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace th::serve {

inline constexpr std::size_t kMaxServedFileBytes = std::size_t{256} << 20;

struct ServeOptions {
  std::filesystem::path site = "site";
  std::filesystem::path cache = "cache";
  std::string host = "127.0.0.1";
  int port = 8000;  // 0: any free port (tests)
};

// Paths that are never the static site: they need a loopback Host whatever the bind address.
inline constexpr std::string_view kLoopbackOnlyPrefixes[] = {"/admin", "/api/", "/live/"};

// The Host check: whether a request for `path` naming `host_header` is answered by a server
// listening on a loopback address (`loopback_bound`) or on another one.
bool host_allowed(std::string_view host_header, std::string_view path, bool loopback_bound);

class SiteServer {
 public:
  // UsageError (one line) when the site folder has no index.html (not built yet).
  explicit SiteServer(ServeOptions options, const ConnectionLimits& limits = {});
  SiteServer(const SiteServer&) = delete;
  SiteServer& operator=(const SiteServer&) = delete;

  // For registering more routes; call before run().
  httplib::Server& http() { return *http_; }
  const std::string& token() const { return token_; }
  const ServeOptions& options() const { return options_; }
  const std::filesystem::path& site_root() const { return site_root_; }

  // Binds the listening socket; returns the port (the chosen one when options.port is 0).
  // Whether the bound address is a loopback one decides the Host check (above).
  // IoError with one clear line when the address is in use or cannot be bound.
  int bind();
  // "http://127.0.0.1:8000/" (after bind()).
  std::string url() const;
  // Serves until stop(); bind() first.
  void run();
  // Thread-safe; makes run() return. Harmless before run() or twice.
  void stop();

 private:
  void serve_static(const httplib::Request& req, httplib::Response& res) const;

  ServeOptions options_;
  std::filesystem::path site_root_;  // canonical
  std::string token_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<ConnectionLoop> connections_;
  int port_ = 0;
  bool loopback_bound_ = true;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace th::serve
