#pragma once
// --only / --skip: choosing checks by id glob (fnmatch(3) patterns: *, ?, [...]), as in
// `awf-diag check-chain --only 'proxy.*' --skip proxy.health`.
#include <string>
#include <vector>

#include "core/runner.hpp"

namespace awf {

/// Selects from `defs` (a dependency-closed set, in run order):
///  1. kept = the checks matching any `only` pattern (all of `defs` when `only` is empty);
///  2. minus the checks matching any `skip` pattern and every check that depends on one of them,
///     directly or transitively (it could not run without it);
///  3. plus, transitively, the prerequisites of every kept check: they still run (a kept check
///     cannot be judged without them), though `only` did not name them.
/// Returns the selection in the order of `defs`. Throws std::invalid_argument naming the pattern when
/// a pattern matches no check id (a typo would otherwise silently select nothing).
std::vector<CheckDef> filter_checks(const std::vector<CheckDef>& defs, const std::vector<std::string>& only,
                                    const std::vector<std::string>& skip);

/// True when `id` matches the fnmatch(3) glob `pattern`.
bool check_id_matches(const std::string& pattern, const std::string& id);

}  // namespace awf
