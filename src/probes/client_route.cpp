#include "probes/client_route.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "catalog/check_ids.hpp"
#include "core/ascii.hpp"
#include "probes/probe_util.hpp"
#include "topology/clients.hpp"

namespace awf {

namespace {

struct SetVar {
  std::string name;   ///< the variable that is set ("" = none)
  std::string value;
};

SetVar first_set(const ChainSpec& spec, const std::vector<std::string_view>& names) {
  for (std::string_view n : names)
    if (auto v = spec.env.get(n); v && !v->empty()) return {std::string(n), *v};
  return {};
}

/// The headers the built-in profile of p's client sends for these sources with a helper configured
/// (domain.md §3; topology/clients.cpp), or nothing when no profile row fits.
std::optional<RouteCredential> helper_route(const Provider& p, const SetVar& key, const SetVar& token,
                                            const SetVar& oauth, const std::string& helper) {
  topology::CredentialSources have;
  have.api_key = !key.name.empty();
  have.auth_token = !token.name.empty();
  have.oauth_token = !oauth.name.empty();
  have.api_key_helper = true;
  // The profile spells each source by the row's first variable ({{ANTHROPIC_API_KEY}}); the value is
  // the first variable of that family that is set.
  std::map<std::string, std::pair<std::string, std::string>> slot;  // placeholder -> (variable, value)
  if (have.api_key && !p.key_vars.empty()) slot[std::string(p.key_vars.front())] = {key.name, key.value};
  if (have.auth_token && !p.token_vars.empty()) slot[std::string(p.token_vars.front())] = {token.name, token.value};
  if (have.oauth_token && !p.oauth_vars.empty()) slot[std::string(p.oauth_vars.front())] = {oauth.name, oauth.value};
  slot["apiKeyHelper"] = {"apiKeyHelper", helper};
  for (const auto& prof : topology::builtin_profiles()) {
    if (prof.provider != p.name) continue;
    for (const auto& row : prof.auth) {
      if (!(row.when == have)) continue;
      RouteCredential rc;
      rc.kind = "client";
      for (const auto& h : row.first) {
        std::string var;
        for (const auto& [ph, vv] : slot)
          if (h.value.find("{{" + ph + "}}") != std::string::npos) var = vv.first;
        std::map<std::string, std::string> values;
        for (const auto& [ph, vv] : slot) values[ph] = vv.second;
        std::string value = topology::fill_placeholders(h.value, values);
        if (var.empty() || value.find("{{") != std::string::npos) return std::nullopt;
        rc.headers.emplace_back(ascii_lower(h.name), std::move(value));
        rc.vars.push_back(std::move(var));
      }
      return rc;
    }
  }
  return std::nullopt;
}

}  // namespace

RouteCredential route_credential(const ChainSpec& spec, const Provider& p, const std::optional<std::string>& helper_output) {
  RouteCredential rc;
  if (!sends_helper_output(spec)) {
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
  const SetVar key = first_set(spec, p.key_vars);
  const SetVar token = first_set(spec, p.token_vars);
  const SetVar oauth = first_set(spec, p.oauth_vars);
  if (helper_output && !helper_output->empty())
    if (auto h = helper_route(p, key, token, oauth, *helper_output)) return std::move(*h);
  const std::string bearer = p.auth_scheme.empty() ? std::string("Bearer") : std::string(p.auth_scheme);
  // A key goes in the provider's key header when it has one (Anthropic: x-api-key), else as a bearer.
  if (!key.name.empty()) {
    const std::string header = p.injected_auth_header.empty() ? std::string("authorization") : std::string(p.injected_auth_header);
    rc.headers.emplace_back(header, header == "authorization" ? bearer + " " + key.value : key.value);
    rc.vars.push_back(key.name);
  }
  const SetVar& tok = token.name.empty() ? oauth : token;
  if (!tok.name.empty()) {
    rc.headers.emplace_back("authorization", bearer + " " + tok.value);
    rc.vars.push_back(tok.name);
  }
  rc.kind = rc.headers.empty() ? "none" : "client";
  return rc;
}

bool sends_helper_output(const ChainSpec& spec) { return spec.topology.mode != Mode::awf; }

std::optional<Check> skip_unnamed_base_url(const ChainSpec& spec, const std::string& what) {
  if (spec.topology.mode == Mode::awf) return std::nullopt;
  auto it = spec.origin.find("base_url");
  if (it != spec.origin.end() && it->second != "default") return std::nullopt;
  Check c;
  c.status = Status::skip;
  c.skip_reason = fmt::format("not sent: {} would carry the client's own credential, and no base URL was named for "
                              "this route (no --base-url, no base URL variable in the judged environment); awf's "
                              "built-in {} is not where a {} client sends it",
                              what, spec.base_url, to_string(spec.topology.mode));
  c.summary = "skipped: " + c.skip_reason;
  return c;
}

RouteCredential route_credential(const ProbeContext& ctx, const Provider& p) {
  std::optional<std::string> helper;
  if (auto it = ctx.done.find(std::string(check_id::helper_run)); it != ctx.done.end()) helper = it->second.route_secret;
  return route_credential(ctx.spec, p, helper);
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

void reword_for_mode(Check& c, const ProbeContext& ctx, const Provider& p) {
  const ChainSpec& spec = ctx.spec;
  if (spec.topology.mode == Mode::awf) return;
  const RouteCredential cred = route_credential(ctx, p);
  std::string vars;
  std::vector<std::string> named;
  for (const auto& v : cred.vars)
    if (std::find(named.begin(), named.end(), v) == named.end()) named.push_back(v);
  for (const auto& v : named) vars += (vars.empty() ? "" : ", ") + v;
  if (vars.empty()) vars = "no credential: no credential variable is set and no apiKeyHelper printed one";
  const std::string what = spec.topology.mode == Mode::direct
                               ? fmt::format("the client's own credential ({})", vars)
                               : fmt::format("the key the client sends to the gateway ({})", vars);
  // Every awf-only name of the judged credential, in the summary and the hint (new-user test 13 F11).
  for (std::string_view from : {std::string_view("the key the api-proxy injected"), std::string_view("the injected key"),
                                std::string_view("the real key held by the api-proxy"),
                                std::string_view("the key held by the api-proxy")})
    for (std::string* text : {&c.summary, &c.hint})
      for (auto at = text->find(from); at != std::string::npos; at = text->find(from, at + what.size()))
        text->replace(at, from.size(), what);
  if (c.fault != FaultId::upstream_key_rejected) return;
  c.hint = spec.topology.mode == Mode::direct
               ? fmt::format("{} rejects {}: it is wrong, revoked or lacks permission. Fix that variable (compare its "
                             "length and fingerprint with a key that works, never the value).",
                             p.display, what)
               : fmt::format("{} rejects {}: check the gateway's own upstream key, or whether it passes the client's "
                             "credential through; compare lengths and fingerprints, never values.",
                             p.display, what);
}

}  // namespace awf
