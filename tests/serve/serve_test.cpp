// trackheat serve: what a browser (or an attacker) sees over HTTP on loopback. A real
// SiteServer on a free port serves a small site folder; requests are sent as raw bytes so the
// exact request line reaches the server (no client-side path normalisation).
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/errors.hpp"
#include "serve/http_connection.hpp"
#include "serve/http_test_client.hpp"
#include "serve/site_server.hpp"
#include "serve/static_files.hpp"

namespace th::serve {
namespace {

namespace fs = std::filesystem;
using test::raw_request;
using test::Reply;

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("th_serve_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    site_ = root_ / "site";
    write_text(site_ / "index.html", "<!doctype html><title>t</title>");
    write_text(site_ / "assets/js/main.js", "console.log(1);");
    write_text(site_ / "assets/css/viewer.css", "body{}");
    write_text(site_ / "manifest.json", "{}");
    write_text(site_ / "tiles/frequency-linear/3/4/2.png", std::string("\x89PNG\r\n\x1a\n", 8));
    write_text(site_ / "assets/leaflet/LICENSE", "license");
    write_text(site_ / ".trackheat/tile-index", "secret bookkeeping");
    write_text(root_ / "outside.txt", "outside the site");
    fs::create_symlink(root_ / "outside.txt", site_ / "link-out.txt");
    fs::create_symlink(site_ / "manifest.json", site_ / "link-in.json");

    server_ = std::make_unique<SiteServer>(ServeOptions{site_, root_ / "cache", "127.0.0.1", 0});
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    // The socket listens from bind(): requests wait in the backlog until run() accepts.
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
    server_.reset();
    fs::remove_all(root_);
  }

