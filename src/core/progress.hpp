#pragma once
// Progress report for long work: a redrawn bar on a terminal, a plain line every few seconds
// otherwise (logs, CI). Hand-written: no Debian library does both for a plain C++ program.
// Thread-safe: workers call advance() from any thread. With a known total, a line also says
// about how long is left (the rate so far, once a few seconds have passed).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace th {

// ", about 12 s left" (or minutes, hours) for `done` of `total` steps after `secs` seconds, at
// the rate so far; empty while no estimate makes sense (nothing done yet, all done, or the
// first couple of seconds, whose rate says little).
std::string time_left_text(std::uint64_t done, std::uint64_t total, double secs);

class Progress {
 public:
  // `label` names the stage ("import", "render z12"); `total` may be 0 when unknown.
  // `out` is where to draw (stderr by default); `quiet` draws nothing at all.
  Progress(std::string label, std::uint64_t total, std::FILE* out = stderr, bool quiet = false);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::uint64_t n = 1);
  void set_total(std::uint64_t total);
  // Whether lines add an estimate of the time left (on by default): from the rate so far, so
  // only for steps of about equal cost.
  void set_estimate(bool estimate) { estimate_ = estimate; }
  // A transient bar is for a step inside a stage that has its own (render z17 inside render):
  // finishing it leaves no line behind (a terminal's bar is wiped; a log gets a last line
  // only when it had periodic ones, so quick steps stay silent).
  void set_transient(bool transient) { transient_ = transient; }
  // Ends the bar with a final line; called by the destructor if not called before.
  void finish();

 private:
  void draw(bool final_line);

  std::string label_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::uint64_t> total_;
  std::FILE* out_;
  bool quiet_;
  bool tty_;
  bool finished_ = false;
  bool estimate_ = true;
  bool transient_ = false;
  bool drew_ = false;                                  // a periodic line or bar was drawn
  std::uint64_t last_drawn_done_ = ~std::uint64_t{0};  // plain mode: skip repeating a line
  std::mutex draw_mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace th
