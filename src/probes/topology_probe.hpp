#pragma once
// The topology stage (decisions.md 5): resolved once, before any probe of a hop, from the flags, the
// judged environment and — only when those leave it open — what the base URL's GET /health answers
// (one request, at most kTopologyHealthCapMs or a quarter of the run's deadline). The topology.*
// checks then state the result in the report. Facts: awf's /health shapes, domain.md §4 (copied in
// docs/topology.md); the rules are topology/topology.hpp's.
#include <vector>

#include "core/probe_io.hpp"
#include "core/runner.hpp"

namespace awf {

inline constexpr long long kTopologyHealthCapMs = 2000;

/// Decides spec.topology from flags.mode / flags.provider, spec.env, spec.origin and (auto only, when
/// the environment does not decide it) GET <base URL>/health through `io`. Never throws for network
/// outcomes; no answer is evidence too.
Topology resolve_topology(const ChainSpec& spec, const ChainFlags& flags, const ProbeIo& io);

/// topology.mode and topology.provider: state spec.topology (pass; the summary says when auto could
/// not tell, and names the other reading). They do no I/O.
std::vector<CheckDef> topology_checks();

}  // namespace awf
