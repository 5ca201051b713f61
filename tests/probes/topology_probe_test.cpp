// The topology stage and the client's route per topology, on canned answers (no network).
#include <catch.hpp>

#include "catalog/check_ids.hpp"
#include "probes/client_route.hpp"
#include "probes/probes.hpp"
#include "probes/topology_probe.hpp"
#include "support/fake_io.hpp"
#include "support/probe_harness.hpp"

using namespace awf;
using test::FakeIo;
using test::json_answer;

namespace {

struct Harness : test::ProbeHarness {
  Harness() : ProbeHarness("http://127.0.0.1:9/", "https://127.0.0.1:4443") {
    spec.origin = {{"base_url", "flag"}, {"squid_url", "default"}};
  }
};

HttpResponse provider_400() {
  return json_answer(400, R"({"type":"error","error":{"type":"invalid_request_error","message":"messages: Field required"}})",
                     {{"request-id", "req_011direct"}});
}

std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

}  // namespace

TEST_CASE("resolve_topology asks the base URL's /health only when the environment leaves it open", "[probes][topology]") {
  Harness h;
  h.spec.env.vars = {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:9"}, {"ANTHROPIC_API_KEY", "test-gateway-key-0001"}};
  h.io.on_http = [](const HttpRequest&) { return json_answer(200, R"({"status":"healthy"})"); };
  Topology t = resolve_topology(h.spec, ChainFlags{}, h.io);
  REQUIRE(h.io.requests.size() == 1);
  CHECK(h.io.requests[0].url == "http://127.0.0.1:9/health");
  CHECK(t.mode == Mode::gateway);
  CHECK_FALSE(t.squid_hop);

  h.io.requests.clear();
  h.spec.env.vars["CLAUDE_CODE_API_KEY_HELPER"] = "/usr/local/bin/get-claude-key.sh";
  CHECK(resolve_topology(h.spec, ChainFlags{}, h.io).mode == Mode::awf);
  CHECK(h.io.requests.empty());

  ChainFlags forced;
  forced.mode = "direct";
  CHECK(resolve_topology(h.spec, forced, h.io).mode == Mode::direct);
  CHECK(h.io.requests.empty());
}

TEST_CASE("topology.mode states the mode and its evidence", "[probes][topology]") {
  Harness h;
  h.spec.topology.mode = Mode::gateway;
  h.spec.topology.mode_decided_by = "auto";
  h.spec.topology.evidence = {"GET http://127.0.0.1:9/health answered HTTP 200, not one of awf's api-proxy shapes"};
  Check c = h.run(check_id::topology_mode);
  CHECK(c.status == Status::pass);
  CHECK(c.summary.rfind("mode gateway (auto)", 0) == 0);
  CHECK(c.evidence["mode"] == "gateway");
  Check p = h.run(check_id::topology_provider);
  CHECK(p.evidence["provider"] == "anthropic");
  CHECK(p.status == Status::pass);
}

// New-user test 13 F7: a route of the judged environment the tool's own rules left out warns, with why;
// one the user left out with --provider does not.
TEST_CASE("topology.provider warns when a route of the judged environment is not judged", "[probes][topology]") {
  for (const char* why : {"openai (OPENAI_BASE_URL): a plain --base-url/--upstream pins the run; add --base-url "
                          "openai=URL --upstream openai=URL to judge it",
                          "copilot (COPILOT_GITHUB_TOKEN): it has no target of its own while other routes' are named "
                          "(it would use awf's built-in base URL); add --base-url copilot=URL to judge it"}) {
    INFO(why);
    Harness h;
    h.spec.topology.mode_decided_by = "auto";
    h.spec.topology.provider_decided_by = "env:ANTHROPIC_BASE_URL";
    h.spec.topology.routes_not_judged = {why};
    Check p = h.run(check_id::topology_provider);
    CHECK(p.status == Status::warn);
    CHECK(p.summary.find(why) != std::string::npos);
    CHECK(p.hint.find("--provider") != std::string::npos);
    h.spec.topology.provider_decided_by = "flag";  // --provider anthropic: on purpose
    CHECK(h.run(check_id::topology_provider).status == Status::pass);
  }
}

TEST_CASE("gateway mode: proxy.forward sends the client's own credential, named not shown", "[probes][topology]") {
  Harness h;
  h.spec.topology.mode = Mode::gateway;
  h.spec.env.vars = {{"ANTHROPIC_API_KEY", "test-gateway-key-0001"}, {"ANTHROPIC_AUTH_TOKEN", "test-oauth-token-0001"}};
  h.io.on_http = [](const HttpRequest&) { return provider_400(); };
  Check c = h.run(check_id::proxy_forward);
  REQUIRE(h.io.requests.size() == 1);
  CHECK(header(h.io.requests[0], "x-api-key") == "test-gateway-key-0001");
  CHECK(header(h.io.requests[0], "authorization") == "Bearer test-oauth-token-0001");  // Claude Code sends both (R06)
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["request"]["credential"] == "client");
  CHECK(c.evidence.dump().find("test-gateway-key-0001") == std::string::npos);
  CHECK(c.evidence["request"]["headers"]["x-api-key"] == "(the client's ANTHROPIC_API_KEY)");
}

