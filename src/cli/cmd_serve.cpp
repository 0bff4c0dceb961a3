// trackheat serve: the built site over HTTP on loopback, until Ctrl-C or SIGTERM.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <memory>
#include <thread>

#include "cli/commands.hpp"
#include "serve/site_server.hpp"

namespace th::cli {

namespace {

// SIGINT and SIGTERM are blocked in every thread (the server's threads inherit the mask) and
// taken by one waiting thread, which stops the server: nothing runs inside a signal handler.
class StopOnSignal {
 public:
  explicit StopOnSignal(serve::SiteServer& server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
    waiter_ = std::jthread([this, &server](std::stop_token stop) {
      const timespec tick{0, 200'000'000};
      while (!stop.stop_requested()) {
        if (sigtimedwait(&signals_, nullptr, &tick) > 0) {
          server.stop();
          return;
        }
      }
    });
  }
  ~StopOnSignal() {
    waiter_.request_stop();
    waiter_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  sigset_t signals_{};
  sigset_t previous_{};
  std::jthread waiter_;
};

}  // namespace

void add_serve_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<serve::ServeOptions>();
  auto* sub = app.add_subcommand("serve", "Serve a built site on this computer");
  sub->add_option("--site", opts->site, "Site folder (written by trackheat build)")
      ->capture_default_str();
  sub->add_option("--cache", opts->cache, "Cache folder (store database)")->capture_default_str();
  sub->add_option("--host", opts->host, "Address to listen on (keep it loopback)")
      ->capture_default_str();
  sub->add_option("--port", opts->port, "Port to listen on (0: any free port)")
      ->capture_default_str();
  commands.add(sub, [opts] {
    serve::SiteServer server(*opts);
    StopOnSignal stop_on_signal(server);
    server.bind();
    std::printf("serve: %s  (site %s/; Ctrl-C to stop)\n", server.url().c_str(),
                opts->site.string().c_str());
    std::fflush(stdout);
    server.run();
    std::printf("serve: stopped\n");
    return 0;
  });
}

}  // namespace th::cli
