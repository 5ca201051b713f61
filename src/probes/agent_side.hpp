#pragma once
// Which side of awf's credential isolation the judged agent is on, for every check that judges a
// credential in the agent (rules/agent_credential.hpp; docs/topology.md "A credential in the agent").
#include <optional>

#include "core/runner.hpp"

namespace awf {

/// Whether awf's agent-side rules apply by the run's resolved topology: true in awf mode (not awf
/// kept for lack of evidence), false in gateway and direct mode; nullopt for a spec nobody resolved
/// (unit tests), where the judged environment's awf markers decide.
std::optional<bool> awf_topology(const ProbeContext& ctx);

/// awf_topology(ctx), else "an awf marker is set in the judged environment" (probes/awf_env.hpp).
bool agent_in_awf(const ProbeContext& ctx);

}  // namespace awf
