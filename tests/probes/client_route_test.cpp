// The credential on the client's route and the words for the hop at the base URL, per topology
// (probes/client_route.hpp; docs/topology.md), on canned answers through the ProbeIo seam. New-user
// test findings F24/F10 (the apiKeyHelper's output outside awf), F7 (another provider's error shape at
// a gateway), F8 (undecided topology, nothing listens), F25 (the base URL is the HTTP proxy).
#include <catch.hpp>

#include "catalog/check_ids.hpp"
#include "probes/client_route.hpp"
#include "support/fake_io.hpp"
#include "support/probe_harness.hpp"

using namespace awf;
using test::FakeIo;
using test::json_answer;

namespace {

using Harness = test::ProbeHarness;

constexpr const char* kHelperKey = "test-gateway-key-0001";
constexpr const char* kAnthropicEmptyBody400 =
    R"({"type":"error","error":{"type":"invalid_request_error","message":"messages: Field required"}})";
constexpr const char* kLiteLlm401 =
    R"({"error":{"message":"Authentication Error, No api key passed in.","type":"auth_error","param":"None","code":"401"}})";

void gateway_mode(Harness& h) {
  h.spec.topology.mode = Mode::gateway;
  h.spec.topology.mode_decided_by = "auto";
}

/// helper.run's result as the runner keeps it: the helper's trimmed output as the route secret.
void helper_printed(Harness& h, const std::string& value) {
  Check run;
  run.id = std::string(check_id::helper_run);
  run.status = Status::pass;
  run.route_secret = value;
  h.done[run.id] = run;
}

std::string header(const HttpRequest& req, const std::string& name) {
  for (const auto& [k, v] : req.headers)
    if (k == name) return v;
  return "";
}

/// A LiteLLM-like gateway: the key it knows -> Anthropic's empty-body 400 with a request id (forwarded),
/// anything else -> its own 401 in OpenAI's error shape.
HttpResponse litellm_like(const HttpRequest& req) {
  if (header(req, "x-api-key") == kHelperKey)
    return json_answer(400, kAnthropicEmptyBody400, {{"request-id", "req_011CGateway0001"}});
  return json_answer(401, kLiteLlm401);
}

}  // namespace

TEST_CASE("route credential: outside awf the apiKeyHelper's output is sent as Claude Code sends it",
          "[probes][client_route][issue5][gateway]") {
  ChainSpec spec;
  spec.topology.mode = Mode::gateway;
  const Provider& p = provider(ProviderId::anthropic);
  RouteCredential only = route_credential(spec, p, std::string(kHelperKey));
  CHECK(only.kind == "client");
  REQUIRE(only.headers.size() == 2);
  CHECK(only.headers[0] == std::pair<std::string, std::string>{"x-api-key", kHelperKey});
  CHECK(only.headers[1] == std::pair<std::string, std::string>{"authorization", std::string("Bearer ") + kHelperKey});
  CHECK(only.vars == std::vector<std::string>{"apiKeyHelper", "apiKeyHelper"});

  // Beside a key variable: x-api-key from the key, Bearer from the helper (the profile's observed row).
  spec.env.vars = {{"ANTHROPIC_API_KEY", "test-real-anthropic-key-0001"}};
  RouteCredential both = route_credential(spec, p, std::string(kHelperKey));
  REQUIRE(both.headers.size() == 2);
  CHECK(both.headers[0].second == "test-real-anthropic-key-0001");
  CHECK(both.headers[1].second == std::string("Bearer ") + kHelperKey);
  CHECK(both.vars == std::vector<std::string>{"ANTHROPIC_API_KEY", "apiKeyHelper"});

  // Without a helper output: the variables alone, as before.
  RouteCredential vars_only = route_credential(spec, p);
  REQUIRE(vars_only.headers.size() == 1);
  CHECK(vars_only.headers[0].first == "x-api-key");

  // In awf mode the sidecar injects the key: the placeholder, whatever the helper printed.
  spec.topology.mode = Mode::awf;
  RouteCredential awf = route_credential(spec, p, std::string(kHelperKey));
  CHECK(awf.kind == "placeholder");
  REQUIRE(awf.headers.size() == 1);
  CHECK(awf.headers[0].second == std::string(current_placeholder(p)));
}

