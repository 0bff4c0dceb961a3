#pragma once
// A minimal HTTP/1.1 client for the serve tests: one request as raw bytes (so the exact request
// line reaches the server, with no client-side path normalisation), Connection: close, reply
// read until the server closes (capped at 16 MiB).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

namespace th::serve::test {

struct Reply {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  std::string header(const std::string& name) const {
    const std::string key = "\r\n" + name + ": ";
    const std::size_t at = head.find(key);
    if (at == std::string::npos) return {};
    const std::size_t start = at + key.size();
    return head.substr(start, head.find("\r\n", start) - start);
  }
};

// One request, Connection: close; reads until the server closes (responses are small).
inline Reply raw_request(int port, const std::string& method, const std::string& target,
                  const std::string& extra_headers = "") {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    ADD_FAILURE() << "connect failed";
    return {};
  }
  const std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                              extra_headers + "Connection: close\r\n\r\n";
  EXPECT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
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
