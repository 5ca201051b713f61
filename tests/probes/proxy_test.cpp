// proxy.* probes on canned answers through the ProbeIo seam (no network).
#include <catch.hpp>

#include "catalog/check_ids.hpp"
#include "observe/http_exchange.hpp"
#include "probes/probes.hpp"
#include "support/fake_io.hpp"
#include "support/probe_harness.hpp"
#include "topology/providers.hpp"

using namespace awf;
using test::FakeIo;
using test::json_answer;

namespace {

using Harness = test::ProbeHarness;

}  // namespace

TEST_CASE("proxy.forward sends the provider row's zero-token request with the placeholder", "[probes][proxy]") {
  Harness h;
  h.io.on_http = [](const HttpRequest&) {
    return json_answer(400, R"({"type":"error","error":{"type":"invalid_request_error","message":"messages: Field required"}})",
                       {{"request-id", "req_011abc"}});
  };
  Check c = h.run(check_id::proxy_forward);
  REQUIRE(h.io.requests.size() == 1);
  const HttpRequest& req = h.io.requests[0];
  CHECK(req.method == "POST");
  CHECK(req.url == "http://127.0.0.1:9/v1/messages");
  CHECK(req.body == "{}");
  REQUIRE(req.headers.size() == 3);
  CHECK(req.headers[0].first == "x-api-key");
  CHECK(req.headers[0].second == std::string(current_placeholder(provider(ProviderId::anthropic))));
  CHECK(c.status == Status::pass);
  REQUIRE(c.obs.exchange);
  CHECK(c.obs.exchange->origin == Origin::provider);
  CHECK(c.obs.exchange->request_id == "req_011abc");
  CHECK(c.obs.exchange->http_status == 400);
  CHECK(c.evidence["answered_by"] == "anthropic");
}

TEST_CASE("proxy.forward: a reset while /health is green names the injected-key fault (R01)", "[probes][proxy]") {
  Harness h;
  h.io.on_http = [](const HttpRequest& req) {
    if (req.url.find("/health") != std::string::npos)
      return json_answer(200, R"({"status":"healthy","service":"awf-api-proxy-anthropic"})");
    HttpResponse r;
    r.error = TransportError::connection_reset;
    return r;
  };
  Check health = h.run(check_id::proxy_health);
  CHECK(health.status == Status::pass);
  REQUIRE(health.obs.health);
  CHECK(health.obs.health->sidecar);
  Check c = h.run(check_id::proxy_forward);
  CHECK(c.status == Status::fail);
  CHECK(c.fault == FaultId::proxy_invalid_injected_header);
  CHECK(c.evidence["fault"] == "proxy-invalid-injected-header");
  CHECK(c.evidence["http_status"].is_null());
  CHECK(c.hint.find("tail -c 1") != std::string::npos);

  // The derived checks read the typed exchange, not evidence.
  h.done[std::string(check_id::proxy_forward)].evidence = nlohmann::json::object();
  Check tunnel = h.run(check_id::squid_sidecar_tunnel);
  CHECK(tunnel.status == Status::warn);
}

TEST_CASE("proxy.tcp and proxy.health on canned answers", "[probes][proxy]") {
  Harness h;
  h.io.on_tcp = [](const std::string& host, int port) {
    CHECK(host == "127.0.0.1");
    CHECK(port == 9);
    TcpResult t;
    t.error = TransportError::connection_refused;
    return t;
  };
  Check tcp = h.run(check_id::proxy_tcp);
  CHECK(tcp.status == Status::fail);
  CHECK(tcp.fault == FaultId::proxy_not_listening);
  h.io.on_http = [](const HttpRequest&) {
    return json_answer(503, R"({"status":"not_configured","service":"awf-api-proxy-anthropic","error":"x"})");
  };
  Check health = h.run(check_id::proxy_health);
  CHECK(health.fault == FaultId::proxy_provider_not_configured);
  CHECK(health.evidence["awf_api_proxy"] == true);
}

TEST_CASE("squid.connect and upstream.auth on canned answers", "[probes][squid]") {
  Harness h;
  h.io.on_http = [](const HttpRequest& req) {
    HttpResponse r;
    CHECK(req.connect_only);
    r.connect_code = 403;
    r.connect_headers = {{"x-squid-error", "ERR_ACCESS_DENIED 0"}};
    r.error = TransportError::proxy_connect;
    return r;
  };
  Check c = h.run(check_id::squid_connect);
  CHECK(c.status == Status::warn);
  CHECK(c.evidence["squid_error"] == "ERR_ACCESS_DENIED 0");

  Check fwd;
  fwd.id = std::string(check_id::proxy_forward);
  fwd.status = Status::pass;
  Exchange e;
  e.http_status = 401;
  e.complete = true;
  e.origin = Origin::provider;
  e.error_type = "authentication_error";
  e.request_id = "req_1";
  fwd.obs.exchange = e;
  h.done[fwd.id] = fwd;
  Check tunnel = h.run(check_id::squid_sidecar_tunnel);
  CHECK(tunnel.status == Status::pass);
  Check auth = h.run(check_id::upstream_auth);
  CHECK(auth.status == Status::fail);
  CHECK(auth.fault == FaultId::upstream_key_rejected);
  CHECK(auth.evidence["request_id"] == "req_1");
}

