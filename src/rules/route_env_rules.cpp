// Env rules of the non-Anthropic routes (route_env_rules.hpp): the provider row decides.
#include "rules/route_env_rules.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "catalog/catalog.hpp"
#include "rules/agent_credential.hpp"

namespace awf {
namespace {

std::string join(const std::vector<std::string_view>& names, std::string_view sep) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out.append(sep);
    out.append(n);
  }
  return out;
}

std::string shape(const RouteCredentialVar& v) { return fmt::format("{} ({} bytes, {})", v.name, v.bytes, v.fingerprint); }

std::string client_of(const Provider& p) { return p.client.empty() ? std::string("the client") : std::string(p.client); }

}  // namespace

Outcome judge_route_base_url(const RouteEnvFacts& f, const Provider& p) {
  if (!f.base_url_set) {
    const std::string what = fmt::format("{} is not set", f.base_url_var);
    if (!f.in_awf)
      return {Status::warn, std::nullopt,
              fmt::format("{}: {} talks to {} directly (awf's api-proxy listens at {})", what, client_of(p),
                          p.upstream_host.empty() ? std::string("the provider") : std::string(p.upstream_host),
                          awf_base_url(p)),
              hint(HintId::base_url_outside_awf, p)};
    return {Status::fail, FaultId::env_base_url_missing,
            fmt::format("{}: {} aims at {} itself, and the agent has no route there", what, client_of(p),
                        p.upstream_host.empty() ? std::string("the provider") : std::string(p.upstream_host)),
            hint(FaultId::env_base_url_missing, p)};
  }
  if (!f.base_url_http)
    return {Status::fail, FaultId::env_base_url_malformed,
            fmt::format("{}={} is not a usable http(s) URL", f.base_url_var, f.base_url_value),
            hint(FaultId::env_base_url_malformed, p)};
  return {Status::pass, std::nullopt, fmt::format("{}={}", f.base_url_var, f.base_url_value), ""};
}

Outcome judge_route_api_key(const RouteEnvFacts& f, const Provider& p) {
  std::vector<std::string> real;
  for (const auto& v : f.credentials)
    if (v.key_var && !v.placeholder) real.push_back(shape(v));
  if (real.empty())
    return {Status::pass, std::nullopt,
            p.key_vars.empty() ? fmt::format("the {} route has no API-key variable of its own", p.display)
                               : fmt::format("{} hold no real key (absent or awf's placeholder)", join(p.key_vars, " / ")),
            ""};
  const std::string names = fmt::format("{}", fmt::join(real, ", "));
  const Status st = agent_credential_status(f.in_awf, CredentialSource::key_var);
  if (st == Status::fail)
    return {Status::fail, FaultId::env_api_key_present,
            fmt::format("{} set in the agent with something other than awf's placeholder", names),
            hint(FaultId::env_api_key_present, p, {{"names", join(p.key_vars, " and ")}})};
  return {st, std::nullopt,
          fmt::format("{} set in the agent: {} authenticates with it; {}", names, client_of(p), kOutsideAwfCredential),
          hint(HintId::api_key_outside_awf, p, {{"names", join(p.key_vars, " and ")}})};
}

Outcome judge_route_auth_token(const RouteEnvFacts& f, const Provider& p) {
  std::vector<std::string_view> creds = p.key_vars;
  creds.insert(creds.end(), p.token_vars.begin(), p.token_vars.end());
  if (f.credentials.empty() && p.base_url_needs_key && f.base_url_set && !f.one_shot.empty())
    return {Status::warn, std::nullopt,
            fmt::format("none of {} is set, but AWF_ONE_SHOT_TOKENS lists {}: awf removes them after the client's "
                        "first read (domain facts §2), so this environment cannot show whether {} had one when it "
                        "started (without one it ignores {})",
                        join(creds, ", "), fmt::join(f.one_shot, ", "), client_of(p), f.base_url_var),
            "Judge the environment the agent started with (--env-file with the step's variables), not "
            "/proc/<pid>/environ of a running agent."};
  if (f.credentials.empty() && p.base_url_needs_key && f.base_url_set)
    return {Status::fail, FaultId::env_client_ignores_base_url,
            fmt::format("{} is set but none of {} is: {} then ignores {} and calls {} itself (domain facts §8)",
                        f.base_url_var, join(creds, ", "), client_of(p), f.base_url_var, p.upstream_host),
            hint(FaultId::env_client_ignores_base_url, p)};
  for (const auto& v : f.credentials)
    if (!v.token_shaped)
      return {Status::fail, FaultId::env_token_not_token_shaped,
              fmt::format("{} is not token-shaped (none of {}): {} prints \"No authentication information found.\" "
                          "and sends no request",
                          shape(v), join(p.token_shapes, ", "), client_of(p)),
              hint(FaultId::env_token_not_token_shaped, p)};
  if (agent_credential_status(f.in_awf, CredentialSource::token_var) == Status::fail) {
    // Every token variable that is not the placeholder, so the hint names them all (new-user F9).
    std::vector<std::string> leaked, names;
    for (const auto& v : f.credentials)
      if (!v.key_var && !v.placeholder) {
        leaked.push_back(shape(v));
        names.push_back(v.name);
      }
    if (!leaked.empty())
      return {Status::fail, FaultId::env_token_not_placeholder,
              fmt::format("{} {} not awf's placeholder {}: inside awf any other value is a credential leaked into "
                          "the agent",
                          fmt::join(leaked, ", "), leaked.size() == 1 ? "is" : "are", current_placeholder(p)),
              hint(FaultId::env_token_not_placeholder, p, {{"token_var", fmt::format("{}", fmt::join(names, " and "))}})};
  }
  if (f.credentials.empty())
    return {Status::pass, std::nullopt, fmt::format("none of {} is set", join(creds, ", ")), ""};
  std::vector<std::string> shown;
  for (const auto& v : f.credentials) shown.push_back(v.name + (v.placeholder ? " (awf's placeholder)" : ""));
  return {Status::pass, std::nullopt, fmt::format("{} set", fmt::join(shown, ", ")), ""};
}

}  // namespace awf
