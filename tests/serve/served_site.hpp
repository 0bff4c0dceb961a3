#pragma once
// A site folder in the temporary directory and a SiteServer serving it on a free port from a
// thread of its own, for the serve tests and bench/serve_bench.cpp. The destructor stops the
// server and removes the folder.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "serve/site_server.hpp"

namespace th::serve::test {

class ServedSite {
 public:
  // `name` makes the folder unique within this process.
  explicit ServedSite(const std::string& name)
      : root_(std::filesystem::temp_directory_path() /
              ("th_served_" + std::to_string(::getpid()) + "_" + name)) {
    std::filesystem::remove_all(root_);
    write("index.html", "<!doctype html><title>t</title>");
  }
  ~ServedSite() {
    if (server_) {
      server_->stop();
      thread_.join();
      server_.reset();
    }
    std::filesystem::remove_all(root_);
  }
  ServedSite(const ServedSite&) = delete;
  ServedSite& operator=(const ServedSite&) = delete;

  // A file of the site, `path` relative to its root.
  void write(const std::string& path, const std::string& bytes) {
    const std::filesystem::path file = root_ / "site" / path;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
  }

  // Binds (port 0) and serves; returns the port.
  int start(const ConnectionLimits& limits = {}, const std::string& host = "127.0.0.1") {
    ServeOptions options;
    options.site = root_ / "site";
    options.cache = root_ / "cache";
    options.host = host;
    options.port = 0;
    server_ = std::make_unique<SiteServer>(options, limits);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    return port_;
  }
  int port() const { return port_; }

 private:
  std::filesystem::path root_;
  std::unique_ptr<SiteServer> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace th::serve::test
