// env.base_url, env.api_key, env.auth_token, env.no_proxy: static checks of the environment the
// client runs with (domain.md §2; cases R07, R10, R13): ctx.spec.env overlaid by the settings env
// blocks in precedence order (probes/settings_sources.hpp), so a managed settings `env` that sets a
// credential or the base URL is judged as what the client really uses.
//
// Inside awf (an AWF_* variable, CLAUDE_CODE_API_KEY_HELPER or SQUID_PROXY_HOST is set) a missing base
// URL or a credential in the agent is a fault; outside awf (a direct or gateway setup, cases R04, R06)
// the same facts are how the CLI normally works, so they only warn.
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "net/http.hpp"
#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "probes/agent_side.hpp"
#include "probes/awf_env.hpp"
#include "probes/no_proxy.hpp"
#include "probes/env_settings.hpp"
#include "probes/extra_ca.hpp"
#include "probes/settings_sources.hpp"
#include "probes/probes.hpp"
#include "rules/env_rules.hpp"
#include "rules/route_env_rules.hpp"

namespace awf {
namespace {

using nlohmann::json;
using namespace probe_detail;


json describe_var(const EnvSnapshot& env, const char* name) {
  auto v = env.get(name);
  return v ? describe_secret(*v) : json{{"present", false}};
}

bool set_non_empty(const EnvSnapshot& env, const char* name) {
  auto v = env.get(name);
  return v && !v->empty();
}

SecretVar secret_var(const std::string& name, const std::string& value) {
  return SecretVar{name, value.size(), fingerprint(value), trim_view(value).empty()};
}

/// Another provider's base URL while no variable of the judged provider's families is set: the
/// agent is another provider's client (cases R14, R18).
std::string other_provider_var(const EnvSnapshot& env) {
  for (const auto& [name, value] : env.vars)
    for (auto prefix : claude().env_prefixes)
      if (name.rfind(prefix, 0) == 0) return "";
  for (const auto& p : providers())
    if (p.id != claude().id)
      for (auto name : p.base_url_vars)
        if (set_non_empty(env, std::string(name).c_str())) return std::string(name);
  return "";
}

/// The route's base URL variable: the first of the row's that is set, else its first.
std::string base_url_var_of(const EnvSnapshot& env, const Provider& p) {
  for (std::string_view n : p.base_url_vars)
    if (env.has(std::string(n))) return std::string(n);
  return p.base_url_vars.empty() ? kBaseUrlVar : std::string(p.base_url_vars.front());
}

/// The base URL variable as seen and parsed.
BaseUrlFacts observe_base_url(const EnvSnapshot& env, const Provider& p = claude()) {
  BaseUrlFacts b;
  b.var = base_url_var_of(env, p);
  auto v = env.get(b.var);
  b.set = v.has_value();
  if (!v) return b;
  b.value = *v;
  b.blank = trim_view(*v).empty();
  if (b.blank) return b;
  b.has_scheme = v->find("://") != std::string::npos;
  UrlParts u = parse_url(*v);
  if (!b.has_scheme) {
    u.ok = false;
    u.error = "no scheme (expected http://host:port)";
  }
  b.parsed = u.ok;
  b.parse_error = u.error;
  if (u.ok) {
    b.scheme = u.scheme;
    b.host = u.host;
    b.port = u.port;
    b.explicit_port = u.explicit_port;
    b.path = u.path;
  }
  return b;
}

/// What every env check looks at first: the awf marker and the route's base URL; `names` (plus the
/// base URL variable) are the variables it judges, noted in f.from_settings when a settings block set them.
EnvFacts observe_common(const ClientEnv& client, const Provider& p = claude(), const std::vector<std::string>& names = {}) {
  EnvFacts f;
  f.awf_marker = awf_marker(client.env);
  f.base_url = observe_base_url(client.env, p);
  auto note = [&](const std::string& name) {
    if (auto it = client.from.find(name); it != client.from.end()) f.from_settings[name] = it->second;
  };
  note(f.base_url->var);
  for (const std::string& n : names) note(n);
  return f;
}

/// evidence.from_settings: which judged variables a settings env block set (omitted when none).
void note_sources(Check& c, const EnvFacts& f) {
  if (!f.from_settings.empty()) c.evidence["from_settings"] = f.from_settings;
}

/// The route's variables as the non-Anthropic rules read them (rules/route_env_rules.hpp).
RouteEnvFacts observe_route(const ProbeContext& ctx, const Provider& p, Check& c) {
  const EnvSnapshot& env = ctx.spec.env;
  RouteEnvFacts f;
  f.in_awf = agent_in_awf(ctx);
  const BaseUrlFacts b = observe_base_url(env, p);
  f.base_url_var = b.var;
  f.base_url_set = b.set && !b.blank;
  f.base_url_value = b.value;
  f.base_url_http = b.parsed && (b.scheme == "http" || b.scheme == "https");
  c.evidence["provider"] = std::string(p.name);
  c.evidence["base_url_var"] = b.var;
  c.evidence["value"] = f.base_url_set ? json(b.value) : json(nullptr);
  for (const auto* list : {&p.key_vars, &p.token_vars})
    for (std::string_view n : *list) {
      auto v = env.get(std::string(n));
      c.evidence[std::string(n)] = v ? describe_secret(*v) : json{{"present", false}};
      if (!v || v->empty()) continue;
      RouteCredentialVar rv{std::string(n), v->size(), fingerprint(*v), is_placeholder(trim_view(*v)), true,
                            list == &p.key_vars};
      if (!p.token_shapes.empty()) {
        rv.token_shaped = false;
        for (auto prefix : p.token_shapes) rv.token_shaped = rv.token_shaped || v->rfind(prefix, 0) == 0;
      }
      f.credentials.push_back(std::move(rv));
    }
  if (auto listed = env.get("AWF_ONE_SHOT_TOKENS")) {
    std::string names = "," + *listed + ",";  // "A,B" or "A, B" or "A B"
    for (char& ch : names)
      if (ch == ' ' || ch == '\t') ch = ',';
    for (const auto* list : {&p.key_vars, &p.token_vars})
      for (std::string_view n : *list)
        if (names.find("," + std::string(n) + ",") != std::string::npos) f.one_shot.emplace_back(n);
  }
  if (!f.one_shot.empty()) c.evidence["one_shot_tokens"] = f.one_shot;
  return f;
}

/// env.base_url / env.api_key / env.auth_token on a route other than Anthropic's: the provider row's
/// variables and client behaviours (rules/route_env_rules.hpp); nullopt on Anthropic's route.
std::optional<Check> route_env_check(const ProbeContext& ctx, std::string_view id) {
  const Provider& p = route_of(ctx.spec.topology);
  if (p.id == ProviderId::anthropic) return std::nullopt;
  register_credentials(ctx.spec.env, ctx.secrets);
  Check c;
  const RouteEnvFacts f = observe_route(ctx, p, c);
  if (id == check_id::env_base_url) apply(c, judge_route_base_url(f, p));
  else if (id == check_id::env_api_key) apply(c, judge_route_api_key(f, p));
  else apply(c, judge_route_auth_token(f, p));
  return c;
}

Check env_base_url(const ProbeContext& ctx) {
  if (auto c = route_env_check(ctx, check_id::env_base_url)) return std::move(*c);
  register_credentials(ctx.spec.env, ctx.secrets);
  const ClientEnv client = judged_client_env(ctx.spec, ctx.secrets);
  const EnvSnapshot& env = client.env;
  EnvFacts f = observe_common(client);
  f.awf_topology = awf_topology(ctx);
  f.other_provider_var = other_provider_var(env);
  for (const std::string& name : credential_vars()) f.any_credential = f.any_credential || set_non_empty(env, name.c_str());
  const BaseUrlFacts& b = *f.base_url;
  Check c;
  c.evidence["value"] = b.set ? json(b.value) : json(nullptr);
  c.evidence["awf_marker"] = f.awf_marker.empty() ? json(nullptr) : json(f.awf_marker);
  if (b.set && !b.blank && !b.parsed) c.evidence["error"] = b.parse_error;
  if (b.parsed)
    c.evidence.update(json{{"scheme", b.scheme}, {"host", b.host}, {"port", b.port},
                           {"explicit_port", b.explicit_port}, {"path", b.path}});
  apply(c, judge_env_base_url(f, claude()));
  if (c.status == Status::skip) c.skip_reason = c.summary;
  note_sources(c, f);
  c.obs.env = std::move(f);
  return c;
}

Check env_api_key(const ProbeContext& ctx) {
  if (auto c = route_env_check(ctx, check_id::env_api_key)) return std::move(*c);
  register_credentials(ctx.spec.env, ctx.secrets);
  const ClientEnv client = judged_client_env(ctx.spec, ctx.secrets);
  const EnvSnapshot& env = client.env;
  EnvFacts f = observe_common(client, claude(), key_var_names());
  f.awf_topology = awf_topology(ctx);
  Check c;
  std::vector<std::string> present;
  for (const std::string& name : key_var_names()) {
    c.evidence[name] = describe_var(env, name.c_str());
    if (auto v = env.get(name)) {
      present.push_back(name);
      f.key_vars.push_back(secret_var(name, *v));
    }
  }
  c.evidence["present"] = present;
  apply(c, judge_env_api_key(f, claude()));
  note_sources(c, f);
  c.obs.env = std::move(f);
  return c;
}

TokenKind token_kind(const std::optional<std::string>& v) {
  if (!v) return TokenKind::absent;
  const std::string_view t = trim_view(*v);
  if (t == kPlaceholder) return TokenKind::placeholder;
  if (t == kOldPlaceholder) return TokenKind::old_placeholder;
  if (t.empty()) return TokenKind::empty;
  if (looks_like_real_key(t)) return TokenKind::real_key;
  return TokenKind::other;
}

Check env_auth_token(const ProbeContext& ctx) {
  if (auto c = route_env_check(ctx, check_id::env_auth_token)) return std::move(*c);
  register_credentials(ctx.spec.env, ctx.secrets);
  const ClientEnv client = judged_client_env(ctx.spec, ctx.secrets);
  const EnvSnapshot& env = client.env;
  EnvFacts f = observe_common(client, claude(), {kTokenVar, kOauthVar});
  f.awf_topology = awf_topology(ctx);
  Check c;
  c.evidence[kTokenVar] = describe_var(env, kTokenVar.c_str());
  c.evidence[kOauthVar] = describe_var(env, kOauthVar.c_str());
  std::vector<std::string> sources;
  for (const std::string& name : client_credential_vars())
    if (set_non_empty(env, name.c_str())) sources.push_back(name);
  c.evidence["credential_sources"] = sources;
  c.obs.credentials = CredentialFacts{sources};
  const auto token = env.get(kTokenVar);
  f.token = token_kind(token);
  if (token) f.token_var = secret_var(kTokenVar, *token);
  if (auto oauth = env.get(kOauthVar)) f.oauth_var = secret_var(kOauthVar, *oauth);
  c.evidence["token_kind"] = to_string(*f.token);
  apply(c, judge_env_auth_token(f, claude()));
  note_sources(c, f);
  c.obs.env = std::move(f);
  return c;
}

Check env_no_proxy(const ProbeContext& ctx) {
  register_credentials(ctx.spec.env, ctx.secrets);
  const ClientEnv client = judged_client_env(ctx.spec, ctx.secrets);
  const EnvSnapshot& env = client.env;
  std::vector<std::string> judged;
  for (const auto* list : {&awf_facts().proxy_vars, &awf_facts().no_proxy_vars})
    for (std::string_view name : *list) judged.emplace_back(name);
  EnvFacts f = observe_common(client, route_of(ctx.spec.topology), judged);
  f.awf_topology = awf_topology(ctx);
  Check c;
  const BaseUrlFacts& u = *f.base_url;
  const bool usable = u.set && !u.blank && u.parsed && (u.scheme == "http" || u.scheme == "https");
  if (usable) {
    for (std::string_view name : awf_facts().proxy_vars)
      if (set_non_empty(env, std::string(name).c_str())) f.proxy_vars.emplace_back(name);
    c.evidence.update(json{{"host", u.host}, {"port", u.port}, {"proxy_vars", f.proxy_vars}});
    if (!f.proxy_vars.empty())
      for (std::string_view name : awf_facts().no_proxy_vars) {
        auto v = env.get(name);
        NoProxyMatch m = v ? no_proxy_match(*v, u.host, u.port) : NoProxyMatch{};
        NoProxyList l{std::string(name), v.has_value(), m.matched, m.entry};
        c.evidence[l.name] = {{"set", l.set}, {"matched_entry", l.matched ? json(l.entry) : json(nullptr)}};
        f.no_proxy.push_back(std::move(l));
      }
  }
  apply(c, judge_env_no_proxy(f, route_of(ctx.spec.topology)));
  if (c.status == Status::skip) c.skip_reason = c.summary;
  if (!f.no_proxy.empty()) {
    std::vector<const NoProxyList*> exempting;
    for (const auto& l : f.no_proxy)
      if (l.matched) exempting.push_back(&l);
    c.evidence["variable"] = exempting.empty()       ? json(nullptr)
                             : exempting.size() == 1 ? json(exempting[0]->name)
                                                     : json("NO_PROXY,no_proxy");
    c.evidence["matched_entry"] = exempting.empty() ? json(nullptr) : json(exempting[0]->entry);
  }
  note_sources(c, f);
  c.obs.env = std::move(f);
  return c;
}

CheckDef def(std::string_view id, std::string title, CheckFn fn) {
  return CheckDef{std::string(id), Link::env, std::move(title), {}, std::move(fn)};
}

}  // namespace

std::vector<CheckDef> env_checks() {
  return {def(check_id::env_base_url, fmt::format("{} points at the api-proxy (http(s), no /v1 path)", kBaseUrlVar),
              env_base_url),
          def(check_id::env_api_key, fmt::format("no {} in the agent", fmt::join(key_var_names(), " / ")), env_api_key),
          def(check_id::env_auth_token, fmt::format("{} absent or awf's placeholder", kTokenVar), env_auth_token),
          def(check_id::env_no_proxy, "the base URL's host is exempted by NO_PROXY", env_no_proxy),
          env_settings_check(),
          env_extra_ca_check()};
}

}  // namespace awf
