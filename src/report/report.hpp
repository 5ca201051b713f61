#pragma once
// The Report: one JSON document with schema_version, tool version, run metadata (no secrets),
// checks, hypotheses, a summary and the exit code it implies (design.md "The Report"; issue #2
// "JSON contract"). Renderers only format a Report; they decide nothing.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check.hpp"
#include "core/redact.hpp"

namespace awf {

inline constexpr int kSchemaVersion = 1;

/// Exit codes, one meaning each, whatever the output format (design.md "Exit codes").
enum ExitCode : int {
  kExitOk = 0,          ///< every check passed (warnings and skips allowed)
  kExitChainBroken = 1, ///< a check failed
  kExitUsage = 2,       ///< usage error (bad flag, bad value)
  kExitCannotDiagnose = 3, ///< a check errored (could not run) or an input was unreadable
};

/// One hypothesis and its verdict. verdict is one of supported | refuted | inconclusive |
/// not-applicable; summary is the one-line reason; evidence lists the check ids that decided it.
struct Hypothesis {
  std::string id;     ///< "H1".."H4" (awf #1527) or a kebab-case cause id, never reused
  std::string title;
  std::string verdict;
  std::string summary;
  std::vector<std::string> evidence;
  std::string hint;   ///< next step when supported (may be empty)
  /// The provider route it was judged on (a provider row's name), "" for none; (id, provider) is
  /// unique in a report. With more than one route, summary.leading_cause names it as `id[provider]`.
  std::string provider;
};

/// True when the checks judge more than one provider route (distinct non-empty Check::provider).
bool is_multi_route(const std::vector<Check>& checks);
/// How a report names a check or a hypothesis: qualified_id(id, provider) when `multi`, else id.
std::string label(const Check& c, bool multi);
std::string label(const Hypothesis& h, bool multi);

struct Summary {
  std::string verdict;        ///< FAIL | ERROR | WARN | PASS (worst status, in that order)
  std::string failed_link;    ///< first failing link in helper, env, proxy, squid, upstream order, or "none"
  std::optional<std::string> leading_cause;  ///< a hypothesis id, or null
  std::string text;           ///< one sentence
};

struct Report {
  int schema_version = kSchemaVersion;
  std::string tool_version;
  int exit_code = kExitOk;
  Summary summary;
  std::map<Link, Status> links;  ///< only links that have at least one check
  std::vector<Check> checks;
  std::vector<Hypothesis> hypotheses;
  nlohmann::json run = nlohmann::json::object();  ///< metadata: command, started_at, duration_ms, spec
};

/// --fail-on: the lowest status that makes the exit code 1.
enum class FailOn { fail, warn };
/// "fail" | "warn".
std::string to_string(FailOn f);
/// Parses "fail" | "warn"; nullopt otherwise.
std::optional<FailOn> fail_on_from_string(std::string_view s);

/// The report of a run, built once: applies the green rule and evaluates the hypotheses over the
/// checks (report/hypotheses.hpp), tags the hypotheses with `route_provider` (the judged route's
/// provider name, "" for none), then everything build_report below derives, with `fail_on`
/// recorded as run.fail_on and applied to exit_code. The CLI only renders what this returns.
/// `upstream_in_scope`: the command covers the upstream link (check-chain, `probe upstream`), see
/// require_upstream_acceptance.
Report build_run_report(std::vector<Check> checks, nlohmann::json run, FailOn fail_on,
                        std::string_view route_provider = {}, bool upstream_in_scope = false);

/// Builds a report: computes links (fail > error > warn > pass > skip), summary.verdict,
/// summary.failed_link and exit_code (1 if any check failed; else 3 if any errored; else 0; then
/// run.fail_on "warn" turns 0 into 1 when the verdict is WARN, so a re-render agrees with the run).
/// leading_cause: among `supported` hypotheses, first those whose evidence names a failed check of
/// the failed link, then the rest; within each group a cause id beats H1–H4; null when none. summary.text is one sentence naming the failed link and leading cause.
Report build_report(std::vector<Check> checks, std::vector<Hypothesis> hypotheses, nlohmann::json run);

/// Redacts, in place, every free-text field of `r` (titles, summaries, hints, skip reasons,
/// evidence, the summary sentence, run metadata) through the one choke point (core/redact.hpp).
void redact_report(Report& r, const SecretSet& secrets);

nlohmann::json to_json(const Report& r);
/// Inverse of to_json (for `awf-diag report`). Throws std::invalid_argument naming the field.
Report report_from_json(const nlohmann::json& j);

/// `-o json`: the document, pretty-printed, trailing newline.
std::string render_json(const Report& r);
/// `-o text`: quiet when all pass (one line per link and a closing line with counts and duration);
/// on failure each failed/errored check's summary, evidence and hint, then the leading cause and
/// the hypotheses. Skips print their skip_reason. `color` adds ANSI colours.
std::string render_text(const Report& r, bool color = false);

}  // namespace awf
