#include "serve/connections.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/errors.hpp"
#include "serve/request_head.hpp"

namespace th::serve {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kRecvChunk = 16 * 1024;
// A connection the server closes after replying is half-closed, then drained this long (or this
// much) before close(): closing with unread bytes would send a reset that can destroy the reply
// before the client reads it.
constexpr auto kLinger = std::chrono::milliseconds(1000);
constexpr std::size_t kMaxDrainBytes = 1 << 20;
constexpr auto kSweepInterval = std::chrono::milliseconds(100);
// File descriptors left for everything but connections (site files, the store, the log).
constexpr rlim_t kReservedDescriptors = 128;

enum class State {
  Idle,     // in the poller, no request begun
  Reading,  // in the poller, part of a request's head received
  Busy,     // a worker has it
  Closing,  // reply sent, write side shut, draining until the client closes
};

// Waits until `fd` is ready for `events`, `deadline` passes, or the server stops; polls in short
// slices so stop() is noticed while a client is slow.
bool wait_ready(int fd, short events, Clock::time_point deadline,
                const std::atomic<bool>& stopping) {
  for (;;) {
    if (stopping) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 100)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  auto* sa = reinterpret_cast<sockaddr*>(&a);
  if ((peer ? ::getpeername(fd, sa, &len) : ::getsockname(fd, sa, &len)) != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    port = ntohs(v6->sin6_port);
  }
  ip = text;
}

// httplib's view of one connection while a worker has it: reads come first from the bytes the
// poller buffered (the head, perhaps more), then from the socket, all before the request's
// deadline; bytes read past the request stay buffered for the next one (pipelining).
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int fd, std::string& buffered, const std::atomic<bool>& stopping,
                   std::chrono::milliseconds write_timeout)
      : fd_(fd), in_(buffered), stopping_(stopping), write_timeout_(write_timeout) {}

  void set_read_deadline(Clock::time_point deadline) { read_deadline_ = deadline; }
  // Forgets the bytes requests have read so far.
  void drop_consumed() {
    in_.erase(0, pos_);
    pos_ = 0;
  }

  bool is_readable() const override {
    return pos_ < in_.size() || wait_ready(fd_, POLLIN, read_deadline_, stopping_);
  }
  bool is_writable() const override {
    return wait_ready(fd_, POLLOUT, Clock::now() + write_timeout_, stopping_);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (pos_ == in_.size()) {
      in_.clear();
      pos_ = 0;
      const ssize_t n = fill();
      if (n <= 0) return n;
    }
    const std::size_t n = std::min(size, in_.size() - pos_);
    std::memcpy(ptr, in_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!wait_ready(fd_, POLLOUT, Clock::now() + write_timeout_, stopping_)) return -1;
      } else {
        return -1;
      }
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address_of(fd_, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address_of(fd_, false, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  // Appends what the socket has (waiting until the deadline); bytes read, 0 at EOF, -1 else.
  ssize_t fill() {
    char buf[kRecvChunk];
    for (;;) {
      if (!wait_ready(fd_, POLLIN, read_deadline_, stopping_)) return -1;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) {
        in_.append(buf, static_cast<std::size_t>(n));
        return n;
      }
      if (n == 0) return 0;
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
    }
  }

  int fd_;
  std::string& in_;
  std::size_t pos_ = 0;
  const std::atomic<bool>& stopping_;
  std::chrono::milliseconds write_timeout_;
  Clock::time_point read_deadline_{};
};

}  // namespace

struct ConnectionLoop::Connection {
  int fd = -1;
  State state = State::Idle;
  std::string in;           // received, not yet read by a request
  HeadScan scan;            // of the request that starts `in`
  Clock::time_point since;  // state entered; for Reading, the request's first byte
  unsigned served = 0;
  bool close_after = false;  // a worker's verdict: close instead of keeping alive
  std::size_t drained = 0;   // Closing: bytes thrown away
};

HttpServer::~HttpServer() {
  const int fd = svr_sock_.exchange(INVALID_SOCKET);
  if (fd != INVALID_SOCKET) ::close(fd);
}

