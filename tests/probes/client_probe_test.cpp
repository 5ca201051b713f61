// proxy.client_request / upstream.client_request on canned answers through the ProbeIo seam (no
// network): the request the client really sends (Claude Code 2.1.88's profile with the judged
// environment's credentials), the bisection's requests, the fault by who refused, and H1.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "catalog/check_ids.hpp"
#include "probes/client_probe.hpp"
#include "probes/probes.hpp"
#include "rules/chain_facts.hpp"
#include "rules/hypothesis_rules.hpp"
#include "support/fake_io.hpp"
#include "support/probe_harness.hpp"
#include "topology/providers.hpp"

using namespace awf;
using test::FakeIo;

namespace {

struct Harness : test::ProbeHarness {
  Harness() { spec.env.vars["ANTHROPIC_AUTH_TOKEN"] = "sk-ant-placeholder-key-for-credential-isolation"; }
};

std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "(absent)";
}

HttpResponse answer(int status, const std::string& type, const std::string& message, bool provider = true) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"content-type", "application/json"}};
  if (provider) {
    r.headers.push_back({"request-id", "req_011client"});
    r.body = nlohmann::json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}}.dump();
  } else {
    r.body = nlohmann::json{{"error", {{"message", message}, {"type", type}, {"code", std::to_string(status)}}}}.dump();
  }
  return r;
}

HttpResponse accepted() { return answer(400, "invalid_request_error", "max_tokens: Field required"); }

}  // namespace

TEST_CASE("proxy.client_request sends Claude Code 2.1.88's request with a zero-token body", "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest&) { return accepted(); };
  Check c = h.run(check_id::proxy_client_request);
  REQUIRE(h.io.requests.size() == 1);
  const HttpRequest& req = h.io.requests[0];
  CHECK(req.url == "http://127.0.0.1:9/v1/messages?beta=true");
  CHECK(header(req, "Authorization") == "Bearer sk-ant-placeholder-key-for-credential-isolation");
  CHECK(header(req, "anthropic-version") == "2023-06-01");
  CHECK(header(req, "x-app") == "cli");
  CHECK(header(req, "anthropic-beta").find("claude-code-20250219") == 0);
  CHECK(header(req, "accept-encoding") == "(absent)");
  const auto body = nlohmann::json::parse(req.body);
  CHECK_FALSE(body.contains("max_tokens"));  // refused after authentication: nothing billed
  CHECK(body["stream"] == true);
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["client"] == "claude-code 2.1.88");
  CHECK(c.evidence["accepted"] == true);
  CHECK_FALSE(c.evidence.contains("bisection"));
  Check up = h.run(check_id::upstream_client_request);
  CHECK(up.status == Status::pass);
}

TEST_CASE("client_request: the upstream refuses one anthropic-beta value (R22)", "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest& r) {
    if (header(r, "anthropic-beta").find("effort-2025-11-24") != std::string::npos)
      return answer(400, "invalid_request_error",
                    "Unexpected value(s) `effort-2025-11-24` for the `anthropic-beta` header. Please consult our "
                    "documentation at docs.anthropic.com or try again without the header.");
    return accepted();
  };
  Check c = h.run(check_id::proxy_client_request);
  CHECK(c.status == Status::pass);  // relayed: the provider answered
  REQUIRE(c.obs.client);
  CHECK(c.obs.client->element == "the anthropic-beta value `effort-2025-11-24`");
  CHECK(c.evidence["requests"] == static_cast<int>(h.io.requests.size()));
  CHECK(h.io.requests.size() <= static_cast<std::size_t>(kClientProbeMaxRequests));
  for (const auto& r : h.io.requests) CHECK(r.body.find("max_tokens") == std::string::npos);
  Check up = h.run(check_id::upstream_client_request);
  CHECK(up.status == Status::fail);
  CHECK(up.evidence["fault"] == "upstream-beta-header-rejected");
  CHECK(up.summary.find("effort-2025-11-24") != std::string::npos);
  std::vector<Check> all = {c, up};
  const ChainFacts f = derive_facts(all, provider(ProviderId::anthropic));
  const Decision d = decide(HypothesisId::H1, f, provider(ProviderId::anthropic));
  CHECK(d.verdict == Verdict::supported);
  CHECK(d.reason.find("without the anthropic-beta value `effort-2025-11-24`") != std::string::npos);
}

