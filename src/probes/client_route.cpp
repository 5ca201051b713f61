#include "probes/client_route.hpp"

#include <fmt/format.h>

#include "probes/probe_util.hpp"

namespace awf {

RouteCredential route_credential(const ChainSpec& spec, const Provider& p) {
  RouteCredential rc;
  if (spec.topology.mode == Mode::awf) {
    rc.kind = "placeholder";
    if (!p.injected_auth_header.empty() && !current_placeholder(p).empty()) {
      std::string value(current_placeholder(p));
      if (p.injected_auth_header == "authorization" && !p.auth_scheme.empty())
        value = std::string(p.auth_scheme) + " " + value;  // as the client sends it (Codex: Bearer)
      rc.headers.emplace_back(std::string(p.injected_auth_header), std::move(value));
      rc.vars.emplace_back("");
    }
    return rc;
  }
  auto first_set = [&](const std::vector<std::string_view>& names) -> std::pair<std::string, std::string> {
    for (std::string_view n : names)
      if (auto v = spec.env.get(n); v && !v->empty()) return {std::string(n), *v};
    return {"", ""};
  };
  const std::string bearer = p.auth_scheme.empty() ? std::string("Bearer") : std::string(p.auth_scheme);
  // A key goes in the provider's key header when it has one (Anthropic: x-api-key), else as a bearer.
  if (auto [var, value] = first_set(p.key_vars); !var.empty()) {
    const std::string header = p.injected_auth_header.empty() ? std::string("authorization") : std::string(p.injected_auth_header);
    rc.headers.emplace_back(header, header == "authorization" ? bearer + " " + value : value);
    rc.vars.push_back(var);
  }
  auto token = first_set(p.token_vars);
  if (token.first.empty()) token = first_set(p.oauth_vars);
  if (!token.first.empty()) {
    rc.headers.emplace_back("authorization", bearer + " " + token.second);
    rc.vars.push_back(token.first);
  }
  rc.kind = rc.headers.empty() ? "none" : "client";
  return rc;
}

HttpRequest zero_token_request(const Provider& p, const std::string& base, const RouteCredential& cred) {
  const ProbeRequest& z = p.zero_token_probe;
  HttpRequest req;
  req.method = std::string(z.method);
  req.url = join_url(base, std::string(z.path));
  for (const auto& h : cred.headers) req.headers.push_back(h);
  for (const auto& [name, value] : z.headers) req.headers.emplace_back(std::string(name), std::string(value));
  req.body = std::string(z.body);
  return req;
}

nlohmann::json shown_headers(const HttpRequest& req, const RouteCredential& cred) {
  nlohmann::json shown = nlohmann::json::object();
  for (const auto& [name, value] : req.headers) {
    if (name == "content-type") continue;
    std::string v = value;
    for (std::size_t i = 0; i < cred.headers.size(); ++i)
      if (cred.headers[i].first == name && cred.kind == "client") v = "(the client's " + cred.vars[i] + ")";
    shown[name] = v;
  }
  return shown;
}

void reword_rejection(Check& c, const ChainSpec& spec, const Provider& p) {
  if (spec.topology.mode == Mode::awf || c.fault != FaultId::upstream_key_rejected) return;
  const RouteCredential cred = route_credential(spec, p);
  std::string vars;
  for (const auto& v : cred.vars) vars += (vars.empty() ? "" : ", ") + v;
  if (vars.empty()) vars = "no credential variable is set";
  const std::string what = spec.topology.mode == Mode::direct
                               ? fmt::format("the client's own credential ({})", vars)
                               : fmt::format("the credential the gateway sent on (the client sent {})", vars);
  if (auto at = c.summary.find("the key the api-proxy injected"); at != std::string::npos)
    c.summary.replace(at, std::string("the key the api-proxy injected").size(), what);
  c.hint = spec.topology.mode == Mode::direct
               ? fmt::format("{} rejects {}: it is wrong, revoked or lacks permission. Fix that variable (compare its "
                             "length and fingerprint with a key that works, never the value).",
                             p.display, what)
               : fmt::format("{} rejects {}: check the gateway's own upstream key, or whether it passes the client's "
                             "credential through; compare lengths and fingerprints, never values.",
                             p.display, what);
}

}  // namespace awf