ConnectionLoop::ConnectionLoop(HttpServer& http, ConnectionLimits limits)
    : http_(http), limits_(limits) {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
    const rlim_t room = files.rlim_cur > 2 * kReservedDescriptors
                            ? files.rlim_cur - kReservedDescriptors
                            : files.rlim_cur / 2;
    limits_.max_connections = std::min<std::size_t>(limits_.max_connections, room);
  }
  limits_.max_connections = std::max<std::size_t>(limits_.max_connections, 1);
  limits_.worker_threads = std::max(limits_.worker_threads, 1u);
  limits_.max_requests_per_connection = std::max(limits_.max_requests_per_connection, 1u);
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_ < 0 || wake_ < 0) throw IoError("cannot create the server's event loop");
}

ConnectionLoop::~ConnectionLoop() {
  ::close(epoll_);
  ::close(wake_);
}

void ConnectionLoop::stop() {
  stopping_ = true;
  { std::lock_guard lock(mutex_); }  // a worker between its check and its wait sees the flag
  work_ready_.notify_all();
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_, &one, sizeof one);
}

void ConnectionLoop::run() {
  const int listener = http_.listening_socket();
  if (stopping_ || listener < 0) return;
  ::fcntl(listener, F_SETFL, ::fcntl(listener, F_GETFL) | O_NONBLOCK);
  for (const int fd : {listener, wake_}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
  }
  for (unsigned i = 0; i < limits_.worker_threads; ++i) workers_.emplace_back([this] { work(); });
  while (!stopping_) poll_once();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
  for (auto& [fd, c] : connections_) ::close(fd);
  connections_.clear();
  ready_.clear();
  returned_.clear();
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, listener, nullptr);
}

void ConnectionLoop::poll_once() {
  epoll_event events[128];
  const int n = ::epoll_wait(epoll_, events, 128, static_cast<int>(kSweepInterval.count()));
  const int listener = http_.listening_socket();
  bool accept_ready = false;
  for (int i = 0; i < n; ++i) {
    const int fd = events[i].data.fd;
    if (fd == listener) {
      accept_ready = true;
    } else if (fd == wake_) {
      std::uint64_t count;
      [[maybe_unused]] const ssize_t r = ::read(wake_, &count, sizeof count);
    } else if (const auto it = connections_.find(fd);
               it != connections_.end() && it->second->state != State::Busy) {
      on_readable(*it->second);
    }
  }
  // Accepting (which may close an old connection, and reuse its number) only after this batch's
  // events, so an event never reaches the wrong connection.
  std::vector<Connection*> back;
  {
    std::lock_guard lock(mutex_);
    back.swap(returned_);
  }
  for (Connection* c : back) on_returned(*c);
  if (accept_ready) accept_new();
  if (Clock::now() - last_sweep_ >= kSweepInterval) sweep();
}

void ConnectionLoop::accept_new() {
  const int listener = http_.listening_socket();
  for (int i = 0; i < 256; ++i) {
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        if (evict_oldest()) continue;
        // Nothing to close: stop listening for a moment instead of spinning.
        epoll_event ev{};
        ev.data.fd = listener;
        ::epoll_ctl(epoll_, EPOLL_CTL_MOD, listener, &ev);
        accept_paused_until_ = Clock::now() + kSweepInterval;
      }
      return;  // EAGAIN: no more waiting
    }
    if (connections_.size() >= limits_.max_connections && !evict_oldest()) {
      ::close(fd);
      continue;
    }
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->since = Clock::now();
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      ::close(fd);
      continue;
    }
    connections_.emplace(fd, std::move(c));
  }
}

void ConnectionLoop::on_readable(Connection& c) {
  char buf[kRecvChunk];
  // At most this much per wake-up, so one client cannot keep the poller to itself.
  std::size_t budget = limits_.max_head_bytes + sizeof buf;
  while (budget > 0) {
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) return close_now(c);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return close_now(c);
    }
    const auto got = static_cast<std::size_t>(n);
    budget -= std::min(budget, got);
    if (c.state == State::Closing) {
      c.drained += got;
      if (c.drained > kMaxDrainBytes) return close_now(c);
      continue;
    }
    if (c.state == State::Idle) {
      c.state = State::Reading;
      c.since = Clock::now();
    }
    c.in.append(buf, got);
    if (c.in.size() > limits_.max_head_bytes) break;  // check_head refuses it
  }
  if (c.state == State::Reading) return check_head(c);
  arm(c);
}

