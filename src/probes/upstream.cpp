// upstream link: does the provider answer through the tool's own tunnel? (upstream.auth, which
// does no I/O, is a rule: rules/derived_checks.cpp.) Facts: domain.md §6 (keyless models request).
#include <fmt/format.h>

#include "catalog/check_ids.hpp"
#include "catalog/catalog.hpp"
#include "core/probe_io.hpp"
#include "observe/http_exchange.hpp"
#include "probes/client_route.hpp"
#include "probes/probe_util.hpp"
#include "probes/probes.hpp"
#include "rules/check_rules.hpp"
#include "rules/derived_checks.hpp"

namespace awf {
namespace {

constexpr long long kLimitMs = 10000;

Check reachable_check(const ProbeContext& ctx) {
  const Provider& p = route_of(ctx.spec.topology);
  Check c;
  // The row's keyless request; a row without one sends its zero-token request without a credential
  // (any answer the provider produces proves reachability); a row with neither cannot be probed.
  const ProbeRequest& probe = p.models_probe.path.empty() ? p.zero_token_probe : p.models_probe;
  // Say which of the two is missing: advice to pass --upstream is for a run without an origin only.
  if (ctx.spec.upstream_url.empty()) {
    c.status = Status::error;
    c.summary = fmt::format("inconclusive: no upstream origin for {}: the provider table has no upstream host for it "
                            "(docs/providers.md); pass --upstream {}=URL to name the origin",
                            p.display, p.name);
    return c;
  }
  if (probe.path.empty()) {
    c.status = Status::error;
    c.summary = fmt::format("inconclusive: no keyless request is known for {} (docs/providers.md), so whether {} "
                            "answers through Squid is not judged (squid.connect and squid.tls judge the tunnel to it)",
                            p.display, ctx.spec.upstream_url);
    return c;
  }
  HttpRequest req;
  req.method = std::string(probe.method);
  req.url = join_url(origin_of(ctx.spec.upstream_url), std::string(probe.path));
  req.body = std::string(probe.body);
  req.proxy = ctx.spec.squid_url;
  req.tunnel = true;
  req.cacert = ctx.spec.cacert;
  for (const auto& [name, value] : probe.headers) req.headers.emplace_back(std::string(name), std::string(value));
  req.timeout = cap(ctx, kLimitMs);
  HttpResponse r = ctx.io().http(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, kLimitMs))
    return deadline_error(ctx, fmt::format("{} {} through Squid", req.method, probe.path));
  Exchange e = observe_http(req, r, p);
  e.sent.credential_kind = "none";
  c.timing_ms = r.timing_ms;
  c.evidence = exchange_evidence(r, e, p);
  c.evidence["url"] = req.url;
  apply(c, judge_upstream_reachable(e, p));
  c.obs.exchange = std::move(e);
  return c;
}

// Direct mode (docs/topology.md): no hop sits between the client and the provider, so upstream.auth
// sends the route's zero-token request itself, to the upstream (through the HTTPS proxy when one is on
// the route), with the credential the client would send; the same rule judges the answer.
Check direct_auth(const ProbeContext& ctx) {
  const Provider& p = route_of(ctx.spec.topology);
  Check c;
  if (p.zero_token_probe.path.empty()) {
    c.status = Status::error;
    c.summary = fmt::format("inconclusive: the provider table has no zero-token request for {} (docs/providers.md), "
                            "so no answer can show the client's credential accepted",
                            p.display);
    return c;
  }
  const RouteCredential cred = route_credential(ctx, p);
  HttpRequest req = zero_token_request(p, origin_of(ctx.spec.upstream_url), cred);
  if (ctx.spec.topology.squid_hop) {
    req.proxy = ctx.spec.squid_url;
    req.tunnel = true;
  }
  req.cacert = ctx.spec.cacert;
  req.timeout = cap(ctx, 15000);
  HttpResponse r = ctx.io().http(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, 15000))
    return deadline_error(ctx, fmt::format("{} {} to {}", req.method, p.zero_token_probe.path, p.display));
  Exchange e = observe_http(req, r, p);
  e.sent.credential_kind = cred.kind;
  c.timing_ms = r.timing_ms;
  c.evidence = exchange_evidence(r, e, p);
  c.evidence["request"] = {{"method", req.method}, {"url", req.url}, {"body", req.body},
                           {"headers", shown_headers(req, cred)}, {"credential", cred.kind}};
  if (auto o = judge_protocol_failure(e, Hop::upstream, fmt::format("{} {} to {}", req.method, p.zero_token_probe.path,
                                                                    req.url), p)) {
    apply(c, *o);
  } else if (!e.complete) {
    apply(c, {Status::fail, FaultId::upstream_no_answer,
              fmt::format("{} {} to {} (the client's direct route): {}, no HTTP response", req.method,
                          p.zero_token_probe.path, req.url, describe(e.transport)),
              hint(FaultId::upstream_no_answer, p)});
  } else if (e.origin != Origin::provider) {
    apply(c, {Status::fail, FaultId::upstream_not_provider,
              fmt::format("HTTP {} at {} was not produced by {} ({})", e.http_status.value_or(0), req.url, p.display,
                          e.origin_why),
              hint(FaultId::upstream_not_provider, p)});
  } else {
    apply(c, judge_upstream_auth(e, p));
  }
  c.obs.exchange = std::move(e);
  return c;
}

}  // namespace

std::vector<CheckDef> upstream_checks() {
  CheckDef auth = upstream_auth_check();
  auth.run = [derived = auth.run](const ProbeContext& ctx) {
    Check c = ctx.spec.topology.mode == Mode::direct ? direct_auth(ctx) : derived(ctx);
    reword_for_mode(c, ctx, route_of(ctx.spec.topology));
    return c;
  };
  auth.after_if = {{std::string(check_id::helper_run), sends_helper_output}};  // the route's credential
  return {
      {std::string(check_id::upstream_reachable), Link::upstream,
       "the upstream answers as the provider",
       {std::string(check_id::squid_tls)}, reachable_check},
      auth,
  };
}

}  // namespace awf
