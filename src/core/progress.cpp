#include "core/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <string>

namespace th {

namespace {
constexpr auto kTtyInterval = std::chrono::milliseconds(100);
constexpr auto kPlainInterval = std::chrono::seconds(5);
constexpr int kBarWidth = 30;
constexpr int kWipeWidth = 100;          // wider than any bar line
constexpr double kEstimateAfterS = 2.0;  // the rate of the first moments says little

}  // namespace

std::string time_left_text(std::uint64_t done, std::uint64_t total, double secs) {
  if (done == 0 || done >= total || secs < kEstimateAfterS) return {};
  const double left = secs * static_cast<double>(total - done) / static_cast<double>(done);
  char buf[48];
  if (left < 90) {
    std::snprintf(buf, sizeof buf, ", about %.0f s left", std::ceil(left));
  } else if (left < 5400) {
    std::snprintf(buf, sizeof buf, ", about %.0f min left", std::ceil(left / 60));
  } else {
    std::snprintf(buf, sizeof buf, ", about %.1f h left", left / 3600);
  }
  return buf;
}

Progress::Progress(std::string label, std::uint64_t total, std::FILE* out, bool quiet)
    : label_(std::move(label)),
      total_(total),
      out_(out),
      quiet_(quiet || out == nullptr),
      tty_(out != nullptr && isatty(fileno(out)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  finish();
}

void Progress::set_total(std::uint64_t total) {
  total_ = total;
}

void Progress::advance(std::uint64_t n) {
  done_ += n;
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  const auto interval =
      tty_ ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(kTtyInterval)
           : std::chrono::duration_cast<std::chrono::steady_clock::duration>(kPlainInterval);
  std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_ || now - last_draw_ < interval) return;
  last_draw_ = now;
  draw(false);
}

void Progress::finish() {
  std::lock_guard lock(draw_mutex_);
  if (finished_) return;
  finished_ = true;
  if (quiet_ || (transient_ && !drew_)) return;
  if (transient_ && tty_) {
    std::fprintf(out_, "\r%*s\r", kWipeWidth, "");  // the next bar starts on a clean line
    std::fflush(out_);
    return;
  }
  draw(true);
}

void Progress::draw(bool final_line) {
  const std::uint64_t done = done_;
  const std::uint64_t total = total_;
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::string left =
      estimate_ && !final_line ? time_left_text(done, total, secs) : std::string();
  if (tty_) {
    std::string bar;
    if (total > 0) {
      const double frac = std::fmin(1.0, static_cast<double>(done) / static_cast<double>(total));
      const int filled = static_cast<int>(std::lround(frac * kBarWidth));
      bar.assign(static_cast<std::size_t>(filled), '#');
      bar.append(static_cast<std::size_t>(kBarWidth - filled), '.');
      // Padded: a shorter line must cover the end of the last one.
      std::fprintf(out_, "\r%-14s [%s] %llu/%llu  %.1fs%-24s%s", label_.c_str(), bar.c_str(),
                   static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                   secs, left.c_str(), final_line ? "\n" : "");
    } else {
      std::fprintf(out_, "\r%-14s %llu  %.1fs%s", label_.c_str(),
                   static_cast<unsigned long long>(done), secs, final_line ? "\n" : "");
    }
  } else if (final_line && done == last_drawn_done_) {
    return;  // the last periodic line already said it
  } else if (total > 0) {
    std::fprintf(out_, "%s: %llu/%llu (%.0f%%) %.1fs%s\n", label_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 100.0 * static_cast<double>(done) / static_cast<double>(total), secs,
                 left.c_str());
  } else {
    std::fprintf(out_, "%s: %llu %.1fs\n", label_.c_str(), static_cast<unsigned long long>(done),
                 secs);
  }
  last_drawn_done_ = done;
  drew_ = true;
  std::fflush(out_);
}

}  // namespace th
