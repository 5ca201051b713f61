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

/// Anthropic's body shape without its request-id: a hop mimicking the format (new-user test F12).
HttpResponse mimic(int status, const std::string& type, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"content-type", "application/json"}};
  r.body = nlohmann::json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}}.dump();
  return r;
}

Decision h1(const std::vector<Check>& checks) {
  return decide(HypothesisId::H1, derive_facts(checks, provider(ProviderId::anthropic)), provider(ProviderId::anthropic));
}

bool has_model(const HttpRequest& r) { return r.body.find("\"model\"") != std::string::npos; }

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
  h.spec.topology.mode = Mode::gateway;  // the client's own key goes to a gateway; inside awf the placeholder would
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

TEST_CASE("client_request: a 400 naming the model is the model's finding, not the body (F6)", "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest& r) {
    if (has_model(r))
      return answer(400, "invalid_request_error", "model: claude-sonnet-4-6 is not available for this organization");
    return accepted();  // the minimal `{}` is refused for the missing model first
  };
  Check fwd = h.run(check_id::proxy_forward);
  Check c = h.run(check_id::proxy_client_request);
  CHECK(h.io.requests.size() == 2);  // the minimal and the client's: not bisected
  CHECK(c.status == Status::pass);
  CHECK_FALSE(c.evidence.contains("bisection"));
  Check up = h.run(check_id::upstream_client_request);
  CHECK(up.status == Status::fail);
  CHECK(up.evidence["fault"] == "upstream-model-rejected");
  CHECK(up.summary.find("`claude-sonnet-4-6`") != std::string::npos);
  CHECK(up.summary.find("request body") == std::string::npos);
  const Decision d = h1({fwd, c, up});
  CHECK(d.verdict == Verdict::refuted);
  CHECK(d.reason.find("claude-sonnet-4-6") != std::string::npos);
}

TEST_CASE("client_request: Anthropic's unknown-model 404 is the model's finding too (F7)", "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest& r) {
    if (has_model(r)) return answer(404, "not_found_error", "model: claude-sonnet-4-6");
    return accepted();
  };
  Check c = h.run(check_id::proxy_client_request);
  CHECK_FALSE(c.evidence.contains("bisection"));
  Check up = h.run(check_id::upstream_client_request);
  CHECK(up.evidence["fault"] == "upstream-model-rejected");
}

TEST_CASE("client_request: a beta value the client never sent was added by a hop (F6, AWF_ANTHROPIC_AUTO_CACHE)",
          "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest& r) {
    if (has_model(r))
      return answer(400, "invalid_request_error",
                    "Unexpected value(s) `extended-cache-ttl-2025-04-11` for the `anthropic-beta` header.");
    return accepted();
  };
  Check fwd = h.run(check_id::proxy_forward);
  Check c = h.run(check_id::proxy_client_request);
  CHECK(h.io.requests.size() == 2);  // not bisected
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "proxy-beta-value-added");
  CHECK(c.summary.find("never sent") != std::string::npos);
  CHECK(c.hint.find("AWF_ANTHROPIC_AUTO_CACHE") != std::string::npos);
  Check up = h.run(check_id::upstream_client_request);
  CHECK(up.status == Status::skip);
  const Decision d = h1({fwd, c, up});
  CHECK(d.verdict == Verdict::refuted);
  CHECK(d.reason.find("a hop on the way added it") != std::string::npos);
}

TEST_CASE("client_request: one transient refusal names nothing, the re-check is in evidence (F8)", "[probes][client]") {
  Harness h;
  int calls = 0;
  h.io.on_http = [&calls](const HttpRequest&) {
    if (++calls == 1)
      return answer(400, "invalid_request_error",
                    "Unexpected value(s) `claude-code-20250219` for the `anthropic-beta` header.");
    return accepted();
  };
  Check c = h.run(check_id::proxy_client_request);
  CHECK(c.status == Status::warn);
  CHECK_FALSE(c.fault);
  CHECK(c.summary.find("inconclusive") != std::string::npos);
  CHECK(c.summary.find("did not repeat") != std::string::npos);
  REQUIRE(c.obs.client);
  CHECK_FALSE(c.obs.client->element);
  CHECK(c.evidence["bisection"]["confirmed"] == false);
  CHECK(c.evidence["bisection"]["element"].is_null());
  const auto& steps = c.evidence["bisection"]["steps"];
  REQUIRE(steps.size() == 2);
  CHECK(steps[1]["change"] == "control: the client's request unchanged");
  Check up = h.run(check_id::upstream_client_request);
  CHECK(up.status == Status::skip);
  CHECK(h1({c, up}).verdict == Verdict::inconclusive);
}

TEST_CASE("client_request: a refusal repeated on re-check is named (F8)", "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest& r) {
    if (header(r, "x-app") != "(absent)") return answer(403, "permission_error", "x-app not allowed", false);
    return accepted();
  };
  Check c = h.run(check_id::proxy_client_request);
  CHECK(c.evidence["bisection"]["confirmed"] == true);
  CHECK(c.evidence["bisection"]["element"] == "the x-app header");
  const auto& steps = c.evidence["bisection"]["steps"];
  CHECK(steps[steps.size() - 1]["change"] == "confirm: again without the x-app header");
}

TEST_CASE("client_request: Anthropic's shape without a request-id is the hop's refusal (F12)", "[probes][client]") {
  Harness h;
  h.io.on_http = [](const HttpRequest& r) {
    if (header(r, "anthropic-beta").find("claude-code-20250219") != std::string::npos)
      return mimic(400, "invalid_request_error",
                   "Unexpected value(s) `claude-code-20250219` for the `anthropic-beta` header.");
    return accepted();
  };
  Check c = h.run(check_id::proxy_client_request);
  CHECK(c.evidence["answer"]["answered_by"] == "unknown");
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "proxy-client-element-refused");
  CHECK(c.summary.find("from anthropic") == std::string::npos);
  Check up = h.run(check_id::upstream_client_request);
  CHECK(up.status == Status::skip);  // not the upstream link
}

TEST_CASE("client_request: --client codex on the Anthropic route leaves H1 inconclusive (F18)", "[probes][client]") {
  Harness h;
  h.spec.client = "codex";
  h.io.on_http = [](const HttpRequest&) { return accepted(); };
  Check fwd = h.run(check_id::proxy_forward);
  Check c = h.run(check_id::proxy_client_request);
  CHECK(c.status == Status::skip);
  CHECK(h.io.requests.size() == 1);  // the minimal request only
  const Decision d = h1({fwd, c});
  CHECK(d.verdict == Verdict::inconclusive);
  CHECK(d.reason.find("did not apply to this route") != std::string::npos);
  CHECK(d.reason.find("whatever the client sends") == std::string::npos);
}