TEST_CASE("proxy.forward on the OpenAI route: the upstream's 401 shape is OpenAI's, the 404 is the sidecar's",
          "[probes][proxy][issue5]") {
  Harness h;
  h.spec.topology.provider = ProviderId::openai;
  h.spec.topology.provider_decided_by = "flag";
  h.spec.topology.mode_decided_by = "flag";
  SECTION("401 {error:{message,type,code}} through the sidecar: forwarded; upstream.auth names the rejection") {
    h.io.on_http = [](const HttpRequest&) {
      return json_answer(401, R"({"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})",
                         {{"x-request-id", "6f1c1f0e-2a43-4f59-9a39-1c2d3e4f5a6b"}});
    };
    Check c = h.run(check_id::proxy_forward);
    REQUIRE(h.io.requests.size() == 1);
    const HttpRequest& req = h.io.requests[0];
    CHECK(req.url == "http://127.0.0.1:9/responses");
    REQUIRE_FALSE(req.headers.empty());
    CHECK(req.headers[0].first == "authorization");
    CHECK(req.headers[0].second == "Bearer sk-placeholder-for-api-proxy");
    CHECK(c.status == Status::pass);
    CHECK(c.evidence["answered_by"] == "openai");
    h.done[std::string(check_id::squid_sidecar_tunnel)] = Check{};
    Check auth = h.run(check_id::upstream_auth);
    CHECK(auth.status == Status::fail);
    CHECK(auth.fault == FaultId::upstream_key_rejected);
  }
  SECTION("an answer that is no rejection is inconclusive, never a pass (no acceptance answer is known)") {
    h.io.on_http = [](const HttpRequest&) {
      return json_answer(400, R"({"error":{"message":"Missing required parameter: 'model'.","type":"invalid_request_error","param":"model","code":"missing_required_parameter"}})");
    };
    CHECK(h.run(check_id::proxy_forward).status == Status::pass);
    h.done[std::string(check_id::squid_sidecar_tunnel)] = Check{};
    CHECK(h.run(check_id::upstream_auth).status == Status::error);
  }
  SECTION("404 {error: OpenAI proxy not configured} is the sidecar's own (domain section 4)") {
    h.io.on_http = [](const HttpRequest&) {
      return json_answer(404, R"J({"error":"OpenAI proxy not configured (no OPENAI_API_KEY/COPILOT_PROVIDER_API_KEY or OIDC auth)"})J");
    };
    Check c = h.run(check_id::proxy_forward);
    CHECK(c.status == Status::fail);
    CHECK(c.evidence["answered_by"] == "api-proxy");
    CHECK(c.fault == FaultId::proxy_provider_not_configured);
  }
  SECTION("awf's own error objects stay the api-proxy's on the OpenAI route") {
    h.io.on_http = [](const HttpRequest&) {
      return json_answer(403, R"({"error":{"type":"provider_not_configured","message":"m","provider":"openai","port":10000}})");
    };
    Check c = h.run(check_id::proxy_forward);
    CHECK(c.evidence["answered_by"] == "api-proxy");
    CHECK(c.fault == FaultId::proxy_provider_not_configured);
  }
}

TEST_CASE("answer origin on the Copilot route: GitHub's {message, documentation_url} is the provider's",
          "[probes][proxy][issue5]") {
  const Provider& p = provider(ProviderId::copilot);
  HttpRequest req;
  Exchange e = observe_http(req, json_answer(401, R"({"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"})"), p);
  CHECK(e.origin == Origin::provider);
  CHECK(e.error_message == "Bad credentials");
  Exchange own = observe_http(req, json_answer(502, R"({"error":"Proxy error","message":"ECONNRESET"})"), p);
  CHECK(own.origin == Origin::api_proxy);
  // The Anthropic route does not take OpenAI's shape for Anthropic's (a LiteLLM-style gateway's 401, R29).
  Exchange gw = observe_http(req, json_answer(401, R"({"error":{"message":"x","type":"auth_error","code":"401"}})"),
                             provider(ProviderId::anthropic));
  CHECK(gw.origin == Origin::api_proxy);
}
