#pragma once
// LogFacts and Correlation as JSON (evidence for Check records, the bench program's output, tests).
// Shapes mirror the structs field by field (snake_case keys, counts as integers, Where as
// {"source": <index into sources>, "line": N} or null). Not yet redacted: pass the result through
// core/redact.hpp's redact_json before showing it.
#include <nlohmann/json.hpp>

#include "logs/correlate.hpp"
#include "logs/log_facts.hpp"

namespace awf::logs {

nlohmann::json to_json(const SourceSummary& s);
nlohmann::json to_json(const LogFacts& f);
nlohmann::json to_json(const Correlation& c);

}  // namespace awf::logs
