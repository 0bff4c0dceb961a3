// trackheat serve's connection layer, as clients see it over loopback: idle connections do not
// stall requests, heads are bounded (431), slow heads are cut off (408), idle and surplus
// connections are closed, kept-alive and pipelined requests are answered. Every loop is bounded
// and every wait has a timeout; timing targets live in bench/serve_bench.cpp, not here.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "serve/http_connection.hpp"
#include "serve/request_head.hpp"
#include "serve/served_site.hpp"

namespace th::serve {
namespace {

using namespace std::chrono_literals;
using test::HttpConnection;
using test::Reply;
using test::ServedSite;

const std::string kTile = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(3000, 't');

std::string tile_path(int i) {
  return "tiles/frequency-linear/12/" + std::to_string(i) + "/7.png";
}

std::string headers(int count) {
  std::string h;
  for (int i = 0; i < count; ++i) h += "X-H" + std::to_string(i) + ": v\r\n";
  return h;
}

HeadStatus scan_all(std::string_view bytes, std::size_t max_bytes = 1000,
                    std::size_t max_headers = 3) {
  HeadScan scan;
  return scan_request_head(bytes, scan, max_bytes, max_headers);
}

TEST(RequestHead, FindsTheBlankLineThatEndsIt) {
  EXPECT_EQ(scan_all("GET / HTTP/1.1\r\nHost: a\r\n"), HeadStatus::Incomplete);
  HeadScan scan;
  const std::string head = "GET / HTTP/1.1\r\nHost: a\r\n\r\nbody";
  EXPECT_EQ(scan_request_head(head, scan, 1000, 3), HeadStatus::Complete);
  EXPECT_EQ(scan.head_bytes, head.size() - 4);
  EXPECT_EQ(scan_all("GET / HTTP/1.1\nHost: a\n\n"), HeadStatus::Complete);
}

TEST(RequestHead, OneByteAtATimeGivesTheSameAnswer) {
  const std::string head = "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n";
  HeadScan scan;
  for (std::size_t n = 1; n < head.size(); ++n) {
    ASSERT_EQ(scan_request_head(std::string_view(head).substr(0, n), scan, 1000, 3),
              HeadStatus::Incomplete)
        << n;
  }
  EXPECT_EQ(scan_request_head(head, scan, 1000, 3), HeadStatus::Complete);
  EXPECT_EQ(scan.head_bytes, head.size());
}

TEST(RequestHead, BoundsBytesAndHeaderLines) {
  const std::string three = "GET / HTTP/1.1\r\n" + headers(3) + "\r\n";
  const std::string four = "GET / HTTP/1.1\r\n" + headers(4) + "\r\n";
  EXPECT_EQ(scan_all(three), HeadStatus::Complete);
  EXPECT_EQ(scan_all(four), HeadStatus::TooLarge);
  EXPECT_EQ(scan_all(three, three.size()), HeadStatus::Complete);
  EXPECT_EQ(scan_all(three, three.size() - 1), HeadStatus::TooLarge);
  EXPECT_EQ(scan_all("GET /" + std::string(2000, 'a')), HeadStatus::TooLarge);  // no end yet
}

TEST(ServeConnections, HundredsOfIdleConnectionsDoNotStallARequest) {
  ServedSite site("idle");
  site.write(tile_path(0), kTile);
  const int port = site.start();
  std::vector<std::unique_ptr<HttpConnection>> idle;
  for (int i = 0; i < 300; ++i) idle.push_back(std::make_unique<HttpConnection>(port));

  const auto start = std::chrono::steady_clock::now();
  HttpConnection browser(port);
  const Reply r = browser.get("/" + tile_path(0));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kTile);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  // The silent connections are still open and usable.
  EXPECT_EQ(idle.front()->get("/").status, 200);
  EXPECT_EQ(idle.back()->get("/" + tile_path(0)).body, kTile);
}

TEST(ServeConnections, AKeptAliveConnectionServesManyTilesAndPipelinedRequests) {
  ServedSite site("keepalive");
  for (int i = 0; i < 40; ++i) site.write(tile_path(i), kTile + std::to_string(i));
  const int port = site.start();
  HttpConnection c(port);
  for (int i = 0; i < 40; ++i) {
    const Reply r = c.get("/" + tile_path(i));
    ASSERT_EQ(r.status, 200) << i;
    EXPECT_EQ(r.body, kTile + std::to_string(i));
    EXPECT_EQ(r.header("Content-Type"), "image/png");
    EXPECT_NE(r.header("Connection"), "close");
  }
  EXPECT_TRUE(c.request("HEAD", "/" + tile_path(1)).body.empty());
  EXPECT_EQ(c.get("/missing.png").status, 404);
  // Two requests in one write: two replies, in order.
  const std::string two = "GET /" + tile_path(2) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /" +
                          tile_path(3) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_TRUE(c.send_all(two));
  EXPECT_EQ(c.read_reply().body, kTile + "2");
  EXPECT_EQ(c.read_reply().body, kTile + "3");
  EXPECT_EQ(c.get("/" + tile_path(4)).body, kTile + "4");
}

TEST(ServeConnections, AConnectionIsClosedAfterItsRequestLimit) {
  ServedSite site("limit");
  ConnectionLimits limits;
  limits.max_requests_per_connection = 3;
  const int port = site.start(limits);
  HttpConnection c(port);
  EXPECT_EQ(c.get("/").header("Keep-Alive"), "timeout=15, max=3");
  EXPECT_EQ(c.get("/").status, 200);
  EXPECT_EQ(c.get("/").header("Connection"), "close");
  EXPECT_TRUE(c.closed_within(2s));
}

TEST(ServeConnections, HeadsOverTheLimitsAre431AndTheServerCarriesOn) {
  ServedSite site("heads");
  const int port = site.start();
  {
    HttpConnection c(port);
    EXPECT_EQ(c.request("GET", "/", "", headers(99)).status, 200);  // 100 with Host
  }
  {
    HttpConnection c(port);
    const Reply r = c.request("GET", "/", "", headers(100));
    EXPECT_EQ(r.status, 431);
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_TRUE(c.closed_within(2s));
  }
  {
    HttpConnection c(port);
    const Reply r = c.request("GET", "/", "", "X-Big: " + std::string(70 * 1024, 'b') + "\r\n");
    EXPECT_EQ(r.status, 431);
  }
  {
    HttpConnection c(port);  // a head that never ends
    ASSERT_TRUE(c.send_all("GET / HTTP/1.1\r\n" + std::string(70 * 1024, 'x')));
    EXPECT_EQ(c.read_reply().status, 431);
  }
  EXPECT_EQ(HttpConnection(port).get("/").status, 200);
}

TEST(ServeConnections, AHeaderFloodIsCutOffNotBuffered) {
  ServedSite site("flood");
  const int port = site.start();
  HttpConnection flood(port);
  const std::string line = "X-Flood: " + std::string(89, 'a') + "\r\n";  // 100 bytes
  std::string megabyte;
  for (int i = 0; i < 10'000; ++i) megabyte += line;
  ASSERT_TRUE(flood.send_all("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  int sent_mb = 0;
  while (sent_mb < 64 && flood.send_all(megabyte)) ++sent_mb;
  EXPECT_LT(sent_mb, 64) << "the server took 64 MB of headers";
  EXPECT_EQ(HttpConnection(port).get("/").status, 200);
}

TEST(ServeConnections, ASlowHeadIsCutOffAtTheRequestDeadlineWithoutHoldingWorkers) {
  ServedSite site("slow");
  ConnectionLimits limits;
  limits.request_timeout = 1s;
  limits.worker_threads = 1;
  const int port = site.start(limits);
  std::vector<std::unique_ptr<HttpConnection>> slow;
  for (int i = 0; i < 20; ++i) {
    slow.push_back(std::make_unique<HttpConnection>(port));
    ASSERT_TRUE(slow.back()->send_all("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  }
  // One header byte at a time, every 100 ms, for at most 6 s.
  bool cut = false;
  for (int i = 0; i < 60 && !cut; ++i) {
    slow.front()->send_all("x");
    cut = slow.front()->closed_within(100ms);
    // Meanwhile an ordinary request is answered by the one worker.
    if (i == 3) {
      EXPECT_EQ(HttpConnection(port).get("/").status, 200);
    }
  }
  EXPECT_TRUE(cut) << "a head sent one byte at a time was never cut off";
  EXPECT_EQ(slow.front()->read_reply().status, 408);
  EXPECT_TRUE(slow.back()->closed_within(3s));
}

TEST(ServeConnections, IdleConnectionsAreClosedAfterTheIdleTimeout) {
  ServedSite site("idle_timeout");
  ConnectionLimits limits;
  limits.idle_timeout = 300ms;
  const int port = site.start(limits);
  HttpConnection silent(port);
  HttpConnection served(port);
  EXPECT_EQ(served.get("/").status, 200);
  EXPECT_TRUE(silent.closed_within(5s));
  EXPECT_TRUE(served.closed_within(5s));
}

TEST(ServeConnections, BeyondTheCapTheLongestWaitingConnectionsAreClosed) {
  ServedSite site("cap");
  ConnectionLimits limits;
  limits.max_connections = 20;
  const int port = site.start(limits);
  std::vector<std::unique_ptr<HttpConnection>> idle;
  for (int i = 0; i < 40; ++i) {
    idle.push_back(std::make_unique<HttpConnection>(port));
    std::this_thread::sleep_for(2ms);  // distinct accept times
  }
  EXPECT_EQ(HttpConnection(port).get("/").status, 200);
  EXPECT_TRUE(idle.front()->closed_within(2s));
  EXPECT_TRUE(idle[15]->closed_within(2s));
  EXPECT_FALSE(idle.back()->closed_within(200ms));
  EXPECT_EQ(idle.back()->get("/").status, 200);
}

}  // namespace
}  // namespace th::serve
