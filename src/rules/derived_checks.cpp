#include "rules/derived_checks.hpp"

#include "catalog/check_ids.hpp"
#include "observe/http_exchange.hpp"
#include "rules/check_rules.hpp"

namespace awf {
namespace {


/// proxy.forward's exchange; an empty one (no HTTP response) when it recorded none.
Exchange forward_exchange(const ProbeContext& ctx) {
  const Check& fwd = ctx.dep(std::string(check_id::proxy_forward));
  return fwd.obs.exchange ? *fwd.obs.exchange : Exchange{};
}

nlohmann::json status_json(const Exchange& e) { return e.http_status ? nlohmann::json(*e.http_status) : nlohmann::json(); }

Check sidecar_tunnel(const ProbeContext& ctx) {
  const Exchange e = forward_exchange(ctx);
  Check c;
  c.evidence = {{"from_check", check_id::proxy_forward}, {"answered_by", to_string(e.origin, route_of(ctx.spec.topology))},
                {"http_status", status_json(e)}};
  if (!e.squid_error.empty()) c.evidence["squid_error"] = e.squid_error;
  if (e.origin == Origin::api_proxy && e.http_status == 502) c.evidence["proxy_message"] = e.error_message;
  apply(c, judge_sidecar_tunnel(e, route_of(ctx.spec.topology)));
  return c;
}

Check upstream_auth(const ProbeContext& ctx) {
  const Exchange e = forward_exchange(ctx);
  Check c;
  c.evidence = {{"from_check", check_id::proxy_forward}, {"http_status", e.http_status.value_or(0)},
                {"error_type", e.error_type}, {"request_id", e.request_id}};
  apply(c, judge_upstream_auth(e, route_of(ctx.spec.topology)));
  return c;
}

}  // namespace

CheckDef sidecar_tunnel_check() {
  return {std::string(check_id::squid_sidecar_tunnel), Link::squid, "the api-proxy's CONNECT through Squid",
          {std::string(check_id::proxy_forward)}, sidecar_tunnel};
}

CheckDef upstream_auth_check() {
  return {std::string(check_id::upstream_auth), Link::upstream,
          "the upstream accepts the route's credential (in awf: the injected key)",
          {std::string(check_id::squid_sidecar_tunnel)}, upstream_auth};
}

}  // namespace awf
