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
#include "probes/awf_env.hpp"
#include "probes/no_proxy.hpp"
#include "probes/env_settings.hpp"
#include "probes/probes.hpp"

namespace awf {
namespace {

using nlohmann::json;
using namespace probe_detail;

constexpr const char* kBaseUrlVar = "ANTHROPIC_BASE_URL";

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

/// Another provider's base URL while nothing in the environment is Anthropic's or Claude's: the
/// agent is not Claude Code (cases R14, R18), so the Anthropic base URL is not expected.
std::string other_provider_var(const EnvSnapshot& env) {
  for (const auto& [name, value] : env.vars)
    if (name.rfind("ANTHROPIC_", 0) == 0 || name.rfind("CLAUDE_", 0) == 0) return "";
  for (const char* name : {"OPENAI_BASE_URL", "COPILOT_API_URL", "COPILOT_PROVIDER_BASE_URL", "GEMINI_API_BASE_URL",
                           "GOOGLE_GEMINI_BASE_URL"})
    if (set_non_empty(env, name)) return name;
  return "";
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
  const std::string what = was_set ? "ANTHROPIC_BASE_URL is set but empty" : "ANTHROPIC_BASE_URL is not set";
  if (std::string other = other_provider_var(env); !other.empty()) {
    c.status = Status::skip;
    c.summary = fmt::format("{}; the agent is set up for another provider ({} is set, no ANTHROPIC_*/CLAUDE_* "
                            "variable)", what, other);
    c.skip_reason = c.summary;
    return c;
  }
  if (marker.empty()) {
    c.status = Status::warn;
    c.summary = fmt::format("{}: the CLI talks to {} directly (no api-proxy in the path; {} is "
                            "where awf's api-proxy listens)", what, claude().upstream_host, kAwfBaseUrl);
    c.hint = fmt::format("outside awf this is expected; inside awf set ANTHROPIC_BASE_URL={}", kAwfBaseUrl);
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
    c.summary = fmt::format("ANTHROPIC_BASE_URL={} is not a valid URL: {}", *v, u.error);
    c.hint = fmt::format("set ANTHROPIC_BASE_URL to an http(s) URL without a path, e.g. {}", kAwfBaseUrl);
    return c;
  }
  c.evidence.update(json{{"scheme", u.scheme}, {"host", u.host}, {"port", u.port},
                         {"explicit_port", u.explicit_port}, {"path", u.path}});
  if (u.scheme != "http" && u.scheme != "https") {
    c.status = Status::fail;
    set_fault(c, FaultId::env_base_url_malformed);
    c.summary = fmt::format("ANTHROPIC_BASE_URL={} has scheme {}, not http or https", *v, u.scheme);
    c.hint = fmt::format("use an http(s) URL, e.g. {}", kAwfBaseUrl);
    return c;
  }
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
        "ANTHROPIC_BASE_URL={} ends in {}: the CLI appends /v1/messages itself, so requests go to {}/v1/messages "
        "(/v1/v1/messages, 404)",
        *v, ends_with("/v1") ? "/v1" : "/v1/messages", path);
    c.hint = fmt::format("drop the trailing path: ANTHROPIC_BASE_URL={}://{}{}{}", u.scheme,
                         u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host,
                         u.explicit_port ? fmt::format(":{}", u.port) : "", fixed);
    return c;
  }
  if (!path.empty()) {
    c.status = Status::warn;
    c.summary = fmt::format(
        "ANTHROPIC_BASE_URL={} has a path ({}): the CLI sends requests to {}/v1/messages; awf's api-proxy "
        "serves /v1/... at the root",
        *v, u.path, path);
    c.hint = fmt::format("unless a gateway serves that prefix, drop the path (awf uses {})", kAwfBaseUrl);
    return c;
  }
  c.status = Status::pass;
  c.summary = fmt::format("ANTHROPIC_BASE_URL={} ({} to {} port {})", *v, u.scheme, u.host, u.port);
  return c;
}

