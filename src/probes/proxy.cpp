// proxy link: is the api-proxy (the base URL) listening, healthy, and does it forward a real
// request? The probes observe (observe/); rules/proxy_rules.cpp decides. Facts: domain.md §4
// (endpoints, error shapes, startup key validation), §12 (/health green while every proxied
// request is reset).
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "core/json_limits.hpp"
#include "core/probe_io.hpp"
#include "observe/http_exchange.hpp"
#include "probes/probe_util.hpp"
#include "probes/probes.hpp"
#include "probes/client_route.hpp"
#include "probes/sidecar_state.hpp"
#include "rules/check_rules.hpp"

namespace awf {
namespace {



Check tcp_check(const ProbeContext& ctx) {
  Check c;
  UrlParts u = parse_url(ctx.spec.base_url);
  c.evidence["base_url"] = ctx.spec.base_url;
  c.evidence["base_url_origin"] = ctx.spec.origin.count("base_url") ? ctx.spec.origin.at("base_url") : "flag";
  if (!u.ok || (u.scheme != "http" && u.scheme != "https")) {
    c.status = Status::error;
    c.summary = fmt::format("cannot probe the api-proxy: base URL '{}' is not an http(s) URL", ctx.spec.base_url);
    c.hint = hint(HintId::base_url_not_http, route_of(ctx.spec.topology));
    return c;
  }
  c.evidence["host"] = u.host;
  c.evidence["port"] = u.port;
  const auto budget = cap(ctx, 5000);
  TcpResult t = ctx.io().tcp(u.host, u.port, budget);
  c.timing_ms["connect"] = round1(t.connect_ms);
  if (t.error == TransportError::timeout && cut_by_deadline(budget, 5000))
    return deadline_error(ctx, "TCP connect to the api-proxy");
  Exchange e;
  e.sent = {"TCP", authority_of(ctx.spec.base_url), {}, "", ""};
  e.transport = t.connected ? Transport::none : transport_of(t.error);
  e.timing_ms["connect"] = t.connect_ms;
  c.obs.exchange = e;
  if (!t.connected) {
    c.evidence["error"] = to_string(t.error);
    if (!t.message.empty()) c.evidence["message"] = t.message;
  }
  const Topology& topo = ctx.spec.topology;
  apply(c, judge_proxy_tcp(e, authority_of(ctx.spec.base_url), route_of(topo), topo.mode == Mode::awf && !topo.undecided));
  return c;
}

/// The provider whose awf port answered this /health body, when it is not `route`'s (domain facts §1,
/// §4): a per-port service name of another row ("awf-api-proxy-anthropic"), or the management shape
/// (providers / key_validation), which only the management port serves, on a route with a port of its
/// own. "" when the body says nothing about whose port it is.
std::string port_owner(const nlohmann::json& body, const Provider& route) {
  if (!body.is_object()) return "";
  const std::string service = json_str(body, "service");
  for (const Provider& row : providers()) {
    if (row.id == route.id) continue;
    for (std::string_view s : row.health_services)
      if (!service.empty() && service == s) return std::string(row.name);
  }
  const bool management = body.contains("providers") && body["providers"].is_object();
  if (management && route.sidecar_port != awf_facts().management_port)
    for (const Provider& row : providers())
      if (row.sidecar_port == awf_facts().management_port && row.id != route.id) return std::string(row.name);
  return "";
}

Check health_check(const ProbeContext& ctx) {
  Check c;
  HttpRequest req;
  req.url = origin_of(ctx.spec.base_url) + "/health";
  req.timeout = cap(ctx, 5000);
  HttpResponse r = ctx.io().http(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, 5000))
    return deadline_error(ctx, "GET /health");
  c.timing_ms = r.timing_ms;
  c.evidence["url"] = req.url;
  c.evidence["http_status"] = r.got_http_response() ? nlohmann::json(r.status) : nlohmann::json(nullptr);
  Exchange e = observe_http(req, r, route_of(ctx.spec.topology));
  HealthFacts h;
  h.http_status = e.http_status;
  JsonParse parsed = parse_json_bounded(r.body);
  const nlohmann::json& body = parsed.value;
  // A body past the JSON limits (hostile nesting) is named in the evidence and the summary.
  const std::string json_note = parsed.too_deep || parsed.too_large ? " (body: " + parsed.error + ")" : "";
  if (!json_note.empty()) c.evidence["body_json_error"] = parsed.error;
  if (e.complete) {
    h.service = body.is_object() ? json_str(body, "service") : "";
    h.status = body.is_object() ? json_str(body, "status") : "";
    c.evidence["service"] = h.service;
    c.evidence["status"] = h.status;
    h.other_route = port_owner(body, route_of(ctx.spec.topology));
    if (!h.other_route.empty()) c.evidence["port_of"] = h.other_route;
  } else {
    c.evidence["transport_error"] = to_string(r.error);
    if (r.curl_code) c.evidence["curl_code"] = r.curl_code;
    if (!r.error_message.empty()) c.evidence["message"] = r.error_message;
  }
  apply(c, judge_proxy_health(e, h, route_of(ctx.spec.topology)));
  c.summary += json_note;
  if (e.complete) c.evidence["awf_api_proxy"] = h.sidecar;
  if (c.fault == FaultId::proxy_provider_not_configured && body.is_object() && body.contains("error"))
    c.evidence["error"] = body["error"];
  c.obs.exchange = std::move(e);
  c.obs.health = h;
  return c;
}

Check forward_check(const ProbeContext& ctx) {
  Check c;
  // The sidecar's own state already names a cause (a key that crashes it, no credential, gone).
  if (auto skip = skip_when_sidecar_failed(ctx)) return std::move(*skip);
  if (auto skip = skip_unnamed_base_url(ctx.spec, "the minimal request")) return std::move(*skip);
  // The route's zero-token request (domain.md §4 "Startup key validation", §6), from the provider
  // row, with the credential the client sends in this topology (probes/client_route.hpp).
  const Provider& p = route_of(ctx.spec.topology);
  if (p.zero_token_probe.path.empty()) {
    c.status = Status::error;
    c.summary = fmt::format("inconclusive: the provider table has no zero-token request for {} (docs/providers.md), "
                            "so no answer on its route can show the credential accepted",
                            p.display);
    c.evidence["provider"] = std::string(p.name);
    c.evidence["zero_token_probe"] = nullptr;
    return c;
  }
  const RouteCredential cred = route_credential(ctx, p);
  HttpRequest req = zero_token_request(p, ctx.spec.base_url, cred);
  req.timeout = cap(ctx, 15000);
  HttpResponse r = ctx.io().http(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, 15000))
    return deadline_error(ctx, fmt::format("{} {} through the api-proxy", req.method, p.zero_token_probe.path));
  Exchange e = observe_http(req, r, p);
  e.sent.credential_kind = cred.kind;
  // The base URL is the HTTP proxy's own address (ANTHROPIC_BASE_URL = HTTPS_PROXY): whatever answered
  // is the proxy, not an API endpoint (new-user test F25).
  const bool base_is_proxy = !ctx.spec.squid_url.empty() && authority_of(ctx.spec.squid_url) == authority_of(ctx.spec.base_url);
  if (base_is_proxy && e.complete) e.http_proxy_answer = true;
  c.timing_ms = r.timing_ms;
  c.evidence = exchange_evidence(r, e, p);
  c.evidence["request"] = {{"method", req.method}, {"url", req.url}, {"body", req.body},
                           {"headers", shown_headers(req, cred)}, {"credential", cred.kind}};
  if (base_is_proxy) c.evidence["base_url_is_proxy_url"] = true;
  const std::string health(check_id::proxy_health);
  const bool health_green = ctx.done.count(health) && ctx.dep(health).status == Status::pass;
  const Topology& t = ctx.spec.topology;
  const BaseUrlHop hop = t.mode == Mode::awf ? (t.undecided ? BaseUrlHop::unknown : BaseUrlHop::sidecar) : BaseUrlHop::gateway;
  apply(c, judge_proxy_forward(e, health_green, p, hop));
  if (c.fault == FaultId::proxy_gateway_own_error && (e.http_status == 401 || e.http_status == 403)) {
    std::string sent;
    for (const auto& v : cred.vars)
      if (sent.find(v) == std::string::npos) sent += (sent.empty() ? "" : ", ") + v;
    c.summary += sent.empty() ? "; no credential was sent: no key variable is set and no apiKeyHelper printed one"
                              : fmt::format("; the credential sent is the client's own ({})", sent);
  }
  if (base_is_proxy && c.fault == FaultId::proxy_base_url_is_http_proxy)
    c.summary += fmt::format(" (the base URL {} is also the proxy URL)", authority_of(ctx.spec.base_url));
  c.obs.exchange = std::move(e);
  return c;
}

}  // namespace

std::vector<CheckDef> proxy_checks() {
  std::vector<CheckDef> defs;
  defs.push_back(sidecar_state_check());
  defs.push_back({std::string(check_id::proxy_tcp), Link::proxy, "api-proxy accepts TCP connections", {}, tcp_check});
  defs.push_back({std::string(check_id::proxy_health), Link::proxy, "api-proxy /health",
                  {std::string(check_id::proxy_tcp)}, health_check});
  CheckDef fwd{std::string(check_id::proxy_forward), Link::proxy, "api-proxy forwards a minimal request",
               {std::string(check_id::proxy_tcp), std::string(check_id::proxy_health)}, forward_check};
  fwd.runs_after_warn = true;
  fwd.after = {std::string(check_id::proxy_sidecar_state)};
  fwd.after_if = {{std::string(check_id::helper_run), sends_helper_output}};  // the route's credential
  defs.push_back(fwd);
  return defs;
}

}  // namespace awf
