// Issue 6 pt 5: protocol failures named for what they are, on the binary, against hostile loopback
// servers (tests/lab/hostile_server.py: garbage bytes, a bare HTTP/0.9 body, a TLS server with a
// throwaway self-signed certificate, Go's 400 to plain HTTP on a TLS port, a CONNECT proxy answering
// 200 then closing, one answering 407).
// Every hop is an explicit loopback target.
#include <catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/hostile_server.hpp"
#include "support/test_support.hpp"

using awf::test::CmdResult;
using awf::test::HostileServer;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

const json& check_of(const json& doc, const std::string& id) {
  for (const auto& c : doc["checks"])
    if (c["id"] == id) return c;
  FAIL("no check " << id);
  throw std::logic_error("unreachable");
}

std::string base_of(const HostileServer& s, const char* scheme) {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(s.port());
}

/// `probe proxy` at the base URL, the other hops dead loopback ports.
CmdResult probe_proxy(const std::string& base_url) {
  return run_awf_diag({"probe", "proxy", "--base-url", base_url, "--squid", "http://127.0.0.1:9", "--upstream",
                       "https://127.0.0.1:9", "-o", "json", "--timeout", "20"});
}

/// `probe squid` through the proxy at `squid_url` to `upstream`; the base URL is a dead loopback port
/// and the checks of the proxy link (and the sidecar's tunnel, which reads them) are left out.
CmdResult probe_squid(const std::string& squid_url, const std::string& upstream) {
  return run_awf_diag({"probe", "squid", "--base-url", "http://127.0.0.1:9", "--squid", squid_url, "--upstream",
                       upstream, "--skip", "proxy.*", "-o", "json", "--timeout", "20"});
}

bool has(const json& v, const std::string& needle) { return v.get<std::string>().find(needle) != std::string::npos; }

void expect_named(const CmdResult& r, const std::string& check, const std::string& link, const std::string& fault,
                  const std::vector<std::string>& words) {
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  const json doc = json::parse(r.out);
  CHECK(doc["summary"]["failed_link"] == link);
  const json& c = check_of(doc, check);
  CHECK(c["status"] == "fail");
  CHECK(c["evidence"]["fault"] == fault);
  for (const auto& w : words) CHECK(has(c["summary"], w));
}

}  // namespace

TEST_CASE("protocol: garbage bytes at the base URL are not an HTTP server, with libcurl's code", "[cli][protocol]") {
  HostileServer srv("garbage");
  const CmdResult r = probe_proxy(base_of(srv, "http"));
  expect_named(r, "proxy.health", "proxy", "proxy-not-http",
               {"not an HTTP server", "curl 1: Received HTTP/0.9 when not allowed"});
  const json doc = json::parse(r.out);
  CHECK(check_of(doc, "proxy.health")["evidence"]["curl_code"] == 1);
  CHECK(r.out.find("never answers") == std::string::npos);
}

namespace {

/// What answers at the base URL (a hostile-server mode, reached with `scheme`) and which check names it how.
struct BaseUrlCase {
  const char* mode;
  const char* scheme;
  const char* check;
  const char* fault;
  std::vector<std::string> words;
};

const std::vector<BaseUrlCase>& base_url_cases() {
  static const std::vector<BaseUrlCase> rows = {
      {"http09", "http", "proxy.health", "proxy-not-http", {"not an HTTP server", "HTTP/0.9"}},
      {"ok", "https", "proxy.health", "proxy-scheme-mismatch",
       {"https:// to a port that answers plain HTTP", "wrong version number",
        "change the scheme of --base-url / ANTHROPIC_BASE_URL to http://"}},
      {"tls", "http", "proxy.health", "proxy-scheme-mismatch",
       {"http:// to a port that speaks TLS", "change the scheme of --base-url / ANTHROPIC_BASE_URL to https://"}},
      // Go net/http's bare 400 to plain HTTP on its TLS port
      {"go-https-400", "http", "proxy.health", "proxy-scheme-mismatch",
       {"http:// to a port that speaks TLS", "Client sent an HTTP request to an HTTPS server.",
        "change the scheme of --base-url / ANTHROPIC_BASE_URL to https://"}},
      // a proxy demanding credentials where the api-proxy should be: no awf shape at /health, so the
      // topology is a gateway (no proxy.health) and the minimal POST names it
      {"connect-407", "http", "proxy.forward", "proxy-base-url-wants-proxy-auth",
       {"407 Proxy Authentication Required", "a proxy that requires credentials answers at the base URL"}},
  };
  return rows;
}

}  // namespace

TEST_CASE("protocol: what answers at the base URL is named for what it is (one table)", "[cli][protocol]") {
  for (const BaseUrlCase& c : base_url_cases()) {
    HostileServer srv(c.mode);
    INFO(c.mode << " via " << c.scheme << "://");
    expect_named(probe_proxy(base_of(srv, c.scheme)), c.check, "proxy", c.fault, c.words);
  }
}

TEST_CASE("protocol: a proxy answering CONNECT 200 then closing is the tunnel closed before TLS", "[cli][protocol]") {
  HostileServer proxy("connect-200");
  const CmdResult r = probe_squid(base_of(proxy, "http"), "https://127.0.0.1:9");
  expect_named(r, "squid.tls", "squid", "squid-tunnel-dropped", {"the tunnel closed before TLS", "not ssl-bump"});
  const json doc = json::parse(r.out);
  CHECK(check_of(doc, "squid.connect")["status"] == "pass");
  CHECK_FALSE(has(check_of(doc, "squid.tls")["hint"], "--ssl-bump"));
}

TEST_CASE("protocol: a proxy answering 407 means proxy credentials required", "[cli][protocol]") {
  HostileServer proxy("connect-407");
  expect_named(probe_squid(base_of(proxy, "http"), "https://127.0.0.1:9"), "squid.connect", "squid",
               "squid-proxy-auth-required", {"407", "proxy credentials required"});
}

TEST_CASE("protocol: garbage where the proxy should be is not an HTTP proxy", "[cli][protocol]") {
  HostileServer proxy("garbage");
  expect_named(probe_squid(base_of(proxy, "http"), "https://127.0.0.1:9"), "squid.connect", "squid",
               "squid-not-http-proxy", {"not an HTTP proxy", "response 0"});
}

TEST_CASE("protocol: https:// upstream through the tunnel to a plain port is the upstream's scheme mismatch",
          "[cli][protocol]") {
  HostileServer proxy("proxy-ok");  // tunnels to itself: plain HTTP inside
  expect_named(probe_squid(base_of(proxy, "http"), "https://127.0.0.1:9"), "squid.tls", "squid",
               "upstream-scheme-mismatch", {"https:// to a port that answers plain HTTP", "--upstream to http://"});
}
