#pragma once
// Client side of the serve tests and bench/serve_bench.cpp: raw HTTP/1.1 over loopback TCP, so
// the exact bytes reach the server (no client-side normalisation) and one connection can be kept
// alive for many requests. Every wait is bounded by the connection's timeout; failures throw
// std::runtime_error (no test framework here, the benchmark uses it too).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace th::serve::test {

struct Reply {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  std::string header(const std::string& name) const {
    const std::string key = "\r\n" + name + ": ";
    const std::size_t at = head.find(key);
    if (at == std::string::npos) return {};
    const std::size_t start = at + key.size();
    return head.substr(start, head.find("\r\n", start) - start);
  }
};

// A connected TCP socket to 127.0.0.1:port (TCP_NODELAY, so the client adds no delay of its
// own); throws when the connection is refused.
inline int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed");
  }
  const int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  return fd;
}

class HttpConnection {
 public:
  explicit HttpConnection(int port,
                          std::chrono::milliseconds timeout = std::chrono::milliseconds(5000))
      : fd_(connect_loopback(port)), port_(port), timeout_(timeout) {}
  ~HttpConnection() { ::close(fd_); }
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  int fd() const { return fd_; }

  // Sends all of `bytes`; false when the server closed or reset the connection first.
  bool send_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // GET (or HEAD) of `target`, kept alive, with `Host: 127.0.0.1:<port>` unless `host` is given.
  Reply request(const std::string& method, const std::string& target, const std::string& host = "",
                const std::string& extra_headers = "") {
    const std::string h = host.empty() ? "127.0.0.1:" + std::to_string(port_) : host;
    if (!send_all(method + " " + target + " HTTP/1.1\r\nHost: " + h + "\r\n" + extra_headers +
                  "\r\n")) {
      throw std::runtime_error("request not sent: connection closed");
    }
    return read_reply(method == "HEAD");
  }
  Reply get(const std::string& target) { return request("GET", target); }

  // One reply: head, then Content-Length bytes of body (none for HEAD, 204 and 304).
  Reply read_reply(bool head_request = false) {
    Reply r;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (buffer_.size() > (1u << 20)) throw std::runtime_error("reply head over 1 MiB");
      if (!receive()) throw std::runtime_error("connection closed before a reply head");
    }
    r.head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    if (r.head.size() < 12 || !r.head.starts_with("HTTP/1.")) {
      throw std::runtime_error("not an HTTP reply: " + r.head.substr(0, 40));
    }
    r.status = std::stoi(r.head.substr(9, 3));
    std::size_t length = 0;
    const std::string declared = r.header("Content-Length");
    if (!declared.empty()) length = std::stoul(declared);
    if (head_request || r.status == 204 || r.status == 304) length = 0;
    if (length > (std::size_t{1} << 28)) throw std::runtime_error("reply body over 256 MiB");
    while (buffer_.size() < length) {
      if (!receive()) throw std::runtime_error("connection closed inside a reply body");
    }
    r.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return r;
  }

  // True when the server closes the connection (EOF or reset) within `wait`; bytes that arrive
  // meanwhile are kept for read_reply().
  bool closed_within(std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return true;
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
    return false;
  }

 private:
  // Appends what arrives within the timeout; false on EOF, reset or timeout.
  bool receive() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout_.count())) <= 0) return false;
    char buf[16384];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  int port_;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
};

}  // namespace th::serve::test
