// env.* rules (env_rules.hpp): the branches the env probes used to take in place, over typed facts.
#include "rules/env_rules.hpp"

#include <string_view>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "rules/agent_credential.hpp"
#include "core/shell_quote.hpp"

namespace awf {
namespace {

std::string base_var(const Provider& p) { return std::string(p.base_url_vars.front()); }
std::string token_var(const Provider& p) { return std::string(p.token_vars.front()); }
std::string oauth_var(const Provider& p) { return std::string(p.oauth_vars.front()); }
std::string_view old_placeholder(const Provider& p) {
  return p.placeholders.size() > 1 ? p.placeholders[1].value : std::string_view();
}

/// "X_*/Y_*": the provider's variable families.
std::string families(const Provider& p) {
  std::string out;
  for (auto prefix : p.env_prefixes) {
    // Appended piece by piece: g++ 12 -O2 misreads `"..." + std::string&&` as an overlapping
    // memcpy (-Werror=restrict, a libstdc++ false positive) in the Release package build.
    if (!out.empty()) out.push_back('/');
    out.append(prefix);
    out.push_back('*');
  }
  return out;
}

/// "A and B" (or "A") for the provider's API-key variables.
std::string all_keys(const Provider& p) {
  std::string out;
  for (auto k : p.key_vars) out += (out.empty() ? "" : " and ") + std::string(k);
  return out;
}

std::string shape(const SecretVar& v) { return fmt::format("{} bytes, {}", v.bytes, v.fingerprint); }

/// " (set by the env block of <file>)" when a settings env block gave `var` its judged value, else "".
std::string set_by(const EnvFacts& f, const std::string& var) {
  auto it = f.from_settings.find(var);
  return it == f.from_settings.end() ? "" : fmt::format(" (set by the env block of {})", it->second);
}

Outcome base_url_missing(const EnvFacts& f, const Provider& p) {
  const BaseUrlFacts& b = *f.base_url;
  const std::string what = b.var + (b.set ? " is set but empty" : " is not set");
  if (!f.other_provider_var.empty())
    return {Status::skip, std::nullopt,
            fmt::format("{}; the agent is set up for another provider ({} is set, no {} variable)", what,
                        f.other_provider_var, families(p)),
            ""};
  if (!f.in_awf())
    return {Status::warn, std::nullopt,
            fmt::format("{}: the CLI talks to {} directly (no api-proxy in the path; {} is where awf's api-proxy "
                        "listens)",
                        what, p.upstream_host, awf_base_url(p)),
            hint(HintId::base_url_outside_awf, p)};
  return {Status::fail, FaultId::env_base_url_missing,
          fmt::format("{}: the CLI aims at {} itself, and the agent has no route there{}", what, p.upstream_host,
                      f.any_credential ? "" : "; with no credential variable either, the CLI refuses to start"),
          hint(FaultId::env_base_url_missing, p)};
}

/// A parsed http(s) base URL: its path decides (the CLI appends /v1/messages itself).
/// `in_awf` = awf's api-proxy is the hop (it serves /v1/... at the root); outside awf a gateway's route
/// prefix (LiteLLM's /anthropic) is how such endpoints are addressed.
Outcome judge_path(const BaseUrlFacts& u, const Provider& p, bool in_awf) {
  std::string path = u.path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  auto ends_with = [&](std::string_view s) {
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with("/v1") || ends_with("/v1/messages")) {
    const std::string fixed = path.substr(0, path.size() - (ends_with("/v1") ? 3 : 12));
    return {Status::fail, FaultId::env_base_url_path,
            fmt::format("{}={} ends in {}: the CLI appends /v1/messages itself, so requests go to {}/v1/messages "
                        "(/v1/v1/messages, 404)",
                        u.var, u.value, ends_with("/v1") ? "/v1" : "/v1/messages", path),
            hint(FaultId::env_base_url_path, p,
                 {{"fixed", fmt::format("{}://{}{}{}", u.scheme,
                                        u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host,
                                        u.explicit_port ? fmt::format(":{}", u.port) : "", fixed)}})};
  }
  if (!path.empty() && !in_awf)
    return {Status::pass, std::nullopt,
            fmt::format("{}={} has a path ({}): the CLI sends requests to {}/v1/messages, a gateway's route prefix",
                        u.var, u.value, u.path, path),
            ""};
  if (!path.empty())
    return {Status::warn, std::nullopt,
            fmt::format("{}={} has a path ({}): the CLI sends requests to {}/v1/messages; awf's api-proxy serves "
                        "/v1/... at the root",
                        u.var, u.value, u.path, path),
            hint(HintId::base_url_gateway_path, p)};
  return {Status::pass, std::nullopt,
          fmt::format("{}={} ({} to {} port {})", u.var, u.value, u.scheme, u.host, u.port), ""};
}

/// The token variable's kind, as a decision.
Outcome judge_token(const EnvFacts& f, const Provider& p) {
  const std::string var = token_var(p);
  const std::string shown = f.token_var ? shape(*f.token_var) : "";
  switch (*f.token) {
    case TokenKind::absent: return {Status::pass, std::nullopt, fmt::format("{} is absent", var), ""};
    case TokenKind::placeholder:
      return {Status::pass, std::nullopt,
              fmt::format("{} is awf's placeholder {}", var, current_placeholder(p)), ""};
    case TokenKind::old_placeholder:
      return {Status::warn, FaultId::env_old_placeholder,
              fmt::format("{} is the old placeholder {} (awf < v0.25.6, whose sidecar did not trim its key: see "
                          "case R01)",
                          var, old_placeholder(p)),
              hint(FaultId::env_old_placeholder, p)};
    case TokenKind::empty:
      return {Status::warn, std::nullopt, fmt::format("{} is set but empty", var), hint(HintId::token_empty, p)};
    case TokenKind::real_key:
      if (agent_credential_status(f.in_awf(), CredentialSource::token_var) == Status::fail)
        return {Status::fail, FaultId::env_real_token,
                fmt::format("{} holds a real-looking {} credential ({}): a real token leaked into the agent", var,
                            p.display, shown),
                hint(FaultId::env_real_token, p)};
      return {agent_credential_status(false, CredentialSource::token_var), std::nullopt,
              fmt::format("{} holds a real-looking {} credential ({}): the CLI sends it as Authorization: Bearer; {}",
                          var, p.display, shown, kOutsideAwfCredential),
              hint(HintId::token_outside_awf, p, {{"api_key_var", std::string(p.key_vars.front())}})};
    case TokenKind::other: break;
  }
  if (agent_credential_status(f.in_awf(), CredentialSource::token_var) == Status::fail)
    return {Status::fail, FaultId::env_token_not_placeholder,
            fmt::format("{} is not awf's placeholder ({}): inside awf any other value is a credential leaked into "
                        "the agent, and awf's pre-flight aborts",
                        var, shown),
            hint(FaultId::env_token_not_placeholder, p)};
  return {agent_credential_status(false, CredentialSource::token_var), std::nullopt,
          fmt::format("{} is not awf's placeholder ({}): the CLI sends it as Authorization: Bearer", var, shown),
          hint(HintId::token_outside_awf, p, {{"api_key_var", std::string(p.key_vars.front())}})};
}

Outcome judge_oauth(const EnvFacts& f, const Provider& p) {
  if (!f.oauth_var) return {};
  const std::string var = oauth_var(p);
  if (f.oauth_var->blank)
    return {Status::warn, std::nullopt, fmt::format("{} is set but empty", var), hint(HintId::oauth_empty, p)};
  const Status st = agent_credential_status(f.in_awf(), CredentialSource::oauth_var);
  return {st, st == Status::fail ? std::optional<FaultId>(FaultId::env_oauth_token_present) : std::nullopt,
          fmt::format("{} is set in the agent ({}){}", var, shape(*f.oauth_var),
                      st == Status::fail ? ": it must never be in the agent with a real value"
                                         : std::string(": the CLI authenticates with it; ") + kOutsideAwfCredential),
          hint(FaultId::env_oauth_token_present, p)};
}

}  // namespace

namespace {

Outcome judge_base_url_value(const EnvFacts& f, const Provider& p) {
  const BaseUrlFacts& b = *f.base_url;
  if (!b.set || b.blank) return base_url_missing(f, p);
  if (!b.parsed)
    return {Status::fail, FaultId::env_base_url_malformed,
            fmt::format("{}={} is not a valid URL: {}", b.var, b.value, b.parse_error),
            hint(FaultId::env_base_url_malformed, p)};
  if (b.scheme != "http" && b.scheme != "https")
    return {Status::fail, FaultId::env_base_url_malformed,
            fmt::format("{}={} has scheme {}, not http or https", b.var, b.value, b.scheme),
            hint(HintId::base_url_scheme, p)};
  return judge_path(b, p, f.in_awf());
}

}  // namespace

Outcome judge_env_base_url(const EnvFacts& f, const Provider& p) {
  Outcome o = judge_base_url_value(f, p);
  if (f.base_url->set) o.summary += set_by(f, f.base_url->var);
  return o;
}

Outcome judge_env_api_key(const EnvFacts& f, const Provider& p) {
  if (f.key_vars.empty())
    return {Status::pass, std::nullopt, fmt::format("{} are absent from the agent", all_keys(p)), ""};
  std::string shapes;
  for (const SecretVar& v : f.key_vars)
    shapes += fmt::format("{}{} ({}){}", shapes.empty() ? "" : ", ", v.name, shape(v), set_by(f, v.name));
  const std::string names = f.key_vars.size() == 1 ? f.key_vars[0].name : all_keys(p);
  // Inside awf a key in the agent is the leak awf's pre-flight aborts on (domain.md §2); outside awf
  // it is the client's own credential (rules/agent_credential.hpp).
  const Status st = agent_credential_status(f.in_awf(), CredentialSource::key_var);
  if (st == Status::fail)
    return {Status::fail, FaultId::env_api_key_present,
            fmt::format("{} set in the agent: a key in the agent wins in -p mode and bypasses the api-proxy; awf's "
                        "pre-flight aborts",
                        shapes),
            hint(FaultId::env_api_key_present, p, {{"names", names}})};
  return {st, std::nullopt,
          fmt::format("{} set in the agent: the CLI sends it as {} and it wins in -p mode; {}", shapes,
                      p.injected_auth_header, kOutsideAwfCredential),
          hint(HintId::api_key_outside_awf, p, {{"names", names}})};
}

Outcome judge_env_auth_token(const EnvFacts& f, const Provider& p) {
  const Outcome token = judge_token(f, p);
  const Outcome oauth = judge_oauth(f, p);
  const Outcome& worst = link_rank(oauth.status) > link_rank(token.status) ? oauth : token;
  Outcome o;
  o.status = worst.status;
  o.summary = token.summary + (f.token_var ? set_by(f, token_var(p)) : "");
  if (!oauth.summary.empty()) o.summary += "; " + oauth.summary + set_by(f, oauth_var(p));
  if (o.status != Status::pass) o.hint = worst.hint;
  o.fault = worst.fault;
  return o;
}

Outcome judge_env_no_proxy(const EnvFacts& f, const Provider& p) {
  const BaseUrlFacts* u = f.base_url ? &*f.base_url : nullptr;
  if (!u || u->blank || !u->has_scheme || !u->parsed || (u->scheme != "http" && u->scheme != "https")) {
    return {Status::skip, std::nullopt, fmt::format("{} unset or malformed (see env.base_url)", base_var(p)), ""};
  }
  if (f.proxy_vars.empty()) return {Status::pass, std::nullopt, "no proxy configured; nothing to bypass", ""};
  const std::string& host = u->host;
  const std::string& proxy = f.proxy_vars[0];
  std::vector<const NoProxyList*> exempting, not_exempting;
  bool any_set = false;
  for (const auto& l : f.no_proxy) {
    any_set = any_set || l.set;
    if (l.matched) exempting.push_back(&l);
    else if (l.set) not_exempting.push_back(&l);
  }
  if (exempting.empty())
    return {Status::fail, FaultId::env_no_proxy_host_missing,
            fmt::format("{} is not in NO_PROXY{}: Node clients compare the URL host string against NO_PROXY, so "
                        "requests to {} go to {} and are denied",
                        host, any_set ? "" : " (neither NO_PROXY nor no_proxy is set)", host,
                        f.in_awf() ? fmt::format("Squid ({})", proxy) : fmt::format("the proxy in {}", proxy)),
            hint(FaultId::env_no_proxy_host_missing, p, {{"host", host}})};
  const NoProxyList& first = *exempting[0];
  if (!not_exempting.empty()) {
    const std::string& other = not_exempting[0]->name;
    return {Status::warn, FaultId::env_no_proxy_mismatch,
            fmt::format("NO_PROXY and no_proxy differ: {} exempts {} (entry {}) but {} does not; a client that "
                        "reads {} sends requests to {} through the proxy",
                        first.name, host, first.entry, other, other, host),
            hint(FaultId::env_no_proxy_mismatch, p, {{"host", host}, {"variable", other}})};
  }
  return {Status::pass, std::nullopt,
          fmt::format("{} is exempted from the proxy by {} (entry {})", host,
                      exempting.size() == 1 ? first.name : std::string("NO_PROXY and no_proxy"), first.entry),
          ""};
}

bool settings_env_offends(const SettingsEnvVar& v) {
  switch (v.role) {
    case SettingsEnvVar::Role::api_key: return v.bytes > 0;
    case SettingsEnvVar::Role::token: return v.bytes > 0 && !v.placeholder;
    case SettingsEnvVar::Role::base_url: return !v.agent_value || *v.agent_value != v.value;
  }
  return false;
}

namespace {

/// What one block sets wrongly, in words (empty = nothing); `names` collects the variables.
std::vector<std::string> block_findings(const SettingsEnvFacts& s, const Provider& p, std::vector<std::string>& names) {
  std::vector<std::string> findings;
  for (const SettingsEnvVar& v : s.vars) {
    if (!settings_env_offends(v)) continue;
    names.push_back(v.name);
    switch (v.role) {
      case SettingsEnvVar::Role::api_key:
        findings.push_back(fmt::format("{} is set in the env block of {} ({} bytes): the CLI sends it as {} and "
                                       "it wins in -p mode",
                                       v.name, s.path, v.bytes, p.injected_auth_header));
        break;
      case SettingsEnvVar::Role::token:
        findings.push_back(fmt::format("{} in the env block of {} is not awf's placeholder", v.name, s.path));
        break;
      case SettingsEnvVar::Role::base_url:
        findings.push_back(fmt::format("{} in the env block of {} ({}) overrides the agent's ({})", v.name, s.path,
                                       v.value, v.agent_value ? *v.agent_value : "unset"));
        break;
    }
  }
  return findings;
}

}  // namespace

Outcome judge_env_settings(const std::vector<SettingsEnvFacts>& blocks, const Provider& p, bool in_awf) {
  // A file that is not usable JSON: this check could not judge its block (helper.config reports
  // the file itself; an absent or unreadable file has no block to judge).
  for (const SettingsEnvFacts& s : blocks)
    if (s.readable && !s.parsed)
      return {Status::error, std::nullopt,
              fmt::format("{} is not usable JSON ({}), so its env block cannot be judged", s.path, s.error),
              hint(HintId::settings_bad_json, p, {{"path", s.path}, {"path_q", shell_quote(s.path)}})};
  std::vector<std::string> findings, names, paths, judged;
  bool base_url = false;  // another base URL is a fault in any mode; a credential only inside awf
  for (const SettingsEnvFacts& s : blocks) {
    if (!s.readable || !s.has_block) continue;
    judged.push_back(s.path);
    for (const SettingsEnvVar& v : s.vars)
      base_url = base_url || (v.role == SettingsEnvVar::Role::base_url && settings_env_offends(v));
    std::vector<std::string> found = block_findings(s, p, names);
    if (!found.empty()) paths.push_back(s.path);
    findings.insert(findings.end(), found.begin(), found.end());
  }
  if (judged.empty()) {
    std::vector<std::string> all;
    for (const SettingsEnvFacts& s : blocks) all.push_back(s.path);
    return {Status::pass, std::nullopt,
            fmt::format("no env block in {} (absent or unreadable files: see helper.config)", fmt::join(all, " or ")),
            ""};
  }
  if (findings.empty())
    return {Status::pass, std::nullopt,
            fmt::format("the env block of {} sets no credential and no other base URL", fmt::join(judged, " and ")),
            ""};
  if (!base_url && agent_credential_status(in_awf, CredentialSource::settings_block) != Status::fail)
    return {agent_credential_status(in_awf, CredentialSource::settings_block), std::nullopt,
            fmt::format("{}; {}", fmt::join(findings, "; "), kOutsideAwfCredential),
            hint(HintId::api_key_outside_awf, p, {{"names", fmt::format("{}", fmt::join(names, ", "))}})};
  return {Status::fail, FaultId::env_settings_block_credential, fmt::format("{}", fmt::join(findings, "; ")),
          hint(FaultId::env_settings_block_credential, p,
               {{"names", fmt::format("{}", fmt::join(names, ", "))},
                {"path", fmt::format("{}", fmt::join(paths, " and "))}})};
}

Outcome judge_env_settings(const SettingsEnvFacts& s, const Provider& p, bool in_awf) {
  return judge_env_settings(std::vector<SettingsEnvFacts>{s}, p, in_awf);
}

Outcome judge_env_extra_ca(const ExtraCaFacts& e, const Provider& p) {
  if (!e.set && e.settings_only_from.empty())
    return {Status::pass, std::nullopt, fmt::format("{} is not set: Node uses its built-in CAs", e.var), ""};
  const HintArgs args{{"path", e.path}, {"path_q", shell_quote(e.path)}, {"settings_path", e.settings_only_from}};
  if (!e.set)
    return {Status::warn, FaultId::env_extra_ca_settings_only,
            fmt::format("{}={} is set only in the env block of {}: Node reads it once at process start, before the "
                        "CLI applies that block, so the extra CA is never used",
                        e.var, e.path, e.settings_only_from),
            hint(FaultId::env_extra_ca_settings_only, p, args)};
  // A CA the client cannot use breaks TLS on its own route only when that route is TLS.
  const Status bad = e.tls_route ? Status::fail : Status::warn;
  const std::string route = e.tls_route ? "" : "; the client's base URL is plain http, so its own route does not use it";
  if (e.missing || !e.readable)
    return {bad, FaultId::env_extra_ca_unreadable,
            fmt::format("{}={}: {}; Node ignores it (`Warning: Ignoring extra certs from …`){}", e.var, e.path,
                        e.missing ? std::string("no such file") : e.read_error, route),
            hint(FaultId::env_extra_ca_unreadable, p, args)};
  if (e.certificates == 0)
    return {bad, FaultId::env_extra_ca_not_pem,
            fmt::format("{}={} holds {}: Node ignores it{}", e.var, e.path,
                        e.pem_block ? "a CERTIFICATE block OpenSSL cannot parse" : "no PEM CERTIFICATE block", route),
            hint(FaultId::env_extra_ca_not_pem, p, args)};
  if (e.cas == 0)
    return {Status::warn, std::nullopt,
            fmt::format("{}={} holds {} certificate(s) but no CA (basicConstraints CA:TRUE): a leaf certificate "
                        "cannot vouch for the certificates a TLS-intercepting proxy signs",
                        e.var, e.path, e.certificates),
            hint(HintId::extra_ca_no_ca, p, args)};
  return {Status::pass, std::nullopt,
          fmt::format("{}={} holds {} certificate(s), {} of them CA", e.var, e.path, e.certificates, e.cas), ""};
}

}  // namespace awf
