// The admin UI mounted on a real `trackheat serve` server (SiteServer on a free loopback port):
// the page carries the run's token and is never cached, the API refuses requests without it,
// and requests naming a foreign Host (DNS rebinding) are refused before anything else.
#include <gtest/gtest.h>

#include <httplib.h>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "admin/admin_api.hpp"
#include "admin/admin_page.hpp"
#include "serve/admin_routes.hpp"
#include "serve/site_server.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

TEST(AdminPage, ServesTheEmbeddedFilesWithTheToken) {
  const AdminResponse index = admin_page_response("/admin/", "feedc0de");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("<meta name=\"trackheat-token\" content=\"feedc0de\">"),
            std::string::npos);
  EXPECT_EQ(index.body.find("__TRACKHEAT_TOKEN__"), std::string::npos);
  EXPECT_EQ(admin_page_response("/admin", "t").body, admin_page_response("/admin/", "t").body);
  const AdminResponse js = admin_page_response("/admin/admin.js", "t");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  // The page builds its DOM with textContent: no innerHTML / outerHTML / insertAdjacentHTML /
  // document.write anywhere in it, so no user text is ever parsed as markup.
  for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"}) {
    EXPECT_EQ(js.body.find(sink), std::string::npos) << sink;
  }
  EXPECT_EQ(admin_page_response("/admin/admin.css", "t").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(admin_page_response("/admin/../manifest.json", "t").status, 404);
  EXPECT_EQ(admin_page_response("/admin/nothing.js", "t").status, 404);
}

TEST(AdminPage, OnlyLoopbackHostNamesAreAccepted) {
  for (const char* ok :
       {"127.0.0.1", "127.0.0.1:8000", "localhost", "localhost:1", "[::1]", "[::1]:8000"}) {
    EXPECT_TRUE(loopback_host(ok)) << ok;
  }
  for (const char* bad : {"", "evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                          "localhost:80x", "[::1]x", "[::2]:80", "localhost.", "127.0.0.2"}) {
    EXPECT_FALSE(loopback_host(bad)) << bad;
  }
}

class Served : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.path() / "index.html") << "<!doctype html><title>site</title>";
    serve::ServeOptions o;
    o.site = dir_.path();
    o.port = 0;
    server_ = std::make_unique<serve::SiteServer>(o);
    AdminOptions a;
    a.db_file = dir_.path() / "cache" / "trackheat.db";
    a.token = server_->token();
    api_ = std::make_unique<AdminApi>(a);
    serve::mount_admin(*server_, *api_);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
  }

  test::ScratchDir dir_;
  std::unique_ptr<serve::SiteServer> server_;
  std::unique_ptr<AdminApi> api_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(Served, ThePageCarriesTheTokenAndTheApiNeedsIt) {
  auto c = client();
  const auto page = c.Get("/admin/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find(server_->token()), std::string::npos);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  const auto redirect = c.Get("/admin");
  ASSERT_TRUE(redirect);
  EXPECT_EQ(redirect->status, 302);

  const auto refused = c.Get("/api/pairs");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  const auto refused_post =
      c.Post("/api/decide", R"({"action":"exclude","id":1})", "application/json");
  ASSERT_TRUE(refused_post);
  EXPECT_EQ(refused_post->status, 403);

  const httplib::Headers with_token{{kTokenHeader, server_->token()}};
  const auto pairs = c.Get("/api/pairs", with_token);
  ASSERT_TRUE(pairs);
  EXPECT_EQ(pairs->status, 200);
  EXPECT_EQ(nlohmann::json::parse(pairs->body)["total"], 0);
  const auto activities = c.Get("/api/activities?source=strava&limit=5", with_token);
  ASSERT_TRUE(activities);
  EXPECT_EQ(activities->status, 200);
  EXPECT_EQ(activities->get_header_value("X-Content-Type-Options"), "nosniff");
  // The viewer's static files are still served beside the admin routes.
  const auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
}

TEST_F(Served, AForeignHostIsRefusedEvenWithTheToken) {
  auto c = client();
  const httplib::Headers rebound{{"Host", "attacker.example:" + std::to_string(port_)},
                                 {kTokenHeader, server_->token()}};
  const auto page = c.Get("/admin/", rebound);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 403);
  EXPECT_EQ(page->body.find(server_->token()), std::string::npos);
  const auto api = c.Get("/api/pairs", rebound);
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 403);
}

}  // namespace
}  // namespace th
