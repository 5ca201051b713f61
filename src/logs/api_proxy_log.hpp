#pragma once
// awf api-proxy log: one JSON object per line on stdout, `{"timestamp","level","event",…}`
// (domain.md §4), plus the plain-text lines Node prints when the process crashes (R01:
// `TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["x-api-key"]`).
// Events read: startup/server_start, key_validation*, request_start, auth_inject, upstream_auth_error,
// request_complete, request_error, rate_limited and guard events; other event names are tallied.
// Secrets: `auth_inject.key_preview` holds 12 characters of the real key and is never read or
// stored; only `key_length` and `has_anthropic_version` are. No other field value is kept except
// the short texts named below (capped at 240 bytes).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logs/err_codes.hpp"
#include "logs/source_summary.hpp"

namespace awf::logs {

struct ApiProxyFacts {
  static constexpr std::size_t kMaxKeys = 64;  ///< distinct keys per tally map; more go to `dropped`
  static constexpr std::size_t kMaxKept = 16;  ///< messages kept per list

  std::uint64_t json_events = 0;
  std::uint64_t startup_events = 0;             ///< startup, server_start
  std::optional<std::string> squid_proxy;       ///< startup's `squid_proxy` (HTTPS_PROXY or "not configured")
  std::vector<std::string> providers_configured;///< names from `providers_configured` (array or object of true)
  Where no_https_proxy_warning;                 ///< "No HTTPS_PROXY configured …"

  struct KeyValidation {
    std::string event;     ///< key_validation, key_validation_failed, key_validation_strict_exit
    std::string provider;
    std::string status;    ///< valid, auth_rejected, inconclusive, network_error, skipped, … (as logged)
    std::string message;   ///< capped
    Where where;
  };
  std::vector<KeyValidation> key_validations;

  std::map<std::string, std::uint64_t> request_start;    ///< provider -> count
  std::map<std::string, std::uint64_t> request_complete; ///< "<provider> <status>" -> count
  std::uint64_t request_start_total = 0, request_complete_total = 0, request_error_total = 0;
  /// The same ends of API calls only: not the client's `HEAD /` preconnect (domain.md §7); an end
  /// whose request_start is not in the log counts as an API call.
  std::uint64_t api_complete_total = 0, api_error_total = 0;
  struct Message { std::string text; Where where; };
  std::vector<Message> request_errors;                   ///< request_error `error`/`message`, capped

  std::uint64_t auth_inject = 0;
  std::map<long long, std::uint64_t> auth_inject_key_length;  ///< key_length -> count
  std::uint64_t auth_inject_without_version = 0;              ///< has_anthropic_version false

  std::map<long long, std::uint64_t> upstream_auth_error;     ///< status -> count (-1: none logged)
  std::map<std::string, std::uint64_t> guard_events;          ///< rate_limited and *_exceeded etc.
  std::map<std::string, std::uint64_t> other_events;          ///< any other event name -> count

  /// Node crash text: `[ERR_INVALID_CHAR]` and the header named in "Invalid character in header
  /// content [\"x-api-key\"]".
  std::uint64_t crash_lines = 0;
  std::vector<std::string> invalid_header_names;
  Where first_crash;

  std::uint64_t dropped = 0;  ///< tally keys beyond kMaxKeys (their counts are lost, this says so)

  /// Reader state: provider of each started request by request_id, so a request_complete without a
  /// `provider` field is counted under its request's provider. Bounded (kMaxOpenRequests); not a fact.
  static constexpr std::size_t kMaxOpenRequests = 4096;
  struct OpenRequest {
    std::string provider;
    bool api = true;  ///< not a HEAD / preconnect
  };
  std::map<std::string, OpenRequest> open_requests;
};

/// Feeds one api-proxy log line; Squid ERR_* codes in its text go to `codes`.
LineUse read_api_proxy_line(std::string_view line, Where where, ApiProxyFacts& facts, ErrCodeFacts& codes);

}  // namespace awf::logs
