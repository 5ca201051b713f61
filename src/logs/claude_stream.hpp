#pragma once
// Claude Code `--output-format stream-json --verbose` lines (domain.md §7; parse leniently, fields
// are added over versions):
//   {"type":"system","subtype":"init",…,"apiKeySource":…,"claude_code_version":…,"model":…}
//   {"type":"system","subtype":"api_retry","attempt":N,"max_retries":M,"error_status":<int|null>,"error":"<category>"}
//   {"type":"result","is_error":…,"result":"<text>","api_error_status":…,"total_cost_usd":…}
// Kept: init fields, an api_retry histogram keyed by (error_status, error) with null counted apart
// (null = no HTTP response reached the client), the last result. Assistant/user message content is
// never stored.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "logs/source_summary.hpp"

namespace awf::logs {

struct ClaudeStreamFacts {
  static constexpr std::size_t kMaxKeys = 64;

  std::uint64_t init_count = 0;
  std::optional<std::string> api_key_source;  ///< "none" also for Bearer-token logins: proves nothing alone
  std::optional<std::string> version;         ///< claude_code_version
  std::optional<std::string> model;
  Where init;

  std::uint64_t api_retry = 0;
  std::uint64_t api_retry_null_status = 0;    ///< error_status null or absent
  /// (error_status, error) -> count; error_status nullopt = null/absent.
  std::map<std::pair<std::optional<long long>, std::string>, std::uint64_t> retry_histogram;
  std::optional<long long> max_retries;       ///< from the last api_retry line
  Where first_retry;

  std::uint64_t results = 0;                  ///< result lines (the fields below: the last failed
                                              ///< one's once any failed, else the last one's)
  std::uint64_t results_ok = 0;               ///< results with is_error false
  std::uint64_t results_failed = 0;           ///< results with is_error true or absent
  std::optional<bool> is_error;
  std::optional<double> total_cost_usd;
  std::optional<long long> api_error_status;
  std::optional<long long> num_turns;
  std::string result_subtype;
  std::string result_text;                    ///< capped at 240 bytes
  Where result;

  std::map<std::string, std::uint64_t> other_types;  ///< "<type>/<subtype>" of other lines
  std::uint64_t dropped = 0;
};

/// Feeds one line that starts with '{'. nullopt when the line is a JSON object that is not a
/// stream-json message (no string `type`), so the caller may treat it as other; unparsed when it
/// is not valid JSON.
std::optional<LineUse> read_claude_stream_line(std::string_view line, Where where, ClaudeStreamFacts& facts);

/// Client attempts the stream-json shows: api_retry lines + 1 when any retry or result was seen,
/// else 0 (Claude Code prints one api_retry per retry after the first attempt).
std::uint64_t client_attempts(const ClaudeStreamFacts& facts);

}  // namespace awf::logs
