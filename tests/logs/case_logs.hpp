#pragma once
// Log lines taken from the cases in tests/fixtures/cases (setup.squid.access_log, …), with a
// variant's edits applied, so the log-reader tests assert facts on the very lines the cases give.
#include <filesystem>
#include <stdexcept>
#include <string>

#include "core/subprocess.hpp"

namespace awf::test {

/// The setup field at `dotted` (e.g. "setup.squid.access_log") of case `case_id` ("R01"), after
/// the edits of `variant` ("" = the main scenario); "" when the field is null.
inline std::string case_field(const std::string& case_id, const std::string& variant, const std::string& dotted) {
  std::string file;
  for (const auto& e : std::filesystem::directory_iterator(AWF_CASES_DIR))
    if (e.path().filename().string().rfind(case_id + "-", 0) == 0) file = e.path().string();
  if (file.empty()) throw std::runtime_error("no case " + case_id);
  std::vector<std::string> argv{"/usr/bin/python3", std::string(AWF_SOURCE_DIR) + "/tests/lab/case_field.py", file,
                                variant.empty() ? "-" : variant, dotted};
  SubprocessOptions o;
  o.timeout = std::chrono::seconds(30);
  o.envp = {"PATH=/usr/bin:/bin"};
  auto r = run_subprocess(argv, o);
  if (r.exit_code != 0) throw std::runtime_error("case_field.py failed: " + r.err);
  return r.out;
}

}  // namespace awf::test

#include "logs/read_source.hpp"

namespace awf::test {

/// Reads the case's log fields (those present) into one LogFacts, each as its own source named by
/// the field, formats detected from content. Fields: squid access_log, audit_jsonl, cache_log,
/// api_proxy log, agent_output container_log, stderr, stream_json.
inline logs::LogFacts case_facts(const std::string& case_id, const std::string& variant = "") {
  logs::LogFacts f;
  for (const char* field : {"setup.squid.access_log", "setup.squid.audit_jsonl", "setup.squid.cache_log",
                            "setup.api_proxy.log", "setup.agent_output.container_log", "setup.agent_output.stderr",
                            "setup.agent_output.stream_json"}) {
    std::string text = case_field(case_id, variant, field);
    if (!text.empty()) logs::read_text(text, field, f);
  }
  return f;
}

}  // namespace awf::test
