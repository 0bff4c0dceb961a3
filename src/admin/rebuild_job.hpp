#pragma once
// Private to src/admin: one background build at a time, and its status for GET /api/rebuild.
// The worker thread writes state under the mutex; status() copies it out.

#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "admin/admin_api.hpp"

namespace th {

class RebuildJob {
 public:
  explicit RebuildJob(RebuildFunction fn) : fn_(std::move(fn)) {}
  ~RebuildJob();  // joins

  bool available() const { return static_cast<bool>(fn_); }
  // False when a build is already running.
  bool start();
  nlohmann::json status() const;

 private:
  enum class State { Idle, Running, Done, Failed };

  RebuildFunction fn_;
  mutable std::mutex mutex_;
  State state_ = State::Idle;
  std::string phase_, result_, error_;
  std::chrono::steady_clock::time_point started_, finished_;
  std::jthread worker_;
};

}  // namespace th