Check env_api_key(const ProbeContext& ctx) {
  const EnvSnapshot& env = ctx.spec.env;
  register_credentials(env, ctx.secrets);
  Check c;
  std::vector<std::string> present;
  std::string shapes;
  for (const char* name : {"ANTHROPIC_API_KEY", "CLAUDE_API_KEY"}) {
    c.evidence[name] = describe_var(env, name);
    if (auto v = env.get(name)) {
      present.push_back(name);
      shapes += fmt::format("{}{} ({})", shapes.empty() ? "" : ", ", name, secret_shape(*v));
    }
  }
  c.evidence["present"] = present;
  if (present.empty()) {
    c.status = Status::pass;
    c.summary = "ANTHROPIC_API_KEY and CLAUDE_API_KEY are absent from the agent";
    return c;
  }
  const std::string names = present.size() == 1 ? present[0] : "ANTHROPIC_API_KEY and CLAUDE_API_KEY";
  // awf's pre-flight (domain.md §2) aborts when ANTHROPIC_BASE_URL is set and a key is present: with a
  // base URL or any awf marker this is the agent of an api-proxy chain, where a key is a leak.
  if (!awf_marker(env).empty() || env.has("ANTHROPIC_BASE_URL")) {
    c.status = Status::fail;
    set_fault(c, FaultId::env_api_key_present);
    c.summary = fmt::format(
        "{} set in the agent: a key in the agent wins in -p mode and bypasses the api-proxy; awf's pre-flight "
        "aborts",
        shapes);
    c.hint = fmt::format("remove {} from the agent's environment: the real key belongs to the api-proxy sidecar "
                         "(awf excludes it whenever the api-proxy is on)",
                         names);
    return c;
  }
  c.status = Status::warn;
  c.summary = fmt::format(
      "{} set in the agent: the CLI sends it as x-api-key and it wins in -p mode (inside awf it would bypass "
      "the api-proxy)",
      shapes);
  c.hint = fmt::format("if an apiKeyHelper or a token is configured too, there are two credential sources: keep one "
                       "(unset {})",
                       names);
  return c;
}

struct Finding {
  Status status = Status::pass;
  std::string summary;
  std::string hint;
  std::optional<FaultId> fault;
};

Finding judge_auth_token(const EnvSnapshot& env, json& ev, bool in_awf) {
  auto v = env.get("ANTHROPIC_AUTH_TOKEN");
  if (!v) {
    ev["token_kind"] = "absent";
    return {Status::pass, "ANTHROPIC_AUTH_TOKEN is absent", "", std::nullopt};
  }
  const std::string_view t = trim_view(*v);
  if (t == kPlaceholder) {
    ev["token_kind"] = "placeholder";
    return {Status::pass, fmt::format("ANTHROPIC_AUTH_TOKEN is awf's placeholder {}", kPlaceholder), "", std::nullopt};
  }
  if (t == kOldPlaceholder) {
    ev["token_kind"] = "old-placeholder";
    return {Status::warn,
            fmt::format("ANTHROPIC_AUTH_TOKEN is the old placeholder {} (awf < v0.25.6, whose sidecar did not trim "
                        "its key: see case R01)",
                        kOldPlaceholder),
            "upgrade awf to >= v0.25.6", FaultId::env_old_placeholder};
  }
  if (t.empty()) {
    ev["token_kind"] = "empty";
    return {Status::warn, "ANTHROPIC_AUTH_TOKEN is set but empty", "unset it or set awf's placeholder", std::nullopt};
  }
  if (t.rfind("sk-ant-", 0) == 0 && !is_public_placeholder(t)) {
    ev["token_kind"] = "real-key";
    return {Status::fail,
            fmt::format("ANTHROPIC_AUTH_TOKEN holds a real-looking Anthropic credential ({}): a real token leaked "
                        "into the agent",
                        secret_shape(*v)),
            fmt::format("remove it from the agent (awf gives the agent only {}) and rotate it", kPlaceholder),
            FaultId::env_real_token};
  }
  ev["token_kind"] = "other";
  if (in_awf)
    return {Status::fail,
            fmt::format("ANTHROPIC_AUTH_TOKEN is not awf's placeholder ({}): inside awf any other value is a "
                        "credential leaked into the agent, and awf's pre-flight aborts",
                        secret_shape(*v)),
            fmt::format("give the agent only ANTHROPIC_AUTH_TOKEN={}", kPlaceholder), FaultId::env_token_not_placeholder};
  return {Status::warn,
          fmt::format("ANTHROPIC_AUTH_TOKEN is not awf's placeholder ({}): the CLI sends it as Authorization: Bearer",
                      secret_shape(*v)),
          "if an apiKeyHelper or ANTHROPIC_API_KEY is configured too, the CLI may send both credentials: keep one",
          std::nullopt};
}

