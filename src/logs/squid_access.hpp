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

/// The entry one line holds, with `format` set to squid_access_detailed or squid_access_native;
/// nullopt when the line is of neither shape. Views point into `line`.
std::optional<AccessEntry> parse_access_line(std::string_view line, LogFormat* format = nullptr);

/// The authority of a request URL: `host:port` stays; `http://host:port/path` -> `host:port`.
std::string_view url_authority(std::string_view url);

}  // namespace awf::logs
