// squid link: the tool's own CONNECT + TLS through Squid (squid.sidecar_tunnel, which does no I/O,
// is a rule: rules/derived_checks.cpp). The probes observe; rules/squid_rules.cpp decides.
// Facts: domain.md §5 (ACL order; since awf v0.27.2 only the sidecar is exempt from the allow-list).
#include <fmt/format.h>

#include "catalog/check_ids.hpp"
#include "core/probe_io.hpp"
#include "observe/http_exchange.hpp"
#include "probes/probe_util.hpp"
#include "probes/probes.hpp"
#include "rules/check_rules.hpp"
#include "rules/derived_checks.hpp"

namespace awf {
namespace {

constexpr long long kTunnelLimitMs = 10000;

const Provider& route() { return provider(ProviderId::anthropic); }

HttpRequest tunnel_request(const ProbeContext& ctx, bool tls) {
  HttpRequest req;
  UrlParts u = parse_url(ctx.spec.upstream_url);
  std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  req.url = fmt::format("{}://{}:{}/", tls ? "https" : "http", host, u.ok ? u.port : 443);
  req.proxy = ctx.spec.squid_url;
  req.tunnel = true;
  req.connect_only = true;
  req.cacert = ctx.spec.cacert;
  req.timeout = cap(ctx, kTunnelLimitMs);
  return req;
}

Check connect_check(const ProbeContext& ctx) {
  Check c;
  HttpRequest req = tunnel_request(ctx, false);
  HttpResponse r = ctx.io().http(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, kTunnelLimitMs))
    return deadline_error(ctx, "CONNECT through Squid");
  const std::string target = authority_of(ctx.spec.upstream_url);
  Exchange e = observe_http(req, r, route());
  e.sent.method = "CONNECT";  // the request itself is libcurl's CONNECT (connect_only)
  e.sent.target = target;
  c.timing_ms = r.timing_ms;
  c.evidence = {{"squid", ctx.spec.squid_url}, {"connect", target}, {"connect_code", r.connect_code}};
  if (!e.squid_error.empty()) c.evidence["squid_error"] = e.squid_error;
  apply(c, judge_tool_connect(e, target, ctx.spec.squid_url, req.timeout.count(), route()));
  if (c.status == Status::fail && r.connect_code == 0) {
    c.evidence["transport_error"] = to_string(r.error);
    if (c.fault == FaultId::squid_unreachable && !r.error_message.empty()) c.evidence["message"] = r.error_message;
  }
  c.obs.exchange = std::move(e);
  return c;
}

Check tls_check(const ProbeContext& ctx) {
  Check c;
  HttpRequest req = tunnel_request(ctx, true);
  HttpResponse r = ctx.io().http(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, kTunnelLimitMs))
    return deadline_error(ctx, "TLS through Squid");
  c.timing_ms = r.timing_ms;
  const std::string target = authority_of(ctx.spec.upstream_url);
  c.evidence = {{"connect", target}, {"cacert", ctx.spec.cacert.empty() ? "system store" : ctx.spec.cacert}};
  Exchange e = observe_http(req, r, route());
  if (r.error != TransportError::none) {
    c.evidence["transport_error"] = to_string(r.error);
    if (!r.error_message.empty()) c.evidence["message"] = r.error_message;
  }
  apply(c, judge_tunnel_tls(e, target, r.error_message, route()));
  c.obs.exchange = std::move(e);
  return c;
}

}  // namespace

std::vector<CheckDef> squid_checks() {
  return {
      sidecar_tunnel_check(),
      {std::string(check_id::squid_connect), Link::squid, "the tool's own CONNECT through Squid", {}, connect_check},
      {std::string(check_id::squid_tls), Link::squid, "TLS to the upstream through Squid",
       {std::string(check_id::squid_connect)}, tls_check},
  };
}

}  // namespace awf
