#pragma once
// Observations of the agent's environment (env.* checks): which variables were seen, the base URL
// as parsed, what shape a credential has, which NO_PROXY entry exempts the base URL's host, what the
// settings env blocks set, NODE_EXTRA_CA_CERTS's file. No cause is decided here (rules/env_rules.hpp
// does that); credential values are never kept: a credential is a length plus a fingerprint (core/redact.hpp) and a kind.
// Facts: the variables and awf's placeholders, domain.md §2 and §3; NO_PROXY matching, §2 (case R13).
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace awf {

/// A credential-bearing variable as seen: presence and shape, never its value.
struct SecretVar {
  std::string name;
  std::size_t bytes = 0;      ///< length of the value in bytes
  std::string fingerprint;    ///< "sha256:<12 hex>" of the exact value (redact.hpp)
  bool blank = false;         ///< empty or only whitespace
};

/// The provider's base URL variable (e.g. ANTHROPIC_BASE_URL). A URL is not a credential; any
/// userinfo in it is caught by the one redaction step.
struct BaseUrlFacts {
  std::string var;             ///< the variable's name
  bool set = false;            ///< present in the environment (possibly empty)
  bool blank = false;          ///< set, but empty or only whitespace
  std::string value;           ///< as written (when set)
  bool has_scheme = false;     ///< contains "://"
  bool parsed = false;         ///< parse_url accepted it (and it has a scheme)
  std::string parse_error;     ///< why not, when !parsed
  std::string scheme, host, path;
  int port = 0;
  bool explicit_port = false;
};

/// What kind of value a token variable holds (a shape, not the value).
enum class TokenKind { absent, placeholder, old_placeholder, empty, real_key, other };
/// "absent", "placeholder", "old-placeholder", "empty", "real-key", "other" (evidence.token_kind).
const char* to_string(TokenKind k);

/// One NO_PROXY-style list as matched against the base URL's host:port.
struct NoProxyList {
  std::string name;    ///< NO_PROXY or no_proxy
  bool set = false;
  bool matched = false;
  std::string entry;   ///< the entry that matched, as written (trimmed)
};

/// A variable of the settings file's env block that the client would take as a credential or a base URL.
struct SettingsEnvVar {
  enum class Role { api_key, token, base_url } role = Role::api_key;
  std::string name;
  std::size_t bytes = 0;        ///< value length (credentials)
  bool placeholder = false;     ///< a credential that is a public placeholder (never a leak)
  std::string value;            ///< base_url only (the URL); empty for credentials
  std::optional<std::string> agent_value;  ///< base_url only: the agent's own value, nullopt = unset
};

/// One settings file's env block as read for env.settings_env (managed settings, then
/// ~/.claude/settings.json: highest precedence first).
struct SettingsEnvFacts {
  std::string source;           ///< "managed" or "user"
  std::string path;
  bool readable = false;        ///< exists and is a regular file
  bool parsed = false;
  std::string error;            ///< the parse error, when !parsed
  bool has_block = false;       ///< "env" is an object
  std::vector<SettingsEnvVar> vars;  ///< string-valued variables of the roles above, in block order
};

/// NODE_EXTRA_CA_CERTS where the client reads it (env.extra_ca_certs). Node reads the variable once
/// at process start (domain.md §2), so only the process environment counts; a settings env block that
/// sets it is recorded as `settings_only_from`. The file is read (at most 1 MiB) and parsed with
/// OpenSSL (PEM_read_bio_X509, X509_check_ca); nothing of it is kept but counts.
struct ExtraCaFacts {
  std::string var = "NODE_EXTRA_CA_CERTS";
  bool set = false;               ///< set and non-empty in the client's process environment
  std::string path;               ///< its value (or the settings block's, when only there)
  std::string settings_only_from; ///< the settings file whose env block sets it while the process does not
  bool readable = false;          ///< a regular file that was read
  bool missing = false;           ///< nothing at the path
  std::string read_error;         ///< why it was not read ("" when it was, or when missing)
  bool pem_block = false;         ///< holds a "-----BEGIN CERTIFICATE-----" line
  int certificates = 0;           ///< certificates OpenSSL parsed from it
  int cas = 0;                    ///< of those, CA certificates (X509_check_ca >= 1: basicConstraints CA:TRUE …)
  bool tls_route = true;          ///< the client's route uses TLS (an https base URL, or none: the provider itself)
};

/// All env facts; each env.* check fills the members it looks at.
struct EnvFacts {
  std::string awf_marker;                 ///< first variable showing an awf agent, "" = none
  std::string other_provider_var;         ///< another provider's base URL var set while no judged-provider var is
  bool any_credential = false;            ///< some credential variable of the provider is set and non-empty
  std::optional<BaseUrlFacts> base_url;
  std::vector<SecretVar> key_vars;        ///< API-key variables present (env.api_key)
  std::optional<TokenKind> token;         ///< the token variable's kind (env.auth_token)
  std::optional<SecretVar> token_var;     ///< its shape when set
  std::optional<SecretVar> oauth_var;     ///< the OAuth variable's shape when set (bytes 0 = empty)
  std::vector<std::string> proxy_vars;    ///< proxy variables set and non-empty (env.no_proxy)
  std::vector<NoProxyList> no_proxy;      ///< NO_PROXY, no_proxy as matched
  std::vector<SettingsEnvFacts> settings;  ///< env.settings_env: each settings file's block, highest precedence first
  /// Variables the checks looked at whose value came from a settings env block, with that file's
  /// path (the judged environment is the process's overlaid by the blocks; probes/settings_sources.hpp).
  std::map<std::string, std::string> from_settings;
  std::optional<ExtraCaFacts> extra_ca;   ///< env.extra_ca_certs

  /// Whether awf's agent-side rules apply as the run's resolved topology says (docs/topology.md:
  /// awf mode only); nullopt = no topology was resolved, so the awf markers decide.
  std::optional<bool> awf_topology;
  bool in_awf() const { return awf_topology.value_or(!awf_marker.empty()); }
};

}  // namespace awf
