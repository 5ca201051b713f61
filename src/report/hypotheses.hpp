#pragma once
// The hypotheses engine: rules over Check records only (never the network), so the same rules
// serve live probes now and records built from logs later (design.md "The hypotheses engine").
//
// H1–H4 keep the meaning the seed's reporter gave them (awf #1527; cases/README.md "Hypotheses and
// verdicts"). A cause none of them names is reported as its own hypothesis, id = the `fault` id a
// failing check put in its evidence (e.g. "proxy-invalid-injected-header"), verdict supported.
// Verdicts: supported | refuted | inconclusive | not-applicable.
#include <vector>

#include "core/check.hpp"
#include "report/report.hpp"
#include "topology/providers.hpp"

namespace awf {

/// H1, H2, H3, H4 (always, in that order), decided by the first-match tables over the checks'
/// typed observations and faults, then one supported entry per distinct fault of a failed check,
/// in check order. `p` is the provider whose route the checks judged.
std::vector<Hypothesis> evaluate_hypotheses(const std::vector<Check>& checks, const Provider& p);
/// The same for the route judged_provider(checks) names.
std::vector<Hypothesis> evaluate_hypotheses(const std::vector<Check>& checks);

/// The provider whose route `checks` judged, as their topology.provider check states it, else as the
/// checks' provider field names it; the Anthropic row when neither does (a log-only or hand-made set).
const Provider& judged_provider(const std::vector<Check>& checks);

}  // namespace awf
