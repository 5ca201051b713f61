// Where the probes send, per topology: a check whose hop is not in the run's topology sends nothing
// (topology/topology.hpp not_in_topology), so in a direct topology nothing goes to a base URL — in
// particular never to awf's built-in 172.30.0.30 with the client's own key in clear text (new-user
// test F1). Every check of the registry runs here, so a check added without its topology row fails.
#include <catch.hpp>

#include <string>

#include "core/runner.hpp"
#include "probes/probes.hpp"
#include "support/fake_io.hpp"
#include "topology/topology.hpp"

using namespace awf;

namespace {

constexpr const char* kKey = "test-real-anthropic-key-0001";

bool carries(const HttpRequest& r, const std::string& secret) {
  for (const auto& [name, value] : r.headers)
    if (value.find(secret) != std::string::npos) return true;
  return r.url.find(secret) != std::string::npos || r.body.find(secret) != std::string::npos;
}

}  // namespace

TEST_CASE("direct topology: no check sends anything to the base URL's host, whatever answers",
          "[probes][topology][safety]") {
  ChainSpec spec;
  spec.base_url = kDefaultBaseUrl;  // what resolve_chain_spec falls back to: awf's address
  spec.squid_url = "http://127.0.0.1:8";
  spec.upstream_url = "https://api.anthropic.com:4443";
  spec.management_url = "http://127.0.0.1:7";
  spec.home = "/nonexistent-awf-diag-test-home";
  spec.managed_settings = "/nonexistent-awf-diag-test-managed.json";
  spec.env.vars = {{"ANTHROPIC_API_KEY", kKey}, {"HTTPS_PROXY", "http://127.0.0.1:8"}};
  spec.topology.mode = Mode::direct;
  spec.topology.squid_hop = true;
  spec.timeout = std::chrono::milliseconds(20000);
  for (bool answers : {true, false}) {
    test::FakeIo io;
    io.on_http = [answers](const HttpRequest&) {
      HttpResponse r;
      if (answers) {
        r.status = 200;
        r.headers.emplace_back("content-type", "application/json");
        r.body = "{}";
      } else {
        r.error = TransportError::connection_refused;
      }
      return r;
    };
    SecretSet secrets;
    RunOptions opts;
    opts.io = &io;
    const auto checks = run_checks(all_checks(), spec, secrets, opts);
    REQUIRE(checks.size() == all_checks().size());
    for (const auto& r : io.requests) {
      INFO("request " << r.method << " " << r.url);
      CHECK(r.url.find("172.30.0.30") == std::string::npos);
      CHECK(r.proxy.find("172.30.0.30") == std::string::npos);
      if (r.url.rfind("http://", 0) == 0 && r.proxy.empty()) CHECK_FALSE(carries(r, kKey));
    }
    for (const auto& [host, port] : io.connects) {
      INFO("TCP connect " << host << ":" << port);
      CHECK(host != "172.30.0.30");
    }
    for (const auto& c : checks)
      if (c.id == "proxy.client_request" || c.id == "proxy.forward" || c.id == "proxy.stream") {
        INFO(c.id << ": " << c.summary);
        CHECK(c.status == Status::skip);
      }
  }
}

TEST_CASE("gateway and awf mode: the client's own key never goes to an unnamed base URL or over plain HTTP in awf",
          "[probes][topology][safety]") {
  for (Mode mode : {Mode::gateway, Mode::awf}) {
    for (bool named : {false, true}) {
      ChainSpec spec;
      spec.base_url = named ? "http://127.0.0.1:9" : kDefaultBaseUrl;
      if (named) spec.origin["base_url"] = "flag";  // else: awf's built-in default, named by nobody
      spec.squid_url = "http://127.0.0.1:8";
      spec.upstream_url = "https://api.anthropic.com:4443";
      spec.management_url = "http://127.0.0.1:7";
      spec.home = "/nonexistent-awf-diag-test-home";
      spec.managed_settings = "/nonexistent-awf-diag-test-managed.json";
      // A real key in the agent: leaked inside awf, the client's own credential outside it.
      spec.env.vars = {{"ANTHROPIC_API_KEY", kKey}, {"ANTHROPIC_AUTH_TOKEN", kKey}, {"HTTPS_PROXY", "http://127.0.0.1:8"}};
      spec.topology.mode = mode;
      spec.topology.squid_hop = true;
      spec.timeout = std::chrono::milliseconds(20000);
      test::FakeIo io;
      io.on_http = [](const HttpRequest&) {
        HttpResponse r;
        r.status = 401;
        r.headers.emplace_back("content-type", "application/json");
        r.body = R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})";
        return r;
      };
      SecretSet secrets;
      RunOptions opts;
      opts.io = &io;
      run_checks(all_checks(), spec, secrets, opts);
      std::size_t to_base = 0;
      for (const auto& r : io.requests) {
        INFO(to_string(mode) << (named ? " named" : " default") << ": " << r.method << " " << r.url);
        const bool plain = r.url.rfind("http://", 0) == 0 && r.proxy.empty();
        if (mode == Mode::awf && plain) CHECK_FALSE(carries(r, kKey));  // the placeholder instead
        if (!named && r.url.find("172.30.0.30") != std::string::npos) CHECK_FALSE(carries(r, kKey));
        to_base += r.url.rfind(spec.base_url, 0) == 0 && r.method == "POST";
      }
      if (named || mode == Mode::awf) CHECK(to_base > 0);  // the probes still ran where they may
    }
  }
}
