#pragma once
// `awf-diag analyze [DIR]` (issue 7): reads what a failed run left behind (Squid access.log /
// audit.jsonl / cache.log / squid.conf, the api-proxy's JSONL, the agent's stream-json or stderr,
// awf's entrypoint lines), turns it into Check records (logs/log_checks.hpp) and builds the same
// report as check-chain. Exit codes (decisions.md §1): 0 pass, 1 a check failed, 2 usage (a
// flag-named file missing, unreadable or not of the flag's kind; DIR not a directory), 3 nothing
// could be judged (no log found) or a log found in DIR could not be read. Also used by check-chain
// to merge log evidence into a live run (`add_log_options`, `log_checks_for`).
#include "cli/output_options.hpp"
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/check.hpp"
#include "logs/log_facts.hpp"

namespace awf {

struct LogInputs {
  std::string dir;  ///< "" = none
  std::vector<std::string> squid_logs, proxy_logs, agent_logs, entrypoint_logs, squid_confs;
  logs::LogOptions opts;
  bool any() const {
    return !dir.empty() || !squid_logs.empty() || !proxy_logs.empty() || !agent_logs.empty() ||
           !entrypoint_logs.empty() || !squid_confs.empty();
  }
};

/// The file flags (--squid-log, --proxy-log, --agent-log, --entrypoint-log, --squid-conf, each
/// repeatable, "-" = stdin) and --agent-ip / --proxy-ip.
void add_log_options(CLI::App* sub, LogInputs& in);

/// What reading the inputs gave: the checks, the sources found / looked for and missing (for the
/// report's run block), and a usage error ("" = none; exit 2).
struct LogResult {
  std::vector<Check> checks;
  nlohmann::json sources = nlohmann::json::object();
  std::string usage_error;
  bool any_log = false;
};
LogResult log_checks_for(const LogInputs& in);

struct AnalyzeOptions {
  LogInputs in;
  OutputOptions out;  ///< -o text|json|markdown|junit|github, --color, --junit-file (cli/output_options.hpp)
};
void add_analyze_options(CLI::App* sub, AnalyzeOptions& o);
/// Runs the command; returns the exit code. Writes the report to stdout, errors to stderr.
int run_analyze(const AnalyzeOptions& o);

}  // namespace awf
