#pragma once
// One `check-chain -o json` run against a loopback lab, parsed: the lab tests' common step.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/lab.hpp"
#include "support/report_json.hpp"

namespace awf::test {

struct LabRun {
  CmdResult res;       ///< exit code, stdout (the JSON report), stderr
  nlohmann::json doc;  ///< the parsed report
};

/// Runs `check-chain` with the lab's flags, then `extra`, then `-o json`. Throws
/// nlohmann::json::parse_error when stdout is not JSON (the test then fails with it).
inline LabRun run_chain_json(const Lab& lab, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"check-chain"};
  for (const auto& f : lab.chain_flags()) args.push_back(f);
  for (const auto& f : extra) args.push_back(f);
  args.push_back("-o");
  args.push_back("json");
  LabRun r;
  r.res = run_awf_diag(args);
  r.doc = nlohmann::json::parse(r.res.out);
  return r;
}

}  // namespace awf::test
