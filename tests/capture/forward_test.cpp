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

#include <dirent.h>

#include <atomic>
#include <functional>
#include <future>
#include <thread>

#include <fmt/format.h>

#include "capture/capture_checks.hpp"
#include "capture/capture_server.hpp"
#include "support/test_support.hpp"
#include "support/raw_http.hpp"

using namespace awf;
using namespace awf::capture;

namespace {

using awf::test::free_port;

/// One request on a fresh connection, its answer read until the capture closes (at most 10 s).
std::string round_trip(int port, const std::string& req) { return awf::test::send_request(port, req, 100); }

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
    int fd = awf::test::connect_loopback(up);
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

namespace {

std::atomic<bool> g_stalling{false};  // set once the stalling double holds its answer back

// A forward target that stalls: it reads one request, then either sends a 200 event-stream head and
// one event and stops sending (`mid_answer`), or sends nothing at all; it holds the connection until
// released (bounded: 60 s).
struct StallingDouble {
  int lfd = -1;
  int port = 0;
  std::atomic<bool> release{false};
  std::thread t;

  explicit StallingDouble(bool mid_answer) {
    g_stalling = false;
    lfd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(lfd, 4) == 0);
    socklen_t l = sizeof a;
    ::getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &l);
    port = ntohs(a.sin_port);
    t = std::thread([this, mid_answer] {
      pollfd p{lfd, POLLIN, 0};
      for (int i = 0; i < 600 && !release && ::poll(&p, 1, 100) <= 0; ++i) {
      }
      if (release) return;
      int fd = ::accept(lfd, nullptr, nullptr);
      if (fd < 0) return;
      std::string got;
      char buf[4096];
      for (int i = 0; i < 100 && got.find("\r\n\r\n") == std::string::npos; ++i) {
        pollfd q{fd, POLLIN, 0};
        if (::poll(&q, 1, 100) <= 0) continue;
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        got.append(buf, static_cast<std::size_t>(n));
      }
      if (mid_answer) {
        const std::string head =
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nrequest-id: req_stall0001\r\n"
            "transfer-encoding: chunked\r\n\r\n";
        const std::string ev = "event: ping\ndata: {\"type\":\"ping\"}\n\n";
        const std::string chunk = fmt::format("{:x}\r\n{}\r\n", ev.size(), ev);
        (void)::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
        (void)::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      }
      g_stalling = true;
      for (int i = 0; i < 600 && !release; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ::close(fd);
    });
  }
  ~StallingDouble() {
    release = true;
    if (t.joinable()) t.join();
    ::close(lfd);
  }
};

int task_count() {
  int n = 0;
  if (DIR* d = ::opendir("/proc/self/task")) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ++n;
    ::closedir(d);
  }
  return n;
}

struct StallRun {
  CaptureResult res;
  std::string client_got;
};

// Sends one streaming request through capture (count 1) to a stalling target and returns once
// run_capture has returned (bounded: 30 s, far above grace + the relay's ~1 s abort).
StallRun run_against_stall(bool mid_answer, const std::function<std::string()>& interrupted,
                           std::chrono::milliseconds grace) {
  StallingDouble dbl(mid_answer);
  CaptureOptions o;
  o.port = 0;
  o.count = 1;
  o.duration = std::chrono::seconds(60);
  o.forward = "http://127.0.0.1:" + std::to_string(dbl.port);
  o.shutdown_grace = grace;
  std::promise<int> listening;
  auto lf = listening.get_future();
  auto done = std::async(std::launch::async, [&] {
    return run_capture(o, providers().front(), interrupted, [&](int p) { listening.set_value(p); });
  });
  const int cap = lf.get();
  StallRun out;
  out.client_got = round_trip(
      cap, post("sk-ant-placeholder-key-for-credential-isolation",
                R"({"model":"claude-sonnet-4-6","max_tokens":1,"messages":[{"role":"user","content":"hi"}],"stream":true})"));
  REQUIRE(done.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  out.res = done.get();
  return out;
}

}  // namespace

TEST_CASE("capture: after --count, a relay stalled mid-answer is cut after the shutdown grace", "[capture][shutdown]") {
  const int tasks_before = task_count();
  SECTION("the target stalls mid-answer (head and one event sent)") {
    auto r = run_against_stall(true, [] { return std::string(); }, std::chrono::milliseconds(300));
    CHECK(r.res.stopped_by == "count");
    CHECK(r.res.in_flight_at_stop == 1);
    CHECK(r.res.relays_cut == 1);
    REQUIRE(r.res.requests.size() == 1);
    CHECK(r.res.requests[0].answer.cut_at_shutdown);
    CHECK(r.res.requests[0].answer.status == 200);
    CHECK_FALSE(r.res.requests[0].answer.complete);
    CHECK(r.client_got.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(r.client_got.find("event: ping") != std::string::npos);
    const auto checks = capture_checks(r.res, providers().front());
    const auto* ans = &checks[4];
    REQUIRE(ans->id == "capture.answers");
    CHECK(ans->status == Status::warn);
    CHECK(ans->summary.find("cut after the shutdown grace") != std::string::npos);
  }
  SECTION("the target stalls before any byte of its answer (second example)") {
    auto r = run_against_stall(false, [] { return std::string(); }, std::chrono::milliseconds(300));
    CHECK(r.res.relays_cut == 1);
    REQUIRE(r.res.requests.size() == 1);
    CHECK(r.res.requests[0].answer.cut_at_shutdown);
    CHECK_FALSE(r.res.requests[0].answer.status.has_value());
    CHECK(r.client_got.empty());  // the client's connection is reset, as behind a sidecar that died
    // The agent got nothing: never green (exit 0), and no guess that the target would not answer.
    const auto checks = capture_checks(r.res, providers().front());
    const auto* ans = &checks[4];
    REQUIRE(ans->id == "capture.answers");
    CHECK(ans->status == Status::error);
    CHECK(ans->summary.find("no HTTP answer") != std::string::npos);
  }
  SECTION("SIGTERM cuts at once, whatever the grace") {
    // the signal arrives once the target holds its answer back (the capture polls this)
    auto r = run_against_stall(true, [] { return g_stalling ? std::string("SIGTERM") : std::string(); },
                               std::chrono::seconds(600));
    CHECK(r.res.relays_cut == 1);
    REQUIRE(r.res.requests.size() == 1);
    CHECK(r.res.requests[0].answer.cut_at_shutdown);
  }
  // No thread outlives the capture (the doubles and std::async threads are joined): bounded settle.
  int after = task_count();
  for (int i = 0; i < 50 && after > tasks_before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = task_count();
  }
  CHECK(after <= tasks_before);
}
