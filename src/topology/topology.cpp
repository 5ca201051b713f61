// decide_topology and the check applicability table (docs/topology.md). Pure: no I/O.
#include "topology/topology.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/env_snapshot.hpp"
#include "net/http.hpp"

namespace awf {
namespace {

/// The first variable showing an awf agent (AWF_* or one of awf's markers), "" when none.
std::string awf_marker_of(const EnvSnapshot& env) {
  for (const auto& [name, value] : env.vars)
    if (name.rfind("AWF_", 0) == 0) return name;
  for (std::string_view name : awf_facts().markers)
    if (env.has(name)) return std::string(name);
  return "";
}

/// The first variable of a provider row set (non-empty) in env, "" when none.
std::string provider_var_set(const Provider& p, const EnvSnapshot& env) {
  for (const auto* list : {&p.base_url_vars, &p.key_vars, &p.token_vars, &p.oauth_vars})
    for (std::string_view v : *list)
      if (auto val = env.get(v); val && !val->empty()) return std::string(v);
  return "";
}

void decide_provider(const TopologyInputs& in, Topology& t) {
  ProviderChoice c = awf::decide_provider(in.provider_flag, in.env);
  t.provider = c.id;
  t.provider_decided_by = std::move(c.decided_by);
  t.evidence.push_back(std::move(c.evidence));
  if (in.env)
    for (const auto& [id, var] : providers_with_vars(*in.env))
      if (id != t.provider) t.routes_not_judged.push_back(fmt::format("{} ({})", provider(id).name, var));
}

bool is_awf_sidecar_host(const std::string& base_url) {
  UrlParts u = parse_url(base_url);
  return u.ok && (u.host == awf_facts().sidecar_ip || u.host == awf_facts().sidecar_hostname);
}

void decide_mode(const TopologyInputs& in, Topology& t) {
  if (auto m = mode_from_string(in.mode_flag)) {
    t.mode = *m;
    t.mode_decided_by = "flag";
    t.evidence.push_back(fmt::format("--mode {} forces the topology", in.mode_flag));
    return;
  }
  t.mode_decided_by = "auto";
  const Provider& p = route_of(t);
  const std::string marker = in.env ? awf_marker_of(*in.env) : "";
  if (!marker.empty()) {
    t.mode = Mode::awf;
    t.evidence.push_back(fmt::format("{} is set in the judged environment: only an awf agent has it", marker));
    return;
  }
  if (in.base_url_origin == "default" || in.base_url.empty()) {
    t.mode = Mode::direct;
    t.evidence.push_back(fmt::format("no base URL override (no --base-url, no {}): the client talks to {} itself",
                                     p.base_url_vars.empty() ? std::string("base URL variable")
                                                             : std::string(p.base_url_vars.front()),
                                     p.upstream_host.empty() ? std::string("the provider") : std::string(p.upstream_host)));
    return;
  }
  const BaseUrlAnswer& h = in.base_health;
  if (h.asked && h.awf_sidecar) {
    t.mode = Mode::awf;
    t.evidence.push_back(fmt::format("GET {}/health answered HTTP {} with awf's api-proxy shape (service \"{}\")",
                                     in.base_url, h.http_status.value_or(0), h.service));
    return;
  }
  if (is_awf_sidecar_host(in.base_url)) {
    t.mode = Mode::awf;
    t.evidence.push_back(fmt::format("the base URL {} is awf's sidecar address", in.base_url));
    return;
  }
  if (h.asked && h.http_status) {
    t.mode = Mode::gateway;
    t.evidence.push_back(fmt::format("GET {}/health answered HTTP {}{}, not one of awf's api-proxy shapes, and no awf "
                                     "marker is set: something other than awf's sidecar is at the base URL",
                                     in.base_url, *h.http_status,
                                     h.service.empty() ? std::string() : fmt::format(" (service \"{}\")", h.service)));
    return;
  }
  t.mode = Mode::awf;
  t.undecided = true;
  t.evidence.push_back(fmt::format(
      "could not tell awf from a gateway: {} at {}/health and no awf marker is set; judged as awf (the default); "
      "the other reading is --mode gateway",
      h.asked ? (h.transport.empty() ? std::string("no usable answer") : "no usable answer (" + h.transport + ")")
              : std::string("nothing asked"),
      in.base_url));
}

}  // namespace

std::vector<std::pair<ProviderId, std::string>> providers_with_vars(const EnvSnapshot& env) {
  std::vector<std::pair<ProviderId, std::string>> out;
  for (const auto& p : providers())
    if (std::string var = provider_var_set(p, env); !var.empty()) out.emplace_back(p.id, std::move(var));
  return out;
}

ProviderChoice decide_provider(std::string_view provider_flag, const EnvSnapshot* env) {
  ProviderChoice c;
  if (provider_flag != "auto")
    if (const Provider* p = provider_named(provider_flag)) {
      c.id = p->id;
      c.decided_by = "flag";
      c.evidence = fmt::format("--provider {} names the provider", p->name);
      return c;
    }
  if (env)
    for (const auto& p : providers())
      if (std::string var = provider_var_set(p, *env); !var.empty()) {
        c.id = p.id;
        c.decided_by = "env:" + var;
        c.evidence = fmt::format("{} is set in the judged environment: the {} route ({})", var, p.display,
                                 p.client.empty() ? std::string("its client") : std::string(p.client));
        return c;
      }
  c.evidence = "no provider's variables are set in the judged environment: the Anthropic route (the default)";
  return c;
}

std::string to_string(Mode m) {
  switch (m) {
    case Mode::awf: return "awf";
    case Mode::gateway: return "gateway";
    case Mode::direct: return "direct";
  }
  return "awf";
}

std::optional<Mode> mode_from_string(std::string_view s) {
  if (s == "awf") return Mode::awf;
  if (s == "gateway") return Mode::gateway;
  if (s == "direct") return Mode::direct;
  return std::nullopt;
}

const Provider& route_of(const Topology& t) { return provider(t.provider); }

Topology decide_topology(const TopologyInputs& in) {
  Topology t;
  decide_provider(in, t);
  decide_mode(in, t);
  const bool proxy_named = !in.squid_origin.empty() && in.squid_origin != "default";
  t.squid_hop = t.mode == Mode::awf || proxy_named;
  if (t.mode != Mode::awf)
    t.evidence.push_back(proxy_named ? fmt::format("an HTTPS proxy is on the route ({})", in.squid_origin)
                                     : std::string("no HTTPS proxy is set (no --squid, no HTTPS_PROXY): no Squid hop"));
  return t;
}

nlohmann::json to_json(const Topology& t) {
  return {{"mode", to_string(t.mode)},
          {"mode_decided_by", t.mode_decided_by},
          {"provider", std::string(route_of(t).name)},
          {"provider_decided_by", t.provider_decided_by},
          {"routes", t.routes.empty() ? std::vector<std::string>{std::string(route_of(t).name)} : t.routes},
          {"routes_not_judged", t.routes_not_judged},
          {"squid_hop", t.squid_hop},
          {"undecided", t.undecided},
          {"evidence", t.evidence}};
}

std::string describe(const Topology& t) {
  std::string s = fmt::format("topology: {} ({}{}), provider {} ({}), {}", to_string(t.mode), t.mode_decided_by,
                              t.undecided ? ", could not tell" : "", route_of(t).name, t.provider_decided_by,
                              t.squid_hop ? "through Squid" : "no Squid hop");
  if (t.routes.size() > 1) s += fmt::format("; routes judged: {}", fmt::join(t.routes, ", "));
  return s;
}

namespace {

/// One applicability row: a check id (or an id prefix ending in '.') and where it applies.
struct Applies {
  std::string_view id;
  bool awf, gateway, direct;
  bool needs_squid;
  std::string_view why;  ///< the hop the check is about, for the skip reason
};

// docs/topology.md "Which checks apply". Ids not listed apply everywhere (helper.*, env.settings_env,
// env.extra_ca_certs, topology.*, upstream.auth, log.*, capture.*).
constexpr Applies kTable[] = {
    {"env.base_url", true, true, false, false, "no base URL is set in a direct topology"},
    {"env.no_proxy", true, true, false, true, "NO_PROXY matters only with an HTTPS proxy and a base URL"},
    {"proxy.sidecar_state", true, false, false, false, "awf's sidecar management port"},
    {"proxy.health", true, false, false, false, "awf's sidecar /health"},
    {"proxy.tcp", true, true, false, false, "nothing sits between the client and the provider"},
    {"proxy.forward", true, true, false, false, "nothing sits between the client and the provider"},
    {"proxy.stream", true, true, false, false, "nothing sits between the client and the provider"},
    {"proxy.client_request", true, true, false, false, "nothing sits between the client and the provider"},
    {"upstream.client_request", true, true, false, false, "reads the client-shaped request through the base URL"},
    {"squid.sidecar_tunnel", true, false, false, true, "the sidecar's CONNECT through Squid"},
    {"squid.connect", true, true, true, true, "no HTTPS proxy is on the route"},
    {"squid.tls", true, true, true, true, "no HTTPS proxy is on the route"},
    {"upstream.reachable", true, true, true, true, "the keyless request goes through the HTTPS proxy"},
    {"upstream.stream", true, true, false, false, "reads the streaming request through the base URL"},
};

/// Checks of one client's own files and behaviour (Claude Code's apiKeyHelper and settings.json
/// env block; domain §3): part of the route whose provider row names that client only.
struct ClientOnly {
  std::string_view id_prefix;
  std::string_view client;
};
constexpr ClientOnly kClientOnly[] = {{"helper.", "Claude Code"}, {"env.settings_env", "Claude Code"}};

}  // namespace

std::optional<std::string> not_in_topology(std::string_view check_id, const Topology& t) {
  const Provider& p = route_of(t);
  for (const auto& row : kClientOnly)
    if (check_id.rfind(row.id_prefix, 0) == 0 && p.client != row.client)
      return fmt::format("{} (provider: {}): {}'s own configuration, not {}'s", kNotInTopology, p.name, row.client,
                         p.client.empty() ? std::string("this provider's client") : std::string(p.client));
  for (const auto& row : kTable) {
    if (row.id != check_id) continue;
    const bool mode_ok = t.mode == Mode::awf ? row.awf : t.mode == Mode::gateway ? row.gateway : row.direct;
    if (mode_ok && (!row.needs_squid || t.squid_hop)) return std::nullopt;
    return fmt::format("{} (mode: {}{}): {}", kNotInTopology, to_string(t.mode),
                       t.squid_hop ? "" : ", no Squid hop", row.why);
  }
  return std::nullopt;
}

}  // namespace awf
