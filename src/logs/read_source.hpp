#pragma once
// Reading one input into LogFacts: open (plain, gzip or stdin), detect the format from the first
// lines (log_format.hpp), then stream every line through that format's reader, accounting for each
// line in the SourceSummary. Constant memory: one bounded line buffer plus the bounded fact tables.
#include <cstdint>
#include <string>
#include <string_view>

#include "logs/log_facts.hpp"

namespace awf::logs {

inline constexpr std::size_t kDetectLines = 64;            ///< lines looked at to detect the format
inline constexpr std::size_t kDetectBytes = 256u << 10;    ///< at most this much of them, 256 KiB

/// A plain (not gzip) access.log at least this large is read as two halves on two threads, each
/// with its own bounded buffer and tally, merged after (line numbers stay those of the whole file).
inline constexpr std::uint64_t kParallelMinBytes = 64u << 20;

/// Reads `path` ("-" = stdin) into `facts` and appends its SourceSummary (also returned).
/// The file is read by its detected format whatever a flag promised; a caller compares
/// format_family(summary.format) with the family the flag names (--squid-log: squid_access or
/// squid_audit, …). Throws std::runtime_error when the file cannot be
/// opened (the message names the path); read errors later are recorded in SourceSummary::read_error.
const SourceSummary& read_source(const std::string& path, LogFacts& facts,
                                 std::uint64_t parallel_min_bytes = kParallelMinBytes);

/// Same for text in memory (tests, fuzzing); `name` becomes SourceSummary::path.
const SourceSummary& read_text(std::string_view content, const std::string& name, LogFacts& facts);

/// Reads `content` as the given format, skipping detection (fuzz targets drive one reader each).
const SourceSummary& read_text_as(std::string_view content, LogFormat format, const std::string& name, LogFacts& facts);

}  // namespace awf::logs
