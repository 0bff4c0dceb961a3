#pragma once
// Runs the trackheat binary the way a user does, from a shell in `cwd`, and collects what it
// said (stdout and stderr together) and its exit status.

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace th::test {

struct RunResult {
  int status = -1;
  std::string out;  // stdout and stderr together
};

// `env` is put before the binary (e.g. "env -u NAME"); empty: the test's own environment.
inline RunResult run_trackheat(const std::string& args, const std::filesystem::path& cwd = ".",
                               const std::string& env = "") {
  const std::string cmd = "cd '" + cwd.string() + "' && " + env + " '" +
                          std::string(TRACKHEAT_BINARY) + "' " + args + " 2>&1";
  RunResult r;
  std::FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int st = ::pclose(pipe);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace th::test