Finding judge_oauth_token(const EnvSnapshot& env, bool in_awf) {
  auto v = env.get("CLAUDE_CODE_OAUTH_TOKEN");
  if (!v) return {};
  if (trim_view(*v).empty())
    return {Status::warn, "CLAUDE_CODE_OAUTH_TOKEN is set but empty", "unset CLAUDE_CODE_OAUTH_TOKEN", std::nullopt};
  return {in_awf ? Status::fail : Status::warn,
          fmt::format("CLAUDE_CODE_OAUTH_TOKEN is set in the agent ({}){}", secret_shape(*v),
                      in_awf ? ": it must never be in the agent with a real value" : ""),
          "remove CLAUDE_CODE_OAUTH_TOKEN from the agent's environment (awf excludes it); rotate it if it was real",
          in_awf ? std::optional<FaultId>(FaultId::env_oauth_token_present) : std::nullopt};
}

Check env_auth_token(const ProbeContext& ctx) {
  const EnvSnapshot& env = ctx.spec.env;
  register_credentials(env, ctx.secrets);
  Check c;
  const bool in_awf = !awf_marker(env).empty();
  c.evidence["ANTHROPIC_AUTH_TOKEN"] = describe_var(env, "ANTHROPIC_AUTH_TOKEN");
  c.evidence["CLAUDE_CODE_OAUTH_TOKEN"] = describe_var(env, "CLAUDE_CODE_OAUTH_TOKEN");
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

Check env_no_proxy(const ProbeContext& ctx) {
  const EnvSnapshot& env = ctx.spec.env;
  register_credentials(env, ctx.secrets);
  Check c;
  auto u = usable_base_url(env);
  if (!u) {
    c.status = Status::skip;
    c.summary = "ANTHROPIC_BASE_URL unset or malformed (see env.base_url)";
    c.skip_reason = c.summary;
    return c;
  }
  std::vector<std::string> proxies;
  for (const char* name : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"})
    if (set_non_empty(env, name)) proxies.push_back(name);
  c.evidence.update(json{{"host", u->host}, {"port", u->port}, {"proxy_vars", proxies}});
  if (proxies.empty()) {
    c.status = Status::pass;
    c.summary = "no proxy configured; nothing to bypass";
    return c;
  }
  struct Judged {
    const char* name;
    bool set;
    NoProxyMatch m;
  };
  std::vector<Judged> lists;
  for (const char* name : {"NO_PROXY", "no_proxy"}) {
    auto v = env.get(name);
    Judged j{name, v.has_value(), v ? no_proxy_match(*v, u->host, u->port) : NoProxyMatch{}};
    c.evidence[name] = {{"set", j.set}, {"matched_entry", j.m.matched ? json(j.m.entry) : json(nullptr)}};
    lists.push_back(j);
  }
  std::vector<std::string> exempting, not_exempting;
  for (const auto& j : lists) {
    if (j.m.matched) exempting.push_back(j.name);
    else if (j.set) not_exempting.push_back(j.name);
  }
  const std::string host = u->host;
  if (exempting.empty()) {
    c.status = Status::fail;
    set_fault(c, FaultId::env_no_proxy_host_missing);
    c.evidence["variable"] = nullptr;
    c.evidence["matched_entry"] = nullptr;
    c.summary = fmt::format(
        "{} is not in NO_PROXY{}: Node clients compare the URL host string against NO_PROXY, so requests to {} go "
        "to {} and are denied",
        host, lists[0].set || lists[1].set ? "" : " (neither NO_PROXY nor no_proxy is set)", host,
        awf_marker(env).empty() ? fmt::format("the proxy in {}", proxies[0]) : fmt::format("Squid ({})", proxies[0]));
    c.hint = fmt::format("add {} to NO_PROXY and no_proxy (awf >= v0.25.57 adds api-proxy); an IP entry does not "
                         "cover a hostname",
                         host);
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
    c.hint = fmt::format("add {} to {} too, so both variables agree", host, not_exempting[0]);
    return c;
  }
  c.status = Status::pass;
  c.summary = fmt::format("{} is exempted from the proxy by {} (entry {})", host,
                          exempting.size() == 1 ? exempting[0] : "NO_PROXY and no_proxy", first.m.entry);
  return c;
}

CheckDef def(const char* id, const char* title, CheckFn fn) {
  return CheckDef{id, Link::env, title, {}, std::move(fn)};
}

}  // namespace

std::vector<CheckDef> env_checks() {
  return {def("env.base_url", "ANTHROPIC_BASE_URL points at the api-proxy (http(s), no /v1 path)", env_base_url),
          def("env.api_key", "no ANTHROPIC_API_KEY / CLAUDE_API_KEY in the agent", env_api_key),
          def("env.auth_token", "ANTHROPIC_AUTH_TOKEN absent or awf's placeholder", env_auth_token),
          def("env.no_proxy", "the base URL's host is exempted by NO_PROXY", env_no_proxy),
          env_settings_check()};
}

}  // namespace awf