TEST_CASE("client_request: a gateway that authenticates with Authorization first (R29)", "[probes][client]") {
  Harness h;
  h.spec.env.vars["ANTHROPIC_API_KEY"] = "test-gateway-key-0001";
  h.spec.env.vars["ANTHROPIC_AUTH_TOKEN"] = "test-oauth-token-0001";
  h.io.on_http = [](const HttpRequest& r) {
    if (header(r, "Authorization") != "(absent)" || header(r, "x-api-key") != "test-gateway-key-0001")
      return answer(401, "auth_error", "Authentication Error, Unable to find token in cache", false);
    return accepted();
  };
  Check c = h.run(check_id::proxy_client_request);
  CHECK(h.io.requests[0].headers.size() > 10);
  CHECK(header(h.io.requests[0], "x-api-key") == "test-gateway-key-0001");
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "proxy-auth-header-precedence");
  CHECK(c.summary.find("the Authorization header") != std::string::npos);
  CHECK(c.evidence.dump().find("test-gateway-key-0001") == std::string::npos);
  CHECK(c.evidence.dump().find("test-oauth-token-0001") == std::string::npos);
}

TEST_CASE("client_request: the hop refuses the query string", "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest& r) {
    if (r.url.find('?') != std::string::npos) return answer(404, "not_found", "Route not found", false);
    return accepted();
  };
  Check c = h.run(check_id::proxy_client_request);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "proxy-client-element-refused");
  CHECK(c.evidence["bisection"]["element"] == "the query string `?beta=true`");
  CHECK(c.hint.find("the query string `?beta=true`") != std::string::npos);
}

TEST_CASE("client_request: refused like the minimal request is not the client's doing", "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest&) { return answer(401, "authentication_error", "invalid x-api-key"); };
  Check fwd = h.run(check_id::proxy_forward);
  Check c = h.run(check_id::proxy_client_request);
  CHECK(c.status == Status::pass);
  CHECK(c.summary.find("as the minimal one does") != std::string::npos);
  CHECK(h.io.requests.size() == 2);  // the minimal and the client's: the same refusal is not bisected
  Check up = h.run(check_id::upstream_client_request);
  CHECK(up.status == Status::skip);
}

TEST_CASE("client_request: a chain failure (5xx) is not bisected", "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest&) { return answer(502, "Proxy error", "socket hang up", false); };
  Check c = h.run(check_id::proxy_client_request);
  CHECK(h.io.requests.size() == 1);
  CHECK_FALSE(c.evidence.contains("bisection"));
}

TEST_CASE("client_request: a parameter the client never sent is a hop's rewrite, not bisected (R18)",
          "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest&) {
    return answer(400, "invalid_request_error", "Unknown parameter: 'stream_options.include_usage'.");
  };
  Check c = h.run(check_id::proxy_client_request);
  CHECK(h.io.requests.size() == 1);
  CHECK(c.status == Status::pass);
  CHECK(c.summary.find("stream_options") != std::string::npos);
  CHECK(h.run(check_id::upstream_client_request).status == Status::skip);
}

TEST_CASE("client_request: --client codex is another route, no credential source skips", "[probes][client]") {
  Harness h;
  h.spec.client = "codex";
  Check c = h.run(check_id::proxy_client_request);
  CHECK(c.status == Status::skip);
  CHECK(h.io.requests.empty());
  Harness none;
  none.spec.env.vars.clear();
  c = none.run(check_id::proxy_client_request);
  CHECK(c.status == Status::skip);
  CHECK(c.skip_reason.find("no credential headers") != std::string::npos);
}
