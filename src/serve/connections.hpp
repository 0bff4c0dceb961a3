#pragma once
// The connection layer of `trackheat serve`: accepting sockets, waiting for requests, bounding
// what a client may hold, and handing complete request heads to httplib.
//
// Why not httplib's own loop: cpp-httplib 0.11.4 gives each accepted socket to a worker of a
// pool of 8 threads, and the worker waits on it (keep-alive: up to 5 s for the next request,
// before the first one too) while other sockets queue. Eight silent connections (a browser opens
// six per host) stall every other request for seconds; hundreds stall it for minutes. The
// library's TaskQueue hook only receives an opaque closure that already does that waiting.
//
// The design here: one poller thread (epoll) owns every open connection. It accepts, sets
// TCP_NODELAY, and reads a request's head itself (non-blocking) until the blank line that ends
// it; only then does a worker take the connection, run httplib's process_request() on it (body,
// routing, reply) through ConnectionStream, serve any further request already buffered
// (pipelining), and give the connection back. So a worker is never held by a silent or slow
// client's head, and an idle kept-alive connection costs a file descriptor, not a thread.
// Bounds (ConnectionLimits): at most max_connections open (a new one closes the connection that
// has waited longest without being served, so a flood of sockets cannot lock users out or use up
// file descriptors); a head over max_head_bytes or max_headers lines is answered 431 and closed
// before more is buffered; a request must arrive whole within request_timeout of its first byte
// (slowloris: 408 and closed); an idle connection is closed after idle_timeout; a reply that
// makes no progress for write_timeout is dropped. Connections the server closes after replying
// are half-closed and drained for a moment first, so the client reads the reply instead of a
// reset.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace th::serve {

struct ConnectionLimits {
  std::size_t max_connections = 1024;  // lowered to fit RLIMIT_NOFILE
  unsigned worker_threads = 32;
  std::size_t max_head_bytes = 64 * 1024;  // request line + headers
  std::size_t max_headers = 100;
  std::chrono::milliseconds idle_timeout{15'000};
  std::chrono::milliseconds request_timeout{10'000};  // first byte of a request to its last
  std::chrono::milliseconds write_timeout{10'000};    // without progress
  unsigned max_requests_per_connection = 1000;
};

// httplib::Server with the two protected pieces this layer needs: the socket bind_to_port()
// made, and process_request() (one request read from a Stream and answered on it).
class HttpServer : public httplib::Server {
 public:
  ~HttpServer() override;
  int listening_socket() const { return svr_sock_; }
  bool serve_request(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
    return process_request(stream, close_connection, connection_closed, nullptr);
  }
};

class ConnectionLoop {
 public:
  // `http` must be bound (listening) before run() and outlive this object.
  ConnectionLoop(HttpServer& http, ConnectionLimits limits);
  ~ConnectionLoop();
  ConnectionLoop(const ConnectionLoop&) = delete;
  ConnectionLoop& operator=(const ConnectionLoop&) = delete;

  // Accepts and serves on the calling thread (the poller) and the workers it starts, until
  // stop(); then closes every connection and joins the workers. Returns at once after stop().
  void run();
  // Thread-safe; harmless before run() or twice.
  void stop();

 private:
  struct Connection;

  void poll_once();
  void accept_new();
  void on_readable(Connection& c);
  void on_returned(Connection& c);
  void check_head(Connection& c);
  void sweep();
  void reply_and_close(Connection& c, const char* status_line);
  void begin_closing(Connection& c);
  void close_now(Connection& c);
  bool evict_oldest();
  void arm(const Connection& c);
  void work();
  void serve(Connection& c);

  HttpServer& http_;
  ConnectionLimits limits_;
  int epoll_ = -1;
  int wake_ = -1;  // eventfd: stop() and workers giving connections back
  std::atomic<bool> stopping_{false};
  // Poller thread only.
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
  std::chrono::steady_clock::time_point accept_paused_until_{};
  std::chrono::steady_clock::time_point last_sweep_{};
  // Shared with the workers, under mutex_.
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<Connection*> ready_;
  std::vector<Connection*> returned_;
  std::vector<std::thread> workers_;
};

}  // namespace th::serve
