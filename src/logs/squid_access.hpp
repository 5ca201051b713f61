#pragma once
// Squid access.log lines in awf's `firewall_detailed` format and in Squid's native `squid` format
// (domain.md §5), told apart per line by field 2 (`ip:port` vs a bare integer):
//   firewall_detailed: %ts.%03tu %>a:%>p %{Host}>h %<a:%<p %rv %rm %>Hs %Ss:%Sh %ru "%{User-Agent}>h"
//   native:            %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt
// The User-Agent is not kept. A line of neither shape is unparsed.
#include <optional>
#include <string_view>

#include "logs/log_format.hpp"
#include "logs/squid_traffic.hpp"

namespace awf::logs {

/// Fills `out` from one line and sets `format` to squid_access_detailed or squid_access_native;
/// false when the line is of neither shape (`out` is then unspecified). Views point into `line`.
/// This is the hot path of the reader (no allocation, no zero-filling).
bool parse_access_line(std::string_view line, AccessEntry& out, LogFormat& format);

/// The same from a line already cut by split_fields(line, f, 10) (text_fields.hpp) into `n` fields;
/// only f[0..8] are read, so a caller may stop cutting after 9 fields (n = 9).
bool parse_access_fields(const std::string_view* f, std::size_t n, AccessEntry& out, LogFormat& format);

/// Convenience form of the above.
inline std::optional<AccessEntry> parse_access_line(std::string_view line, LogFormat* format = nullptr) {
  AccessEntry e;
  LogFormat f = LogFormat::unknown;
  if (!parse_access_line(line, e, f)) return std::nullopt;
  if (format) *format = f;
  return e;
}

/// The authority of a request URL: `host:port` stays; `http://host:port/path` -> `host:port`.
std::string_view url_authority(std::string_view url);

}  // namespace awf::logs
