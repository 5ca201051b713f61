#pragma once
// Squid's cache.log: a line is `YYYY/MM/DD HH:MM:SS[ kidN]| message` (or a bare message after a
// crash). The reader keeps only what a diagnosis of the CONNECT path reads; the messages are those
// Squid 5.7 prints (checked against a real Squid 5.7 run with a dead cache_peer: it logs
// "Configuring Parent <host>/<http-port>/<icp-port>" at start and no per-connect failure at the
// default debug level, so a missing failure line is not evidence of a working parent).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logs/source_summary.hpp"

namespace awf::logs {

/// True when `line` has cache.log's time-stamp prefix or is one of its unprefixed fatal shapes.
bool cache_log_line_shape(std::string_view line);

struct CacheLogMessage {
  std::string text;  ///< the message after the time stamp, capped at 240 bytes
  Where where;
};

struct CacheLogFacts {
  static constexpr std::size_t kMaxKept = 16;  ///< messages kept per list; counts are complete
  std::uint64_t fatal_count = 0;
  std::vector<CacheLogMessage> fatal;           ///< "FATAL: …"
  struct Assertion { std::string file; int line = 0; std::string text; Where where; };
  std::uint64_t assertion_count = 0;
  std::vector<Assertion> assertions;            ///< "assertion failed: file.cc:123: \"expr\""
  std::uint64_t starts = 0;                     ///< "Starting Squid Cache version …"
  std::string version;                          ///< from the first start line
  std::uint64_t kid_deaths = 0;                 ///< "… exited due to signal …" / "will not be restarted"
  std::vector<CacheLogMessage> kid_death_lines;
  struct Parent { std::string host; int http_port = 0; int icp_port = 0; std::string kind; Where where; };
  std::vector<Parent> peers_configured;         ///< "Configuring Parent|Sibling host/port/icp"
  std::uint64_t peer_failures = 0;              ///< connect failures, DEAD peers, "Failed to select source"
  std::vector<CacheLogMessage> peer_failure_lines;
  std::uint64_t dns_problems = 0;               ///< nameserver/DNS errors
  std::vector<CacheLogMessage> dns_lines;
};

/// Feeds one cache.log line into `facts`; returns how the line was used.
LineUse read_cache_log_line(std::string_view line, Where where, CacheLogFacts& facts);

}  // namespace awf::logs
