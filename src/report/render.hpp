#pragma once
// The renderers for CI and issues (markdown, junit, github). Like render_text and render_json
// (report/report.hpp) they only lay out a Report: every status, verdict, sentence and exit code
// comes from the Report. Input strings are already redacted; output is valid UTF-8.
#include <cstddef>
#include <string>

#include "report/report.hpp"

namespace awf {

/// GitHub's limit on an issue or comment body, in characters.
inline constexpr std::size_t kIssueBodyMaxChars = 65536;
/// GitHub's limit on one step's $GITHUB_STEP_SUMMARY file, in bytes (1 MiB).
inline constexpr std::size_t kStepSummaryMaxBytes = 1024 * 1024;

/// `-o markdown`: an issue body — heading, the one-sentence verdict (summary.text), the topology when
/// the report carries one (run.topology), a table of links, each failed/errored check with its
/// evidence and hint, the hypotheses with verdicts and reasons, and the full check list and run
/// metadata inside <details>. The result is at most `max_bytes` bytes (a byte count bounds the
/// character count). When it would be longer, the <details> rows go first, then evidence lines,
/// then whole failed-check blocks, and a line under the verdict says what was left out.
std::string render_markdown(const Report& r, std::size_t max_bytes = kIssueBodyMaxChars);

/// `-o junit`: JUnit XML — one <testsuite> per run, one <testcase> per check (classname = link,
/// name = check id). fail → <failure>, error → <error>, skip → <skipped>, warn → a passing testcase
/// with a <system-out> note, or a <failure type="warn"> when the report's run.fail_on is "warn"
/// (the same policy that makes its exit code 1). Times are seconds from timing_ms.total.
std::string render_junit(const Report& r);

/// `-o github`: GitHub Actions workflow commands — one ::group:: per link listing its checks,
/// ::error for failed and errored checks, ::warning for warnings, then a ::notice (PASS/WARN) or
/// ::error (FAIL/ERROR) with summary.text. Messages escape % CR LF; properties also escape : and ,.
std::string render_github(const Report& r);

/// GitHub's escaping of a workflow-command message (% → %25, CR → %0D, LF → %0A).
std::string github_escape_data(const std::string& s);
/// GitHub's escaping of a workflow-command property value (the above plus : → %3A, , → %2C).
std::string github_escape_property(const std::string& s);

}  // namespace awf