TEST_CASE("gateway keyed by the apiKeyHelper: proxy.forward sends its output and upstream.auth passes in gateway words",
          "[probes][client_route][issue5][gateway]") {
  Harness h;
  gateway_mode(h);
  helper_printed(h, kHelperKey);
  h.io.on_http = litellm_like;
  Check fwd = h.run(check_id::proxy_forward);
  REQUIRE(h.io.requests.size() == 1);
  CHECK(header(h.io.requests[0], "x-api-key") == kHelperKey);
  CHECK(header(h.io.requests[0], "authorization") == std::string("Bearer ") + kHelperKey);
  CHECK(fwd.status == Status::pass);
  CHECK(fwd.evidence["request"]["credential"] == "client");
  CHECK(fwd.evidence["request"]["headers"]["x-api-key"] == "(the client's apiKeyHelper)");
  CHECK(fwd.summary.rfind("the gateway forwarded the request", 0) == 0);
  h.spec.topology.squid_hop = false;  // no sidecar tunnel to read in between
  h.run(check_id::squid_sidecar_tunnel);
  Check auth = h.run(check_id::upstream_auth);
  CHECK(auth.status == Status::pass);
  CHECK(auth.summary.find("the key the client sends to the gateway (apiKeyHelper)") != std::string::npos);
  CHECK(auth.summary.find("api-proxy") == std::string::npos);
}

TEST_CASE("gateway refusing the apiKeyHelper's output: proxy.forward fails as the gateway's own refusal",
          "[probes][client_route][issue5][gateway]") {
  Harness h;
  gateway_mode(h);
  helper_printed(h, "test-wrong-gateway-key-0002");
  h.io.on_http = litellm_like;
  Check fwd = h.run(check_id::proxy_forward);
  CHECK(fwd.status == Status::fail);
  CHECK(fwd.fault == FaultId::proxy_gateway_own_error);
  CHECK(fwd.link == Link::proxy);
  CHECK(fwd.summary.find("api-proxy") == std::string::npos);
  CHECK(fwd.summary.find("401 auth_error") != std::string::npos);
}

TEST_CASE("F7: OpenAI's error shape at a gateway names both readings, never the api-proxy",
          "[probes][client_route][issue5][gateway]") {
  Harness h;
  gateway_mode(h);
  h.io.on_http = [](const HttpRequest&) {
    return json_answer(401, R"({"error":{"message":"Incorrect API key provided: sk-ant-*****0001.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})");
  };
  Check fwd = h.run(check_id::proxy_forward);
  CHECK(fwd.status == Status::fail);
  CHECK(fwd.fault == FaultId::proxy_gateway_own_error);
  REQUIRE(fwd.obs.exchange);
  CHECK(fwd.obs.exchange->other_provider_shape == "openai");
  CHECK(fwd.summary.find("in OpenAI's error shape, not Anthropic's") != std::string::npos);
  CHECK(fwd.summary.find("speaks OpenAI's API") != std::string::npos);
  CHECK(fwd.summary.find("api-proxy") == std::string::npos);
  CHECK(fwd.hint.find("docker logs awf-api-proxy") == std::string::npos);

  // In decided awf mode the same body is the hop's own refusal, as before (the sidecar's link).
  Harness awf;
  awf.spec.topology.mode_decided_by = "auto";
  awf.io.on_http = h.io.on_http;
  CHECK(awf.run(check_id::proxy_forward).fault == FaultId::proxy_own_error);
}

