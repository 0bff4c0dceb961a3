#include "sync/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <thread>

#include "core/text.hpp"

namespace th {

namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

struct Sink {
  Bytes body;
  std::size_t cap = 0;
  bool over_cap = false;
  std::string content_type;
  std::optional<long> retry_after_s;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t n = size * count;
  if (sink->body.size() + n > sink->cap) {
    sink->over_cap = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  sink->body.insert(sink->body.end(), data, data + n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {  // a new response (after a redirect): forget the last one's
    sink->content_type.clear();
    sink->retry_after_s.reset();
    return n;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  const std::string name = ascii_lower(trim(line.substr(0, colon)));
  const std::string_view value = trim(line.substr(colon + 1));
  if (name == "content-type") {
    sink->content_type = std::string(value);
  } else if (name == "retry-after") {
    // Seconds only; an HTTP date falls back to exponential backoff.
    long secs = 0;
    bool digits = !value.empty() && value.size() < 8;
    for (char c : value) {
      if (!std::isdigit(static_cast<unsigned char>(c))) digits = false;
    }
    if (digits) {
      for (char c : value) secs = secs * 10 + (c - '0');
      sink->retry_after_s = secs;
    }
  }
  return n;
}

bool transient(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR: return true;
    default: return false;
  }
}

}  // namespace

struct HttpClient::Attempt {
  CURLcode code = CURLE_OK;
  std::string curl_error;
  long status = 0;
  Sink sink;
};

HttpClient::HttpClient(HttpOptions options, std::string user, std::string password)
    : options_(std::move(options)), user_(std::move(user)), password_(std::move(password)) {}

void HttpClient::pause(std::chrono::milliseconds d) const {
  if (d.count() <= 0) return;
  if (options_.sleep) {
    options_.sleep(d);
  } else {
    std::this_thread::sleep_for(d);
  }
}

void HttpClient::wait_for_slot() {
  if (options_.max_requests_per_second <= 0) return;
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(1.0 / options_.max_requests_per_second));
  std::chrono::steady_clock::duration wait{};
  {
    std::lock_guard lock(rate_mutex_);
    const auto now = std::chrono::steady_clock::now();
    const auto slot = std::max(now, next_slot_);
    next_slot_ = slot + interval;
    wait = slot - now;
  }
  pause(std::chrono::ceil<std::chrono::milliseconds>(wait));
}

std::chrono::milliseconds HttpClient::backoff(int attempt) const {
  auto d = options_.backoff_initial;
  for (int i = 1; i < attempt && d < options_.backoff_max; ++i) d *= 2;
  return std::min(d, options_.backoff_max);
}

HttpClient::Attempt HttpClient::perform(const std::string& url) {
  Attempt a;
  a.sink.cap = options_.max_body_bytes;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw IoError("cannot initialise libcurl");
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
  curl_easy_setopt(c, CURLOPT_USERNAME, user_.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
  curl_easy_setopt(c, CURLOPT_USERAGENT, "trackheat/0.1 (local heatmap)");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options_.stall_s);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &a.sink);
  a.code = curl_easy_perform(c);
  a.curl_error = error_buffer[0] != 0 ? error_buffer : curl_easy_strerror(a.code);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
  return a;
}

HttpResponse HttpClient::get(const std::string& url, const std::string& what) {
  int failures = 0;
  int rate_limited = 0;
  for (;;) {
    wait_for_slot();
    Attempt a = perform(url);
    if (a.sink.over_cap || a.code == CURLE_FILESIZE_EXCEEDED) {
      throw IoError(what + ": response larger than " +
                    std::to_string(options_.max_body_bytes >> 20) + " MiB, refused");
    }
    if (a.code != CURLE_OK) {
      if (!transient(a.code)) throw NetworkError(what + ": " + a.curl_error);
      const bool unreachable =
          a.code == CURLE_COULDNT_RESOLVE_HOST || a.code == CURLE_COULDNT_CONNECT;
      // Connected, but not even a status line before the stall limit: a server that accepts
      // and never answers. Waiting on it again and again only delays the one-line error.
      const bool silent = a.code == CURLE_OPERATION_TIMEDOUT && a.status == 0;
      const int allowed = unreachable ? options_.max_connect_attempts
                          : silent    ? options_.max_silent_attempts
                                      : options_.max_attempts;
      if (++failures >= allowed) {
        const std::string why =
            silent ? "the server accepted the connection but did not answer (" + a.curl_error + ")"
                   : a.curl_error;
        throw NetworkError(what + ": " + why + " (gave up after " + std::to_string(failures) +
                           " tries)");
      }
      pause(backoff(failures));
      continue;
    }
    if (a.status >= 200 && a.status < 300) {
      return {a.status, std::move(a.sink.body), std::move(a.sink.content_type)};
    }
    if (a.status == 401 || a.status == 403) {
      throw AuthError(what + ": intervals.icu refused the credentials (HTTP " +
                      std::to_string(a.status) +
                      "): check INTERVALS_ICU_API_KEY / INTERVALS_ICU_ATHLETE_ID");
    }
    if (a.status == 429) {
      if (++rate_limited > options_.max_rate_limited) {
        throw NetworkError(what + ": still rate limited (HTTP 429) after " +
                           std::to_string(rate_limited - 1) + " waits");
      }
      // Retry-After is capped at 10 minutes: a server asking for more is not worth a hang.
      pause(a.sink.retry_after_s
                ? std::chrono::milliseconds(std::min(*a.sink.retry_after_s, 600L) * 1000)
                : backoff(rate_limited));
      continue;
    }
    if (a.status >= 500) {
      if (++failures >= options_.max_attempts) {
        throw HttpStatusError(a.status, what + ": HTTP " + std::to_string(a.status) +
                                            " (gave up after " + std::to_string(failures) +
                                            " tries)");
      }
      pause(backoff(failures));
      continue;
    }
    throw HttpStatusError(a.status, what + ": HTTP " + std::to_string(a.status));
  }
}

}  // namespace th
