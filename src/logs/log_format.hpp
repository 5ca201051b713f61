#pragma once
// Log formats awf-diag reads, and how a file's format is told from its content (never its name).
// Facts: domain.md §5 (firewall_detailed vs native access.log, told apart by field 2: `ip:port` vs a
// bare integer; audit.jsonl `ts` and ISO `timestamp` variants; cache.log; squid.conf), §4 (api-proxy
// JSONL: `timestamp`, `level`, `event`), §7 (Claude Code stream-json: `type` system/result/…),
// §2/§3/§8 (entrypoint `[entrypoint]`/`[health-check]` lines, CLI stderr messages).
#include <string>
#include <string_view>
#include <vector>

namespace awf::logs {

enum class LogFormat {
  unknown,                  ///< no line looked like any log this tool reads ("no log at all")
  empty,                    ///< no non-blank line
  squid_access_detailed,    ///< awf's firewall_detailed access.log
  squid_access_native,      ///< Squid's native `logformat squid`
  squid_audit_jsonl,        ///< awf's audit.jsonl (either variant)
  squid_cache_log,          ///< Squid's cache.log
  squid_conf,               ///< a squid.conf
  api_proxy_jsonl,          ///< awf api-proxy JSON lines (and its plain-text crash lines)
  claude_stream_json,       ///< Claude Code --output-format stream-json (may hold other agent lines)
  agent_output,             ///< agent container text: entrypoint, health-check, CLI stderr
};

/// Stable snake_case name ("squid_access_detailed", …) for reports and tests.
const char* format_name(LogFormat f);

/// Which source family a format belongs to: "squid_access", "squid_audit", "squid_cache",
/// "squid_conf", "api_proxy", "agent" (stream-json and agent text), or "" for unknown/empty.
const char* format_family(LogFormat f);

/// The format one line suggests, or LogFormat::unknown when it suggests none (blank lines, comments,
/// free text). Cheap: no JSON parse, only field shapes and key names.
LogFormat classify_line(std::string_view line);

/// The file's format from its first lines: the format most lines suggest (ties: the earlier line's
/// wins); squid_access_native and _detailed count as one vote family, reported as the majority.
/// `empty` when every line is blank, `unknown` when no line suggests a format.
LogFormat detect_format(const std::vector<std::string>& first_lines);

}  // namespace awf::logs