TEST_CASE("F25: a base URL that answers as an HTTP proxy is named, not read as a forwarded request",
          "[probes][client_route][issue5]") {
  auto squid_page = [](const HttpRequest&) {
    HttpResponse r;
    r.status = 400;
    r.body = "<html><body>ERROR: The requested URL could not be retrieved (squid)</body></html>";
    r.headers = {{"server", "squid/6.6"}, {"x-squid-error", "ERR_INVALID_URL 0"}, {"content-type", "text/html"}};
    return r;
  };
  SECTION("the base URL is the proxy's own address") {
    Harness h("http://127.0.0.1:8");  // squid_url is http://127.0.0.1:8
    h.spec.topology.mode_decided_by = "auto";
    h.io.on_http = squid_page;
    Check fwd = h.run(check_id::proxy_forward);
    CHECK(fwd.status == Status::fail);
    CHECK(fwd.fault == FaultId::proxy_base_url_is_http_proxy);
    CHECK(fwd.evidence["base_url_is_proxy_url"] == true);
    CHECK(fwd.summary.find("also the proxy URL") != std::string::npos);
    CHECK(fwd.summary.find("forwarded the request") == std::string::npos);
  }
  SECTION("another address answering with Squid's page for an origin-form request") {
    Harness h;
    h.spec.topology.mode_decided_by = "auto";
    h.io.on_http = squid_page;
    Check fwd = h.run(check_id::proxy_forward);
    CHECK(fwd.fault == FaultId::proxy_base_url_is_http_proxy);
    CHECK(fwd.summary.find("ERR_INVALID_URL") != std::string::npos);
    CHECK_FALSE(fwd.evidence.contains("base_url_is_proxy_url"));
  }
}

TEST_CASE("F8: undecided topology with nothing listening leads with the base URL, not a crashed sidecar",
          "[probes][client_route][issue5]") {
  Harness h;
  h.spec.topology.mode = Mode::awf;
  h.spec.topology.mode_decided_by = "auto";
  h.spec.topology.undecided = true;
  h.io.on_tcp = [](const std::string&, int) {
    TcpResult t;
    t.error = TransportError::connection_refused;
    return t;
  };
  h.io.on_http = [](const HttpRequest&) {
    HttpResponse r;
    r.error = TransportError::connection_refused;
    return r;
  };
  Check tcp = h.run(check_id::proxy_tcp);
  CHECK(tcp.status == Status::fail);
  CHECK(tcp.fault == FaultId::proxy_not_listening);
  CHECK(tcp.summary.find("nothing listens at the base URL") != std::string::npos);
  CHECK(tcp.hint.find("--mode gateway") != std::string::npos);
  CHECK(tcp.hint.find("docker") == std::string::npos);
  Check state = h.run(check_id::proxy_sidecar_state);
  CHECK(state.status == Status::skip);
  CHECK_FALSE(state.fault.has_value());
  CHECK(state.summary.find("undecided") != std::string::npos);

  // Decided awf: the same refusals are the sidecar process gone (unchanged).
  h.spec.topology.undecided = false;
  CHECK(h.run(check_id::proxy_sidecar_state).fault == FaultId::sidecar_process_gone);
}

TEST_CASE("F8: ANTHROPIC_API_KEY only warns when awf was kept for lack of evidence", "[probes][client_route][issue5]") {
  Harness h;
  h.spec.env.vars = {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:9"}, {"ANTHROPIC_API_KEY", "test-real-anthropic-key-0001"}};
  h.spec.env.source = "test";
  h.spec.home = "/nonexistent-home";
  h.spec.topology.mode = Mode::awf;
  h.spec.topology.mode_decided_by = "auto";
  h.spec.topology.undecided = true;
  Check undecided = h.run(check_id::env_api_key);
  CHECK(undecided.status == Status::warn);
  CHECK_FALSE(undecided.fault.has_value());
  h.spec.topology.undecided = false;
  Check awf = h.run(check_id::env_api_key);
  CHECK(awf.status == Status::fail);
}
