// env.base_url, env.api_key, env.auth_token, env.no_proxy: static checks of the agent's environment
// (domain.md §2; cases R07, R10, R13). They read ctx.spec.env only.
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
#include "probes/awf_env.hpp"
#include "probes/no_proxy.hpp"
#include "probes/env_settings.hpp"
#include "probes/probes.hpp"

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

std::string secret_shape(const std::string& value) {
  return fmt::format("{} bytes, {}", value.size(), fingerprint(value));
}

/// Another provider's base URL while no variable of the judged provider's families is set: the
/// agent is another provider's client (cases R14, R18), so this base URL is not expected.
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

/// The judged provider's variable families, e.g. "X_*/Y_*".
std::string families() {
  std::string out;
  for (auto prefix : claude().env_prefixes) out += (out.empty() ? "" : "/") + std::string(prefix) + "*";
  return out;
}

/// The base URL when set, parseable and http(s); nullopt otherwise.
std::optional<UrlParts> usable_base_url(const EnvSnapshot& env) {
  auto v = env.get(kBaseUrlVar);
  if (!v || trim_view(*v).empty() || v->find("://") == std::string::npos) return std::nullopt;
  UrlParts u = parse_url(*v);
  if (!u.ok || (u.scheme != "http" && u.scheme != "https")) return std::nullopt;
  return u;
}

Check base_url_missing(Check c, const EnvSnapshot& env, bool was_set) {
  const std::string marker = awf_marker(env);
  const std::string what = kBaseUrlVar + (was_set ? " is set but empty" : " is not set");
  if (std::string other = other_provider_var(env); !other.empty()) {
    c.status = Status::skip;
    c.summary = fmt::format("{}; the agent is set up for another provider ({} is set, no {} variable)", what, other,
                            families());
    c.skip_reason = c.summary;
    return c;
  }
  if (marker.empty()) {
    c.status = Status::warn;
    c.summary = fmt::format("{}: the CLI talks to {} directly (no api-proxy in the path; {} is "
                            "where awf's api-proxy listens)", what, claude().upstream_host, kAwfBaseUrl);
    c.hint = hint(HintId::base_url_outside_awf, claude());
    return c;
  }
  bool no_credential = true;
  for (const std::string& name : credential_vars()) no_credential = no_credential && !set_non_empty(env, name.c_str());
  c.status = Status::fail;
  set_fault(c, FaultId::env_base_url_missing);
  c.summary = fmt::format("{}: the CLI aims at {} itself, and the agent has no route there{}", what,
                          claude().upstream_host, no_credential ? "; with no credential variable either, the CLI refuses to start" : "");
  c.hint = hint(FaultId::env_base_url_missing, claude());
  return c;
}

/// A parsed http(s) base URL: its path decides (the CLI appends /v1/messages itself).
Check judge_path(Check c, const std::string& value, const UrlParts& u) {
  std::string path = u.path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  auto ends_with = [&](std::string_view s) {
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with("/v1") || ends_with("/v1/messages")) {
    const std::string fixed = path.substr(0, path.size() - (ends_with("/v1") ? 3 : 12));
    c.status = Status::fail;
    set_fault(c, FaultId::env_base_url_path);
    c.summary = fmt::format(
        "{}={} ends in {}: the CLI appends /v1/messages itself, so requests go to {}/v1/messages "
        "(/v1/v1/messages, 404)",
        kBaseUrlVar, value, ends_with("/v1") ? "/v1" : "/v1/messages", path);
    c.hint = hint(FaultId::env_base_url_path, claude(),
                  {{"fixed", fmt::format("{}://{}{}{}", u.scheme,
                                         u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host,
                                         u.explicit_port ? fmt::format(":{}", u.port) : "", fixed)}});
    return c;
  }
  if (!path.empty()) {
    c.status = Status::warn;
    c.summary = fmt::format(
        "{}={} has a path ({}): the CLI sends requests to {}/v1/messages; awf's api-proxy "
        "serves /v1/... at the root",
        kBaseUrlVar, value, u.path, path);
    c.hint = hint(HintId::base_url_gateway_path, claude());
    return c;
  }
  c.status = Status::pass;
  c.summary = fmt::format("{}={} ({} to {} port {})", kBaseUrlVar, value, u.scheme, u.host, u.port);
  return c;
}

