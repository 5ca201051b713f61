#pragma once
// awf's audit.jsonl (domain.md §5): the same events as access.log, one flat JSON object per line,
// no User-Agent and no hierarchy code. Two variants, both accepted:
//   older: {"ts":1774290909.186,"client":…,"host":…,"dest":…,"method":…,"status":403,"decision":"TCP_DENIED","url":…}
//          (some builds prefix "_schema":"audit/v<version>")
//   newer: {"_schema":"audit/v<version>","timestamp":"<ISO>","event":"http_access",…same fields…}
// Squid does not JSON-escape, so fields are read leniently (a string ends at a quote followed by
// `,` or `}`); no JSON parser is used. `decision` is %Ss only.
#include <optional>
#include <string_view>

#include "logs/squid_traffic.hpp"

namespace awf::logs {

enum class AuditVariant { ts_float, iso_timestamp };

/// The entry of one audit.jsonl line (hierarchy empty, elapsed -1); nullopt when the line is not
/// an object with client, method, status and decision, or has neither `ts` nor `timestamp`.
/// An `event` other than http_access yields nullopt with *other_event set (counted as other).
std::optional<AccessEntry> parse_audit_line(std::string_view line, AuditVariant* variant = nullptr,
                                            bool* other_event = nullptr);

}  // namespace awf::logs
