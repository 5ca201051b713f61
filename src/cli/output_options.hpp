#pragma once
// Output flags shared by check-chain, probe and report (-o, --color, --junit-file) and writing a
// finished, redacted Report where they say: stdout in the -o format, the JUnit file, and, for
// -o github, the Markdown appended to $GITHUB_STEP_SUMMARY.
#include <string>

#include <CLI/CLI.hpp>

#include "report/report.hpp"

namespace awf {

struct OutputOptions {
  std::string format = "text";  ///< text | json | markdown | junit | github
  std::string color = "auto";   ///< auto (stdout is a terminal and NO_COLOR unset or empty) | always | never
  std::string junit_file;       ///< also write JUnit XML here (atomically: temp file + rename); empty = no
};

/// Adds -o/--output, --color[=WHEN] (a bare --color means always) and --junit-file to `sub`.
void add_output_options(CLI::App* sub, OutputOptions& o);

/// Whether the text report gets ANSI colours: always → yes, never → no, auto → stdout is a TTY and
/// NO_COLOR is unset or empty (https://no-color.org).
bool use_color(const std::string& mode);

/// Renders `safe` (already redacted) in o.format to stdout; writes o.junit_file when set; for
/// -o github with $GITHUB_STEP_SUMMARY set, appends the Markdown rendering there, trimmed so the
/// file stays within GitHub's 1 MiB (nothing is appended, with a note on stderr, when less than
/// 4 KiB is left). Returns safe.exit_code, or kExitCannotDiagnose when stdout or the JUnit file
/// could not be written (one line on stderr says which). A step summary that cannot be written
/// only warns on stderr: the diagnosis stands.
int write_report(const Report& safe, const OutputOptions& o);

}  // namespace awf
