#pragma once
// Squid error-page codes (`ERR_CANNOT_FORWARD`, `ERR_DNS_FAIL`, `ERR_ACCESS_DENIED`, …) seen in text
// logs: an `X-Squid-Error: ERR_… 0` header or a relayed error page quoted by the agent or the
// api-proxy, or a cache.log message. Only the names of Squid's own error templates count (a closed
// list from Squid's errors/templates); Node error codes such as `[ERR_INVALID_CHAR]` are tallied
// apart. What a code means for the chain (DNS vs an unreachable parent, domain.md §5 and case R28)
// is for the rules layer to read together with squid.conf's cache_peer/never_direct and cache.log.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "logs/source_summary.hpp"

namespace awf::logs {

struct CodeSeen {
  std::uint64_t count = 0;
  Where first;
};

struct ErrCodeFacts {
  static constexpr std::size_t kMaxCodes = 64;
  std::map<std::string, CodeSeen> squid;  ///< Squid error-page code -> occurrences
  std::map<std::string, CodeSeen> node;   ///< other ERR_* tokens (Node.js error codes)
  std::uint64_t dropped = 0;              ///< distinct codes beyond kMaxCodes
};

/// True for the name of a Squid error template (ERR_ACCESS_DENIED, ERR_CANNOT_FORWARD, …).
bool is_squid_error_code(std::string_view code);

/// Tallies every ERR_[A-Z0-9_]+ token of `text`; returns how many it found.
std::size_t scan_err_codes(std::string_view text, Where where, ErrCodeFacts& facts);

}  // namespace awf::logs
