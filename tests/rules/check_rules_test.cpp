// Check rules on canned observations: the same Exchange a live probe, a log reader or a capture
// would fill, and the status and fault each gives. Then: observations -> hypotheses.
#include <catch.hpp>

#include "catalog/catalog.hpp"
#include "report/hypotheses.hpp"
#include "rules/check_rules.hpp"

using namespace awf;

namespace {

const Provider& P() { return provider(ProviderId::anthropic); }

Exchange answer(int status, Origin origin, std::string type = "", std::string msg = "") {
  Exchange e;
  e.http_status = status;
  e.complete = true;
  e.origin = origin;
  e.error_type = std::move(type);
  e.error_message = std::move(msg);
  if (origin == Origin::provider) e.request_id = "req_011";
  return e;
}

Exchange dropped(Transport t) {
  Exchange e;
  e.transport = t;
  return e;
}

struct Row {
  const char* name;
  Exchange e;
  Status status;
  std::optional<FaultId> fault;
};

void check_rows(const std::vector<Row>& rows, const std::function<Outcome(const Exchange&)>& judge) {
  for (const auto& r : rows) {
    INFO(r.name);
    Outcome o = judge(r.e);
    CHECK(o.status == r.status);
    CHECK(o.fault == r.fault);
    CHECK_FALSE(o.summary.empty());
    if (o.fault) CHECK_FALSE(o.hint.empty());
  }
}

}  // namespace

TEST_CASE("proxy.forward rule: who answered decides, a reset with /health green is the key-hygiene fault", "[rules]") {
  check_rows(
      {
          {"accepted 400", answer(400, Origin::provider, "invalid_request_error"), Status::pass, std::nullopt},
          {"provider 401 (judged at upstream.auth)", answer(401, Origin::provider, "authentication_error"), Status::pass,
           std::nullopt},
          {"squid relayed", answer(403, Origin::squid), Status::pass, std::nullopt},
          {"sidecar 502 Proxy error", answer(502, Origin::api_proxy, "Proxy error", "ECONNRESET"), Status::pass,
           std::nullopt},
          {"sidecar not configured", answer(403, Origin::api_proxy, "provider_not_configured"), Status::fail,
           FaultId::proxy_provider_not_configured},
          {"sidecar guard", answer(429, Origin::api_proxy, "rate_limit_error"), Status::fail, FaultId::proxy_own_error},
          {"unknown answer", answer(200, Origin::unknown), Status::fail, FaultId::proxy_unrecognised_answer},
          {"reset, health green", dropped(Transport::reset), Status::fail, FaultId::proxy_invalid_injected_header},
          {"empty reply, health green", dropped(Transport::empty_reply), Status::fail,
           FaultId::proxy_invalid_injected_header},
          {"timeout", dropped(Transport::timeout), Status::fail, FaultId::proxy_no_response},
      },
      [](const Exchange& e) { return judge_proxy_forward(e, true, P()); });
  Outcome o = judge_proxy_forward(dropped(Transport::reset), false, P());
  CHECK(o.fault == FaultId::proxy_no_response);  // /health not green: no key-hygiene inference
  CHECK(o.hint.find("trailing newline") != std::string::npos);
  CHECK(o.summary.find("error_status: null") != std::string::npos);
}

TEST_CASE("squid.sidecar_tunnel rule: Squid's refusal relayed by the sidecar, or the sidecar's own 502", "[rules]") {
  auto squid = [](int status, std::string err) {
    Exchange e = answer(status, Origin::squid);
    e.squid_error = std::move(err);
    return e;
  };
  check_rows(
      {
          {"provider answered", answer(400, Origin::provider, "invalid_request_error"), Status::pass, std::nullopt},
          {"403 denied", squid(403, "ERR_ACCESS_DENIED 0"), Status::fail, FaultId::squid_denied_sidecar},
          {"503 DNS", squid(503, "ERR_DNS_FAIL 0"), Status::fail, FaultId::squid_dns_fail},
          {"500 cannot forward (Squid 5.7 DNS)", squid(500, "ERR_CANNOT_FORWARD 0"), Status::fail, FaultId::squid_dns_fail},
          {"503 connect fail", squid(503, "ERR_CONNECT_FAIL 111"), Status::fail, FaultId::squid_upstream_connect_fail},
          {"other squid status", squid(400, ""), Status::fail, FaultId::squid_refused_sidecar},
          {"sidecar 502 names the tunnel", answer(502, Origin::api_proxy, "Proxy error", "connect ECONNREFUSED 1.2.3.4:3128"),
           Status::fail, FaultId::squid_tunnel_failed},
          {"sidecar 502 other socket error", answer(502, Origin::api_proxy, "Proxy error", "socket hang up"), Status::fail,
           FaultId::sidecar_upstream_socket_error},
          {"sidecar 502 untrusted certificate (Node)",
           answer(502, Origin::api_proxy, "Proxy error", "unable to verify the first certificate"), Status::fail,
           FaultId::sidecar_upstream_cert_untrusted},
          {"sidecar 502 self-signed chain",
           answer(502, Origin::api_proxy, "Proxy error", "self-signed certificate in certificate chain"), Status::fail,
           FaultId::sidecar_upstream_cert_untrusted},
          {"no answer", dropped(Transport::reset), Status::warn, std::nullopt},
      },
      [](const Exchange& e) { return judge_sidecar_tunnel(e, P()); });
}

