#include "rules/sidecar_rules.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"

namespace awf {
namespace {

Outcome skip(std::string why) { return {Status::skip, std::nullopt, std::move(why), ""}; }

std::string state_summary(const SidecarState& s, const std::string& name) {
  std::string out = fmt::format("management /health: {} {}", s.status.empty() ? "-" : s.status,
                                s.service.empty() ? "" : "(" + s.service + ")");
  if (auto it = s.providers.find(name); it != s.providers.end())
    out += fmt::format("; providers.{} = {}", name, it->second ? "true" : "false");
  if (auto it = s.key_validation.find(name); it != s.key_validation.end())
    out += fmt::format("; key_validation.{} = {}{}", name, it->second.status,
                       it->second.message.empty() ? "" : " (" + it->second.message + ")");
  else if (s.key_validation_complete)
    out += fmt::format("; key_validation {} without a result for {}",
                       *s.key_validation_complete ? "complete" : "not complete", name);
  if (!s.squid_proxy.empty()) out += "; squid_proxy " + s.squid_proxy;
  if (s.total_requests)
    out += fmt::format("; {} requests so far, {} errors", *s.total_requests, s.total_errors.value_or(0));
  return out;
}

}  // namespace

Outcome judge_sidecar_state(const SidecarReading& r, const Provider& p) {
  const Exchange& e = r.management;
  const std::string name(p.name);
  if (!e.complete) {
    if (e.transport == Transport::refused && r.provider_port_refused.value_or(false) && !r.awf_known)
      return skip(fmt::format("the base URL and {} both refuse connections; the topology is undecided (no awf marker, "
                              "nothing answered at the base URL), so this is not read as awf's sidecar having "
                              "crashed: proxy.tcp names what was seen",
                              r.management_url));
    if (e.transport == Transport::refused && r.provider_port_refused.value_or(false))
      return {Status::fail, FaultId::sidecar_process_gone,
              fmt::format("the {} port and the management port ({}) both refuse connections: the api-proxy process "
                          "is not running",
                          p.display, r.management_url),
              hint(FaultId::sidecar_process_gone, p)};
    return skip(fmt::format("no answer at the management URL {} ({}): the sidecar's own state was not read",
                            r.management_url, describe(e.transport)));
  }
  const SidecarState& s = r.state;
  if (!s.awf_shape)
    return skip(fmt::format("{}/health answered HTTP {} but not in awf's management shape: the sidecar's own state "
                            "was not read",
                            r.management_url, e.http_status.value_or(0)));
  const std::string seen = state_summary(s, name);
  const auto kv = s.key_validation.find(name);
  if (kv != s.key_validation.end() && kv->second.status == "network_error") {
    const std::string cls = invalid_char_class(kv->second.message);
    if (!cls.empty())
      return {Status::fail, FaultId::sidecar_key_invalid_character,
              fmt::format("the sidecar's own key validation failed on its injected {} header ({}): the real key "
                          "holds {}; every proxied request would crash the sidecar, so none was sent",
                          p.injected_auth_header, seen, cls),
              hint(FaultId::sidecar_key_invalid_character, p, {{"char_class", cls}})};
  }
  if (auto it = s.providers.find(name); it != s.providers.end() && !it->second) {
    Outcome o{Status::fail, FaultId::proxy_provider_not_configured,
              fmt::format("the sidecar has no {} credential ({})", p.display, seen), ""};
    o.hint = hint(HintId::forward_not_configured, p);
    return o;
  }
  if (kv != s.key_validation.end() && kv->second.status == "auth_rejected")
    return {Status::fail, FaultId::upstream_key_rejected,
            fmt::format("{} rejected the sidecar's real key at its startup validation ({})", p.display, seen),
            hint(FaultId::upstream_key_rejected, p)};
  return {Status::pass, std::nullopt, seen, ""};
}

}  // namespace awf
