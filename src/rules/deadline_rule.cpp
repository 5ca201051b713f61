// judge_deadline (check_rules.hpp): the one wording of "the run deadline cut this wait short".
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "rules/check_rules.hpp"

namespace awf {

Outcome judge_deadline(const std::string& what, long long deadline_ms, const Provider& p) {
  return {Status::error, std::nullopt,
          fmt::format("{}: the run deadline ({} ms) passed before an answer arrived, so this hop could not be judged",
                      what, deadline_ms),
          hint(HintId::run_deadline, p)};
}

}  // namespace awf
