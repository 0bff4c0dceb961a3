// `trackheat serve` as a process: the printed URL, a clean exit on SIGTERM and SIGINT, and one
// clear line (with the usual exit codes) for a site without index.html or a port in use.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "serve/http_test_client.hpp"

extern char** environ;

namespace th::serve {
namespace {

namespace fs = std::filesystem;

// A running `trackheat serve`; stdout and stderr go to one pipe.
class ServeProcess {
 public:
  explicit ServeProcess(const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    out_ = fds[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> all = {TRACKHEAT_BINARY, "serve"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, TRACKHEAT_BINARY, &actions, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("spawn");
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Reads output until `pattern` matches it or 10 s pass; returns the match's first group.
  std::string wait_for(const std::regex& pattern) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::smatch m;
    while (!std::regex_search(output_, m, pattern)) {
      if (std::chrono::steady_clock::now() > deadline || !read_some()) return {};
    }
    return m.size() > 1 ? m[1].str() : m[0].str();
  }
  // Waits for the exit; returns the exit status (-1 when killed by a signal) and reads the rest.
  int wait_exit() {
    while (read_some()) {
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  void signal(int sig) { ::kill(pid_, sig); }
  const std::string& output() const { return output_; }

 private:
  bool read_some() {
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) return false;
    char buf[1024];
    const ssize_t n = ::read(out_, buf, sizeof buf);
    if (n <= 0) return false;
    output_.append(buf, static_cast<std::size_t>(n));
    EXPECT_LT(output_.size(), 1u << 20);
    return true;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  std::string output_;
};

class ServeCli : public ::testing::Test {
 protected:
  void SetUp() override {
    site_ = fs::temp_directory_path() / ("th_serve_cli_" + std::to_string(::getpid()));
    fs::create_directories(site_);
    std::ofstream(site_ / "index.html") << "<!doctype html><title>trackheat</title>";
  }
  void TearDown() override { fs::remove_all(site_); }
  fs::path site_;
};

TEST_F(ServeCli, PrintsItsUrlServesAndStopsCleanlyOnSignals) {
  for (const int sig : {SIGTERM, SIGINT}) {
    ServeProcess serve({"--site", site_.string(), "--port", "0"});
    const std::string port = serve.wait_for(std::regex(R"(http://127\.0\.0\.1:(\d+)/)"));
    ASSERT_FALSE(port.empty()) << serve.output();
    const test::Reply r = test::raw_request(std::stoi(port), "GET", "/");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "<!doctype html><title>trackheat</title>");
    serve.signal(sig);
    EXPECT_EQ(serve.wait_exit(), 0) << serve.output();
    EXPECT_NE(serve.output().find("serve: stopped"), std::string::npos) << serve.output();
  }
}

TEST_F(ServeCli, PortInUseIsOneLineAndExitOne) {
  ServeProcess first({"--site", site_.string(), "--port", "0"});
  const std::string port = first.wait_for(std::regex(R"(http://127\.0\.0\.1:(\d+)/)"));
  ASSERT_FALSE(port.empty()) << first.output();
  ServeProcess second({"--site", site_.string(), "--port", port});
  EXPECT_EQ(second.wait_exit(), 1);
  EXPECT_EQ(second.output(), "trackheat: cannot listen on 127.0.0.1:" + port +
                                 " (port in use? choose another with --port)\n");
}

TEST_F(ServeCli, SiteWithoutIndexIsOneLineAndExitTwo) {
  fs::remove(site_ / "index.html");
  ServeProcess serve({"--site", site_.string()});
  EXPECT_EQ(serve.wait_exit(), 2);
  const std::string& out = serve.output();
  EXPECT_NE(out.find("index.html not found"), std::string::npos) << out;
  EXPECT_EQ(out.find('\n'), out.size() - 1) << out;
}

}  // namespace
}  // namespace th::serve
