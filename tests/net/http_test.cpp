// http_perform against tests/lab/hostile_server.py on 127.0.0.1 (loopback only).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <catch.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/http.hpp"
#include "support/hostile_server.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

using awf::test::HostileServer;
using LabServer = HostileServer;

/// A loopback port that refuses connections: bound (so nobody else takes it) but not listening.
class RefusedPort {
 public:
  RefusedPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    port_ = ntohs(a.sin_port);
  }
  ~RefusedPort() { ::close(fd_); }
  RefusedPort(const RefusedPort&) = delete;
  RefusedPort& operator=(const RefusedPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

awf::HttpRequest get(const std::string& url, std::chrono::milliseconds timeout = 5000ms) {
  awf::HttpRequest r;
  r.url = url;
  r.timeout = timeout;
  return r;
}

std::string describe(const awf::HttpResponse& r) {
  return "error=" + awf::to_string(r.error) + " curl=" + std::to_string(r.curl_code) + " msg=" + r.error_message +
         " status=" + std::to_string(r.status) + " connect_code=" + std::to_string(r.connect_code) +
         " timing=" + r.timing_ms.dump();
}

}  // namespace

TEST_CASE("to_string(TransportError) names every class", "[net]") {
  using awf::TransportError;
  CHECK(awf::to_string(TransportError::connection_refused) == "connection refused");
  CHECK(awf::to_string(TransportError::connection_reset) == "connection reset");
  CHECK(awf::to_string(TransportError::empty_reply) ==
        "empty reply (server closed the connection without an HTTP response)");
  CHECK(awf::to_string(TransportError::timeout) == "timeout");
  CHECK(awf::to_string(TransportError::dns) == "DNS resolution failed");
  CHECK(awf::to_string(TransportError::proxy_connect) == "proxy refused the CONNECT");
  CHECK(awf::to_string(TransportError::tls) == "TLS handshake failed");
  CHECK(awf::to_string(TransportError::other) == "transport error");
}

