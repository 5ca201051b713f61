// proxy.* probes on canned answers through the ProbeIo seam (no network).
#include <catch.hpp>

#include "catalog/check_ids.hpp"
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
