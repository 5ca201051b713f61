#pragma once
// The access.log hot loop (issue 7's benchmark): every remaining line of a LineReader read as a
// Squid access.log line (squid_access.hpp, both formats) into a tally, a buffer of complete lines at
// a time instead of one next() call per line. The separators (space, tab, LF) of up to 64 KiB of
// lines are indexed in one vector pass, then each line is cut into fields from that index: one scan
// of the bytes finds both the line ends and the fields, with no per-line copy or allocation.
// The result equals reading each line with LineReader::next() and parse_access_line(): the same
// fields (runs of blanks are one separator, a CR before the LF is not part of the line), lines over
// kMaxLineBytes cut and counted as truncated, blank lines counted as `other`, the rest `unparsed`.
#include <cstdint>
#include <string_view>

#include "logs/line_reader.hpp"
#include "logs/source_summary.hpp"
#include "logs/squid_traffic.hpp"

namespace awf::logs {

/// Where the lines of one access.log go; each line is counted once in `summary`.
struct AccessSink {
  SquidTraffic& traffic;
  SourceSummary& summary;
  std::uint64_t& detailed_lines;  ///< lines parsed as firewall_detailed
  std::uint64_t& native_lines;    ///< lines parsed as Squid's native format
  int source = 0;                 ///< Where::source of the tally rows
};

/// Reads the rest of `r` into `sink`. Read errors stay in r.error().
void read_access_lines(LineReader& r, AccessSink& sink);

/// One line as LineReader::next() returns it (`text` without its line end).
void read_access_line(std::string_view text, bool truncated, std::uint64_t number, AccessSink& sink);

}  // namespace awf::logs
