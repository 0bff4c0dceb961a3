#pragma once
// A minimal HTTP/1.1 client for the serve tests: one request as raw bytes (so the exact request
// line reaches the server, with no client-side path normalisation), Connection: close, reply
// read until the server closes (capped at 16 MiB). Kept-alive connections: http_connection.hpp.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "serve/http_connection.hpp"

namespace th::serve::test {

// One request, Connection: close; reads until the server closes (responses are small).
inline Reply raw_request(int port, const std::string& method, const std::string& target,
                         const std::string& extra_headers = "") {
  int fd = -1;
  try {
    fd = connect_loopback(port);
  } catch (const std::runtime_error& e) {
    ADD_FAILURE() << e.what();
    return {};
  }
  const std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                              extra_headers + "Connection: close\r\n\r\n";
  EXPECT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string data;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) {
    data.append(buf, static_cast<std::size_t>(n));
    EXPECT_LT(data.size(), std::size_t{1} << 24);
  }
  ::close(fd);
  Reply r;
  const std::size_t split = data.find("\r\n\r\n");
  r.head = data.substr(0, split);
  r.body = split == std::string::npos ? "" : data.substr(split + 4);
  if (data.size() > 12) r.status = std::stoi(data.substr(9, 3));
  return r;
}

}  // namespace th::serve::test
