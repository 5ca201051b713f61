#pragma once
// Finding the logs inside a directory: a gh-aw run's artifact or awf's logs dir, in any layout
// domain.md §5 lists (squid-logs/, api-proxy-logs/, firewall-audit-logs/, firewall-logs-<wf>/,
// sandbox/firewall/logs/ in the unified `agent` artifact, …). The tree is searched recursively and
// every regular file is sniffed (its first lines, log_format.hpp): names are never trusted, so a
// renamed or gzip-compressed log is still found and a file named access.log that holds something
// else is not taken for one. Symbolic links are not followed. Bounded: at most max_files files and
// max_depth levels are looked at (`truncated` says when the limit cut the search).
#include <cstdint>
#include <string>
#include <vector>

#include "logs/log_facts.hpp"

namespace awf::logs {

struct DiscoveredFile {
  std::string path;
  LogFormat format = LogFormat::unknown;
};

/// A source family the analysis looks for, and the files found for it (empty = looked for, not found).
struct ExpectedSource {
  std::string family;       ///< format_family() name
  std::string description;  ///< what was looked for, for people
  std::vector<std::string> found;
};

struct Discovery {
  std::vector<DiscoveredFile> logs;          ///< files whose content is a known log format
  std::vector<std::string> empty_files;      ///< regular files with no non-blank line (format unknowable)
  std::uint64_t files_seen = 0;
  std::uint64_t not_logs = 0;                ///< readable files that are no log this tool reads
  std::vector<std::string> not_logs_sample;  ///< first 16 of them
  std::uint64_t symlinks_skipped = 0;
  std::vector<std::string> errors;           ///< unreadable entries, "<path>: <reason>" (first 16)
  bool truncated = false;
  std::vector<ExpectedSource> expected;      ///< every family, found or not
};

/// Searches `dir`. Throws std::runtime_error when `dir` is not a readable directory.
Discovery discover(const std::string& dir, std::uint64_t max_files = 20000, int max_depth = 16);

/// Reads every log of `d` into `facts` (read_source). Files that fail to open are added to d.errors.
void read_discovered(Discovery& d, LogFacts& facts);

}  // namespace awf::logs
