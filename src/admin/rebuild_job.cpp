#include "admin/rebuild_job.hpp"

#include <exception>

namespace th {

RebuildJob::~RebuildJob() {
  if (worker_.joinable()) worker_.join();
}

bool RebuildJob::start() {
  {
    std::lock_guard lock(mutex_);
    if (state_ == State::Running) return false;
    state_ = State::Running;
    phase_ = "starting";
    result_.clear();
    error_.clear();
    started_ = std::chrono::steady_clock::now();
  }
  if (worker_.joinable()) worker_.join();  // the previous run has finished
  worker_ = std::jthread([this] {
    std::string result, error;
    bool ok = false;
    try {
      result = fn_([this](std::string phase) {
        std::lock_guard lock(mutex_);
        phase_ = std::move(phase);
      });
      ok = true;
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "the build failed";
    }
    std::lock_guard lock(mutex_);
    state_ = ok ? State::Done : State::Failed;
    phase_ = ok ? "done" : "failed";
    result_ = std::move(result);
    error_ = std::move(error);
    finished_ = std::chrono::steady_clock::now();
  });
  return true;
}

nlohmann::json RebuildJob::status() const {
  std::lock_guard lock(mutex_);
  static constexpr const char* kNames[] = {"idle", "running", "done", "failed"};
  nlohmann::json j;
  j["state"] = kNames[static_cast<int>(state_)];
  j["phase"] = phase_;
  const auto end = state_ == State::Running ? std::chrono::steady_clock::now() : finished_;
  j["elapsed_s"] =
      state_ == State::Idle ? 0.0 : std::chrono::duration<double>(end - started_).count();
  j["result"] = result_;
  j["error"] = error_;
  return j;
}

}  // namespace th
