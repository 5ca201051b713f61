// capture --forward: requests relayed unchanged to a loopback upstream double (tests/lab/upstream_double.py
// --plain), its answers streamed back and attributed (observe_http, domain.md §10).
#include <catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <future>

#include "capture/capture_server.hpp"
#include "support/test_support.hpp"

using namespace awf;
using namespace awf::capture;

namespace {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t l = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &l);
  ::close(fd);
  return ntohs(a.sin_port);
}

int try_connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return fd;
  ::close(fd);
  return -1;
}

std::string round_trip(int port, const std::string& req) {
  int fd = try_connect(port);
  REQUIRE(fd >= 0);
  REQUIRE(::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size()));
  std::string out;
  for (int i = 0; i < 100; ++i) {  // ≤ 10 s
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string post(const std::string& key, const std::string& body) {
  return "POST /v1/messages?beta=true HTTP/1.1\r\nHost: x\r\nx-api-key: " + key +
         "\r\nanthropic-version: 2023-06-01\r\ncontent-type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("capture --forward relays unchanged, streams the answer back and attributes it", "[capture]") {
  awf::test::TempDir d;
  const int up = free_port();
  const std::string script = std::string(AWF_SOURCE_DIR) + "/tests/lab/upstream_double.py";
  const std::string rec = d.path() + "/rec.jsonl", log = d.path() + "/up.log", port = std::to_string(up);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::execl("/usr/bin/python3", "python3", script.c_str(), "--plain", "--port", port.c_str(), "--record", rec.c_str(),
            "--log", log.c_str(), "--max-lifetime", "120", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool up_ok = false;
  for (int i = 0; i < 100 && !up_ok; ++i) {  // ≤ 10 s
    int fd = try_connect(up);
    if (fd >= 0) {
      ::close(fd);
      up_ok = true;
    } else {
      ::usleep(100000);
    }
  }
  REQUIRE(up_ok);

  CaptureOptions o;
  o.port = 0;
  o.count = 2;
  o.duration = std::chrono::seconds(60);
  o.forward = "http://127.0.0.1:" + port;
  std::promise<int> listening;
  auto lf = listening.get_future();
  auto done = std::async(std::launch::async, [&] {
    return run_capture(o, providers().front(), [] { return std::string(); }, [&](int p) { listening.set_value(p); });
  });
  const int cap = lf.get();
  const std::string stream = round_trip(
      cap, post("test-real-anthropic-key-0001",
                R"({"model":"claude-sonnet-4-6","max_tokens":1,"messages":[{"role":"user","content":"hi"}],"stream":true})"));
  CHECK(stream.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(stream.find("text/event-stream") != std::string::npos);
  CHECK(stream.find("event: message_stop") != std::string::npos);
  const std::string denied = round_trip(cap, post("sk-ant-placeholder-key-for-credential-isolation", "{}"));
  CHECK(denied.rfind("HTTP/1.1 401", 0) == 0);
  auto res = done.get();
  ::kill(child, SIGTERM);
  ::waitpid(child, nullptr, 0);

  REQUIRE(res.requests.size() == 2);
  CHECK(res.requests[0].answer.mode == "forward");
  CHECK(res.requests[0].answer.status == 200);
  CHECK(res.requests[0].answer.complete);
  CHECK(res.requests[0].answer.origin == "anthropic");
  CHECK(res.requests[1].answer.status == 401);
  CHECK(res.requests[1].answer.origin == "anthropic");
  const std::string recorded = awf::test::read_file(rec);
  CHECK(recorded.find("/v1/messages?beta=true") != std::string::npos);
}
