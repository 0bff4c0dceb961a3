#pragma once
// `trackheat serve`: a built site over HTTP on loopback (DESIGN §3.4).
//
//   SiteServer server({.site = "site", .port = 8000});
//   server.http().Get("/api/hello", ...);   // more routes (issue 6: /admin/, /api/...)
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

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace th::serve {

inline constexpr std::size_t kMaxServedFileBytes = std::size_t{256} << 20;

struct ServeOptions {
  std::filesystem::path site = "site";
  std::filesystem::path cache = "cache";
  std::string host = "127.0.0.1";
  int port = 8000;  // 0: any free port (tests)
};

class SiteServer {
 public:
  // UsageError (one line) when the site folder has no index.html (not built yet).
  explicit SiteServer(ServeOptions options);
  SiteServer(const SiteServer&) = delete;
  SiteServer& operator=(const SiteServer&) = delete;

  // For registering more routes; call before run().
  httplib::Server& http() { return *http_; }
  const std::string& token() const { return token_; }
  const ServeOptions& options() const { return options_; }
  const std::filesystem::path& site_root() const { return site_root_; }

  // Binds the listening socket; returns the port (the chosen one when options.port is 0).
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
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace th::serve
