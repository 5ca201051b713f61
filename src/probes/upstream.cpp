// upstream link: does the provider answer through the tool's own tunnel? (upstream.auth, which
// does no I/O, is a rule: rules/derived_checks.cpp.) Facts: domain.md §6 (keyless models request).
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

constexpr long long kLimitMs = 10000;

const Provider& route() { return provider(ProviderId::anthropic); }

Check reachable_check(const ProbeContext& ctx) {
  const Provider& p = route();
  Check c;
  HttpRequest req;
  req.method = std::string(p.models_probe.method);
  req.url = join_url(origin_of(ctx.spec.upstream_url), std::string(p.models_probe.path));
  req.proxy = ctx.spec.squid_url;
  req.tunnel = true;
  req.cacert = ctx.spec.cacert;
  for (const auto& [name, value] : p.models_probe.headers) req.headers.emplace_back(std::string(name), std::string(value));
  req.timeout = cap(ctx, kLimitMs);
  HttpResponse r = ctx.io().http(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, kLimitMs))
    return deadline_error(ctx, fmt::format("{} {} through Squid", req.method, p.models_probe.path));
  Exchange e = observe_http(req, r, p);
  e.sent.credential_kind = "none";
  c.timing_ms = r.timing_ms;
  c.evidence = exchange_evidence(r, e, p);
  c.evidence["url"] = req.url;
  apply(c, judge_upstream_reachable(e, p));
  c.obs.exchange = std::move(e);
  return c;
}

}  // namespace

std::vector<CheckDef> upstream_checks() {
  return {
      {std::string(check_id::upstream_reachable), Link::upstream,
       fmt::format("the upstream answers as {}", route().display),
       {std::string(check_id::squid_tls)}, reachable_check},
      upstream_auth_check(),
  };
}

}  // namespace awf
