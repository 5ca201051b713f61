#pragma once
// The one redaction step (core/redact.hpp) applied to a typed observation in place, before it is
// written as the report's checks[].observation: every free-text string field (error messages,
// URLs, commands, paths, names, entries) passes redact(); numbers, flags and enums are left as they
// are. An observation never holds a credential value by design (lengths and fingerprints instead);
// this catches one that reached free text (a key echoed in an error message, userinfo in a URL).
#include "core/redact.hpp"
#include "observe/observation.hpp"

namespace awf {

/// Redacts every string field of `obs` in place. Never throws.
void redact_observation(Observation& obs, const SecretSet& secrets);

}  // namespace awf
