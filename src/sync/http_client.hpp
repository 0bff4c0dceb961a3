#pragma once
// A small, polite HTTP GET client over libcurl, for the intervals.icu API.
//
//   - every request has a connect timeout, a whole-request timeout and a stall limit (below one
//     byte a second for `stall_s`), and every body is capped (`max_body_bytes`);
//   - requests leave at most `max_requests_per_second` (shared by all threads using the client);
//   - 429 waits for Retry-After (seconds) when the server says, else backs off exponentially,
//     a bounded number of times, then NetworkError (the server wants us to stop);
//   - timeouts and dropped connections are retried with exponential backoff, a bounded number
//     of times, then NetworkError; 5xx likewise, then HttpStatusError (one bad resource);
//   - a server that accepts the connection and never answers (no status line within `stall_s`)
//     is tried `max_silent_attempts` times: with the defaults the client gives up after about
//     41 s (2 × 20 s + 1 s backoff), with NetworkError "… did not answer …";
//   - a body is complete when the transfer says so: as long as its Content-Length, or the end of
//     a chunked (or HTTP/2) stream; a shorter one is a dropped connection (libcurl's
//     CURLE_PARTIAL_FILE), retried as above, never returned. (A body that only the closing of
//     the connection ends, with neither, cannot be checked.)
//   - 401/403 throw AuthError at once (retrying cannot help);
//   - other non-2xx statuses throw HttpStatusError (404: the caller may try something else).
//
// Credentials go to libcurl as user name and password (HTTP Basic) and nowhere else: messages
// name the URL's path only, and the client never logs headers. Redirects are followed (at most
// 3, http/https only); libcurl does not send the credentials on to another host.
//
// Thread-safety: get() may be called from several threads at once (one libcurl handle per call).

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>

#include "core/bytes.hpp"
#include "core/errors.hpp"

namespace th {

// The server cannot be reached, keeps timing out, or keeps answering 429, after all retries.
class NetworkError : public IoError {
 public:
  using IoError::IoError;
};

// 401/403: the credentials are wrong. The message says which settings to check.
class AuthError : public IoError {
 public:
  using IoError::IoError;
};

// A final non-2xx answer that is neither of the above (404, 400, 5xx after all retries, …).
class HttpStatusError : public IoError {
 public:
  HttpStatusError(long status, const std::string& what) : IoError(what), status_(status) {}
  long status() const { return status_; }

 private:
  long status_;
};

struct HttpOptions {
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 300'000;  // a whole request, body included
  long stall_s = 20;                // abort when below 1 byte/s for this long
  std::size_t max_body_bytes = std::size_t{256} << 20;
  double max_requests_per_second = 10;
  int max_attempts = 5;          // tries per request for 5xx, timeouts and dropped connections
  int max_connect_attempts = 2;  // tries when the host cannot be resolved or connected to:
                                 // offline, say so quickly instead of backing off for long
  int max_silent_attempts = 2;   // tries when the server accepted but sent nothing back
  int max_rate_limited = 12;     // 429 answers tolerated per request
  std::chrono::milliseconds backoff_initial{1000};
  std::chrono::milliseconds backoff_max{60'000};
  // How to wait (rate limit, backoff, Retry-After); empty: std::this_thread::sleep_for.
  // Tests inject a recorder so a storm of 429s costs no real time.
  std::function<void(std::chrono::milliseconds)> sleep;
};

struct HttpResponse {
  long status = 0;
  Bytes body;
  std::string content_type;
};

class HttpClient {
 public:
  HttpClient(HttpOptions options, std::string user, std::string password);

  // GET `url` (absolute). Returns the 2xx response; throws as described above. `what` names
  // the request in messages (e.g. "GET /api/v1/activity/i1/file").
  HttpResponse get(const std::string& url, const std::string& what);

 private:
  struct Attempt;
  Attempt perform(const std::string& url);
  void wait_for_slot();
  void pause(std::chrono::milliseconds d) const;
  std::chrono::milliseconds backoff(int attempt) const;

  HttpOptions options_;
  std::string user_;
  std::string password_;
  std::mutex rate_mutex_;
  std::chrono::steady_clock::time_point next_slot_{};
};

}  // namespace th