TEST_CASE("header lookups are case-insensitive and return the first value", "[net]") {
  awf::HttpResponse r;
  r.headers = {{"content-type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}};
  r.connect_headers = {{"x-squid-error", "ERR_ACCESS_DENIED 0"}};
  CHECK(r.header("Content-Type") == "application/json");
  CHECK(r.header("X-A") == "1");
  CHECK(r.header("missing").empty());
  CHECK(r.connect_header("X-Squid-Error") == "ERR_ACCESS_DENIED 0");
  CHECK(r.connect_header("content-type").empty());
}

TEST_CASE("http_perform: ok server -> 200, headers, body, timings", "[net]") {
  LabServer srv("ok");
  auto req = get(srv.url("/v1/messages?beta=true"));
  req.headers = {{"X-Api-Key", "sk-test"}, {"anthropic-version", "2023-06-01"}};
  auto r = awf::http_perform(req);
  INFO(describe(r));
  CHECK(r.error == awf::TransportError::none);
  CHECK(r.curl_code == 0);
  CHECK(r.status == 200);
  CHECK(r.got_http_response());
  CHECK(r.connect_code == 0);
  CHECK(r.connect_headers.empty());
  CHECK(r.header("x-lab") == "ok");
  CHECK(r.header("Content-Type") == "application/json");
  for (const auto& [k, v] : r.headers) {  // names are lower-case
    CHECK(std::none_of(k.begin(), k.end(), [](unsigned char c) { return std::isupper(c); }));
  }
  CHECK_FALSE(r.body_truncated);
  auto j = nlohmann::json::parse(r.body);
  CHECK(j["method"] == "GET");
  CHECK(j["path"] == "/v1/messages?beta=true");
  CHECK(j["headers"]["x-api-key"] == "sk-test");
  CHECK_FALSE(j["headers"].contains("expect"));
  CHECK_FALSE(j["headers"].contains("accept-encoding"));
  CHECK(r.timing_ms.contains("connect"));
  CHECK(r.timing_ms.contains("ttfb"));
  CHECK(r.timing_ms.contains("total"));
  CHECK_FALSE(r.timing_ms.contains("tls"));
  CHECK_FALSE(r.timing_ms.contains("proxy_connect"));
  CHECK_FALSE(r.timing_ms.contains("dns"));  // IP literal: no lookup
  CHECK(r.timing_ms["connect"].get<double>() <= r.timing_ms["ttfb"].get<double>());
  CHECK(r.timing_ms["ttfb"].get<double>() <= r.timing_ms["total"].get<double>());
  for (const auto& [phase, ms] : r.timing_ms.items()) {  // only the documented phases
    INFO(phase);
    CHECK((phase == "dns" || phase == "connect" || phase == "proxy_connect" || phase == "tls" ||
           phase == "ttfb" || phase == "total"));
  }
}

TEST_CASE("http_perform: methods, bodies, 1xx and redirects", "[net]") {
  LabServer srv("ok");

  SECTION("POST sends the body without Expect: 100-continue") {
    auto req = get(srv.url("/v1/messages"));
    req.method = "POST";
    req.body = std::string(2 * 1024 * 1024, 'a');  // large enough that curl would otherwise Expect
    req.headers = {{"Content-Type", "application/json"}};
    auto r = awf::http_perform(req);
    INFO(describe(r));
    REQUIRE(r.status == 200);
    auto j = nlohmann::json::parse(r.body);
    CHECK(j["method"] == "POST");
    CHECK(j["body_len"] == 2 * 1024 * 1024);
    CHECK_FALSE(j["headers"].contains("expect"));
  }
  SECTION("POST with an empty body") {
    auto req = get(srv.url("/"));
    req.method = "POST";
    auto r = awf::http_perform(req);
    INFO(describe(r));
    REQUIRE(r.status == 200);
    auto j = nlohmann::json::parse(r.body);
    CHECK(j["method"] == "POST");
    CHECK(j["body_len"] == 0);
  }
  SECTION("PUT uses a custom request with the body") {
    auto req = get(srv.url("/x"));
    req.method = "PUT";
    req.body = "{}";
    auto r = awf::http_perform(req);
    INFO(describe(r));
    REQUIRE(r.status == 200);
    auto j = nlohmann::json::parse(r.body);
    CHECK(j["method"] == "PUT");
    CHECK(j["body_len"] == 2);
  }
  SECTION("HEAD has headers and no body") {
    auto req = get(srv.url("/"));
    req.method = "HEAD";
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::none);
    CHECK(r.status == 200);
    CHECK(r.header("x-lab") == "ok");
    CHECK(r.body.empty());
  }
  SECTION("a 100 Continue block is replaced by the final headers") {
    auto r = awf::http_perform(get(srv.url("/continue")));
    INFO(describe(r));
    CHECK(r.status == 200);
    CHECK(r.header("x-lab") == "ok");
    CHECK(r.header("x-interim").empty());
  }
  SECTION("redirects are not followed") {
    auto r = awf::http_perform(get(srv.url("/redirect")));
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::none);
    CHECK(r.status == 302);
    CHECK(r.header("location") == "/elsewhere");
  }
}

TEST_CASE("http_perform: body is capped at max_body_bytes", "[net]") {
  LabServer srv("flood");
  auto req = get(srv.url("/"), 30000ms);
  req.max_body_bytes = 1000;
  auto r = awf::http_perform(req);
  INFO(describe(r));
  CHECK(r.error == awf::TransportError::none);
  CHECK(r.status == 200);
  CHECK(r.body.size() == 1000);
  CHECK(r.body_truncated);
}