void ConnectionLoop::check_head(Connection& c) {
  switch (scan_request_head(c.in, c.scan, limits_.max_head_bytes, limits_.max_headers)) {
    case HeadStatus::Complete: {
      c.state = State::Busy;
      {
        std::lock_guard lock(mutex_);
        ready_.push_back(&c);
      }
      work_ready_.notify_one();
      return;
    }
    case HeadStatus::TooLarge: return reply_and_close(c, "431 Request Header Fields Too Large");
    case HeadStatus::Incomplete: return arm(c);
  }
}

void ConnectionLoop::on_returned(Connection& c) {
  if (c.close_after) return begin_closing(c);
  c.since = Clock::now();
  if (!c.in.empty()) {  // the start of a next request
    c.state = State::Reading;
    return check_head(c);
  }
  c.state = State::Idle;
  c.scan = HeadScan{};
  if (c.in.capacity() > kRecvChunk) std::string().swap(c.in);
  arm(c);
}

void ConnectionLoop::sweep() {
  const auto now = Clock::now();
  last_sweep_ = now;
  if (accept_paused_until_ != Clock::time_point{} && now >= accept_paused_until_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = http_.listening_socket();
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, ev.data.fd, &ev);
    accept_paused_until_ = {};
  }
  std::vector<Connection*> idle, late, lingered;
  for (auto& [fd, c] : connections_) {
    const auto waited = now - c->since;
    if (c->state == State::Idle && waited >= limits_.idle_timeout) idle.push_back(c.get());
    if (c->state == State::Reading && waited >= limits_.request_timeout) late.push_back(c.get());
    if (c->state == State::Closing && waited >= kLinger) lingered.push_back(c.get());
  }
  for (Connection* c : idle) close_now(*c);
  for (Connection* c : lingered) close_now(*c);
  for (Connection* c : late) reply_and_close(*c, "408 Request Timeout");
}

void ConnectionLoop::reply_and_close(Connection& c, const char* status_line) {
  const std::string text = std::string(status_line + 4) + "\n";
  const std::string reply = std::string("HTTP/1.1 ") + status_line +
                            "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                            std::to_string(text.size()) +
                            "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + text;
  // Best effort: a client that does not read its socket does not get the reply.
  [[maybe_unused]] const ssize_t n =
      ::send(c.fd, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  begin_closing(c);
}

void ConnectionLoop::begin_closing(Connection& c) {
  ::shutdown(c.fd, SHUT_WR);
  c.state = State::Closing;
  c.since = Clock::now();
  c.drained = 0;
  std::string().swap(c.in);
  arm(c);
}

void ConnectionLoop::close_now(Connection& c) {
  const int fd = c.fd;
  connections_.erase(fd);  // destroys c
  ::close(fd);
}

bool ConnectionLoop::evict_oldest() {
  Connection* oldest = nullptr;
  for (auto& [fd, c] : connections_) {
    if (c->state != State::Busy && (!oldest || c->since < oldest->since)) oldest = c.get();
  }
  if (!oldest) return false;
  close_now(*oldest);
  return true;
}

void ConnectionLoop::arm(const Connection& c) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.fd = c.fd;
  ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
}

void ConnectionLoop::work() {
  for (;;) {
    Connection* c = nullptr;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !ready_.empty(); });
      if (stopping_) return;  // run() closes what is still queued
      c = ready_.front();
      ready_.pop_front();
    }
    serve(*c);
    {
      std::lock_guard lock(mutex_);
      returned_.push_back(c);
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_, &one, sizeof one);
  }
}

void ConnectionLoop::serve(Connection& c) {
  ConnectionStream stream(c.fd, c.in, stopping_, limits_.write_timeout);
  auto deadline = c.since + limits_.request_timeout;
  for (;;) {
    stream.set_read_deadline(deadline);
    const bool last = stopping_ || c.served + 1 >= limits_.max_requests_per_connection;
    bool client_closes = false;
    const bool ok = http_.serve_request(stream, last, client_closes);
    ++c.served;
    stream.drop_consumed();
    if (!ok || client_closes || last) {
      c.close_after = true;
      return;
    }
    // A next request already here in full (pipelining) is served now; else the poller waits.
    c.scan = HeadScan{};
    if (c.in.empty() || scan_request_head(c.in, c.scan, limits_.max_head_bytes,
                                          limits_.max_headers) != HeadStatus::Complete) {
      return;
    }
    deadline = Clock::now() + limits_.request_timeout;
  }
}

}  // namespace th::serve
