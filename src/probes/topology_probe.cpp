// The topology stage: resolve_topology (before the run) and the topology.* checks (in the report).
// docs/topology.md says which evidence decides what.
#include "probes/topology_probe.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "core/json_limits.hpp"
#include "observe/sidecar_state.hpp"
#include "probes/probe_util.hpp"

namespace awf {
namespace {

/// True when a /health body is one of awf's shapes (domain.md §4): a per-port service name of any
/// provider row ("awf-api-proxy-anthropic", v0.25.x "anthropic-proxy"), "awf-api-proxy…", or the
/// management shape (providers / key_validation).
bool awf_health_shape(const std::string& body, std::string& service) {
  SidecarState s = parse_sidecar_health(body);
  service = s.service;
  if (s.awf_shape || service.rfind("awf-api-proxy", 0) == 0) return true;
  for (const auto& p : providers())
    if (std::find(p.health_services.begin(), p.health_services.end(), service) != p.health_services.end()) return true;
  return false;
}

BaseUrlAnswer ask_base_health(const ChainSpec& spec, const ProbeIo& io) {
  BaseUrlAnswer a;
  a.asked = true;
  HttpRequest req;
  req.url = origin_of(spec.base_url) + "/health";
  req.timeout = std::chrono::milliseconds(std::max<long long>(1, std::min<long long>(kTopologyHealthCapMs, spec.timeout.count() / 4)));
  HttpResponse r = io.http(req);
  // Only a whole, readable, non-5xx answer is evidence of who is there: a server error, a head that
  // never finishes or a body past the JSON limits says nothing about it (the run then keeps awf).
  if (!r.complete()) {
    a.transport = r.got_http_response() ? fmt::format("HTTP {} that never finished ({})", r.status, to_string(r.error))
                                        : to_string(r.error);
    return a;
  }
  if (r.status >= 500) {
    a.transport = fmt::format("HTTP {}, a server error", r.status);
    return a;
  }
  if (JsonParse parsed = parse_json_bounded(r.body); parsed.too_deep || parsed.too_large) {
    a.transport = fmt::format("HTTP {} with an unreadable body ({})", r.status, parsed.error);
    return a;
  }
  a.http_status = r.status;
  a.awf_sidecar = awf_health_shape(r.body, a.service);
  return a;
}

Check mode_check(const ProbeContext& ctx) {
  const Topology& t = ctx.spec.topology;
  Check c;
  c.status = Status::pass;
  c.evidence = to_json(t);
  const std::string why = t.evidence.empty() ? std::string("no evidence recorded") : t.evidence.back();
  if (t.undecided)
    c.summary = fmt::format("mode awf, by default: {}", why);
  else
    c.summary = fmt::format("mode {} ({}): {}", to_string(t.mode), t.mode_decided_by, why);
  return c;
}

Check provider_check(const ProbeContext& ctx) {
  const Topology& t = ctx.spec.topology;
  const Provider& p = route_of(t);
  Check c;
  c.status = Status::pass;
  c.evidence = {{"provider", std::string(p.name)},
                {"decided_by", t.provider_decided_by},
                {"client", std::string(p.client)},
                {"sidecar_port", p.sidecar_port},
                {"upstream_host", std::string(p.upstream_host)},
                {"zero_token_probe", !p.zero_token_probe.path.empty()}};
  c.evidence["routes"] = t.routes;
  c.evidence["routes_not_judged"] = t.routes_not_judged;
  c.summary = fmt::format("provider {} ({}), {}", p.name, t.provider_decided_by,
                          p.client.empty() ? std::string("client not known") : "client " + std::string(p.client));
  if (t.routes.size() > 1) c.summary += fmt::format("; routes judged in this run: {}", fmt::join(t.routes, ", "));
  if (!t.routes_not_judged.empty())
    c.summary += fmt::format("; also set, not judged in this run: {}", fmt::join(t.routes_not_judged, "; "));
  // A route of the judged environment left out by the tool's own rules (a plain --base-url/--upstream
  // pins the run, or the route has no target of its own) may be the broken one: the run cannot be
  // green about it without saying so (new-user test 13 F7). --provider leaves them out on purpose.
  if (!t.routes_not_judged.empty() && t.provider_decided_by != "flag") {
    c.status = Status::warn;
    c.hint = hint(HintId::routes_not_judged, p);
  }
  return c;
}

}  // namespace

Topology resolve_topology(const ChainSpec& spec, const ChainFlags& flags, const ProbeIo& io) {
  TopologyInputs in;
  in.mode_flag = flags.mode;
  in.provider_flag = flags.provider;
  in.env = &spec.env;
  in.base_url = spec.base_url;
  auto origin = [&](const char* key) { return spec.origin.count(key) ? spec.origin.at(key) : std::string("default"); };
  in.base_url_origin = origin("base_url");
  in.squid_origin = origin("squid_url");
  Topology t = decide_topology(in);
  // Only an open question is worth a request: auto, and nothing in the environment decided it.
  if (t.mode_decided_by == "auto" && t.undecided) {
    in.base_health = ask_base_health(spec, io);
    t = decide_topology(in);
  }
  return t;
}

std::vector<CheckDef> topology_checks() {
  return {
      {std::string(check_id::topology_mode), Link::env, "which chain is judged (awf, gateway or direct)", {}, mode_check},
      {std::string(check_id::topology_provider), Link::env, "which provider's route is judged", {}, provider_check},
  };
}

}  // namespace awf
