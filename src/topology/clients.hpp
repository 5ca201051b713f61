#pragma once
// Client profiles as data: the requests an agent CLI really sends, so a probe can send the same.
//
// Sources (every row names its own in `provenance`):
//   - Claude Code 2.1.88: domain.md §3 and §7, and observed by tests/topology/clients_realclient_test.cpp (the real
//     @anthropic-ai/claude-code@2.1.88 run against loopback recording doubles; docs/clients.md).
//   - Codex, Copilot CLI: domain.md §8 and the cases R18 / R22. Where those are silent a field is
//     left empty and listed in ClientProfile::unknown — never guessed.
// Credential values never appear in a profile: header values hold placeholders ({{NAME}}, table
// below) that the prober substitutes with the values it is allowed to send (fakes/placeholders).
//   {{ANTHROPIC_AUTH_TOKEN}} {{ANTHROPIC_API_KEY}} {{apiKeyHelper}} {{CLAUDE_CODE_OAUTH_TOKEN}}
//   {{OPENAI_API_KEY}} {{COPILOT_GITHUB_TOKEN}}                      credentials
//   {{session_id}} (a UUID per run) {{node_version}} (e.g. v20.20.2) {{os}} (e.g. Linux)
//   {{arch}} (e.g. x64)                                               per-run / per-machine values
#include <map>
#include <string>
#include <vector>

namespace awf::topology {

struct HeaderField {
  std::string name;   ///< as the client spells it on the wire
  std::string value;  ///< may contain {{placeholders}}
  bool operator==(const HeaderField&) const = default;
};

/// Credential sources configured for the client (domain.md §3 table).
struct CredentialSources {
  bool auth_token = false;      ///< ANTHROPIC_AUTH_TOKEN
  bool api_key = false;         ///< ANTHROPIC_API_KEY
  bool api_key_helper = false;  ///< apiKeyHelper in a settings file this CLI version reads
  bool oauth_token = false;     ///< CLAUDE_CODE_OAUTH_TOKEN
  bool openai_key = false;      ///< OPENAI_API_KEY / CODEX_API_KEY
  bool copilot_token = false;   ///< COPILOT_GITHUB_TOKEN (token-shaped)
  bool operator==(const CredentialSources&) const = default;
};

/// The credential headers sent for one exact combination of sources.
struct AuthRow {
  CredentialSources when;               ///< exact match (all other sources unset)
  std::vector<HeaderField> first;       ///< on the first call
  std::vector<HeaderField> after_401;   ///< on retries after a 401
  std::string provenance;
};

/// A request other than the API call (e.g. Claude Code's `HEAD /` preconnect).
struct SideRequest {
  std::string method;
  std::string path_query;
  std::vector<HeaderField> headers;
  bool skipped_when_proxy_configured = false;  ///< not sent when HTTP(S)_PROXY is set
  std::string provenance;
};

struct ClientProfile {
  std::string id;           ///< "claude-code", "codex", "copilot"
  std::string version;      ///< client version the facts were taken from ("" = unknown)
  std::string provider;     ///< "anthropic", "openai", "copilot"
  std::string provenance;   ///< where the profile's facts come from
  std::vector<SideRequest> before;   ///< sent before the API call, in order
  std::string method;                ///< of the API call ("" = unknown)
  std::string path_query;            ///< of the API call, appended to the base URL ("" = unknown)
  std::vector<HeaderField> headers;  ///< non-credential headers of the API call, in wire order
  std::string model;                 ///< default model in the body ("" = unknown)
  bool streams = false;              ///< the API call asks for a stream
  std::vector<AuthRow> auth;         ///< credential headers by configured sources
  std::vector<std::string> unknown;  ///< fields the sources are silent about (left empty here)
};

/// The built-in profiles, in a stable order (claude-code, codex, copilot).
const std::vector<ClientProfile>& builtin_profiles();
/// A built-in profile by id; throws std::invalid_argument naming the known ids.
const ClientProfile& builtin_profile(const std::string& id);

/// How the probe's body is shaped (both spend no output token):
enum class BodyShape {
  zero_token_reject,  ///< the client's model/messages/stream but no max_tokens: rejected with
                      ///< 400 invalid_request_error after authentication (decisions.md §14)
  max_tokens_1,       ///< a valid request with max_tokens 1 (a stream when the client streams)
};

struct SequenceOptions {
  CredentialSources sources;
  bool proxy_configured = false;  ///< HTTP_PROXY/HTTPS_PROXY set in the judged environment
  BodyShape shape = BodyShape::zero_token_reject;
  int retries_after_401 = 1;      ///< how many 401-retries to include (CLAUDE_CODE_MAX_RETRIES)
  std::string model;              ///< overrides the profile's model ("" = profile's)
};

struct ClientRequest {
  std::string role;        ///< "preconnect", "first", "retry-after-401"
  std::string method;
  std::string path_query;
  std::vector<HeaderField> headers;  ///< credential headers at their place, with placeholders
  std::string body;                  ///< JSON text ("" for none)
};

/// The ordered requests the client would send for these sources, with the probe's zero-token body.
/// Throws std::invalid_argument when the profile has no method/path (unknown) or no AuthRow matches
/// the sources (the message names the combination).
std::vector<ClientRequest> request_sequence(const ClientProfile& p, const SequenceOptions& o);

/// The {{name}} placeholders a profile's header values may hold besides the credential slots
/// {{auth:<header>}} and the providers' credential variables ({{OPENAI_API_KEY}}, filled by
/// probes/client_route.cpp); probes/client_probe.cpp fills these.
inline constexpr std::string_view kProfilePlaceholders[] = {
    "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "apiKeyHelper",    "session_id",
    "node_version",         "os",                "arch",                    "copilot_auth_scheme"};

/// Replaces every {{name}} whose name is in `values`; other placeholders stay as they are.
std::string fill_placeholders(const std::string& text, const std::map<std::string, std::string>& values);

}  // namespace awf::topology
