#pragma once
// The catalog of causes beyond H1–H4: one stable id per fault a check can name in
// evidence.fault, with the one-line title the report gives it (docs/hypotheses.md). Ids are never
// reused for another meaning.
#include <string>

namespace awf {

/// Title of a cause id, or "" for an id the catalog does not know.
std::string cause_title(const std::string& fault_id);

}  // namespace awf