namespace {

/// One hostile-server mode answering a plain GET, and the class http_perform gives it.
struct HostileCase {
  const char* mode;                 ///< tests/lab/hostile_server.py --mode
  awf::TransportError error;
  long status;                      ///< 0 = no HTTP status line arrived
  int curl_code;                    ///< libcurl's code kept; -1 = any but 0
  const char* message_has;          ///< "" = the message is only required non-empty when error != none
  int ttfb;                         ///< -1 unchecked, 0 no ttfb timing, 1 a ttfb timing
};

// Kept as one table: a new hostile answer is a row, not a copy of the setup.
const HostileCase kHostileCases[] = {
    {"reset", awf::TransportError::connection_reset, 0, -1, "", -1},
    {"empty", awf::TransportError::empty_reply, 0, 52, "", 0},
    // garbage bytes, or a bare HTTP/0.9 body: not_http, libcurl's code and message kept
    {"garbage", awf::TransportError::not_http, 0, 1, "HTTP/0.9", -1},
    {"http09", awf::TransportError::not_http, 0, 1, "HTTP/0.9", -1},
    // http:// to a TLS server: a second connect completes TLS; libcurl's code (a reset or an empty reply) stays
    {"tls", awf::TransportError::scheme_mismatch_plain_to_tls, 0, -1, "", -1},
    // Go net/http's answer to plain HTTP on its TLS port: a scheme mismatch, its 400 kept
    {"go-https-400", awf::TransportError::scheme_mismatch_plain_to_tls, 400, 0,
     "Client sent an HTTP request to an HTTPS server.", 1},
    // a proxy demanding credentials answers a plain GET: a complete 407 (proxy.health names it, rules/)
    {"connect-407", awf::TransportError::none, 407, 0, "", 1},
};

}  // namespace

TEST_CASE("http_perform: hostile answers to a plain GET are classified (one table)", "[net]") {
  for (const HostileCase& c : kHostileCases) {
    LabServer srv(c.mode);
    auto r = awf::http_perform(get(srv.url("/v1/messages")));
    INFO(c.mode << ": " << describe(r));
    CHECK(r.error == c.error);
    CHECK(r.status == c.status);
    CHECK(r.got_http_response() == (c.status > 0));
    if (c.curl_code >= 0) CHECK(r.curl_code == c.curl_code);
    else CHECK(r.curl_code != 0);
    if (c.error != awf::TransportError::none) CHECK_FALSE(r.error_message.empty());
    if (*c.message_has) CHECK(r.error_message.find(c.message_has) != std::string::npos);
    if (c.ttfb >= 0) CHECK(r.timing_ms.contains("ttfb") == (c.ttfb == 1));
  }
}

TEST_CASE("http_perform: transport failures are classified", "[net]") {
  SECTION("nobody listening -> connection_refused") {
    RefusedPort port;
    auto r = awf::http_perform(get("http://127.0.0.1:" + std::to_string(port.port()) + "/"));
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::connection_refused);
    CHECK(r.status == 0);
    CHECK_FALSE(r.timing_ms.contains("connect"));
    CHECK(r.timing_ms.contains("total"));
  }
  SECTION("server never answers -> timeout, within a bounded time") {
    LabServer srv("hang");
    const auto t0 = Clock::now();
    auto r = awf::http_perform(get(srv.url("/"), 500ms));
    const auto elapsed = Clock::now() - t0;
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::timeout);
    CHECK(r.status == 0);
    CHECK(elapsed >= 450ms);
    CHECK(elapsed < 3s);
  }
  SECTION("headers trickle in -> timeout") {
    LabServer srv("slow-headers");
    const auto t0 = Clock::now();
    auto r = awf::http_perform(get(srv.url("/"), 500ms));
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::timeout);
    CHECK(Clock::now() - t0 < 3s);
  }
  SECTION("TLS to a plain-HTTP server -> scheme_mismatch_tls_to_plain") {
    LabServer srv("ok");
    auto r = awf::http_perform(get("https://127.0.0.1:" + std::to_string(srv.port()) + "/"));
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::scheme_mismatch_tls_to_plain);
    CHECK(r.curl_code == 35);
    CHECK(r.status == 0);
    CHECK(r.timing_ms.contains("connect"));
    CHECK_FALSE(r.timing_ms.contains("tls"));
  }
  SECTION("unsupported scheme -> other") {
    auto r = awf::http_perform(get("ftp://127.0.0.1:1/"));
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::other);
  }
}

