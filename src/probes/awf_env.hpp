#pragma once
// Private to the helper and env probes: awf's placeholders, "is this an awf agent's environment?",
// and registering credential-source variables as secrets (domain.md §2, §3).
#include <string>
#include <string_view>
#include <vector>

#include "core/env_snapshot.hpp"
#include "core/shell_quote.hpp"
#include "core/redact.hpp"
#include "topology/providers.hpp"

namespace awf::probe_detail {

/// The provider the helper and env probes judge (Claude Code's route). Every literal comes from
/// its row in topology/providers.cpp.
inline const Provider& claude() { return provider(ProviderId::anthropic); }

/// The token placeholder of current awf versions (and what get-claude-key.sh prints).
inline const std::string_view kPlaceholder = current_placeholder(claude());
/// The token placeholder of older awf versions (the second row of the table), or "".
inline const std::string_view kOldPlaceholder =
    claude().placeholders.size() > 1 ? claude().placeholders[1].value : std::string_view();
/// Where awf puts the provider's base URL (http://<sidecar>:<port>).
inline const std::string kAwfBaseUrl = awf_base_url(claude());

/// The judged provider's variables, by role (first of each list).
inline const std::string kBaseUrlVar(claude().base_url_vars.front());
inline const std::string kTokenVar(claude().token_vars.front());
inline const std::string kOauthVar(claude().oauth_vars.front());

/// The provider's API-key variables (absent in an awf agent).
inline std::vector<std::string> key_var_names() {
  return std::vector<std::string>(claude().key_vars.begin(), claude().key_vars.end());
}

/// "A and B" (or "A") for the provider's API-key variables.
inline std::string all_keys() {
  std::string out;
  for (const auto& k : key_var_names()) out += (out.empty() ? "" : " and ") + k;
  return out;
}

/// Shaped like a real credential of the provider (its real-key prefixes) and not a placeholder.
inline bool looks_like_real_key(std::string_view v, const Provider& p = claude()) {
  if (is_placeholder(v)) return false;
  for (auto prefix : p.real_key_prefixes)
    if (v.rfind(prefix, 0) == 0) return true;
  return false;
}

/// Variables whose values are credentials of this provider (keys, tokens, OAuth tokens).
inline std::vector<std::string> credential_vars(const Provider& p = claude()) {
  std::vector<std::string> out;
  for (const auto* list : {&p.key_vars, &p.token_vars, &p.oauth_vars})
    for (auto v : *list) out.emplace_back(v);
  return out;
}

/// The variables the client takes a credential from, in its precedence order (domain.md §3:
/// token > key > OAuth): what helper.config and env.auth_token count as credential sources.
inline std::vector<std::string> client_credential_vars(const Provider& p = claude()) {
  std::vector<std::string> out;
  for (auto v : p.token_vars) out.emplace_back(v);
  if (!p.key_vars.empty()) out.emplace_back(p.key_vars.front());
  for (auto v : p.oauth_vars) out.emplace_back(v);
  return out;
}

/// Registers every credential variable of every provider as a secret, before anything reads them.
inline void register_credentials(const EnvSnapshot& env, SecretSet& secrets) {
  for (std::string_view name : all_credential_vars())
    if (auto v = env.get(std::string(name))) secrets.add(*v);
}

/// The first variable showing that `env` is an awf agent's (AWF_*, CLAUDE_CODE_API_KEY_HELPER,
/// SQUID_PROXY_HOST), or "" when none is set. Outside awf (a direct or gateway setup) a key in the
/// agent or a missing base URL is normal, not a leak.
inline std::string awf_marker(const EnvSnapshot& env) {
  for (const auto& [name, value] : env.vars)
    if (name.rfind("AWF_", 0) == 0) return name;
  for (std::string_view name : awf_facts().markers)
    if (env.has(std::string(name))) return std::string(name);
  return "";
}

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

inline std::string_view trim_view(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

using awf::shell_quote;

}  // namespace awf::probe_detail
