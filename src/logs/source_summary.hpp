#pragma once
// What a reader says about one input file (awf-diag analyze, issue 7): its detected format and how
// every line was accounted for. Each line lands in exactly one bucket:
//   lines_read = lines_used + lines_other + lines_unparsed
// - used: the line was understood and contributed a fact;
// - other: a well-formed line of the format that carries nothing the diagnosis reads (an unknown
//   api-proxy event, a Claude `assistant` message, a squid.conf comment, free text in agent output);
// - unparsed: the line is not valid for the format (wrong field count, broken JSON, binary garbage,
//   a line cut at kMaxLineBytes that could not be read). Never dropped silently: counted, and the
//   first such line number is kept. The line's text is never stored (it may hold a secret).
#include <cstdint>
#include <string>

#include "logs/log_format.hpp"

namespace awf::logs {

/// Where a fact was first seen: index into LogFacts::sources and the 1-based line number.
struct Where {
  int source = -1;
  std::uint64_t line = 0;
  bool known() const { return source >= 0; }
};

/// How one line was accounted for by a reader.
enum class LineUse { used, other, unparsed };

struct SourceSummary {
  std::string path;                 ///< as given ("-" for stdin), or found by discovery
  LogFormat format = LogFormat::unknown;
  bool gzip = false;                ///< the file was gzip-compressed
  std::uint64_t bytes_in = 0;       ///< bytes read from the file (compressed size for gzip)
  std::uint64_t lines_read = 0;
  std::uint64_t lines_used = 0;
  std::uint64_t lines_other = 0;
  std::uint64_t lines_unparsed = 0;
  std::uint64_t first_unparsed_line = 0;  ///< 0 when every line parsed
  std::uint64_t lines_truncated = 0;      ///< lines longer than kMaxLineBytes
  std::string read_error;                 ///< empty, or why reading stopped early (I/O, corrupt gzip)

  void count(LineUse use, std::uint64_t line_number) {
    ++lines_read;
    switch (use) {
      case LineUse::used: ++lines_used; break;
      case LineUse::other: ++lines_other; break;
      case LineUse::unparsed:
        ++lines_unparsed;
        if (first_unparsed_line == 0) first_unparsed_line = line_number;
        break;
    }
  }
};

}  // namespace awf::logs
