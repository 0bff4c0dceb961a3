#include "serve/site_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <random>

#include "admin/admin_page.hpp"
#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "serve/site_file.hpp"
#include "serve/static_files.hpp"
#include "site/site_publish.hpp"

namespace th::serve {

namespace {

constexpr std::size_t kMaxRequestBodyBytes = 1 << 20;

std::string random_token() {
  std::random_device device;  // getrandom(2) on Linux
  std::string token;
  char buf[9];
  for (int i = 0; i < 4; ++i) {
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(device()));
    token += buf;
  }
  return token;
}

void plain_error(httplib::Response& res, int status, const char* text) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(text, "text/plain; charset=utf-8");
}

// Whether the listening socket's address is a loopback one (127.0.0.0/8, ::1, or ::ffff:127.x).
bool bound_to_loopback(int listening_socket) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if (::getsockname(listening_socket, reinterpret_cast<sockaddr*>(&a), &len) != 0) return true;
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
  }
  if (a.ss_family == AF_INET6) {
    const in6_addr& v6 = reinterpret_cast<const sockaddr_in6*>(&a)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(&v6) || (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
  }
  return true;
}

}  // namespace

bool host_allowed(std::string_view host_header, std::string_view path, bool loopback_bound) {
  if (loopback_host(host_header)) return true;
  if (loopback_bound) return false;
  return std::none_of(std::begin(kLoopbackOnlyPrefixes), std::end(kLoopbackOnlyPrefixes),
                      [&](std::string_view prefix) { return path.starts_with(prefix); });
}

SiteServer::SiteServer(ServeOptions options, const ConnectionLimits& limits)
    : options_(std::move(options)), token_(random_token()), http_(std::make_unique<HttpServer>()) {
  // A journal a killed build left is finished before anything is read (a killed first build may
  // not have published index.html yet). IoError when it cannot be.
  { const SiteReadLock finished(options_.site); }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options_.site / "index.html", ec)) {
    throw UsageError(options_.site.string() +
                     "/index.html not found: build the site first (trackheat build --out " +
                     options_.site.string() + ")");
  }
  site_root_ = std::filesystem::canonical(options_.site, ec);
  if (ec) throw IoError("cannot open site folder " + options_.site.string());
  http_->set_payload_max_length(kMaxRequestBodyBytes);
  // What httplib advertises in Keep-Alive; the connection layer enforces both.
  http_->set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(limits.idle_timeout).count());
  http_->set_keep_alive_max_count(limits.max_requests_per_connection);
  http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (host_allowed(req.get_header_value("Host"), req.path, loopback_bound_)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    plain_error(res, 403, "forbidden: not a loopback host\n");
    res.set_header("X-Content-Type-Options", "nosniff");
    return httplib::Server::HandlerResponse::Handled;
  });
  // httplib's default also sets SO_REUSEPORT, which lets a second server bind a port that is in
  // use (the kernel then splits connections between them). SO_REUSEADDR alone still allows a
  // quick restart after Ctrl-C (sockets in TIME_WAIT).
  http_->set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  connections_ = std::make_unique<ConnectionLoop>(*http_, limits);
}

int SiteServer::bind() {
  if (options_.port == 0) {
    port_ = http_->bind_to_any_port(options_.host);
    if (port_ <= 0) throw IoError("cannot listen on " + options_.host + ": no free port");
  } else {
    if (options_.port < 0 || options_.port > 65535) {
      throw UsageError("--port must be 0..65535");
    }
    if (!http_->bind_to_port(options_.host, options_.port)) {
      throw IoError("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                    " (port in use? choose another with --port)");
    }
    port_ = options_.port;
  }
  loopback_bound_ = bound_to_loopback(http_->listening_socket());
  // httplib listens with a backlog of 5: a page opening many connections at once would see some
  // wait a second for a SYN retry. Listening again only raises the backlog.
  ::listen(http_->listening_socket(), SOMAXCONN);
  return port_;
}

std::string SiteServer::url() const {
  const bool v6 = options_.host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + options_.host + "]" : options_.host) + ":" +
         std::to_string(port_) + "/";
}

void SiteServer::run() {
  // Registered last: httplib tries handlers in registration order.
  http_->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    serve_static(req, res);
  });
  if (stop_requested_) return;
  connections_->run();
}

void SiteServer::stop() {
  stop_requested_ = true;
  connections_->stop();
}

void SiteServer::serve_static(const httplib::Request& req, httplib::Response& res) const {
  OpenedSiteFile file;
  try {
    file = open_site_file(site_root_, req.path);
  } catch (const IoError& e) {
    // A journal left by a killed build that cannot be finished (a full disk): the site may be
    // half updated, so nothing of it is served.
    std::fprintf(stderr, "serve: %s\n", e.what());
    return plain_error(res, 503, "the site is being updated; try again\n");
  }
  if (file.status == Resolution::Forbidden) return plain_error(res, 403, "forbidden\n");
  if (file.status == Resolution::NotFound) return plain_error(res, 404, "not found\n");
  const FileValidators& v = file.validators;
  if (v.size > kMaxServedFileBytes) return plain_error(res, 500, "file too large to serve\n");
  res.set_header("ETag", v.etag);
  res.set_header("Last-Modified", v.last_modified);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  if (not_modified(v, req.get_header_value("If-None-Match"),
                   req.get_header_value("If-Modified-Since"))) {
    res.status = 304;
    return;
  }
  try {
    const Bytes bytes = file.read();
    res.set_content(reinterpret_cast<const char*>(bytes.data()), bytes.size(),
                    std::string(mime_type(file.path.filename().string())));
  } catch (const IoError&) {
    plain_error(res, 500, "cannot read file\n");
  }
}

}  // namespace th::serve
