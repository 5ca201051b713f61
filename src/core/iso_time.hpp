#pragma once
// The wall-clock time a report records (`run.started_at`).
#include <string>

namespace awf {

/// Now in UTC as ISO 8601 with seconds, e.g. "2026-11-30T01:47:31Z" (RFC 3339 §5.6). Never throws.
std::string iso_now();

}  // namespace awf
