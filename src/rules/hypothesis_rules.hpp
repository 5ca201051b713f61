#pragma once
// The hypothesis rules as first-match tables, in the same form as docs/hypotheses.md
// (`when → verdict, reason, evidence`): for each hypothesis the first row whose `when` holds
// decides. The docs tables are rendered from these rows (render_markdown) and a test keeps the
// file in step; tests/rules/hypothesis_rules_test.cpp has one case per row.
#include <string>
#include <string_view>
#include <vector>

#include "catalog/ids.hpp"
#include "rules/chain_facts.hpp"

namespace awf {

struct RuleRow {
  std::string_view when_doc;          ///< the docs' `when` cell (Markdown)
  bool (*when)(const ChainFacts&);
  Verdict verdict;
  std::string_view reason;            ///< template: {sources}, {list}, {leak}, {status}, {error_type},
                                      ///< {tunnel}, {own_tunnel}
  std::vector<std::string_view> evidence;  ///< check ids (catalog/check_ids.hpp)
};

/// The table of one hypothesis; its last row always matches.
const std::vector<RuleRow>& rule_table(HypothesisId id);

struct Decision {
  HypothesisId id;
  std::size_t row = 0;  ///< index of the deciding row
  Verdict verdict = Verdict::inconclusive;
  std::string reason;
  std::vector<std::string> evidence;  ///< only checks present in the run
};

/// First-match evaluation of `id`'s table over `f` (reason filled for provider `p`).
Decision decide(HypothesisId id, const ChainFacts& f, const Provider& p);

/// The docs table of `id`: "| when | verdict |" rows in table order.
std::string render_markdown(HypothesisId id);

}  // namespace awf
