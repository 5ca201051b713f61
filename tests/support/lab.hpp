#pragma once
// The loopback lab for tests: starts tests/lab/lab.py (real Squid, api-proxy double, TLS upstream
// double, agent home + env file) with one fault, reads lab.env, and stops everything on
// destruction, by the pids the lab recorded.
#include <map>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace awf::test {

class Lab {
 public:
  /// Starts the lab with `fault` ("none" = healthy). Throws std::runtime_error with the lab's output
  /// when it cannot start.
  explicit Lab(const std::string& fault = "none");
  /// The same, with the upstream double's seconds between content_block_delta events (lab.py
  /// --sse-gap; default 0.05).
  Lab(const std::string& fault, double sse_gap_s);
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  /// A lab.env value (LAB_BASE_URL, LAB_SQUID_URL, LAB_UPSTREAM_URL, LAB_CACERT, LAB_HOME,
  /// LAB_AGENT_ENV, LAB_ACCESS_LOG …); throws when absent.
  std::string get(const std::string& key) const;
  const std::string& dir() const { return dir_.path(); }

  /// Standard flags pointing awf-diag at this lab, judging the agent env file.
  std::vector<std::string> chain_flags() const;

  /// Every hop of one provider route named explicitly (loopback): --env-file (the agent env file),
  /// --base-url (the route's sidecar port, or `base_url` when given), --squid, --upstream (the
  /// route's upstream double), --cacert. `route`: "anthropic" | "openai" | "copilot".
  std::vector<std::string> route_flags(const std::string& route, const std::string& base_url = "") const;

 private:
  TempDir dir_;
  std::map<std::string, std::string> env_;
};

}  // namespace awf::test
