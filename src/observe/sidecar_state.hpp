#pragma once
// The api-proxy sidecar's own state, as its management port reports it (domain.md §4):
// `GET :10000/health` -> {status, service:"awf-api-proxy", squid_proxy, providers {name: bool},
// key_validation {complete, results {provider: {status, message}}}, metrics_summary {total_requests,
// total_errors, active_requests, avg_latency_ms}, …}. Read leniently across versions: every field is
// optional, a field of the wrong type is ignored, unknown fields are ignored (older sidecars have no
// key_validation, < v0.25.40; v0.25.x names its services "<provider>-proxy").
// key_validation statuses (≥ v0.25.40): valid, auth_rejected, inconclusive, network_error, skipped.
#include <map>
#include <optional>
#include <string>

namespace awf {

/// One provider's startup key validation result.
struct KeyValidation {
  std::string status;   ///< "valid" | "auth_rejected" | "network_error" | "inconclusive" | "skipped" | …
  std::string message;  ///< e.g. `Invalid character in header content ["x-api-key"]`
};

struct SidecarState {
  bool parsed = false;                        ///< the body was a JSON object
  bool awf_shape = false;                     ///< service "awf-api-proxy", or carries providers/key_validation
  std::string status;                         ///< "healthy" …
  std::string service;                        ///< "awf-api-proxy" …
  std::string squid_proxy;                    ///< the sidecar's HTTPS_PROXY or "not configured"
  std::map<std::string, bool> providers;      ///< providers.<name>
  std::optional<bool> key_validation_complete;
  std::map<std::string, KeyValidation> key_validation;  ///< key_validation.results
  std::optional<long long> total_requests;    ///< metrics_summary.total_requests
  std::optional<long long> total_errors;      ///< metrics_summary.total_errors
};

/// Parses a management /health body. Never throws; a non-JSON body gives parsed = false.
SidecarState parse_sidecar_health(const std::string& body);

/// The character class a sidecar message names, for hints that never show the key:
/// "Invalid character in header content" (Node's ERR_INVALID_CHAR) -> "a character not allowed in an
/// HTTP header value (a newline, another control character or a non-ASCII one such as U+200B)";
/// "" when the message names no invalid character.
std::string invalid_char_class(const std::string& message);

}  // namespace awf