TEST_CASE("http_perform: proxy CONNECT answers", "[net]") {
  SECTION("Squid-like 403 -> proxy_connect with the proxy's headers") {
    LabServer proxy("connect-403");
    auto req = get("https://api.anthropic.com/v1/messages");
    req.proxy = proxy.url("");
    req.headers = {{"x-api-key", "sk-test"}};
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::proxy_connect);
    CHECK(r.connect_code == 403);
    CHECK(r.status == 0);
    CHECK(r.connect_header("x-squid-error").find("ERR_ACCESS_DENIED") != std::string::npos);
    CHECK(r.connect_header("Server") == "squid");
    CHECK(r.headers.empty());
    // TCP to the proxy worked: connect is reported even though the transfer failed afterwards.
    REQUIRE(r.timing_ms.contains("connect"));
    REQUIRE(r.timing_ms.contains("proxy_connect"));
    CHECK(r.timing_ms["connect"].get<double>() <= r.timing_ms["proxy_connect"].get<double>());
    CHECK(r.timing_ms["proxy_connect"].get<double>() <= r.timing_ms["total"].get<double>());
    CHECK_FALSE(r.timing_ms.contains("tls"));
    CHECK_FALSE(r.timing_ms.contains("ttfb"));
  }
  SECTION("403 on a forced tunnel for http:// -> proxy_connect") {
    LabServer proxy("connect-403");
    auto req = get("http://api-proxy.internal:10000/health");
    req.proxy = proxy.url("");
    req.tunnel = true;
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::proxy_connect);
    CHECK(r.connect_code == 403);
  }
  SECTION("tunnel up, then closed: http:// inside -> empty_reply") {
    LabServer proxy("connect-200");
    auto req = get("http://api-proxy.internal:10000/health");
    req.proxy = proxy.url("");
    req.tunnel = true;
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.connect_code == 200);
    CHECK(r.status == 0);
    CHECK(r.error == awf::TransportError::empty_reply);
  }
  SECTION("tunnel up, then closed: https:// inside -> tunnel_closed_before_tls") {
    LabServer proxy("connect-200");
    auto req = get("https://api.anthropic.com/v1/messages");
    req.proxy = proxy.url("");
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.connect_code == 200);
    CHECK(r.status == 0);
    CHECK(r.error == awf::TransportError::tunnel_closed_before_tls);
  }
  SECTION("407 to CONNECT -> proxy_auth_required") {
    LabServer proxy("connect-407");
    auto req = get("https://api.anthropic.com/v1/messages");
    req.proxy = proxy.url("");
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.connect_code == 407);
    CHECK(r.error == awf::TransportError::proxy_auth_required);
    CHECK(r.connect_header("proxy-authenticate").find("Basic") != std::string::npos);
  }
  SECTION("garbage answering CONNECT -> proxy_not_http") {
    LabServer proxy("garbage");
    auto req = get("https://api.anthropic.com/v1/messages");
    req.proxy = proxy.url("");
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.connect_code == 0);
    CHECK(r.error == awf::TransportError::proxy_not_http);
  }
  SECTION("tunnel up and a response inside: CONNECT headers and response headers stay apart") {
    LabServer proxy("proxy-ok");
    auto req = get("http://api.anthropic.com/v1/messages");
    req.proxy = proxy.url("");
    req.tunnel = true;
    req.headers = {{"x-api-key", "sk-test"}, {"Authorization", "Bearer t"}};
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::none);
    CHECK(r.connect_code == 200);
    CHECK(r.status == 200);
    CHECK(r.connect_header("x-proxy") == "lab");
    CHECK(r.connect_header("x-lab").empty());
    CHECK(r.header("x-lab") == "ok");
    CHECK(r.header("x-proxy").empty());
    // Credentials go to the origin only, never into the CONNECT request.
    const auto saw = r.connect_header("x-proxy-saw");
    CHECK(saw.find("x-api-key") == std::string::npos);
    CHECK(saw.find("authorization") == std::string::npos);
    auto j = nlohmann::json::parse(r.body);
    CHECK(j["target"] == "/v1/messages");
    CHECK(j["headers"]["x-api-key"] == "sk-test");
    REQUIRE(r.timing_ms.contains("proxy_connect"));
    CHECK(r.timing_ms["proxy_connect"].get<double>() <= r.timing_ms["total"].get<double>());
    CHECK(r.timing_ms.contains("ttfb"));
  }
  SECTION("connect_only through a tunnel stops after the CONNECT") {
    LabServer proxy("proxy-ok");
    auto req = get("http://api.anthropic.com/");
    req.proxy = proxy.url("");
    req.tunnel = true;
    req.connect_only = true;
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::none);
    CHECK(r.connect_code == 200);
    CHECK(r.status == 0);
    CHECK(r.connect_header("x-proxy") == "lab");
    CHECK(r.timing_ms.contains("proxy_connect"));
    CHECK_FALSE(r.timing_ms.contains("ttfb"));
  }
  SECTION("http:// through a proxy without a tunnel uses the absolute form, no CONNECT") {
    LabServer proxy("proxy-ok");
    auto req = get("http://api.anthropic.com/v1/models");
    req.proxy = proxy.url("");
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::none);
    CHECK(r.connect_code == 0);
    CHECK(r.connect_headers.empty());
    CHECK(r.status == 200);
    auto j = nlohmann::json::parse(r.body);
    CHECK(j["target"] == "http://api.anthropic.com/v1/models");
    CHECK_FALSE(r.timing_ms.contains("proxy_connect"));
  }
  SECTION("proxy not listening -> connection_refused") {
    RefusedPort port;
    auto req = get("https://api.anthropic.com/v1/messages");
    req.proxy = "http://127.0.0.1:" + std::to_string(port.port());
    auto r = awf::http_perform(req);
    INFO(describe(r));
    CHECK(r.error == awf::TransportError::connection_refused);
    CHECK(r.connect_code == 0);
  }
}

