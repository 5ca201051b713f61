#include "probes/client_probe.hpp"
#include "probes/client_route.hpp"
#include "topology/topology.hpp"
#include "probes/helper_config.hpp"
#include "probes/helper_run.hpp"
#include "probes/probes.hpp"
#include "probes/stream_probe.hpp"
#include "probes/topology_probe.hpp"

namespace awf {

std::vector<CheckDef> helper_checks() { return {helper_config_check(), helper_run_check_def()}; }

std::vector<CheckDef> all_checks() {
  std::vector<CheckDef> all;
  // proxy.client_request, proxy.stream / upstream.client_request, upstream.stream: each at the end of its link
  std::vector<CheckDef> stream = client_checks();
  for (auto& d : stream_checks()) stream.push_back(std::move(d));
  auto link_part = [&](Link l) {
    std::vector<CheckDef> out;
    for (auto& d : stream)
      if (d.link == l) out.push_back(d);
    return out;
  };
  for (auto part : {topology_checks(), helper_checks(), env_checks(), proxy_checks(), link_part(Link::proxy), squid_checks(),
                    upstream_checks(), link_part(Link::upstream), link_part(Link::env)})
    for (auto& d : part) all.push_back(std::move(d));
  // Outside awf, an upstream-link check names the credential really judged, never the api-proxy's.
  for (auto& d : all)
    if (d.link == Link::upstream && d.run)
      d.run = [run = d.run](const ProbeContext& ctx) {
        Check c = run(ctx);
        reword_for_mode(c, ctx, route_of(ctx.spec.topology));
        return c;
      };
  return all;
}

}  // namespace awf
