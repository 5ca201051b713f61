// H1–H4 from the first-match tables (rules/hypothesis_rules.hpp), then one supported entry per
// distinct fault of a failed check, titled from the catalog for the route's provider row.
#include "report/hypotheses.hpp"

#include "catalog/check_ids.hpp"

#include <set>

#include "catalog/catalog.hpp"
#include "rules/chain_facts.hpp"
#include "rules/hypothesis_rules.hpp"

namespace awf {

std::vector<Hypothesis> evaluate_hypotheses(const std::vector<Check>& checks, const Provider& p) {
  const ChainFacts facts = derive_facts(checks, p);
  std::vector<Hypothesis> out;
  for (HypothesisId h : kAllHypotheses) {
    Decision d = decide(h, facts, p);
    out.push_back(Hypothesis{std::string(code(h)), title(h, p), std::string(to_string(d.verdict)),
                             std::move(d.reason), std::move(d.evidence), "", ""});
  }
  std::set<FaultId> seen;
  for (const auto& c : checks) {
    if (c.status != Status::fail || !c.fault) continue;
    // env-base-url-path is H1's supported row, not a cause of its own.
    if (*c.fault == FaultId::env_base_url_path || !seen.insert(*c.fault).second) continue;
    const FaultInfo& f = info(*c.fault);
    out.push_back(Hypothesis{std::string(f.code), title(f.id, p), std::string(to_string(Verdict::supported)),
                             c.summary, {c.id}, c.hint, ""});
  }
  return out;
}

const Provider& judged_provider(const std::vector<Check>& checks) {
  for (const auto& c : checks)
    if (c.id == check_id::topology_provider && c.evidence.is_object() && c.evidence.contains("provider") &&
        c.evidence["provider"].is_string())
      if (const Provider* p = provider_named(c.evidence["provider"].get<std::string>())) return *p;
  // topology.provider not selected (--only, probe proxy): the route every live check is tagged with.
  for (const auto& c : checks)
    if (!c.provider.empty())
      if (const Provider* p = provider_named(c.provider)) return *p;
  return provider(ProviderId::anthropic);
}

std::vector<Hypothesis> evaluate_hypotheses(const std::vector<Check>& checks) {
  return evaluate_hypotheses(checks, judged_provider(checks));
}

}  // namespace awf