Check env_base_url(const ProbeContext& ctx) {
  const EnvSnapshot& env = ctx.spec.env;
  register_credentials(env, ctx.secrets);
  Check c;
  auto v = env.get(kBaseUrlVar);
  c.evidence["value"] = v ? json(*v) : json(nullptr);
  const std::string marker = awf_marker(env);
  c.evidence["awf_marker"] = marker.empty() ? json(nullptr) : json(marker);
  if (!v || trim_view(*v).empty()) return base_url_missing(std::move(c), env, v.has_value());

  UrlParts u = parse_url(*v);
  if (v->find("://") == std::string::npos) {
    u.ok = false;
    u.error = "no scheme (expected http://host:port)";
  }
  if (!u.ok) {
    c.status = Status::fail;
    set_fault(c, FaultId::env_base_url_malformed);
    c.evidence["error"] = u.error;
    c.summary = fmt::format("{}={} is not a valid URL: {}", kBaseUrlVar, *v, u.error);
    c.hint = hint(FaultId::env_base_url_malformed, claude());
    return c;
  }
  c.evidence.update(json{{"scheme", u.scheme}, {"host", u.host}, {"port", u.port},
                         {"explicit_port", u.explicit_port}, {"path", u.path}});
  if (u.scheme != "http" && u.scheme != "https") {
    c.status = Status::fail;
    set_fault(c, FaultId::env_base_url_malformed);
    c.summary = fmt::format("{}={} has scheme {}, not http or https", kBaseUrlVar, *v, u.scheme);
    c.hint = hint(HintId::base_url_scheme, claude());
    return c;
  }
  return judge_path(std::move(c), *v, u);
}

/// Whether awf's agent-side rules apply: the run's topology when it was resolved (docs/topology.md:
/// awf mode only), else — a spec nobody resolved — `fallback` (the awf markers of the environment).
bool awf_rules_apply(const ProbeContext& ctx, bool fallback) {
  const Topology& t = ctx.spec.topology;
  return t.mode_decided_by == "default" ? fallback : t.mode == Mode::awf;
}

Check env_api_key(const ProbeContext& ctx) {
  const EnvSnapshot& env = ctx.spec.env;
  register_credentials(env, ctx.secrets);
  Check c;
  std::vector<std::string> present;
  std::string shapes;
  for (const std::string& name : key_var_names()) {
    c.evidence[name] = describe_var(env, name.c_str());
    if (auto v = env.get(name)) {
      present.push_back(name);
      shapes += fmt::format("{}{} ({})", shapes.empty() ? "" : ", ", name, secret_shape(*v));
    }
  }
  c.evidence["present"] = present;
  if (present.empty()) {
    c.status = Status::pass;
    c.summary = fmt::format("{} are absent from the agent", all_keys());
    return c;
  }
  const std::string names = present.size() == 1 ? present[0] : all_keys();
  // awf's pre-flight (domain.md §2) aborts when ANTHROPIC_BASE_URL is set and a key is present: with a
  // base URL or any awf marker this is the agent of an api-proxy chain, where a key is a leak.
  if (awf_rules_apply(ctx, !awf_marker(env).empty() || env.has(kBaseUrlVar))) {
    c.status = Status::fail;
    set_fault(c, FaultId::env_api_key_present);
    c.summary = fmt::format(
        "{} set in the agent: a key in the agent wins in -p mode and bypasses the api-proxy; awf's pre-flight "
        "aborts",
        shapes);
    c.hint = hint(FaultId::env_api_key_present, claude(), {{"names", names}});
    return c;
  }
  c.status = Status::warn;
  c.summary = fmt::format(
      "{} set in the agent: the CLI sends it as {} and it wins in -p mode (inside awf it would bypass "
      "the api-proxy)",
      shapes, claude().injected_auth_header);
  c.hint = hint(HintId::api_key_outside_awf, claude(), {{"names", names}});
  return c;
}

