#pragma once
// Private to the helper and env probes: awf's placeholders, "is this an awf agent's environment?",
// and registering credential-source variables as secrets (domain.md §2, §3).
#include <string>
#include <string_view>

#include "core/env_snapshot.hpp"
#include "core/redact.hpp"

namespace awf::probe_detail {

/// ANTHROPIC_AUTH_TOKEN since awf v0.25.6, and what get-claude-key.sh prints in every version.
inline constexpr std::string_view kPlaceholder = "sk-ant-placeholder-key-for-credential-isolation";
/// ANTHROPIC_AUTH_TOKEN up to awf v0.25.5.
inline constexpr std::string_view kOldPlaceholder = "placeholder-token-for-credential-isolation";
/// Where awf puts the Anthropic base URL (domain.md §2).
inline constexpr std::string_view kAwfBaseUrl = "http://172.30.0.30:10001";

/// Variables whose values are credentials: registered as secrets before anything else reads them.
inline constexpr const char* kCredentialVars[] = {"ANTHROPIC_API_KEY", "CLAUDE_API_KEY",
                                                  "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"};

inline void register_credentials(const EnvSnapshot& env, SecretSet& secrets) {
  for (const char* name : kCredentialVars)
    if (auto v = env.get(name)) secrets.add(*v);
}

/// The first variable showing that `env` is an awf agent's (AWF_*, CLAUDE_CODE_API_KEY_HELPER,
/// SQUID_PROXY_HOST), or "" when none is set. Outside awf (a direct or gateway setup) a key in the
/// agent or a missing base URL is normal, not a leak.
inline std::string awf_marker(const EnvSnapshot& env) {
  for (const auto& [name, value] : env.vars)
    if (name.rfind("AWF_", 0) == 0) return name;
  for (const char* name : {"CLAUDE_CODE_API_KEY_HELPER", "SQUID_PROXY_HOST"})
    if (env.has(name)) return name;
  return "";
}

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

inline std::string_view trim_view(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// `s` quoted for a POSIX shell command line (single quotes).
inline std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

}  // namespace awf::probe_detail
