// proxy link rules: proxy.tcp, proxy.health, proxy.forward (check_rules.hpp).
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "rules/check_rules.hpp"

namespace awf {

void apply(Check& c, const Outcome& o) {
  c.status = o.status;
  c.summary = o.summary;
  c.hint = o.hint;
  if (o.fault) set_fault(c, *o.fault);
}

namespace {

Outcome fail(FaultId f, std::string summary, const Provider& p, const HintArgs& args = {}) {
  return Outcome{Status::fail, f, std::move(summary), hint(f, p, args)};
}

// A gateway's own error (gateway mode: no api-proxy; decisions.md 4, a hop that answers before
// forwarding is the proxy link). In another provider's error shape both readings are named.
Outcome forward_answered_by_gateway(const Exchange& e, const Provider& p) {
  const std::string& msg = e.error_message;
  const std::string answer =
      fmt::format("{} {}{}{}", e.http_status.value_or(0), e.error_type, msg.empty() ? "" : ": ", msg);
  std::string summary;
  if (!e.other_provider_shape.empty()) {
    const Provider* q = provider_named(e.other_provider_shape);
    const std::string other = q ? std::string(q->display) : e.other_provider_shape;
    summary = fmt::format("the base URL answered itself ({}) in {}'s error shape, not {}'s: either the gateway refused "
                          "the request before forwarding it (LiteLLM-style gateways answer their own errors in this "
                          "shape) or the base URL speaks {}'s API, not {}'s",
                          answer, other, p.display, other, p.display);
  } else {
    summary = fmt::format("the gateway at the base URL refused the request itself: {} (no {} request id)", answer,
                          p.display);
  }
  return fail(FaultId::proxy_gateway_own_error, std::move(summary), p);
}

// The answer is the sidecar's own: refused (its guards, provider_not_configured) or its 502.
Outcome forward_answered_by_sidecar(const Exchange& e, const Provider& p) {
  const std::string& msg = e.error_message;
  if (e.http_status == 502 && e.error_type == "Proxy error")
    return {Status::pass, std::nullopt,
            fmt::format("the api-proxy tried the hop behind it and reported 502 Proxy error: {}", msg), ""};
  const bool not_configured =
      e.error_type == "provider_not_configured" ||
      (!p.not_configured_error.empty() && e.error_type.rfind(p.not_configured_error, 0) == 0);
  const FaultId f = not_configured ? FaultId::proxy_provider_not_configured : FaultId::proxy_own_error;
  Outcome o = fail(f, fmt::format("the api-proxy refused the request itself: {} {}{}{}", e.http_status.value_or(0),
                                  e.error_type, msg.empty() ? "" : ": ", msg),
                   p);
  if (f == FaultId::proxy_provider_not_configured)
    o.hint = hint(HintId::forward_not_configured, p);
  return o;
}

}  // namespace

Outcome judge_proxy_tcp(const Exchange& e, const std::string& authority, const Provider& p, bool awf_sidecar) {
  if (e.transport == Transport::none) return {Status::pass, std::nullopt, fmt::format("TCP connect to {} succeeded", authority), ""};
  if (!awf_sidecar) {
    Outcome o = fail(FaultId::proxy_not_listening,
                     fmt::format("{} at {}: nothing listens at the base URL (a client sees error_status: null)",
                                 describe(e.transport), authority),
                     p);
    o.hint = hint(HintId::base_url_not_listening, p);
    return o;
  }
  return fail(FaultId::proxy_not_listening,
              fmt::format("{} at {}: nothing answers at the api-proxy address (a client sees error_status: null)",
                          describe(e.transport), authority),
              p);
}

Outcome judge_proxy_health(const Exchange& e, HealthFacts& h, const Provider& p) {
  const bool names_sidecar = h.service.find("proxy") != std::string::npos;
  if (auto o = judge_protocol_failure(e, Hop::base_url, "GET /health", p)) return *o;
  if (!e.complete) {
    Outcome o = fail(FaultId::proxy_no_response,
                     fmt::format("GET /health got no complete HTTP response ({})", describe(e.transport)), p);
    o.hint = hint(HintId::health_no_answer, p);
    return o;
  }
  const int status = e.http_status.value_or(0);
  if (status == 200 && !h.other_route.empty()) {
    h.sidecar = true;
    return fail(FaultId::proxy_wrong_provider_port,
                fmt::format("GET /health: 200 {}: this is awf's {} port, not the {} route's (port {})",
                            h.service.empty() ? std::string("(no service)") : h.service, h.other_route, p.display,
                            p.sidecar_port),
                p);
  }
  // Only a proxy sends 407 (RFC 9110 §15.5.8), and the api-proxy answers /health itself: a proxy is
  // at the base URL, and the api-proxy is not. (A 407 to a proxied POST can be Squid's, relayed by
  // the sidecar: squid.sidecar_tunnel judges that one.)
  if (status == 407) {
    h.sidecar = false;
    return fail(FaultId::proxy_base_url_wants_proxy_auth,
                fmt::format("GET /health: 407 Proxy Authentication Required{}: a proxy that requires credentials "
                            "answers at the base URL, not the api-proxy",
                            e.squid_error.empty() ? "" : " (" + e.squid_error + ")"),
                p);
  }
  if (status == 200 && names_sidecar) {
    h.sidecar = true;
    return {Status::pass, std::nullopt,
            fmt::format("GET /health: 200 {} ({}); this says nothing about real requests yet", h.status, h.service), ""};
  }
  if (h.status == "not_configured" || status == 503) {
    h.sidecar = names_sidecar;
    return fail(FaultId::proxy_provider_not_configured,
                fmt::format("GET /health: {} {}: the api-proxy has no {} credential", status,
                            h.status.empty() ? "error" : h.status, p.display),
                p);
  }
  h.sidecar = false;
  return {Status::warn, std::nullopt, fmt::format("GET /health: HTTP {} but not awf's api-proxy health answer", status),
          hint(HintId::health_not_sidecar, p)};
}

Outcome judge_proxy_forward(const Exchange& e, bool health_green, const Provider& p, BaseUrlHop hop) {
  if (auto o = judge_protocol_failure(e, Hop::base_url, fmt::format("POST {} {{}}", p.zero_token_probe.path), p))
    return *o;
  if (e.http_proxy_answer)
    return fail(FaultId::proxy_base_url_is_http_proxy,
                fmt::format("POST {} {{}} straight to the base URL was answered as an HTTP proxy answers a request "
                            "that is not for a full URL ({} {}): the base URL is a forward proxy (Squid), not {}; "
                            "nothing was forwarded",
                            p.zero_token_probe.path, e.http_status.value_or(0),
                            e.squid_error.empty() ? e.origin_why : e.squid_error,
                            hop == BaseUrlHop::gateway ? "a gateway" : "awf's api-proxy"),
                p);
  if (!e.complete) {
    const bool dropped = e.transport == Transport::reset || e.transport == Transport::empty_reply;
    const FaultId f = dropped && health_green ? FaultId::proxy_invalid_injected_header : FaultId::proxy_no_response;
    Outcome o = fail(f,
                     fmt::format("POST {} {{}}: {}, no HTTP response from the api-proxy (what {} reports as "
                                 "error_status: null, error: \"unknown\"){}",
                                 p.zero_token_probe.path,
                                 e.transport == Transport::empty_reply ? "connection closed" : describe(e.transport),
                                 p.client, health_green ? "; /health answers 200 meanwhile" : ""),
                     p);
    // A reset is the key-hygiene hint whatever /health said, worded for what was seen; a timeout may
    // be Squid's slow DNS.
    if (dropped) o.hint = health_green ? hint(FaultId::proxy_invalid_injected_header, p)
                                       : hint(HintId::forward_reset_health_unknown, p);
    else if (e.transport == Transport::timeout)
      o.hint = hint(HintId::forward_timeout, p);
    return o;
  }
  // A 407 with no api-proxy confirmed at the base URL (its /health did not pass, or is not part of a
  // gateway or direct topology): nothing relayed it, so the proxy is the base URL itself. Behind a
  // green /health it is Squid's answer relayed by the sidecar (squid.sidecar_tunnel judges it).
  if (e.http_status == 407 && !health_green)
    return fail(FaultId::proxy_base_url_wants_proxy_auth,
                fmt::format("POST {} {{}}: 407 Proxy Authentication Required{} and no api-proxy confirmed at the base "
                            "URL: a proxy that requires credentials answers at the base URL",
                            p.zero_token_probe.path, e.squid_error.empty() ? "" : " (" + e.squid_error + ")"),
                p);
  const char* who = hop == BaseUrlHop::sidecar ? "the api-proxy" : hop == BaseUrlHop::gateway ? "the gateway" : "the hop at the base URL";
  switch (e.origin) {
    case Origin::provider:
      return {Status::pass, std::nullopt,
              fmt::format("{} forwarded the request; {} answered {} {}", who, p.display, e.http_status.value_or(0),
                          e.error_type),
              ""};
    case Origin::squid:
      return {Status::pass, std::nullopt,
              fmt::format("{} forwarded the request; Squid answered {} (squid.sidecar_tunnel, in "
                          "`awf-diag probe squid`, judges the tunnel)",
                          who, e.http_status.value_or(0)),
              ""};
    case Origin::api_proxy:
      if (hop == BaseUrlHop::gateway) return forward_answered_by_gateway(e, p);
      if (hop == BaseUrlHop::unknown && !e.other_provider_shape.empty()) return forward_answered_by_gateway(e, p);
      return forward_answered_by_sidecar(e, p);
    case Origin::none:
    case Origin::unknown: break;
  }
  return fail(FaultId::proxy_unrecognised_answer,
              fmt::format("HTTP {} from something that is neither {}, awf's api-proxy nor Squid ({}): the base URL does "
                          "not lead to the provider, so neither the key nor the tunnel can be verified",
                          e.http_status.value_or(0), p.display, e.origin_why),
              p);
}

}  // namespace awf
