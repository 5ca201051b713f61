#include "report/green_rule.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "observe/http_exchange.hpp"
#include "report/hypotheses.hpp"
#include "rules/answer_400.hpp"
#include "rules/check_rules.hpp"
#include "topology/providers.hpp"

namespace awf {
namespace {

Check* find(std::vector<Check>& checks, std::string_view id) {
  auto it = std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return c.id == id; });
  return it == checks.end() ? nullptr : &*it;
}

/// The request on the client's route: upstream.auth's own in direct mode (it sends one), else
/// proxy.forward's (awf and gateway: the first hop relays it); null when neither recorded one.
const Exchange* route_exchange(const Check* auth, const Check* fwd) {
  if (auth && auth->obs.exchange) return &*auth->obs.exchange;
  if (fwd && fwd->obs.exchange) return &*fwd->obs.exchange;
  return nullptr;
}

}  // namespace

bool require_upstream_acceptance(std::vector<Check>& checks, bool upstream_in_scope) {
  if (std::any_of(checks.begin(), checks.end(),
                  [](const Check& c) { return c.status == Status::fail || c.status == Status::error; }))
    return false;
  const Provider& p = judged_provider(checks);  // the route's row: its error shapes and host
  Check* auth = find(checks, check_id::upstream_auth);
  if (!auth) {
    // A run without upstream.auth (`probe proxy`, --only, --skip) that still sent a request on the
    // client's route: its answer is judged as upstream.auth would judge it, and a verdict that is
    // not acceptance is added as upstream.auth, so a rejected key never ends green.
    Check added;
    added.id = std::string(check_id::upstream_auth);
    added.link = Link::upstream;
    added.title = "the upstream accepts the route's credential (in awf: the injected key)";
    for (const auto& c : checks)
      if (!c.provider.empty()) added.provider = c.provider;  // the route's tag (every live check has it)
    const Exchange* fwd_exchange = route_exchange(nullptr, find(checks, check_id::proxy_forward));
    if (!fwd_exchange) {
      // No request on the route at all, in a run that asks about the upstream link (check-chain with
      // --skip, --only …): the upstream's acceptance is not shown, so the run cannot end green.
      const bool asks_upstream = std::any_of(checks.begin(), checks.end(), [&](const Check& c) {
        const bool live_hop = c.id.rfind("proxy.", 0) == 0 || c.id.rfind("squid.", 0) == 0;
        return (c.link == Link::upstream && c.id.rfind("upstream.", 0) == 0) || (upstream_in_scope && live_hop);
      });
      if (!asks_upstream) return false;
      const bool fwd_selected = find(checks, check_id::proxy_forward) != nullptr;
      added.status = Status::error;
      added.evidence = {{"not_selected", true}, {"rule", "green-needs-acceptance"}};
      added.summary = fmt::format(
          "inconclusive: no request on the client's route was sent in this run (the selection left out {}), so "
          "whether {} accepts the credential is not shown",
          fwd_selected ? "upstream.auth, and proxy.forward sent nothing" : "proxy.forward and upstream.auth",
          p.display);
      added.hint = "Run without --skip/--only for proxy.forward and upstream.auth (or `awf-diag probe upstream`) to send it.";
      checks.push_back(std::move(added));
      return true;
    }
    const Exchange& fe = *fwd_exchange;
    Outcome o = judge_upstream_auth(fe, p);
    if (fe.complete && fe.origin == Origin::provider &&
        (o.status == Status::pass ||
         (o.status == Status::warn && (fe.http_status.value_or(0) < 500 || provider_busy(fe.http_status, "")))))
      return false;
    added.depends_on = {std::string(check_id::proxy_forward)};
    added.evidence = {{"from_check", check_id::proxy_forward}, {"not_selected", true}};
    apply(added, o);
    added.summary = fmt::format("not selected in this run, judged from proxy.forward's answer: {}", added.summary);
    const bool inconclusive = added.status == Status::error;
    checks.push_back(std::move(added));
    if (inconclusive) return true;  // what upstream.auth itself would say: could not decide, not a failure
    auth = &checks.back();
  }
  const Exchange* e = route_exchange(auth, find(checks, check_id::proxy_forward));
  const bool from_provider = e && e->complete && e->origin == Origin::provider;
  // Acceptance: upstream.auth passed, or warned on the provider's capacity answer (429 is counted per
  // key, after authentication; 529 overloaded_error with its request-id: the route reached the
  // provider, which is busy — one verdict for both, warn; new-user test F11). Any other 5xx says
  // nothing about the key.
  const bool overload = e && e->http_status && *e->http_status >= 500 && !provider_busy(e->http_status, "");
  if (from_provider && (auth->status == Status::pass || (auth->status == Status::warn && !overload))) return false;

  // Which credential "accepted" is about follows the topology (decisions.md 7): topology.mode's
  // evidence holds the mode (undecided: not known); a run without it (tests, old reports) reads as awf.
  const Check* mode = find(checks, check_id::topology_mode);
  std::string m = "awf";
  if (mode && mode->evidence.is_object() && mode->evidence.contains("mode") && mode->evidence["mode"].is_string())
    m = mode->evidence.contains("undecided") && mode->evidence["undecided"] == true ? "undecided"
                                                                                    : mode->evidence["mode"].get<std::string>();
  const std::string credential = m == "gateway"     ? "the credential the client sends to the gateway"
                                 : m == "direct"    ? "the client's own credential"
                                 : m == "undecided" ? "the credential on the client's route"
                                                    : "the injected credential";
  const std::string who = !e ? "no request on the client's route was recorded"
                          : !e->complete ? "the request on the client's route got no HTTP response"
                                         : fmt::format("the answer on the client's route was produced by {} (HTTP {})",
                                                       to_string(e->origin, p), e->http_status.value_or(0));
  auth->status = Status::fail;
  auth->skip_reason.clear();
  auth->summary = fmt::format("no answer from {} showed {} accepted: {}; upstream.auth was {}", p.display, credential,
                              who, auth->summary.empty() ? "not decided" : auth->summary);
  auth->hint = hint(FaultId::upstream_acceptance_unseen, p);
  auth->evidence["rule"] = "green-needs-acceptance";
  set_fault(*auth, FaultId::upstream_acceptance_unseen);
  return true;
}

}  // namespace awf