TEST_CASE("squid.connect and squid.tls rules: the tool's own tunnel", "[rules]") {
  auto connect = [](int code, Transport t = Transport::none, bool connected = false, bool squid = true) {
    Exchange e;
    if (code) e.connect_status = code;
    e.connect_by_squid = squid;
    e.transport = t;
    if (connected) e.timing_ms["connect"] = 1.0;
    return e;
  };
  check_rows(
      {
          {"200", connect(200), Status::pass, std::nullopt},
          {"403 from the agent is expected", connect(403), Status::warn, std::nullopt},
          {"403 without Squid's marks", connect(403, Transport::none, false, false), Status::warn, std::nullopt},
          {"503", connect(503), Status::fail, FaultId::squid_upstream_connect_fail},
          {"400", connect(400), Status::fail, FaultId::squid_connect_refused},
          {"timeout after connect", connect(0, Transport::timeout, true), Status::fail, FaultId::squid_connect_timeout},
          {"refused", connect(0, Transport::refused), Status::fail, FaultId::squid_unreachable},
      },
      [](const Exchange& e) { return judge_tool_connect(e, "api.anthropic.com:443", "http://127.0.0.1:1", 10000, P()); });
  check_rows(
      {
          {"tls ok", dropped(Transport::none), Status::pass, std::nullopt},
          {"tls failed", dropped(Transport::tls), Status::fail, FaultId::squid_tls_failed},
          {"dropped", dropped(Transport::reset), Status::fail, FaultId::squid_tunnel_dropped},
      },
      [](const Exchange& e) { return judge_tunnel_tls(e, "api.anthropic.com:443", "", P()); });
}

TEST_CASE("upstream rules: the zero-token answer and the keyless models request", "[rules]") {
  check_rows(
      {
          {"200", answer(200, Origin::provider), Status::pass, std::nullopt},
          {"empty-body 400", answer(400, Origin::provider, "invalid_request_error", "model: Field required"),
           Status::pass, std::nullopt},
          {"400 naming a beta value",
           answer(400, Origin::provider, "invalid_request_error",
                  "Unexpected value(s) `context-1m-2025-08-07` for the `anthropic-beta` header. Please consult our "
                  "documentation at docs.anthropic.com or try again without the header."),
           Status::fail, FaultId::upstream_beta_header_rejected},
          {"400 naming a parameter",
           answer(400, Origin::provider, "invalid_request_error", "Unknown parameter: 'stream_options.include_usage'."),
           Status::fail, FaultId::upstream_parameter_rejected},
          {"400 naming a model", answer(400, Origin::provider, "invalid_request_error", "model: claude-nonexistent-9"),
           Status::fail, FaultId::upstream_model_rejected},
          {"400 naming a path",
           answer(400, Origin::provider, "invalid_request_error", "Invalid URL (POST /v1/chat/completions)"),
           Status::fail, FaultId::upstream_path_rejected},
          // Without the provider's request-id no answer is the provider's (new-user test 13 F5): not judged.
          {"400 naming a path, no request-id",
           answer(400, Origin::unknown, "invalid_request_error", "Invalid URL (POST /v1/chat/completions)"),
           Status::error, std::nullopt},
          {"529 in Anthropic's shape, no request-id", answer(529, Origin::unknown, "overloaded_error", "Overloaded"),
           Status::error, std::nullopt},
          {"429 in Anthropic's shape, no request-id", answer(429, Origin::unknown, "rate_limit_error"), Status::error,
           std::nullopt},
          {"HTML 503, no request-id", answer(503, Origin::unknown), Status::error, std::nullopt},
          {"401, no request-id", answer(401, Origin::unknown, "authentication_error"), Status::error, std::nullopt},
          {"awf's own 429 limiter", answer(429, Origin::api_proxy, "rate_limit_error"), Status::error, std::nullopt},
          {"other 400", answer(400, Origin::provider, "invalid_request_error", "temperature: out of range"),
           Status::warn, std::nullopt},
          {"401", answer(401, Origin::provider, "authentication_error"), Status::fail, FaultId::upstream_key_rejected},
          {"403", answer(403, Origin::provider, "permission_error"), Status::fail, FaultId::upstream_key_rejected},
          {"429", answer(429, Origin::provider, "rate_limit_error"), Status::warn, std::nullopt},
          {"529: the same verdict as 429 (F11)", answer(529, Origin::provider, "overloaded_error", "Overloaded"),
           Status::warn, std::nullopt},
          {"404", answer(404, Origin::provider, "not_found_error"), Status::fail, FaultId::upstream_path_not_found},
          {"404 naming the model (F7)", answer(404, Origin::provider, "not_found_error", "model: claude-sonnet-4-6"),
           Status::fail, FaultId::upstream_model_rejected},
          {"500", answer(500, Origin::provider, "api_error"), Status::fail, FaultId::upstream_error},
      },
      [](const Exchange& e) { return judge_upstream_auth(e, P()); });
  check_rows(
      {
          {"provider", answer(401, Origin::provider, "authentication_error"), Status::pass, std::nullopt},
          {"someone else", answer(200, Origin::unknown), Status::fail, FaultId::upstream_not_provider},
          {"nothing", dropped(Transport::reset), Status::fail, FaultId::upstream_not_provider},
      },
      [](const Exchange& e) { return judge_upstream_reachable(e, P()); });
}

