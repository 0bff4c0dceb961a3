// `trackheat serve` on a site whose last build was interrupted while it was being applied: the
// server finishes the journal before it serves anything (at start, and when one appears while it
// runs), so what it serves is one build, never a mix.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>

#include "serve/http_test_client.hpp"
#include "serve/site_server.hpp"
#include "site/recovery_builds.hpp"
#include "site/site_test_util.hpp"
#include "support/testdata.hpp"

namespace th::serve {
namespace {

namespace fs = std::filesystem;

struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

// Builds `spec` over `site` and stops its commit (as a crash would) after `apply_steps` steps of
// the journal's apply: the journal stays pending.
void build_interrupted(const fs::path& site, th::test::BuildSpec spec, int apply_steps) {
  int steps = 0;
  spec.options.step_hook = [&steps, apply_steps](SiteStep s) {
    if (s == SiteStep::JournalStep && ++steps == apply_steps) throw Interrupted();
  };
  EXPECT_THROW(th::test::run_build(site, spec), Interrupted);
  ASSERT_TRUE(fs::exists(site / ".trackheat/staging/journal"));
}

th::test::BuildSpec with_page(th::test::BuildSpec spec) {
  spec.files["index.html"] = "<!doctype html><title>t</title>";
  return spec;
}

// Every file of `spec` as served: same bytes.
void expect_served(int port, const th::test::BuildSpec& spec) {
  for (const auto& [path, content] : spec.files) {
    const test::Reply r = test::raw_request(port, "GET", "/" + path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, content) << path;
  }
  for (const auto& t : spec.tiles) {
    const test::Reply r = test::raw_request(port, "GET", "/" + th::test::tile_rel(t));
    EXPECT_EQ(r.status, 200) << th::test::tile_rel(t);
    EXPECT_EQ(r.body, std::string(t.png.begin(), t.png.end())) << th::test::tile_rel(t);
  }
}

class Served {
 public:
  explicit Served(const fs::path& site)
      : server_(
            std::make_unique<SiteServer>(ServeOptions{site, site / "../cache", "127.0.0.1", 0})) {
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~Served() {
    server_->stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  std::unique_ptr<SiteServer> server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(ServePublish, AJournalLeftByAKilledBuildIsFinishedBeforeServing) {
  th::test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const th::test::BuildSpec a = with_page(th::test::build_a()), b = with_page(th::test::build_b());
  for (const int steps : {1, 2, 5, 9}) {
    SCOPED_TRACE("interrupted after " + std::to_string(steps) + " apply steps");
    th::test::run_build(site, a);
    build_interrupted(site, b, steps);
    Served served(site);
    EXPECT_FALSE(fs::exists(site / ".trackheat/staging"));
    expect_served(served.port(), b);
    const test::Reply gone = test::raw_request(served.port(), "GET", "/tiles/pace/4/0/1.png");
    EXPECT_EQ(gone.status, 404);  // zoom 4 is not part of B
    fs::remove_all(site);
  }
}

TEST(ServePublish, AJournalLeftWhileServingIsFinishedByTheNextRequest) {
  th::test::ScratchDir dir;
  const auto site = dir.path() / "site";
  const th::test::BuildSpec a = with_page(th::test::build_a()), b = with_page(th::test::build_b());
  th::test::run_build(site, a);
  Served served(site);
  expect_served(served.port(), a);
  build_interrupted(site, b, 3);  // e.g. the admin page's rebuild failing half way
  const test::Reply tiles = test::raw_request(served.port(), "GET", "/data/tiles.js");
  EXPECT_EQ(tiles.body, b.files.at("data/tiles.js"));
  EXPECT_FALSE(fs::exists(site / ".trackheat/staging/journal"));
  expect_served(served.port(), b);
}

}  // namespace
}  // namespace th::serve
