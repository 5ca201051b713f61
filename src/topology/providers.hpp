#pragma once
// Domain facts as plain data: one row per provider behind awf's api-proxy sidecar, plus awf's own
// addresses. Probes, rules and the report read these rows; none of them spells a provider's
// variable, placeholder, host or port (issue 11 point 3). A new provider is a new row here.
//
// Source of every value: docs/providers.md (copied from the awf facts it names: sidecar ports §1,
// agent environment §2, placeholders and their versions §2/§11, api-proxy endpoints and error shapes
// §4, upstream error shape and zero-token probe §6, other CLIs §8, who produced an error §10).
// Where those facts are silent a field is left empty and docs/providers.md says so: never invent.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace awf {

enum class ProviderId { anthropic, openai, copilot, gemini };

/// A placeholder awf puts in the agent, with the awf versions it belongs to ("" = open end).
struct Placeholder {
  std::string_view value;
  std::string_view since;  ///< first awf version that uses it, e.g. "v0.25.6"; "" = unknown/always
  std::string_view until;  ///< last awf version that uses it; "" = still current
  std::string_view where;  ///< the variables or outputs that carry it
};

/// The zero-token request that proves the credential the sidecar injects is accepted (domain §6:
/// "auth is checked before the body"). Empty `path` = no such request is known for the provider.
/// A request with a path but `accepted_status` 0 is rejection-only: its 401/403 names a rejected key,
/// any other answer is inconclusive (never a pass), because no answer is known to show acceptance.
struct ProbeRequest {
  std::string_view method;
  std::string_view path;
  /// Besides the credential; points into static storage (a table in providers.cpp), so a row
  /// holds no heap memory for it.
  std::span<const std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;
  int accepted_status = 0;              ///< the answer that means "key accepted, body refused"
  std::string_view accepted_error_type; ///< the error.type that goes with it
};

/// How the provider itself shapes an error (domain §6, §10). Empty fields = not known.
struct ErrorShape {
  std::string_view request_id_header;  ///< e.g. "request-id"
  std::string_view request_id_prefix;  ///< e.g. "req_"
  std::string_view request_id_body_key;
  bool top_level_type_error = false;   ///< body {"type":"error",…}
  /// The provider's own JSON error body, told apart from awf's api-proxy shapes (domain §4, §10):
  /// "openai" = {"error":{"message","type","code"}} (the `code` key, present even when null, and no
  /// awf `provider` key); "github" = GitHub's REST shape {"message","documentation_url"}; "" = none known.
  std::string_view body_shape;
};

struct Provider {
  ProviderId id;
  std::string_view name;          ///< "anthropic" (report and flag spelling)
  std::string_view display;       ///< "Anthropic"
  std::string_view client;        ///< the agent CLI that uses this route, e.g. "Claude Code"
  int sidecar_port = 0;           ///< api-proxy port (domain §1)
  std::string_view upstream_host; ///< e.g. "api.anthropic.com"; "" = not known
  std::vector<std::string_view> env_prefixes;    ///< variable families of this provider's clients
  std::vector<std::string_view> base_url_vars;   ///< in the order the client reads them
  std::vector<std::string_view> key_vars;        ///< API-key variables (must be absent in the agent)
  std::vector<std::string_view> token_vars;      ///< token variables (a placeholder is allowed)
  std::vector<std::string_view> oauth_vars;      ///< OAuth tokens (never in the agent)
  std::vector<Placeholder> placeholders;         ///< newest first
  std::vector<std::string_view> real_key_prefixes;  ///< shape of a real credential, e.g. "sk-ant-"
  std::vector<std::string_view> token_shapes;    ///< prefixes a client accepts as token-shaped (empty = no check)
  /// The client ignores its base URL variable when none of the key/token variables is set and calls
  /// the upstream itself (Codex v0.121+, domain §8).
  bool base_url_needs_key = false;
  std::string_view injected_auth_header;         ///< what the sidecar injects, e.g. "x-api-key"
  std::string_view auth_scheme;                  ///< "Bearer" etc.; "" = not known
  std::vector<std::string_view> health_services; ///< per-port /health "service" values, newest first
  std::string_view sidecar_key_var;              ///< the sidecar's own variable holding the real key
  /// How the sidecar's string `error` starts when this provider's port has no credential (domain §4:
  /// the OpenAI port's 404 {"error":"OpenAI proxy not configured (…)"}); "" = its not-configured answer
  /// is awf's `provider_not_configured` error type (or not known).
  std::string_view not_configured_error;
  ProbeRequest zero_token_probe;
  ProbeRequest models_probe;                     ///< a keyless request the provider answers itself
  ErrorShape errors;
  /// Client request headers the sidecar removes before forwarding, lower case (domain §4 "Headers"
  /// point 1; a trailing `*` is a prefix). Empty = not known for this route.
  std::vector<std::string_view> stripped_headers;
  /// The client's own credential-helper setting (Claude Code's `apiKeyHelper`, domain §3) that a token
  /// variable could compete with (H2); "" = the route's client runs none.
  std::string_view credential_helper;
  /// When awf puts this route's base URL and placeholder into the agent, as the end of a sentence
  /// ("awf sets both whenever …"; domain §2, §11); "" = our facts do not say (hints then say so).
  std::string_view agent_env_when;
};

/// awf's own addresses and names (domain §1-§3).
struct AwfFacts {
  std::string_view sidecar_ip;        ///< "172.30.0.30"
  std::string_view sidecar_hostname;  ///< "api-proxy"
  std::string_view squid_ip;
  int squid_port = 0;
  std::string_view agent_ip;
  int management_port = 0;            ///< /health, /metrics, /reflect
  std::string_view helper_image_path; ///< get-claude-key.sh inside the image
  std::string_view helper_chroot_path;
  std::string_view chroot_var;        ///< "true" when the agent runs in awf's chroot
  std::vector<std::string_view> markers;  ///< variables only an awf agent has (plus any AWF_* name)
  std::vector<std::string_view> proxy_vars;  ///< HTTPS_PROXY … in the order clients read them
  std::vector<std::string_view> no_proxy_vars;
};

/// Every provider row, anthropic first.
const std::vector<Provider>& providers();
const Provider& provider(ProviderId id);
/// The row with this name, or nullptr.
const Provider* provider_named(std::string_view name);
const AwfFacts& awf_facts();

/// The current placeholder (newest row) of a provider; "" when it has none.
std::string_view current_placeholder(const Provider& p);
/// True when `value` is any provider's placeholder of any version.
bool is_placeholder(std::string_view value);
/// Every credential variable of every provider (keys, tokens, OAuth) plus the generic ones awf
/// keeps out of the agent (GITHUB_TOKEN, GH_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN): what is
/// registered as a secret before anything reads it.
std::vector<std::string_view> all_credential_vars();
/// The provider's base URL http://<sidecar_ip>:<port>.
std::string awf_base_url(const Provider& p);
/// The provider's upstream origin https://<upstream_host>; "" when the host is not known.
std::string upstream_origin(const Provider& p);

}  // namespace awf