struct Finding {
  Status status = Status::pass;
  std::string summary;
  std::string hint;
  std::optional<FaultId> fault;
};

Finding judge_auth_token(const EnvSnapshot& env, json& ev, bool in_awf) {
  auto v = env.get(kTokenVar);
  if (!v) {
    ev["token_kind"] = "absent";
    return {Status::pass, fmt::format("{} is absent", kTokenVar), "", std::nullopt};
  }
  const std::string_view t = trim_view(*v);
  if (t == kPlaceholder) {
    ev["token_kind"] = "placeholder";
    return {Status::pass, fmt::format("{} is awf's placeholder {}", kTokenVar, kPlaceholder), "", std::nullopt};
  }
  if (t == kOldPlaceholder) {
    ev["token_kind"] = "old-placeholder";
    return {Status::warn,
            fmt::format("{} is the old placeholder {} (awf < v0.25.6, whose sidecar did not trim "
                        "its key: see case R01)",
                        kTokenVar, kOldPlaceholder),
            hint(FaultId::env_old_placeholder, claude()), FaultId::env_old_placeholder};
  }
  if (t.empty()) {
    ev["token_kind"] = "empty";
    return {Status::warn, fmt::format("{} is set but empty", kTokenVar), hint(HintId::token_empty, claude()),
            std::nullopt};
  }
  if (looks_like_real_key(t)) {
    ev["token_kind"] = "real-key";
    return {Status::fail,
            fmt::format("{} holds a real-looking {} credential ({}): a real token leaked "
                        "into the agent",
                        kTokenVar, claude().display, secret_shape(*v)),
            hint(FaultId::env_real_token, claude()),
            FaultId::env_real_token};
  }
  ev["token_kind"] = "other";
  if (in_awf)
    return {Status::fail,
            fmt::format("{} is not awf's placeholder ({}): inside awf any other value is a "
                        "credential leaked into the agent, and awf's pre-flight aborts",
                        kTokenVar, secret_shape(*v)),
            hint(FaultId::env_token_not_placeholder, claude()), FaultId::env_token_not_placeholder};
  return {Status::warn,
          fmt::format("{} is not awf's placeholder ({}): the CLI sends it as Authorization: Bearer", kTokenVar,
                      secret_shape(*v)),
          hint(HintId::token_outside_awf, claude(), {{"api_key_var", key_var_names().front()}}),
          std::nullopt};
}

Finding judge_oauth_token(const EnvSnapshot& env, bool in_awf) {
  auto v = env.get(kOauthVar);
  if (!v) return {};
  if (trim_view(*v).empty())
    return {Status::warn, fmt::format("{} is set but empty", kOauthVar), hint(HintId::oauth_empty, claude()), std::nullopt};
  return {in_awf ? Status::fail : Status::warn,
          fmt::format("{} is set in the agent ({}){}", kOauthVar, secret_shape(*v),
                      in_awf ? ": it must never be in the agent with a real value" : ""),
          hint(FaultId::env_oauth_token_present, claude()),
          in_awf ? std::optional<FaultId>(FaultId::env_oauth_token_present) : std::nullopt};
}

Check env_auth_token(const ProbeContext& ctx) {
  const EnvSnapshot& env = ctx.spec.env;
  register_credentials(env, ctx.secrets);
  Check c;
  const bool in_awf = awf_rules_apply(ctx, !awf_marker(env).empty());
  c.evidence[kTokenVar] = describe_var(env, kTokenVar.c_str());
  c.evidence[kOauthVar] = describe_var(env, kOauthVar.c_str());
  std::vector<std::string> sources;
  for (const std::string& name : client_credential_vars())
    if (set_non_empty(env, name.c_str())) sources.push_back(name);
  c.evidence["credential_sources"] = sources;
  c.obs.credentials = CredentialFacts{sources};

  const Finding token = judge_auth_token(env, c.evidence, in_awf);
  const Finding oauth = judge_oauth_token(env, in_awf);
  const Finding& worst = link_rank(oauth.status) > link_rank(token.status) ? oauth : token;
  c.status = worst.status;
  c.summary = token.summary;
  if (!oauth.summary.empty()) c.summary += "; " + oauth.summary;
  if (c.status != Status::pass) c.hint = worst.hint;
  if (worst.fault) set_fault(c, *worst.fault);
  return c;
}