TEST_CASE("proxy.tcp and proxy.health rules", "[rules]") {
  CHECK(judge_proxy_tcp(dropped(Transport::none), "h:1", P()).status == Status::pass);
  CHECK(judge_proxy_tcp(dropped(Transport::refused), "h:1", P()).fault == FaultId::proxy_not_listening);
  HealthFacts h{200, "awf-api-proxy-anthropic", "healthy", false, ""};
  CHECK(judge_proxy_health(answer(200, Origin::unknown), h, P()).status == Status::pass);
  CHECK(h.sidecar);
  HealthFacts nc{503, "awf-api-proxy-anthropic", "not_configured", false, ""};
  CHECK(judge_proxy_health(answer(503, Origin::api_proxy), nc, P()).fault == FaultId::proxy_provider_not_configured);
  CHECK(nc.sidecar);
  HealthFacts other{200, "", "", true, ""};
  CHECK(judge_proxy_health(answer(200, Origin::unknown), other, P()).status == Status::warn);
  // Another provider's awf port at the base URL (issue 5 point 3): named, with the route's port.
  HealthFacts wrong{200, "awf-api-proxy", "healthy", false, "openai"};
  Outcome wp = judge_proxy_health(answer(200, Origin::unknown), wrong, P());
  CHECK(wp.fault == FaultId::proxy_wrong_provider_port);
  CHECK(wp.summary.find("this is awf's openai port, not the Anthropic route's (port 10001)") != std::string::npos);
  CHECK(wp.hint.find("10001") != std::string::npos);
  CHECK_FALSE(other.sidecar);
  HealthFacts none;
  CHECK(judge_proxy_health(dropped(Transport::timeout), none, P()).fault == FaultId::proxy_no_response);
  // Only a proxy sends 407, and the api-proxy answers /health itself: a proxy sits at the base URL.
  HealthFacts proxy;
  Exchange e407 = answer(407, Origin::squid);
  e407.squid_error = "ERR_CACHE_ACCESS_DENIED 0";
  const Outcome o = judge_proxy_health(e407, proxy, P());
  CHECK(o.fault == FaultId::proxy_base_url_wants_proxy_auth);
  CHECK(o.status == Status::fail);
  CHECK(o.summary.find("407 Proxy Authentication Required (ERR_CACHE_ACCESS_DENIED 0)") != std::string::npos);
  CHECK(o.hint.find("HTTPS_PROXY") != std::string::npos);
  CHECK_FALSE(proxy.sidecar);
  // The minimal POST: a 407 with no api-proxy /health passed is the same proxy at the base URL; behind
  // a green /health it is Squid's, relayed by the sidecar (squid.sidecar_tunnel judges it).
  const Outcome fwd = judge_proxy_forward(e407, false, P());
  CHECK(fwd.fault == FaultId::proxy_base_url_wants_proxy_auth);
  CHECK(fwd.summary.find("no api-proxy confirmed at the base URL") != std::string::npos);
  CHECK(judge_proxy_forward(e407, true, P()).status == Status::pass);
}

