// proxy.sidecar_state: the api-proxy's own state from its management port (GET <management>/health,
// domain.md §4), read before any proxied request: key_validation, providers, squid_proxy,
// metrics_summary. When the management port refuses, the provider port (the base URL) is tried too:
// both refusing = the sidecar process is gone. proxy.forward runs after this check and sends nothing
// when it failed (probes/proxy.cpp). The rule is rules/sidecar_rules.cpp.
#include <fmt/format.h>

#include "catalog/check_ids.hpp"
#include "core/probe_io.hpp"
#include "observe/http_exchange.hpp"
#include "probes/probe_util.hpp"
#include "probes/sidecar_state.hpp"
#include "rules/sidecar_rules.hpp"
#include "topology/providers.hpp"

namespace awf {
namespace {



constexpr long long kHealthCapMs = 3000;
constexpr long long kTcpCapMs = 2000;

Check sidecar_state(const ProbeContext& ctx) {
  Check c;
  SidecarReading rd;
  rd.management_url = management_url(ctx.spec);
  rd.awf_known = !ctx.spec.topology.undecided;
  c.evidence["management_url"] = rd.management_url;
  c.evidence["management_url_origin"] = ctx.spec.management_url.empty() ? "default" : "flag";
  HttpRequest req;
  req.url = rd.management_url + "/health";
  req.timeout = cap(ctx, kHealthCapMs);
  HttpResponse r = ctx.io().http(req);
  c.timing_ms = r.timing_ms;
  rd.management = observe_http(req, r, route_of(ctx.spec.topology));
  c.evidence["http_status"] = r.got_http_response() ? nlohmann::json(r.status) : nlohmann::json(nullptr);
  if (!rd.management.complete) {
    c.evidence["transport_error"] = to_string(r.error);
    if (rd.management.transport == Transport::refused) {
      UrlParts u = parse_url(ctx.spec.base_url);
      if (u.ok) {
        TcpResult t = ctx.io().tcp(u.host, u.port, cap(ctx, kTcpCapMs));
        rd.provider_port_refused = !t.connected && t.error == TransportError::connection_refused;
        c.evidence["provider_port"] = {{"authority", authority_of(ctx.spec.base_url)},
                                       {"connected", t.connected},
                                       {"error", t.connected ? "" : to_string(t.error)}};
      }
    }
  } else {
    rd.state = parse_sidecar_health(r.body);
    const SidecarState& s = rd.state;
    c.evidence["awf_management"] = s.awf_shape;
    if (s.awf_shape) {
      c.evidence["status"] = s.status;
      c.evidence["service"] = s.service;
      c.evidence["squid_proxy"] = s.squid_proxy;
      c.evidence["providers"] = s.providers;
      nlohmann::json kv = nlohmann::json::object();
      for (const auto& [name, v] : s.key_validation) kv[name] = {{"status", v.status}, {"message", v.message}};
      c.evidence["key_validation"] = kv;
      if (s.total_requests)
        c.evidence["metrics_summary"] = {{"total_requests", *s.total_requests},
                                         {"total_errors", s.total_errors.value_or(0)}};
    }
  }
  Outcome o = judge_sidecar_state(rd, route_of(ctx.spec.topology));
  apply(c, o);
  if (o.status == Status::skip) c.skip_reason = o.summary;
  c.obs.exchange = rd.management;
  if (rd.state.parsed) c.obs.sidecar = rd.state;
  return c;
}

}  // namespace

std::string management_url(const ChainSpec& spec) {
  if (!spec.management_url.empty()) return origin_of(spec.management_url);
  UrlParts u = parse_url(spec.base_url);
  if (!u.ok) return "";
  const std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  return fmt::format("http://{}:{}", host, awf_facts().management_port);
}

CheckDef sidecar_state_check() {
  return {std::string(check_id::proxy_sidecar_state), Link::proxy,
          "the api-proxy's own state (management /health)", {}, sidecar_state};
}

}  // namespace awf