TEST_CASE("http_perform: connect_only without a proxy", "[net]") {
  LabServer srv("ok");
  auto req = get(srv.url("/"));
  req.connect_only = true;
  auto r = awf::http_perform(req);
  INFO(describe(r));
  CHECK(r.error == awf::TransportError::none);
  CHECK(r.status == 0);
  CHECK(r.timing_ms.contains("connect"));
  CHECK_FALSE(r.timing_ms.contains("ttfb"));
}

TEST_CASE("http_perform: environment proxy variables are ignored when no proxy is given", "[net]") {
  LabServer srv("ok");
  RefusedPort port;
  const std::string bogus = "http://127.0.0.1:" + std::to_string(port.port());
  const char* names[] = {"http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"};
  for (const char* n : names) ::setenv(n, bogus.c_str(), 1);
  auto r = awf::http_perform(get(srv.url("/")));
  for (const char* n : names) ::unsetenv(n);
  INFO(describe(r));
  CHECK(r.error == awf::TransportError::none);
  CHECK(r.status == 200);
}

TEST_CASE("http_perform: concurrent calls from several threads", "[net]") {
  LabServer srv("ok");
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  constexpr int kThreads = 8, kEach = 5;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < kEach; ++k) {
        auto r = awf::http_perform(get(srv.url("/v1/messages")));
        if (r.status == 200 && r.header("x-lab") == "ok") ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok.load() == kThreads * kEach);
}