TEST_CASE("observations -> hypotheses: the seed (R01) read from typed check records", "[rules][hypotheses]") {
  auto mk = [](const char* id, Link l, Status s) {
    Check c;
    c.id = id;
    c.link = l;
    c.status = s;
    c.summary = id;
    return c;
  };
  std::vector<Check> v = {mk("helper.run", Link::helper, Status::pass), mk("env.auth_token", Link::env, Status::pass),
                          mk("proxy.tcp", Link::proxy, Status::pass), mk("proxy.health", Link::proxy, Status::pass),
                          mk("proxy.forward", Link::proxy, Status::fail),
                          mk("squid.sidecar_tunnel", Link::squid, Status::skip),
                          mk("squid.connect", Link::squid, Status::pass)};
  v[1].obs.credentials = CredentialFacts{{"ANTHROPIC_AUTH_TOKEN"}};
  v[3].obs.health = HealthFacts{200, "awf-api-proxy-anthropic", "healthy", true, ""};
  v[4].obs.exchange = dropped(Transport::reset);
  set_fault(v[4], FaultId::proxy_invalid_injected_header);
  auto hs = evaluate_hypotheses(v);
  REQUIRE(hs.size() == 5);
  CHECK(hs[0].verdict == "refuted");
  CHECK(hs[1].verdict == "not-applicable");
  CHECK(hs[2].verdict == "refuted");
  CHECK(hs[3].verdict == "refuted");
  CHECK(hs[3].summary.find("while the tool's own tunnel through the same Squid works") != std::string::npos);
  CHECK(hs[4].id == "proxy-invalid-injected-header");
  CHECK(hs[4].title == info(FaultId::proxy_invalid_injected_header).title);
  CHECK(v[4].evidence["fault"] == "proxy-invalid-injected-header");
}

TEST_CASE("squid.connect: a 403 is named Squid's only with Squid's marks (F17)", "[rules]") {
  Exchange e;
  e.connect_status = 403;
  Outcome o = judge_tool_connect(e, "api.anthropic.com:443", "http://127.0.0.1:1", 10000, P());
  CHECK(o.summary.find("TCP_DENIED") == std::string::npos);
  CHECK(o.summary.find("Squid's marks") != std::string::npos);
  e.connect_by_squid = true;
  o = judge_tool_connect(e, "api.anthropic.com:443", "http://127.0.0.1:1", 10000, P());
  CHECK(o.summary.find("TCP_DENIED") != std::string::npos);
}

TEST_CASE("squid.tls: a CONNECT 200 with content is the server at --squid, not --upstream's scheme (F17)", "[rules]") {
  Exchange e;
  e.connect_status = 200;
  e.transport = Transport::scheme_mismatch_tls_to_plain;
  Outcome o = judge_tunnel_tls(e, "api.anthropic.com:443", "", P());
  CHECK(o.fault == FaultId::upstream_scheme_mismatch);  // no content: the upstream's bytes
  e.connect_with_content = true;
  o = judge_tunnel_tls(e, "api.anthropic.com:443", "", P());
  CHECK(o.fault == FaultId::squid_not_http_proxy);
  CHECK(o.summary.find("--squid, not from --upstream") != std::string::npos);
  CHECK(o.summary.find("change the scheme") == std::string::npos);
}

TEST_CASE("upstream rules: an answer without request-id never names the provider as its origin (new-user 13 F5)",
          "[rules]") {
  for (const Exchange& e : {answer(529, Origin::unknown, "overloaded_error", "Overloaded"),
                            answer(503, Origin::unknown), answer(429, Origin::api_proxy, "rate_limit_error")}) {
    const Outcome o = judge_upstream_auth(e, P());
    INFO(o.summary);
    CHECK(o.status == Status::error);
    CHECK(o.summary.find("Anthropic is busy") == std::string::npos);
    CHECK(o.summary.find("Anthropic answered") == std::string::npos);
    CHECK(o.summary.find("no link is broken") == std::string::npos);
    CHECK(o.summary.find("not from Anthropic") != std::string::npos);
  }
  // The provider's own capacity answer (with its request-id) is still "busy".
  const Outcome busy = judge_upstream_auth(answer(529, Origin::provider, "overloaded_error", "Overloaded"), P());
  CHECK(busy.status == Status::warn);
  CHECK(busy.summary.find("Anthropic is busy") != std::string::npos);
  Exchange event;  // a mid-stream capacity event without request-id
  event.error_type = "overloaded_error";
  event.origin = Origin::unknown;
  const Outcome ev = judge_provider_busy(event, P());
  CHECK(ev.status == Status::error);
  CHECK(ev.summary.find("Anthropic is busy") == std::string::npos);
}
