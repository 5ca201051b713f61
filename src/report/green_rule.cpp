#include "report/green_rule.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "observe/http_exchange.hpp"
#include "topology/providers.hpp"

namespace awf {
namespace {

Check* find(std::vector<Check>& checks, std::string_view id) {
  auto it = std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return c.id == id; });
  return it == checks.end() ? nullptr : &*it;
}

}  // namespace

bool require_upstream_acceptance(std::vector<Check>& checks) {
  Check* auth = find(checks, check_id::upstream_auth);
  if (!auth) return false;
  if (std::any_of(checks.begin(), checks.end(),
                  [](const Check& c) { return c.status == Status::fail || c.status == Status::error; }))
    return false;
  // The request on the client's route: upstream.auth's own in direct mode (it sends one), else
  // proxy.forward's (awf and gateway: the first hop relays it).
  const Check* fwd = find(checks, check_id::proxy_forward);
  const Exchange* e = auth->obs.exchange         ? &*auth->obs.exchange
                      : fwd && fwd->obs.exchange ? &*fwd->obs.exchange
                                                 : nullptr;
  const bool from_provider = e && e->complete && e->origin == Origin::provider;
  if (from_provider && (auth->status == Status::pass || auth->status == Status::warn)) return false;

  const Provider& p = provider(ProviderId::anthropic);
  const std::string who = !e ? "no request on the client's route was recorded"
                          : !e->complete ? "the request on the client's route got no HTTP response"
                                         : fmt::format("the answer on the client's route was produced by {} (HTTP {})",
                                                       to_string(e->origin, p), e->http_status.value_or(0));
  auth->status = Status::fail;
  auth->skip_reason.clear();
  auth->summary = fmt::format("no answer from {} showed the injected credential accepted: {}; upstream.auth was {}",
                              p.display, who, auth->summary.empty() ? "not decided" : auth->summary);
  auth->hint = hint(FaultId::upstream_acceptance_unseen, p);
  auth->evidence["rule"] = "green-needs-acceptance";
  set_fault(*auth, FaultId::upstream_acceptance_unseen);
  return true;
}

}  // namespace awf
