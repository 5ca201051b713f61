#pragma once
// Client profiles as JSON: what `--client-profile FILE` loads (decisions.md §13) and what a
// recorded request can be turned into. Format (docs/clients.md), all keys but id/method/path_query
// optional:
//   {"schema": "awf-diag/client-profile/1", "id": "...", "version": "...", "provider": "anthropic",
//    "provenance": "...", "before": [{"method","path_query","headers","skipped_when_proxy_configured",
//    "provenance"}], "method": "POST", "path_query": "/v1/messages?beta=true",
//    "headers": [["name", "value"], ...], "model": "...", "streams": true,
//    "auth": [{"when": ["auth_token", "api_key_helper", ...], "first": [[n, v]], "after_401": [[n, v]],
//              "provenance": "..."}],
//    "unknown": ["..."]}
// Bounded parsing: at most kMaxProfileBytes of input, nesting depth 8, 100 headers per list,
// 32 auth rows, 8 `before` requests, 64 `unknown` notes; header names are RFC 9110 tokens of at
// most 256 bytes; values at most 8 KiB without CR, LF or NUL; path_query starts with '/' and has
// no whitespace or control bytes. Credential headers (Authorization, x-api-key, Proxy-Authorization,
// Cookie, x-goog-api-key) must hold a {{placeholder}}, never a value (no secrets in profile files,
// and a fingerprint cannot be replayed). Unknown keys are ignored.
// Errors: std::invalid_argument with one line naming the file (when loading one) and the field.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "topology/clients.hpp"

namespace awf::topology {

inline constexpr std::size_t kMaxProfileBytes = 256 * 1024;
/// A profile header value's bound (bytes); a longer one is an error.
inline constexpr std::size_t kMaxProfileHeaderValue = 8 * 1024;
inline constexpr const char* kProfileSchema = "awf-diag/client-profile/1";

nlohmann::ordered_json profile_to_json(const ClientProfile& p);
/// Parses and validates `text` (throws std::invalid_argument, see above).
ClientProfile profile_from_json(const std::string& text);
/// Reads FILE and parses it; errors name the file. FILE is a profile (at most kMaxProfileBytes) or a
/// report written by `awf-diag capture -o json` (at most kMaxReportBytes; its recorded request
/// becomes the profile, topology/captured_profile.hpp).
ClientProfile load_client_profile(const std::string& path);

}  // namespace awf::topology
