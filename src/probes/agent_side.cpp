// agent_in_awf (agent_side.hpp): the resolved topology first, awf markers for an unresolved spec.
#include "probes/agent_side.hpp"

#include "probes/awf_env.hpp"

namespace awf {

std::optional<bool> awf_topology(const ProbeContext& ctx) {
  const Topology& t = ctx.spec.topology;
  if (t.mode_decided_by == "default") return std::nullopt;
  return t.mode == Mode::awf && !t.undecided;  // awf kept for lack of evidence is not known to be awf
}

bool agent_in_awf(const ProbeContext& ctx) {
  return awf_topology(ctx).value_or(!probe_detail::awf_marker(ctx.spec.env).empty());
}

}  // namespace awf
