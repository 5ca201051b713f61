#pragma once
// Everything the log readers extracted from a set of files: plain typed facts for a rules layer
// (issue 7 / the typed observations of issue 11). No cause is decided here and no verdict given;
// a rules layer reads these facts together with squid.conf/cache.log context and the correlation
// (logs/correlate.hpp). Secrets: no field holds a raw log line; the short texts kept (result text,
// error messages, FATAL lines) are capped and must still pass the report's redaction step.
#include <string>
#include <vector>

#include "logs/agent_text.hpp"
#include "logs/api_proxy_log.hpp"
#include "logs/claude_stream.hpp"
#include "logs/err_codes.hpp"
#include "logs/source_summary.hpp"
#include "logs/squid_cache_log.hpp"
#include "logs/squid_conf.hpp"
#include "logs/squid_traffic.hpp"

namespace awf::logs {

/// Labels for the awf addresses (domain.md §1). Only compared with log fields; no network is touched.
struct LogOptions {
  std::string agent_ip = "172.30.0.20";
  std::string proxy_ip = "172.30.0.30";
  /// Names the agent may use for the sidecar in a URL (NO_PROXY misses show them, decisions.md §18).
  std::vector<std::string> proxy_hostnames = {"api-proxy"};
};

struct LogFacts {
  std::vector<SourceSummary> sources;  ///< one per file read, in reading order (Where::source indexes it)

  SquidTraffic access;                 ///< from access.log lines (both formats)
  std::uint64_t access_detailed_lines = 0, access_native_lines = 0;
  SquidTraffic audit;                  ///< from audit.jsonl (same events as access.log: kept apart, never summed)
  std::uint64_t audit_ts_lines = 0, audit_iso_lines = 0;

  CacheLogFacts cache_log;
  SquidConfFacts squid_conf;
  ApiProxyFacts api_proxy;
  ClaudeStreamFacts claude;
  AgentTextFacts agent;
  ErrCodeFacts err_codes;              ///< Squid/Node error codes quoted in any text log

  bool has(const char* family) const;  ///< a source of this format_family() was read
};

}  // namespace awf::logs
