#pragma once
// The JSON form of a check's typed observation: the report's `checks[].observation` object
// (docs/report.md "observation", docs/report.schema.json $defs/observation). One key per member
// the check filled (exchange, health, credentials, helper_command, captured, sidecar, stream, env,
// helper_config, helper_run); an empty object when it filled none. Shapes only: credential values
// are never in an Observation (lengths and sha256 fingerprints instead); free-text strings (error
// messages, URLs, commands) still pass the one redaction step (report/report.cpp redact_report).
// Enums are spelled in lower case with '-' (Origin::api_proxy -> "api-proxy").
#include <nlohmann/json.hpp>

#include "observe/observation.hpp"

namespace awf {

/// `obs` as the report's observation object. Never throws.
nlohmann::json to_json(const Observation& obs);

/// The enum spellings used there.
const char* to_string(Source s);
const char* to_string(Role r);
const char* to_string(Origin o);
const char* to_string(Transport t);

}  // namespace awf
