#pragma once
// Which checks run (--only, --skip with check-id globs), --list-checks, and the per-link text that
// `awf-diag probe <link> --help` shows.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/runner.hpp"

namespace awf {

struct SelectionOptions {
  std::vector<std::string> only;  ///< check-id globs; empty = every check
  std::vector<std::string> skip;  ///< check-id globs removed (with the checks that depend on them)
  bool list = false;              ///< --list-checks: print the selection and exit 0, probing nothing
};

/// Adds --only GLOB, --skip GLOB (both repeatable, comma-separated too) and --list-checks to `sub`.
void add_selection_options(CLI::App* sub, SelectionOptions& o);

/// One line per check: id, link, title and prerequisites, in run order, ending with a newline.
std::string list_checks_text(const std::vector<CheckDef>& defs);

/// What the checks of `link` test: one paragraph about the link, then list_checks_text of its checks
/// (with the prerequisites from other links that run with them).
std::string link_help_text(Link link, const std::vector<CheckDef>& all);

}  // namespace awf
