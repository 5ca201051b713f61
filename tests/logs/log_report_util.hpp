#pragma once
// Shared by the log-check tests: facts -> log checks -> the same report as check-chain, and small
// readers of that report; analyze_dir reads a fixture directory the way `awf-diag analyze DIR` does.
#include <string>

#include "logs/case_logs.hpp"
#include "logs/correlate.hpp"
#include "logs/discover.hpp"
#include "logs/log_checks.hpp"
#include "logs/read_source.hpp"
#include "report/report.hpp"

namespace awf::test {

inline Report analyze(const logs::LogFacts& f) {
  logs::LogOptions o;
  auto checks = logs::build_log_checks(f, logs::correlate(f, o), o);
  return build_run_report(std::move(checks), nlohmann::json::object(), FailOn::fail);
}

inline Report analyze_case(const std::string& id, const std::string& variant = "") {
  return analyze(test::case_facts(id, variant));
}

inline std::string verdict_of(const Report& r, const std::string& h) {
  for (const auto& x : r.hypotheses)
    if (x.id == h) return x.verdict;
  return "absent";
}

inline const Hypothesis* hyp(const Report& r, const std::string& h) {
  for (const auto& x : r.hypotheses)
    if (x.id == h) return &x;
  return nullptr;
}

inline std::string link_status(const Report& r, Link l) {
  for (const auto& [link, status] : r.links)
    if (link == l) return to_string(status);
  return "absent";
}

inline std::string text_of(const Report& r) { return render_text(r) + render_json(r); }

}  // namespace awf::test

namespace awf::test {

/// A directory under tests/fixtures/logs, discovered and read as `analyze DIR` does.
inline Report analyze_dir(const std::string& name) {
  logs::Discovery d = logs::discover(std::string(AWF_SOURCE_DIR) + "/tests/fixtures/logs/" + name);
  logs::LogFacts f;
  logs::read_discovered(d, f);
  return analyze(f);
}

/// The check with this id, or nullptr.
inline const Check* check_of(const Report& r, std::string_view id) {
  for (const auto& c : r.checks)
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace awf::test