  fs::path root_, site_;
  std::unique_ptr<SiteServer> server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(ServeTest, ServesFilesWithTheirMimeTypes) {
  const Reply index = raw_request(port_, "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.body, "<!doctype html><title>t</title>");
  EXPECT_EQ(raw_request(port_, "GET", "/index.html").body, index.body);
  EXPECT_EQ(raw_request(port_, "GET", "/assets/js/main.js").header("Content-Type"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(raw_request(port_, "GET", "/assets/css/viewer.css").header("Content-Type"),
            "text/css; charset=utf-8");
  EXPECT_EQ(raw_request(port_, "GET", "/manifest.json").header("Content-Type"), "application/json");
  const Reply tile = raw_request(port_, "GET", "/tiles/frequency-linear/3/4/2.png");
  EXPECT_EQ(tile.status, 200);
  EXPECT_EQ(tile.header("Content-Type"), "image/png");
  EXPECT_EQ(tile.body.size(), 8u);
  EXPECT_EQ(raw_request(port_, "GET", "/assets/leaflet/LICENSE").header("Content-Type"),
            "text/plain; charset=utf-8");
  // A link that stays inside the site is followed.
  EXPECT_EQ(raw_request(port_, "GET", "/link-in.json").status, 200);
}

TEST_F(ServeTest, MissingFilesAre404) {
  EXPECT_EQ(raw_request(port_, "GET", "/tiles/frequency-linear/3/4/3.png").status, 404);
  EXPECT_EQ(raw_request(port_, "GET", "/nothing-here.js").status, 404);
  EXPECT_EQ(raw_request(port_, "GET", "/tiles/").status, 404);  // no index.html in tiles/
  EXPECT_EQ(raw_request(port_, "GET", "/assets").status, 404);  // a folder is not a file
}

TEST_F(ServeTest, TraversalIsRefused) {
  for (const std::string target :
       {"/../outside.txt", "/assets/../../outside.txt", "/%2e%2e/outside.txt",
        "/assets/%2E%2E/%2e%2e/outside.txt", "/..%2foutside.txt", "/%2e%2e%2foutside.txt",
        "/assets/..%5c..%5coutside.txt", "/link-out.txt", "/.trackheat/tile-index",
        "/%2etrackheat/tile-index", "/index.html%00.png"}) {
    const Reply r = raw_request(port_, "GET", target);
    EXPECT_TRUE(r.status == 403 || r.status == 404 || r.status == 400) << target << " " << r.status;
    EXPECT_EQ(r.body.find("outside the site"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << target;
  }
  // Absolute file-system paths are site paths: /etc/passwd is site/etc/passwd, missing.
  const Reply abs = raw_request(port_, "GET", "//etc/passwd");
  EXPECT_EQ(abs.status, 404);
  EXPECT_EQ(raw_request(port_, "GET", "/" + (root_ / "outside.txt").string()).status, 404);
}

TEST_F(ServeTest, ConditionalRequestsGet304) {
  const Reply first = raw_request(port_, "GET", "/tiles/frequency-linear/3/4/2.png");
  const std::string etag = first.header("ETag");
  const std::string modified = first.header("Last-Modified");
  ASSERT_FALSE(etag.empty());
  ASSERT_FALSE(modified.empty());
  EXPECT_EQ(first.header("Cache-Control"), "no-cache");

  const Reply again = raw_request(port_, "GET", "/tiles/frequency-linear/3/4/2.png",
                                  "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(raw_request(port_, "GET", "/tiles/frequency-linear/3/4/2.png",
                        "If-Modified-Since: " + modified + "\r\n")
                .status,
            304);

  // A rebuild replaces the file (new inode, size): the old validators no longer match.
  const fs::path tile = site_ / "tiles/frequency-linear/3/4/2.png";
  write_text(site_ / "tmp.png", std::string("\x89PNG\r\n\x1a\n-rebuilt", 16));
  fs::rename(site_ / "tmp.png", tile);
  const Reply after = raw_request(port_, "GET", "/tiles/frequency-linear/3/4/2.png",
                                  "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body.size(), 16u);
  EXPECT_NE(after.header("ETag"), etag);
}

TEST_F(ServeTest, HeadHasHeadersButNoBody) {
  const Reply head = raw_request(port_, "HEAD", "/assets/js/main.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(head.header("Content-Length"), "15");
  EXPECT_FALSE(head.header("ETag").empty());
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(raw_request(port_, "HEAD", "/missing.png").status, 404);
}

TEST_F(ServeTest, RoutesRegisteredBeforeRunWin) {
  // The admin UI of a later issue adds routes this way; they take precedence over files.
  SiteServer other(ServeOptions{site_, root_ / "cache", "127.0.0.1", 0});
  other.http().Get("/api/ping", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("pong", "text/plain");
  });
  const int port = other.bind();
  std::thread t([&] { other.run(); });
  EXPECT_EQ(raw_request(port, "GET", "/api/ping").body, "pong");
  EXPECT_EQ(raw_request(port, "GET", "/").status, 200);
  other.stop();
  t.join();
  EXPECT_EQ(other.token().size(), 32u);
  EXPECT_NE(other.token(), server_->token());
}

TEST_F(ServeTest, PortInUseIsOneClearError) {
  SiteServer second(ServeOptions{site_, root_ / "cache", "127.0.0.1", port_});
  try {
    second.bind();
    FAIL() << "bound a port that is in use";
  } catch (const IoError& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find(std::to_string(port_)), std::string::npos) << text;
    EXPECT_NE(text.find("--port"), std::string::npos) << text;
    EXPECT_EQ(text.find('\n'), std::string::npos) << text;
  }
}

TEST_F(ServeTest, OnLoopbackOnlyLoopbackHostNamesAreAnswered) {
  write_text(site_ / "data/activities.js", "window.TRACKHEAT_ACTIVITIES = {};");
  const std::string port = std::to_string(port_);
  for (const std::string& host :
       std::vector<std::string>{"evil.example", "evil.example:" + port, "127.0.0.1.evil.example",
                                "localhost.:" + port, "[::2]:" + port}) {
    for (const std::string target :
         {"/", "/data/activities.js", "/tiles/frequency-linear/3/4/2.png", "/missing.png",
          "/admin/", "/api/pairs"}) {
      test::HttpConnection c(port_);
      const Reply r = c.request("GET", target, host);
      EXPECT_EQ(r.status, 403) << host << " " << target;
      EXPECT_EQ(r.body.find("TRACKHEAT"), std::string::npos);
    }
  }
  test::HttpConnection no_host(port_);
  ASSERT_TRUE(no_host.send_all("GET /data/activities.js HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(no_host.read_reply().status, 403);
  for (const std::string& host : std::vector<std::string>{
           "127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "127.0.0.1", "localhost"}) {
    test::HttpConnection c(port_);
    EXPECT_EQ(c.request("GET", "/", host).status, 200) << host;
    const Reply js = c.request("GET", "/data/activities.js", host);
    EXPECT_EQ(js.status, 200) << host;
    EXPECT_EQ(js.body, "window.TRACKHEAT_ACTIVITIES = {};");
    EXPECT_EQ(c.request("GET", "/tiles/frequency-linear/3/4/2.png", host).status, 200) << host;
    EXPECT_EQ(c.request("HEAD", "/index.html", host).status, 200) << host;
  }
}

TEST(ServeHosts, BoundElsewhereTheSiteAnswersAnyHostButPrivateRoutesDoNot) {
  // What a server bound to --host 0.0.0.0 or a LAN address decides (not bound here: the tests
  // stay on loopback).
  for (const char* host : {"192.168.1.20:8000", "evil.example", "nas.local"}) {
    EXPECT_TRUE(host_allowed(host, "/", false)) << host;
    EXPECT_TRUE(host_allowed(host, "/data/activities.js", false)) << host;
    EXPECT_TRUE(host_allowed(host, "/tiles/frequency-linear/3/4/2.png", false)) << host;
    for (const char* path :
         {"/admin", "/admin/", "/admin/app.js", "/api/pairs", "/live/pace/1/0/0.png"}) {
      EXPECT_FALSE(host_allowed(host, path, false)) << host << " " << path;
      EXPECT_FALSE(host_allowed(host, path, true)) << host << " " << path;
      EXPECT_TRUE(host_allowed("localhost:8000", path, false)) << path;
    }
    EXPECT_FALSE(host_allowed(host, "/", true)) << host;
  }
}

TEST(ServeSite, FolderWithoutIndexIsRefused) {
  const fs::path dir = fs::temp_directory_path() / ("th_serve_empty_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  try {
    SiteServer server(ServeOptions{dir, dir / "cache", "127.0.0.1", 0});
    FAIL() << "served a folder without index.html";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("index.html"), std::string::npos);
  }
  fs::remove_all(dir);
}

TEST(StaticFiles, MimeTypesByExtension) {
  EXPECT_EQ(mime_type("a/b/index.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("tiles/x/1/2/3.png"), "image/png");
  EXPECT_EQ(mime_type("data/activities.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("x.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("noext"), "application/octet-stream");
  EXPECT_EQ(mime_type(".png"), "application/octet-stream");
}

}  // namespace
}  // namespace th::serve