TEST_CASE("awf mode: proxy.forward keeps the placeholder", "[probes][topology]") {
  Harness h;
  h.spec.env.vars = {{"ANTHROPIC_API_KEY", "test-real-anthropic-key-0001"}};
  h.io.on_http = [](const HttpRequest&) { return provider_400(); };
  h.run(check_id::proxy_forward);
  REQUIRE(h.io.requests.size() == 1);
  CHECK(header(h.io.requests[0], "x-api-key") == "sk-ant-placeholder-key-for-credential-isolation");
}

TEST_CASE("direct mode: upstream.auth sends the client's request to the provider itself", "[probes][topology]") {
  Harness h;
  h.spec.topology.mode = Mode::direct;
  h.spec.topology.squid_hop = false;
  h.spec.env.vars = {{"ANTHROPIC_API_KEY", "test-direct-key-0001"}};
  SECTION("accepted: pass, the exchange kept for the green rule") {
    h.io.on_http = [](const HttpRequest&) { return provider_400(); };
    Check c = h.run(check_id::upstream_auth);
    REQUIRE(h.io.requests.size() == 1);
    CHECK(h.io.requests[0].url == "https://127.0.0.1:4443/v1/messages");
    CHECK(h.io.requests[0].proxy.empty());
    CHECK(header(h.io.requests[0], "x-api-key") == "test-direct-key-0001");
    CHECK(c.status == Status::pass);
    REQUIRE(c.obs.exchange);
    CHECK(c.obs.exchange->origin == Origin::provider);
  }
  SECTION("rejected: upstream-key-rejected") {
    h.io.on_http = [](const HttpRequest&) {
      return json_answer(401, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})",
                         {{"request-id", "req_011rejected"}});
    };
    Check c = h.run(check_id::upstream_auth);
    CHECK(c.status == Status::fail);
    CHECK(c.fault == FaultId::upstream_key_rejected);
    CHECK(c.summary.find("the client's own credential (ANTHROPIC_API_KEY)") != std::string::npos);
    CHECK(c.summary.find("api-proxy") == std::string::npos);
    CHECK(c.hint.find("awf") == std::string::npos);
  }
  SECTION("no answer: upstream-no-answer (self-written second example: a refused connection)") {
    h.io.on_http = [](const HttpRequest&) {
      HttpResponse r;
      r.error = TransportError::connection_refused;
      return r;
    };
    Check c = h.run(check_id::upstream_auth);
    CHECK(c.status == Status::fail);
    CHECK(c.fault == FaultId::upstream_no_answer);
  }
  SECTION("through the HTTPS proxy when one is on the route") {
    h.spec.topology.squid_hop = true;
    h.io.on_http = [](const HttpRequest&) { return provider_400(); };
    h.run(check_id::upstream_auth);
    REQUIRE(h.io.requests.size() == 1);
    CHECK(h.io.requests[0].proxy == "http://127.0.0.1:8");
  }
}

TEST_CASE("a provider row without a zero-token request leaves the route inconclusive, never pass", "[probes][topology]") {
  Harness h;
  h.spec.topology.provider = ProviderId::gemini;
  Check c = h.run(check_id::proxy_forward);
  CHECK(c.status == Status::error);
  CHECK(c.summary.rfind("inconclusive", 0) == 0);
  CHECK(h.io.requests.empty());
}

TEST_CASE("env.api_key: awf's agent-side rule applies in awf mode only", "[probes][topology][env]") {
  Harness h;
  h.spec.env.vars = {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:9"}, {"ANTHROPIC_API_KEY", "test-gateway-key-0001"}};
  SECTION("unresolved spec: the awf markers decide, a base URL alone does not (rules/agent_credential.hpp)") {
    CHECK(h.run(check_id::env_api_key).status == Status::warn);
    h.spec.env.vars["AWF_CHROOT_ENABLED"] = "true";
    CHECK(h.run(check_id::env_api_key).fault == FaultId::env_api_key_present);
  }
  SECTION("gateway (auto): the key is the client's credential, a warning at most") {
    h.spec.topology.mode = Mode::gateway;
    h.spec.topology.mode_decided_by = "auto";
    Check c = h.run(check_id::env_api_key);
    CHECK(c.status == Status::warn);
    CHECK_FALSE(c.fault);
  }
  SECTION("awf forced: a key in the agent is a leak") {
    h.spec.topology.mode = Mode::awf;
    h.spec.topology.mode_decided_by = "flag";
    CHECK(h.run(check_id::env_api_key).fault == FaultId::env_api_key_present);
  }
}