/// One NO_PROXY-style list as judged for the base URL's host.
struct Judged {
  std::string name;
  bool set = false;
  NoProxyMatch m;
};

/// The verdict once both lists are judged: which exempt the host, which (set) do not.
Check judge_no_proxy(Check c, const std::vector<Judged>& lists, const std::string& host, const std::string& proxy,
                     bool in_awf) {
  std::vector<std::string> exempting, not_exempting;
  for (const auto& j : lists) {
    if (j.m.matched) exempting.push_back(j.name);
    else if (j.set) not_exempting.push_back(j.name);
  }
  if (exempting.empty()) {
    c.status = Status::fail;
    set_fault(c, FaultId::env_no_proxy_host_missing);
    c.evidence["variable"] = nullptr;
    c.evidence["matched_entry"] = nullptr;
    c.summary = fmt::format(
        "{} is not in NO_PROXY{}: Node clients compare the URL host string against NO_PROXY, so requests to {} go "
        "to {} and are denied",
        host, lists[0].set || lists[1].set ? "" : " (neither NO_PROXY nor no_proxy is set)", host,
        in_awf ? fmt::format("Squid ({})", proxy) : fmt::format("the proxy in {}", proxy));
    c.hint = hint(FaultId::env_no_proxy_host_missing, claude(), {{"host", host}});
    return c;
  }
  const Judged& first = lists[0].m.matched ? lists[0] : lists[1];
  c.evidence["variable"] = exempting.size() == 1 ? exempting[0] : "NO_PROXY,no_proxy";
  c.evidence["matched_entry"] = first.m.entry;
  if (!not_exempting.empty()) {
    c.status = Status::warn;
    set_fault(c, FaultId::env_no_proxy_mismatch);
    c.summary = fmt::format(
        "NO_PROXY and no_proxy differ: {} exempts {} (entry {}) but {} does not; a client that reads {} sends "
        "requests to {} through the proxy",
        exempting[0], host, first.m.entry, not_exempting[0], not_exempting[0], host);
    c.hint = hint(FaultId::env_no_proxy_mismatch, claude(), {{"host", host}, {"variable", not_exempting[0]}});
    return c;
  }
  c.status = Status::pass;
  c.summary = fmt::format("{} is exempted from the proxy by {} (entry {})", host,
                          exempting.size() == 1 ? exempting[0] : "NO_PROXY and no_proxy", first.m.entry);
  return c;
}

Check env_no_proxy(const ProbeContext& ctx) {
  const EnvSnapshot& env = ctx.spec.env;
  register_credentials(env, ctx.secrets);
  Check c;
  auto u = usable_base_url(env);
  if (!u) {
    c.status = Status::skip;
    c.summary = fmt::format("{} unset or malformed (see env.base_url)", kBaseUrlVar);
    c.skip_reason = c.summary;
    return c;
  }
  std::vector<std::string> proxies;
  for (std::string_view name : awf_facts().proxy_vars)
    if (set_non_empty(env, std::string(name).c_str())) proxies.emplace_back(name);
  c.evidence.update(json{{"host", u->host}, {"port", u->port}, {"proxy_vars", proxies}});
  if (proxies.empty()) {
    c.status = Status::pass;
    c.summary = "no proxy configured; nothing to bypass";
    return c;
  }
  std::vector<Judged> lists;
  for (std::string_view name : awf_facts().no_proxy_vars) {
    auto v = env.get(name);
    Judged j{std::string(name), v.has_value(), v ? no_proxy_match(*v, u->host, u->port) : NoProxyMatch{}};
    c.evidence[j.name] = {{"set", j.set}, {"matched_entry", j.m.matched ? json(j.m.entry) : json(nullptr)}};
    lists.push_back(j);
  }
  return judge_no_proxy(std::move(c), lists, u->host, proxies[0], awf_rules_apply(ctx, !awf_marker(env).empty()));
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
          env_settings_check()};
}

}  // namespace awf
