// tcp_connect on loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch.hpp>
#include <chrono>

#include "net/http.hpp"

namespace {

using namespace std::chrono_literals;

/// A socket bound to 127.0.0.1 (or ::1) on an ephemeral port; listening only when asked.
class LoopbackSocket {
 public:
  LoopbackSocket(bool listening, bool ipv6 = false, int backlog = 16) {
    fd_ = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    int rc;
    if (ipv6) {
      sockaddr_in6 a{};
      a.sin6_family = AF_INET6;
      a.sin6_addr = in6addr_loopback;
      rc = ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
      socklen_t len = sizeof a;
      if (rc == 0) rc = ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
      port_ = ntohs(a.sin6_port);
    } else {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      rc = ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
      socklen_t len = sizeof a;
      if (rc == 0) rc = ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
      port_ = ntohs(a.sin_port);
    }
    if (rc == 0 && listening) rc = ::listen(fd_, backlog);
    if (rc != 0) {
      ::close(fd_);
      fd_ = -1;
      port_ = 0;
    }
  }
  ~LoopbackSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;
  bool ok() const { return fd_ >= 0; }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace

TEST_CASE("tcp_connect: listening port -> connected", "[net]") {
  LoopbackSocket s(true);
  REQUIRE(s.ok());
  auto r = awf::tcp_connect("127.0.0.1", s.port(), 2000ms);
  INFO(r.message);
  CHECK(r.connected);
  CHECK(r.error == awf::TransportError::none);
  CHECK(r.message.empty());
  CHECK(r.connect_ms >= 0);
  CHECK(r.connect_ms < 2000);
}

TEST_CASE("tcp_connect: bound but not listening -> connection_refused", "[net]") {
  LoopbackSocket s(false);
  REQUIRE(s.ok());
  auto r = awf::tcp_connect("127.0.0.1", s.port(), 2000ms);
  CHECK_FALSE(r.connected);
  CHECK(r.error == awf::TransportError::connection_refused);
  CHECK(r.message == "Connection refused");
}

TEST_CASE("tcp_connect: IPv6 loopback literal, with or without brackets", "[net]") {
  LoopbackSocket s(true, true);
  if (!s.ok()) {
    WARN("no IPv6 loopback here; skipped");
    return;
  }
  auto r = awf::tcp_connect("::1", s.port(), 2000ms);
  INFO(r.message);
  CHECK(r.connected);
  auto b = awf::tcp_connect("[::1]", s.port(), 2000ms);
  INFO(b.message);
  CHECK(b.connected);
}

TEST_CASE("tcp_connect: localhost resolves through /etc/hosts", "[net]") {
  LoopbackSocket s(true);
  REQUIRE(s.ok());
  auto r = awf::tcp_connect("localhost", s.port(), 2000ms);
  INFO(r.message);
  CHECK(r.connected);
}

TEST_CASE("tcp_connect: invalid port -> other", "[net]") {
  auto r = awf::tcp_connect("127.0.0.1", 0, 500ms);
  CHECK_FALSE(r.connected);
  CHECK(r.error == awf::TransportError::other);
  auto big = awf::tcp_connect("127.0.0.1", 70000, 500ms);
  CHECK(big.error == awf::TransportError::other);
}

TEST_CASE("tcp_connect: full accept queue -> timeout within the limit", "[net]") {
  // A listener that never accepts, with backlog 0: once its accept queue is full, Linux drops
  // further SYNs, so the next connect neither succeeds nor is refused.
  LoopbackSocket s(true, false, 0);
  REQUIRE(s.ok());
  bool saw_timeout = false;
  for (int i = 0; i < 8 && !saw_timeout; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = awf::tcp_connect("127.0.0.1", s.port(), 300ms);
    const auto elapsed = std::chrono::steady_clock::now() - t0;
    CHECK(elapsed < 2s);
    if (r.error == awf::TransportError::timeout) {
      saw_timeout = true;
      CHECK_FALSE(r.connected);
      CHECK(r.connect_ms >= 250);
    }
  }
  CHECK(saw_timeout);
}
